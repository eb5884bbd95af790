/**
 * Handles to workflow executions, and workflows as services.
 *
 * @since 0.1.0
 */
export * from "./layers/WorkflowHandle.js"
