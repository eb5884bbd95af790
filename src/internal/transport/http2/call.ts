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
import { frameMessage, makeMessageDecoder, type MessageDecoder } from "./framing.js"
import { grpcTimeout, headerValue, type Http2RequestHeaders } from "./metadata.js"
import type { LiveSession, SessionManager, TrackedCall } from "./session.js"
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

/** Where a stream's listeners find their call: listeners are shared functions, not closures per call. */
const callOf: unique symbol = Symbol("effect-temporal/http2/call")

interface CallStream extends http2.ClientHttp2Stream {
  [callOf]: UnaryCall
}

/** A connection headers object's request headers for one path, and the deadline and encoding they say. */
interface PathHeaders {
  readonly timeoutMillis: number
  readonly compressed: boolean
  readonly headers: Readonly<Record<string, string>>
}
const headersByPath = new WeakMap<Http2RequestHeaders, Map<string, PathHeaders>>()
/** Bounds each connection headers object's entries (a path has one entry: its last deadline). */
const maxPathsPerHeaders = 256

/**
 * The request headers of one call: the connection's, `:path`, and
 * `grpc-timeout` and `grpc-encoding` when sent. Node copies the object it is
 * given, so a steady stream of calls with the same headers, path and
 * deadline shares one (keyed by the connection's headers object, which the
 * pipeline's header cache keeps while its sources do not change).
 */
const headersOfCall = (
  base: Http2RequestHeaders,
  path: string,
  timeoutMillis: number,
  compressed: boolean
): Readonly<Record<string, string>> => {
  let byPath = headersByPath.get(base)
  if (byPath === undefined) {
    byPath = new Map()
    headersByPath.set(base, byPath)
  }
  const known = byPath.get(path)
  if (known !== undefined && known.timeoutMillis === timeoutMillis && known.compressed === compressed) {
    return known.headers
  }
  const headers: Record<string, string> = { ...base, ":path": path }
  const timeout = timeoutMillis === Infinity ? undefined : grpcTimeout(timeoutMillis)
  if (timeout !== undefined) headers["grpc-timeout"] = timeout
  if (compressed) headers["grpc-encoding"] = "gzip"
  if (known === undefined && byPath.size >= maxPathsPerHeaders) byPath.clear()
  byPath.set(path, { timeoutMillis, compressed, headers })
  return headers
}

/**
 * One call's state and steps (see {@link startUnaryCall}): one object per
 * call, whose stream listeners are functions shared by every call.
 */
class UnaryCall implements TrackedCall {
  private ended = false
  private stream: CallStream | undefined = undefined
  private live: LiveSession | undefined = undefined
  private abandonWait: (() => void) | undefined = undefined
  private deadlineTimer: NodeJS.Timeout | undefined = undefined
  private readonly startedAt = Date.now()
  // The response, as grpc-js's call reads it.
  private decoder: MessageDecoder | undefined = undefined
  private httpStatus: number | undefined = undefined
  private encoding = "identity"
  private response: Buffer | undefined = undefined
  private messages = 0
  private decompressing = false
  private okStatus = false
  private readsClosed = false
  private serverEnded = false
  private connectionDropped = false
  private internalError: NodeJS.ErrnoException | undefined = undefined

  constructor(
    private readonly context: CallContext,
    private readonly path: string,
    private readonly headers: Http2RequestHeaders,
    private readonly timeoutMillis: number,
    private readonly done: (result: CallResult) => void
  ) {}

  start(message: Uint8Array): void {
    if (this.timeoutMillis !== Infinity) this.armDeadline(this.timeoutMillis)
    const maxSend = this.context.maxSendMessageLength
    if (maxSend >= 0 && message.byteLength > maxSend) {
      this.fail(Code.RESOURCE_EXHAUSTED, `Attempted to send message with a size larger than ${maxSend}`)
      return
    }
    const context = this.context
    const compress = message.byteLength >= context.compressFrom &&
      (context.serverEncodings === undefined || context.serverEncodings.includes("gzip"))
    if (compress) {
      gzip(message, (result) => {
        if (result._tag === "Ok") this.withFramed(frameMessage(result.bytes, true), true)
        else {
          this.fail(
            Code.INTERNAL,
            `The request could not be compressed: ${result._tag === "Failed" ? result.message : ""}`
          )
        }
      })
    } else {
      this.withFramed(frameMessage(message, false), false)
    }
  }

