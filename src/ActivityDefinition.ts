/**
 * Standalone activity definitions: names and Schemas of arguments, result
 * and heartbeat details.
 *
 * @since 1.0.0
 */
export * from "./schema/ActivityDefinition.js"
