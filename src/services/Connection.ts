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
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as os from "node:os"
import { grpcJs, unaryCall } from "../internal/grpc.js"
import * as Pipeline from "../internal/rpcPipeline.js"
import { serviceNames } from "../internal/proto/services.js"
import { ConnectionError, RpcError } from "../schema/errors.js"
import { pemBytes, type TlsConfig } from "../schema/TlsConfig.js"
import * as RetryConfig from "./RetryConfig.js"

/**
 * Options of one RPC.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /** Deadline of each attempt. Default 30 s, or 70 s for long polls. */
  readonly rpcTimeout?: Duration.DurationInput | undefined
  /** Extra request headers for this call. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
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
 * A typed client of one gRPC service: one method per unary RPC, taking the
 * request message (as its `I…` interface) and answering the response message.
 *
 * @since 0.1.0
 * @category models
 */
export type ServiceClient<S> = {
  readonly [K in keyof RpcSignatures<S>]: RpcSignatures<S>[K] extends [infer Req, infer Res]
    ? (request: Req, options?: CallOptions) => Effect.Effect<Res, RpcError>
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
  readonly interval?: Duration.DurationInput | undefined
  /** Time to wait for a ping's answer before the connection is dropped. Default 15 s. */
  readonly timeout?: Duration.DurationInput | undefined
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
  /** API key, sent as `authorization: Bearer …`. Can be changed later through `apiKey`. */
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /** Headers sent with every call. Can be changed later through `rpcMetadata`. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
  /** Keep-alive pings (30 s / 15 s by default); `false` disables them. */
  readonly keepAlive?: KeepAliveConfig | false | undefined
  /** An HTTP CONNECT proxy to go through. */
  readonly httpConnectProxy?: HttpConnectProxyConfig | undefined
  /** Skip the connect-time `GetSystemInfo` check; connect on first call. Default `false`. */
  readonly lazy?: boolean | undefined
  /** Bound of the connect-time check. Default 10 s. */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /** Compress requests with gzip. Default `"none"`. */
  readonly grpcCompression?: "gzip" | "none" | undefined
  /** Extra grpc-js channel options, for what no other option covers. */
  readonly channelOptions?: grpc.ChannelOptions | undefined
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
  readonly systemInfo: Effect.Effect<SystemInfo, RpcError>
  /** Whether the health service reports `SERVING` for `service` (default: the whole server). */
  readonly checkHealth: (service?: string) => Effect.Effect<boolean, RpcError>
}

/**
 * The connection to a Temporal server.
 *
 * @since 0.1.0
 * @category tags
 */
export class Connection extends Context.Tag("effect-temporal/Connection")<Connection, ConnectionShape>() {}

/**
 * Headers added to every call made by fibers that run inside `withRpcMetadata`.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentRpcMetadata: FiberRef.FiberRef<Readonly<Record<string, string>>> = Pipeline.currentRpcMetadata

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
    Effect.locallyWith(self, currentRpcMetadata, (current) => ({ ...current, ...metadata }))
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

const channelCredentials = (
  address: string,
  options: ConnectionOptions
): Effect.Effect<{ credentials: grpc.ChannelCredentials; channelOptions: grpc.ChannelOptions }, ConnectionError> =>
  Effect.try({
    try: () => {
      const tls = options.tls ?? (options.apiKey !== undefined ? true : false)
      if (tls === false) return { credentials: grpcJs().credentials.createInsecure(), channelOptions: {} }
      const config: TlsConfig = tls === true ? {} : tls
      if ((config.clientCert === undefined) !== (config.clientPrivateKey === undefined)) {
        throw new Error("clientCert and clientPrivateKey must be given together")
      }
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

/**
 * Headers as grpc-js metadata, or the reason grpc-js refuses them (a `-bin`
 * name with a text value, a name or value with characters HTTP/2 forbids).
 */
const toGrpcMetadata = (headers: Readonly<Record<string, string>>): grpc.Metadata | Error => {
  const metadata = new (grpcJs().Metadata)()
  try {
    for (const name in headers) metadata.set(name.toLowerCase(), headers[name]!)
    return metadata
  } catch (cause) {
    return cause instanceof Error ? cause : new Error(String(cause))
  }
}

