/**
 * Client configuration from environment variables and a TOML profile file,
 * compatible with Temporal's own env config (the `temporal` CLI and the
 * official SDKs): the same variable names, the same file, the same keys, the
 * same precedence.
 *
 * Environment variables: `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
 * `TEMPORAL_API_KEY`, `TEMPORAL_TLS`, `TEMPORAL_TLS_CLIENT_CERT_PATH` /
 * `_DATA`, `TEMPORAL_TLS_CLIENT_KEY_PATH` / `_DATA`,
 * `TEMPORAL_TLS_SERVER_CA_CERT_PATH` / `_DATA` (path and data exclusive),
 * `TEMPORAL_TLS_SERVER_NAME`, `TEMPORAL_TLS_DISABLE_HOST_VERIFICATION`,
 * `TEMPORAL_CODEC_ENDPOINT`, `TEMPORAL_CODEC_AUTH`,
 * `TEMPORAL_GRPC_META_<NAME>` (header `<name>` lower-cased, `_` turned into
 * `-`; an empty value removes the header), `TEMPORAL_PROFILE` (default
 * `default`), `TEMPORAL_CONFIG_FILE` (default
 * `<user config dir>/temporalio/temporal.toml`).
 *
 * They are read through Effect's `Config`, so the current `ConfigProvider`
 * decides where they come from (`process.env` by default; use
 * `Layer.setConfigProvider(ConfigProvider.fromMap(...))` or
 * `Effect.withConfigProvider` to give them otherwise). A set variable wins
 * over the profile's value.
 *
 * Errors: every configuration problem is an `effect/ConfigError` (`_tag`
 * `"ConfigError"`, so `Effect.catchTag("ConfigError", ...)` handles it),
 * whose `path` names the TOML key or the variable at fault: `InvalidData`
 * for bad TOML, a value of the wrong type, an unknown key in strict mode or a
 * path/data pair both given; `MissingData` for a named profile the file does
 * not have; `SourceUnavailable` for a file that cannot be read. A missing
 * config file is not an error (it reads as empty). Secrets never appear in
 * error messages.
 *
 * @since 0.1.0
 */
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Result from "effect/Result"
import * as internal from "./internal/envConfig.js"
import { type ClientConfig, type ClientConfigProfile, toConnectionOptions } from "./schema/EnvConfig.js"
import type { ConnectionOptions } from "./services/Connection.js"

export * from "./schema/EnvConfig.js"

/**
 * Where to read the config file from.
 *
 * @since 0.1.0
 * @category models
 */
export interface LoadOptions {
  /** The file to read. Default: `TEMPORAL_CONFIG_FILE`, else `<user config dir>/temporalio/temporal.toml`. */
  readonly configFile?: string | undefined
  /** The file's contents, instead of a file. */
  readonly configData?: string | Uint8Array | undefined
  /** Fail on keys the format does not have (as the SDKs' `config_file_strict`). Default `false`. */
  readonly strict?: boolean | undefined
}

/**
 * Which profile to load, and from where.
 *
 * @since 0.1.0
 * @category models
 */
export interface LoadProfileOptions extends LoadOptions {
  /** The profile. Default: `TEMPORAL_PROFILE`, else `default` (which may be absent; a named profile may not). */
  readonly profile?: string | undefined
  /** Do not read the file; environment variables only. */
  readonly disableFile?: boolean | undefined
  /** Do not apply environment variables (`TEMPORAL_CONFIG_FILE` still locates the file). */
  readonly disableEnv?: boolean | undefined
}

/**
 * The whole config file, every profile, without environment overrides. The
 * file is `configFile`, `configData`, `TEMPORAL_CONFIG_FILE`, or the default
 * path, in that order; a missing file gives no profiles.
 *
 * @since 0.1.0
 * @category loading
 */
export const load: (options?: LoadOptions) => Effect.Effect<
  ClientConfig,
  Config.ConfigError,
  FileSystem.FileSystem
> = internal.load

/**
 * One profile with the environment variables applied over it: what the CLI
 * and the SDKs connect with.
 *
 * @since 0.1.0
 * @category loading
 */
export const loadProfile: (options?: LoadProfileOptions) => Effect.Effect<
  ClientConfigProfile,
  Config.ConfigError,
  FileSystem.FileSystem
> = internal.loadProfile

/**
 * `loadProfile`, then `toConnectionOptions`: the options of `Connection.layer`
 * (certificate and key files read).
 *
 * @since 0.1.0
 * @category loading
 */
