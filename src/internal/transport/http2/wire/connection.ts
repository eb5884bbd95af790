/**
 * The client side of one HTTP/2 connection (RFC 9113) over a connected
 * socket, framed here rather than through `node:http2`: streams opened with
 * a request's header block and body, their responses handed to a
 * {@link StreamHandler}; flow control both ways; SETTINGS, PING, GOAWAY,
 * RST_STREAM; HPACK for header blocks (`hpack.ts`). A gRPC call costs one
 * small object and one socket write here, where Node's `Http2Stream` is a
 * full Duplex stream: the point of this module.
 *
 * Frames written in one tick leave in one `writev` (the socket is corked
 * until the next tick). Errors of the peer's framing are connection errors
 * (GOAWAY, then the socket is destroyed); a stream the peer resets ends with
 * its code.
 *
 * @internal
 */
import type * as net from "node:net"
import {
  clientPreface,
  defaultInitialWindowSize,
  defaultMaxFrameSize,
  ErrorCode,
  Flag,
  frameHeaderLength,
  FrameType,
  goawayFrame,
  maxWindowSize,
  pingFrame,
  rstStreamFrame,
  Setting,
  settingsAckFrame,
  settingsFrame,
  windowUpdateFrame,
  writeFrameHeader
} from "./frames.js"
import { type HpackDecoder, type HpackEncoder, makeHpackDecoder, makeHpackEncoder } from "./hpack.js"

/**
 * What one stream's response is told, in order: headers (and trailers),
 * data, and how it ended.
 *
 * @internal
 */
export interface StreamHandler {
  /** A header block: `fields` flat (`[name, value, …]`); `endStream` when it ends the stream (trailers). */
  headersReceived(fields: ReadonlyArray<string>, endStream: boolean): void
  /** Response body octets (a view on the received frame). */
  dataReceived(chunk: Buffer): void
  /** The peer ended the stream (after the headers or data that carried END_STREAM). */
  streamEnded(): void
  /**
   * The stream was reset by the peer with `errorCode`, or refused
   * (`REFUSED_STREAM`) when a GOAWAY told it was never processed.
   */
  streamReset(errorCode: number): void
}

/**
 * What the owner of a connection is told.
 *
 * @internal
 */
export interface ConnectionEvents {
  /** The peer's first SETTINGS arrived: the connection is ready. */
  readonly remoteSettings: () => void
  /** The peer sent GOAWAY: no new streams; those at or below `lastStreamId` finish. */
  readonly goaway: (errorCode: number, lastStreamId: number, debugData: Buffer) => void
  /** The connection failed (a socket error, or the peer broke the protocol). */
  readonly error: (error: Error) => void
  /** The socket closed: every stream left has ended (`close` comes after `error`). */
  readonly close: () => void
}

/**
 * A stream of the connection (one per call).
 *
 * @internal
 */
export class Http2ClientStream {
  /** The stream identifier, once its HEADERS were sent (0 until then). */
  id = 0
  /** What the peer still lets this stream send. */
  sendWindow = 0
  /** Octets received that the stream's window has not been given back. */
  unacknowledged = 0
  /** The body still to send, from `bodyOffset`. */
  bodyOffset = 0
  /** The peer ended the stream. */
  remoteEnded = false
  /** The stream ended (either way); it is no longer in the connection's table. */
  closed = false
  constructor(
    readonly fields: ReadonlyArray<string>,
    readonly body: Buffer,
    readonly handler: StreamHandler
  ) {}
}

/** The stream window this client announces (SETTINGS_INITIAL_WINDOW_SIZE). */
const streamWindow = 4 * 1024 * 1024
/** The connection window this client grows to at once (a WINDOW_UPDATE after the preface). */
const connectionWindow = 16 * 1024 * 1024
/** The longest header block accepted (its fragments accumulated). */
const maxHeaderBlockLength = 16 * 1024 * 1024
/** The largest stream identifier. */
const maxStreamId = 2_147_483_647

const initialSettings = settingsFrame([
  [Setting.ENABLE_PUSH, 0],
  [Setting.INITIAL_WINDOW_SIZE, streamWindow]
])

/**
 * A connection error: the peer broke the protocol.
 *
 * @internal
 */
