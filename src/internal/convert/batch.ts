/**
 * Batch operations ⇄ protos: the `StartBatchOperation` request of checked
 * options (payloads encoded by the data converter), and descriptions, list
 * items and progress snapshots read back.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import {
  BatchOperationDescription,
  BatchOperationProgress,
  type BatchOperationState,
  BatchOperationSummary,
  type BatchOperationType,
  BatchTarget,
  type BatchTargetType
} from "../../schema/BatchOperation.js"
import type { ResetReapplyExclude, StartBatchOperationOptionsSchema } from "../../schema/BatchOperationOptions.js"
import type {
  DataConverterError,
  ExternalStorageError,
  PayloadCodecError,
  PayloadTooLargeError
} from "../../schema/TemporalError.js"
import type { DataConverter } from "../../services/DataConverter.js"
import * as OperationEnums from "../proto/operationEnums.js"
import {
  durationToProto,
  int64ToNumber,
  priorityToProto,
  timestampFromProto,
  versioningOverrideToProto
} from "./common.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Start options once checked. @internal */
export type CheckedStartBatchOptions = Schema.Schema.Type<typeof StartBatchOperationOptionsSchema>

type CheckedOperation = CheckedStartBatchOptions["operation"]

type Request = temporal.api.workflowservice.v1.IStartBatchOperationRequest

const T = OperationEnums.BatchOperationType

const typeNames: Readonly<Record<number, BatchOperationType>> = {
  [T.BATCH_OPERATION_TYPE_TERMINATE]: "Terminate",
  [T.BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW]: "Terminate",
  [T.BATCH_OPERATION_TYPE_CANCEL]: "Cancel",
  [T.BATCH_OPERATION_TYPE_CANCEL_WORKFLOW]: "Cancel",
  [T.BATCH_OPERATION_TYPE_SIGNAL]: "Signal",
  [T.BATCH_OPERATION_TYPE_SIGNAL_WORKFLOW]: "Signal",
  [T.BATCH_OPERATION_TYPE_DELETE]: "Delete",
  [T.BATCH_OPERATION_TYPE_DELETE_WORKFLOW]: "Delete",
  [T.BATCH_OPERATION_TYPE_RESET]: "Reset",
  [T.BATCH_OPERATION_TYPE_RESET_WORKFLOW]: "Reset",
  [T.BATCH_OPERATION_TYPE_UPDATE_EXECUTION_OPTIONS]: "UpdateOptions",
  [T.BATCH_OPERATION_TYPE_UPDATE_WORKFLOW_EXECUTION_OPTIONS]: "UpdateOptions",
  [T.BATCH_OPERATION_TYPE_UNPAUSE_ACTIVITY]: "UnpauseActivities",
  [T.BATCH_OPERATION_TYPE_RESET_ACTIVITY]: "ResetActivities",
  [T.BATCH_OPERATION_TYPE_UPDATE_ACTIVITY_OPTIONS]: "UpdateActivityOptions",
  [T.BATCH_OPERATION_TYPE_TERMINATE_ACTIVITY]: "TerminateActivities",
  [T.BATCH_OPERATION_TYPE_CANCEL_ACTIVITY]: "CancelActivities",
  [T.BATCH_OPERATION_TYPE_DELETE_ACTIVITY]: "DeleteActivities"
}

const stateNames: Readonly<Record<number, BatchOperationState>> = {
  [OperationEnums.BatchOperationState.BATCH_OPERATION_STATE_RUNNING]: "Running",
  [OperationEnums.BatchOperationState.BATCH_OPERATION_STATE_COMPLETED]: "Completed",
  [OperationEnums.BatchOperationState.BATCH_OPERATION_STATE_FAILED]: "Failed"
}

const targetTypeNames: Readonly<Record<number, BatchTargetType>> = {
  [OperationEnums.ExecutionType.EXECUTION_TYPE_WORKFLOW]: "Workflow",
  [OperationEnums.ExecutionType.EXECUTION_TYPE_ACTIVITY]: "Activity"
}

const excludeNumbers: Readonly<Record<ResetReapplyExclude, number>> = {
  Signal: OperationEnums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL,
  Update: OperationEnums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE,
  Nexus: OperationEnums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_NEXUS
}

