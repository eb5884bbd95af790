/**
 * What the server says about workflow executions: list items
 * (`WorkflowExecution`), descriptions (`WorkflowExecutionDescription`) and
 * counts (`WorkflowExecutionCount`).
 *
 * Memo values stay raw payloads (`rawMemo`) until decoded with
 * {@link decodeMemo}, which takes the data converter's `fromPayload`, so
 * listing never pays for decoding memos nobody reads.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { Payload, WorkflowExecutionStatus } from "./Common.js"
import { ProtoMessage } from "./Common/protoMessage.js"
import { TemporalFailure } from "./Failure.js"
import * as SearchAttributes from "./SearchAttributes.js"

/**
 * Search attributes as read back from the server: attribute name to decoded
 * value. The typed form (from `SearchAttributes.ts`) is to replace this alias.
 *
 * @since 0.1.0
 * @category models
 */
export type DecodedSearchAttributes = Readonly<Record<string, unknown>>

/**
 * Schema of a typed search attribute collection.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TypedSearchAttributes: Schema.Codec<SearchAttributes.SearchAttributes> = Schema.declare(
  SearchAttributes.isSearchAttributes,
  { identifier: "SearchAttributes" }
)

/**
 * Schema of the raw `temporal.api.workflow.v1.WorkflowExecutionInfo` message.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RawWorkflowExecutionInfo: Schema.Codec<temporal.api.workflow.v1.IWorkflowExecutionInfo> = ProtoMessage(
  "temporal.api.workflow.v1.WorkflowExecutionInfo"
)

/**
 * Schema of the raw `DescribeWorkflowExecutionResponse` message.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RawDescribeWorkflowExecutionResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse
> = ProtoMessage("temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse")

/**
 * A workflow execution as listed or described (Python `WorkflowExecution`).
 *
 * @since 0.1.0
 * @category models
 */
export class WorkflowExecution extends Schema.Class<WorkflowExecution>("effect-temporal/WorkflowExecution")({
  /** The workflow ID. */
  id: Schema.String,
  /** The run ID. */
  runId: Schema.String,
  /** The workflow type name. */
  workflowType: Schema.String,
  /** The task queue the workflow runs on. */
  taskQueue: Schema.String,
  /** The status (absent when the server sends one this client does not know). */
  status: Schema.optional(WorkflowExecutionStatus),
  /** When the run was started. */
  startTime: Schema.Date,
  /** When the run's first workflow task could run (start time plus a start delay or cron backoff, when there is one). */
  executionTime: Schema.optional(Schema.Date),
  /** When the run closed; absent while running. */
  closeTime: Schema.optional(Schema.Date),
  /** Number of events in the run's history. */
  historyLength: Schema.Number,
  /** Size of the run's history in bytes. */
  historySizeBytes: Schema.Number,
  /** The parent workflow's ID, for a child workflow. */
  parentId: Schema.optional(Schema.String),
  /** The parent workflow's run ID, for a child workflow. */
  parentRunId: Schema.optional(Schema.String),
  /** The root workflow's ID (the top of the parent chain). */
  rootId: Schema.optional(Schema.String),
  /** The root workflow's run ID. */
  rootRunId: Schema.optional(Schema.String),
  /** The run ID of the first run of the chain (continue-as-new, retries, cron). */
  firstRunId: Schema.optional(Schema.String),
  /** The namespace. */
  namespace: Schema.String,
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection (Python `typed_search_attributes`). */
  typedSearchAttributes: TypedSearchAttributes,
  /** Search attributes as the raw payloads the server sent. */
  rawSearchAttributes: Schema.Record(Schema.String, Payload),
  /** Memo values as raw payloads; decode them with {@link decodeMemo}. */
  rawMemo: Schema.Record(Schema.String, Payload),
  /** The raw `WorkflowExecutionInfo` message. */
  rawInfo: RawWorkflowExecutionInfo
}) {}

