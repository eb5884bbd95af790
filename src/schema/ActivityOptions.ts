/**
 * Options of standalone activities: how to start one, how to change a
 * running one's options, and how to describe, list and count them. Each is
 * checked by a Schema before any RPC; a bad value fails with
 * `InvalidArgumentError` naming its field.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { withDefault } from "../internal/schemaDefaults.js"
import type * as ActivityDefinition from "./ActivityDefinition.js"
import { ActivityIdConflictPolicy, ActivityIdReusePolicy } from "./ActivityExecution.js"
import { NonNegativeDuration, PositiveDuration } from "./Common/duration.js"
import { RpcOptionsFields } from "./Common/fields.js"
import type { ListOptions, ListPageOptions, ReasonOptions } from "./Common/listing.js"
import { CheckedPriority, type Priority } from "./Common/priority.js"
import { CheckedRetryPolicy, type RetryPolicy } from "./Common/retryPolicy.js"
import type { RpcOptions } from "./Common/rpc.js"
import { NonEmptyWellFormedString, WellFormedString } from "./Common/strings.js"
import type { SearchAttributesInput as SearchAttributesInputType } from "./SearchAttributes.js"
import { SearchAttributesInput } from "./TemporalSchedule/model.js"

/**
 * How to start a standalone activity. `id` and `taskQueue` are required,
 * and so is `scheduleToCloseTimeout` or `startToCloseTimeout`.
 *
 * @since 1.0.0
 * @category models
 */
export interface StartActivityOptions<Def extends ActivityDefinition.Any = ActivityDefinition.Untyped>
  extends RpcOptions
{
  /** The activity ID, unique among the namespace's running activities. */
  readonly id: string
  /** The task queue a worker polls for it. */
  readonly taskQueue: string
  /** The arguments. Default: none. */
  readonly args?: ActivityDefinition.Args<Def> | undefined
  /** Limit on the whole activity, retries included. */
  readonly scheduleToCloseTimeout?: Duration.Input | undefined
  /** Limit on the wait for a worker to pick up each attempt. */
  readonly scheduleToStartTimeout?: Duration.Input | undefined
  /** Limit on each attempt. */
  readonly startToCloseTimeout?: Duration.Input | undefined
  /** Longest gap allowed between heartbeats. */
  readonly heartbeatTimeout?: Duration.Input | undefined
  /** Whether the ID of a closed activity may be reused. Default (the server's): `AllowDuplicate`. */
  readonly idReusePolicy?: ActivityIdReusePolicy | undefined
  /** What to do when an activity with the ID is running. Default (the server's): `Fail`. */
  readonly idConflictPolicy?: ActivityIdConflictPolicy | undefined
  /** How attempts are retried. Default: the server's (unlimited attempts, 1 s doubling to 100 s). */
  readonly retryPolicy?: RetryPolicy | undefined
  /** Search attributes of the activity execution, typed or untyped. */
  readonly searchAttributes?: SearchAttributesInputType | undefined
  /** A one-line summary shown in the UI. */
  readonly summary?: string | undefined
  /** Priority and fairness. */
  readonly priority?: Priority | undefined
  /** Wait this long before the first attempt. */
  readonly startDelay?: Duration.Input | undefined
  /** The request ID, for idempotent retries of the start. Default: a fresh UUID. */
  readonly requestId?: string | undefined
}

