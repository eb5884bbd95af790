/**
 * Handles to activities completed asynchronously: heartbeat, complete, fail
 * or report cancellation from outside the worker, by task token or by ID.
 *
 * @since 0.1.0
 */
export * from "./layers/AsyncActivityHandle.js"
