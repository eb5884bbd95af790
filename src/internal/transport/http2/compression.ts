/**
 * gzip of request messages and decompression of response messages by their
 * `grpc-encoding` (identity, gzip, deflate), as grpc-js's compression
 * filter does. Small messages are (de)compressed synchronously, which costs
 * less than a hop to the thread pool; large ones asynchronously, so that a
 * 2 MiB payload does not stall the event loop.
 *
 * @internal
 */
import * as zlib from "node:zlib"

/** Up to this many bytes, (de)compress on the calling thread. */
const syncLimit = 64 * 1024

/**
 * The outcome of a (de)compression: the bytes, or why there are none.
 *
 * @internal
 */
export type CodecResult =
  | { readonly _tag: "Ok"; readonly bytes: Buffer }
  | { readonly _tag: "TooLarge" }
  | { readonly _tag: "Failed"; readonly message: string }

const tooLarge: CodecResult = { _tag: "TooLarge" }

/**
 * gzip `bytes`, calling back with the compressed bytes.
 *
 * @internal
 */
export const gzip = (bytes: Uint8Array, callback: (result: CodecResult) => void): void => {
  if (bytes.byteLength <= syncLimit) {
    let out: Buffer
    try {
      out = zlib.gzipSync(bytes)
    } catch (cause) {
      callback({ _tag: "Failed", message: cause instanceof Error ? cause.message : String(cause) })
      return
    }
    callback({ _tag: "Ok", bytes: out })
    return
  }
  zlib.gzip(bytes, (error, out) => {
    callback(error === null ? { _tag: "Ok", bytes: out } : { _tag: "Failed", message: error.message })
  })
}

const isTooLarge = (cause: unknown): boolean =>
  cause instanceof RangeError || (typeof cause === "object" && cause !== null && "code" in cause &&
    (cause as { code: unknown }).code === "ERR_BUFFER_TOO_LARGE")

/**
 * Decompress a message marked compressed, sent under `encoding`, into at
 * most `maxLength` bytes. An encoding other than gzip or deflate fails, as
 * in grpc-js (`identity` with the compressed flag set included).
 *
 * @internal
 */
export const decompress = (
  encoding: string,
  bytes: Buffer,
  maxLength: number,
  callback: (result: CodecResult) => void
): void => {
  if (encoding !== "gzip" && encoding !== "deflate") {
    callback({
      _tag: "Failed",
      message: encoding === "identity"
        ? `a message marked compressed arrived with grpc-encoding identity`
        : `a message marked compressed arrived with grpc-encoding ${
          JSON.stringify(encoding)
        }, which the client cannot decode`
    })
    return
  }
  const options: zlib.ZlibOptions = { maxOutputLength: Math.max(1, Math.min(maxLength, 0x7fffffff)) }
  if (bytes.length <= syncLimit) {
    let out: Buffer
    try {
      out = encoding === "gzip" ? zlib.gunzipSync(bytes, options) : zlib.inflateSync(bytes, options)
    } catch (cause) {
      callback(
        isTooLarge(cause)
          ? tooLarge
          : { _tag: "Failed", message: `Failed to decompress ${encoding}-encoded message` }
      )
      return
    }
    callback(out.length > maxLength ? tooLarge : { _tag: "Ok", bytes: out })
    return
  }
  const done = (error: Error | null, out: Buffer) => {
    if (error !== null) {
      callback(
        isTooLarge(error) ? tooLarge : { _tag: "Failed", message: `Failed to decompress ${encoding}-encoded message` }
      )
    } else callback(out.length > maxLength ? tooLarge : { _tag: "Ok", bytes: out })
  }
  if (encoding === "gzip") zlib.gunzip(bytes, options, done)
  else zlib.inflate(bytes, options, done)
}
