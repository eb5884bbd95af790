/**
 * The build-ID based ("legacy") worker versioning calls, as functions of a
 * `ClientContext`: `updateWorkerBuildIdCompatibility`,
 * `getWorkerBuildIdCompatibility` and `getWorkerTaskReachability`. Inputs are
 * checked before any RPC (`InvalidArgumentError`); a server that has these
 * APIs turned off, or no longer has them, answers with
 * `WorkerVersioningApiUnavailableError`.
 *
 * Server behaviour seen on Temporal CLI 1.9.1 / Server 1.32.0 (the dev server
 * of the integration tests):
 * - with the dynamic config `frontend.workerVersioningDataAPIs` on, all three
 *   RPCs work (`frontend.workerVersioningRuleAPIs` makes no difference to
 *   them);
 * - with it off (the server's default), each answers `PERMISSION_DENIED`
 *   "Worker versioning v0.1 (Version Set-based, deprecated) is disabled on
 *   this namespace." (reachability: "... v0.2 (Rules-based, deprecated) ..."),
 *   which becomes `WorkerVersioningApiUnavailableError` with reason `Disabled`;
 *   `UNIMPLEMENTED` (a server that has dropped the RPCs) becomes the same
 *   error with reason `Unimplemented`;
 * - an operation naming a build ID the queue does not have answers
 *   `NOT_FOUND` ("targeted version ... not found"), left as `RpcError`;
 *   a namespace that does not exist is `NamespaceNotFoundError`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { BuildIdOp } from "../schema/BuildIdOp.js"
import type {
  GetWorkerBuildIdCompatibilityError,
  GetWorkerBuildIdCompatibilityOptions,
  GetWorkerTaskReachabilityError,
  GetWorkerTaskReachabilityOptions,
  TaskReachability,
  UpdateWorkerBuildIdCompatibilityError,
  VersioningCallOptions,
  WorkerBuildIdVersionSets,
  WorkerTaskReachability
} from "../schema/BuildIds.js"
import { InvalidArgumentError, type RpcError, WorkerVersioningApiUnavailableError } from "../schema/TemporalError.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  buildIdOpToProto,
  reachabilityFromProto,
  taskReachabilityToProto,
  versionSetsFromProto
} from "./convert/buildIds.js"
import { isRpcError } from "./workflowErrors.js"

const disabledPattern = /disabled|not enabled|is not supported|unsupported/i

/**
 * `UNIMPLEMENTED`, and `PERMISSION_DENIED` / `FAILED_PRECONDITION` saying the
 * API is disabled, become `WorkerVersioningApiUnavailableError`.
 *
 * @internal
 */
export const unavailableFrom = (error: RpcError): WorkerVersioningApiUnavailableError | undefined => {
  if (error.code === "UNIMPLEMENTED") {
    return new WorkerVersioningApiUnavailableError({
      rpc: error.method,
      reason: "Unimplemented",
      description: error.message,
      cause: error
    })
  }
  if (
    (error.code === "PERMISSION_DENIED" || error.code === "FAILED_PRECONDITION") && disabledPattern.test(error.message)
  ) {
    return new WorkerVersioningApiUnavailableError({
      rpc: error.method,
      reason: "Disabled",
      description: error.message,
      cause: error
    })
  }
  return undefined
}

const mapUnavailable = <A, E, R>(
  self: Effect.Effect<A, E | RpcError, R>
): Effect.Effect<A, E | RpcError | WorkerVersioningApiUnavailableError, R> =>
  Effect.catchIf(
    self,
    (error): error is RpcError => isRpcError(error) && unavailableFrom(error) !== undefined,
    (error) => Effect.fail(unavailableFrom(error)!)
  )

const span = (context: ClientContext, name: string, attributes: Record<string, unknown>) =>
  Effect.withSpan(`temporal.TemporalClient.${name}`, {
    kind: "client",
    attributes: { "temporal.namespace": context.namespace, ...attributes }
  })

const invalid = (field: string, reason: string) => Effect.fail(new InvalidArgumentError({ field, reason }))

const checkTaskQueue = (field: string, taskQueue: string): Effect.Effect<void, InvalidArgumentError> =>
  typeof taskQueue !== "string" || taskQueue.trim() === ""
    ? invalid(field, "must be a non-empty task queue name")
    : Effect.void

const checkBuildId = (field: string, buildId: string): Effect.Effect<void, InvalidArgumentError> =>
  typeof buildId !== "string" || buildId.trim() === "" ? invalid(field, "must be a non-empty build ID") : Effect.void

