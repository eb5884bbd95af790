/**
 * Standalone Nexus operation executions as listed, described and counted,
 * and their options.
 *
 * @since 1.0.0
 */
export * from "./schema/NexusOperationExecution.js"
export * from "./schema/NexusOptions.js"
