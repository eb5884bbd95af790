/**
 * The gRPC connection to a Temporal server, with one typed Effect method per
 * RPC of the workflow, operator, test and health services.
 *
 * @since 0.1.0
 */
import type * as grpc from "@grpc/grpc-js"
import type { grpc as grpcProto, temporal } from "@temporalio/proto"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as crypto from "node:crypto"
import * as os from "node:os"
import { serviceNames } from "../internal/proto/services.js"
import {
  defaultMaxConcurrentCalls,
  defaultMaxConcurrentLongPolls,
  makeChannelState
} from "../internal/transport/channelState.js"
import { grpcJs, unaryCall } from "../internal/transport/grpcJs.js"
import { probeHttpConnectProxy } from "../internal/transport/httpConnectProxy.js"
import * as Pipeline from "../internal/transport/pipeline.js"
import type { RpcOptions } from "../schema/Common.js"
import { ConnectionError, type InvalidArgumentError, RpcError } from "../schema/TemporalError.js"
import { type Pem, pemBytes, type TlsConfig } from "../schema/TlsConfig.js"
import * as RetryConfig from "./RetryConfig.js"

/**
 * Options of one RPC: `rpcTimeout`, the deadline of each attempt (default 30
 * s, or 70 s for long polls; a positive duration of at most 10 000 years, or
 * `Duration.infinity` for none; anything else fails with
 * `InvalidArgumentError` before any RPC), and `rpcMetadata`, extra request
 * headers (names and values checked before any RPC: printable ASCII values,
 * no connection-specific, transport-owned or `grpc-` names).
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions extends RpcOptions {
  /** Retry retryable failures with the `RetryConfig` backoff. Default `true`. */
  readonly retry?: boolean | undefined
  /** Treat the call as a long poll (70 s default deadline). Inferred for history waits and update calls. */
  readonly longPoll?: boolean | undefined
}

type RpcSignatures<S> = {
  [K in keyof S as S[K] extends { readonly path: string } ? K : never]: S[K] extends {
    (request: infer Req): Promise<infer Res>
  } ? [Req, Res]
    : never
}

/**
 * The errors of one RPC:
 *
 * - `RpcError`: the call ended with a gRPC status other than OK (from the
 *   server or the transport), after any retries;
 * - `InvalidArgumentError`: a per-call or per-fiber option was refused
 *   before any RPC (`rpcTimeout`, a header of `rpcMetadata` or
 *   `withRpcMetadata`);
 * - `ConnectionError`: the connection cannot make the call: reason `Closed`
 *   once its scope has closed (also for calls in flight at that moment), or
 *   `InvalidConfig` when its own headers or API key (as set through
 *   `rpcMetadata` or `apiKey`) cannot be sent.
 *
 * @since 0.1.0
 * @category errors
 */
export type RpcCallError = RpcError | InvalidArgumentError | ConnectionError

/**
 * A typed client of one gRPC service: one method per unary RPC, taking the
 * request message (as its `I…` interface) and answering the response message.
 *
 * @since 0.1.0
 * @category models
 */
export type ServiceClient<S> = {
  readonly [K in keyof RpcSignatures<S>]: RpcSignatures<S>[K] extends [infer Req, infer Res]
    ? (request: Req, options?: CallOptions) => Effect.Effect<Res, RpcCallError>
    : never
}

/**
 * `temporal.api.workflowservice.v1.WorkflowService`.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowServiceClient = ServiceClient<temporal.api.workflowservice.v1.WorkflowService>

/**
 * `temporal.api.operatorservice.v1.OperatorService`.
 *
 * @since 0.1.0
 * @category models
 */
export type OperatorServiceClient = ServiceClient<temporal.api.operatorservice.v1.OperatorService>

/**
 * `temporal.api.testservice.v1.TestService` (time skipping; served by the test server only).
 *
 * @since 0.1.0
 * @category models
 */
export type TestServiceClient = ServiceClient<temporal.api.testservice.v1.TestService>

/**
 * `grpc.health.v1.Health`.
 *
 * @since 0.1.0
 * @category models
 */
export type HealthServiceClient = ServiceClient<grpcProto.health.v1.Health>

