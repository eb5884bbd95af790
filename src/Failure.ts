/**
 * Temporal failures, decoded.
 *
 * @since 0.1.0
 */
export * from "./schema/Failure.js"