const enumNumber = (value: number | string | null | undefined, table: Readonly<Record<string, number>>): number =>
  typeof value === "string" ? table[value] ?? -1 : value ?? 0

type ActivitySelection = Omit<Extract<CheckedOperation, { readonly _tag: "UnpauseActivities" }>, "_tag">

const activitySelection = (operation: ActivitySelection) => ({
  ...(operation.activityType !== undefined ? { type: operation.activityType } : { matchAll: true }),
  resetAttempts: operation.resetAttempts ?? false,
  resetHeartbeat: operation.resetHeartbeat ?? false,
  ...(operation.jitter !== undefined ? { jitter: durationToProto(operation.jitter) } : {})
})

/** The `operation` oneof of a start request; payloads encoded and size-checked. */
const operationToProto = (
  converter: DataConverter.Service,
  operation: CheckedOperation,
  identity: string,
  reason: string
): Effect.Effect<
  Partial<Request>,
  DataConverterError | PayloadCodecError | PayloadTooLargeError | ExternalStorageError
> =>
  Effect.gen(function*() {
    switch (operation._tag) {
      case "Terminate": {
        const details = yield* converter.toPayloads(operation.details ?? [])
        yield* converter.checkSize(details, "StartBatchOperation.terminationOperation.details")
        return { terminationOperation: { identity, ...(details.length > 0 ? { details: { payloads: details } } : {}) } }
      }
      case "Cancel":
        return { cancellationOperation: { identity } }
      case "Signal": {
        const input = yield* converter.toPayloads(operation.args ?? [])
        yield* converter.checkSize(input, "StartBatchOperation.signalOperation.input")
        return { signalOperation: { signal: operation.signal, identity, input: { payloads: input } } }
      }
      case "Delete":
        return { deletionOperation: { identity } }
      case "Reset": {
        const target = operation.target
        return {
          resetOperation: {
            identity,
            options: {
              ...(target === "FirstWorkflowTask"
                ? { firstWorkflowTask: {} }
                : target === "LastWorkflowTask"
                ? { lastWorkflowTask: {} }
                : { buildId: target.buildId }),
              currentRunOnly: operation.currentRunOnly ?? false,
              resetReapplyExcludeTypes: (operation.excludeReapply ?? []).map((exclude) => excludeNumbers[exclude])
            }
          }
        }
      }
      case "UpdateOptions": {
        const paths: Array<string> = []
        const options: temporal.api.workflow.v1.IWorkflowExecutionOptions = {}
        if (operation.versioningOverride !== undefined) {
          paths.push("versioning_override")
          if (operation.versioningOverride !== null) {
            options.versioningOverride = versioningOverrideToProto(operation.versioningOverride)
          }
        }
        if (operation.priority !== undefined) {
          paths.push("priority")
          options.priority = priorityToProto(operation.priority)
        }
        return {
          updateWorkflowOptionsOperation: { identity, workflowExecutionOptions: options, updateMask: { paths } }
        }
      }
      case "UnpauseActivities":
        return { unpauseActivitiesOperation: { identity, ...activitySelection(operation) } }
      case "ResetActivities":
        return {
          resetActivitiesOperation: {
            identity,
            ...activitySelection(operation),
            keepPaused: operation.keepPaused ?? false,
            restoreOriginalOptions: operation.restoreOriginalOptions ?? false
          }
        }
      case "TerminateActivities":
        return { terminateActivitiesOperation: { identity, reason } }
      case "CancelActivities":
        return { cancelActivitiesOperation: { identity, reason } }
      case "DeleteActivities":
        return { deleteActivitiesOperation: {} }
    }
  })

/**
 * The `StartBatchOperation` request of checked options. Workflows listed by
 * ID go in `executions` (which every server with batches reads), standalone
 * activities in `targetExecutions`.
 *
 * @internal
 */
export const startRequest = (
  converter: DataConverter.Service,
  namespace: string,
  identity: string,
  jobId: string,
  options: CheckedStartBatchOptions
): Effect.Effect<
  Request,
  DataConverterError | PayloadCodecError | PayloadTooLargeError | ExternalStorageError
