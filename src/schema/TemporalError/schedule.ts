/**
 * Errors of schedules.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * A schedule with this ID already exists.
 *
 * @since 0.1.0
 * @category errors
 */
export class ScheduleAlreadyRunningError
  extends Schema.TaggedError<ScheduleAlreadyRunningError>()("ScheduleAlreadyRunningError", {
    scheduleId: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Schedule ${this.scheduleId} already exists`
  }
}

/**
 * No schedule has this ID.
 *
 * @since 0.1.0
 * @category errors
 */
export class ScheduleNotFoundError extends Schema.TaggedError<ScheduleNotFoundError>()("ScheduleNotFoundError", {
  scheduleId: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Schedule ${this.scheduleId} not found`
  }
}

/**
 * A schedule update gave up: the schedule changed concurrently on each of
 * its `attempts` (the update's `maxAttempts`), so the updater's result was
 * never applied. `cause` is the server's last refusal (FAILED_PRECONDITION
 * "mismatched conflict token") when it sent one; a server that drops a
 * stale update silently sends none.
 *
 * @since 0.1.0
 * @category errors
 */
export class ScheduleUpdateConflictError
  extends Schema.TaggedError<ScheduleUpdateConflictError>()("ScheduleUpdateConflictError", {
    scheduleId: Schema.String,
    /** How many times the updater ran and its result was sent. */
    attempts: Schema.Number,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Schedule ${this.scheduleId} changed concurrently on each of ${this.attempts} update attempts`
  }
}
