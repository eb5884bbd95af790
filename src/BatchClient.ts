/**
 * Batch operations: start one over the workflows (or standalone activities)
 * a query or a list selects, describe, list, stop, and follow its progress.
 *
 * @since 1.0.0
 */
export * from "./layers/BatchClient.js"
