/**
 * The Cloud Operations client's Layers.
 *
 * @since 1.0.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ConnectionError } from "../schema/TemporalError.js"
import { CloudOperations, type CloudOperationsOptions, make } from "../services/CloudOperations.js"

export * from "../services/CloudOperations.js"

/**
 * A scoped Cloud Operations client: the channel opens when the Layer is
 * built and closes with its scope. The options are checked first
 * (`ConnectionError` reason `InvalidConfig` for a bad address or version or
 * a missing key); no call is made until the program makes one.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer = (options: CloudOperationsOptions): Layer.Layer<CloudOperations, ConnectionError> =>
  Layer.effect(CloudOperations, make(options))

/**
 * `layer` with `Config`-wrapped options, as in Effect's own packages: a
 * record of `Config`s (`{ apiKey: Config.Redacted("TEMPORAL_CLOUD_API_KEY") }`)
 * or a `Config` of the whole options. Fails with a `ConfigError` when the
 * configuration cannot be read.
 *
 * @since 1.0.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Wrap<CloudOperationsOptions>
): Layer.Layer<CloudOperations, Config.ConfigError | ConnectionError> =>
  Layer.effect(CloudOperations, Effect.flatMap(Config.unwrap(options), make))
