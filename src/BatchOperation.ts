/**
 * Batch operations as described, listed and followed, the operations a
 * batch can run, and the options of the batch calls.
 *
 * @since 1.0.0
 */
export * from "./schema/BatchOperation.js"
export * from "./schema/BatchOperationOptions.js"
