/**
 * Standalone Nexus operations: service clients that start them, handles,
 * listing and counting.
 *
 * @since 1.0.0
 */
export * from "./layers/NexusClient.js"
