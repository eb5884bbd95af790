/**
 * What the server says about worker deployments: a deployment's description
 * (its versions and routing config, with the conflict token of the read), a
 * deployment as listed, and a version's description (status, drainage,
 * metadata, task queues), plus the enums they use.
 *
 * A routing config names the deployment's current version and, while one
 * ramps, the ramping version and its percentage; an absent version there
 * means the unversioned workers of the task queues.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { WorkerDeploymentVersion } from "./Common/versioning.js"
import { TaskQueueStats, TaskQueueType } from "./TaskQueue.js"

/**
 * Where a worker deployment version stands:
 *
 * - `"Created"`: known to the server, no worker has polled yet.
 * - `"Inactive"`: workers poll, but it has never been current or ramping.
 * - `"Current"`: it takes new executions (and AutoUpgrade ones).
 * - `"Ramping"`: it takes the ramp percentage of them.
 * - `"Draining"`: no longer current or ramping; pinned workflows still run on it.
 * - `"Drained"`: no longer current or ramping, and no pinned workflow is open on it.
 *
 * @since 1.0.0
 * @category enums
 */
export const WorkerDeploymentVersionStatus = Schema.Literals([
  "Created",
  "Inactive",
  "Current",
  "Ramping",
  "Draining",
  "Drained"
]).annotate({ identifier: "WorkerDeploymentVersionStatus" })

/**
 * @since 1.0.0
 * @category enums
 */
export type WorkerDeploymentVersionStatus = typeof WorkerDeploymentVersionStatus.Type

/**
 * Whether pinned workflows may still run on a version that is no longer
 * current or ramping: `"Draining"` (some may) or `"Drained"` (none is open).
 *
 * @since 1.0.0
 * @category enums
 */