/**
 * An activity the workflow scheduled that has not finished, as describe
 * shows it, its heartbeat details and last failure decoded.
 *
 * @since 1.0.0
 * @category models
 */
export class PendingActivity extends Schema.Class<PendingActivity>("effect-temporal/PendingActivity")({
  /** The activity ID. */
  activityId: Schema.String,
  /** The activity type name. */
  activityType: Schema.String,
  /** Where the current attempt is (absent when the server sends a state this client does not know). */
  state: Schema.optional(Schema.Literals(["Scheduled", "Started", "CancelRequested", "Paused", "PauseRequested"])),
  /** The current attempt, from 1. */
  attempt: Schema.Number,
  /** The attempts allowed (0: unlimited). */
  maximumAttempts: Schema.Number,
  /** Whether it is paused. */
  paused: Schema.Boolean,
  /** When it was scheduled. */
  scheduledTime: Schema.optional(Schema.Date),
  /** When the current or last attempt started. */
  lastStartedTime: Schema.optional(Schema.Date),
  /** The last heartbeat's time. */
  lastHeartbeatTime: Schema.optional(Schema.Date),
  /** When the next attempt is scheduled, while waiting to retry. */
  nextAttemptScheduleTime: Schema.optional(Schema.Date),
  /** When the schedule-to-close timeout expires. */
  expirationTime: Schema.optional(Schema.Date),
  /** The last heartbeat's details, decoded by the data converter. */
  heartbeatDetails: Schema.Array(Schema.Unknown),
  /** The last attempt's failure, decoded. */
  lastFailure: Schema.optional(TemporalFailure),
  /** The identity of the last worker that ran an attempt. */
  lastWorkerIdentity: Schema.optional(Schema.String)
}) {}

/**
 * A child workflow the workflow started that has not closed.
 *
 * @since 1.0.0
 * @category models
 */
export class PendingChildWorkflow extends Schema.Class<PendingChildWorkflow>("effect-temporal/PendingChildWorkflow")({
  /** The child's workflow ID. */
  workflowId: Schema.String,
  /** The child's run ID. */
  runId: Schema.String,
  /** The child's workflow type name. */
  workflowType: Schema.String,
  /** The event ID of the parent's `StartChildWorkflowExecutionInitiated` event. */
  initiatedEventId: Schema.Number,
  /** What happens to the child when the parent closes. */
  parentClosePolicy: Schema.optional(Schema.Literals(["Terminate", "Abandon", "RequestCancel"]))
}) {}

/**
 * A callback attached to the workflow (a Nexus caller waiting for its
 * result), and how its delivery goes.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkflowCallback extends Schema.Class<WorkflowCallback>("effect-temporal/WorkflowCallback")({
  /** The Nexus callback URL, for a Nexus callback. */
  url: Schema.optional(Schema.String),
  /** The delivery state (absent when unknown to this client). */
  state: Schema.optional(Schema.Literals(["Standby", "Scheduled", "BackingOff", "Failed", "Succeeded", "Blocked"])),
  /** Delivery attempts so far. */
  attempt: Schema.Number,
  /** When it was attached. */
  registrationTime: Schema.optional(Schema.Date),
  /** The last attempt's failure, decoded. */
  lastAttemptFailure: Schema.optional(TemporalFailure),
  /** When the next attempt is scheduled. */
  nextAttemptScheduleTime: Schema.optional(Schema.Date),
  /** Why the server will not deliver it, when blocked. */
  blockedReason: Schema.optional(Schema.String)
}) {}

/**
 * A description of a workflow execution (Python
 * `WorkflowExecutionDescription`): the execution plus what only
 * `DescribeWorkflowExecution` tells.
 *
 * @since 0.1.0
 * @category models
 */
