/**
 * `TemporalClient.layerConfig`: connect and build the client from Temporal's
 * env config (environment variables and a TOML profile file).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import type { ConnectionError, NamespaceNotFoundError } from "../schema/TemporalError.js"
import type { Connection } from "../services/Connection.js"
import type { DataConverter } from "../services/DataConverter.js"
import type { TemporalClient } from "../services/TemporalClient.js"
import {
  connectionOptionsFromConfig,
  type LayerConfigOptions as ConnectionLayerConfigOptions
} from "./ConnectionConfig.js"
import { type ConnectOptions, layerConnect } from "./TemporalClient.js"

/**
 * Where to load the profile from (as `Connection.layerConfig`), and any of
 * `layerConnect`'s options, which win over the profile and the environment.
 *
 * @since 0.1.0
 * @category models
 */
export interface LayerConfigOptions extends ConnectionLayerConfigOptions, ConnectOptions {}

/**
 * `layerConnect` with its connection options from Temporal's env config: the
 * `TEMPORAL_*` environment variables (through `Config`) over a profile of the
 * TOML file, and the options given here over both. The namespace of the
 * profile is the client's namespace. Fails with a `ConfigError` when the
 * configuration is unusable, a `ConnectionError` when the server cannot be
 * reached, a `NamespaceNotFoundError` when it does not have the namespace
 * (both unless `lazy`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Wrap<LayerConfigOptions> = Config.succeed({})
): Layer.Layer<
  TemporalClient | Connection | DataConverter,
  Config.ConfigError | ConnectionError | NamespaceNotFoundError,
  FileSystem.FileSystem
> =>
  Layer.unwrap(
    Effect.map(
      Effect.flatMap(Config.unwrap(options), (plain) => connectionOptionsFromConfig(plain)),
      (resolved) => layerConnect(resolved)
    )
  )
