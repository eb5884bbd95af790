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
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import * as os from "node:os"
import { serviceNames } from "../internal/proto/services.js"
import { decodeConnectionOptions } from "../internal/transport/channelOptions.js"
import { connectCheck, invalidConfig } from "../internal/transport/connectCheck.js"
import { openGrpcChannel } from "../internal/transport/grpcChannel.js"
import * as Pipeline from "../internal/transport/pipeline.js"
import type { RpcMetadata, RpcOptions } from "../schema/Common.js"
import type { ConnectionError, InvalidArgumentError, RpcError } from "../schema/TemporalError.js"
import type { TlsConfig } from "../schema/TlsConfig.js"

/**
 * Options of one RPC: `rpcTimeout`, the deadline of each attempt (default 30
 * s, or 70 s for long polls; a positive duration of at most 10 000 years, or
 * `Duration.infinity` for none; anything else fails with
 * `InvalidArgumentError` before any RPC), and `rpcMetadata`, extra request
 * headers (names and values checked before any RPC: printable ASCII text,
 * or a `Uint8Array` for a binary `-bin` name; no connection-specific,
 * transport-owned or `grpc-` names).
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

/**
 * The unary RPCs of a generated gRPC service type: method name to its
 * `[request, response]` message types (the shape {@link ServiceClient} maps).
 *
 * @since 1.0.0
 * @category models
 */
export type RpcSignatures<S> = {
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
 * Balance calls across every address the server's host name resolves to,
 * round-robin, instead of sending them all to the first one that answers
 * (one connection per address).
 *
 * @since 1.0.0
 * @category models
 */
export interface DnsLoadBalancingConfig {
  /**
   * The least time between two resolutions of the host name. The name is
   * resolved again when a connection to one of its addresses drops or
   * fails, at most this often. Default 30 s.
   */
  readonly resolutionInterval?: Duration.Input | undefined
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
   * API key, sent as `authorization: Bearer …`: a key, or an Effect giving
   * the key, run for every call (a key that rotates, read from a secret
   * store; cache it there if reading is slow). A fixed key can be changed
   * later through `apiKey`; `withApiKey` sets one for the calls of a scope.
   * Whitespace around it (a line break read from a file) is
   * dropped; a key with a line break, NUL, control or non-ASCII character
   * inside is refused (`ConnectionError` reason `InvalidConfig`, without the key).
   */
  readonly apiKey?: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>> | undefined
  /**
   * Headers sent with every call. Can be changed later through
   * `rpcMetadata`. A binary header (a name ending in `-bin`) takes bytes, a
   * `Uint8Array`, sent binary as gRPC requires; any other takes text.
   * Refused (`ConnectionError` reason `InvalidConfig`, naming
   * the header, never its value): text values other than printable ASCII,
   * text for a `-bin` name or bytes for another, names
   * other than letters, digits, `_`, `.` and `-`,
   * connection-specific names (`connection`, `keep-alive`,
   * `proxy-connection`, `transfer-encoding`, `upgrade`, `http2-settings`),
   * names the transport sets (`host`, `te`, `content-type`,
   * `content-length`, `:`-prefixed) and `grpc-` names.
   */
  readonly rpcMetadata?: RpcMetadata | undefined
  /** Keep-alive pings (30 s / 15 s by default); `false` disables them. */
  readonly keepAlive?: KeepAliveConfig | false | undefined
  /** An HTTP CONNECT proxy to go through. */
  readonly httpConnectProxy?: HttpConnectProxyConfig | undefined
  /**
   * Resolve the address's host name and balance calls round-robin across
   * all its addresses: `true` (or a `DnsLoadBalancingConfig`) to turn it
   * on. Default off: every call goes to one address. Cannot be combined
   * with `httpConnectProxy` (the proxy resolves the name), nor with a
   * `grpc.service_config` of `channelOptions`, nor with `transport:
   * "http2"` (grpc-js balances): refused with `ConnectionError` reason
   * `InvalidConfig` before connecting. Turned on without a `transport`, the
   * connection speaks grpc-js.
   */
  readonly dnsLoadBalancing?: boolean | DnsLoadBalancingConfig | undefined
  /** Skip the connect-time `GetSystemInfo` check; connect on first call. Default `false`. */
  readonly lazy?: boolean | undefined
  /**
   * How long the connect-time check (and the namespace check of
   * `layerConnect`) may take. Default 5 s. An address that refuses, cannot be
   * resolved or fails the TLS handshake gives up when it passes with
   * `ConnectionError` of the last attempt's reason (`Unreachable`, `Tls`,
   * `Unauthenticated`); one that never answers with reason `Timeout`.
   */
  readonly connectTimeout?: Duration.Input | undefined
  /**
   * Compress requests with gzip. Default `"gzip"`, as the Python SDK (1.35)
   * and the other Core-based SDKs do: a Temporal server accepts gzip, and
   * payloads compress well. `"none"` sends requests uncompressed (for a
   * proxy that cannot read compressed gRPC). Responses are decompressed
   * either way.
   */
  readonly grpcCompression?: "gzip" | "none" | undefined
  /**
   * The shortest request message, in bytes, that `grpcCompression: "gzip"`
   * compresses; shorter ones are sent uncompressed (gRPC flags each message
   * as compressed or not, and a server that takes gzip takes both). Default
   * 1024: below that gzip saves a few bytes at most, while compressing costs
   * the client more CPU than the rest of a small call. `0` compresses every
   * request. A non-negative integer, or `Infinity`.
   */
  readonly grpcCompressionMinBytes?: number | undefined
  /**
   * Extra grpc-js channel options, for what no other option covers. grpc-js
   * only: a connection given some (and no `transport`) speaks grpc-js; with
   * `transport: "http2"` they are refused (`ConnectionError` reason
   * `InvalidConfig`).
   */
  readonly channelOptions?: grpc.ChannelOptions | undefined
  /**
   * The gRPC transport: `"http2"`, gRPC over HTTP/2 framed by the library
   * itself on a `node:net`/`node:tls` socket (a quarter to a third of the
   * client CPU per call of grpc-js, less than `node:http2` alone), or
   * `"grpc-js"`. Default `"http2"`, except for a connection given an option
   * only grpc-js takes (`channelOptions`, `dnsLoadBalancing`), which speaks
   * grpc-js; choose `"grpc-js"` for its `GRPC_TRACE` logging. Both keep one
   * connection with keep-alive pings, reconnect with
   * backoff, follow GOAWAY, speak TLS and mTLS (with `serverNameOverride` and
   * `verificationServerName`), go through an HTTP CONNECT proxy, send
   * deadlines, cancel with RST_STREAM, gzip requests (per
   * `grpcCompression`), decompress responses and decode status details, and
   * fail the same way (a connection failure is UNAVAILABLE on both). The
   * `"http2"` transport does not take the grpc-js-only options: named with
   * either, the connection fails with `ConnectionError` reason
   * `InvalidConfig` before any network.
   */
  readonly transport?: "grpc-js" | "http2" | undefined
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
  readonly rpcMetadata: Ref.Ref<RpcMetadata>
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
export const currentRpcMetadata: Context.Reference<RpcMetadata> = Pipeline.currentRpcMetadata

/**
 * Run an effect with extra request headers on every RPC it makes (a
 * `Uint8Array` for a binary `-bin` name; checked on each call, a refused one
 * failing it with `InvalidArgumentError`).
 *
 * @since 0.1.0
 * @category combinators
 */
export const withRpcMetadata: {
  (metadata: RpcMetadata): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, metadata: RpcMetadata): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, metadata: RpcMetadata): Effect.Effect<A, E, R> =>
    Effect.updateService(self, currentRpcMetadata, (current) => ({ ...current, ...metadata }))
)

