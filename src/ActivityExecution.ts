/**
 * Standalone activity executions as listed, described and counted, and
 * their options.
 *
 * @since 1.0.0
 */
export * from "./schema/ActivityExecution.js"
export * from "./schema/ActivityOptions.js"
