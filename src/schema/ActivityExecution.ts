/**
 * What the server says about standalone activity executions: list items
 * (`ActivityExecution`), descriptions (`ActivityExecutionDescription`),
 * counts (`ActivityExecutionCount`) and the options an activity runs with
 * (`ActivityExecutionOptions`), plus the enums they use.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Schema from "effect/Schema"
import { Payload } from "./Common/payload.js"
import { Priority } from "./Common/priority.js"
import { ProtoMessage } from "./Common/protoMessage.js"
import { RetryPolicy } from "./Common/retryPolicy.js"
import { WorkerDeploymentVersion } from "./Common/versioning.js"
import { RetryState, TemporalFailure } from "./Failure.js"
import { TypedSearchAttributes, WorkflowExecutionCountGroup } from "./WorkflowExecution.js"

/**
 * The status of a standalone activity execution.
 *
 * @since 1.0.0
 * @category enums
 */
export const ActivityExecutionStatus = Schema.Literals([
  "Running",
  "Completed",
  "Failed",
  "Canceled",
  "Terminated",
  "TimedOut",
  "Paused"
]).annotate({ identifier: "ActivityExecutionStatus" })

/**
 * @since 1.0.0
 * @category enums
 */
export type ActivityExecutionStatus = typeof ActivityExecutionStatus.Type

/**
 * Where a running activity is in its current attempt.
 *
 * @since 1.0.0
 * @category enums
 */
export const ActivityRunState = Schema.Literals([
  "Scheduled",
  "Started",
  "CancelRequested",
  "Paused",
  "PauseRequested"
]).annotate({ identifier: "ActivityRunState" })

/**
 * @since 1.0.0
 * @category enums
 */
export type ActivityRunState = typeof ActivityRunState.Type

export {
  /** @since 1.0.0 */
  StandaloneIdConflictPolicy as ActivityIdConflictPolicy,
  /** @since 1.0.0 */
  StandaloneIdReusePolicy as ActivityIdReusePolicy
} from "./Common/enums.js"

/**
 * Schema of the raw `temporal.api.activity.v1.ActivityExecutionListInfo` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawActivityExecutionListInfo: Schema.Codec<temporal.api.activity.v1.IActivityExecutionListInfo> =
  ProtoMessage("temporal.api.activity.v1.ActivityExecutionListInfo")

/**
 * Schema of the raw `DescribeActivityExecutionResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeActivityExecutionResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeActivityExecutionResponse
> = ProtoMessage("temporal.api.workflowservice.v1.DescribeActivityExecutionResponse")

/**
 * A standalone activity execution as listed.
 *
 * @since 1.0.0
 * @category models
 */
export class ActivityExecution extends Schema.Class<ActivityExecution>("effect-temporal/ActivityExecution")({
  /** The activity ID. */
  activityId: Schema.String,
  /** The run ID. */
  runId: Schema.String,
  /** The activity type name. */
  activityType: Schema.String,
  /** The task queue the activity is scheduled on. */
  taskQueue: Schema.String,
  /** The status (absent when the server sends one this client does not know). */
  status: Schema.optional(ActivityExecutionStatus),
  /** When the activity was scheduled. */
  scheduleTime: Schema.optional(Schema.Date),
  /** When its first attempt could start (schedule time plus the start delay, if one is set). */
  executionTime: Schema.optional(Schema.Date),
  /** When it closed; absent while running. */
  closeTime: Schema.optional(Schema.Date),
  /** How long it ran, once closed. */
  executionDuration: Schema.optional(Schema.Duration),
  /** State transitions so far. */
  stateTransitionCount: Schema.Number,
  /** Size of its state in bytes. */
  stateSizeBytes: Schema.Number,
  /** Search attributes, decoded to plain values. */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** The namespace. */
  namespace: Schema.String,
  /** The raw `ActivityExecutionListInfo` message. */
  rawListInfo: RawActivityExecutionListInfo
}) {}

/**
 * The options a standalone activity runs with, as `updateOptions` and
 * `restoreOriginalOptions` answer them.
 *
 * @since 1.0.0
 * @category models
 */
