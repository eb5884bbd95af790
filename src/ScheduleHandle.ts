/**
 * Handles to schedules: describe, update (conflict-safe), pause, unpause,
 * trigger, backfill, delete.
 *
 * @since 0.1.0
 */
export * from "./services/ScheduleHandle.js"
