/**
 * Handles to standalone Nexus operations: result, describe, cancel,
 * terminate; operations as services.
 *
 * @since 1.0.0
 */
export * from "./layers/NexusOperationHandle.js"
