/**
 * Worker deployments ⇄ protos: descriptions, list items, version
 * descriptions and their routing configs read back, and version metadata
 * decoded and encoded through the data converter.
 *
 * The server sends versions both as `WorkerDeploymentVersion` messages and,
 * deprecated, as `"<deploymentName>.<buildId>"` strings where
 * `"__unversioned__"` stands for the unversioned workers; the messages are
 * read first. A ramp to the unversioned workers shows only in the string.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type { Mutable } from "effect/Types"
import type { Payload } from "../../schema/Common/payload.js"
import type { WorkerDeploymentVersion } from "../../schema/Common/versioning.js"
import { TaskQueueStats, type TaskQueueType } from "../../schema/TaskQueue.js"
import type { DataConverterError, ExternalStorageError, PayloadCodecError } from "../../schema/TemporalError.js"
import {
  RampingVersion,
  RoutingConfig,
  type RoutingConfigUpdateState,
  VersionDrainageInfo,
  type VersionDrainageStatus,
  VersionTaskQueue,
  WorkerDeploymentDescription,
  WorkerDeploymentSummary,
  WorkerDeploymentVersionDescription,
  type WorkerDeploymentVersionStatus,
  WorkerDeploymentVersionSummary
} from "../../schema/WorkerDeployment.js"
import type { DataConverter } from "../../services/DataConverter.js"
import * as Enums from "../proto/enums.js"
import * as OperationEnums from "../proto/operationEnums.js"
import { durationFromProto, int64ToNumber, timestampFromProto } from "./common.js"

/** The deprecated string form of the unversioned workers. */
const unversioned = "__unversioned__"

const enumNumber = (value: number | string | null | undefined, table: Readonly<Record<string, number>>): number =>
  typeof value === "string" ? table[value] ?? -1 : value ?? 0

const statusNames: Readonly<Record<number, WorkerDeploymentVersionStatus>> = {
  [OperationEnums.WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CREATED]: "Created",
  [OperationEnums.WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE]: "Inactive",
  [OperationEnums.WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT]: "Current",
  [OperationEnums.WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING]: "Ramping",
  [OperationEnums.WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING]: "Draining",
  [OperationEnums.WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED]: "Drained"
}

const drainageNames: Readonly<Record<number, VersionDrainageStatus>> = {
  [OperationEnums.VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINING]: "Draining",
  [OperationEnums.VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINED]: "Drained"
}

const updateStateNames: Readonly<Record<number, RoutingConfigUpdateState>> = {
  [OperationEnums.RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS]: "InProgress",
  [OperationEnums.RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_COMPLETED]: "Completed"
}

const taskQueueTypeNames: Readonly<Record<number, TaskQueueType>> = {
  [Enums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW]: "Workflow",
  [Enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]: "Activity",
  [Enums.TaskQueueType.TASK_QUEUE_TYPE_NEXUS]: "Nexus"
}

/** Sets `fields[key]` to `value` unless it is `undefined`. */
const put = <T, K extends keyof T>(fields: T, key: K, value: T[K] | undefined): void => {
  if (value !== undefined) fields[key] = value
}

/**
 * A version from its message, else from its deprecated string form;
 * `undefined` for the unversioned workers or none.
 *
 * @internal
 */
export const versionFromProto = (
  proto: temporal.api.deployment.v1.IWorkerDeploymentVersion | null | undefined,
  legacy?: string | null
): WorkerDeploymentVersion | undefined => {
  if (proto?.buildId) return { deploymentName: proto.deploymentName ?? "", buildId: proto.buildId }
  if (!legacy || legacy === unversioned) return undefined
  const dot = legacy.indexOf(".")
  return dot > 0 ? { deploymentName: legacy.slice(0, dot), buildId: legacy.slice(dot + 1) } : undefined
}

const drainageFromProto = (
  proto: temporal.api.deployment.v1.IVersionDrainageInfo | null | undefined
): VersionDrainageInfo | undefined => {
  if (proto === null || proto === undefined) return undefined
  const fields: Mutable<ConstructorParameters<typeof VersionDrainageInfo>[0]> = {}
  put(fields, "status", drainageNames[enumNumber(proto.status, OperationEnums.VersionDrainageStatus)])
  put(fields, "lastChangedTime", timestampFromProto(proto.lastChangedTime))
  put(fields, "lastCheckedTime", timestampFromProto(proto.lastCheckedTime))
  return new VersionDrainageInfo(fields, { disableChecks: true })
}

/**
 * A routing config: absent versions are the unversioned workers; the ramp is
 * there while a ramping version (the unversioned workers included) is set.
 *
 * @internal
 */
