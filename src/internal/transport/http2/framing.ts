/**
 * gRPC's message framing over HTTP/2 DATA frames: each message is a 1-byte
 * compressed flag, a 4-byte big-endian length, then the message bytes
 * ("Length-Prefixed-Message" of the gRPC over HTTP/2 spec). A message may
 * span DATA frames and a DATA frame may hold several messages; the decoder
 * takes chunks as they arrive, as grpc-js's `StreamDecoder` does.
 *
 * @internal
 */

/** The length prefix: 1 flag byte, 4 length bytes. */
const prefixLength = 5

/**
 * One message as framed: the bytes still compressed when `compressed`.
 *
 * @internal
 */
export interface FramedMessage {
  /** The compressed flag of the prefix: the bytes are encoded with the stream's `grpc-encoding`. */
  readonly compressed: boolean
  /** The message bytes, as sent. */
  readonly bytes: Buffer
}

/**
 * Frame one message: the 5-byte prefix, then the bytes (one allocation).
 *
 * @internal
 */
export const frameMessage = (bytes: Uint8Array, compressed: boolean): Buffer => {
  const out = Buffer.allocUnsafe(prefixLength + bytes.byteLength)
  out[0] = compressed ? 1 : 0
  out.writeUInt32BE(bytes.byteLength, 1)
  out.set(bytes, prefixLength)
  return out
}

/**
 * What a chunk of DATA decoded to: the messages it completed, or the
 * announced length of a message longer than the limit (the stream must then
 * be abandoned: what follows cannot be framed).
 *
 * @internal
 */
export type DecodeResult =
  | { readonly _tag: "Messages"; readonly messages: ReadonlyArray<FramedMessage> }
  | { readonly _tag: "TooLarge"; readonly length: number }

/**
 * Decodes the messages of one response stream, chunk by chunk.
 *
 * @internal
 */
export interface MessageDecoder {
  /** Feed the next DATA chunk. */
  readonly write: (chunk: Buffer) => DecodeResult
}

const noMessages: DecodeResult = { _tag: "Messages", messages: [] }

/**
 * A decoder refusing messages longer than `maxLength` bytes (as framed, before
 * decompression), as grpc-js's `grpc.max_receive_message_length` does.
 *
 * @internal
 */
export const makeMessageDecoder = (maxLength: number): MessageDecoder => {
  // Only for a prefix split across chunks; a prefix within one chunk is read from it.
  let prefix: Buffer | undefined
  let prefixFilled = 0
  let compressed = false
  let body: Buffer | undefined
  let bodyFilled = 0
  return {
    write: (chunk) => {
      let messages: Array<FramedMessage> | undefined
      let offset = 0
      while (offset < chunk.length) {
        if (body === undefined) {
          let length: number
          if (prefixFilled === 0 && chunk.length - offset >= prefixLength) {
            compressed = chunk[offset] === 1
            length = chunk.readUInt32BE(offset + 1)
            offset += prefixLength
          } else {
            prefix ??= Buffer.alloc(prefixLength)
            const take = Math.min(prefixLength - prefixFilled, chunk.length - offset)
            chunk.copy(prefix, prefixFilled, offset, offset + take)
            prefixFilled += take
            offset += take
            if (prefixFilled < prefixLength) break
            prefixFilled = 0
            compressed = prefix[0] === 1
            length = prefix.readUInt32BE(1)
          }
          if (length > maxLength) return { _tag: "TooLarge", length }
          // A message wholly inside this chunk is a view on it, not a copy.
          if (chunk.length - offset >= length) {
            ;(messages ??= []).push({ compressed, bytes: chunk.subarray(offset, offset + length) })
            offset += length
            continue
          }
          body = Buffer.allocUnsafe(length)
          bodyFilled = 0
        }
        const take = Math.min(body.length - bodyFilled, chunk.length - offset)
        chunk.copy(body, bodyFilled, offset, offset + take)
        bodyFilled += take
        offset += take
        if (bodyFilled === body.length) {
          ;(messages ??= []).push({ compressed, bytes: body })
          body = undefined
        }
      }
      return messages === undefined ? noMessages : { _tag: "Messages", messages }
    }
  }
}
