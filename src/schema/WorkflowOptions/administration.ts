/**
 * Options of the operator's calls on a workflow handle: reset, pause and
 * unpause, and changing a running workflow's options; and their Schemas.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { Count, oneOf, optionalField, RequiredString, RpcOptionsFields } from "../Common/fields.js"
import type { ReasonOptions } from "../Common/listing.js"
import type { Priority } from "../Common/priority.js"
import { CheckedPriority } from "../Common/priority.js"
import type { RpcOptions } from "../Common/rpc.js"
import { CheckedVersioningOverride } from "../Common/versioning.js"
import type { VersioningOverride } from "../Common/versioning.js"

/**
 * Where a reset starts the new run from: the first or the last completed
 * workflow task of the run, or the workflow task that completed with a
 * given event ID (a `WorkflowTaskCompleted`, `…Failed` or `…TimedOut` event).
 *
 * @since 1.0.0
 * @category models
 */
export type ResetPoint = "FirstWorkflowTask" | "LastWorkflowTask" | {
  /** The ID of the workflow task's `WorkflowTaskCompleted` (or `…Failed`, `…TimedOut`) event. */
  readonly eventId: number
}

/**
 * Which events after the reset point are applied again to the new run:
 * `AllEligible` (signals, updates and the rest the server can reapply),
 * `Signal` (signals only) or `None`.
 *
 * @since 1.0.0
 * @category enums
 */
export const ResetReapplyType = oneOf(["AllEligible", "Signal", "None"])

/**
 * @since 1.0.0
 * @category enums
 */
export type ResetReapplyType = typeof ResetReapplyType.Type

/**
 * Kinds of events never applied again, whatever `reapply` says.
 *
 * @since 1.0.0
 * @category enums
 */
export const ResetReapplyExcludeType = oneOf(["Signal", "Update", "Nexus", "CancelRequest"])

/**
 * @since 1.0.0
 * @category enums
 */
export type ResetReapplyExcludeType = typeof ResetReapplyExcludeType.Type

/**
 * Options of `reset`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ResetWorkflowOptions extends RpcOptions {
  /** Where the new run starts from. */
  readonly to: ResetPoint
  /** Why, recorded in the histories of both runs. */
  readonly reason: string
  /** What to apply again after the reset point. Default: the server's (all eligible events). */
  readonly reapply?: ResetReapplyType | undefined
  /** Kinds of events not to apply again. */
  readonly excludeReapply?: ReadonlyArray<ResetReapplyExcludeType> | undefined
  /** The request ID, for an idempotent retry. Default: a fresh UUID. */
  readonly requestId?: string | undefined
}

/**
 * The Schema that checks {@link ResetWorkflowOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedResetWorkflowOptions = Schema.Struct({
  /** Where the new run starts from. */
  to: Schema.Union([
    oneOf(["FirstWorkflowTask", "LastWorkflowTask"]),
    Schema.Struct({
      /** The ID of the workflow task's `WorkflowTaskCompleted` (or `…Failed`, `…TimedOut`) event, above 1. */
      eventId: Count.check(Schema.makeFilter((n) => n > 1 || "must be an event ID above 1"))
    })
  ]).annotate({ expected: `"FirstWorkflowTask", "LastWorkflowTask" or { eventId }` }),
  /** Why, recorded in the histories of both runs. */
  reason: RequiredString,
  /** What to apply again after the reset point. Default: the server's (all eligible events). */
  reapply: optionalField(ResetReapplyType),
  /** Kinds of events not to apply again. */
  excludeReapply: optionalField(Schema.Array(ResetReapplyExcludeType), "an array"),
  /** The request ID, for an idempotent retry. Default: a fresh UUID. */
  requestId: optionalField(RequiredString, "a string"),
  ...RpcOptionsFields
}).annotate({ identifier: "ResetWorkflowOptions" })

/**
 * Options of `pause` and `unpause` (the server must have workflow pause
 * enabled: `frontend.WorkflowPauseEnabled`).
 *
 * @since 1.0.0
 * @category models
 */
export interface PauseWorkflowOptions extends ReasonOptions {
  /** The request ID, for an idempotent retry. Default: a fresh UUID. */
  readonly requestId?: string | undefined
}

/**
 * New options for a running workflow: only the ones given change. A
 * `versioningOverride` of `null` removes the override.
 *
 * @since 1.0.0
 * @category models
 */
export interface UpdateWorkflowOptions extends RpcOptions {
  /** Pin the workflow to a worker deployment version, let it auto-upgrade, or (`null`) drop the override. */
  readonly versioningOverride?: VersioningOverride | null | undefined
  /** Its priority and fairness. */
  readonly priority?: Priority | undefined
}

/**
 * The Schema that checks {@link UpdateWorkflowOptions}: at least one option.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedUpdateWorkflowOptions = Schema.Struct({
  /** Pin the workflow to a worker deployment version, let it auto-upgrade, or (`null`) drop the override. */
  versioningOverride: optionalField(Schema.NullOr(CheckedVersioningOverride), "a versioning override or null"),
  /** Its priority and fairness. */
  priority: optionalField(CheckedPriority, "a Priority"),
  ...RpcOptionsFields
}).check(
  Schema.makeFilter((options) =>
    options.versioningOverride !== undefined || options.priority !== undefined ||
    "needs versioningOverride or priority"
  )
).annotate({ identifier: "UpdateWorkflowOptions" })

/**
 * The options a workflow runs with, as `updateOptions` answers them.
 *
 * @since 1.0.0
 * @category models
 */
export interface WorkflowExecutionOptions {
  /** The versioning override in force, when there is one. */
  readonly versioningOverride: VersioningOverride | undefined
  /** The priority in force, when one is set. */
  readonly priority: Priority | undefined
}
