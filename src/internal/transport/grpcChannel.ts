/**
 * A channel (grpc-js, or the library's own HTTP/2 for `transport: "http2"`)
 * opened for the life of a scope, with the per-call pipeline on top: the one place a channel is opened, by `Connection.make`
 * and by `CloudOperations.make`. Its options are a connection's, checked
 * first (`decodeConnectionOptions`, `channelCredentials`).
 *
 * @internal
 */
import type * as grpc from "@grpc/grpc-js"
import * as Effect from "effect/Effect"
import type * as Ref from "effect/Ref"
import type * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { RpcMetadata } from "../../schema/Common.js"
import { ConnectionError, type RpcError } from "../../schema/TemporalError.js"
import type { ConnectionOptions } from "../../services/Connection.js"
import * as RetryConfig from "../../services/RetryConfig.js"
import {
  channelCredentials,
  channelTarget,
  compressFrom,
  type ConnectionDurations,
  grpcChannelOptions
} from "./channelOptions.js"
import { defaultMaxConcurrentCalls, defaultMaxConcurrentLongPolls, makeChannelState } from "./channelState.js"
import { grpcJs, unaryCall } from "./grpcJs.js"
import { http2OptionsProblem, openHttp2Transport } from "./http2/transport.js"
import * as Pipeline from "./pipeline.js"

/**
 * Headers as grpc-js metadata. Throws when grpc-js refuses them, which the
 * checks of the per-call pipeline rule out (its message would quote a value).
 *
 * @internal
 */
export const toGrpcMetadata = (headers: RpcMetadata): grpc.Metadata => {
  const metadata = new (grpcJs().Metadata)()
  for (const name in headers) {
    const value = headers[name]!
    // grpc-js takes a binary (`-bin`) header's value as a Buffer only: a view on the same bytes.
    metadata.set(
      name.toLowerCase(),
      typeof value === "string" || Buffer.isBuffer(value)
        ? value
        : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    )
  }
  return metadata
}

/**
 * The absolute deadline grpc-js is given for an attempt of `timeoutMillis`:
 * none for `Infinity`. The pipeline refuses longer timeouts than grpc-js can
 * write (it would throw where nothing catches it); this only makes sure.
 *
 * @internal
 */
export const deadlineOf = (timeoutMillis: number): number =>
  timeoutMillis === Infinity || timeoutMillis > 315_576_000_000_000 ? Infinity : Date.now() + timeoutMillis

/**
 * What opening a channel needs besides the connection's options.
 *
 * @internal
 */
export interface GrpcChannelParams {
  /** The server's `host:port`, for the channel and for errors. */
  readonly address: string
  /** The channel's options: TLS, keep-alive, proxy, compression, grpc-js options, bounds on calls in flight. */
  readonly options: ConnectionOptions
  /** The options' durations, decoded by `decodeConnectionOptions`. */
  readonly durations: ConnectionDurations
  /** Headers sent with every call (changed through the `Ref`; only read here). */
  readonly rpcMetadata: Ref.Ref<RpcMetadata> | Ref.Ref<Readonly<Record<string, string>>>
  /** The API key of each call (see `Pipeline.apiKeyOfCall`). */
  readonly apiKey: Pipeline.ApiKeySource
  /**
   * Headers under every other source: a header of the same name (of the
   * channel's `rpcMetadata`, a fiber's or a call's) wins. Checked by the
   * caller.
   */
  readonly baseHeaders?: Readonly<Record<string, string>> | undefined
}

/**
 * An open channel.
 *
 * @internal
 */
export interface GrpcChannel {
  /** A typed client of the service of that full name, calls through the per-call pipeline. */
  readonly makeServiceClient: <C>(fullName: string) => C
  /** The retry schedule of the `RetryConfig` in force when the channel opened. */
  readonly retrySchedule: Schedule.Schedule<unknown, RpcError>
}

