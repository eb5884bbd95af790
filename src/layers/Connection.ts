/**
 * The connection to a Temporal server: the service, and the Layers that
 * provide it.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import type { ConnectionError } from "../schema/TemporalError.js"
import { Connection, type ConnectionOptions, make } from "../services/Connection.js"

export * from "../services/Connection.js"

/**
 * A scoped connection: the channel opens when the Layer is built and closes
 * with its scope. Unless `lazy`, the server is checked first and a
 * `ConnectionError` says why it could not be reached.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: ConnectionOptions = {}): Layer.Layer<Connection, ConnectionError> =>
  Layer.effect(Connection, make(options))

/**
 * `layerConfig`: the connection from Temporal's env config (environment variables and a TOML profile).
 *
 * @since 0.1.0
 * @category layers
 */
export { connectionOptionsFromConfig, layerConfig, type LayerConfigOptions } from "./ConnectionConfig.js"
