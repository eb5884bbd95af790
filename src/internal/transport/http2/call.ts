/**
 * One unary gRPC call over HTTP/2, with grpc-js's behaviour
 * (`Http2SubchannelCall`, the compression filter, `makeUnaryRequest`): the
 * request framed and gzip-compressed when the connection compresses, the
 * deadline sent as `grpc-timeout` and enforced locally, the response
 * deframed and decompressed by its `grpc-encoding` within the receive limit,
 * and the status read from the trailers (or a trailers-only response, the
 * HTTP status, the RST_STREAM code). Cancelling resets the stream
 * (`CANCEL`).
 *
 * @internal
 */
import { decompress, gzip } from "./compression.js"
import { frameMessage, makeMessageDecoder, type MessageDecoder } from "./framing.js"
import { fieldValue, grpcTimeout, type Http2RequestHeaders } from "./metadata.js"
import type { LiveSession, SessionManager, TrackedCall } from "./session.js"
import { type CallStatus, Code, httpStatusToStatus, resetToStatus, trailersToStatus } from "./status.js"
import type { Http2ClientStream, StreamHandler } from "./wire/connection.js"
import { ErrorCode } from "./wire/frames.js"

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

/** A connection headers object's request fields for one path, and the deadline and encoding they say. */
interface PathHeaders {
  readonly timeoutMillis: number
  readonly compressed: boolean
  readonly fields: ReadonlyArray<string>
}
const headersByPath = new WeakMap<Http2RequestHeaders, Map<string, PathHeaders>>()
/** Bounds each connection headers object's entries (a path has one entry: its last deadline). */
const maxPathsPerHeaders = 256

/**
 * The request header fields of one call, flat (`[name, value, …]`): the
 * pseudo-headers first (`:method`, `:scheme`, `:path`, `:authority`), then
 * the connection's headers, and `grpc-timeout` and `grpc-encoding` when
 * sent. A steady stream of calls with the same headers, path and deadline
 * shares one array (keyed by the connection's headers object, which the
 * pipeline's header cache keeps while its sources do not change), and so
 * one encoded header block per connection (`HpackEncoder.encode`).
 */
const requestFieldsOfCall = (
  base: Http2RequestHeaders,
  path: string,
  timeoutMillis: number,
  compressed: boolean
): ReadonlyArray<string> => {
  let byPath = headersByPath.get(base)
  if (byPath === undefined) {
    byPath = new Map()
    headersByPath.set(base, byPath)
  }
  const known = byPath.get(path)
  if (known !== undefined && known.timeoutMillis === timeoutMillis && known.compressed === compressed) {
    return known.fields
  }
  const fields: Array<string> = [
    ":method",
    base[":method"] ?? "POST",
    ":scheme",
    base[":scheme"] ?? "http",
    ":path",
    path,
    ":authority",
    base[":authority"] ?? ""
  ]
  for (const name in base) {
    if (name.charCodeAt(0) !== 58 /* ":" */) fields.push(name, base[name]!)
  }
  const timeout = timeoutMillis === Infinity ? undefined : grpcTimeout(timeoutMillis)
  if (timeout !== undefined) fields.push("grpc-timeout", timeout)
  if (compressed) fields.push("grpc-encoding", "gzip")
  if (known === undefined && byPath.size >= maxPathsPerHeaders) byPath.clear()
  byPath.set(path, { timeoutMillis, compressed, fields })
  return fields
}

/**
 * One call's state and steps (see {@link startUnaryCall}): one object per
 * call, which is also its stream's handler.
 */
class UnaryCall implements TrackedCall, StreamHandler {
  private ended = false
  private stream: Http2ClientStream | undefined = undefined
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
    const live = this.live
    if (live !== undefined) {
      // The server has not ended the stream: reset it.
      if (!this.serverEnded) live.session.reset(this.stream!, ErrorCode.CANCEL)
      live.untrack(this)
    }
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
    const stream = live.session.request(
      requestFieldsOfCall(this.headers, this.path, remaining, compressed),
      framed,
      this
    )
    if (stream === undefined) {
      // A connection that received GOAWAY or closed meanwhile: give it up; the call may be retried.
      live.discard()
      this.fail(Code.UNAVAILABLE, "Failed to start HTTP/2 stream: the connection is closing")
      return
    }
    this.stream = stream
    this.live = live
    live.track(this)
  }

  /** The session dropped under the stream. */
  onDisconnect(): void {
    this.serverEnded = true
    // Give the call a turn of the event loop to end by itself first.
    setImmediate(onDisconnectTurn, this)
  }

  disconnectTurnEnded(): void {
    if (!this.ended && !this.okStatus) this.fail(Code.UNAVAILABLE, "Connection dropped")
  }

  headersReceived(fields: ReadonlyArray<string>, endStream: boolean): void {
    if (this.ended) return
    if (this.httpStatus === undefined) {
      const status = Number(fieldValue(fields, ":status"))
      // Informational (1xx) headers come before the response's.
      if (status >= 100 && status < 200) return
      this.httpStatus = status
      if (endStream) {
        this.statusReceived(fields)
        return
      }
      this.encoding = fieldValue(fields, "grpc-encoding") ?? "identity"
      const accepted = fieldValue(fields, "grpc-accept-encoding")
      if (accepted !== undefined) this.context.serverEncodings = accepted.split(",").map((e) => e.trim())
      return
    }
    this.statusReceived(fields)
  }

  private statusReceived(fields: ReadonlyArray<string>): void {
    this.serverEnded = true
    if (this.ended) return
    const status = trailersToStatus(fields, this.httpStatus)
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

  streamEnded(): void {
    this.serverEnded = true
    this.readsClosed = true
    if (this.ended) return
    if (this.okStatus) {
      this.maybeSucceed()
      return
    }
    // The stream ended without trailers.
    this.end({ _tag: "Failed", status: resetToStatus(ErrorCode.NO_ERROR, this.httpStatus) })
  }

  streamReset(errorCode: number): void {
    this.serverEnded = true
    this.readsClosed = true
    if (this.ended) return
    this.end({ _tag: "Failed", status: resetToStatus(errorCode, this.httpStatus) })
  }
}

const onDeadline = (call: UnaryCall) => call.deadlineFired()
const onDisconnectTurn = (call: UnaryCall) => call.disconnectTurnEnded()

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
