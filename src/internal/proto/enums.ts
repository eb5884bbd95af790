/**
 * The proto enums the client needs without the proto root, mirrored as
 * literal tables so that importing the package does not load
 * `@temporalio/proto` (see `./root.ts`).
 *
 * They cannot drift: `Mirror` makes the type checker hold every table to the
 * enum's declaration in `@temporalio/proto` (every name, each with its
 * value), and `test/unit/protoEnums.test.ts` compares them with the loaded
 * root.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"

/**
 * A table with exactly the members of the proto enum `E`, each with its value.
 *
 * @internal
 */
export type Mirror<E> = { readonly [K in keyof E]: E[K] }

/**
 * The name of `value` in `table`, or `fallback` for a value the table does
 * not hold (`null` and `undefined` read as 0, the proto default).
 *
 * @internal
 */
export const nameOf = <const T extends Readonly<Record<string, number>>>(
  table: T,
  value: number | null | undefined,
  fallback: keyof T & string
): keyof T & string => {
  const n = value ?? 0
  for (const name in table) {
    if (table[name] === n) return name
  }
  return fallback
}

/**
 * `temporal.api.enums.v1.ApplicationErrorCategory`.
 *
 * @internal
 */
export const ApplicationErrorCategory = {
  APPLICATION_ERROR_CATEGORY_UNSPECIFIED: 0,
  APPLICATION_ERROR_CATEGORY_BENIGN: 1
} as const satisfies Mirror<typeof temporal.api.enums.v1.ApplicationErrorCategory>

/**
 * `temporal.api.enums.v1.HistoryEventFilterType`.
 *
 * @internal
 */
