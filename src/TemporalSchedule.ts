/**
 * The schedule model: action, spec, policy and state, with validation, and
 * what the server reports about a schedule.
 *
 * @since 0.1.0
 */
export * from "./schema/TemporalSchedule.js"
