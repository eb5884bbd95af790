/**
 * The enums Temporal defines, as string literal Schemas: ID reuse and
 * conflict policies, execution status, query reject condition, update stage,
 * history event filter.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"

/**
 * What happens when a workflow is started with the ID of a *closed* workflow
 * (Python `WorkflowIDReusePolicy`):
 *
 * - `"AllowDuplicate"`: start a new run (the default).
 * - `"AllowDuplicateFailedOnly"`: only if the last run failed, was canceled,
 *   terminated or timed out.
 * - `"RejectDuplicate"`: never reuse the ID.
 * - `"TerminateIfRunning"`: terminate a running workflow and start (deprecated
 *   by the server in favour of `idConflictPolicy: "TerminateExisting"`; it may
 *   not be combined with an `idConflictPolicy`).
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowIdReusePolicy = Schema.Literals([
  "AllowDuplicate",
  "AllowDuplicateFailedOnly",
  "RejectDuplicate",
  "TerminateIfRunning"
]).annotate({ identifier: "WorkflowIdReusePolicy" })

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowIdReusePolicy = typeof WorkflowIdReusePolicy.Type

/**
 * What happens when a workflow is started with the ID of a *running*
 * workflow (Python `WorkflowIDConflictPolicy`; absent = the server's default,
 * which is `"Fail"` for a plain start and `"UseExisting"` for signal-with-start):
 *
 * - `"Fail"`: fail with `WorkflowAlreadyStartedError`.
 * - `"UseExisting"`: return a handle to the running workflow.
 * - `"TerminateExisting"`: terminate the running workflow and start a new one.
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowIdConflictPolicy = Schema.Literals(["Fail", "UseExisting", "TerminateExisting"]).annotate({
  identifier: "WorkflowIdConflictPolicy"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowIdConflictPolicy = typeof WorkflowIdConflictPolicy.Type

/**
 * The status of a workflow execution (Python `WorkflowExecutionStatus`).
 * `"Paused"` is newer than the Python SDK's list; servers that know it send it.
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowExecutionStatus = Schema.Literals([
  "Running",
  "Completed",
  "Failed",
  "Canceled",
  "Terminated",
  "ContinuedAsNew",
  "TimedOut",
  "Paused"
]).annotate({ identifier: "WorkflowExecutionStatus" })

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowExecutionStatus = typeof WorkflowExecutionStatus.Type

/**
 * When a query is rejected instead of answered (Python
 * `QueryRejectCondition`):
 *
 * - `"None"`: never rejected.
 * - `"NotOpen"`: rejected when the workflow is closed.
 * - `"NotCompletedCleanly"`: rejected when the workflow closed other than by
 *   completing.
 *
 * @since 0.1.0
 * @category enums
 */
export const QueryRejectCondition = Schema.Literals(["None", "NotOpen", "NotCompletedCleanly"]).annotate({
  identifier: "QueryRejectCondition"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type QueryRejectCondition = typeof QueryRejectCondition.Type

/**
 * A stage of an update's life (Python `WorkflowUpdateStage`): `"Admitted"`
 * (the server has it), `"Accepted"` (the workflow's validator accepted it),
 * `"Completed"` (the handler finished).
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowUpdateStage = Schema.Literals(["Admitted", "Accepted", "Completed"]).annotate({
  identifier: "WorkflowUpdateStage"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowUpdateStage = typeof WorkflowUpdateStage.Type

/**
 * Which history events to fetch (Python `WorkflowHistoryEventFilterType`):
 * `"AllEvent"` or only the `"CloseEvent"`.
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowHistoryEventFilterType = Schema.Literals(["AllEvent", "CloseEvent"]).annotate({
  identifier: "WorkflowHistoryEventFilterType"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowHistoryEventFilterType = typeof WorkflowHistoryEventFilterType.Type

/**
 * Whether a new standalone execution (an activity or a Nexus operation) may
 * reuse the ID of a closed one:
 *
 * - `"AllowDuplicate"` (the server's default): always.
 * - `"AllowDuplicateFailedOnly"`: only when the closed one did not complete.
 * - `"RejectDuplicate"`: never.
 *
 * @since 1.0.0
 * @category enums
 */
export const StandaloneIdReusePolicy = Schema.Literals([
  "AllowDuplicate",
  "AllowDuplicateFailedOnly",
  "RejectDuplicate"
])
  .annotate({ identifier: "StandaloneIdReusePolicy" })

/**
 * @since 1.0.0
 * @category enums
 */
export type StandaloneIdReusePolicy = typeof StandaloneIdReusePolicy.Type

/**
 * What to do when a standalone execution (an activity or a Nexus operation)
 * with the ID is running: `"Fail"` (the server's default) or `"UseExisting"`
 * (answer with the running one).
 *
 * @since 1.0.0
 * @category enums
 */
export const StandaloneIdConflictPolicy = Schema.Literals(["Fail", "UseExisting"]).annotate({
  identifier: "StandaloneIdConflictPolicy"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type StandaloneIdConflictPolicy = typeof StandaloneIdConflictPolicy.Type
