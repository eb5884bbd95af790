/**
 * The build-ID versioning model (`schema/BuildIdOp.ts`, `schema/BuildIds.ts`)
 * to and from the `temporal.api` messages, both ways, the way the Python SDK
 * maps them. Pure functions.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as BuildIdOp from "../../schema/BuildIdOp.js"
import {
  BuildIdReachability,
  BuildIdVersionSet,
  type TaskReachability,
  WorkerBuildIdVersionSets,
  WorkerTaskReachability
} from "../../schema/BuildIds.js"
import { TaskReachability as Reach } from "../proto/enums.js"

type UpdateRequest = temporal.api.workflowservice.v1.IUpdateWorkerBuildIdCompatibilityRequest
type CompatibilityResponse = temporal.api.workflowservice.v1.IGetWorkerBuildIdCompatibilityResponse
type ReachabilityResponse = temporal.api.workflowservice.v1.IGetWorkerTaskReachabilityResponse
type ProtoTaskReachability = temporal.api.enums.v1.TaskReachability

/**
 * The operation's part of an `UpdateWorkerBuildIdCompatibilityRequest` (one
 * field of the `operation` oneof).
 *
 * @internal
 */
export const buildIdOpToProto = (op: BuildIdOp.BuildIdOp): UpdateRequest => {
  switch (op._tag) {
    case "AddNewIdInNewDefaultSet":
      return { addNewBuildIdInNewDefaultSet: op.buildId }
    case "AddNewCompatibleVersion":
      return {
        addNewCompatibleBuildId: {
          newBuildId: op.buildId,
          existingCompatibleBuildId: op.existingCompatibleBuildId,
          makeSetDefault: op.promoteSet ?? false
        }
      }
    case "PromoteSetByBuildId":
      return { promoteSetByBuildId: op.buildId }
    case "PromoteBuildIdWithinSet":
      return { promoteBuildIdWithinSet: op.buildId }
    case "MergeSets":
      return {
        mergeSets: { primarySetBuildId: op.primaryBuildId, secondarySetBuildId: op.secondaryBuildId }
      }
  }
}

const nonEmpty = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined && value !== ""

/**
 * The operation an `UpdateWorkerBuildIdCompatibilityRequest` carries, or
 * `undefined` when it carries none. A decoded message names its set field in
 * `operation`; for a plain object the first field set, in the oneof's order,
 * is the operation.
 *
 * @internal
 */
export const buildIdOpFromProto = (request: UpdateRequest): BuildIdOp.BuildIdOp | undefined => {
  const which = request.operation ?? (
    nonEmpty(request.addNewBuildIdInNewDefaultSet)
      ? "addNewBuildIdInNewDefaultSet"
      : request.addNewCompatibleBuildId
      ? "addNewCompatibleBuildId"
      : nonEmpty(request.promoteSetByBuildId)
      ? "promoteSetByBuildId"
      : nonEmpty(request.promoteBuildIdWithinSet)
      ? "promoteBuildIdWithinSet"
      : request.mergeSets
      ? "mergeSets"
      : undefined
  )
  switch (which) {
    case "addNewBuildIdInNewDefaultSet":
      return BuildIdOp.addNewIdInNewDefaultSet(request.addNewBuildIdInNewDefaultSet ?? "")
    case "addNewCompatibleBuildId": {
      const add = request.addNewCompatibleBuildId
      return BuildIdOp.addNewCompatibleVersion(add?.newBuildId ?? "", add?.existingCompatibleBuildId ?? "", {
        promoteSet: add?.makeSetDefault ?? false
      })
    }
    case "promoteSetByBuildId":
      return BuildIdOp.promoteSetByBuildId(request.promoteSetByBuildId ?? "")
    case "promoteBuildIdWithinSet":
      return BuildIdOp.promoteBuildIdWithinSet(request.promoteBuildIdWithinSet ?? "")
    case "mergeSets":
      return BuildIdOp.mergeSets(
        request.mergeSets?.primarySetBuildId ?? "",
        request.mergeSets?.secondarySetBuildId ?? ""
      )
    default:
      return undefined
  }
}

/**
 * A `GetWorkerBuildIdCompatibilityResponse` as version sets: the last set is
 * the default one.
 *
 * @internal
 */
export const versionSetsFromProto = (response: CompatibilityResponse): WorkerBuildIdVersionSets => {
  const sets = response.majorVersionSets ?? []
  return new WorkerBuildIdVersionSets({
    versionSets: sets.map((set, index) =>
      new BuildIdVersionSet({ buildIds: [...(set.buildIds ?? [])], isDefault: index === sets.length - 1 })
    )
  })
}

