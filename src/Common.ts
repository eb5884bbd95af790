/**
 * Shared models: retry policy, priority, enums.
 *
 * @since 0.1.0
 */
export * from "./schema/Common.js"
