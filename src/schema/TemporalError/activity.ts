/**
 * Errors of activities completed or heartbeated from outside a worker.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
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
  description: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Activity not found: ${this.description}`
  }
}