export const loadConnectionOptions = (
  options?: LoadProfileOptions
): Effect.Effect<ConnectionOptions, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.flatMap(loadProfile(options), toConnectionOptions)

/**
 * Parse a config file's text. Unknown keys are ignored unless `strict`.
 * A `Result` (`Effect.fromResult` turns it into an Effect).
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromToml = (
  text: string,
  options?: { readonly strict?: boolean | undefined }
): Result.Result<ClientConfig, Config.ConfigError> => internal.fromToml(text, { strict: options?.strict })

/**
 * The TOML text of a config, in the format the CLI and the SDKs read.
 * Secrets are written in clear: it is a config file.
 *
 * @since 0.1.0
 * @category formatting
 */
export const toToml: (config: ClientConfig) => string = internal.toToml

/**
 * Write a config to a file, as TOML.
 *
 * @since 0.1.0
 * @category formatting
 */
export const writeFile = (
  path: string,
  config: ClientConfig
): Effect.Effect<void, Config.ConfigError, FileSystem.FileSystem> => internal.writeFile(path, config)

/**
 * The environment variables of Temporal's env config, as read through `Config`
 * (so the current `ConfigProvider` decides where they come from). Each is
 * `None` when unset.
 *
 * @since 1.0.0
 * @category models
 */
export interface EnvVars {
  /** `TEMPORAL_CONFIG_FILE`: the TOML config file to read. */
  readonly configFile: Option.Option<string>
  /** `TEMPORAL_PROFILE`: the profile to use from the config file. */
  readonly profile: Option.Option<string>
  /** `TEMPORAL_ADDRESS`: the server's `host:port`. */
  readonly address: Option.Option<string>
  /** `TEMPORAL_NAMESPACE`: the namespace. */
  readonly namespace: Option.Option<string>
  /** `TEMPORAL_API_KEY`: the API key. */
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  /** `TEMPORAL_TLS`: whether to use TLS (a boolean string). */
  readonly tls: Option.Option<string>
  /** `TEMPORAL_TLS_CLIENT_CERT_PATH`: path of the client certificate. */
  readonly tlsClientCertPath: Option.Option<string>
  /** `TEMPORAL_TLS_CLIENT_CERT_DATA`: the client certificate, PEM. */
  readonly tlsClientCertData: Option.Option<string>
  /** `TEMPORAL_TLS_CLIENT_KEY_PATH`: path of the client private key. */
  readonly tlsClientKeyPath: Option.Option<string>
  /** `TEMPORAL_TLS_CLIENT_KEY_DATA`: the client private key, PEM. */
  readonly tlsClientKeyData: Option.Option<Redacted.Redacted<string>>
  /** `TEMPORAL_TLS_SERVER_CA_CERT_PATH`: path of the server CA certificate. */
  readonly tlsServerCaCertPath: Option.Option<string>
  /** `TEMPORAL_TLS_SERVER_CA_CERT_DATA`: the server CA certificate, PEM. */
  readonly tlsServerCaCertData: Option.Option<string>
  /** `TEMPORAL_TLS_SERVER_NAME`: the server name to verify (SNI). */
  readonly tlsServerName: Option.Option<string>
  /** `TEMPORAL_TLS_DISABLE_HOST_VERIFICATION`: whether to skip host name verification (a boolean string). */
  readonly tlsDisableHostVerification: Option.Option<string>
  /** `TEMPORAL_CODEC_ENDPOINT`: the remote codec server's endpoint. */
  readonly codecEndpoint: Option.Option<string>
  /** `TEMPORAL_CODEC_AUTH`: the authorization header for the codec server. */
  readonly codecAuth: Option.Option<Redacted.Redacted<string>>
  /** `TEMPORAL_GRPC_META_<NAME>` entries: `[NAME, value]`, in no particular order. */
  readonly grpcMeta: ReadonlyArray<readonly [string, string]>
}

/**
 * The environment variables with fixed names, as one `Config` (everything
 * but `TEMPORAL_GRPC_META_*`, which is found by listing the provider's keys).
 *
 * @since 0.1.0
 * @category config
 */
export const envVars: Config.Config<Omit<EnvVars, "grpcMeta">> = internal.fixedEnvVars

/**
 * Lower-case and turn `_` into `-`: the header name of a `grpc_meta` key or a
 * `TEMPORAL_GRPC_META_<NAME>` variable.
 *
 * @since 0.1.0
 * @category utils
 */
export const normalizeGrpcMetaKey: (key: string) => string = internal.normalizeGrpcMetaKey
