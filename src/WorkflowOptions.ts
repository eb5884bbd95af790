/**
 * Options of workflow operations.
 *
 * @since 0.1.0
 */
export * from "./schema/WorkflowOptions.js"
