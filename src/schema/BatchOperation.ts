/**
 * What the server says about batch operations: a batch as described (its
 * state, times and counts, the query or executions it targets), as listed,
 * and as `progress` follows it, plus the enums they use.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * Where a batch operation stands: `"Running"`, `"Completed"` (every
 * execution was processed, some possibly failing) or `"Failed"` (the batch
 * itself failed, or was stopped).
 *
 * @since 1.0.0
 * @category enums
 */
export const BatchOperationState = Schema.Literals(["Running", "Completed", "Failed"]).annotate({
  identifier: "BatchOperationState"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type BatchOperationState = typeof BatchOperationState.Type

/**
 * What a batch operation does to each execution it targets; the `_tag` of
 * the operation it was started with (`"UpdateActivityOptions"` is a batch
 * this client reads but does not start).
 *
 * @since 1.0.0
 * @category enums
 */
export const BatchOperationType = Schema.Literals([
  "Terminate",
  "Cancel",
  "Signal",
  "Delete",
  "Reset",
  "UpdateOptions",
  "UnpauseActivities",
  "ResetActivities",
  "UpdateActivityOptions",
  "TerminateActivities",
  "CancelActivities",
  "DeleteActivities"
]).annotate({ identifier: "BatchOperationType" })

/**
 * @since 1.0.0
 * @category enums
 */
export type BatchOperationType = typeof BatchOperationType.Type

/**
 * The kind of execution a batch targets: a workflow, or a standalone
 * activity.
 *
 * @since 1.0.0
 * @category enums
 */
export const BatchTargetType = Schema.Literals(["Workflow", "Activity"]).annotate({
  identifier: "BatchTargetType"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type BatchTargetType = typeof BatchTargetType.Type

const ProtoObject = <A>(identifier: string): Schema.Codec<A> =>
  Schema.declare((u: unknown): u is A => Predicate.isObject(u), { identifier })

/**
 * Schema of the raw `DescribeBatchOperationResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeBatchOperationResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeBatchOperationResponse
> = ProtoObject("temporal.api.workflowservice.v1.DescribeBatchOperationResponse")

/**
 * Schema of the raw `temporal.api.batch.v1.BatchOperationInfo` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawBatchOperationInfo: Schema.Codec<temporal.api.batch.v1.IBatchOperationInfo> = ProtoObject(
  "temporal.api.batch.v1.BatchOperationInfo"
)

/**
 * One execution a batch was started on by list.
 *
 * @since 1.0.0
 * @category models
 */
export class BatchTarget extends Schema.Class<BatchTarget>("effect-temporal/BatchTarget")({
  /** A workflow or a standalone activity (absent when unknown to this client). */
  type: Schema.optional(BatchTargetType),
  /** The workflow ID or activity ID. */
  id: Schema.String,
  /** The run, when one was named. */
  runId: Schema.optional(Schema.String)
}) {}

/**
 * A batch operation as described.
 *
 * @since 1.0.0
 * @category models
 */
export class BatchOperationDescription
  extends Schema.Class<BatchOperationDescription>("effect-temporal/BatchOperationDescription")({
    /** The job ID. */
    jobId: Schema.String,
    /** What it does (absent when unknown to this client). */
    operationType: Schema.optional(BatchOperationType),
    /** Where it stands (absent when unknown to this client). */
    state: Schema.optional(BatchOperationState),
    /** When it started. */
    startTime: Schema.optional(Schema.Date),
    /** When it closed; absent while running. */
    closeTime: Schema.optional(Schema.Date),
    /** How many executions it targets (known once it has closed). */
    totalOperationCount: Schema.Number,
    /** How many it has processed. */
    completeOperationCount: Schema.Number,
    /** How many it failed to process. */
    failureOperationCount: Schema.Number,
    /** The identity of the client that started it. */
    identity: Schema.optional(Schema.String),
    /** The reason it was started with. */
    reason: Schema.optional(Schema.String),
    /** The visibility query that selects its executions, when started by query. */
    query: Schema.optional(Schema.String),
    /** The executions it targets, when started by list. */
    executions: Schema.Array(BatchTarget),
    /** The raw `DescribeBatchOperationResponse` message. */
    rawDescription: RawDescribeBatchOperationResponse
  })
{}

/**
 * A batch operation as listed.
 *
 * @since 1.0.0
 * @category models
 */
export class BatchOperationSummary
  extends Schema.Class<BatchOperationSummary>("effect-temporal/BatchOperationSummary")({
    /** The job ID. */
    jobId: Schema.String,
    /** What it does (absent when unknown to this client). */
    operationType: Schema.optional(BatchOperationType),
    /** Where it stands (absent when unknown to this client). */
    state: Schema.optional(BatchOperationState),
    /** When it started. */
    startTime: Schema.optional(Schema.Date),
    /** When it closed; absent while running. */
    closeTime: Schema.optional(Schema.Date),
    /** The raw `BatchOperationInfo` message. */
    rawInfo: RawBatchOperationInfo
  })
{}

/**
 * One snapshot of a batch operation's progress, as `progress` polls it; the
 * last one a stream gives is the first that is no longer running.
 *
 * @since 1.0.0
 * @category models
 */
export class BatchOperationProgress
  extends Schema.Class<BatchOperationProgress>("effect-temporal/BatchOperationProgress")({
    /** The job ID. */
    jobId: Schema.String,
    /** Where it stands (absent when unknown to this client). */
    state: Schema.optional(BatchOperationState),
    /** How many executions it targets (known once it has closed). */
    totalOperationCount: Schema.Number,
    /** How many it has processed. */
    completeOperationCount: Schema.Number,
    /** How many it failed to process. */
    failureOperationCount: Schema.Number,
    /** When it closed; absent while running. */
    closeTime: Schema.optional(Schema.Date)
  })
{
  /** Whether the batch has ended: every state but `"Running"`. */
  get done(): boolean {
    return this.state !== "Running"
  }
}