/**
 * What the server said about itself in `GetSystemInfo`.
 *
 * @since 0.1.0
 * @category models
 */
export type SystemInfo = temporal.api.workflowservice.v1.GetSystemInfoResponse

/**
 * Keep-alive pings on an idle connection.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeepAliveConfig {
  /** Time between pings. Default 30 s. */
  readonly interval?: Duration.Input | undefined
  /** Time to wait for a ping's answer before the connection is dropped. Default 15 s. */
  readonly timeout?: Duration.Input | undefined
}

/**
 * Reach the server through an HTTP CONNECT proxy.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpConnectProxyConfig {
  /** The proxy's `host:port`. */
  readonly targetHost: string
  /** Basic auth for the proxy. */
  readonly basicAuth?: { readonly username: string; readonly password: Redacted.Redacted<string> } | undefined
}

/**
 * Options of `Connection.layer` / `Connection.make`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionOptions {
  /** `host:port` of the frontend. Default `localhost:7233`. */
  readonly address?: string | undefined
  /** Namespace sent in the `temporal-namespace` header of namespaced calls, and used by the client. Default `default`. */
  readonly namespace?: string | undefined
  /** Identity of this client in workflow histories. Default `pid@hostname`. */
  readonly identity?: string | undefined
  /** TLS: `true` for system roots, a `TlsConfig`, or `false`. Default off, or on when an `apiKey` is given. */
  readonly tls?: boolean | TlsConfig | undefined
  /**
   * API key, sent as `authorization: Bearer …`. Can be changed later through
   * `apiKey`. Whitespace around it (a line break read from a file) is
   * dropped; a key with a line break, NUL, control or non-ASCII character
   * inside is refused (`ConnectionError` reason `InvalidConfig`, without the key).
   */
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /**
   * Headers sent with every call. Can be changed later through
   * `rpcMetadata`. Refused (`ConnectionError` reason `InvalidConfig`, naming
   * the header, never its value): values other than printable ASCII, names
   * other than letters, digits, `_`, `.` and `-`, `-bin` names,
   * connection-specific names (`connection`, `keep-alive`,
   * `proxy-connection`, `transfer-encoding`, `upgrade`, `http2-settings`),
   * names the transport sets (`host`, `te`, `content-type`,
   * `content-length`, `:`-prefixed) and `grpc-` names.
   */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
  /** Keep-alive pings (30 s / 15 s by default); `false` disables them. */
  readonly keepAlive?: KeepAliveConfig | false | undefined
  /** An HTTP CONNECT proxy to go through. */
  readonly httpConnectProxy?: HttpConnectProxyConfig | undefined
  /** Skip the connect-time `GetSystemInfo` check; connect on first call. Default `false`. */
  readonly lazy?: boolean | undefined
  /** Bound of the connect-time check. Default 10 s. */
  readonly connectTimeout?: Duration.Input | undefined
  /** Compress requests with gzip. Default `"none"`. */
  readonly grpcCompression?: "gzip" | "none" | undefined
  /** Extra grpc-js channel options, for what no other option covers. */
  readonly channelOptions?: grpc.ChannelOptions | undefined
  /**
   * Ordinary calls (everything but long polls) in flight at most on this
   * connection; more wait, first come first served, before they are
   * encoded. Waiting does not count against `rpcTimeout`. A positive
   * integer, or `Infinity` for no bound. Default 250.
   */
  readonly maxConcurrentCalls?: number | undefined
  /**
   * Long polls (`result()`'s history waits, update calls and polls) in flight
   * at most on this connection, bounded apart from ordinary calls so that
   * pending waits never hold back other calls. Default 10 000.
   */
  readonly maxConcurrentLongPolls?: number | undefined
}

