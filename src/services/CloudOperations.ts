/**
 * The Temporal Cloud Operations API client: one typed Effect method per RPC
 * of `temporal.api.cloud.cloudservice.v1.CloudService`, over a channel of
 * its own to `saas-api.tmprl.cloud:443`.
 *
 * @since 1.0.0
 */
import type * as grpc from "@grpc/grpc-js"
import type { temporal } from "@temporalio/proto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import { serviceNames } from "../internal/proto/services.js"
import { decodeConnectionOptions } from "../internal/transport/channelOptions.js"
import { invalidConfig } from "../internal/transport/connectCheck.js"
import { openGrpcChannel } from "../internal/transport/grpcChannel.js"
import { illegalCharacter, normalizeApiKey } from "../internal/transport/headers.js"
import * as Pipeline from "../internal/transport/pipeline.js"
import type { ConnectionError } from "../schema/TemporalError.js"
import type { TlsConfig } from "../schema/TlsConfig.js"
import type { HttpConnectProxyConfig, KeepAliveConfig, ServiceClient } from "./Connection.js"

/**
 * `temporal.api.cloud.cloudservice.v1.CloudService`: one method per RPC
 * (`getUsers`, `getNamespaces`, `createNamespace`, `getAsyncOperation`, …),
 * taking the request message and `CallOptions` (`rpcTimeout`,
 * `rpcMetadata`, `retry`) and answering the response message, as the
 * service clients of a `Connection` do.
 *
 * @since 1.0.0
 * @category models
 */
export type CloudServiceClient = ServiceClient<temporal.api.cloud.cloudservice.v1.CloudService>

/**
 * The Cloud Operations API's address: `saas-api.tmprl.cloud:443`.
 *
 * @since 1.0.0
 * @category constants
 */
export const defaultAddress = "saas-api.tmprl.cloud:443"

/**
 * The API version sent by default in the `temporal-cloud-api-version`
 * header: `v0.17.0`, the version of the Cloud Operations API protos that
 * `@temporalio/proto` ships (and so of the request and response messages
 * this client encodes and decodes). The server reads the header to mutate
 * resources safely: a field newer than the version sent is ignored.
 *
 * @since 1.0.0
 * @category constants
 */
export const defaultVersion = "v0.17.0"

/**
 * The header that carries the API version.
 *
 * @since 1.0.0
 * @category constants
 */
export const versionHeader = "temporal-cloud-api-version"

/**
 * Options of `CloudOperations.layer` / `CloudOperations.make`. All are
 * checked before the channel opens: a problem fails with `ConnectionError`
 * reason `InvalidConfig` (reason `Tls` for a TLS configuration), which
 * never quotes the API key.
 *
 * @since 1.0.0
 * @category models
 */
export interface CloudOperationsOptions {
  /**
   * The Temporal Cloud API key, sent as `authorization: Bearer …`: a key,
   * or an Effect giving the key, run for every call (a key that rotates;
   * cache it there if reading is slow). Required. A fixed key can be
   * changed later through `apiKey`; `Connection.withApiKey` sets one for the
   * calls of a scope. Whitespace around it is dropped; an empty key, or one
   * with a line break, NUL, control or non-ASCII character inside, is
   * refused.
   */
  readonly apiKey: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>
  /**
   * The API version, sent in the `temporal-cloud-api-version` header of
   * every call. Default {@link defaultVersion}, the version of the protos
   * this client speaks. Printable ASCII.
   */
  readonly version?: string | undefined
  /** `host:port` of the API. Default {@link defaultAddress}. */
  readonly address?: string | undefined
  /** TLS: `true` for system roots, a `TlsConfig`, or `false`. Default `true`. */
  readonly tls?: boolean | TlsConfig | undefined
  /**
   * Headers sent with every call, under the version header (a
   * `temporal-cloud-api-version` here wins over `version`). Can be changed
   * later through `rpcMetadata`. Refused as a `Connection`'s are (names and
   * values checked, never quoted), and so is an `authorization` header:
   * the API key is sent in it.
   */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
  /** Keep-alive pings (30 s / 15 s by default); `false` disables them. */
  readonly keepAlive?: KeepAliveConfig | false | undefined
  /** An HTTP CONNECT proxy to go through. */
  readonly httpConnectProxy?: HttpConnectProxyConfig | undefined
  /** Compress requests with gzip. Default `"gzip"`, as the Python SDK's Cloud Operations client; `"none"` to send them uncompressed. */
  readonly grpcCompression?: "gzip" | "none" | undefined
  /** The shortest request message, in bytes, that is compressed; default 1024 (see `ConnectionOptions.grpcCompressionMinBytes`). */
  readonly grpcCompressionMinBytes?: number | undefined
  /** Extra grpc-js channel options, for what no other option covers. */
  readonly channelOptions?: grpc.ChannelOptions | undefined
  /**
   * Calls in flight at most on this channel; more wait, first come first
   * served, before they are encoded. A positive integer, or `Infinity` for
   * no bound. Default 250.
   */
  readonly maxConcurrentCalls?: number | undefined
}

/**
 * The Cloud Operations client.
 *
 * @since 1.0.0
 * @category models
 */
