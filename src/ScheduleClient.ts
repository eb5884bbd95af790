/**
 * Schedules: create them, get handles to them, list them.
 *
 * @since 0.1.0
 */
export * from "./layers/ScheduleClient.js"