/**
 * The connection service.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionShape {
  /** The Temporal server's address, `host:port` (also when reached through an HTTP CONNECT proxy). */
  readonly address: string
  /** The namespace sent with namespaced calls by default. */
  readonly namespace: string
  /** The identity recorded in workflow histories. */
  readonly identity: string
  /** The RPCs of `temporal.api.workflowservice.v1.WorkflowService`. */
  readonly workflowService: WorkflowServiceClient
  /** The RPCs of `temporal.api.operatorservice.v1.OperatorService`. */
  readonly operatorService: OperatorServiceClient
  /** The RPCs of `temporal.api.testservice.v1.TestService` (served by the time-skipping test server only). */
  readonly testService: TestServiceClient
  /** The gRPC health check, `grpc.health.v1.Health`. */
  readonly healthService: HealthServiceClient
  /** Headers sent with every call; set it to change them for the calls that follow. */
  readonly rpcMetadata: Ref.Ref<Readonly<Record<string, string>>>
  /** The API key; set it to rotate the key for the calls that follow. */
  readonly apiKey: Ref.Ref<Option.Option<Redacted.Redacted<string>>>
  /** The server's `GetSystemInfo` answer, fetched once (at connect time unless lazy). */
  readonly systemInfo: Effect.Effect<SystemInfo, RpcCallError>
  /** Whether the health service reports `SERVING` for `service` (default: the whole server). */
  readonly checkHealth: (service?: string) => Effect.Effect<boolean, RpcCallError>
}

/**
 * The connection to a Temporal server.
 *
 * @since 0.1.0
 * @category tags
 */
export class Connection extends Context.Service<Connection, ConnectionShape>()("effect-temporal/Connection") {}

/**
 * Headers added to every call made by fibers that run inside `withRpcMetadata`.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentRpcMetadata: Context.Reference<Readonly<Record<string, string>>> = Pipeline.currentRpcMetadata

/**
 * Run an effect with extra request headers on every RPC it makes.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withRpcMetadata: {
  (metadata: Readonly<Record<string, string>>): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, metadata: Readonly<Record<string, string>>): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, metadata: Readonly<Record<string, string>>): Effect.Effect<A, E, R> =>
    Effect.updateService(self, currentRpcMetadata, (current) => ({ ...current, ...metadata }))
)

const defaultAddress = "localhost:7233"
const hasAuthorization = (metadata: Readonly<Record<string, string>>): boolean =>
  Object.keys(metadata).some((k) => k.toLowerCase() === "authorization")

/**
 * The default identity: `pid@hostname`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultIdentity = (): string => `${process.pid}@${os.hostname()}`

const tlsFailure = /\b(?:SSL|TLS)|ERR_(?:SSL|TLS)_|certificate|self[- ]signed|\balert\b/i

const connectionErrorFromRpc = (address: string, error: RpcError): ConnectionError => {
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

const invalidConfig = (address: string, description: string) =>
  new ConnectionError({ reason: "InvalidConfig", address, description })

/** The PEM blocks of one kind (`CERTIFICATE`) in a text. */
const pemBlocks = (text: string, label: string): ReadonlyArray<string> =>
  text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, "g")) ?? []

/**
 * Why a PEM certificate option cannot be used, or `undefined`. OpenSSL
 * skips what it cannot read in a CA bundle, so a garbled CA would verify
 * nothing and fail every handshake later: each block is parsed here.
 * Certificates are public; their errors may quote OpenSSL's message.
 */
const certificateProblem = (field: string, pem: Pem): string | undefined => {
  const blocks = pemBlocks(pemBytes(pem).toString("latin1"), "CERTIFICATE")
  if (blocks.length === 0) return `${field} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`
  for (let i = 0; i < blocks.length; i++) {
    try {
      new crypto.X509Certificate(blocks[i]!)
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      return `${field}: certificate ${i + 1} of ${blocks.length} cannot be read (${reason})`
    }
  }
  return undefined
}

/** Why the private key cannot be used, or `undefined`; never quotes the key. */
const privateKeyProblem = (key: Pem): string | undefined => {
  try {
    crypto.createPrivateKey(pemBytes(key))
    return undefined
  } catch (cause) {
    const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : ""
    return `clientPrivateKey cannot be read as a PEM private key${code.length > 0 ? ` (${code})` : ""}`
  }
}

