/**
 * The operations that change a task queue's build-ID version sets.
 *
 * @since 0.1.0
 */
export * from "./schema/BuildIdOp.js"