export class Http2ProtocolError extends Error {
  constructor(readonly errorCode: number, message: string) {
    // "Protocol error", as Node's HTTP/2 session says it: what callers recognise a broken peer by.
    super(`Protocol error: ${message}`)
    this.name = "Http2ProtocolError"
  }
}

const uncork = (socket: net.Socket) => socket.uncork()

/**
 * One HTTP/2 connection of a client over `socket` (connected, TLS done).
 * The preface and SETTINGS are sent at once.
 *
 * @internal
 */
export class Http2ClientConnection {
  private readonly streams = new Map<number, Http2ClientStream>()
  /** Streams waiting for the peer's MAX_CONCURRENT_STREAMS to allow them. */
  private readonly queued: Array<Http2ClientStream> = []
  /** Streams with body left to send, waiting for window. */
  private blocked: Array<Http2ClientStream> = []
  private readonly decoder: HpackDecoder = makeHpackDecoder()
  private readonly encoder: HpackEncoder = makeHpackEncoder()
  private readonly pings: Array<{ readonly opaque: Buffer; readonly callback: (error: Error | null) => void }> = []
  private pingCount = 0
  private nextStreamId = 1
  private remoteSettingsSeen = false
  private peerInitialWindow = defaultInitialWindowSize
  private peerMaxFrameSize = defaultMaxFrameSize
  private peerMaxConcurrentStreams = Infinity
  private connectionSendWindow = defaultInitialWindowSize
  private connectionUnacknowledged = 0
  private corked = false
  /** Received octets not yet a whole frame. */
  private partial: Buffer | undefined = undefined
  /** A header block being received: its stream, END_STREAM, fragments. */
  private headerStream = 0
  private headerEndStream = false
  private headerFragments: Array<Buffer> | undefined = undefined
  private headerLength = 0
  /** No new streams (GOAWAY received, or closed by the owner). */
  private goingAway = false
  private closing = false
  private failed = false
  /** The socket is gone (or going: nothing more is sent). */
  destroyed = false

  /** Where the connection's events go (its owner may change them once it is ready). */
  events: ConnectionEvents

  constructor(private readonly socket: net.Socket, events: ConnectionEvents) {
    this.events = events
    socket.on("data", (chunk: Buffer) => this.received(chunk))
    socket.on("error", (error) => this.fail(error))
    // The server's end of the socket: nothing more can arrive (the close that follows ends the streams).
    socket.on("end", () => this.destroy())
    socket.on("close", () => this.closed())
    this.write(clientPreface)
    this.write(initialSettings)
    this.write(windowUpdateFrame(0, connectionWindow - defaultInitialWindowSize))
  }

  /** True once no new stream can start here (GOAWAY, closing, gone). */
  get refusing(): boolean {
    return this.goingAway || this.closing || this.destroyed || this.nextStreamId > maxStreamId
  }

  /** The number of streams open or queued. */
  get activeStreams(): number {
    return this.streams.size + this.queued.length
  }

  /**
   * Open a stream with a request: its header `fields` (flat `[name, value,
   * …]`, pseudo-headers first; encoded when the stream opens, in the order
   * the peer decodes them) and `body` (ending the stream). Returns
   * `undefined` when the connection takes no new streams.
   */
  request(fields: ReadonlyArray<string>, body: Buffer, handler: StreamHandler): Http2ClientStream | undefined {
    if (this.refusing) return undefined
    const stream = new Http2ClientStream(fields, body, handler)
    if (this.streams.size >= this.peerMaxConcurrentStreams) this.queued.push(stream)
    else this.open(stream)
    return stream
  }

  /** Reset a stream of this connection with `errorCode` (the client gave it up); its handler hears nothing more. */
  reset(stream: Http2ClientStream, errorCode: number): void {
    if (stream.closed) return
    stream.closed = true
    if (stream.id === 0) {
      const index = this.queued.indexOf(stream)
      if (index >= 0) this.queued.splice(index, 1)
      return
    }
    this.streams.delete(stream.id)
    if (!this.destroyed) this.write(rstStreamFrame(stream.id, errorCode))
    this.streamGone()
  }

