/**
 * Batch operations to start (what to do to each execution), how to select
 * the executions (a visibility query, or a list), and the options of the
 * batch calls. Each is checked by a Schema before any RPC; a bad value fails
 * with `InvalidArgumentError` naming its field.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { describeInput, NonNegativeDuration, PositiveDuration } from "./Common/duration.js"
import { Count, optionalField, PageSize, RequiredString, RpcOptionsFields } from "./Common/fields.js"
import { CheckedPriority, type Priority } from "./Common/priority.js"
import type { RpcOptions } from "./Common/rpc.js"
import { WellFormedString } from "./Common/strings.js"
import { CheckedVersioningOverride, type VersioningOverride } from "./Common/versioning.js"

/**
 * Where a reset batch resets each workflow to: its first or last workflow
 * task, or the first workflow task a build ID processed (workflows that
 * build ID never processed are left alone).
 *
 * @since 1.0.0
 * @category models
 */
export type BatchResetTarget = "FirstWorkflowTask" | "LastWorkflowTask" | {
  /** Reset to the first workflow task this build ID processed. */
  readonly buildId: string
}

/**
 * Events after the reset point not to reapply to the reset workflow.
 *
 * @since 1.0.0
 * @category enums
 */
export const ResetReapplyExclude = Schema.Literals(["Signal", "Update", "Nexus"]).annotate({
  identifier: "ResetReapplyExclude"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type ResetReapplyExclude = typeof ResetReapplyExclude.Type

/**
 * Which paused activities of each workflow an activity batch acts on, and
 * how to restart them.
 *
 * @since 1.0.0
 * @category models
 */
export interface BatchActivityOptions {
  /** Only activities of this type. Default: every activity. */
  readonly activityType?: string | undefined
  /** Reset the attempt count. Default `false`. */
  readonly resetAttempts?: boolean | undefined
  /** Drop the last heartbeat details. Default `false`. */
  readonly resetHeartbeat?: boolean | undefined
  /** Start each at a random time within this window. */
  readonly jitter?: Duration.Input | undefined
}

/**
 * What a batch does to each execution it selects. Workflow operations:
 * `Terminate` (with details, encoded by the data converter), `Cancel`,
 * `Signal` (with arguments, encoded), `Delete`, `Reset`, `UpdateOptions`
 * (versioning override and priority), `UnpauseActivities` and
 * `ResetActivities` (of the workflows' activities). Standalone activity
 * operations (select the activities by `executions` of `activityId`s or by
 * query): `TerminateActivities`, `CancelActivities`, `DeleteActivities`.
 *
 * @since 1.0.0
 * @category models
 */
export type BatchOperationInput =
  | {
    /** Terminate each workflow. */
    readonly _tag: "Terminate"
    /** Details recorded with each termination. */
    readonly details?: ReadonlyArray<unknown> | undefined
  }
  | {
    /** Request cancellation of each workflow. */
    readonly _tag: "Cancel"
  }
  | {
    /** Signal each workflow. */
    readonly _tag: "Signal"
    /** The signal's name. */
    readonly signal: string
    /** The signal's arguments. */
    readonly args?: ReadonlyArray<unknown> | undefined
  }
  | {
    /** Delete each workflow (running or closed) and its history. */
    readonly _tag: "Delete"
  }
  | {
    /** Reset each workflow. */
    readonly _tag: "Reset"
    /** Where to reset to. */
    readonly target: BatchResetTarget
    /** Stay within the current run (for a build ID target). Default `false`. */
    readonly currentRunOnly?: boolean | undefined
    /** Events after the reset point not to reapply. Default: reapply all. */
    readonly excludeReapply?: ReadonlyArray<ResetReapplyExclude> | undefined
  }
  | {
    /** Change each workflow's options: only those given change. */
    readonly _tag: "UpdateOptions"
    /** The versioning override to set; `null` removes it. */
    readonly versioningOverride?: VersioningOverride | null | undefined
    /** The priority to set. */
    readonly priority?: Priority | undefined
  }
  | ({
    /** Unpause the paused activities of each workflow. */
    readonly _tag: "UnpauseActivities"
  } & BatchActivityOptions)
  | ({
    /** Reset the activities of each workflow. */
    readonly _tag: "ResetActivities"
    /** Leave paused activities paused. Default `false`. */
    readonly keepPaused?: boolean | undefined
    /** Restore the options the activities were scheduled with. Default `false`. */
    readonly restoreOriginalOptions?: boolean | undefined
  } & BatchActivityOptions)
  | {
    /** Terminate each standalone activity. */
    readonly _tag: "TerminateActivities"
  }
  | {
    /** Request cancellation of each standalone activity. */
    readonly _tag: "CancelActivities"
  }
  | {
    /** Delete each standalone activity. */
    readonly _tag: "DeleteActivities"
  }

/**
 * One execution to run a batch on: a workflow (its latest run unless
 * `runId`) or a standalone activity.
 *
 * @since 1.0.0
 * @category models
 */
export type BatchExecutionRef =
  | {
    /** The workflow ID. */
    readonly workflowId: string
    /** The run; default the latest. */
    readonly runId?: string | undefined
  }
  | {
    /** The standalone activity's ID. */
    readonly activityId: string
    /** The run; default the latest. */
    readonly runId?: string | undefined
  }

/**
 * How to start a batch: the operation, the executions (a visibility `query`
 * or a list of `executions`, exactly one), and a `reason`.
 *
 * @since 1.0.0
 * @category models
 */
export interface StartBatchOperationOptions extends RpcOptions {
  /** What to do to each execution. */
  readonly operation: BatchOperationInput
  /** A visibility query selecting the executions, e.g. `WorkflowType = 'Order' AND ExecutionStatus = 'Running'`. */
  readonly query?: string | undefined
  /** The executions, by ID. */
  readonly executions?: ReadonlyArray<BatchExecutionRef> | undefined
  /** Why; recorded by the server and shown by `describe`. */
  readonly reason: string
  /** The job ID, unique in the namespace for good. Default: a fresh UUID. */
  readonly jobId?: string | undefined
  /** The most executions to process per second (capped by the server's own limit). */
  readonly maxOperationsPerSecond?: number | undefined
}

const activityFields = {
  /** Only the activities of this type. Default: every activity of the workflow. */
  activityType: optionalField(RequiredString),
  /** Start the attempt count over from 1. Default `false`. */
  resetAttempts: optionalField(Schema.Boolean),
  /** Clear the last heartbeat details. Default `false`. */
  resetHeartbeat: optionalField(Schema.Boolean),
  /** Start each activity at a random moment within this window rather than at once. Default: at once. */
  jitter: optionalField(NonNegativeDuration)
}

const Args = Schema.Array(Schema.Unknown)

const ResetTarget = Schema.Union([
  Schema.Literals(["FirstWorkflowTask", "LastWorkflowTask"]),
  Schema.Struct({
    /** Reset to the first workflow task this build ID processed (workflows it never processed are left alone). */
    buildId: RequiredString
  })
]).annotate({ expected: "\"FirstWorkflowTask\", \"LastWorkflowTask\" or { buildId }" }).annotateKey({
  messageMissingKey: "is required (\"FirstWorkflowTask\", \"LastWorkflowTask\" or { buildId })"
})

/**
 * The Schema that checks a {@link BatchOperationInput}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const BatchOperationInputSchema = Schema.Union([
  Schema.TaggedStruct("Terminate", {
    /** Details recorded with each termination, encoded by the data converter. Default: none. */
    details: optionalField(Args)
  }),
  Schema.TaggedStruct("Cancel", {}),
  Schema.TaggedStruct("Signal", {
    /** The signal's name. */
    signal: RequiredString,
    /** The signal's arguments, encoded by the data converter. Default: none. */
    args: optionalField(Args)
  }),
  Schema.TaggedStruct("Delete", {}),
  Schema.TaggedStruct("Reset", {
    /** Where to reset each workflow to: its first or last workflow task, or the first one a build ID processed. */
    target: ResetTarget,
    /** With a build ID target, reset only within the current run, never to an earlier one. Default `false`. */
    currentRunOnly: optionalField(Schema.Boolean),
    /** Kinds of events after the reset point not to apply again to the new run. Default: all are reapplied. */
    excludeReapply: optionalField(Schema.Array(ResetReapplyExclude))
  }),
  Schema.TaggedStruct("UpdateOptions", {
    /** The versioning override to set on each workflow; `null` removes it. Absent: unchanged. */
    versioningOverride: optionalField(Schema.NullOr(CheckedVersioningOverride)),
    /** The priority to set on each workflow. Absent: unchanged. */
    priority: optionalField(CheckedPriority)
  }).check(Schema.makeFilter((options) =>
    options.versioningOverride !== undefined || options.priority !== undefined ||
    "needs versioningOverride or priority"
  )),
  Schema.TaggedStruct("UnpauseActivities", activityFields),
  Schema.TaggedStruct("ResetActivities", {
    ...activityFields,
    /** Leave paused activities paused after the reset. Default `false` (they are unpaused). */
    keepPaused: optionalField(Schema.Boolean),
    /** Restore the options the activities were scheduled with, undoing later changes. Default `false`. */
    restoreOriginalOptions: optionalField(Schema.Boolean)
  }),
  Schema.TaggedStruct("TerminateActivities", {}),
  Schema.TaggedStruct("CancelActivities", {}),
  Schema.TaggedStruct("DeleteActivities", {})
]).annotate({ identifier: "BatchOperationInput" })