/** Why a TLS configuration cannot be used, checked before any network, or `undefined`. */
const tlsConfigProblem = (config: TlsConfig): string | undefined => {
  if ((config.clientCert === undefined) !== (config.clientPrivateKey === undefined)) {
    return "clientCert and clientPrivateKey must be given together"
  }
  return (config.serverRootCaCert !== undefined
    ? certificateProblem("serverRootCaCert", config.serverRootCaCert)
    : undefined) ??
    (config.clientCert !== undefined ? certificateProblem("clientCert", config.clientCert) : undefined) ??
    (config.clientPrivateKey !== undefined ? privateKeyProblem(Redacted.value(config.clientPrivateKey)) : undefined)
}

const channelCredentials = (
  address: string,
  options: ConnectionOptions
): Effect.Effect<{ credentials: grpc.ChannelCredentials; channelOptions: grpc.ChannelOptions }, ConnectionError> =>
  Effect.try({
    try: () => {
      const tls = options.tls ?? (options.apiKey !== undefined ? true : false)
      if (tls === false) return { credentials: grpcJs().credentials.createInsecure(), channelOptions: {} }
      const config: TlsConfig = tls === true ? {} : tls
      const problem = tlsConfigProblem(config)
      if (problem !== undefined) throw new Error(problem)
      const credentials = grpcJs().credentials.createSsl(
        config.serverRootCaCert !== undefined ? pemBytes(config.serverRootCaCert) : null,
        config.clientPrivateKey !== undefined ? pemBytes(Redacted.value(config.clientPrivateKey)) : null,
        config.clientCert !== undefined ? pemBytes(config.clientCert) : null
      )
      const channelOptions: grpc.ChannelOptions = config.serverNameOverride !== undefined
        ? {
          "grpc.ssl_target_name_override": config.serverNameOverride,
          "grpc.default_authority": config.serverNameOverride
        }
        : {}
      return { credentials, channelOptions }
    },
    catch: (cause) =>
      new ConnectionError({
        reason: "Tls",
        address,
        description: `Invalid TLS configuration: ${cause instanceof Error ? cause.message : String(cause)}`
      })
  })

const proxyChannelOptions = (address: string, proxy: HttpConnectProxyConfig | undefined): grpc.ChannelOptions => {
  if (proxy === undefined) return {}
  const options: grpc.ChannelOptions = {
    "grpc.enable_http_proxy": 0,
    "grpc.http_connect_target": `dns:///${address}`
  }
  if (proxy.basicAuth !== undefined) {
    options["grpc.http_connect_creds"] = `${proxy.basicAuth.username}:${Redacted.value(proxy.basicAuth.password)}`
  }
  return options
}

const keepAliveChannelOptions = (keepAlive: KeepAliveConfig | false | undefined): grpc.ChannelOptions => {
  if (keepAlive === false) return {}
  return {
    "grpc.keepalive_time_ms": Duration.toMillis(keepAlive?.interval ?? Duration.seconds(30)),
    "grpc.keepalive_timeout_ms": Duration.toMillis(keepAlive?.timeout ?? Duration.seconds(15)),
    "grpc.keepalive_permit_without_calls": 1
  }
}

/** Node's timers take at most 2³¹ − 1 ms; a longer one fires at once (grpc-js keep-alive would ping without pause). */
const maxTimerMillis = 2_147_483_647

/**
 * Why a duration option of the connection cannot be used (not a duration,
 * negative, zero, or longer than a timer can wait), or `undefined`.
 */
const durationProblem = (
  field: string,
  input: Duration.Input | undefined,
  allowInfinite: boolean
): string | undefined => {
  if (input === undefined) return undefined
  if (typeof input === "number" && Number.isNaN(input)) return `${field} is NaN, not a duration`
  const decoded = Duration.fromInput(input as Duration.Input)
  if (Option.isNone(decoded)) return `${field} is not a Duration.Input`
  const negative = (typeof input === "number" && input < 0) ||
    (typeof input === "string" && input.trimStart().startsWith("-"))
  if (negative || Duration.isZero(decoded.value)) return `${field} must be positive`
  if (!Duration.isFinite(decoded.value)) return allowInfinite ? undefined : `${field} must be finite`
  return Duration.toMillis(decoded.value) > maxTimerMillis
    ? `${field} must be at most 24.8 days (2³¹ − 1 ms)`
    : undefined
}

