/**
 * The proto enums of worker deployments and batch operations, mirrored as
 * literal tables (as `./enums.ts` does for the rest) so that importing the
 * package does not load `@temporalio/proto`. `Mirror` holds each table to the
 * enum's declaration, and `test/unit/BatchInMemory.test.ts` compares them with
 * the loaded root.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import type { Mirror } from "./enums.js"

/**
 * `temporal.api.enums.v1.WorkerDeploymentVersionStatus`.
 *
 * @internal
 */
export const WorkerDeploymentVersionStatus = {
  WORKER_DEPLOYMENT_VERSION_STATUS_UNSPECIFIED: 0,
  WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE: 1,
  WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT: 2,
  WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING: 3,
  WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING: 4,
  WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED: 5,
  WORKER_DEPLOYMENT_VERSION_STATUS_CREATED: 6
} as const satisfies Mirror<typeof temporal.api.enums.v1.WorkerDeploymentVersionStatus>

/**
 * `temporal.api.enums.v1.VersionDrainageStatus`.
 *
 * @internal
 */
export const VersionDrainageStatus = {
  VERSION_DRAINAGE_STATUS_UNSPECIFIED: 0,
  VERSION_DRAINAGE_STATUS_DRAINING: 1,
  VERSION_DRAINAGE_STATUS_DRAINED: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.VersionDrainageStatus>

/**
 * `temporal.api.enums.v1.RoutingConfigUpdateState`.
 *
 * @internal
 */
export const RoutingConfigUpdateState = {
  ROUTING_CONFIG_UPDATE_STATE_UNSPECIFIED: 0,
  ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS: 1,
  ROUTING_CONFIG_UPDATE_STATE_COMPLETED: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.RoutingConfigUpdateState>

/**
 * `temporal.api.enums.v1.BatchOperationType`.
 *
 * @internal
 */
export const BatchOperationType = {
  BATCH_OPERATION_TYPE_UNSPECIFIED: 0,
  BATCH_OPERATION_TYPE_TERMINATE: 1,
  BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW: 13,
  BATCH_OPERATION_TYPE_CANCEL: 2,
  BATCH_OPERATION_TYPE_CANCEL_WORKFLOW: 14,
  BATCH_OPERATION_TYPE_SIGNAL: 3,
  BATCH_OPERATION_TYPE_SIGNAL_WORKFLOW: 15,
  BATCH_OPERATION_TYPE_DELETE: 4,
  BATCH_OPERATION_TYPE_DELETE_WORKFLOW: 16,
  BATCH_OPERATION_TYPE_RESET: 5,
  BATCH_OPERATION_TYPE_RESET_WORKFLOW: 17,
  BATCH_OPERATION_TYPE_UPDATE_EXECUTION_OPTIONS: 6,
  BATCH_OPERATION_TYPE_UPDATE_WORKFLOW_EXECUTION_OPTIONS: 18,
  BATCH_OPERATION_TYPE_UNPAUSE_ACTIVITY: 7,
  BATCH_OPERATION_TYPE_UPDATE_ACTIVITY_OPTIONS: 8,
  BATCH_OPERATION_TYPE_RESET_ACTIVITY: 9,
  BATCH_OPERATION_TYPE_TERMINATE_ACTIVITY: 10,
  BATCH_OPERATION_TYPE_CANCEL_ACTIVITY: 11,
  BATCH_OPERATION_TYPE_DELETE_ACTIVITY: 12
} as const satisfies Mirror<typeof temporal.api.enums.v1.BatchOperationType>

/**
 * `temporal.api.enums.v1.BatchOperationState`.
 *
 * @internal
 */
export const BatchOperationState = {
  BATCH_OPERATION_STATE_UNSPECIFIED: 0,
  BATCH_OPERATION_STATE_RUNNING: 1,
  BATCH_OPERATION_STATE_COMPLETED: 2,
  BATCH_OPERATION_STATE_FAILED: 3
} as const satisfies Mirror<typeof temporal.api.enums.v1.BatchOperationState>

/**
 * `temporal.api.enums.v1.ExecutionType`.
 *
 * @internal
 */
export const ExecutionType = {
  EXECUTION_TYPE_UNSPECIFIED: 0,
  EXECUTION_TYPE_WORKFLOW: 1,
  EXECUTION_TYPE_ACTIVITY: 2
} as const satisfies Mirror<typeof temporal.api.enums.v1.ExecutionType>

/**
 * `temporal.api.enums.v1.ResetReapplyExcludeType`.
 *
 * @internal
 */
export const ResetReapplyExcludeType = {
  RESET_REAPPLY_EXCLUDE_TYPE_UNSPECIFIED: 0,
  RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL: 1,
  RESET_REAPPLY_EXCLUDE_TYPE_UPDATE: 2,
  RESET_REAPPLY_EXCLUDE_TYPE_NEXUS: 3,
  RESET_REAPPLY_EXCLUDE_TYPE_CANCEL_REQUEST: 4
} as const satisfies Mirror<typeof temporal.api.enums.v1.ResetReapplyExcludeType>
