/**
 * The tagged errors of effect-temporal.
 *
 * @since 0.1.0
 */
export * from "./schema/TemporalError.js"