/**
 * The Schema that checks {@link StartActivityOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const StartActivityOptionsSchema = Schema.Struct({
  /** The activity ID, unique among the namespace's running activities. */
  id: NonEmptyWellFormedString,
  /** The task queue a worker polls for it. */
  taskQueue: NonEmptyWellFormedString,
  /** The arguments. Default: none. */
  args: withDefault(Schema.Array(Schema.Unknown), () => []),
  /** Limit on the whole activity, retries included. */
  scheduleToCloseTimeout: Schema.optional(PositiveDuration),
  /** Limit on the wait for a worker to pick up each attempt. */
  scheduleToStartTimeout: Schema.optional(PositiveDuration),
  /** Limit on each attempt. */
  startToCloseTimeout: Schema.optional(PositiveDuration),
  /** Longest gap allowed between heartbeats. */
  heartbeatTimeout: Schema.optional(PositiveDuration),
  /** Whether the ID of a closed activity may be reused. Default (the server's): `AllowDuplicate`. */
  idReusePolicy: Schema.optional(ActivityIdReusePolicy),
  /** What to do when an activity with the ID is running. Default (the server's): `Fail`. */
  idConflictPolicy: Schema.optional(ActivityIdConflictPolicy),
  /** How attempts are retried. Default: the server's (unlimited attempts, 1 s doubling to 100 s). */
  retryPolicy: Schema.optional(CheckedRetryPolicy),
  /** Search attributes of the activity execution, typed or untyped. */
  searchAttributes: Schema.optional(SearchAttributesInput),
  /** A one-line summary shown in the UI. */
  summary: Schema.optional(WellFormedString),
  /** Priority and fairness. */
  priority: Schema.optional(CheckedPriority),
  /** Wait this long before the first attempt. */
  startDelay: Schema.optional(NonNegativeDuration),
  /** The request ID, for idempotent retries of the start. Default: a fresh UUID. */
  requestId: Schema.optional(NonEmptyWellFormedString),
  ...RpcOptionsFields
}).check(
  Schema.makeFilter((options) =>
    options.scheduleToCloseTimeout !== undefined || options.startToCloseTimeout !== undefined ||
    "needs scheduleToCloseTimeout or startToCloseTimeout"
  )
).annotate({ identifier: "StartActivityOptions" })

/**
 * Start options once checked: durations decoded, defaults filled in.
 *
 * @since 1.0.0
 * @category models
 */
export interface CheckedStartActivityOptions extends Schema.Schema.Type<typeof StartActivityOptionsSchema> {}

/**
 * New options for a running activity: only the fields given change (the
 * server's field mask); `restoreOriginalOptions` undoes every change.
 *
 * @since 1.0.0
 * @category models
 */
export interface UpdateActivityOptions extends RpcOptions {
  /** Move it to another task queue. */
  readonly taskQueue?: string | undefined
  /** Limit on the whole activity, retries included. */
  readonly scheduleToCloseTimeout?: Duration.Input | undefined
  /** Limit on the wait for a worker to pick up each attempt. */
  readonly scheduleToStartTimeout?: Duration.Input | undefined
  /** Limit on each attempt. */
  readonly startToCloseTimeout?: Duration.Input | undefined
  /** Longest gap allowed between heartbeats. */
  readonly heartbeatTimeout?: Duration.Input | undefined
  /** How attempts are retried (replaces the whole policy). */
  readonly retryPolicy?: RetryPolicy | undefined
  /** Priority and fairness (replaces the whole priority). */
  readonly priority?: Priority | undefined
  /** Delay before the first attempt, when it has not started yet. */
  readonly startDelay?: Duration.Input | undefined
}

/**
 * The Schema that checks {@link UpdateActivityOptions}: at least one option
 * must be given.
 *
 * @since 1.0.0
 * @category schemas
 */
export const UpdateActivityOptionsSchema = Schema.Struct({
  /** Move it to another task queue. */
  taskQueue: Schema.optional(NonEmptyWellFormedString),
  /** Limit on the whole activity, retries included. */
  scheduleToCloseTimeout: Schema.optional(PositiveDuration),
  /** Limit on the wait for a worker to pick up each attempt. */
  scheduleToStartTimeout: Schema.optional(PositiveDuration),
  /** Limit on each attempt. */
  startToCloseTimeout: Schema.optional(PositiveDuration),
  /** Longest gap allowed between heartbeats. */
  heartbeatTimeout: Schema.optional(PositiveDuration),
  /** How attempts are retried (replaces the whole policy). */
  retryPolicy: Schema.optional(CheckedRetryPolicy),
  /** Priority and fairness (replaces the whole priority). */
  priority: Schema.optional(CheckedPriority),
  /** Delay before the first attempt, when it has not started yet. */
  startDelay: Schema.optional(NonNegativeDuration),
  ...RpcOptionsFields
}).check(
  Schema.makeFilter((options) =>
    updatableFields.some((field) => options[field] !== undefined) ||
    `needs at least one of ${updatableFields.join(", ")}`
  )
).annotate({ identifier: "UpdateActivityOptions" })

