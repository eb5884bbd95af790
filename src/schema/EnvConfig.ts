/**
 * The model of Temporal's environment configuration ("envconfig"): the
 * profiles of a `temporal.toml` file, as the Temporal CLI and the official
 * SDKs read and write them, and their conversion to `ConnectionOptions`.
 *
 * TOML keys are snake_case (`api_key`, `server_ca_cert_path`, ...); the model
 * uses camelCase. Secrets (the API key, the client key data, the codec auth)
 * are `Redacted`.
 *
 * @since 0.1.0
 */
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { invalidData, sourceUnavailable } from "../internal/envConfig/errors.js"
import { fileSystem } from "../internal/fileSystem.js"
import type { ConnectionOptions } from "../services/Connection.js"
import type { Pem, TlsConfig } from "./TlsConfig.js"

/**
 * Where a certificate comes from: a file path (`*_path` in TOML, read when the
 * connection options are built) or the PEM text itself (`*_data`).
 *
 * @since 0.1.0
 * @category models
 */
export const DataSource = Schema.Union([
  Schema.TaggedStruct("Path", {
    /** The path of a PEM file (`*_path` in TOML), read when the connection options are built. */
    path: Schema.String
  }),
  Schema.TaggedStruct("Data", {
    /** The PEM text itself (`*_data` in TOML). */
    data: Schema.String
  })
])

/**
 * @since 0.1.0
 * @category models
 */
export type DataSource = typeof DataSource.Type

/**
 * Where a secret (the client private key) comes from: a file path or the PEM
 * text itself, kept `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export const SecretDataSource = Schema.Union([
  Schema.TaggedStruct("Path", {
    /** The path of the PEM file holding the secret (`*_path` in TOML), read when the connection options are built. */
    path: Schema.String
  }),
  Schema.TaggedStruct("Data", {
    /** The PEM text itself (`*_data` in TOML), `Redacted` so it never shows in logs. */
    data: Schema.Redacted(Schema.String)
  })
])

/**
 * @since 0.1.0
 * @category models
 */
export type SecretDataSource = typeof SecretDataSource.Type

/**
 * TLS settings of a profile (TOML table `[profile.NAME.tls]`).
 *
 * @since 0.1.0
 * @category models
 */
