/**
 * Standalone activities: start, execute, get handles, list and count.
 *
 * @since 1.0.0
 */
export * from "./layers/ActivityClient.js"
