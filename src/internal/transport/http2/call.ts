/**
 * One unary gRPC call over HTTP/2, with grpc-js's behaviour
 * (`Http2SubchannelCall`, the compression filter, `makeUnaryRequest`): the
 * request framed and gzip-compressed when the connection compresses, the
 * deadline sent as `grpc-timeout` and enforced locally, the response
 * deframed and decompressed by its `grpc-encoding` within the receive limit,
 * and the status read from the trailers (or a trailers-only response, the
 * HTTP status, the RST_STREAM code). Cancelling resets the stream
 * (`NGHTTP2_CANCEL`).
 *
 * @internal
 */
import * as http2 from "node:http2"
import { decompress, gzip } from "./compression.js"
import { frameMessage, makeMessageDecoder } from "./framing.js"
import { grpcTimeout, headerValue, type Http2RequestHeaders } from "./metadata.js"
import type { LiveSession, SessionManager } from "./session.js"
import { type CallStatus, Code, httpStatusToStatus, resetToStatus, trailersToStatus } from "./status.js"

/**
 * What the calls of one connection share.
 *
 * @internal
 */
export interface CallContext {
  /** The connection's session. */
  readonly sessions: SessionManager
  /**
   * The shortest request message that is gzip-compressed (the connection's
   * `grpcCompressionMinBytes`); `Infinity` when requests are not compressed.
   */
  readonly compressFrom: number
  /** The longest request message, uncompressed; `-1` for no limit (grpc-js's default). */
  readonly maxSendMessageLength: number
  /** The longest response message, framed and decompressed. */
  readonly maxReceiveMessageLength: number
  /**
   * The server's `grpc-accept-encoding`, once a response told it: requests
   * are sent uncompressed when it leaves gzip out (grpc-js's shared filter config).
   */
  serverEncodings: ReadonlyArray<string> | undefined
}

/**
 * How a call ended: the response message, or a status other than OK.
 *
 * @internal
 */
export type CallResult =
  | { readonly _tag: "Ok"; readonly response: Buffer }
  | { readonly _tag: "Failed"; readonly status: CallStatus }

/** Node's timers take at most 2³¹ − 1 ms. */
const maxTimerMillis = 2_147_483_647

const failed = (code: number, details: string): CallResult => ({ _tag: "Failed", status: { code, details } })

/**
 * Start a unary call of `path` with the request `message` (not yet framed)
 * and `headers`, ending within `timeoutMillis` (`Infinity`: no deadline);
 * `done` is called once. Returns the cancellation (a no-op once the call
 * ended).
 *
 * @internal
 */