export const HistoryEventFilterType = {
  HISTORY_EVENT_FILTER_TYPE_UNSPECIFIED: 0,
  HISTORY_EVENT_FILTER_TYPE_ALL_EVENT: 1,
  HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.HistoryEventFilterType>

/**
 * `temporal.api.enums.v1.NexusHandlerErrorRetryBehavior`.
 *
 * @internal
 */
export const NexusHandlerErrorRetryBehavior = {
  NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_UNSPECIFIED: 0,
  NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_RETRYABLE: 1,
  NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_NON_RETRYABLE: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.NexusHandlerErrorRetryBehavior>

/**
 * `temporal.api.enums.v1.QueryRejectCondition`.
 *
 * @internal
 */
export const QueryRejectCondition = {
  QUERY_REJECT_CONDITION_UNSPECIFIED: 0,
  QUERY_REJECT_CONDITION_NONE: 1,
  QUERY_REJECT_CONDITION_NOT_OPEN: 2,
  QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.QueryRejectCondition>

/**
 * `temporal.api.enums.v1.RetryState`.
 *
 * @internal
 */
export const RetryState = {
  RETRY_STATE_UNSPECIFIED: 0,
  RETRY_STATE_IN_PROGRESS: 1,
  RETRY_STATE_NON_RETRYABLE_FAILURE: 2,
  RETRY_STATE_TIMEOUT: 3,
  RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED: 4,
  RETRY_STATE_RETRY_POLICY_NOT_SET: 5,
  RETRY_STATE_INTERNAL_SERVER_ERROR: 6,
  RETRY_STATE_CANCEL_REQUESTED: 7
} as const satisfies Mirror<typeof temporal.api.enums.v1.RetryState>

/**
 * `temporal.api.enums.v1.ScheduleOverlapPolicy`.
 *
 * @internal
 */
export const ScheduleOverlapPolicy = {
  SCHEDULE_OVERLAP_POLICY_UNSPECIFIED: 0,
  SCHEDULE_OVERLAP_POLICY_SKIP: 1,
  SCHEDULE_OVERLAP_POLICY_BUFFER_ONE: 2,
  SCHEDULE_OVERLAP_POLICY_BUFFER_ALL: 3,
  SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER: 4,
  SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER: 5,
  SCHEDULE_OVERLAP_POLICY_ALLOW_ALL: 6
} as const satisfies Mirror<typeof temporal.api.enums.v1.ScheduleOverlapPolicy>

/**
 * `temporal.api.enums.v1.TaskQueueKind`.
 *
 * @internal
 */
export const TaskQueueKind = {
  TASK_QUEUE_KIND_UNSPECIFIED: 0,
  TASK_QUEUE_KIND_NORMAL: 1,
  TASK_QUEUE_KIND_STICKY: 2,
  TASK_QUEUE_KIND_WORKER_COMMANDS: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.TaskQueueKind>

/**
 * `temporal.api.enums.v1.TaskReachability`.
 *
 * @internal
 */
export const TaskReachability = {
  TASK_REACHABILITY_UNSPECIFIED: 0,
  TASK_REACHABILITY_NEW_WORKFLOWS: 1,
  TASK_REACHABILITY_EXISTING_WORKFLOWS: 2,
  TASK_REACHABILITY_OPEN_WORKFLOWS: 3,
  TASK_REACHABILITY_CLOSED_WORKFLOWS: 4
} as const satisfies Mirror<typeof temporal.api.enums.v1.TaskReachability>

/**
 * `temporal.api.enums.v1.TimeoutType`.
 *
 * @internal
 */
export const TimeoutType = {
  TIMEOUT_TYPE_UNSPECIFIED: 0,
  TIMEOUT_TYPE_START_TO_CLOSE: 1,
  TIMEOUT_TYPE_SCHEDULE_TO_START: 2,
  TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 3,
  TIMEOUT_TYPE_HEARTBEAT: 4
} as const satisfies Mirror<typeof temporal.api.enums.v1.TimeoutType>

/**
 * `temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage`.
 *
 * @internal
 */
export const UpdateWorkflowExecutionLifecycleStage = {
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED: 0,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: 1,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED: 2,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage>

/**
 * `temporal.api.enums.v1.VersioningBehavior`.
 *
 * @internal
 */
export const VersioningBehavior = {
  VERSIONING_BEHAVIOR_UNSPECIFIED: 0,
  VERSIONING_BEHAVIOR_PINNED: 1,
  VERSIONING_BEHAVIOR_AUTO_UPGRADE: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.VersioningBehavior>

/**
 * `temporal.api.enums.v1.WorkflowExecutionStatus`.
 *
 * @internal
 */
export const WorkflowExecutionStatus = {
  WORKFLOW_EXECUTION_STATUS_UNSPECIFIED: 0,
  WORKFLOW_EXECUTION_STATUS_RUNNING: 1,
  WORKFLOW_EXECUTION_STATUS_COMPLETED: 2,
  WORKFLOW_EXECUTION_STATUS_FAILED: 3,
  WORKFLOW_EXECUTION_STATUS_CANCELED: 4,
  WORKFLOW_EXECUTION_STATUS_TERMINATED: 5,
  WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW: 6,
  WORKFLOW_EXECUTION_STATUS_TIMED_OUT: 7,
  WORKFLOW_EXECUTION_STATUS_PAUSED: 8
} as const satisfies Mirror<typeof temporal.api.enums.v1.WorkflowExecutionStatus>

/**
 * `temporal.api.enums.v1.WorkflowIdConflictPolicy`.
 *
 * @internal
 */
export const WorkflowIdConflictPolicy = {
  WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED: 0,
  WORKFLOW_ID_CONFLICT_POLICY_FAIL: 1,
  WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING: 2,
  WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.WorkflowIdConflictPolicy>

/**
 * `temporal.api.enums.v1.WorkflowIdReusePolicy`.
 *
 * @internal
 */
export const WorkflowIdReusePolicy = {
  WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED: 0,
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE: 1,
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY: 2,
  WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE: 3,
  WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING: 4
} as const satisfies Mirror<typeof temporal.api.enums.v1.WorkflowIdReusePolicy>

/**
 * `temporal.api.workflow.v1.VersioningOverride.PinnedOverrideBehavior`.
 *
 * @internal
 */
export const PinnedOverrideBehavior = {
  PINNED_OVERRIDE_BEHAVIOR_UNSPECIFIED: 0,
  PINNED_OVERRIDE_BEHAVIOR_PINNED: 1
} as const satisfies Mirror<typeof temporal.api.workflow.v1.VersioningOverride.PinnedOverrideBehavior>

/**
 * `temporal.api.enums.v1.ActivityIdReusePolicy`.
 *
 * @internal
 */
export const ActivityIdReusePolicy = {
  ACTIVITY_ID_REUSE_POLICY_UNSPECIFIED: 0,
  ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE: 1,
  ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY: 2,
  ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.ActivityIdReusePolicy>

/**
 * `temporal.api.enums.v1.ActivityIdConflictPolicy`.
 *
 * @internal
 */
export const ActivityIdConflictPolicy = {
  ACTIVITY_ID_CONFLICT_POLICY_UNSPECIFIED: 0,
  ACTIVITY_ID_CONFLICT_POLICY_FAIL: 1,
  ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.ActivityIdConflictPolicy>

/**
 * `temporal.api.enums.v1.ActivityExecutionStatus`.
 *
 * @internal
 */
export const ActivityExecutionStatus = {
  ACTIVITY_EXECUTION_STATUS_UNSPECIFIED: 0,
  ACTIVITY_EXECUTION_STATUS_RUNNING: 1,
  ACTIVITY_EXECUTION_STATUS_COMPLETED: 2,
  ACTIVITY_EXECUTION_STATUS_FAILED: 3,
  ACTIVITY_EXECUTION_STATUS_CANCELED: 4,
  ACTIVITY_EXECUTION_STATUS_TERMINATED: 5,
  ACTIVITY_EXECUTION_STATUS_TIMED_OUT: 6,
  ACTIVITY_EXECUTION_STATUS_PAUSED: 7
} as const satisfies Mirror<typeof temporal.api.enums.v1.ActivityExecutionStatus>

/**
 * `temporal.api.enums.v1.PendingActivityState`.
 *
 * @internal
 */
export const PendingActivityState = {
  PENDING_ACTIVITY_STATE_UNSPECIFIED: 0,
  PENDING_ACTIVITY_STATE_SCHEDULED: 1,
  PENDING_ACTIVITY_STATE_STARTED: 2,
  PENDING_ACTIVITY_STATE_CANCEL_REQUESTED: 3,
  PENDING_ACTIVITY_STATE_PAUSED: 4,
  PENDING_ACTIVITY_STATE_PAUSE_REQUESTED: 5
} as const satisfies Mirror<typeof temporal.api.enums.v1.PendingActivityState>

/**
 * `temporal.api.enums.v1.NexusOperationIdReusePolicy`.
 *
 * @internal
 */
export const NexusOperationIdReusePolicy = {
  NEXUS_OPERATION_ID_REUSE_POLICY_UNSPECIFIED: 0,
  NEXUS_OPERATION_ID_REUSE_POLICY_ALLOW_DUPLICATE: 1,
  NEXUS_OPERATION_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY: 2,
  NEXUS_OPERATION_ID_REUSE_POLICY_REJECT_DUPLICATE: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.NexusOperationIdReusePolicy>

/**
 * `temporal.api.enums.v1.NexusOperationIdConflictPolicy`.
 *
 * @internal
 */
export const NexusOperationIdConflictPolicy = {
  NEXUS_OPERATION_ID_CONFLICT_POLICY_UNSPECIFIED: 0,
  NEXUS_OPERATION_ID_CONFLICT_POLICY_FAIL: 1,
  NEXUS_OPERATION_ID_CONFLICT_POLICY_USE_EXISTING: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.NexusOperationIdConflictPolicy>

/**
 * `temporal.api.enums.v1.NexusOperationExecutionStatus`.
 *
 * @internal
 */
export const NexusOperationExecutionStatus = {
  NEXUS_OPERATION_EXECUTION_STATUS_UNSPECIFIED: 0,
  NEXUS_OPERATION_EXECUTION_STATUS_RUNNING: 1,
  NEXUS_OPERATION_EXECUTION_STATUS_COMPLETED: 2,
  NEXUS_OPERATION_EXECUTION_STATUS_FAILED: 3,
  NEXUS_OPERATION_EXECUTION_STATUS_CANCELED: 4,
  NEXUS_OPERATION_EXECUTION_STATUS_TERMINATED: 5,
  NEXUS_OPERATION_EXECUTION_STATUS_TIMED_OUT: 6
} as const satisfies Mirror<typeof temporal.api.enums.v1.NexusOperationExecutionStatus>

/**
 * `temporal.api.enums.v1.PendingNexusOperationState`.
 *
 * @internal
 */
export const PendingNexusOperationState = {
  PENDING_NEXUS_OPERATION_STATE_UNSPECIFIED: 0,
  PENDING_NEXUS_OPERATION_STATE_SCHEDULED: 1,
  PENDING_NEXUS_OPERATION_STATE_BACKING_OFF: 2,
  PENDING_NEXUS_OPERATION_STATE_STARTED: 3,
  PENDING_NEXUS_OPERATION_STATE_BLOCKED: 4
} as const satisfies Mirror<typeof temporal.api.enums.v1.PendingNexusOperationState>

/**
 * `temporal.api.enums.v1.NexusOperationWaitStage`.
 *
 * @internal
 */
export const NexusOperationWaitStage = {
  NEXUS_OPERATION_WAIT_STAGE_UNSPECIFIED: 0,
  NEXUS_OPERATION_WAIT_STAGE_STARTED: 1,
  NEXUS_OPERATION_WAIT_STAGE_CLOSED: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.NexusOperationWaitStage>

/**
 * `temporal.api.enums.v1.NamespaceState`.
 *
 * @internal
 */
export const NamespaceState = {
  NAMESPACE_STATE_UNSPECIFIED: 0,
  NAMESPACE_STATE_REGISTERED: 1,
  NAMESPACE_STATE_DEPRECATED: 2,
  NAMESPACE_STATE_DELETED: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.NamespaceState>

/**
 * `temporal.api.enums.v1.ArchivalState`.
 *
 * @internal
 */
export const ArchivalState = {
  ARCHIVAL_STATE_UNSPECIFIED: 0,
  ARCHIVAL_STATE_DISABLED: 1,
  ARCHIVAL_STATE_ENABLED: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.ArchivalState>

/**
 * `temporal.api.enums.v1.ReplicationState`.
 *
 * @internal
 */
export const ReplicationState = {
  REPLICATION_STATE_UNSPECIFIED: 0,
  REPLICATION_STATE_NORMAL: 1,
  REPLICATION_STATE_HANDOVER: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.ReplicationState>

/**
 * `temporal.api.enums.v1.IndexedValueType`.
 *
 * @internal
 */
export const IndexedValueType = {
  INDEXED_VALUE_TYPE_UNSPECIFIED: 0,
  INDEXED_VALUE_TYPE_TEXT: 1,
  INDEXED_VALUE_TYPE_KEYWORD: 2,
  INDEXED_VALUE_TYPE_INT: 3,
  INDEXED_VALUE_TYPE_DOUBLE: 4,
  INDEXED_VALUE_TYPE_BOOL: 5,
  INDEXED_VALUE_TYPE_DATETIME: 6,
  INDEXED_VALUE_TYPE_KEYWORD_LIST: 7
} as const satisfies Mirror<typeof temporal.api.enums.v1.IndexedValueType>

/**
 * `temporal.api.enums.v1.TaskQueueType`.
 *
 * @internal
 */
export const TaskQueueType = {
  TASK_QUEUE_TYPE_UNSPECIFIED: 0,
  TASK_QUEUE_TYPE_WORKFLOW: 1,
  TASK_QUEUE_TYPE_ACTIVITY: 2,
  TASK_QUEUE_TYPE_NEXUS: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.TaskQueueType>

/**
 * `temporal.api.enums.v1.RateLimitSource`.
 *
 * @internal
 */
export const RateLimitSource = {
  RATE_LIMIT_SOURCE_UNSPECIFIED: 0,
  RATE_LIMIT_SOURCE_API: 1,
  RATE_LIMIT_SOURCE_WORKER: 2,
  RATE_LIMIT_SOURCE_SYSTEM: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.RateLimitSource>

/**
 * `temporal.api.enums.v1.WorkerStatus`.
 *
 * @internal
 */
export const WorkerStatus = {
  WORKER_STATUS_UNSPECIFIED: 0,
  WORKER_STATUS_RUNNING: 1,
  WORKER_STATUS_SHUTTING_DOWN: 2,
  WORKER_STATUS_SHUTDOWN: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.WorkerStatus>
