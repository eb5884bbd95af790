/**
 * Nexus service definitions: a service's name and its operations' input and
 * output Schemas.
 *
 * @since 1.0.0
 */
export * from "./schema/NexusServiceDefinition.js"
