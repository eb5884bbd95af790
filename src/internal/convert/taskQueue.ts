/**
 * Task queues and workers ⇄ protos: task queue descriptions per type, and
 * workers as listed and described.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import type { WorkerDeploymentVersion } from "../../schema/Common/versioning.js"
import {
  type RateLimitSource,
  TaskQueueConfig,
  TaskQueueConfiguredRateLimit,
  TaskQueuePoller,
  TaskQueueRateLimit,
  TaskQueueStats,
  type TaskQueueType,
  TaskQueueTypeDescription,
  TaskQueueVersioningInfo
} from "../../schema/TaskQueue.js"
import {
  WorkerDescription,
  WorkerPlugin,
  WorkerPollers,
  WorkerSlots,
  type WorkerStatus,
  WorkerSummary
} from "../../schema/Worker.js"
import * as Enums from "../proto/enums.js"
import { durationFromProto, int64ToNumber, timestampFromProto } from "./common.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * The `TaskQueueType` number of each task queue type.
 *
 * @internal
 */
export const taskQueueTypeNumbers: Record<TaskQueueType, number> = {
  Workflow: Enums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  Activity: Enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  Nexus: Enums.TaskQueueType.TASK_QUEUE_TYPE_NEXUS
}

const rateLimitSources: ReadonlyMap<number, RateLimitSource> = new Map([
  [Enums.RateLimitSource.RATE_LIMIT_SOURCE_API, "Api"],
  [Enums.RateLimitSource.RATE_LIMIT_SOURCE_WORKER, "Worker"],
  [Enums.RateLimitSource.RATE_LIMIT_SOURCE_SYSTEM, "System"]
])

const workerStatuses: ReadonlyMap<number, WorkerStatus> = new Map([
  [Enums.WorkerStatus.WORKER_STATUS_RUNNING, "Running"],
  [Enums.WorkerStatus.WORKER_STATUS_SHUTTING_DOWN, "ShuttingDown"],
  [Enums.WorkerStatus.WORKER_STATUS_SHUTDOWN, "Shutdown"]
])

/** An enum field as a number: protobufjs reads numbers, a JSON-shaped message may hold names. */
const enumNumber = (value: number | string | null | undefined, table: object): number =>
  typeof value === "string" ? (table as Record<string, number | undefined>)[value] ?? -1 : value ?? 0

/** A timestamp, unless it is Go's zero time (year 1), which the server sends for "never". */
const timeOf = (proto: Parameters<typeof timestampFromProto>[0]): Date | undefined => {
  const time = timestampFromProto(proto)
  return time !== undefined && time.getTime() > 0 ? time : undefined
}

const versionOf = (
  version: temporal.api.deployment.v1.IWorkerDeploymentVersion | null | undefined
): WorkerDeploymentVersion | undefined =>
  version?.buildId ? { deploymentName: version.deploymentName ?? "", buildId: version.buildId } : undefined

const pollerFromProto = (poller: temporal.api.taskqueue.v1.IPollerInfo): TaskQueuePoller => {
  const fields: Mutable<ConstructorParameters<typeof TaskQueuePoller>[0]> = {
    identity: poller.identity ?? "",
    ratePerSecond: poller.ratePerSecond ?? 0
  }
  const lastAccessTime = timeOf(poller.lastAccessTime)
  if (lastAccessTime !== undefined) fields.lastAccessTime = lastAccessTime
  const buildId = poller.workerVersionCapabilities?.buildId
  if (buildId) fields.buildId = buildId
  const deployment = poller.deploymentOptions
  if (deployment?.buildId) {
    fields.deploymentVersion = { deploymentName: deployment.deploymentName ?? "", buildId: deployment.buildId }
  }
  return new TaskQueuePoller(fields, { disableChecks: true })
}

const statsFromProto = (stats: temporal.api.taskqueue.v1.ITaskQueueStats): TaskQueueStats =>
  new TaskQueueStats({
    approximateBacklogCount: int64ToNumber(stats.approximateBacklogCount),
    approximateBacklogAge: durationFromProto(stats.approximateBacklogAge) ?? Duration.zero,
    tasksAddRate: stats.tasksAddRate ?? 0,
    tasksDispatchRate: stats.tasksDispatchRate ?? 0,
    rateLimitingActive: stats.rateLimitingActive ?? false
  }, { disableChecks: true })

