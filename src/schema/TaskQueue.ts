/**
 * What the server says about a task queue: per task queue type (workflow,
 * activity, Nexus) its pollers, backlog, rates and configuration
 * (`TaskQueueTypeDescription`), gathered in a `TaskQueueDescription`.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { WorkerDeploymentVersion } from "./Common/versioning.js"

/**
 * The kinds of task a task queue carries, each polled apart: workflow
 * tasks, activity tasks and Nexus tasks.
 *
 * @since 1.0.0
 * @category enums
 */
export const TaskQueueType = Schema.Literals(["Workflow", "Activity", "Nexus"]).annotate({
  identifier: "TaskQueueType"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type TaskQueueType = typeof TaskQueueType.Type

/**
 * Where a task queue's effective rate limit comes from: set through the
 * task queue config API (`"Api"`), by workers' options (`"Worker"`), or
 * the server's default (`"System"`).
 *
 * @since 1.0.0
 * @category enums
 */
export const RateLimitSource = Schema.Literals(["Api", "Worker", "System"]).annotate({
  identifier: "RateLimitSource"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type RateLimitSource = typeof RateLimitSource.Type

/**
 * Schema of the raw `DescribeTaskQueueResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeTaskQueueResponse: Schema.Codec<temporal.api.workflowservice.v1.IDescribeTaskQueueResponse> =
  Schema.declare(
    (u: unknown): u is temporal.api.workflowservice.v1.IDescribeTaskQueueResponse => Predicate.isObject(u),
    { identifier: "temporal.api.workflowservice.v1.DescribeTaskQueueResponse" }
  )

/**
 * A worker that polled the task queue recently.
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueuePoller extends Schema.Class<TaskQueuePoller>("effect-temporal/TaskQueuePoller")({
  /** The poller's identity (the worker's, e.g. `pid@host`). */
  identity: Schema.String,
  /** When it last polled. */
  lastAccessTime: Schema.optional(Schema.Date),
  /** The rate limit it asked for, tasks per second. */
  ratePerSecond: Schema.Number,
  /** The build ID it reported (build-ID based versioning), when it reported one. */
  buildId: Schema.optional(Schema.String),
  /** Its worker deployment version, when it polls as part of a deployment. */
  deploymentVersion: Schema.optional(WorkerDeploymentVersion)
}) {}

/**
 * Backlog and rates of one task queue type (approximate: the server
 * samples them).
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueStats extends Schema.Class<TaskQueueStats>("effect-temporal/TaskQueueStats")({
  /** Tasks waiting to be dispatched. */
  approximateBacklogCount: Schema.Number,
  /** How long the oldest waiting task has waited. */
  approximateBacklogAge: Schema.Duration,
  /** Tasks added per second, lately. */
  tasksAddRate: Schema.Number,
  /** Tasks dispatched to workers per second, lately. */
  tasksDispatchRate: Schema.Number,
  /** Whether a rate limit is holding tasks back right now. */
  rateLimitingActive: Schema.Boolean
}) {}

/**
 * The rate limit in force on a task queue type, and where it comes from.
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueRateLimit extends Schema.Class<TaskQueueRateLimit>("effect-temporal/TaskQueueRateLimit")({
  /** Tasks dispatched per second, at most. */
  requestsPerSecond: Schema.Number,
  /** Where it comes from (absent when the server does not say). */
  source: Schema.optional(RateLimitSource)
}) {}

/**
 * A rate limit set through the task queue config API, and who set it.
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueConfiguredRateLimit
  extends Schema.Class<TaskQueueConfiguredRateLimit>("effect-temporal/TaskQueueConfiguredRateLimit")({
    /** Tasks per second, when a limit is set. */
    requestsPerSecond: Schema.optional(Schema.Number),
    /** Why it was set. */
    reason: Schema.optional(Schema.String),
    /** Who set it. */
    updateIdentity: Schema.optional(Schema.String),
    /** When it was set. */
    updateTime: Schema.optional(Schema.Date)
  })
{}

/**
 * The configuration of a task queue type (with `reportConfig`).
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueConfig extends Schema.Class<TaskQueueConfig>("effect-temporal/TaskQueueConfig")({
  /** The limit on the whole queue, when set. */
  queueRateLimit: Schema.optional(TaskQueueConfiguredRateLimit),
  /** The default limit per fairness key, when set. */
  fairnessKeysRateLimitDefault: Schema.optional(TaskQueueConfiguredRateLimit),
  /** Fairness weights set per fairness key. */
  fairnessWeightOverrides: Schema.Record(Schema.String, Schema.Number)
}) {}

/**
 * Which worker deployment versions the task queue's tasks are routed to
 * (worker deployments; absent for unversioned queues).
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueVersioningInfo
  extends Schema.Class<TaskQueueVersioningInfo>("effect-temporal/TaskQueueVersioningInfo")({
    /** The current version, when the queue is in a deployment that has one. */
    currentVersion: Schema.optional(WorkerDeploymentVersion),
    /** The ramping version, when one is ramping. */
    rampingVersion: Schema.optional(WorkerDeploymentVersion),
    /** The share of new workflows sent to the ramping version, in percent. */
    rampingVersionPercentage: Schema.Number,
    /** When the routing last changed. */
    updateTime: Schema.optional(Schema.Date)
  })
{}

/**
 * One task queue type as described: its pollers, and (as asked for) its
 * backlog and rates, per-priority stats and configuration.
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueTypeDescription
  extends Schema.Class<TaskQueueTypeDescription>("effect-temporal/TaskQueueTypeDescription")({
    /** The task queue type described. */
    type: TaskQueueType,
    /** The workers that polled it recently. */
    pollers: Schema.Array(TaskQueuePoller),
    /** Its backlog and rates (with `reportStats`). */
    stats: Schema.optional(TaskQueueStats),
    /** Its backlog and rates per priority key in use (with `reportStats`), by key. */
    statsByPriorityKey: Schema.Record(Schema.String, TaskQueueStats),
    /** The rate limit in force, when the server reports it. */
    effectiveRateLimit: Schema.optional(TaskQueueRateLimit),
    /** Its configuration (with `reportConfig`). */
    config: Schema.optional(TaskQueueConfig),
    /** The raw response message. */
    rawDescription: RawDescribeTaskQueueResponse
  })
{}

/**
 * A task queue as described: one `TaskQueueTypeDescription` per type asked
 * for (all three by default).
 *
 * @since 1.0.0
 * @category models
 */
export class TaskQueueDescription extends Schema.Class<TaskQueueDescription>("effect-temporal/TaskQueueDescription")({
  /** The task queue's name. */
  name: Schema.String,
  /** The namespace it is in. */
  namespace: Schema.String,
  /** Its workflow tasks, when asked for. */
  workflow: Schema.optional(TaskQueueTypeDescription),
  /** Its activity tasks, when asked for. */
  activity: Schema.optional(TaskQueueTypeDescription),
  /** Its Nexus tasks, when asked for. */
  nexus: Schema.optional(TaskQueueTypeDescription),
  /** Where its tasks are routed among worker deployment versions, when it is versioned. */
  versioningInfo: Schema.optional(TaskQueueVersioningInfo)
}) {
  /** Every poller of the types described, workflow pollers first. */
  get pollers(): ReadonlyArray<TaskQueuePoller> {
    return [this.workflow, this.activity, this.nexus].flatMap((type) => type?.pollers ?? [])
  }
}