export const ClientConfigTls = Schema.Struct({
  /**
   * `disabled`: `true` turns TLS off, `false` turns it on; unset, TLS is on
   * because the table is there. (Env: `TEMPORAL_TLS`, with the opposite sense.)
   */
  disabled: Schema.optional(Schema.Boolean),
  /** `client_cert_path` / `client_cert_data`: the client certificate for mTLS. */
  clientCert: Schema.optional(DataSource),
  /** `client_key_path` / `client_key_data`: the client private key for mTLS. */
  clientKey: Schema.optional(SecretDataSource),
  /** `server_ca_cert_path` / `server_ca_cert_data`: the CA to verify the server with. */
  serverCaCert: Schema.optional(DataSource),
  /** `server_name`: the name to verify the server's certificate against (SNI). */
  serverName: Schema.optional(Schema.String),
  /**
   * `disable_host_verification`: skip host name verification. Read and written
   * for compatibility; this client does not support it and ignores it with a
   * warning (as the Rust core SDK ignores it).
   */
  disableHostVerification: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ClientConfigTls = typeof ClientConfigTls.Type

/**
 * Remote codec settings of a profile (TOML table `[profile.NAME.codec]`), for
 * tools that decode payloads through a codec server. Not used by the
 * connection.
 *
 * @since 0.1.0
 * @category models
 */
export const ClientConfigCodec = Schema.Struct({
  /** `endpoint`: the codec server's URL. */
  endpoint: Schema.optional(Schema.String),
  /** `auth`: the `authorization` header value sent to the codec server. */
  auth: Schema.optional(Schema.Redacted(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type ClientConfigCodec = typeof ClientConfigCodec.Type

/**
 * One profile (TOML table `[profile.NAME]`).
 *
 * @since 0.1.0
 * @category models
 */
export const ClientConfigProfile = Schema.Struct({
  /** `address`: `host:port` of the frontend. */
  address: Schema.optional(Schema.String),
  /** `namespace`. */
  namespace: Schema.optional(Schema.String),
  /** `api_key`: sent as `authorization: Bearer …`; turns TLS on unless `tls.disabled`. */
  apiKey: Schema.optional(Schema.Redacted(Schema.String)),
  /** `[tls]`: present means TLS on unless `disabled = true`. */
  tls: Schema.optional(ClientConfigTls),
  /** `[codec]`. */
  codec: Schema.optional(ClientConfigCodec),
  /** `[grpc_meta]`: headers sent with every call; names lower-cased, `_` turned into `-`. */
  grpcMeta: Schema.optional(Schema.Record(Schema.String, Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type ClientConfigProfile = typeof ClientConfigProfile.Type

/**
 * A whole config file: profiles by name.
 *
 * @since 0.1.0
 * @category models
 */
export const ClientConfig = Schema.Struct({
  /** The profiles by name (the TOML tables `[profile.NAME]`), e.g. `default`. */
  profiles: Schema.Record(Schema.String, ClientConfigProfile)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ClientConfig = typeof ClientConfig.Type

/**
 * The profile used when none is named (`TEMPORAL_PROFILE` unset).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultProfile = "default"

/**
 * Whether a profile's connection uses TLS: with a `tls` table, unless it says
 * `disabled = true`; without one, when there is an API key.
 *
 * @since 0.1.0
 * @category utils
 */
export const tlsEnabled = (profile: ClientConfigProfile): boolean =>
  profile.tls !== undefined ? profile.tls.disabled !== true : profile.apiKey !== undefined

const readSource = <A extends Pem>(
  key: string,
  source: { readonly _tag: "Path"; readonly path: string } | { readonly _tag: "Data"; readonly data: A }
): Effect.Effect<Pem, Config.ConfigError, FileSystem.FileSystem> =>
  source._tag === "Data"
    ? Effect.succeed(source.data)
    : Effect.flatMap(fileSystem, (fs) =>
      Effect.mapError(
        fs.readFile(source.path),
        (error) => sourceUnavailable(`Cannot read ${key} file ${source.path} (tls.${key}_path)`, error)
      ))

/**
 * The `ConnectionOptions` a profile stands for, as the official SDKs derive
 * them: address, namespace, API key, `grpc_meta` as `rpcMetadata`, and TLS
 * (on with a `tls` table unless disabled, or with an API key; explicitly
 * `false` otherwise). Certificate and key files are read with `FileSystem`.
 * Fails with a `ConfigError` when a file cannot be read or only one of client
 * certificate and client key is given.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toConnectionOptions = (
  profile: ClientConfigProfile
): Effect.Effect<ConnectionOptions, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const tls = yield* toTls(profile)
    const options: {
      -readonly [K in keyof ConnectionOptions]: ConnectionOptions[K]
    } = { tls }
    if (profile.address !== undefined) options.address = profile.address
    if (profile.namespace !== undefined) options.namespace = profile.namespace
    if (profile.apiKey !== undefined) options.apiKey = profile.apiKey
    if (profile.grpcMeta !== undefined && Object.keys(profile.grpcMeta).length > 0) {
      options.rpcMetadata = { ...profile.grpcMeta }
    }
    return options
  })

const toTls = (
  profile: ClientConfigProfile
): Effect.Effect<boolean | TlsConfig, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    if (!tlsEnabled(profile)) return false
    const tls = profile.tls
    if (tls === undefined) return true
    if ((tls.clientCert === undefined) !== (tls.clientKey === undefined)) {
      return yield* Effect.fail(invalidData(
        ["tls"],
        "A client certificate (client_cert_path or client_cert_data) and a client key (client_key_path or client_key_data) must be given together"
      ))
    }
    if (tls.disableHostVerification === true) {
      yield* Effect.logWarning("envconfig: tls.disable_host_verification is not supported by effect-temporal; ignored")
    }
    const serverRootCaCert = tls.serverCaCert === undefined
      ? undefined
      : yield* readSource("server_ca_cert", tls.serverCaCert)
    const clientCert = tls.clientCert === undefined ? undefined : yield* readSource("client_cert", tls.clientCert)
    const clientPrivateKey = tls.clientKey === undefined
      ? undefined
      : tls.clientKey._tag === "Data"
      ? Redacted.make<Pem>(Redacted.value(tls.clientKey.data))
      : Redacted.make(yield* readSource("client_key", tls.clientKey))
    const config: { -readonly [K in keyof TlsConfig]: TlsConfig[K] } = {}
    if (serverRootCaCert !== undefined) config.serverRootCaCert = serverRootCaCert
    if (clientCert !== undefined) config.clientCert = clientCert
    if (clientPrivateKey !== undefined) config.clientPrivateKey = clientPrivateKey
    if (tls.serverName !== undefined) config.serverNameOverride = tls.serverName
    return config
  })