/**
 * Update options once checked.
 *
 * @since 1.0.0
 * @category models
 */
export interface CheckedUpdateActivityOptions extends Schema.Schema.Type<typeof UpdateActivityOptionsSchema> {}

/**
 * The options `updateOptions` can change, each with its field-mask path.
 *
 * @since 1.0.0
 * @category constants
 */
export const updatableFieldPaths = {
  taskQueue: "task_queue.name",
  scheduleToCloseTimeout: "schedule_to_close_timeout",
  scheduleToStartTimeout: "schedule_to_start_timeout",
  startToCloseTimeout: "start_to_close_timeout",
  heartbeatTimeout: "heartbeat_timeout",
  retryPolicy: "retry_policy",
  priority: "priority",
  startDelay: "start_delay"
} as const

const updatableFields = Object.keys(updatableFieldPaths) as ReadonlyArray<keyof typeof updatableFieldPaths>

/**
 * What `describe()` asks the server to include besides the execution's
 * info. Each is off by default.
 *
 * @since 1.0.0
 * @category models
 */
export interface DescribeActivityOptions extends RpcOptions {
  /** The decoded arguments. */
  readonly includeInput?: boolean | undefined
  /** The decoded result or failure, once closed. */
  readonly includeOutcome?: boolean | undefined
  /** The last heartbeat's decoded details. */
  readonly includeHeartbeatDetails?: boolean | undefined
  /** The last attempt's failure. */
  readonly includeLastFailure?: boolean | undefined
  /**
   * The `longPollToken` of an earlier description: the server answers once
   * the activity changed (or its long-poll window passes).
   */
  readonly longPollToken?: Uint8Array | undefined
}

/**
 * The Schema that checks {@link DescribeActivityOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const DescribeActivityOptionsSchema = Schema.Struct({
  /** Include the activity's decoded arguments in the description (default `false`). */
  includeInput: Schema.optional(Schema.Boolean),
  /** Include the decoded result or failure of a closed activity (default `false`). */
  includeOutcome: Schema.optional(Schema.Boolean),
  /** Include the decoded details of the last heartbeat (default `false`). */
  includeHeartbeatDetails: Schema.optional(Schema.Boolean),
  /** Include the failure of the last failed attempt (default `false`). */
  includeLastFailure: Schema.optional(Schema.Boolean),
  /**
   * The `longPollToken` of an earlier description: the server answers once
   * the activity changed (or its long-poll window passes).
   */
  longPollToken: Schema.optional(Schema.Uint8Array),
  ...RpcOptionsFields
}).annotate({ identifier: "DescribeActivityOptions" })

/**
 * Options of a call that sends a reason (`cancel`, `terminate`, `pause`).
 *
 * @since 1.0.0
 * @category models
 */
export type ActivityReasonOptions = ReasonOptions

/**
 * Options of `unpause`.
 *
 * @since 1.0.0
 * @category models
 */
export interface UnpauseActivityOptions extends ActivityReasonOptions {
  /** Start the next attempt at a random moment within this window, instead of at once. */
  readonly jitter?: Duration.Input | undefined
}

/**
 * The Schema that checks {@link UnpauseActivityOptions} (and, without
 * `jitter`, {@link ActivityReasonOptions}).
 *
 * @since 1.0.0
 * @category schemas
 */
export const UnpauseActivityOptionsSchema = Schema.Struct({
  /** Why, recorded by the server with the change. */
  reason: Schema.optional(WellFormedString),
  /** Start the next attempt at a random moment within this window, instead of at once. */
  jitter: Schema.optional(NonNegativeDuration),
  ...RpcOptionsFields
}).annotate({ identifier: "UnpauseActivityOptions" })

/**
 * Options of `listActivities`.
 *
 * @since 1.0.0
 * @category models
 */
export type ListActivitiesOptions = ListOptions

/**
 * Options of `listActivitiesPage`.
 *
 * @since 1.0.0
 * @category models
 */
export type ListActivitiesPageOptions = ListPageOptions