  cancel(): void {
    if (!this.ended) this.fail(Code.CANCELLED, "Cancelled on client")
  }

  private armDeadline(millis: number): void {
    this.deadlineTimer = setTimeout(onDeadline, Math.min(Math.max(millis, 0), maxTimerMillis), this)
  }

  /** The deadline timer fired (Node caps a timer's delay: re-armed until the deadline). */
  deadlineFired(): void {
    const left = this.startedAt + this.timeoutMillis - Date.now()
    if (left > 0) this.armDeadline(left)
    else this.fail(Code.DEADLINE_EXCEEDED, this.deadlineMessage())
  }

  private deadlineMessage(): string {
    return `Deadline exceeded after ${((Date.now() - this.startedAt) / 1000).toFixed(3)}s`
  }

  private end(result: CallResult): void {
    if (this.ended) return
    this.ended = true
    clearTimeout(this.deadlineTimer)
    this.abandonWait?.()
    const stream = this.stream
    if (stream !== undefined && !stream.destroyed && !this.serverEnded) {
      // The server has not ended the stream: reset it (NO_ERROR once the call succeeded).
      stream.close(result._tag === "Ok" ? http2.constants.NGHTTP2_NO_ERROR : http2.constants.NGHTTP2_CANCEL)
    }
    if (this.live !== undefined) this.live.untrack(this)
    this.done(result)
  }

  private fail(code: number, details: string): void {
    this.end(failed(code, details))
  }

  private maybeSucceed(): void {
    if (this.ended || !this.okStatus || !this.readsClosed || this.decompressing) return
    if (this.response === undefined) this.fail(Code.UNIMPLEMENTED, "No message received")
    else this.end({ _tag: "Ok", response: this.response })
  }

  private withFramed(framed: Buffer, compressed: boolean): void {
    if (this.ended) return
    const sessions = this.context.sessions
    const live = sessions.ready()
    if (live !== undefined) {
      this.send(live, framed, compressed)
      return
    }
    this.abandonWait = sessions.acquire((result) => {
      this.abandonWait = undefined
      if (result._tag === "Live") this.send(result.live, framed, compressed)
      else this.end({ _tag: "Failed", status: result.status })
    })
  }

  private send(live: LiveSession, framed: Buffer, compressed: boolean): void {
    if (this.ended) return
    const remaining = this.timeoutMillis === Infinity
      ? Infinity
      : this.startedAt + this.timeoutMillis - Date.now()
    if (remaining <= 0) {
      this.fail(Code.DEADLINE_EXCEEDED, this.deadlineMessage())
      return
    }
    let stream: CallStream
    try {
      stream = live.session.request(headersOfCall(this.headers, this.path, remaining, compressed)) as CallStream
    } catch (cause) {
      // A session that received GOAWAY or closed meanwhile: give it up; the call may be retried.
      live.discard()
      this.fail(
        Code.UNAVAILABLE,
        `Failed to start HTTP/2 stream with error ${cause instanceof Error ? cause.message : String(cause)}`
      )
      return
    }
    stream[callOf] = this
    this.stream = stream
    this.live = live
    live.track(this)
    stream.on("response", onResponse)
    stream.on("trailers", onTrailers)
    stream.on("data", onData)
    stream.on("end", onEnd)
    stream.on("error", onError)
    stream.on("close", onClose)
    stream.end(framed)
  }

  /** The session dropped under the stream. */
  onDisconnect(): void {
    this.connectionDropped = true
    // Give the call a turn of the event loop to end by itself first.
    setImmediate(onDisconnectTurn, this)
  }

  disconnectTurnEnded(): void {
    if (!this.ended && !this.okStatus) this.fail(Code.UNAVAILABLE, "Connection dropped")
  }