export const startUnaryCall = (
  context: CallContext,
  path: string,
  headers: Http2RequestHeaders,
  message: Uint8Array,
  timeoutMillis: number,
  done: (result: CallResult) => void
): () => void => {
  const startedAt = Date.now()
  let ended = false
  let stream: http2.ClientHttp2Stream | undefined
  let untrack: (() => void) | undefined
  let abandonWait: (() => void) | undefined
  let deadlineTimer: NodeJS.Timeout | undefined
  // The response, as grpc-js's call reads it.
  let httpStatus: number | undefined
  let encoding = "identity"
  let response: Buffer | undefined
  let messages = 0
  let decompressing = false
  let okStatus = false
  let readsClosed = false
  let serverEnded = false
  let connectionDropped = false
  let internalError: NodeJS.ErrnoException | undefined

  const end = (result: CallResult) => {
    if (ended) return
    ended = true
    clearTimeout(deadlineTimer)
    abandonWait?.()
    if (stream !== undefined && !stream.destroyed && !serverEnded) {
      // The server has not ended the stream: reset it (NO_ERROR once the call succeeded).
      stream.close(result._tag === "Ok" ? http2.constants.NGHTTP2_NO_ERROR : http2.constants.NGHTTP2_CANCEL)
    }
    untrack?.()
    done(result)
  }
  const fail = (code: number, details: string) => end(failed(code, details))

  const maybeSucceed = () => {
    if (ended || !okStatus || !readsClosed || decompressing) return
    if (response === undefined) fail(Code.UNIMPLEMENTED, "No message received")
    else end({ _tag: "Ok", response })
  }

  const decoder = makeMessageDecoder(context.maxReceiveMessageLength)
  const onData = (chunk: Buffer) => {
    if (ended) return
    const decoded = decoder.write(chunk)
    if (decoded._tag === "TooLarge") {
      if (httpStatus !== undefined && httpStatus !== 200) {
        const status = httpStatusToStatus(httpStatus)
        fail(status.code, status.details)
      } else {
        fail(
          Code.RESOURCE_EXHAUSTED,
          `Received message larger than max (${decoded.length} vs ${context.maxReceiveMessageLength})`
        )
      }
      return
    }
    for (const framed of decoded.messages) {
      if (++messages > 1) {
        fail(Code.UNIMPLEMENTED, "Too many responses received")
        return
      }
      if (!framed.compressed) {
        response = framed.bytes
        continue
      }
      decompressing = true
      decompress(encoding, framed.bytes, context.maxReceiveMessageLength, (result) => {
        decompressing = false
        if (ended) return
        if (result._tag === "Ok") {
          response = result.bytes
          maybeSucceed()
        } else if (result._tag === "TooLarge") {
          fail(
            Code.RESOURCE_EXHAUSTED,
            `Received message that decompresses to a size larger than ${context.maxReceiveMessageLength}`
          )
        } else {
          fail(Code.INTERNAL, `The response could not be decompressed: ${result.message}`)
        }
      })
    }
  }

  const onStatus = (trailers: http2.IncomingHttpHeaders) => {
    serverEnded = true
    if (ended) return
    const status = trailersToStatus(trailers, httpStatus)
    if (status.code === Code.OK) {
      okStatus = true
      maybeSucceed()
    } else end({ _tag: "Failed", status })
  }

  const onDisconnect = () => {
    connectionDropped = true
    // Give the call a turn of the event loop to end by itself first.
    setImmediate(() => {
      if (!ended && !okStatus) fail(Code.UNAVAILABLE, "Connection dropped")
    })
  }

  const send = (live: LiveSession, framed: Buffer, compressed: boolean) => {
    abandonWait = undefined
    if (ended) return
    const remaining = startedAt + timeoutMillis - Date.now()
    if (remaining <= 0) {
      fail(Code.DEADLINE_EXCEEDED, deadlineMessage())
      return
    }
    const requestHeaders: Record<string, string> = { ...headers, ":path": path }
    const timeout = timeoutMillis === Infinity ? undefined : grpcTimeout(remaining)
    if (timeout !== undefined) requestHeaders["grpc-timeout"] = timeout
    if (compressed) requestHeaders["grpc-encoding"] = "gzip"
    let opened: http2.ClientHttp2Stream
    try {
      opened = live.session.request(requestHeaders)
    } catch (cause) {
      // A session that received GOAWAY or closed meanwhile: give it up; the call may be retried.
      live.discard()
      fail(
        Code.UNAVAILABLE,
        `Failed to start HTTP/2 stream with error ${cause instanceof Error ? cause.message : String(cause)}`
      )
      return
    }
    stream = opened
    untrack = live.track(onDisconnect)
    opened.on("response", (responseHeaders, flags) => {
      httpStatus = responseHeaders[":status"]
      if ((flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0) {
        onStatus(responseHeaders)
        return
      }
      encoding = headerValue(responseHeaders, "grpc-encoding") ?? "identity"
      const accepted = headerValue(responseHeaders, "grpc-accept-encoding")
      if (accepted !== undefined) context.serverEncodings = accepted.split(",").map((e) => e.trim())
    })
    opened.on("trailers", onStatus)
    opened.on("data", onData)
    opened.on("end", () => {
      readsClosed = true
      maybeSucceed()
    })
    opened.on("error", (error: NodeJS.ErrnoException) => {
      // Errors that are not a received RST_STREAM (a connection reset) tell more than the reset code.
      if (error.code !== "ERR_HTTP2_STREAM_ERROR") internalError = error
    })
    opened.on("close", () => {
      serverEnded = true
      // After an "error" emitted at about the same time.
      process.nextTick(() => {
        if (ended) return
        readsClosed = true
        if (okStatus) {
          maybeSucceed()
          return
        }
        const status = resetToStatus(opened.rstCode ?? 0, httpStatus, internalError, connectionDropped)
        end({ _tag: "Failed", status })
      })
    })
    opened.end(framed)
  }

  const deadlineMessage = () => `Deadline exceeded after ${((Date.now() - startedAt) / 1000).toFixed(3)}s`
  if (timeoutMillis !== Infinity) {
    const arm = (millis: number) => {
      deadlineTimer = setTimeout(() => {
        const left = startedAt + timeoutMillis - Date.now()
        if (left > 0) arm(left)
        else fail(Code.DEADLINE_EXCEEDED, deadlineMessage())
      }, Math.min(Math.max(millis, 0), maxTimerMillis))
    }
    arm(timeoutMillis)
  }

  const maxSend = context.maxSendMessageLength
  if (maxSend >= 0 && message.byteLength > maxSend) {
    fail(Code.RESOURCE_EXHAUSTED, `Attempted to send message with a size larger than ${maxSend}`)
    return noop
  }
  const withFramed = (framed: Buffer, compressed: boolean) => {
    if (ended) return
    abandonWait = context.sessions.acquire((result) => {
      if (result._tag === "Live") send(result.live, framed, compressed)
      else end({ _tag: "Failed", status: result.status })
    })
  }
  const compress = message.byteLength >= context.compressFrom &&
    (context.serverEncodings === undefined || context.serverEncodings.includes("gzip"))
  if (compress) {
    gzip(message, (result) => {
      if (result._tag === "Ok") withFramed(frameMessage(result.bytes, true), true)
      else fail(Code.INTERNAL, `The request could not be compressed: ${result._tag === "Failed" ? result.message : ""}`)
    })
  } else {
    withFramed(frameMessage(message, false), false)
  }
  return () => {
    if (!ended) fail(Code.CANCELLED, "Cancelled on client")
  }
}

const noop = () => {}