const configuredRateLimitFromProto = (
  config: temporal.api.taskqueue.v1.IRateLimitConfig | null | undefined
): TaskQueueConfiguredRateLimit | undefined => {
  if (config === null || config === undefined) return undefined
  const fields: Mutable<ConstructorParameters<typeof TaskQueueConfiguredRateLimit>[0]> = {}
  const limit = config.rateLimit?.requestsPerSecond
  if (config.rateLimit && typeof limit === "number") fields.requestsPerSecond = limit
  if (config.metadata?.reason) fields.reason = config.metadata.reason
  if (config.metadata?.updateIdentity) fields.updateIdentity = config.metadata.updateIdentity
  const updateTime = timeOf(config.metadata?.updateTime)
  if (updateTime !== undefined) fields.updateTime = updateTime
  return new TaskQueueConfiguredRateLimit(fields, { disableChecks: true })
}

const configFromProto = (config: temporal.api.taskqueue.v1.ITaskQueueConfig): TaskQueueConfig => {
  const fields: Mutable<ConstructorParameters<typeof TaskQueueConfig>[0]> = {
    fairnessWeightOverrides: { ...config.fairnessWeightOverrides }
  }
  const queueRateLimit = configuredRateLimitFromProto(config.queueRateLimit)
  if (queueRateLimit !== undefined) fields.queueRateLimit = queueRateLimit
  const keyDefault = configuredRateLimitFromProto(config.fairnessKeysRateLimitDefault)
  if (keyDefault !== undefined) fields.fairnessKeysRateLimitDefault = keyDefault
  return new TaskQueueConfig(fields, { disableChecks: true })
}

/**
 * One task queue type's description from its `DescribeTaskQueueResponse`.
 *
 * @internal
 */
export const taskQueueTypeDescriptionFromProto = (
  type: TaskQueueType,
  response: temporal.api.workflowservice.v1.IDescribeTaskQueueResponse
): TaskQueueTypeDescription => {
  const fields: Mutable<ConstructorParameters<typeof TaskQueueTypeDescription>[0]> = {
    type,
    pollers: (response.pollers ?? []).map(pollerFromProto),
    statsByPriorityKey: Object.fromEntries(
      Object.entries(response.statsByPriorityKey ?? {}).map(([key, stats]) => [key, statsFromProto(stats)])
    ),
    rawDescription: response
  }
  if (response.stats) fields.stats = statsFromProto(response.stats)
  const rateLimit = response.effectiveRateLimit
  if (rateLimit) {
    const source = rateLimitSources.get(enumNumber(rateLimit.rateLimitSource, Enums.RateLimitSource))
    fields.effectiveRateLimit = new TaskQueueRateLimit({
      requestsPerSecond: rateLimit.requestsPerSecond ?? 0,
      ...(source !== undefined ? { source } : {})
    }, { disableChecks: true })
  }
  if (response.config) fields.config = configFromProto(response.config)
  return new TaskQueueTypeDescription(fields, { disableChecks: true })
}

/**
 * The versioning info of a task queue, when it is routed to deployment
 * versions (an unversioned queue has neither a current nor a ramping one).
 *
 * @internal
 */
export const versioningInfoFromProto = (
  info: temporal.api.taskqueue.v1.ITaskQueueVersioningInfo | null | undefined
): TaskQueueVersioningInfo | undefined => {
  const currentVersion = versionOf(info?.currentDeploymentVersion)
  const rampingVersion = versionOf(info?.rampingDeploymentVersion)
  if (currentVersion === undefined && rampingVersion === undefined) return undefined
  const updateTime = timeOf(info?.updateTime)
  return new TaskQueueVersioningInfo({
    rampingVersionPercentage: info?.rampingVersionPercentage ?? 0,
    ...(currentVersion !== undefined ? { currentVersion } : {}),
    ...(rampingVersion !== undefined ? { rampingVersion } : {}),
    ...(updateTime !== undefined ? { updateTime } : {})
  }, { disableChecks: true })
}

/** The fields a list entry and a heartbeat share. */
type WorkerInfoLike = temporal.api.worker.v1.IWorkerListInfo & temporal.api.worker.v1.IWorkerHeartbeat

const sharedWorkerFields = (info: WorkerInfoLike) => {
  const fields: Mutable<Omit<ConstructorParameters<typeof WorkerSummary>[0], "rawListInfo">> = {
    workerInstanceKey: info.workerInstanceKey ?? "",
    workerIdentity: info.workerIdentity ?? "",
    taskQueue: info.taskQueue ?? "",
    sdkName: info.sdkName ?? "",
    sdkVersion: info.sdkVersion ?? "",
    hostName: info.hostName ?? info.hostInfo?.hostName ?? "",
    workerGroupingKey: info.workerGroupingKey ?? info.hostInfo?.workerGroupingKey ?? "",
    processId: info.processId ?? info.hostInfo?.processId ?? "",
    plugins: (info.plugins ?? []).map((plugin) =>
      new WorkerPlugin({ name: plugin.name ?? "", version: plugin.version ?? "" }, { disableChecks: true })
    )
  }
  const deploymentVersion = versionOf(info.deploymentVersion)
  if (deploymentVersion !== undefined) fields.deploymentVersion = deploymentVersion
  const status = workerStatuses.get(enumNumber(info.status, Enums.WorkerStatus))
  if (status !== undefined) fields.status = status
  const startTime = timeOf(info.startTime)
  if (startTime !== undefined) fields.startTime = startTime
  return fields
}

