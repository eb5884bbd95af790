/**
 * Errors of activities: standalone activities started by the client, and
 * activities completed or heartbeated from outside a worker.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { RetryState, TemporalFailure } from "../Failure.js"
import { TypeId } from "./base.js"

/**
 * What a heartbeat learned about its activity.
 *
 * @since 0.1.0
 * @category models
 */
export const AsyncActivityCancelReason = Schema.Literals(["CancelRequested", "Paused", "Reset"])

/**
 * @since 0.1.0
 * @category models
 */
export type AsyncActivityCancelReason = typeof AsyncActivityCancelReason.Type

/**
 * A heartbeat found the activity cancelled, paused or reset: stop working on it.
 *
 * @since 0.1.0
 * @category errors
 */
export class AsyncActivityCancelledError
  extends Schema.TaggedError<AsyncActivityCancelledError>()("AsyncActivityCancelledError", {
    /**
     * What the heartbeat learned: `CancelRequested` (cancellation was
     * requested), `Paused` (the activity was paused) or `Reset` (it was reset
     * and will start over).
     */
    reason: AsyncActivityCancelReason
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Activity ${this.reason === "CancelRequested" ? "cancellation requested" : this.reason.toLowerCase()}`
  }
}

/**
 * The activity does not exist (any more), or its task token is stale.
 *
 * @since 0.1.0
 * @category errors
 */
export class ActivityNotFoundError extends Schema.TaggedError<ActivityNotFoundError>()("ActivityNotFoundError", {
  /**
   * Which activity was looked for, e.g. `standalone activity a-1 run r-1`, or
   * the workflow, activity ID or task token of an async completion.
   */
  description: Schema.String,
  /** The `RpcError` the server answered with (its gRPC code, message and details). */
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Activity not found: ${this.description}`
  }
}

/**
 * A standalone activity with this ID already exists and its ID reuse or
 * conflict policy refuses another (the server's ALREADY_EXISTS with
 * `ActivityExecutionAlreadyStartedFailure`).
 *
 * @since 1.0.0
 * @category errors
 */
export class ActivityAlreadyStartedError
  extends Schema.TaggedError<ActivityAlreadyStartedError>()("ActivityAlreadyStartedError", {
    /** The activity ID asked for. */
    activityId: Schema.String,
    /** The activity type of the start that was refused. */
    activityType: Schema.String,
    /** The run ID of the activity execution that already exists, when the server names it. */
    runId: Schema.optional(Schema.String),
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Activity ${this.activityId} (${this.activityType}) is already started${
      this.runId ? ` as run ${this.runId}` : ""
    }`
  }
}

/**
 * A standalone activity closed without success: failed (after its retries),
 * cancelled, terminated or timed out. `cause` holds the decoded failure (an
 * `ApplicationFailure`, `CanceledFailure`, `TerminatedFailure`,
 * `TimeoutFailure`, ...).
 *
 * @since 1.0.0
 * @category errors
 */
export class ActivityFailedError extends Schema.TaggedError<ActivityFailedError>()("ActivityFailedError", {
  /** The standalone activity's ID. */
  activityId: Schema.String,
  /** The activity run that failed, when known. */
  runId: Schema.optional(Schema.String),
  /** The `RetryState` name the server reported, e.g. `RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED`. */
  retryState: RetryState,
  /** The decoded failure; absent only when the server's outcome carried none. */
  cause: Schema.optionalKey(TemporalFailure)
}) {
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    const causeMessage = Predicate.hasProperty(this.cause, "message") ? String(this.cause.message) : ""
    return `Activity ${this.activityId}${this.runId ? ` run ${this.runId}` : ""} failed${
      causeMessage ? `: ${causeMessage}` : ""
    }`
  }
}
