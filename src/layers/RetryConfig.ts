/**
 * Retry configuration of RPCs: the reference and the Layer that overrides it.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import { make, RetryConfig, type RetryConfigInput } from "../services/RetryConfig.js"

export * from "../services/RetryConfig.js"

/**
 * Override any part of the default retry configuration.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (input: RetryConfigInput): Layer.Layer<never> => Layer.succeed(RetryConfig, make(input))