  /** Send a PING; `callback` gets `null` on its acknowledgement, or the error that lost it. */
  ping(callback: (error: Error | null) => void): void {
    if (this.destroyed) {
      callback(new Error("The connection is closed"))
      return
    }
    const opaque = Buffer.allocUnsafe(8)
    opaque.writeUInt32BE(0, 0)
    opaque.writeUInt32BE(++this.pingCount >>> 0, 4)
    this.pings.push({ opaque, callback })
    this.write(pingFrame(opaque, false))
  }

  /** Start no new streams; close once the open ones end (GOAWAY NO_ERROR, then the socket). */
  close(): void {
    if (this.closing || this.destroyed) return
    this.closing = true
    if (this.activeStreams === 0) this.shutdown()
  }

  /** Destroy the socket now (also after a graceful close began); open streams hear of it through `close`. */
  destroy(): void {
    this.destroyed = true
    this.socket.destroy()
  }

  /** Keep the process alive while the socket is open (or not). */
  ref(): void {
    this.socket.ref()
  }

  /** Let the process exit with the socket open. */
  unref(): void {
    this.socket.unref()
  }

  private shutdown(): void {
    if (this.destroyed) return
    this.write(goawayFrame(ErrorCode.NO_ERROR))
    this.destroyed = true
    this.socket.end()
    // A peer that does not close its side in time is not waited for.
    setTimeout(() => this.socket.destroy(), 1000).unref()
  }

