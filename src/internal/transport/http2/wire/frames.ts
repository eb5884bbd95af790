/**
 * HTTP/2 frames as the client writes them (RFC 9113 §4, §6): the 9-octet
 * frame header, the client connection preface, and the control frames
 * (SETTINGS, PING, WINDOW_UPDATE, RST_STREAM, GOAWAY), each one Buffer.
 *
 * @internal
 */

/**
 * Frame types (RFC 9113 §6).
 *
 * @internal
 */
export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9
} as const

/**
 * Frame flags (RFC 9113 §6).
 *
 * @internal
 */
export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20
} as const

/**
 * Error codes of RST_STREAM and GOAWAY (RFC 9113 §7).
 *
 * @internal
 */
export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd
} as const

/**
 * SETTINGS parameters (RFC 9113 §6.5.2).
 *
 * @internal
 */
export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6
} as const

/**
 * The octets of a frame header.
 *
 * @internal
 */
export const frameHeaderLength = 9

/**
 * The largest frame payload before SETTINGS_MAX_FRAME_SIZE raises it, and
 * the largest this client accepts (it never raises its own).
 *
 * @internal
 */
export const defaultMaxFrameSize = 16_384

/**
 * The initial flow-control window of a connection and of a stream before
 * SETTINGS change it (RFC 9113 §6.9.2).
 *
 * @internal
 */
export const defaultInitialWindowSize = 65_535

/**
 * The largest flow-control window (2³¹ − 1).
 *
 * @internal
 */
export const maxWindowSize = 2_147_483_647

/**
 * Write a frame header into `target` at `offset`; returns the offset after it.
 *
 * @internal
 */
export const writeFrameHeader = (
  target: Buffer,
  offset: number,
  length: number,
  type: number,
  flags: number,
  streamId: number
): number => {
  target[offset] = (length >>> 16) & 0xff
  target[offset + 1] = (length >>> 8) & 0xff
  target[offset + 2] = length & 0xff
  target[offset + 3] = type
  target[offset + 4] = flags
  target.writeUInt32BE(streamId & 0x7fff_ffff, offset + 5)
  return offset + frameHeaderLength
}

/**
 * The client connection preface (RFC 9113 §3.4) without its SETTINGS frame.
 *
 * @internal
 */
export const clientPreface: Buffer = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1")

/**
 * A SETTINGS frame with these `[parameter, value]` pairs.
 *
 * @internal
 */
export const settingsFrame = (settings: ReadonlyArray<readonly [number, number]>): Buffer => {
  const frame = Buffer.allocUnsafe(frameHeaderLength + settings.length * 6)
  let offset = writeFrameHeader(frame, 0, settings.length * 6, FrameType.SETTINGS, 0, 0)
  for (const [parameter, value] of settings) {
    frame.writeUInt16BE(parameter, offset)
    frame.writeUInt32BE(value, offset + 2)
    offset += 6
  }
  return frame
}

/**
 * The SETTINGS frame that acknowledges the peer's.
 *
 * @internal
 */
export const settingsAckFrame: Buffer = (() => {
  const frame = Buffer.allocUnsafe(frameHeaderLength)
  writeFrameHeader(frame, 0, 0, FrameType.SETTINGS, Flag.ACK, 0)
  return frame
})()

/**
 * A PING frame with its 8 octets of opaque data (an acknowledgement when `ack`).
 *
 * @internal
 */
export const pingFrame = (opaque: Uint8Array, ack: boolean): Buffer => {
  const frame = Buffer.allocUnsafe(frameHeaderLength + 8)
  writeFrameHeader(frame, 0, 8, FrameType.PING, ack ? Flag.ACK : 0, 0)
  frame.set(opaque.subarray(0, 8), frameHeaderLength)
  return frame
}

/**
 * A WINDOW_UPDATE frame of `streamId` (0: the connection).
 *
 * @internal
 */
export const windowUpdateFrame = (streamId: number, increment: number): Buffer => {
  const frame = Buffer.allocUnsafe(frameHeaderLength + 4)
  writeFrameHeader(frame, 0, 4, FrameType.WINDOW_UPDATE, 0, streamId)
  frame.writeUInt32BE(increment & 0x7fff_ffff, frameHeaderLength)
  return frame
}

/**
 * A RST_STREAM frame of `streamId` with `errorCode`.
 *
 * @internal
 */
export const rstStreamFrame = (streamId: number, errorCode: number): Buffer => {
  const frame = Buffer.allocUnsafe(frameHeaderLength + 4)
  writeFrameHeader(frame, 0, 4, FrameType.RST_STREAM, 0, streamId)
  frame.writeUInt32BE(errorCode, frameHeaderLength)
  return frame
}

/**
 * A GOAWAY frame: the last peer-initiated stream processed (always 0 for
 * this client, which accepts none) and the error code.
 *
 * @internal
 */
export const goawayFrame = (errorCode: number): Buffer => {
  const frame = Buffer.allocUnsafe(frameHeaderLength + 8)
  writeFrameHeader(frame, 0, 8, FrameType.GOAWAY, 0, 0)
  frame.writeUInt32BE(0, frameHeaderLength)
  frame.writeUInt32BE(errorCode, frameHeaderLength + 4)
  return frame
}
