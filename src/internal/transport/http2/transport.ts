/**
 * The HTTP/2 transport of a connection: gRPC over HTTP/2 framed by the
 * transport itself (`wire/`) on a `node:net` or `node:tls` socket,
 * behind the same seam as the grpc-js adapter (`Pipeline.RpcTransport`).
 * Opened for the life of a scope; closing it closes the session.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { ConnectionError, RpcError } from "../../../schema/TemporalError.js"
import type { ConnectionOptions } from "../../../services/Connection.js"
import { compressFrom, type ConnectionDurations } from "../channelOptions.js"
import { invalidConfig } from "../connectCheck.js"
import type { RpcTransport } from "../pipeline.js"
import { clientName, clientVersion } from "../pipeline.js"
import { type CallContext, startUnaryCall } from "./call.js"
import { type FixedHeaders, type Http2RequestHeaders, requestHeaders } from "./metadata.js"
import { defaultSessionTimings, makeSessionManager, type SessionSettings } from "./session.js"
import { statusToRpcError } from "./status.js"
import { http2Target } from "./target.js"

/**
 * The receive limit both transports apply (the grpc-js channel's
 * `grpc.max_receive_message_length`).
 *
 * @internal
 */
export const defaultMaxReceiveMessageLength = 128 * 1024 * 1024

/**
 * Settings of the transport that no connection option sets; tests lower
 * them.
 *
 * @internal
 */
export interface Http2Tunables {
  /** Longest request message, uncompressed; `-1` (the default, as grpc-js) for no limit. */
  readonly maxSendMessageLength?: number | undefined
  /** Longest response message; default 128 MiB. */
  readonly maxReceiveMessageLength?: number | undefined
  /** Close a session idle this long; default 30 min. */
  readonly idleTimeoutMillis?: number | undefined
  /** Backoff after a failed connection attempt; default 1 s growing by 1.6 to 120 s. */
  readonly backoff?: SessionSettings["backoff"] | undefined
  /** Give up a connection attempt after this long; default 20 s. */
  readonly connectTimeoutMillis?: number | undefined
}

/**
 * An open HTTP/2 transport.
 *
 * @internal
 */
export interface Http2Transport {
  /** One attempt of one RPC. */
  readonly transport: RpcTransport<Http2RequestHeaders>
  /** A call's merged headers in the transport's form (for `Pipeline.makeHeaderCache`). */
  readonly buildHeaders: (headers: Readonly<Record<string, string | Uint8Array>>) => Http2RequestHeaders
}

/**
 * Why a connection's options cannot be used on the HTTP/2 transport, or
 * `undefined`: grpc-js's own option bag (`channelOptions`) and DNS load
 * balancing (grpc-js's resolver and round-robin policy) exist on grpc-js
 * only.
 *
 * @internal
 */
export const http2OptionsProblem = (options: ConnectionOptions): string | undefined => {
  if (options.channelOptions !== undefined && Object.keys(options.channelOptions).length > 0) {
    return "channelOptions are grpc-js channel options: they cannot be used with transport \"http2\""
  }
  if (options.dnsLoadBalancing !== undefined && options.dnsLoadBalancing !== false) {
    return "dnsLoadBalancing is done by grpc-js: it cannot be used with transport \"http2\""
  }
  return undefined
}

/**
 * Open the HTTP/2 transport to `address`, closed with the scope. Nothing is
 * sent until the first call. Fails with `ConnectionError` reason
 * `InvalidConfig` for options the transport does not take (see
 * {@link http2OptionsProblem}) or an address that is not `host:port`, `Tls`
 * for a TLS configuration that cannot be used.
 *
 * @internal
 */
export const openHttp2Transport = (
  address: string,
  options: ConnectionOptions,
  durations: ConnectionDurations,
  tunables: Http2Tunables = {}
): Effect.Effect<Http2Transport, ConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    const problem = http2OptionsProblem(options)
    if (problem !== undefined) return yield* invalidConfig(address, problem)
    const target = yield* http2Target(address, options)
    const keepAlive = durations.keepAlive
    const sessions = yield* Effect.acquireRelease(
      Effect.sync(() =>
        makeSessionManager({
          target,
          keepAlive: keepAlive === false ? false : {
            intervalMillis: Duration.toMillis(keepAlive.interval),
            timeoutMillis: Duration.toMillis(keepAlive.timeout)
          },
          idleTimeoutMillis: tunables.idleTimeoutMillis ?? defaultSessionTimings.idleTimeoutMillis,
          connectTimeoutMillis: tunables.connectTimeoutMillis ?? defaultSessionTimings.connectTimeoutMillis,
          backoff: tunables.backoff ?? defaultSessionTimings.backoff
        })
      ),
      (sessions) => Effect.sync(() => sessions.close())
    )
    const context: CallContext = {
      sessions,
      compressFrom: compressFrom(options),
      maxSendMessageLength: tunables.maxSendMessageLength ?? -1,
      maxReceiveMessageLength: tunables.maxReceiveMessageLength ?? defaultMaxReceiveMessageLength,
      serverEncodings: undefined
    }
    const fixed: FixedHeaders = {
      authority: target.authority,
      scheme: target.tls !== undefined ? "https" : "http",
      userAgent: `${clientName}/${clientVersion} effect-temporal-http2`
    }
    const transport: RpcTransport<Http2RequestHeaders> = (call) =>
      Effect.callback<Uint8Array, RpcError>((resume) => {
        const cancel = startUnaryCall(
          context,
          call.method.path,
          call.headers,
          call.bytes,
          call.timeoutMillis,
          (result) =>
            resume(
              result._tag === "Ok"
                ? Effect.succeed(result.response)
                : Effect.fail(statusToRpcError(call.method.name, result.status))
            )
        )
        call.onCancel(cancel)
      })
    return { transport, buildHeaders: (headers) => requestHeaders(headers, fixed) }
  })