  private write(frame: Buffer): void {
    if (this.destroyed) return
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(this.flushWrites)
    }
    this.socket.write(frame)
  }

  private readonly flushWrites = (): void => {
    this.corked = false
    uncork(this.socket)
  }

  private open(stream: Http2ClientStream): void {
    const id = this.nextStreamId
    this.nextStreamId += 2
    stream.id = id
    stream.sendWindow = this.peerInitialWindow
    this.streams.set(id, stream)
    const block = this.encoder.encode(stream.fields)
    const maxFrame = this.peerMaxFrameSize
    const body = stream.body
    const bodyNow = this.sendable(stream)
    const headerFrames = Math.max(1, Math.ceil(block.length / maxFrame))
    const dataFrames = body.length === 0 ? 0 : Math.ceil(bodyNow / maxFrame)
    const out = Buffer.allocUnsafe(
      headerFrames * frameHeaderLength + block.length + dataFrames * frameHeaderLength + bodyNow
    )
    // HEADERS, then CONTINUATION for a block longer than a frame.
    let offset = 0
    let blockOffset = 0
    for (let frame = 0; frame < headerFrames; frame++) {
      const length = Math.min(maxFrame, block.length - blockOffset)
      const last = frame === headerFrames - 1
      const flags = (last ? Flag.END_HEADERS : 0) | (frame === 0 && body.length === 0 ? Flag.END_STREAM : 0)
      offset = writeFrameHeader(
        out,
        offset,
        length,
        frame === 0 ? FrameType.HEADERS : FrameType.CONTINUATION,
        flags,
        id
      )
      block.copy(out, offset, blockOffset, blockOffset + length)
      offset += length
      blockOffset += length
    }
    offset = this.writeData(stream, out, offset, bodyNow)
    this.write(out)
    if (stream.bodyOffset < body.length) this.blocked.push(stream)
  }

  /** How much of its body `stream` may send now: what is left, within its window and the connection's. */
  private sendable(stream: Http2ClientStream): number {
    return Math.min(stream.body.length - stream.bodyOffset, stream.sendWindow, Math.max(this.connectionSendWindow, 0))
  }

  /** Frame `length` more body octets of `stream` into `out` at `offset` (windows already checked). */
  private writeData(stream: Http2ClientStream, out: Buffer, offset: number, length: number): number {
    const body = stream.body
    const maxFrame = this.peerMaxFrameSize
    let left = length
    while (left > 0) {
      const size = Math.min(maxFrame, left)
      const end = stream.bodyOffset + size === body.length
      offset = writeFrameHeader(out, offset, size, FrameType.DATA, end ? Flag.END_STREAM : 0, stream.id)
      body.copy(out, offset, stream.bodyOffset, stream.bodyOffset + size)
      offset += size
      stream.bodyOffset += size
      left -= size
    }
    stream.sendWindow -= length
    this.connectionSendWindow -= length
    return offset
  }

  /** Send what the windows now allow of blocked bodies. */
  private flushBlocked(): void {
    if (this.blocked.length === 0) return
    const still: Array<Http2ClientStream> = []
    for (const stream of this.blocked) {
      if (stream.closed) continue
      const now = this.sendable(stream)
      if (now > 0) {
        const frames = Math.ceil(now / this.peerMaxFrameSize)
        const out = Buffer.allocUnsafe(frames * frameHeaderLength + now)
        this.writeData(stream, out, 0, now)
        this.write(out)
      }
      if (stream.bodyOffset < stream.body.length) still.push(stream)
    }
    this.blocked = still
  }

  /** A stream left the table: start queued ones, and close when closing and idle. */
  private streamGone(): void {
    while (this.queued.length > 0 && this.streams.size < this.peerMaxConcurrentStreams && !this.refusing) {
      this.open(this.queued.shift()!)
    }
    if (this.activeStreams === 0 && (this.closing || this.goingAway)) this.shutdown()
  }

  private endStream(stream: Http2ClientStream): void {
    if (stream.closed) return
    stream.closed = true
    this.streams.delete(stream.id)
    stream.handler.streamEnded()
    this.streamGone()
  }

  private received(chunk: Buffer): void {
    let data = chunk
    if (this.partial !== undefined) {
      data = Buffer.concat([this.partial, chunk])
      this.partial = undefined
    }
    let offset = 0
    const end = data.length
    try {
      while (end - offset >= frameHeaderLength && !this.destroyed) {
        if (!this.remoteSettingsSeen && data[offset + 3] !== FrameType.SETTINGS) {
          throw new Http2ProtocolError(
            ErrorCode.PROTOCOL_ERROR,
            "the server's first frame is not SETTINGS (it does not speak HTTP/2)"
          )
        }
        const length = (data[offset]! << 16) | (data[offset + 1]! << 8) | data[offset + 2]!
        if (length > defaultMaxFrameSize) {
          throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, `received a frame of ${length} octets`)
        }
        if (end - offset < frameHeaderLength + length) break
        const type = data[offset + 3]!
        const flags = data[offset + 4]!
        const streamId = data.readUInt32BE(offset + 5) & 0x7fff_ffff
        const start = offset + frameHeaderLength
        offset = start + length
        this.frame(type, flags, streamId, data, start, offset)
      }
    } catch (error) {
      // The peer broke the protocol, or a stream's handler threw: either way the connection is
      // given up (its calls end UNAVAILABLE and may be retried), never the process.
      const failure = error instanceof Error ? error : new Error(String(error))
      this.write(goawayFrame(error instanceof Http2ProtocolError ? error.errorCode : ErrorCode.INTERNAL_ERROR))
      this.socket.uncork()
      this.fail(failure)
      return
    }
    if (offset < end && !this.destroyed) this.partial = data.subarray(offset)
  }

  private frame(type: number, flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (this.headerFragments !== undefined && type !== FrameType.CONTINUATION) {
      throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "expected a CONTINUATION frame")
    }
    switch (type) {
      case FrameType.DATA:
        return this.dataFrame(flags, streamId, data, start, end)
      case FrameType.HEADERS:
        return this.headersFrame(flags, streamId, data, start, end)
      case FrameType.CONTINUATION:
        return this.continuationFrame(flags, streamId, data, start, end)
      case FrameType.RST_STREAM:
        return this.rstStreamFrame(streamId, data, start, end)
      case FrameType.SETTINGS:
        return this.settingsFrame(flags, streamId, data, start, end)
      case FrameType.PING:
        return this.pingFrame(flags, streamId, data, start, end)
      case FrameType.GOAWAY:
        return this.goawayFrame(streamId, data, start, end)
      case FrameType.WINDOW_UPDATE:
        return this.windowUpdateFrame(streamId, data, start, end)
      case FrameType.PUSH_PROMISE:
        throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "received PUSH_PROMISE with push disabled")
      default:
        // PRIORITY and unknown types are ignored (RFC 9113 §4.1, §5.3.2).
        return
    }
  }

  /** The payload bounds without padding. */
  private unpadded(flags: number, data: Buffer, start: number, end: number): number {
    if ((flags & Flag.PADDED) === 0) return end
    if (start >= end) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "a padded frame without its length")
    const padding = data[start]!
    if (padding >= end - start) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "padding as long as the frame")
    return end - padding
  }

  private dataFrame(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId === 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0")
    const length = end - start
    // Flow control counts the whole payload, padding included.
    this.connectionUnacknowledged += length
    if (this.connectionUnacknowledged >= connectionWindow / 2) {
      this.write(windowUpdateFrame(0, this.connectionUnacknowledged))
      this.connectionUnacknowledged = 0
    }
    const stream = this.streams.get(streamId)
    if (stream === undefined || stream.remoteEnded) return
    const bodyEnd = this.unpadded(flags, data, start, end)
    const bodyStart = (flags & Flag.PADDED) === 0 ? start : start + 1
    const ends = (flags & Flag.END_STREAM) !== 0
    if (bodyEnd > bodyStart) stream.handler.dataReceived(data.subarray(bodyStart, bodyEnd))
    if (ends) {
      stream.remoteEnded = true
      this.endStream(stream)
      return
    }
    stream.unacknowledged += length
    if (stream.unacknowledged >= streamWindow / 2 && !stream.closed) {
      this.write(windowUpdateFrame(streamId, stream.unacknowledged))
      stream.unacknowledged = 0
    }
  }

  private headersFrame(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId === 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream 0")
    const blockEnd = this.unpadded(flags, data, start, end)
    let blockStart = (flags & Flag.PADDED) === 0 ? start : start + 1
    if ((flags & Flag.PRIORITY) !== 0) blockStart += 5
    if (blockStart > blockEnd) {
      throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "HEADERS shorter than its fields")
    }
    const fragment = data.subarray(blockStart, blockEnd)
    const endStream = (flags & Flag.END_STREAM) !== 0
    if ((flags & Flag.END_HEADERS) !== 0) {
      this.headerBlock(streamId, endStream, fragment)
      return
    }
    this.headerStream = streamId
    this.headerEndStream = endStream
    // The fragment is copied: the chunk it is a view on may be a reused partial buffer.
    this.headerFragments = [Buffer.from(fragment)]
    this.headerLength = fragment.length
  }

  private continuationFrame(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    const fragments = this.headerFragments
    if (fragments === undefined || streamId !== this.headerStream) {
      throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "unexpected CONTINUATION frame")
    }
    this.headerLength += end - start
    if (this.headerLength > maxHeaderBlockLength) {
      throw new Http2ProtocolError(ErrorCode.ENHANCE_YOUR_CALM, "header block too long")
    }
    fragments.push(Buffer.from(data.subarray(start, end)))
    if ((flags & Flag.END_HEADERS) === 0) return
    this.headerFragments = undefined
    this.headerBlock(streamId, this.headerEndStream, Buffer.concat(fragments))
  }

  private headerBlock(streamId: number, endStream: boolean, block: Buffer): void {
    let fields: Array<string>
    try {
      // Decoded even for a stream gone: the decoder's table must follow the peer's.
      fields = this.decoder.decode(block)
    } catch (error) {
      throw new Http2ProtocolError(
        ErrorCode.COMPRESSION_ERROR,
        `A header block could not be decoded: ${error instanceof Error ? error.message : String(error)}`
      )
    }
    const stream = this.streams.get(streamId)
    if (stream === undefined || stream.remoteEnded) return
    stream.handler.headersReceived(fields, endStream)
    if (endStream && !stream.closed) {
      stream.remoteEnded = true
      this.endStream(stream)
    }
  }

  private rstStreamFrame(streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId === 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on stream 0")
    if (end - start !== 4) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of a wrong size")
    const stream = this.streams.get(streamId)
    if (stream === undefined) return
    stream.closed = true
    this.streams.delete(streamId)
    stream.handler.streamReset(data.readUInt32BE(start))
    this.streamGone()
  }

  private settingsFrame(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId !== 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "SETTINGS on a stream")
    if ((flags & Flag.ACK) !== 0) {
      if (end !== start) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload")
      return
    }
    if ((end - start) % 6 !== 0) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of a wrong size")
    for (let offset = start; offset < end; offset += 6) {
      const value = data.readUInt32BE(offset + 2)
      switch (data.readUInt16BE(offset)) {
        case Setting.ENABLE_PUSH:
          if (value > 1) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH above 1")
          break
        case Setting.MAX_CONCURRENT_STREAMS:
          this.peerMaxConcurrentStreams = value
          break
        case Setting.INITIAL_WINDOW_SIZE: {
          if (value > maxWindowSize) {
            throw new Http2ProtocolError(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE above 2³¹ − 1")
          }
          const delta = value - this.peerInitialWindow
          this.peerInitialWindow = value
          for (const stream of this.streams.values()) stream.sendWindow += delta
          break
        }
        case Setting.MAX_FRAME_SIZE:
          if (value < defaultMaxFrameSize || value > 16_777_215) {
            throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE out of range")
          }
          this.peerMaxFrameSize = value
          break
        case Setting.HEADER_TABLE_SIZE:
          this.encoder.setPeerTableSize(value)
          break
        default:
          // MAX_HEADER_LIST_SIZE and unknown settings: nothing to do.
          break
      }
    }
    this.write(settingsAckFrame)
    this.flushBlocked()
    this.streamGone()
    if (!this.remoteSettingsSeen) {
      this.remoteSettingsSeen = true
      this.events.remoteSettings()
    }
  }

  private pingFrame(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId !== 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "PING on a stream")
    if (end - start !== 8) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "PING of a wrong size")
    const opaque = data.subarray(start, end)
    if ((flags & Flag.ACK) === 0) {
      this.write(pingFrame(opaque, true))
      return
    }
    const index = this.pings.findIndex((ping) => ping.opaque.equals(opaque))
    if (index < 0) return
    const [ping] = this.pings.splice(index, 1)
    ping!.callback(null)
  }

  private goawayFrame(streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId !== 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "GOAWAY on a stream")
    if (end - start < 8) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY too short")
    const lastStreamId = data.readUInt32BE(start) & 0x7fff_ffff
    const errorCode = data.readUInt32BE(start + 4)
    this.goingAway = true
    // Streams the peer never processed are refused: they may be retried elsewhere.
    const refused = [...this.streams.values()].filter((stream) => stream.id > lastStreamId)
    const queued = this.queued.splice(0)
    for (const stream of [...refused, ...queued]) {
      stream.closed = true
      if (stream.id !== 0) this.streams.delete(stream.id)
      stream.handler.streamReset(ErrorCode.REFUSED_STREAM)
    }
    this.events.goaway(errorCode, lastStreamId, Buffer.from(data.subarray(start + 8, end)))
    if (this.activeStreams === 0) this.shutdown()
  }

  private windowUpdateFrame(streamId: number, data: Buffer, start: number, end: number): void {
    if (end - start !== 4) throw new Http2ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of a wrong size")
    const increment = data.readUInt32BE(start) & 0x7fff_ffff
    if (streamId === 0) {
      if (increment === 0) throw new Http2ProtocolError(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0")
      this.connectionSendWindow += increment
      if (this.connectionSendWindow > maxWindowSize) {
        throw new Http2ProtocolError(ErrorCode.FLOW_CONTROL_ERROR, "connection window above 2³¹ − 1")
      }
    } else {
      const stream = this.streams.get(streamId)
      if (stream === undefined) return
      if (increment === 0) {
        this.reset(stream, ErrorCode.PROTOCOL_ERROR)
        stream.handler.streamReset(ErrorCode.PROTOCOL_ERROR)
        return
      }
      stream.sendWindow += increment
    }
    this.flushBlocked()
  }

  /** The connection failed: tell the owner (streams end when the socket closes). */
  private fail(error: Error): void {
    if (this.failed) return
    this.failed = true
    this.destroyed = true
    this.socket.destroy()
    this.events.error(error)
  }

  private closed(): void {
    this.destroyed = true
    const pings = this.pings.splice(0)
    for (const ping of pings) ping.callback(new Error("The connection closed before the PING was acknowledged"))
    const streams = [...this.streams.values(), ...this.queued.splice(0)]
    this.streams.clear()
    for (const stream of streams) stream.closed = true
    this.events.close()
  }
}
