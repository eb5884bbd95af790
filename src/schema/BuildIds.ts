/**
 * What the build-ID based ("legacy") worker versioning calls answer: a task
 * queue's compatible version sets (`getWorkerBuildIdCompatibility`) and the
 * reachability of build IDs (`getWorkerTaskReachability`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type { RpcOptions } from "./Common.js"
import type { CallError, WorkerVersioningApiUnavailableError } from "./TemporalError.js"

/**
 * One set of mutually compatible build IDs.
 *
 * @since 0.1.0
 * @category models
 */
export class BuildIdVersionSet extends Schema.Class<BuildIdVersionSet>("effect-temporal/BuildIdVersionSet")({
  /** The build IDs, oldest first; the last one is the set's default. */
  buildIds: Schema.Array(Schema.String),
  /** Whether this set is the task queue's default set (the one new workflows go to). */
  isDefault: Schema.Boolean
}) {
  /**
   * The set's default build ID (its last one), or `undefined` for an empty set.
   *
   * @since 0.1.0
   */
  get defaultBuildId(): string | undefined {
    return this.buildIds[this.buildIds.length - 1]
  }

  /**
   * Whether the set holds `buildId`.
   *
   * @since 0.1.0
   */
  has(buildId: string): boolean {
    return this.buildIds.includes(buildId)
  }
}

/**
 * A task queue's build-ID version sets, oldest first: the last set is the
 * queue's default set. Empty when the queue has no versioning data. With a
 * `maxSets` limit, only the newest sets are there.
 *
 * @since 0.1.0
 * @category models
 */
export class WorkerBuildIdVersionSets
  extends Schema.Class<WorkerBuildIdVersionSets>("effect-temporal/WorkerBuildIdVersionSets")({
    /** The version sets, oldest first; the last one is the default. */
    versionSets: Schema.Array(BuildIdVersionSet)
  })
{
  /**
   * The queue's default set (the last one), or `undefined` when there are none.
   *
   * @since 0.1.0
   */
  get defaultSet(): BuildIdVersionSet | undefined {
    return this.versionSets[this.versionSets.length - 1]
  }

  /**
   * The build ID new workflows go to: the default of the default set, or
   * `undefined` when there are no sets.
   *
   * @since 0.1.0
   */
  get defaultBuildId(): string | undefined {
    return this.defaultSet?.defaultBuildId
  }

  /**
   * The set that holds `buildId`, or `undefined` when no set does.
   *
   * @since 0.1.0
   */
  findSet(buildId: string): BuildIdVersionSet | undefined {
    return this.versionSets.find((set) => set.has(buildId))
  }

  /**
   * Every build ID of every set, oldest set first.
   *
   * @since 0.1.0
   */
  get allBuildIds(): ReadonlyArray<string> {
    return this.versionSets.flatMap((set) => set.buildIds)
  }

  /**
   * Whether `a` and `b` are in the same set (compatible with each other).
   *
   * @since 0.1.0
   */
  areCompatible(a: string, b: string): boolean {
    const set = this.findSet(a)
    return set !== undefined && set.has(b)
  }
}

/**
 * Which tasks may still reach workers of a build ID on a task queue:
 *
 * - `NewWorkflows`: new workflows may be started on it (do not retire it).
 * - `ExistingWorkflows`: existing workflows, open or closed, may get tasks
 *   on it (queries on closed ones included).
 * - `OpenWorkflows`: open workflows may get tasks on it.
 * - `ClosedWorkflows`: closed workflows may get tasks on it (queries only);
 *   it can be retired if queries on closed workflows are not needed.
 *
 * @since 0.1.0
 * @category models
 */
export const TaskReachability = Schema.Literals([
  "NewWorkflows",
  "ExistingWorkflows",
  "OpenWorkflows",
  "ClosedWorkflows"
])

/**
 * @since 0.1.0
 * @category models
 */
export type TaskReachability = typeof TaskReachability.Type

/**
 * The reachability of one build ID.
 *
 * @since 0.1.0
 * @category models
 */
export class BuildIdReachability extends Schema.Class<BuildIdReachability>("effect-temporal/BuildIdReachability")({
  /**
   * By task queue name: what may reach the build ID there. An empty list
   * means nothing does (workers of the build ID can be retired on that queue).
   */
  taskQueueReachability: Schema.ReadonlyMap(Schema.String, Schema.Array(TaskReachability)),
  /**
   * Task queues the server listed without computing their reachability (its
   * per-call task queue limit was reached); ask again for those.
   */
  unretrievedTaskQueues: Schema.Array(Schema.String)
}) {
  /**
   * What may reach the build ID on `taskQueue`, or `undefined` when the queue
   * is not in the answer (or was not retrieved).
   *
   * @since 0.1.0
   */
  reachabilityOn(taskQueue: string): ReadonlyArray<TaskReachability> | undefined {
    return this.taskQueueReachability.get(taskQueue)
  }
}

/**
 * The answer of `getWorkerTaskReachability`: by build ID (the empty string
 * standing for unversioned workers), its reachability per task queue.
 *
 * @since 0.1.0
 * @category models
 */
export class WorkerTaskReachability
  extends Schema.Class<WorkerTaskReachability>("effect-temporal/WorkerTaskReachability")({
    /** By build ID (`""` for unversioned workers). */
    buildIdReachability: Schema.ReadonlyMap(Schema.String, BuildIdReachability)
  })
{
  /**
   * The reachability of `buildId`, or `undefined` when it is not in the answer.
   *
   * @since 0.1.0
   */
  forBuildId(buildId: string): BuildIdReachability | undefined {
    return this.buildIdReachability.get(buildId)
  }
}

/**
 * Per-call options of the build-ID versioning calls.
 *
 * @since 0.1.0
 * @category models
 */
export type VersioningCallOptions = RpcOptions

/**
 * Options of `getWorkerBuildIdCompatibility`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetWorkerBuildIdCompatibilityOptions extends VersioningCallOptions {
  /** How many sets to return (the newest ones); 0, the default, returns all. */
  readonly maxSets?: number | undefined
}

/**
 * Options of `getWorkerTaskReachability`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetWorkerTaskReachabilityOptions extends VersioningCallOptions {
  /** Build IDs to ask about, at least one; `""` stands for unversioned workers. */
  readonly buildIds: ReadonlyArray<string>
  /**
   * Task queues to ask about; empty (the default) asks about every task queue
   * the build IDs are in. At least one is needed to ask about unversioned
   * workers.
   */
  readonly taskQueues?: ReadonlyArray<string> | undefined
  /**
   * Which reachability to compute besides `NewWorkflows` (always computed):
   * `ExistingWorkflows` (the server's default when left out), `OpenWorkflows`
   * or `ClosedWorkflows`.
   */
  readonly reachability?: TaskReachability | undefined
}

/**
 * Errors of `updateWorkerBuildIdCompatibility`. An operation naming a build ID
 * the task queue does not have is an `RpcError` with code `NOT_FOUND`.
 *
 * @since 0.1.0
 * @category errors
 */
export type UpdateWorkerBuildIdCompatibilityError = WorkerVersioningApiUnavailableError | CallError

/**
 * Errors of `getWorkerBuildIdCompatibility`.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetWorkerBuildIdCompatibilityError = WorkerVersioningApiUnavailableError | CallError

/**
 * Errors of `getWorkerTaskReachability`.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetWorkerTaskReachabilityError = WorkerVersioningApiUnavailableError | CallError