export interface CloudOperationsShape {
  /** The API's address, `host:port`. */
  readonly address: string
  /** The API version sent in the `temporal-cloud-api-version` header. */
  readonly version: string
  /** The RPCs of `temporal.api.cloud.cloudservice.v1.CloudService`. */
  readonly cloudService: CloudServiceClient
  /** Headers sent with every call; set it to change them for the calls that follow. */
  readonly rpcMetadata: Ref.Ref<Readonly<Record<string, string>>>
  /** The API key (when given as a key, not an Effect); set it to rotate the key for the calls that follow. */
  readonly apiKey: Ref.Ref<Option.Option<Redacted.Redacted<string>>>
}

/**
 * The Temporal Cloud Operations API client.
 *
 * @since 1.0.0
 * @category tags
 */
export class CloudOperations
  extends Context.Service<CloudOperations, CloudOperationsShape>()("effect-temporal/CloudOperations")
{}

/** Why an address cannot be used, or `undefined`. */
const addressProblem = (address: unknown): string | undefined => {
  if (typeof address !== "string") return `address is not a string (${typeof address})`
  if (address.trim().length === 0) return "address is empty"
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    return "address is host:port (saas-api.tmprl.cloud:443), not a URL: drop the scheme"
  }
  const illegal = illegalCharacter(address)
  if (illegal !== undefined) return `address contains ${illegal}`
  return /\s/.test(address) ? "address contains whitespace" : undefined
}

/** Why the version cannot be sent, or `undefined`. */
const versionProblem = (version: unknown): string | undefined => {
  if (typeof version !== "string") return `version is not a string (${typeof version})`
  if (version.trim().length === 0) return "version is empty"
  const illegal = illegalCharacter(version)
  return illegal === undefined ? undefined : `version contains ${illegal}; header values must be printable ASCII`
}

/** Why a fixed API key cannot be used, or `undefined`; never quotes the key. */
const fixedKeyProblem = (apiKey: unknown): string | undefined => {
  if (!Redacted.isRedacted(apiKey)) return "apiKey must be a Redacted string (Redacted.make(key)) or an Effect of one"
  const key: unknown = Redacted.value(apiKey)
  return typeof key === "string" && normalizeApiKey(key).length === 0 ? "apiKey is empty" : undefined
}

const hasAuthorization = (metadata: Readonly<Record<string, string>>): boolean =>
  Object.keys(metadata).some((k) => k.toLowerCase() === "authorization")

/**
 * Open a Cloud Operations client. The options are checked first; nothing is
 * sent until the first call (the API has no handshake call to make: a wrong
 * key or address shows on the first call, as an `RpcError`). The channel
 * closes when the scope closes; from then on every call fails with
 * `ConnectionError` reason `Closed`, and the calls in flight at that moment
 * are cancelled and fail the same way. Calls retry with the `RetryConfig`
 * in force when the client is made.
 *
 * @since 1.0.0
 * @category constructors
 */
export const make = (
  options: CloudOperationsOptions
): Effect.Effect<CloudOperationsShape, ConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    const address = options.address ?? defaultAddress
    const shownAddress = typeof address === "string" ? address : String(address)
    const version = options.version ?? defaultVersion
    const initialMetadata = options.rpcMetadata ?? {}
    const badAddress = addressProblem(address)
    if (badAddress !== undefined) return yield* invalidConfig(shownAddress, badAddress)
    if (options.apiKey === undefined || options.apiKey === null) {
      return yield* invalidConfig(address, "apiKey is required: the Cloud Operations API authenticates every call")
    }
    const keyProvider = Effect.isEffect(options.apiKey) ? options.apiKey : undefined
    if (keyProvider === undefined) {
      const keyProblem = fixedKeyProblem(options.apiKey)
      if (keyProblem !== undefined) return yield* invalidConfig(address, keyProblem)
    }
    const badVersion = versionProblem(version)
    if (badVersion !== undefined) return yield* invalidConfig(address, badVersion)
    if (typeof initialMetadata === "object" && initialMetadata !== null && hasAuthorization(initialMetadata)) {
      return yield* invalidConfig(address, "apiKey and an `authorization` header in rpcMetadata cannot both be given")
    }
    const channelOptions = {
      address,
      tls: options.tls ?? true,
      rpcMetadata: initialMetadata,
      keepAlive: options.keepAlive,
      httpConnectProxy: options.httpConnectProxy,
      grpcCompression: options.grpcCompression,
      grpcCompressionMinBytes: options.grpcCompressionMinBytes,
      channelOptions: options.channelOptions,
      maxConcurrentCalls: options.maxConcurrentCalls
    }
    const decoded = decodeConnectionOptions(channelOptions)
    if (Result.isFailure(decoded)) return yield* invalidConfig(address, decoded.failure)
    const fixedApiKey = keyProvider === undefined
      ? Option.some(options.apiKey as Redacted.Redacted<string>)
      : Option.none()
    const refusedHeaders = Pipeline.connectionHeadersRefused(address, initialMetadata, fixedApiKey)
    if (refusedHeaders !== undefined) return yield* refusedHeaders
    const rpcMetadata = yield* Ref.make(initialMetadata)
    const apiKey = yield* Ref.make(fixedApiKey)
    const { makeServiceClient } = yield* openGrpcChannel({
      address,
      options: channelOptions,
      durations: decoded.success,
      rpcMetadata,
      apiKey: Pipeline.apiKeyOfCall(apiKey, keyProvider),
      baseHeaders: { [versionHeader]: version }
    })
    return CloudOperations.of({
      address,
      version,
      cloudService: makeServiceClient<CloudServiceClient>(serviceNames.cloudService),
      rpcMetadata,
      apiKey
    })
  })
