/**
 * `Connection.layerConfig`: the connection from Temporal's env config
 * (environment variables and a TOML profile file).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import { loadProfile, mergeConnectionOptions, splitLayerConfigOptions } from "../internal/envConfig.js"
import { toConnectionOptions } from "../schema/EnvConfig.js"
import type { ConnectionError } from "../schema/TemporalError.js"
import { Connection, type ConnectionOptions, make } from "../services/Connection.js"

/**
 * Where to load the profile from (`profile`, `configFile`, `configData`,
 * `strict`, `disableFile`, `disableEnv`; see `EnvConfig.LoadProfileOptions`),
 * and any `ConnectionOptions`, which win over the profile and the environment
 * (`rpcMetadata` is merged header by header).
 *
 * @since 0.1.0
 * @category models
 */
export interface LayerConfigOptions extends ConnectionOptions {
  /** The profile. Default: `TEMPORAL_PROFILE`, else `default`. */
  readonly profile?: string | undefined
  /** The TOML file. Default: `TEMPORAL_CONFIG_FILE`, else `<user config dir>/temporalio/temporal.toml`. */
  readonly configFile?: string | undefined
  /** The TOML text, instead of a file. */
  readonly configData?: string | Uint8Array | undefined
  /** Fail on unknown keys in the file. Default `false`. */
  readonly strict?: boolean | undefined
  /** Do not read the file. */
  readonly disableFile?: boolean | undefined
  /** Do not apply environment variables. */
  readonly disableEnv?: boolean | undefined
}

/**
 * The connection options a `LayerConfigOptions` stands for: the profile, the
 * environment over it, the explicit options over both.
 *
 * @since 0.1.0
 * @category constructors
 */
export const connectionOptionsFromConfig = <O extends LayerConfigOptions>(
  options: O
): Effect.Effect<
  ConnectionOptions & Omit<O, "profile" | "configFile" | "configData" | "strict" | "disableFile" | "disableEnv">,
  Config.ConfigError,
  FileSystem.FileSystem
> => {
  const { load, overrides } = splitLayerConfigOptions(options)
  return Effect.map(
    Effect.flatMap(loadProfile(load), toConnectionOptions),
    (loaded) => mergeConnectionOptions(loaded, overrides)
  )
}

/**
 * A scoped connection configured the way the `temporal` CLI and the official
 * SDKs are: from `TEMPORAL_*` environment variables (read through `Config`,
 * so the current `ConfigProvider` can give them) over a profile of the TOML
 * config file. Fails with a `ConfigError` when the configuration is unusable
 * and a `ConnectionError` when the server cannot be reached. Certificate files
 * and the config file are read with `FileSystem` (provide
 * `NodeServices.layer` or `NodeFileSystem.layer`). The options are
 * `Config`-wrapped, as in Effect's own packages: `Config.succeed({ ... })`, or
 * a record of `Config`s (`{ identity: Config.String("APP_IDENTITY") }`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Wrap<LayerConfigOptions> = Config.succeed({})
): Layer.Layer<Connection, Config.ConfigError | ConnectionError, FileSystem.FileSystem> =>
  Layer.effect(
    Connection,
    Effect.flatMap(Effect.flatMap(Config.unwrap(options), connectionOptionsFromConfig), make)
  )