export class ActivityExecutionOptions
  extends Schema.Class<ActivityExecutionOptions>("effect-temporal/ActivityExecutionOptions")({
    /** The task queue. */
    taskQueue: Schema.optional(Schema.String),
    /** Limit on the whole activity, retries included. */
    scheduleToCloseTimeout: Schema.optional(Schema.Duration),
    /** Limit on the wait for a worker to pick up each attempt. */
    scheduleToStartTimeout: Schema.optional(Schema.Duration),
    /** Limit on each attempt. */
    startToCloseTimeout: Schema.optional(Schema.Duration),
    /** Longest gap allowed between heartbeats. */
    heartbeatTimeout: Schema.optional(Schema.Duration),
    /** The retry policy. */
    retryPolicy: Schema.optional(RetryPolicy),
    /** The priority. */
    priority: Schema.optional(Priority),
    /** Delay before the first attempt. */
    startDelay: Schema.optional(Schema.Duration)
  })
{}

/**
 * A description of a standalone activity execution: the listing fields, the
 * options it runs with, its attempt state and, when asked for, its decoded
 * input, outcome, heartbeat details and last failure.
 *
 * @since 1.0.0
 * @category models
 */
export class ActivityExecutionDescription extends ActivityExecution.extend<ActivityExecutionDescription>(
  "effect-temporal/ActivityExecutionDescription"
)({
  /** Where the current attempt is, while the activity runs. */
  runState: Schema.optional(ActivityRunState),
  /** The options it runs with (timeouts, retry policy, priority, start delay). */
  options: ActivityExecutionOptions,
  /** The current attempt, from 1. */
  attempt: Schema.Number,
  /** The last heartbeat's time. */
  lastHeartbeatTime: Schema.optional(Schema.Date),
  /** When the current or last attempt started. */
  lastStartedTime: Schema.optional(Schema.Date),
  /** When the last attempt ended. */
  lastAttemptCompleteTime: Schema.optional(Schema.Date),
  /** When the next attempt is scheduled, while waiting to retry. */
  nextAttemptScheduleTime: Schema.optional(Schema.Date),
  /** The wait before the next attempt, while waiting to retry. */
  currentRetryInterval: Schema.optional(Schema.Duration),
  /** When the schedule-to-close timeout expires. */
  expirationTime: Schema.optional(Schema.Date),
  /** The identity of the last worker that ran an attempt. */
  lastWorkerIdentity: Schema.optional(Schema.String),
  /** The worker deployment version of the last attempt. */
  lastDeploymentVersion: Schema.optional(WorkerDeploymentVersion),
  /** The reason given with a cancellation request. */
  canceledReason: Schema.optional(Schema.String),
  /** Heartbeats recorded, over every attempt. */
  totalHeartbeatCount: Schema.Number,
  /** The SDK name of the last worker. */
  sdkName: Schema.optional(Schema.String),
  /** The SDK version of the last worker. */
  sdkVersion: Schema.optional(Schema.String),
  /** The summary given at start, decoded (when it is text). */
  summary: Schema.optional(Schema.String),
  /** The arguments, decoded (with `includeInput`). */
  input: Schema.optional(Schema.Array(Schema.Unknown)),
  /** The result, decoded by the definition's Schema (with `includeOutcome`, once completed). */
  result: Schema.optional(Schema.Unknown),
  /** The failure it closed with (with `includeOutcome`, once failed, cancelled, terminated or timed out). */
  outcomeFailure: Schema.optional(TemporalFailure),
  /** The retry state of the outcome, once closed. */
  retryState: Schema.optional(RetryState),
  /** The last heartbeat's details, decoded (with `includeHeartbeatDetails`). */
  heartbeatDetails: Schema.optional(Schema.Array(Schema.Unknown)),
  /** The last attempt's failure (with `includeLastFailure`). */
  lastFailure: Schema.optional(TemporalFailure),
  /** The raw heartbeat detail payloads (with `includeHeartbeatDetails`). */
  rawHeartbeatDetails: Schema.optional(Schema.Array(Payload)),
  /** The token of a long poll for the next change (`describe({ longPollToken })`). */
  longPollToken: Schema.optional(Schema.Uint8Array),
  /** The raw `DescribeActivityExecutionResponse` message. */
  rawDescription: RawDescribeActivityExecutionResponse
}) {}

/**
 * The result of `countActivities`.
 *
 * @since 1.0.0
 * @category models
 */
export class ActivityExecutionCount
  extends Schema.Class<ActivityExecutionCount>("effect-temporal/ActivityExecutionCount")({
    /** Activity executions matching the query. */
    count: Schema.Number,
    /** Per group, when the query has `GROUP BY`. */
    groups: Schema.Array(WorkflowExecutionCountGroup)
  })
{}
