/**
 * What the server reports about a schedule, and a schedule update.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Payload } from "../Common.js"
import type * as SearchAttributes from "../SearchAttributes.js"
import { PayloadRecord } from "./fields.js"
import type { ScheduleInput } from "./model.js"
import {
  ScheduleActionStartWorkflow,
  SchedulePolicy,
  ScheduleSpec,
  ScheduleState,
  TypedSearchAttributes
} from "./model.js"

// ---------------------------------------------------------------------------
// descriptions
// ---------------------------------------------------------------------------

/**
 * An action the schedule took: the workflow it started.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionExecution = Schema.Struct({
  _tag: Schema.Literal("StartWorkflow"),
  workflowId: Schema.String,
  firstExecutionRunId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionExecution extends Schema.Schema.Type<typeof ScheduleActionExecution> {}

/**
 * One recent action: when it was scheduled for, when it was actually taken,
 * and what it started.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionResult = Schema.Struct({
  scheduledAt: Schema.Date,
  startedAt: Schema.Date,
  action: ScheduleActionExecution
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionResult extends Schema.Schema.Type<typeof ScheduleActionResult> {}

/**
 * What the server reports about a schedule's activity.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleInfo = Schema.Struct({
  /** Actions taken so far. */
  numActions: Schema.Number,
  /** Actions skipped because they were later than the catch-up window. */
  numActionsMissedCatchupWindow: Schema.Number,
  /** Actions skipped by the overlap policy. */
  numActionsSkippedOverlap: Schema.Number,
  /**
   * Actions waiting in the buffer: held back by the overlap policy
   * (`BufferOne`, `BufferAll`) until the running ones end, from the spec, a
   * trigger or a backfill. The server's `ScheduleInfo.buffer_size`.
   */
  bufferSize: Schema.Number,
  /** Actions dropped because the buffer was full (`BufferOne` holds one). The server's `buffer_dropped`. */
  numActionsDroppedFromBuffer: Schema.Number,
  /** Workflows started by the schedule that are still running. */
  runningActions: Schema.Array(ScheduleActionExecution),
  /** The most recent actions, oldest first. */
  recentActions: Schema.Array(ScheduleActionResult),
  /** The next times an action is due. */
  nextActionTimes: Schema.Array(Schema.Date),
  createdAt: Schema.Date,
  lastUpdatedAt: Schema.optional(Schema.Date)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleInfo extends Schema.Schema.Type<typeof ScheduleInfo> {}

/**
 * The action of a described schedule: the action with its values decoded
 * (`args` and `memo` read without type hints; `searchAttributes` typed when
 * every entry carries its type, else untyped values), plus the raw payloads
 * for decoding with a Schema.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionStartWorkflowDescription = Schema.Struct({
  ...ScheduleActionStartWorkflow.fields,
  workflow: Schema.String,
  _tag: Schema.Literal("StartWorkflow"),
  args: Schema.Array(Schema.Unknown),
  rawArgs: Schema.Array(Payload),
  rawMemo: Schema.optional(PayloadRecord),
  rawSearchAttributes: Schema.optional(PayloadRecord)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionStartWorkflowDescription
  extends Schema.Schema.Type<typeof ScheduleActionStartWorkflowDescription>
{}

/**
 * A described schedule: a `Schedule` whose action carries raw payloads too.
 * It can be handed back (changed) to an update as a `ScheduleInput`.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleDescriptionSchedule = Schema.Struct({
  action: ScheduleActionStartWorkflowDescription,
  spec: Schema.toType(ScheduleSpec),
  policy: Schema.toType(SchedulePolicy),
  state: Schema.toType(ScheduleState)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleDescriptionSchedule extends Schema.Schema.Type<typeof ScheduleDescriptionSchedule> {}

/**
 * What `ScheduleHandle.describe` returns: the schedule, its info, its search
 * attributes (plain, typed and raw), its memo (raw payloads, decoded on
 * demand, as for workflow executions) and the conflict token an update sends
 * back.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleDescription = Schema.Struct({
  id: Schema.String,
  schedule: ScheduleDescriptionSchedule,
  info: ScheduleInfo,
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** Memo values as raw payloads. */
  rawMemo: PayloadRecord,
  rawSearchAttributes: PayloadRecord,
  conflictToken: Schema.Uint8Array
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleDescription extends Schema.Schema.Type<typeof ScheduleDescription> {}

/**
 * The part of a schedule a list entry shows.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleListSchedule = Schema.Struct({
  action: Schema.Struct({ _tag: Schema.Literal("StartWorkflow"), workflow: Schema.String }),
  spec: Schema.toType(ScheduleSpec),
  state: Schema.Struct({ paused: Schema.Boolean, note: Schema.optional(Schema.String) })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleListSchedule extends Schema.Schema.Type<typeof ScheduleListSchedule> {}

/**
 * The part of a schedule's info a list entry shows.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleListInfo = Schema.Struct({
  recentActions: Schema.Array(ScheduleActionResult),
  nextActionTimes: Schema.Array(Schema.Date)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleListInfo extends Schema.Schema.Type<typeof ScheduleListInfo> {}

/**
 * One entry of `listSchedules`. `schedule` and `info` are absent when the
 * server sent no info (e.g. a schedule being created).
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleListDescription = Schema.Struct({
  id: Schema.String,
  schedule: Schema.optional(ScheduleListSchedule),
  info: Schema.optional(ScheduleListInfo),
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** Memo values as raw payloads. */
  rawMemo: PayloadRecord,
  rawSearchAttributes: PayloadRecord
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleListDescription extends Schema.Schema.Type<typeof ScheduleListDescription> {}

// ---------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------

/**
 * What an update's function receives: the current description.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleUpdateInput {
  /** The schedule's current description, as `describe` returns it. */
  readonly description: ScheduleDescription
}

/**
 * What an update's function returns to change the schedule: the new
 * schedule (checked like a new one) and, optionally, new search attributes
 * (left out: unchanged).
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleUpdate {
  /** The new schedule, replacing the whole current one. */
  readonly schedule: ScheduleInput
  /** New search attributes, replacing the schedule's; left out: unchanged. */
  readonly searchAttributes?: SearchAttributes.SearchAttributesInput | undefined
}