export const routingConfigFromProto = (
  proto: temporal.api.deployment.v1.IRoutingConfig | null | undefined
): RoutingConfig => {
  const fields: Mutable<ConstructorParameters<typeof RoutingConfig>[0]> = {
    revisionNumber: int64ToNumber(proto?.revisionNumber)
  }
  put(fields, "currentVersion", versionFromProto(proto?.currentDeploymentVersion, proto?.currentVersion))
  put(fields, "currentVersionChangedTime", timestampFromProto(proto?.currentVersionChangedTime))
  const rampingVersion = versionFromProto(proto?.rampingDeploymentVersion, proto?.rampingVersion)
  if (rampingVersion !== undefined || proto?.rampingVersion) {
    const ramp: Mutable<ConstructorParameters<typeof RampingVersion>[0]> = {
      percentage: proto?.rampingVersionPercentage ?? 0
    }
    put(ramp, "version", rampingVersion)
    put(ramp, "changedTime", timestampFromProto(proto?.rampingVersionChangedTime))
    put(ramp, "percentageChangedTime", timestampFromProto(proto?.rampingVersionPercentageChangedTime))
    fields.ramping = new RampingVersion(ramp, { disableChecks: true })
  }
  return new RoutingConfig(fields, { disableChecks: true })
}

const versionSummaryFromProto = (
  proto: temporal.api.deployment.v1.WorkerDeploymentInfo.IWorkerDeploymentVersionSummary | null | undefined
): WorkerDeploymentVersionSummary | undefined => {
  if (proto === null || proto === undefined) return undefined
  const version = versionFromProto(proto.deploymentVersion, proto.version)
  if (version === undefined) return undefined
  const fields: Mutable<ConstructorParameters<typeof WorkerDeploymentVersionSummary>[0]> = { version }
  put(fields, "status", statusNames[enumNumber(proto.status, OperationEnums.WorkerDeploymentVersionStatus)])
  put(fields, "createTime", timestampFromProto(proto.createTime))
  put(fields, "drainageInfo", drainageFromProto(proto.drainageInfo))
  put(fields, "currentSinceTime", timestampFromProto(proto.currentSinceTime))
  put(fields, "rampingSinceTime", timestampFromProto(proto.rampingSinceTime))
  put(fields, "routingUpdateTime", timestampFromProto(proto.routingUpdateTime))
  put(fields, "firstActivationTime", timestampFromProto(proto.firstActivationTime))
  put(fields, "lastCurrentTime", timestampFromProto(proto.lastCurrentTime))
  put(fields, "lastDeactivationTime", timestampFromProto(proto.lastDeactivationTime))
  return new WorkerDeploymentVersionSummary(fields, { disableChecks: true })
}

/**
 * A `WorkerDeploymentDescription` from a `DescribeWorkerDeploymentResponse`.
 *
 * @internal
 */
export const deploymentDescriptionFromProto = (
  response: temporal.api.workflowservice.v1.IDescribeWorkerDeploymentResponse,
  deploymentName: string
): WorkerDeploymentDescription => {
  const info = response.workerDeploymentInfo
  const fields: Mutable<ConstructorParameters<typeof WorkerDeploymentDescription>[0]> = {
    name: info?.name || deploymentName,
    versionSummaries: (info?.versionSummaries ?? []).flatMap((summary) => versionSummaryFromProto(summary) ?? []),
    routingConfig: routingConfigFromProto(info?.routingConfig),
    conflictToken: response.conflictToken ?? new Uint8Array(),
    rawDescription: response
  }
  put(fields, "createTime", timestampFromProto(info?.createTime))
  put(
    fields,
    "routingConfigUpdateState",
    updateStateNames[enumNumber(info?.routingConfigUpdateState, OperationEnums.RoutingConfigUpdateState)]
  )
  put(fields, "lastModifierIdentity", info?.lastModifierIdentity || undefined)
  put(fields, "managerIdentity", info?.managerIdentity || undefined)
  return new WorkerDeploymentDescription(fields, { disableChecks: true })
}

/**
 * A `WorkerDeploymentSummary` from a list item.
 *
 * @internal
 */
export const deploymentSummaryFromProto = (
  proto: temporal.api.workflowservice.v1.ListWorkerDeploymentsResponse.IWorkerDeploymentSummary
): WorkerDeploymentSummary => {
  const fields: Mutable<ConstructorParameters<typeof WorkerDeploymentSummary>[0]> = {
    name: proto.name ?? "",
    routingConfig: routingConfigFromProto(proto.routingConfig),
    rawSummary: proto
  }
  put(fields, "createTime", timestampFromProto(proto.createTime))
  put(fields, "latestVersionSummary", versionSummaryFromProto(proto.latestVersionSummary))
  put(fields, "currentVersionSummary", versionSummaryFromProto(proto.currentVersionSummary))
  put(fields, "rampingVersionSummary", versionSummaryFromProto(proto.rampingVersionSummary))
  return new WorkerDeploymentSummary(fields, { disableChecks: true })
}