/**
 * Open a channel to `address` over the connection's transport (`transportOf`:
 * the own HTTP/2 transport by default, or grpc-js), closed with the scope: from then on
 * every call fails with `ConnectionError` reason `Closed`, and the calls in
 * flight at that moment are cancelled and fail the same way. Nothing is sent
 * until the first call. Fails with `ConnectionError` reason `Tls` for a TLS
 * configuration that cannot be used, `InvalidConfig` when grpc-js refuses
 * the channel or the HTTP/2 transport an option it does not take
 * (`channelOptions`, `dnsLoadBalancing`).
 *
 * @internal
 */
export const openGrpcChannel = (
  params: GrpcChannelParams
): Effect.Effect<GrpcChannel, ConnectionError, Scope.Scope> =>
  transportOf(params.options) === "http2" ? openHttp2Channel(params) : openGrpcJsChannel(params)

/**
 * The transport a connection speaks: the one it names, else `http2` unless it
 * has an option only grpc-js takes (`channelOptions`, `dnsLoadBalancing`).
 *
 * @internal
 */
export const transportOf = (options: ConnectionOptions): "grpc-js" | "http2" =>
  options.transport ?? (http2OptionsProblem(options) === undefined ? "http2" : "grpc-js")

/** The shared state, retry schedule and header cache of a channel over `transport`. */
const channelOver = <H>(
  params: GrpcChannelParams,
  state: ReturnType<typeof makeChannelState>,
  transport: Pipeline.RpcTransport<H>,
  build: (headers: Record<string, string | Uint8Array>) => H
): Effect.Effect<GrpcChannel> =>
  Effect.gen(function*() {
    const retrySchedule = RetryConfig.toSchedule(yield* RetryConfig.RetryConfig)
    const base = params.baseHeaders
    const headersOf = Pipeline.makeHeaderCache(
      params.address,
      params.rpcMetadata,
      params.apiKey,
      base === undefined ? build : (headers) => build({ ...base, ...headers })
    )
    return {
      makeServiceClient: <C>(fullName: string): C =>
        Pipeline.makeServiceClientWith<C, H>(fullName, transport, retrySchedule, { headersOf, state }),
      retrySchedule
    }
  })

const stateOf = (params: GrpcChannelParams) =>
  makeChannelState({
    address: params.address,
    maxConcurrentCalls: params.options.maxConcurrentCalls ?? defaultMaxConcurrentCalls,
    maxConcurrentLongPolls: params.options.maxConcurrentLongPolls ?? defaultMaxConcurrentLongPolls
  })

/** The channel over grpc-js. */
const openGrpcJsChannel = (
  params: GrpcChannelParams
): Effect.Effect<GrpcChannel, ConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    const { address, options } = params
    const { channelOptions: tlsOptions, credentials } = yield* channelCredentials(address, options)
    const target = channelTarget(address, options, params.durations)
    const channelOptions = grpcChannelOptions(address, options, params.durations, tlsOptions)
    const state = stateOf(params)
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
    // A message shorter than this is flagged to go uncompressed. A channel that does not
    // compress (`"none"`) needs no flag: 0 sends every call as it is.
    const compressFromBytes = options.grpcCompression === "none" ? 0 : compressFrom(options)
    // grpc-js adds headers to the metadata it is given: each call sends a copy.
    const transport: Pipeline.RpcTransport<grpc.Metadata> = (call) =>
      unaryCall(
        client,
        call.method,
        call.bytes,
        call.headers.clone(),
        deadlineOf(call.timeoutMillis),
        call.bytes.byteLength >= compressFromBytes,
        call.onCancel
      )
    return yield* channelOver(params, state, transport, toGrpcMetadata)
  })

/** The channel over the library's own HTTP/2 (`transport: "http2"`). */
const openHttp2Channel = (
  params: GrpcChannelParams
): Effect.Effect<GrpcChannel, ConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    const state = stateOf(params)
    const { buildHeaders, transport } = yield* openHttp2Transport(params.address, params.options, params.durations)
    // Released before the transport: calls first (later ones fail `Closed`, those in flight are cancelled).
    yield* Effect.addFinalizer(() => state.close)
    return yield* channelOver(params, state, transport, buildHeaders)
  })