  headersReceived(responseHeaders: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader, flags: number): void {
    this.httpStatus = responseHeaders[":status"]
    if ((flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0) {
      this.statusReceived(responseHeaders)
      return
    }
    this.encoding = headerValue(responseHeaders, "grpc-encoding") ?? "identity"
    const accepted = headerValue(responseHeaders, "grpc-accept-encoding")
    if (accepted !== undefined) this.context.serverEncodings = accepted.split(",").map((e) => e.trim())
  }

  statusReceived(trailers: http2.IncomingHttpHeaders): void {
    this.serverEnded = true
    if (this.ended) return
    const status = trailersToStatus(trailers, this.httpStatus)
    if (status.code === Code.OK) {
      this.okStatus = true
      this.maybeSucceed()
    } else this.end({ _tag: "Failed", status })
  }

  dataReceived(chunk: Buffer): void {
    if (this.ended) return
    const context = this.context
    const decoded = (this.decoder ??= makeMessageDecoder(context.maxReceiveMessageLength)).write(chunk)
    if (decoded._tag === "TooLarge") {
      if (this.httpStatus !== undefined && this.httpStatus !== 200) {
        const status = httpStatusToStatus(this.httpStatus)
        this.fail(status.code, status.details)
      } else {
        this.fail(
          Code.RESOURCE_EXHAUSTED,
          `Received message larger than max (${decoded.length} vs ${context.maxReceiveMessageLength})`
        )
      }
      return
    }
    for (const framed of decoded.messages) {
      if (++this.messages > 1) {
        this.fail(Code.UNIMPLEMENTED, "Too many responses received")
        return
      }
      if (!framed.compressed) {
        this.response = framed.bytes
        continue
      }
      this.decompressing = true
      decompress(this.encoding, framed.bytes, context.maxReceiveMessageLength, (result) => {
        this.decompressing = false
        if (this.ended) return
        if (result._tag === "Ok") {
          this.response = result.bytes
          this.maybeSucceed()
        } else if (result._tag === "TooLarge") {
          this.fail(
            Code.RESOURCE_EXHAUSTED,
            `Received message that decompresses to a size larger than ${context.maxReceiveMessageLength}`
          )
        } else {
          this.fail(Code.INTERNAL, `The response could not be decompressed: ${result.message}`)
        }
      })
    }
  }

  readsEnded(): void {
    this.readsClosed = true
    this.maybeSucceed()
  }

  errorReceived(error: NodeJS.ErrnoException): void {
    // Errors that are not a received RST_STREAM (a connection reset) tell more than the reset code.
    if (error.code !== "ERR_HTTP2_STREAM_ERROR") this.internalError = error
  }

  closed(): void {
    this.serverEnded = true
    if (this.ended) return
    // After an "error" emitted at about the same time.
    process.nextTick(onClosedTick, this)
  }

  closedTickEnded(): void {
    if (this.ended) return
    this.readsClosed = true
    if (this.okStatus) {
      this.maybeSucceed()
      return
    }
    const status = resetToStatus(
      this.stream?.rstCode ?? 0,
      this.httpStatus,
      this.internalError,
      this.connectionDropped
    )
    this.end({ _tag: "Failed", status })
  }
}

function onResponse(
  this: CallStream,
  headers: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader,
  flags: number
): void {
  this[callOf].headersReceived(headers, flags)
}
function onTrailers(this: CallStream, trailers: http2.IncomingHttpHeaders): void {
  this[callOf].statusReceived(trailers)
}
function onData(this: CallStream, chunk: Buffer): void {
  this[callOf].dataReceived(chunk)
}
function onEnd(this: CallStream): void {
  this[callOf].readsEnded()
}
function onError(this: CallStream, error: NodeJS.ErrnoException): void {
  this[callOf].errorReceived(error)
}
function onClose(this: CallStream): void {
  this[callOf].closed()
}
const onDeadline = (call: UnaryCall) => call.deadlineFired()
const onDisconnectTurn = (call: UnaryCall) => call.disconnectTurnEnded()
const onClosedTick = (call: UnaryCall) => call.closedTickEnded()

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
  const call = new UnaryCall(context, path, headers, timeoutMillis, done)
  call.start(message)
  return () => call.cancel()
}
