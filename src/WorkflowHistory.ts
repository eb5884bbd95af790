/**
 * Workflow histories as JSON, compatible with the Temporal CLI, the Web UI
 * and the official SDKs.
 *
 * @since 0.1.0
 */
export * from "./schema/WorkflowHistory.js"
