/**
 * How RPCs are retried.
 *
 * @since 0.1.0
 */
export * from "./layers/RetryConfig.js"
