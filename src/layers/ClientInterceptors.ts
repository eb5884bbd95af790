/**
 * Client interceptors: the reference and the Layer that sets them.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import { type ClientInterceptor, ClientInterceptors } from "../services/ClientInterceptors.js"

export * from "../services/ClientInterceptors.js"

/**
 * Use these interceptors, in order (the first is outermost).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (...interceptors: ReadonlyArray<ClientInterceptor>): Layer.Layer<never> =>
  Layer.succeed(ClientInterceptors, interceptors)
