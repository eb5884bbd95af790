/**
 * The connect-time check of a connection: `GetSystemInfo`, retried until
 * the connect timeout, ending in a `ConnectionError` that says why the
 * server could not be reached (TLS, timeout, authentication, unreachable,
 * or what an HTTP CONNECT proxy refused).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Schedule from "effect/Schedule"
import { ConnectionError, RpcError } from "../../schema/TemporalError.js"
import type { CallOptions, HttpConnectProxyConfig, RpcCallError, SystemInfo } from "../../services/Connection.js"
import { probeHttpConnectProxy } from "./httpConnectProxy.js"
import { retryRpcErrors } from "./pipeline.js"

const tlsFailure = /\b(?:SSL|TLS)|ERR_(?:SSL|TLS)_|certificate|self[- ]signed|\balert\b/i

/**
 * The `ConnectionError` of a failed connect-time check: reason `Tls`,
 * `Timeout`, `Unauthenticated` or `Unreachable`, told from the RPC error.
 *
 * @internal
 */
export const connectionErrorFromRpc = (address: string, error: RpcError): ConnectionError => {
  // The address itself (in "Name resolution failed for target dns:my-tls-host:7233", or a
  // unix socket path in "connect ENOENT …") says nothing about TLS: leave it out of the test.
  const withoutScheme = address.replace(/^(?:dns|ipv4|ipv6|unix|unix-abstract):(?:\/\/[^/]*\/)?/i, "")
  const host = withoutScheme.replace(/:\d+$/, "")
  let text = error.message
  for (const name of [address, withoutScheme, host]) if (name.length > 0) text = text.split(name).join(" ")
  return new ConnectionError({
    reason: tlsFailure.test(text)
      ? "Tls"
      : error.code === "DEADLINE_EXCEEDED"
      ? "Timeout"
      : error.code === "UNAUTHENTICATED" || error.code === "PERMISSION_DENIED"
      ? "Unauthenticated"
      : "Unreachable",
    address,
    description: `${error.code}: ${error.message}`,
    cause: error
  })
}

/**
 * `ConnectionError` reason `InvalidConfig`.
 *
 * @internal
 */
export const invalidConfig = (address: string, description: string): ConnectionError =>
  new ConnectionError({ reason: "InvalidConfig", address, description })

/**
 * When the connect-time check through an HTTP CONNECT proxy fails, what the
 * proxy itself says: a tunnel refused with a 4xx status (407 for wrong
 * credentials, 403 for a target it does not serve) ends the connect at once
 * with the proxy's status, which grpc-js does not report. A 5xx (the server
 * behind it unreachable, for now) leaves the check to retry as usual.
 */
const proxyRefusal = (
  address: string,
  proxy: HttpConnectProxyConfig,
  timeoutMillis: number
): Effect.Effect<ConnectionError | undefined> =>
  Effect.map(
    probeHttpConnectProxy(proxy.targetHost, address, proxy.basicAuth, timeoutMillis),
    (answer) =>
      answer._tag === "Refused" && answer.status >= 400 && answer.status < 500
        ? new ConnectionError({
          reason: answer.status === 407 ? "Unauthenticated" : "Unreachable",
          address,
          description: `the HTTP CONNECT proxy ${proxy.targetHost} refused the tunnel to ${address}: ${answer.status}${
            answer.statusText.length > 0 ? ` ${answer.statusText}` : ""
          }${answer.status === 407 ? " (check httpConnectProxy.basicAuth)" : ""}`
        })
        : undefined
  )

/**
 * What the connect-time check needs.
 *
 * @internal
 */
export interface ConnectCheckOptions {
  readonly address: string
  /** The connection's `GetSystemInfo`. */
  readonly getSystemInfo: (request: object, options?: CallOptions) => Effect.Effect<SystemInfo, RpcCallError>
  /** Keep the answer (the connection's `systemInfo` is then fetched once). */
  readonly onSystemInfo: (info: SystemInfo) => Effect.Effect<void>
  readonly retrySchedule: Schedule.Schedule<unknown, RpcError>
  readonly connectTimeout: Duration.Duration
  readonly proxy: HttpConnectProxyConfig | undefined
}

/**
 * Check the server with `GetSystemInfo` (an `UNIMPLEMENTED` answer counts as
 * reached), retrying until the connect timeout and remembering why the last
 * attempt failed, so a refused port says so instead of "timeout".
 *
 * @internal
 */
export const connectCheck = (options: ConnectCheckOptions): Effect.Effect<void, ConnectionError> =>
  Effect.gen(function*() {
    const { address, connectTimeout, proxy } = options
    const lastError = yield* Ref.make(Option.none<RpcError>())
    let proxyProbed = false
    const attempt = options.getSystemInfo({}, { retry: false }).pipe(
      Effect.tap(options.onSystemInfo),
      Effect.tapError((error) => error instanceof RpcError ? Ref.set(lastError, Option.some(error)) : Effect.void),
      Effect.catchIf(
        (error): error is RpcError =>
          error instanceof RpcError && error.code === "UNAVAILABLE" && proxy !== undefined && !proxyProbed,
        (error) => {
          proxyProbed = true
          return Effect.flatMap(
            proxyRefusal(address, proxy!, Math.min(5000, Duration.toMillis(connectTimeout))),
            (refusal): Effect.Effect<never, RpcError | ConnectionError> => Effect.fail(refusal ?? error)
          )
        }
      )
    )
    const check = retryRpcErrors(attempt, options.retrySchedule).pipe(
      Effect.asVoid,
      Effect.catchIf((error) => error instanceof RpcError && error.code === "UNIMPLEMENTED", () => Effect.void),
      Effect.mapError((error): ConnectionError =>
        error instanceof RpcError
          ? connectionErrorFromRpc(address, error)
          : error instanceof ConnectionError
          ? error
          : invalidConfig(address, error.message)
      )
    )
    yield* check.pipe(
      Effect.timeout(connectTimeout),
      Effect.catchTag(
        "TimeoutError",
        () =>
          Effect.flatMap(Ref.get(lastError), (last) =>
            Effect.fail(Option.match(last, {
              onNone: () =>
                new ConnectionError({
                  reason: "Timeout",
                  address,
                  description: `No answer within ${Duration.format(connectTimeout)}`
                }),
              onSome: (error) => connectionErrorFromRpc(address, error)
            })))
      )
    )
  })
