/**
 * Workflow definitions: names and Schemas of arguments, results, signals, queries and updates.
 *
 * @since 0.1.0
 */
export * from "./schema/WorkflowDefinition.js"
