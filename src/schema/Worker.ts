/**
 * What the server says about the workers that heartbeat to it: list
 * entries (`WorkerSummary`) and descriptions (`WorkerDescription`, with
 * slots, pollers and sticky cache figures from the last heartbeat).
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Schema from "effect/Schema"
import { ProtoMessage } from "./Common/protoMessage.js"
import { WorkerDeploymentVersion } from "./Common/versioning.js"

/**
 * A worker's status, as its SDK reports it.
 *
 * @since 1.0.0
 * @category enums
 */
export const WorkerStatus = Schema.Literals(["Running", "ShuttingDown", "Shutdown"]).annotate({
  identifier: "WorkerStatus"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type WorkerStatus = typeof WorkerStatus.Type

/**
 * Schema of the raw `temporal.api.worker.v1.WorkerListInfo` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawWorkerListInfo: Schema.Codec<temporal.api.worker.v1.IWorkerListInfo> = ProtoMessage(
  "temporal.api.worker.v1.WorkerListInfo"
)

/**
 * Schema of the raw `temporal.api.worker.v1.WorkerHeartbeat` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawWorkerHeartbeat: Schema.Codec<temporal.api.worker.v1.IWorkerHeartbeat> = ProtoMessage(
  "temporal.api.worker.v1.WorkerHeartbeat"
)

/**
 * A plugin a worker's SDK uses.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerPlugin extends Schema.Class<WorkerPlugin>("effect-temporal/WorkerPlugin")({
  /** The plugin's name. */
  name: Schema.String,
  /** The plugin's version. */
  version: Schema.String
}) {}

/** The fields a list entry and a description share. */
const workerFields = {
  /** The worker's instance key, unique in the namespace (what `describeWorker` takes). */
  workerInstanceKey: Schema.String,
  /** The worker's identity (not necessarily unique), e.g. `pid@host`. */
  workerIdentity: Schema.String,
  /** The task queue it polls. */
  taskQueue: Schema.String,
  /** Its worker deployment version, or the build ID its SDK reports. */
  deploymentVersion: Schema.optional(WorkerDeploymentVersion),
  /** Its SDK's name, e.g. `temporal-typescript`. */
  sdkName: Schema.String,
  /** Its SDK's version. */
  sdkVersion: Schema.String,
  /** Its status (absent when the SDK reports one this client does not know). */
  status: Schema.optional(WorkerStatus),
  /** When it started. */
  startTime: Schema.optional(Schema.Date),
  /** The host it runs on. */
  hostName: Schema.String,
  /** The key grouping the workers of one client, namespace and process. */
  workerGroupingKey: Schema.String,
  /** Its process ID on the host. */
  processId: Schema.String,
  /** The plugins its SDK uses. */
  plugins: Schema.Array(WorkerPlugin)
}

/**
 * A worker as listed.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerSummary extends Schema.Class<WorkerSummary>("effect-temporal/WorkerSummary")({
  ...workerFields,
  /** The raw list entry (a `WorkerListInfo`, or the fields of a heartbeat from servers that send those). */
  rawListInfo: RawWorkerListInfo
}) {}

/**
 * How busy a worker is with one kind of task: its slots and counts.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerSlots extends Schema.Class<WorkerSlots>("effect-temporal/WorkerSlots")({
  /** Slots free for new tasks. */
  availableSlots: Schema.Number,
  /** Slots in use. */
  usedSlots: Schema.Number,
  /** The kind of slot supplier, e.g. `Fixed` or `ResourceBased`. */
  slotSupplierKind: Schema.String,
  /** Tasks processed since it started. */
  totalProcessedTasks: Schema.Number,
  /** Tasks failed since it started. */
  totalFailedTasks: Schema.Number,
  /** Tasks processed since the previous heartbeat. */
  lastIntervalProcessedTasks: Schema.Number,
  /** Tasks failed since the previous heartbeat. */
  lastIntervalFailedTasks: Schema.Number
}) {}

/**
 * A worker's pollers for one kind of task.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerPollers extends Schema.Class<WorkerPollers>("effect-temporal/WorkerPollers")({
  /** Pollers running now. */
  currentPollers: Schema.Number,
  /** When a poll last brought a task. */
  lastSuccessfulPollTime: Schema.optional(Schema.Date),
  /** Whether the number of pollers scales itself. */
  isAutoscaling: Schema.Boolean
}) {}

/**
 * A worker as described: what it reported in its last heartbeat.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerDescription extends Schema.Class<WorkerDescription>("effect-temporal/WorkerDescription")({
  ...workerFields,
  /** When it last heartbeat. */
  heartbeatTime: Schema.optional(Schema.Date),
  /** The gap between its last two heartbeats. */
  elapsedSinceLastHeartbeat: Schema.optional(Schema.Duration),
  /** The host's CPU usage, from 0 to 1. */
  hostCpuUsage: Schema.Number,
  /** The host's memory usage, from 0 to 1. */
  hostMemoryUsage: Schema.Number,
  /** Workflow task slots. */
  workflowTaskSlots: Schema.optional(WorkerSlots),
  /** Activity task slots. */
  activityTaskSlots: Schema.optional(WorkerSlots),
  /** Nexus task slots. */
  nexusTaskSlots: Schema.optional(WorkerSlots),
  /** Local activity slots. */
  localActivitySlots: Schema.optional(WorkerSlots),
  /** Workflow task pollers (the normal queue). */
  workflowPollers: Schema.optional(WorkerPollers),
  /** Workflow task pollers of its sticky queue. */
  workflowStickyPollers: Schema.optional(WorkerPollers),
  /** Activity task pollers. */
  activityPollers: Schema.optional(WorkerPollers),
  /** Nexus task pollers. */
  nexusPollers: Schema.optional(WorkerPollers),
  /** Workflow tasks served from its sticky cache since it started. */
  stickyCacheHits: Schema.Number,
  /** Workflow tasks that missed its sticky cache since it started. */
  stickyCacheMisses: Schema.Number,
  /** Workflows in its sticky cache now. */
  stickyCacheSize: Schema.Number,
  /** The raw heartbeat message. */
  rawHeartbeat: RawWorkerHeartbeat
}) {}