const ExecutionRef = Schema.Union([
  Schema.Struct({
    /** The workflow ID. */
    workflowId: RequiredString,
    /** The run ID. Default: the workflow's latest run. */
    runId: optionalField(RequiredString)
  }),
  Schema.Struct({
    /** The standalone activity's ID. */
    activityId: RequiredString,
    /** The run ID. Default: the activity's latest run. */
    runId: optionalField(RequiredString)
  })
]).annotate({ expected: "{ workflowId, runId? } or { activityId, runId? }" })

/**
 * The Schema that checks {@link StartBatchOperationOptions}: exactly one of
 * a non-empty `query` and a non-empty `executions`, and a non-empty
 * `reason`.
 *
 * @since 1.0.0
 * @category schemas
 */
export const StartBatchOperationOptionsSchema = Schema.Struct({
  /** What to do to each execution. */
  operation: BatchOperationInputSchema.annotateKey({ messageMissingKey: "is required" }),
  /** A visibility query selecting the executions, e.g. `WorkflowType = 'Order' AND ExecutionStatus = 'Running'`. */
  query: optionalField(WellFormedString),
  /** The executions, by ID. */
  executions: optionalField(Schema.Array(ExecutionRef)),
  /** Why; recorded by the server and shown by `describe`. */
  reason: RequiredString,
  /** The job ID, unique in the namespace for good. Default: a fresh UUID. */
  jobId: optionalField(RequiredString),
  /** The most executions to process per second (capped by the server's own limit). */
  maxOperationsPerSecond: optionalField(
    Schema.Number.check(
      Schema.makeFilter((n) => (Number.isFinite(n) && n > 0) || `must be a positive number (got ${describeInput(n)})`)
    )
  ),
  ...RpcOptionsFields
}).check(Schema.makeFilter((options) => {
  const byQuery = options.query !== undefined && options.query.trim() !== ""
  const byList = options.executions !== undefined && options.executions.length > 0
  return byQuery !== byList ||
    (byQuery
      ? "give a query or executions, not both"
      : "needs a non-empty query or at least one execution")
})).annotate({ identifier: "StartBatchOperationOptions" })