/**
 * A `WorkerSummary` from a list entry, or from a heartbeat (servers that
 * answer `ListWorkers` with `workersInfo` only).
 *
 * @internal
 */
export const workerSummaryFromProto = (
  info: temporal.api.worker.v1.IWorkerListInfo | temporal.api.worker.v1.IWorkerHeartbeat
): WorkerSummary =>
  new WorkerSummary({ ...sharedWorkerFields(info as WorkerInfoLike), rawListInfo: info }, { disableChecks: true })

const slotsFromProto = (slots: temporal.api.worker.v1.IWorkerSlotsInfo | null | undefined) =>
  slots
    ? new WorkerSlots({
      availableSlots: slots.currentAvailableSlots ?? 0,
      usedSlots: slots.currentUsedSlots ?? 0,
      slotSupplierKind: slots.slotSupplierKind ?? "",
      totalProcessedTasks: slots.totalProcessedTasks ?? 0,
      totalFailedTasks: slots.totalFailedTasks ?? 0,
      lastIntervalProcessedTasks: slots.lastIntervalProcessedTasks ?? 0,
      lastIntervalFailedTasks: slots.lastIntervalFailureTasks ?? 0
    }, { disableChecks: true })
    : undefined

const pollersFromProto = (pollers: temporal.api.worker.v1.IWorkerPollerInfo | null | undefined) => {
  if (!pollers) return undefined
  const lastSuccessfulPollTime = timeOf(pollers.lastSuccessfulPollTime)
  return new WorkerPollers({
    currentPollers: pollers.currentPollers ?? 0,
    isAutoscaling: pollers.isAutoscaling ?? false,
    ...(lastSuccessfulPollTime !== undefined ? { lastSuccessfulPollTime } : {})
  }, { disableChecks: true })
}

/**
 * A `WorkerDescription` from a worker's last heartbeat.
 *
 * @internal
 */
export const workerDescriptionFromProto = (heartbeat: temporal.api.worker.v1.IWorkerHeartbeat): WorkerDescription => {
  const fields: Mutable<ConstructorParameters<typeof WorkerDescription>[0]> = {
    ...sharedWorkerFields(heartbeat),
    hostCpuUsage: heartbeat.hostInfo?.currentHostCpuUsage ?? 0,
    hostMemoryUsage: heartbeat.hostInfo?.currentHostMemUsage ?? 0,
    stickyCacheHits: heartbeat.totalStickyCacheHit ?? 0,
    stickyCacheMisses: heartbeat.totalStickyCacheMiss ?? 0,
    stickyCacheSize: heartbeat.currentStickyCacheSize ?? 0,
    rawHeartbeat: heartbeat
  }
  const heartbeatTime = timeOf(heartbeat.heartbeatTime)
  if (heartbeatTime !== undefined) fields.heartbeatTime = heartbeatTime
  const elapsed = durationFromProto(heartbeat.elapsedSinceLastHeartbeat)
  if (elapsed !== undefined) fields.elapsedSinceLastHeartbeat = elapsed
  const slots = [
    ["workflowTaskSlots", heartbeat.workflowTaskSlotsInfo],
    ["activityTaskSlots", heartbeat.activityTaskSlotsInfo],
    ["nexusTaskSlots", heartbeat.nexusTaskSlotsInfo],
    ["localActivitySlots", heartbeat.localActivitySlotsInfo]
  ] as const
  for (const [key, info] of slots) {
    const value = slotsFromProto(info)
    if (value !== undefined) fields[key] = value
  }
  const pollers = [
    ["workflowPollers", heartbeat.workflowPollerInfo],
    ["workflowStickyPollers", heartbeat.workflowStickyPollerInfo],
    ["activityPollers", heartbeat.activityPollerInfo],
    ["nexusPollers", heartbeat.nexusPollerInfo]
  ] as const
  for (const [key, info] of pollers) {
    const value = pollersFromProto(info)
    if (value !== undefined) fields[key] = value
  }
  return new WorkerDescription(fields, { disableChecks: true })
}
