/**
 * Nexus endpoints: create, read, list, change and delete them.
 *
 * @since 1.0.0
 */
export * from "./layers/NexusEndpoints.js"
export * from "./schema/NexusEndpoint.js"
