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
    /** The schedule ID asked for. */
    scheduleId: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
  /** The schedule ID looked for. */
  scheduleId: Schema.String,
  /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The schedule being updated. */
    scheduleId: Schema.String,
    /** How many times the updater ran and its result was sent. */
    attempts: Schema.Number,
    /**
     * The server's last refusal, an `RpcError` (FAILED_PRECONDITION "mismatched
     * conflict token"); absent when the server dropped the stale update
     * silently.
     */
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