/**
 * Open a connection. The channel closes when the scope closes. Unless
 * `lazy`, the server is checked with `GetSystemInfo` first.
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
    if (options.keepAlive !== undefined && options.keepAlive !== false && options.keepAlive.interval !== undefined &&
      Duration.lessThan(Duration.decode(options.keepAlive.interval), Duration.seconds(10))) {
      yield* Effect.logWarning(
        "keepAlive.interval is below 10 s: Temporal's frontend answers more frequent pings with a too_many_pings GOAWAY"
      )
    }
    const invalidHeaders = toGrpcMetadata(initialMetadata)
    if (invalidHeaders instanceof Error) {
      return yield* invalidConfig(address, `rpcMetadata: ${invalidHeaders.message}`)
    }
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
      (client) => Effect.sync(() => client.close())
    )
    const retryConfig = yield* RetryConfig.RetryConfig
    const retrySchedule = RetryConfig.toSchedule(retryConfig)
    const rpcMetadata = yield* Ref.make(initialMetadata)
    const apiKey = yield* Ref.make(Option.fromNullable(options.apiKey))

    const headersOf = Pipeline.makeHeaderCache(rpcMetadata, apiKey, toGrpcMetadata)
    const grpcTransport: Pipeline.RpcTransport = (call) =>
      Effect.flatMap(headersOf(call.namespace, call.options?.rpcMetadata), (metadata) => {
        if (metadata instanceof Error) {
          return Effect.fail(
            new RpcError({
              code: "INVALID_ARGUMENT",
              message: `Invalid request metadata: ${metadata.message}`,
              method: call.method.name,
              details: []
            })
          )
        }
        // grpc-js adds headers to the metadata it is given: each call sends a copy.
        return unaryCall(client, call.method, call.bytes, metadata.clone(), Date.now() + call.timeoutMillis, call.onCancel)
      })
    const makeServiceClient = <C>(fullName: string): C =>
      Pipeline.makeServiceClientWith<C>(fullName, grpcTransport, retrySchedule)

    const workflowService = makeServiceClient<WorkflowServiceClient>(serviceNames.workflowService)
    const healthService = makeServiceClient<HealthServiceClient>(serviceNames.healthService)
    const cachedInfo = yield* Ref.make(Option.none<SystemInfo>())
    const systemInfo: Effect.Effect<SystemInfo, RpcError> = Effect.flatMap(Ref.get(cachedInfo), (cached) =>
      Option.match(cached, {
        onSome: Effect.succeed,
        onNone: () =>
          Effect.tap(workflowService.getSystemInfo({}), (info) => Ref.set(cachedInfo, Option.some(info)))
      }))

    if (options.lazy !== true) {
      const connectTimeout = options.connectTimeout ?? Duration.seconds(10)
      // Retry the check until the connect timeout, remembering why the last
      // attempt failed, so a refused port says so instead of "timeout".
      const lastError = yield* Ref.make(Option.none<RpcError>())
      const check = workflowService.getSystemInfo({}, { retry: false }).pipe(
        Effect.tap((info) => Ref.set(cachedInfo, Option.some(info))),
        Effect.tapError((error) => Ref.set(lastError, Option.some(error))),
        Effect.retry(retrySchedule),
        Effect.asVoid,
        Effect.catchIf((error) => error.code === "UNIMPLEMENTED", () => Effect.void),
        Effect.mapError((error) => connectionErrorFromRpc(address, error))
      )
      yield* check.pipe(
        Effect.timeout(connectTimeout),
        Effect.catchTag("TimeoutException", () =>
          Effect.flatMap(Ref.get(lastError), (last) =>
            Effect.fail(Option.match(last, {
              onNone: () =>
                new ConnectionError({
                  reason: "Timeout",
                  address,
                  description: `No answer within ${Duration.format(Duration.decode(connectTimeout))}`
                }),
              onSome: (error) => connectionErrorFromRpc(address, error)
            }))))
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
      checkHealth: (service = "") =>
        Effect.map(healthService.check({ service }), (response) => response.status === 1)
    })
  })
