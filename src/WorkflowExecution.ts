/**
 * Workflow executions as listed and described.
 *
 * @since 0.1.0
 */
export * from "./schema/WorkflowExecution.js"
