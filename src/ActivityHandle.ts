/**
 * Handles to standalone activities: result, describe, cancel, terminate,
 * pause, unpause, update and restore options; activities as services.
 *
 * @since 1.0.0
 */
export * from "./layers/ActivityHandle.js"