export const VersionDrainageStatus = Schema.Literals(["Draining", "Drained"]).annotate({
  identifier: "VersionDrainageStatus"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type VersionDrainageStatus = typeof VersionDrainageStatus.Type

/**
 * Whether a routing change has reached every task queue partition of the
 * deployment: `"InProgress"` or `"Completed"`.
 *
 * @since 1.0.0
 * @category enums
 */
export const RoutingConfigUpdateState = Schema.Literals(["InProgress", "Completed"]).annotate({
  identifier: "RoutingConfigUpdateState"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type RoutingConfigUpdateState = typeof RoutingConfigUpdateState.Type

const ProtoObject = <A>(identifier: string): Schema.Codec<A> =>
  Schema.declare((u: unknown): u is A => Predicate.isObject(u), { identifier })

/**
 * Schema of the raw `DescribeWorkerDeploymentResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeWorkerDeploymentResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeWorkerDeploymentResponse
> = ProtoObject("temporal.api.workflowservice.v1.DescribeWorkerDeploymentResponse")

/**
 * Schema of the raw `ListWorkerDeploymentsResponse.WorkerDeploymentSummary` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawWorkerDeploymentSummary: Schema.Codec<
  temporal.api.workflowservice.v1.ListWorkerDeploymentsResponse.IWorkerDeploymentSummary
> = ProtoObject("temporal.api.workflowservice.v1.ListWorkerDeploymentsResponse.WorkerDeploymentSummary")

/**
 * Schema of the raw `DescribeWorkerDeploymentVersionResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeWorkerDeploymentVersionResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeWorkerDeploymentVersionResponse
> = ProtoObject("temporal.api.workflowservice.v1.DescribeWorkerDeploymentVersionResponse")

/**
 * How far a version that is no longer current or ramping has drained.
 *
 * @since 1.0.0
 * @category models
 */
export class VersionDrainageInfo extends Schema.Class<VersionDrainageInfo>("effect-temporal/VersionDrainageInfo")({
  /** Draining or drained; absent until the server first checks. */
  status: Schema.optional(VersionDrainageStatus),
  /** When the status last changed. */
  lastChangedTime: Schema.optional(Schema.Date),
  /** When the server last checked for open pinned workflows. */
  lastCheckedTime: Schema.optional(Schema.Date)
}) {}

/**
 * The ramp of a routing config: the version that takes `percentage` of new
 * executions from the current version.
 *
 * @since 1.0.0
 * @category models
 */
export class RampingVersion extends Schema.Class<RampingVersion>("effect-temporal/RampingVersion")({
  /** The ramping version; absent when the unversioned workers ramp. */
  version: Schema.optional(WorkerDeploymentVersion),
  /** The share of new executions it takes, 0 to 100. */
  percentage: Schema.Number,
  /** When the ramping version last changed. */
  changedTime: Schema.optional(Schema.Date),
  /** When the percentage last changed. */
  percentageChangedTime: Schema.optional(Schema.Date)
}) {}

/**
 * Where a worker deployment sends new executions.
 *
 * @since 1.0.0
 * @category models
 */
export class RoutingConfig extends Schema.Class<RoutingConfig>("effect-temporal/RoutingConfig")({
  /** The current version; absent when the unversioned workers are current. */
  currentVersion: Schema.optional(WorkerDeploymentVersion),
  /** When the current version last changed. */
  currentVersionChangedTime: Schema.optional(Schema.Date),
  /** The ramp, while one is set. */
  ramping: Schema.optional(RampingVersion),
  /** A counter the server raises on every routing change. */
  revisionNumber: Schema.Number
}) {}

/**
 * One version of a worker deployment, as its description lists it.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerDeploymentVersionSummary
  extends Schema.Class<WorkerDeploymentVersionSummary>("effect-temporal/WorkerDeploymentVersionSummary")({
    /** The version: deployment name and build ID. */
    version: WorkerDeploymentVersion,
    /** Where it stands (absent when the server sends one this client does not know). */
    status: Schema.optional(WorkerDeploymentVersionStatus),
    /** When the server first saw it. */
    createTime: Schema.optional(Schema.Date),
    /** Its drainage, once it is no longer current or ramping. */
    drainageInfo: Schema.optional(VersionDrainageInfo),
    /** Since when it is current; absent unless current. */
    currentSinceTime: Schema.optional(Schema.Date),
    /** Since when it ramps; absent unless ramping. */
    rampingSinceTime: Schema.optional(Schema.Date),
    /** When its routing (current, ramping, percentage) last changed. */
    routingUpdateTime: Schema.optional(Schema.Date),
    /** When it first became current or ramping. */
    firstActivationTime: Schema.optional(Schema.Date),
    /** When it last became current. */
    lastCurrentTime: Schema.optional(Schema.Date),
    /** When it last stopped being current or ramping. */
    lastDeactivationTime: Schema.optional(Schema.Date)
  })
{}

/**
 * A worker deployment as described: its versions, its routing config, who
 * changed it last and who manages it, and the conflict token of this read
 * (pass it to a write to make the write fail with
 * `WorkerDeploymentConflictError` if the deployment changed since).
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerDeploymentDescription
  extends Schema.Class<WorkerDeploymentDescription>("effect-temporal/WorkerDeploymentDescription")({
    /** The deployment's name. */
    name: Schema.String,
    /** When the server first saw it. */
    createTime: Schema.optional(Schema.Date),
    /** Its versions, as the server tracks them. */
    versionSummaries: Schema.Array(WorkerDeploymentVersionSummary),
    /** Where it sends new executions. */
    routingConfig: RoutingConfig,
    /** Whether the last routing change has reached every task queue partition. */
    routingConfigUpdateState: Schema.optional(RoutingConfigUpdateState),
    /** The identity of the client that changed it last. */
    lastModifierIdentity: Schema.optional(Schema.String),
    /** The identity of the client that alone may change it, when one is set. */
    managerIdentity: Schema.optional(Schema.String),
    /** The conflict token of this read. */
    conflictToken: Schema.Uint8Array,
    /** The raw `DescribeWorkerDeploymentResponse` message. */
    rawDescription: RawDescribeWorkerDeploymentResponse
  })
{}

