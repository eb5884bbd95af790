/**
 * The schedule model: what a schedule does (`action`), when (`spec`), how it
 * behaves (`policy`) and its state (`state`), plus what the server reports
 * about it (`ScheduleDescription`, `ScheduleListDescription`).
 *
 * Every input type here is the `Encoded` side of a Schema; decoding it (see
 * `validateSchedule`) checks it and fills in the defaults of the official
 * SDKs, so a bad spec fails with an `InvalidArgumentError` naming the field
 * (e.g. `spec.calendars[0].hour[1].start`) before any RPC is made.
 *
 * @since 0.1.0
 */
export * from "./TemporalSchedule/calendar.js"
export * from "./TemporalSchedule/description.js"
export { ScheduleDuration } from "./TemporalSchedule/fields.js"
export * from "./TemporalSchedule/model.js"