/**
 * Version sets as a `GetWorkerBuildIdCompatibilityResponse` (the order is
 * the message's: the default set last).
 *
 * @internal
 */
export const versionSetsToProto = (sets: WorkerBuildIdVersionSets): CompatibilityResponse => ({
  majorVersionSets: sets.versionSets.map((set) => ({ buildIds: [...set.buildIds] }))
})

const reachabilityNumbers: Record<TaskReachability, ProtoTaskReachability> = {
  NewWorkflows: Reach.TASK_REACHABILITY_NEW_WORKFLOWS,
  ExistingWorkflows: Reach.TASK_REACHABILITY_EXISTING_WORKFLOWS,
  OpenWorkflows: Reach.TASK_REACHABILITY_OPEN_WORKFLOWS,
  ClosedWorkflows: Reach.TASK_REACHABILITY_CLOSED_WORKFLOWS
}

/**
 * A `TaskReachability` as the proto enum number.
 *
 * @internal
 */
export const taskReachabilityToProto = (reachability: TaskReachability): ProtoTaskReachability =>
  reachabilityNumbers[reachability]

/**
 * A proto `TaskReachability` (number, or its name as `toObject` writes it)
 * as the model's literal; `undefined` for `UNSPECIFIED` and unknown values.
 *
 * @internal
 */
export const taskReachabilityFromProto = (
  value: ProtoTaskReachability | string | number | null | undefined
): TaskReachability | undefined => {
  const number = typeof value === "string" ? (Reach as unknown as Record<string, number>)[value] : value
  switch (number) {
    case Reach.TASK_REACHABILITY_NEW_WORKFLOWS:
      return "NewWorkflows"
    case Reach.TASK_REACHABILITY_EXISTING_WORKFLOWS:
      return "ExistingWorkflows"
    case Reach.TASK_REACHABILITY_OPEN_WORKFLOWS:
      return "OpenWorkflows"
    case Reach.TASK_REACHABILITY_CLOSED_WORKFLOWS:
      return "ClosedWorkflows"
    default:
      return undefined
  }
}

/**
 * A `GetWorkerTaskReachabilityResponse` as the model. A task queue whose
 * reachability is the single entry `TASK_REACHABILITY_UNSPECIFIED` is one the
 * server did not retrieve (its task queue limit was reached): it goes to
 * `unretrievedTaskQueues`. A task queue with no entries is unreachable.
 *
 * @internal
 */
export const reachabilityFromProto = (response: ReachabilityResponse): WorkerTaskReachability => {
  const byBuildId: Array<readonly [string, BuildIdReachability]> = []
  for (const entry of response.buildIdReachability ?? []) {
    const byTaskQueue: Array<readonly [string, ReadonlyArray<TaskReachability>]> = []
    const unretrieved: Array<string> = []
    for (const queue of entry.taskQueueReachability ?? []) {
      const name = queue.taskQueue ?? ""
      const values = queue.reachability ?? []
      if (values.length === 1 && taskReachabilityFromProto(values[0]) === undefined) {
        unretrieved.push(name)
        continue
      }
      const known: Array<TaskReachability> = []
      for (const value of values) {
        const reachability = taskReachabilityFromProto(value)
        if (reachability !== undefined && !known.includes(reachability)) known.push(reachability)
      }
      byTaskQueue.push([name, known])
    }
    byBuildId.push([
      entry.buildId ?? "",
      new BuildIdReachability({
        taskQueueReachability: new Map(byTaskQueue),
        unretrievedTaskQueues: unretrieved
      })
    ])
  }
  return new WorkerTaskReachability({ buildIdReachability: new Map(byBuildId) })
}

/**
 * The model as a `GetWorkerTaskReachabilityResponse`; unretrieved task queues
 * get the single `TASK_REACHABILITY_UNSPECIFIED` entry the server uses for them.
 *
 * @internal
 */
export const reachabilityToProto = (reachability: WorkerTaskReachability): ReachabilityResponse => ({
  buildIdReachability: Array.from(reachability.buildIdReachability).map(([buildId, entry]) => ({
    buildId,
    taskQueueReachability: [
      ...Array.from(entry.taskQueueReachability).map(([taskQueue, values]) => ({
        taskQueue,
        reachability: values.map(taskReachabilityToProto)
      })),
      ...entry.unretrievedTaskQueues.map((taskQueue) => ({
        taskQueue,
        reachability: [Reach.TASK_REACHABILITY_UNSPECIFIED]
      }))
    ]
  }))
})