/**
 * A worker deployment as listed.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerDeploymentSummary
  extends Schema.Class<WorkerDeploymentSummary>("effect-temporal/WorkerDeploymentSummary")({
    /** The deployment's name. */
    name: Schema.String,
    /** When the server first saw it. */
    createTime: Schema.optional(Schema.Date),
    /** Where it sends new executions. */
    routingConfig: RoutingConfig,
    /** The version added most recently. */
    latestVersionSummary: Schema.optional(WorkerDeploymentVersionSummary),
    /** The current version. */
    currentVersionSummary: Schema.optional(WorkerDeploymentVersionSummary),
    /** The ramping version. */
    rampingVersionSummary: Schema.optional(WorkerDeploymentVersionSummary),
    /** The raw `WorkerDeploymentSummary` message. */
    rawSummary: RawWorkerDeploymentSummary
  })
{}

/**
 * A task queue that workers of a version have polled.
 *
 * @since 1.0.0
 * @category models
 */
export class VersionTaskQueue extends Schema.Class<VersionTaskQueue>("effect-temporal/VersionTaskQueue")({
  /** The task queue's name. */
  name: Schema.String,
  /** The kind of task polled (absent when unknown to this client). */
  type: Schema.optional(TaskQueueType),
  /** Backlog and rates, when `reportTaskQueueStats` asked for them. */
  stats: Schema.optional(TaskQueueStats),
  /** The same per priority key in use, when asked for. */
  statsByPriorityKey: Schema.Record(Schema.String, TaskQueueStats)
}) {}

/**
 * A worker deployment version as described: where it stands, its drainage,
 * its metadata (decoded by the client's data converter) and the task queues
 * its workers poll.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerDeploymentVersionDescription
  extends Schema.Class<WorkerDeploymentVersionDescription>("effect-temporal/WorkerDeploymentVersionDescription")({
    /** The version: deployment name and build ID. */
    version: WorkerDeploymentVersion,
    /** Where it stands (absent when the server sends one this client does not know). */
    status: Schema.optional(WorkerDeploymentVersionStatus),
    /** When the server first saw it. */
    createTime: Schema.optional(Schema.Date),
    /** When its routing (current, ramping, percentage) last changed. */
    routingChangedTime: Schema.optional(Schema.Date),
    /** Since when it is current; absent unless current. */
    currentSinceTime: Schema.optional(Schema.Date),
    /** Since when it ramps; absent unless ramping. */
    rampingSinceTime: Schema.optional(Schema.Date),
    /** When it first became current or ramping. */
    firstActivationTime: Schema.optional(Schema.Date),
    /** When it last became current. */
    lastCurrentTime: Schema.optional(Schema.Date),
    /** When it last stopped being current or ramping. */
    lastDeactivationTime: Schema.optional(Schema.Date),
    /** The share of new executions it takes while ramping, 0 to 100. */
    rampPercentage: Schema.Number,
    /** Its drainage, once it is no longer current or ramping. */
    drainageInfo: Schema.optional(VersionDrainageInfo),
    /** Its metadata entries, decoded. */
    metadata: Schema.Record(Schema.String, Schema.Unknown),
    /** The task queues its workers have polled. */
    taskQueues: Schema.Array(VersionTaskQueue),
    /** The identity of the client that changed it last. */
    lastModifierIdentity: Schema.optional(Schema.String),
    /** The raw `DescribeWorkerDeploymentVersionResponse` message. */
    rawDescription: RawDescribeWorkerDeploymentVersionResponse
  })
{}

/**
 * What a write to a worker deployment answers: the deployment's new
 * conflict token, for a next write that must not race another client.
 *
 * @since 1.0.0
 * @category models
 */
export class WorkerDeploymentUpdated
  extends Schema.Class<WorkerDeploymentUpdated>("effect-temporal/WorkerDeploymentUpdated")({
    /** The conflict token after the write. */
    conflictToken: Schema.Uint8Array
  })
{}
