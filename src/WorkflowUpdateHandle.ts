/**
 * Handles to workflow updates.
 *
 * @since 0.1.0
 */
export * from "./services/WorkflowUpdateHandle.js"