const statsFromProto = (stats: temporal.api.taskqueue.v1.ITaskQueueStats): TaskQueueStats =>
  new TaskQueueStats({
    approximateBacklogCount: int64ToNumber(stats.approximateBacklogCount),
    approximateBacklogAge: durationFromProto(stats.approximateBacklogAge ?? {})!,
    tasksAddRate: stats.tasksAddRate ?? 0,
    tasksDispatchRate: stats.tasksDispatchRate ?? 0,
    rateLimitingActive: stats.rateLimitingActive ?? false
  }, { disableChecks: true })

const taskQueueFromProto = (
  proto: temporal.api.workflowservice.v1.DescribeWorkerDeploymentVersionResponse.IVersionTaskQueue
): VersionTaskQueue => {
  const fields: Mutable<ConstructorParameters<typeof VersionTaskQueue>[0]> = {
    name: proto.name ?? "",
    statsByPriorityKey: Object.fromEntries(
      Object.entries(proto.statsByPriorityKey ?? {}).map(([key, stats]) => [key, statsFromProto(stats)])
    )
  }
  put(fields, "type", taskQueueTypeNames[enumNumber(proto.type, Enums.TaskQueueType)])
  if (proto.stats) fields.stats = statsFromProto(proto.stats)
  return new VersionTaskQueue(fields, { disableChecks: true })
}

/**
 * Metadata entries decoded by the data converter.
 *
 * @internal
 */
export const decodeMetadata = (
  converter: DataConverter.Service,
  entries: { readonly [key: string]: Payload } | null | undefined
): Effect.Effect<Record<string, unknown>, DataConverterError | PayloadCodecError | ExternalStorageError> =>
  Effect.map(
    Effect.forEach(Object.entries(entries ?? {}), ([key, payload]) =>
      Effect.map(converter.fromPayload(payload), (value) => [key, value] as const)),
    (pairs) =>
      Object.fromEntries(pairs)
  )

/**
 * A `WorkerDeploymentVersionDescription` from a
 * `DescribeWorkerDeploymentVersionResponse`, its metadata decoded.
 *
 * @internal
 */
export const versionDescriptionFromProto = (
  converter: DataConverter.Service,
  response: temporal.api.workflowservice.v1.IDescribeWorkerDeploymentVersionResponse,
  asked: WorkerDeploymentVersion
): Effect.Effect<
  WorkerDeploymentVersionDescription,
  DataConverterError | PayloadCodecError | ExternalStorageError
> =>
  Effect.map(decodeMetadata(converter, response.workerDeploymentVersionInfo?.metadata?.entries), (metadata) => {
    const info = response.workerDeploymentVersionInfo
    const fields: Mutable<ConstructorParameters<typeof WorkerDeploymentVersionDescription>[0]> = {
      version: versionFromProto(info?.deploymentVersion, info?.version) ?? asked,
      rampPercentage: info?.rampPercentage ?? 0,
      metadata,
      taskQueues: (response.versionTaskQueues ?? []).map(taskQueueFromProto),
      rawDescription: response
    }
    put(fields, "status", statusNames[enumNumber(info?.status, OperationEnums.WorkerDeploymentVersionStatus)])
    put(fields, "createTime", timestampFromProto(info?.createTime))
    put(fields, "routingChangedTime", timestampFromProto(info?.routingChangedTime))
    put(fields, "currentSinceTime", timestampFromProto(info?.currentSinceTime))
    put(fields, "rampingSinceTime", timestampFromProto(info?.rampingSinceTime))
    put(fields, "firstActivationTime", timestampFromProto(info?.firstActivationTime))
    put(fields, "lastCurrentTime", timestampFromProto(info?.lastCurrentTime))
    put(fields, "lastDeactivationTime", timestampFromProto(info?.lastDeactivationTime))
    put(fields, "drainageInfo", drainageFromProto(info?.drainageInfo))
    put(fields, "lastModifierIdentity", info?.lastModifierIdentity || undefined)
    return new WorkerDeploymentVersionDescription(fields, { disableChecks: true })
  })

/**
 * Metadata entries to upsert, encoded by the data converter.
 *
 * @internal
 */
export const encodeMetadata = (
  converter: DataConverter.Service,
  entries: Readonly<Record<string, unknown>>
): Effect.Effect<Record<string, Payload>, DataConverterError | PayloadCodecError | ExternalStorageError> =>
  Effect.map(
    Effect.forEach(Object.entries(entries), ([key, value]) =>
      Effect.map(converter.toPayload(value), (payload) => [key, payload] as const)),
    (pairs) =>
      Object.fromEntries(pairs)
  )