export class WorkflowExecutionDescription extends WorkflowExecution.extend<WorkflowExecutionDescription>(
  "effect-temporal/WorkflowExecutionDescription"
)({
  /** Number of activities scheduled and not yet finished. */
  pendingActivityCount: Schema.Number,
  /** Number of child workflows started and not yet closed. */
  pendingChildrenCount: Schema.Number,
  /** Number of Nexus operations not yet finished. */
  pendingNexusOperationCount: Schema.Number,
  /** The execution timeout the workflow runs with. */
  executionTimeout: Schema.optional(Schema.Duration),
  /** The run timeout the workflow runs with. */
  runTimeout: Schema.optional(Schema.Duration),
  /** The workflow task timeout the workflow runs with. */
  taskTimeout: Schema.optional(Schema.Duration),
  /** The static summary as a raw payload (decode with the data converter). */
  rawStaticSummary: Schema.optional(Payload),
  /** The static details as a raw payload (decode with the data converter). */
  rawStaticDetails: Schema.optional(Payload),
  /** The static summary, decoded (when it is text). */
  staticSummary: Schema.optional(Schema.String),
  /** The static details, decoded (when they are text). */
  staticDetails: Schema.optional(Schema.String),
  /** The memo, decoded by the data converter (no Schema; `decodeMemo` decodes with one). */
  memo: Schema.Record(Schema.String, Schema.Unknown),
  /** The activities scheduled and not finished, with their heartbeat details and last failure decoded. */
  pendingActivities: Schema.Array(PendingActivity),
  /** The child workflows started and not closed. */
  pendingChildren: Schema.Array(PendingChildWorkflow),
  /** The callbacks attached to the workflow. */
  callbacks: Schema.Array(WorkflowCallback),
  /** The raw `DescribeWorkflowExecutionResponse` message. */
  rawDescription: RawDescribeWorkflowExecutionResponse
}) {}

/**
 * One group of a `GROUP BY` count: the grouped search attribute values and
 * the count of executions with them.
 *
 * @since 0.1.0
 * @category models
 */
export class WorkflowExecutionCountGroup
  extends Schema.Class<WorkflowExecutionCountGroup>("effect-temporal/WorkflowExecutionCountGroup")({
    /** The search attribute values of the group, decoded. */
    groupValues: Schema.Array(Schema.Unknown),
    /** Executions in the group. */
    count: Schema.Number
  })
{}

/**
 * The result of `countWorkflows` (Python `WorkflowExecutionCount`).
 *
 * @since 0.1.0
 * @category models
 */
export class WorkflowExecutionCount
  extends Schema.Class<WorkflowExecutionCount>("effect-temporal/WorkflowExecutionCount")({
    /** Executions matching the query. */
    count: Schema.Number,
    /** Per group, when the query has `GROUP BY`. */
    groups: Schema.Array(WorkflowExecutionCountGroup)
  })
{}

/**
 * Decodes every memo value of an execution with the given payload decoder
 * (the data converter's `fromPayload`).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeMemo = <E, R>(
  execution: Pick<WorkflowExecution, "rawMemo">,
  fromPayload: (payload: Payload) => Effect.Effect<unknown, E, R>
): Effect.Effect<Record<string, unknown>, E, R> =>
  Effect.map(
    Effect.forEach(
      Object.entries(execution.rawMemo),
      ([key, payload]) => Effect.map(fromPayload(payload), (value) => [key, value] as const)
    ),
    (entries) => Object.fromEntries(entries)
  )

/**
 * Decodes one memo value with the given payload decoder; `None` when the memo
 * has no such key.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeMemoValue = <A, E, R>(
  execution: Pick<WorkflowExecution, "rawMemo">,
  key: string,
  fromPayload: (payload: Payload) => Effect.Effect<A, E, R>
): Effect.Effect<Option.Option<A>, E, R> =>
  Object.prototype.hasOwnProperty.call(execution.rawMemo, key)
    ? Effect.asSome(fromPayload(execution.rawMemo[key]!))
    : Effect.succeedNone