> =>
  Effect.map(operationToProto(converter, options.operation, identity, options.reason), (operation) => {
    const refs = options.executions ?? []
    const workflows = refs.flatMap((ref) =>
      "workflowId" in ref ? [{ workflowId: ref.workflowId, ...(ref.runId ? { runId: ref.runId } : {}) }] : []
    )
    const activities = refs.flatMap((ref) =>
      "activityId" in ref
        ? [{
          type: OperationEnums.ExecutionType.EXECUTION_TYPE_ACTIVITY,
          businessId: ref.activityId,
          ...(ref.runId ? { runId: ref.runId } : {})
        }]
        : []
    )
    return {
      namespace,
      jobId,
      reason: options.reason,
      visibilityQuery: options.query !== undefined && options.query.trim() !== "" ? options.query : "",
      ...(workflows.length > 0 ? { executions: workflows } : {}),
      ...(activities.length > 0 ? { targetExecutions: activities } : {}),
      ...(options.maxOperationsPerSecond !== undefined
        ? { maxOperationsPerSecond: options.maxOperationsPerSecond }
        : {}),
      ...operation
    }
  })

/** Sets `fields[key]` to `value` unless it is `undefined`. */
const put = <T, K extends keyof T>(fields: T, key: K, value: T[K] | undefined): void => {
  if (value !== undefined) fields[key] = value
}

const targetFromProto = (proto: temporal.api.common.v1.IExecution): BatchTarget => {
  const fields: Mutable<ConstructorParameters<typeof BatchTarget>[0]> = { id: proto.businessId ?? "" }
  put(fields, "type", targetTypeNames[enumNumber(proto.type, OperationEnums.ExecutionType)])
  put(fields, "runId", proto.runId || undefined)
  return new BatchTarget(fields, { disableChecks: true })
}

/**
 * A `BatchOperationDescription` from a `DescribeBatchOperationResponse`.
 *
 * @internal
 */
export const descriptionFromProto = (
  response: temporal.api.workflowservice.v1.IDescribeBatchOperationResponse,
  jobId: string
): BatchOperationDescription => {
  const fields: Mutable<ConstructorParameters<typeof BatchOperationDescription>[0]> = {
    jobId: response.jobId || jobId,
    totalOperationCount: int64ToNumber(response.totalOperationCount),
    completeOperationCount: int64ToNumber(response.completeOperationCount),
    failureOperationCount: int64ToNumber(response.failureOperationCount),
    executions: (response.executions ?? []).map(targetFromProto),
    rawDescription: response
  }
  put(fields, "operationType", typeNames[enumNumber(response.operationType, OperationEnums.BatchOperationType)])
  put(fields, "state", stateNames[enumNumber(response.state, OperationEnums.BatchOperationState)])
  put(fields, "startTime", timestampFromProto(response.startTime))
  put(fields, "closeTime", timestampFromProto(response.closeTime))
  put(fields, "identity", response.identity || undefined)
  put(fields, "reason", response.reason || undefined)
  put(fields, "query", response.query || undefined)
  return new BatchOperationDescription(fields, { disableChecks: true })
}

/**
 * A `BatchOperationSummary` from a list item.
 *
 * @internal
 */
export const summaryFromProto = (proto: temporal.api.batch.v1.IBatchOperationInfo): BatchOperationSummary => {
  const fields: Mutable<ConstructorParameters<typeof BatchOperationSummary>[0]> = {
    jobId: proto.jobId ?? "",
    rawInfo: proto
  }
  put(fields, "operationType", typeNames[enumNumber(proto.operationType, OperationEnums.BatchOperationType)])
  put(fields, "state", stateNames[enumNumber(proto.state, OperationEnums.BatchOperationState)])
  put(fields, "startTime", timestampFromProto(proto.startTime))
  put(fields, "closeTime", timestampFromProto(proto.closeTime))
  return new BatchOperationSummary(fields, { disableChecks: true })
}

/**
 * The progress snapshot of a description.
 *
 * @internal
 */
export const progressOf = (description: BatchOperationDescription): BatchOperationProgress => {
  const fields: Mutable<ConstructorParameters<typeof BatchOperationProgress>[0]> = {
    jobId: description.jobId,
    totalOperationCount: description.totalOperationCount,
    completeOperationCount: description.completeOperationCount,
    failureOperationCount: description.failureOperationCount
  }
  put(fields, "state", description.state)
  put(fields, "closeTime", description.closeTime)
  return new BatchOperationProgress(fields, { disableChecks: true })
}