/**
 * Options of listing batch operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListBatchOperationsOptions extends RpcOptions {
  /** Batches per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many batches. A non-negative integer. */
  readonly limit?: number | undefined
}

/**
 * The Schema that checks {@link ListBatchOperationsOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const ListBatchOperationsOptionsSchema = Schema.Struct({
  /** Batches per page (server default when absent). A positive 32-bit integer. */
  pageSize: optionalField(PageSize),
  /** Stop after this many batches. A non-negative integer. */
  limit: optionalField(Count),
  ...RpcOptionsFields
}).annotate({ identifier: "ListBatchOperationsOptions" })

/**
 * Options of stopping a batch.
 *
 * @since 1.0.0
 * @category models
 */
export interface StopBatchOperationOptions extends RpcOptions {
  /** Why; default "Stopped via effect-temporal". */
  readonly reason?: string | undefined
}

/**
 * The Schema that checks {@link StopBatchOperationOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const StopBatchOperationOptionsSchema = Schema.Struct({
  /** Why; default "Stopped via effect-temporal". */
  reason: optionalField(RequiredString),
  ...RpcOptionsFields
}).annotate({ identifier: "StopBatchOperationOptions" })

/**
 * Options of `progress`.
 *
 * @since 1.0.0
 * @category models
 */
export interface BatchProgressOptions extends RpcOptions {
  /** The wait between polls (`Schedule.spaced`). Default 1 second. */
  readonly interval?: Duration.Input | undefined
}

/**
 * The Schema that checks {@link BatchProgressOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const BatchProgressOptionsSchema = Schema.Struct({
  /** The wait between polls (`Schedule.spaced`). Default 1 second. */
  interval: optionalField(PositiveDuration),
  ...RpcOptionsFields
}).annotate({ identifier: "BatchProgressOptions" })