/** Why a bound on calls in flight cannot be used, or `undefined`. */
const boundProblem = (field: string, value: number | undefined): string | undefined =>
  value === undefined || value === Infinity || (Number.isSafeInteger(value) && value > 0)
    ? undefined
    : `${field} must be a positive integer or Infinity`

/** Why the connection's options cannot be used (checked before any network), or `undefined`. */
const optionsProblem = (options: ConnectionOptions): string | undefined =>
  (options.keepAlive !== undefined && options.keepAlive !== false
    ? durationProblem("keepAlive.interval", options.keepAlive.interval, false) ??
      durationProblem("keepAlive.timeout", options.keepAlive.timeout, false)
    : undefined) ??
    durationProblem("connectTimeout", options.connectTimeout, true) ??
    boundProblem("maxConcurrentCalls", options.maxConcurrentCalls) ??
    boundProblem("maxConcurrentLongPolls", options.maxConcurrentLongPolls)

/**
 * Headers as grpc-js metadata. Throws when grpc-js refuses them, which the
 * checks of the per-call pipeline rule out (its message would quote a value).
 */
const toGrpcMetadata = (headers: Readonly<Record<string, string>>): grpc.Metadata => {
  const metadata = new (grpcJs().Metadata)()
  for (const name in headers) metadata.set(name.toLowerCase(), headers[name]!)
  return metadata
}

/**
 * The absolute deadline grpc-js is given for an attempt of `timeoutMillis`:
 * none for `Infinity`. The pipeline refuses longer timeouts than grpc-js can
 * write (it would throw where nothing catches it); this only makes sure.
 */