const checkOp = (op: BuildIdOp): Effect.Effect<void, InvalidArgumentError> => {
  switch (op._tag) {
    case "AddNewIdInNewDefaultSet":
    case "PromoteSetByBuildId":
    case "PromoteBuildIdWithinSet":
      return checkBuildId("operation.buildId", op.buildId)
    case "AddNewCompatibleVersion":
      return Effect.andThen(
        checkBuildId("operation.buildId", op.buildId),
        checkBuildId("operation.existingCompatibleBuildId", op.existingCompatibleBuildId)
      )
    case "MergeSets":
      return Effect.andThen(
        checkBuildId("operation.primaryBuildId", op.primaryBuildId),
        checkBuildId("operation.secondaryBuildId", op.secondaryBuildId)
      )
    default:
      return invalid("operation", `unknown build ID operation ${JSON.stringify((op as { _tag?: unknown })._tag)}`)
  }
}

/**
 * Change a task queue's build-ID version sets with one operation.
 *
 * @internal
 */
export const updateWorkerBuildIdCompatibility = (
  context: ClientContext,
  taskQueue: string,
  operation: BuildIdOp,
  options?: VersioningCallOptions
): Effect.Effect<void, UpdateWorkerBuildIdCompatibilityError> =>
  Effect.gen(function*() {
    yield* checkTaskQueue("taskQueue", taskQueue)
    yield* checkOp(operation)
    yield* context.call("updateWorkerBuildIdCompatibility", {
      namespace: context.namespace,
      taskQueue,
      ...buildIdOpToProto(operation)
    }, callOptionsOf(options)).pipe(mapUnavailable)
  }).pipe(
    span(context, "updateWorkerBuildIdCompatibility", {
      "temporal.task_queue": taskQueue,
      "temporal.build_id_operation": operation?._tag
    })
  )

/**
 * A task queue's build-ID version sets.
 *
 * @internal
 */
export const getWorkerBuildIdCompatibility = (
  context: ClientContext,
  taskQueue: string,
  options?: GetWorkerBuildIdCompatibilityOptions
): Effect.Effect<WorkerBuildIdVersionSets, GetWorkerBuildIdCompatibilityError> =>
  Effect.gen(function*() {
    yield* checkTaskQueue("taskQueue", taskQueue)
    const maxSets = options?.maxSets ?? 0
    if (!Number.isSafeInteger(maxSets) || maxSets < 0) {
      return yield* invalid("maxSets", `must be a non-negative integer, got ${maxSets}`)
    }
    const response = yield* context.call("getWorkerBuildIdCompatibility", {
      namespace: context.namespace,
      taskQueue,
      maxSets
    }, callOptionsOf(options)).pipe(mapUnavailable)
    return versionSetsFromProto(response)
  }).pipe(span(context, "getWorkerBuildIdCompatibility", { "temporal.task_queue": taskQueue }))

const reachabilityValues: ReadonlyArray<TaskReachability> = [
  "NewWorkflows",
  "ExistingWorkflows",
  "OpenWorkflows",
  "ClosedWorkflows"
]

/**
 * The reachability of build IDs, per task queue.
 *
 * @internal
 */
export const getWorkerTaskReachability = (
  context: ClientContext,
  options: GetWorkerTaskReachabilityOptions
): Effect.Effect<WorkerTaskReachability, GetWorkerTaskReachabilityError> =>
  Effect.gen(function*() {
    const buildIds = options.buildIds ?? []
    const taskQueues = options.taskQueues ?? []
    if (!Array.isArray(buildIds) || buildIds.length === 0) {
      return yield* invalid("buildIds", "must name at least one build ID (\"\" for unversioned workers)")
    }
    for (const [index, buildId] of buildIds.entries()) {
      if (typeof buildId !== "string") return yield* invalid(`buildIds[${index}]`, "must be a string")
    }
    for (const [index, taskQueue] of taskQueues.entries()) {
      yield* checkTaskQueue(`taskQueues[${index}]`, taskQueue)
    }
    if (buildIds.includes("") && taskQueues.length === 0) {
      return yield* invalid(
        "taskQueues",
        "must name at least one task queue when asking about unversioned workers (\"\")"
      )
    }
    if (options.reachability !== undefined && !reachabilityValues.includes(options.reachability)) {
      return yield* invalid(
        "reachability",
        `must be one of ${reachabilityValues.join(", ")}, got ${JSON.stringify(options.reachability)}`
      )
    }
    const response = yield* context.call("getWorkerTaskReachability", {
      namespace: context.namespace,
      buildIds: [...buildIds],
      taskQueues: [...taskQueues],
      ...(options.reachability !== undefined ? { reachability: taskReachabilityToProto(options.reachability) } : {})
    }, callOptionsOf(options)).pipe(mapUnavailable)
    return reachabilityFromProto(response)
  }).pipe(span(context, "getWorkerTaskReachability", { "temporal.build_ids": (options.buildIds ?? []).join(",") }))
