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
  /** The kind of action taken: starting a workflow is the only one. */
  _tag: Schema.Literal("StartWorkflow"),
  /** The ID of the workflow the action started (the action's `id` with the scheduled time appended). */
  workflowId: Schema.String,
  /**
   * The run ID of the run the schedule started; if the workflow retried,
   * continued as new or was reset, its current run has another one.
   */
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
  /**
   * The time the action was due by the schedule, jitter included (for a trigger
   * or backfill, the time it stands for).
   */
  scheduledAt: Schema.Date,
  /** The time the action was actually taken (the server's clock), at or after `scheduledAt`. */
  startedAt: Schema.Date,
  /** What the action started. */
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
  /** When the schedule was created. */
  createdAt: Schema.Date,
  /** When the schedule was last updated (absent if it never was). */
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
  /** The workflow type name (the server keeps the name, not a `WorkflowDefinition`). */
  workflow: Schema.String,
  /** The kind of action: the only one is starting a workflow. */
  _tag: Schema.Literal("StartWorkflow"),
  /**
   * The workflow's arguments, decoded by the `DataConverter` without type hints
   * (decode `rawArgs` with a Schema for typed values).
   */
  args: Schema.Array(Schema.Unknown),
  /** The arguments as the server holds them, raw payloads, for decoding with a Schema. */
  rawArgs: Schema.Array(Payload),
  /** The memo of the workflows as raw payloads, by key (absent when the action has no memo). */
  rawMemo: Schema.optional(PayloadRecord),
  /** The search attributes of the workflows as raw payloads, by name (absent when the action sets none). */
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
  /** What the schedule does each time: start a workflow, with its values decoded and raw. */
  action: ScheduleActionStartWorkflowDescription,
  /** When the action is taken, with the server's defaults filled in. */
  spec: Schema.toType(ScheduleSpec),
  /** How the schedule handles overlaps, missed times and failures. */
  policy: Schema.toType(SchedulePolicy),
  /** Whether the schedule is paused, its note, and the actions it has left when limited. */
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
  /** The schedule ID, unique in the namespace. */
  id: Schema.String,
  /** The schedule: spec, action, policy and state. */
  schedule: ScheduleDescriptionSchedule,
  /** What the schedule has done and will do: action counts, running workflows, recent and next action times. */
  info: ScheduleInfo,
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** Memo values as raw payloads. */
  rawMemo: PayloadRecord,
  /** Search attributes as raw payloads, by name, for decoding with a Schema. */
  rawSearchAttributes: PayloadRecord,
  /**
   * The token an update sends back: the update fails with
   * `ScheduleUpdateConflictError` if the schedule changed since this
   * description was read.
   */
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
  /** What the schedule does: the type of the workflow it starts. */
  action: Schema.Struct({
    /** The kind of action: the only one is starting a workflow. */
    _tag: Schema.Literal("StartWorkflow"),
    /** The workflow type name. */
    workflow: Schema.String
  }),
  /** When the action is taken, with the server's defaults filled in. */
  spec: Schema.toType(ScheduleSpec),
  /** Whether the schedule is paused, and why. */
  state: Schema.Struct({
    /** Whether the schedule is paused: while it is, it takes no action from its spec. */
    paused: Schema.Boolean,
    /**
     * A human-readable note, e.g. why the schedule is paused (the server may
     * overwrite it, as when it pauses the schedule on a failure).
     */
    note: Schema.optional(Schema.String)
  })
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
  /** The most recent actions, triggers included, oldest first (fewer than `describe` may give). */
  recentActions: Schema.Array(ScheduleActionResult),
  /** The next times an action is due (fewer than `describe` may give). */
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
  /** The schedule ID, unique in the namespace. */
  id: Schema.String,
  /** The workflow type, spec and pause state of the schedule (absent when the server sent no info). */
  schedule: Schema.optional(ScheduleListSchedule),
  /** The recent and next action times (absent when the server sent no info). */
  info: Schema.optional(ScheduleListInfo),
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** Memo values as raw payloads. */
  rawMemo: PayloadRecord,
  /** Search attributes as raw payloads, by name, for decoding with a Schema. */
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