const deadlineOf = (timeoutMillis: number): number =>
  timeoutMillis === Infinity || timeoutMillis > 315_576_000_000_000 ? Infinity : Date.now() + timeoutMillis

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
 * Open a connection. The channel closes when the scope closes; from then on
 * every call fails with `ConnectionError` reason `Closed`, and the calls in
 * flight at that moment are cancelled and fail the same way. Unless `lazy`,
 * the server is checked with `GetSystemInfo` first.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: ConnectionOptions = {}): Effect.Effect<ConnectionShape, ConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    const address = options.address ?? defaultAddress
    const namespace = options.namespace ?? "default"
    const identity = options.identity ?? defaultIdentity()
    const initialMetadata = options.rpcMetadata ?? {}
    if (address.trim().length === 0) return yield* invalidConfig(address, "address is empty")
    if (options.apiKey !== undefined && hasAuthorization(initialMetadata)) {
      return yield* invalidConfig(address, "apiKey and an `authorization` header in rpcMetadata cannot both be given")
    }
    const problem = optionsProblem(options)
    if (problem !== undefined) return yield* invalidConfig(address, problem)
    if (
      options.keepAlive !== undefined && options.keepAlive !== false && options.keepAlive.interval !== undefined &&
      Duration.isLessThan(Duration.fromInputUnsafe(options.keepAlive.interval), Duration.seconds(10))
    ) {
      yield* Effect.logWarning(
        "keepAlive.interval is below 10 s: Temporal's frontend answers more frequent pings with a too_many_pings GOAWAY"
      )
    }
    const refusedHeaders = Pipeline.connectionHeadersRefused(
      address,
      initialMetadata,
      Option.fromNullishOr(options.apiKey)
    )
    if (refusedHeaders !== undefined) return yield* refusedHeaders
    const { channelOptions: tlsOptions, credentials } = yield* channelCredentials(address, options)
    const target = options.httpConnectProxy?.targetHost ?? address
    const channelOptions: grpc.ChannelOptions = {
      "grpc.max_receive_message_length": 128 * 1024 * 1024,
      "grpc.max_metadata_size": 4 * 1024 * 1024,
      "grpc.primary_user_agent": `${Pipeline.clientName}/${Pipeline.clientVersion}`,
      ...keepAliveChannelOptions(options.keepAlive),
      ...(options.grpcCompression === "gzip" ? { "grpc.default_compression_algorithm": 2 } : {}),
      ...tlsOptions,
      ...proxyChannelOptions(address, options.httpConnectProxy),
      ...options.channelOptions
    }
    const state = makeChannelState({
      address,
      maxConcurrentCalls: options.maxConcurrentCalls ?? defaultMaxConcurrentCalls,
      maxConcurrentLongPolls: options.maxConcurrentLongPolls ?? defaultMaxConcurrentLongPolls
    })
    const client = yield* Effect.acquireRelease(
      Effect.try({
        try: () => new (grpcJs().Client)(target, credentials, channelOptions),
        catch: (cause) =>
          new ConnectionError({
            reason: "InvalidConfig",
            address,
            description: cause instanceof Error ? cause.message : String(cause),
            cause
          })
      }),
      // Calls first (later ones fail `Closed`, those in flight are cancelled), then the channel.
      (client) => Effect.andThen(state.close, Effect.sync(() => client.close()))
    )
    const retryConfig = yield* RetryConfig.RetryConfig
    const retrySchedule = RetryConfig.toSchedule(retryConfig)
    const rpcMetadata = yield* Ref.make(initialMetadata)
    const apiKey = yield* Ref.make(Option.fromNullishOr(options.apiKey))

    const headersOf = Pipeline.makeHeaderCache(address, rpcMetadata, apiKey, toGrpcMetadata)
    // grpc-js adds headers to the metadata it is given: each call sends a copy.
    const grpcTransport: Pipeline.RpcTransport<grpc.Metadata> = (call) =>
      unaryCall(client, call.method, call.bytes, call.headers.clone(), deadlineOf(call.timeoutMillis), call.onCancel)
    const makeServiceClient = <C>(fullName: string): C =>
      Pipeline.makeServiceClientWith<C, grpc.Metadata>(fullName, grpcTransport, retrySchedule, { headersOf, state })

    const workflowService = makeServiceClient<WorkflowServiceClient>(serviceNames.workflowService)
    const healthService = makeServiceClient<HealthServiceClient>(serviceNames.healthService)
    const cachedInfo = yield* Ref.make(Option.none<SystemInfo>())
    const systemInfo: Effect.Effect<SystemInfo, RpcCallError> = Effect.flatMap(
      Ref.get(cachedInfo),
      (cached) =>
        Option.match(cached, {
          onSome: Effect.succeed,
          onNone: () => Effect.tap(workflowService.getSystemInfo({}), (info) => Ref.set(cachedInfo, Option.some(info)))
        })
    )

    if (options.lazy !== true) {
      const connectTimeout = options.connectTimeout ?? Duration.seconds(10)
      const proxy = options.httpConnectProxy
      // Retry the check until the connect timeout, remembering why the last
      // attempt failed, so a refused port says so instead of "timeout".
      const lastError = yield* Ref.make(Option.none<RpcError>())
      let proxyProbed = false
      const attempt = workflowService.getSystemInfo({}, { retry: false }).pipe(
        Effect.tap((info) => Ref.set(cachedInfo, Option.some(info))),
        Effect.tapError((error) => error instanceof RpcError ? Ref.set(lastError, Option.some(error)) : Effect.void),
        Effect.catchIf(
          (error): error is RpcError =>
            error instanceof RpcError && error.code === "UNAVAILABLE" && proxy !== undefined && !proxyProbed,
          (error) => {
            proxyProbed = true
            return Effect.flatMap(
              proxyRefusal(
                address,
                proxy!,
                Math.min(5000, Duration.toMillis(Duration.fromInputUnsafe(connectTimeout)))
              ),
              (refusal): Effect.Effect<never, RpcError | ConnectionError> => Effect.fail(refusal ?? error)
            )
          }
        )
      )
      const check = Pipeline.retryRpcErrors(attempt, retrySchedule).pipe(
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
                    description: `No answer within ${Duration.format(Duration.fromInputUnsafe(connectTimeout))}`
                  }),
                onSome: (error) => connectionErrorFromRpc(address, error)
              })))
        )
      )
    }

    return Connection.of({
      address,
      namespace,
      identity,
      workflowService,
      operatorService: makeServiceClient<OperatorServiceClient>(serviceNames.operatorService),
      testService: makeServiceClient<TestServiceClient>(serviceNames.testService),
      healthService,
      rpcMetadata,
      apiKey,
      systemInfo,
      checkHealth: (service = "") => Effect.map(healthService.check({ service }), (response) => response.status === 1)
    })
  })