/**
 * The API key set by `withApiKey` for the fibers inside it (none by default).
 *
 * @since 1.0.0
 * @category fiber refs
 */
export const currentApiKey: Context.Reference<Option.Option<Redacted.Redacted<string>>> = Pipeline.currentApiKey

/**
 * Run an effect with its own API key on every RPC it makes, over the
 * connection's (a tenant's key, a key with other rights). The key is
 * checked as the connection's is.
 *
 * @since 1.0.0
 * @category combinators
 */
export const withApiKey: {
  (apiKey: Redacted.Redacted<string>): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, apiKey: Redacted.Redacted<string>): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, apiKey: Redacted.Redacted<string>): Effect.Effect<A, E, R> =>
    Effect.provideService(self, currentApiKey, Option.some(apiKey))
)

const defaultAddress = "localhost:7233"
const hasAuthorization = (metadata: RpcMetadata): boolean =>
  Object.keys(metadata).some((k) => k.toLowerCase() === "authorization")

/**
 * The default identity: `pid@hostname`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultIdentity = (): string => `${process.pid}@${os.hostname()}`

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
    const decoded = decodeConnectionOptions(options)
    if (Result.isFailure(decoded)) return yield* invalidConfig(address, decoded.failure)
    const durations = decoded.success
    if (
      durations.keepAlive !== false && durations.keepAliveIntervalGiven &&
      Duration.isLessThan(durations.keepAlive.interval, Duration.seconds(10))
    ) {
      yield* Effect.logWarning(
        "keepAlive.interval is below 10 s: Temporal's frontend answers more frequent pings with a too_many_pings GOAWAY"
      )
    }
    const keyProvider = Effect.isEffect(options.apiKey) ? options.apiKey : undefined
    const fixedApiKey = keyProvider === undefined
      ? Option.fromNullishOr(options.apiKey as Redacted.Redacted<string> | undefined)
      : Option.none()
    const refusedHeaders = Pipeline.connectionHeadersRefused(address, initialMetadata, fixedApiKey)
    if (refusedHeaders !== undefined) return yield* refusedHeaders
    const rpcMetadata = yield* Ref.make<RpcMetadata>(initialMetadata)
    const apiKey = yield* Ref.make(fixedApiKey)
    const { makeServiceClient, retrySchedule } = yield* openGrpcChannel({
      address,
      options,
      durations,
      rpcMetadata,
      apiKey: Pipeline.apiKeyOfCall(apiKey, keyProvider)
    })

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
      yield* connectCheck({
        address,
        getSystemInfo: workflowService.getSystemInfo,
        onSystemInfo: (info) => Ref.set(cachedInfo, Option.some(info)),
        retrySchedule,
        connectTimeout: durations.connectTimeout,
        proxy: options.httpConnectProxy
      })
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
