/**
 * Async activity handles: the implementation behind the public `AsyncActivityHandle` interface.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import {
  ActivityNotFoundError,
  AsyncActivityCancelledError,
  InvalidArgumentError,
  type RpcError
} from "../schema/TemporalError.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"
import type { AsyncActivityHandle, AsyncActivityTarget, HeartbeatResponse } from "../services/AsyncActivityHandle.js"
import { cancelReasonOf, isTaskTokenTarget } from "../services/AsyncActivityHandle.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { isRpcError } from "./workflowErrors.js"

const checkTarget = (target: AsyncActivityTarget): Effect.Effect<void, InvalidArgumentError> => {
  if (isTaskTokenTarget(target)) {
    return target.taskToken instanceof Uint8Array && target.taskToken.length > 0
      ? Effect.void
      : Effect.fail(new InvalidArgumentError({ field: "taskToken", reason: "must be non-empty bytes" }))
  }
  if (target.workflowId !== undefined && (typeof target.workflowId !== "string" || target.workflowId === "")) {
    return Effect.fail(
      new InvalidArgumentError({
        field: "workflowId",
        reason: "must be a non-empty string (leave it out for a standalone activity)"
      })
    )
  }
  if (typeof target.activityId !== "string" || target.activityId === "") {
    return Effect.fail(new InvalidArgumentError({ field: "activityId", reason: "must be a non-empty string" }))
  }
  return validateWellFormedFields([
    ["workflowId", target.workflowId],
    ["runId", target.runId],
    ["activityId", target.activityId]
  ])
}

/**
 * Build a handle. Handles are cheap: no I/O happens here; the target is
 * checked by each call (an empty token or ID fails with
 * `InvalidArgumentError` before any RPC).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (context: ClientContext, target: AsyncActivityTarget): AsyncActivityHandle => {
  const byToken = isTaskTokenTarget(target)
  const taskToken = byToken ? target.taskToken : undefined
  const ids = byToken ? undefined : target
  const idFields = ids === undefined ? undefined : {
    namespace: context.namespace,
    workflowId: ids.workflowId ?? "",
    runId: ids.runId ?? "",
    activityId: ids.activityId,
    identity: context.identity
  }
  const tokenFields = { namespace: context.namespace, taskToken: taskToken ?? null, identity: context.identity }
  const description = ids === undefined
    ? "activity with the given task token (it is unknown, completed, timed out, or its workflow is closed)"
    : ids.workflowId === undefined
    ? `standalone activity ${ids.activityId}${ids.runId ? ` run ${ids.runId}` : ""}`
    : `activity ${ids.activityId} of workflow ${ids.workflowId}${ids.runId ? ` run ${ids.runId}` : ""}`
  const checked = checkTarget(target)

  const notFound = <A, E, R>(
    self: Effect.Effect<A, E | RpcError, R>
  ): Effect.Effect<A, Exclude<E, RpcError> | RpcError | ActivityNotFoundError, R> =>
    Effect.catchIf(
      self,
      (error): error is RpcError => isRpcError(error) && error.code === "NOT_FOUND",
      (error) => Effect.fail(new ActivityNotFoundError({ description, cause: error }))
    ) as Effect.Effect<A, Exclude<E, RpcError> | RpcError | ActivityNotFoundError, R>

  const span = (name: string) =>
    Effect.withSpan(`temporal.AsyncActivityHandle.${name}`, {
      kind: "client",
      attributes: {
        "temporal.namespace": context.namespace,
        ...(ids !== undefined
          ? {
            ...(ids.workflowId !== undefined ? { "temporal.workflow_id": ids.workflowId } : {}),
            "temporal.activity_id": ids.activityId,
            ...(ids.runId !== undefined
              ? { [ids.workflowId !== undefined ? "temporal.run_id" : "temporal.activity_run_id"]: ids.runId }
              : {})
          }
          : {})
      }
    })

  const payloadsOf = (values: ReadonlyArray<unknown> | undefined, location: string) =>
    Effect.gen(function*() {
      if (values === undefined || values.length === 0) return null
      const payloads = yield* context.dataConverter.toPayloads(values)
      yield* context.dataConverter.checkSize(payloads, location)
      return { payloads }
    })

  const heartbeatWithOptions: AsyncActivityHandle["heartbeatWithOptions"] = (options) =>
    Effect.gen(function*() {
      yield* checked
      const details = yield* payloadsOf(
        options.details,
        idFields === undefined ? "RecordActivityTaskHeartbeat.details" : "RecordActivityTaskHeartbeatById.details"
      )
      const response: HeartbeatResponse = idFields === undefined
        ? yield* context.call("heartbeatActivity", { ...tokenFields, details }, callOptionsOf(options)).pipe(notFound)
        : yield* context.call("heartbeatActivityById", { ...idFields, details }, callOptionsOf(options)).pipe(
          notFound
        )
      const reason = cancelReasonOf(response)
      if (reason !== undefined) return yield* new AsyncActivityCancelledError({ reason })
    }).pipe(span("heartbeat"))

  const reportCancellationWithOptions: AsyncActivityHandle["reportCancellationWithOptions"] = (options) =>
    Effect.gen(function*() {
      yield* checked
      const details = yield* payloadsOf(
        options.details,
        idFields === undefined ? "RespondActivityTaskCanceled.details" : "RespondActivityTaskCanceledById.details"
      )
      if (idFields === undefined) {
        yield* context.call("reportActivityCancellation", { ...tokenFields, details }, callOptionsOf(options)).pipe(
          notFound
        )
      } else {
        yield* context.call("reportActivityCancellationById", { ...idFields, details }, callOptionsOf(options)).pipe(
          notFound
        )
      }
    }).pipe(span("reportCancellation"))

  return {
    target,
    taskToken,
    workflowId: ids?.workflowId,
    runId: ids?.runId,
    activityId: ids?.activityId,
    heartbeat: (...details) => heartbeatWithOptions({ details }),
    heartbeatWithOptions,
    complete: (result, options) =>
      Effect.gen(function*() {
        yield* checked
        const payloads = yield* context.dataConverter.toPayloads([result])
        const location = idFields === undefined
          ? "RespondActivityTaskCompleted.result"
          : "RespondActivityTaskCompletedById.result"
        yield* context.dataConverter.checkSize(payloads, location)
        if (idFields === undefined) {
          yield* context.call("completeActivity", { ...tokenFields, result: { payloads } }, callOptionsOf(options))
            .pipe(notFound)
        } else {
          yield* context.call("completeActivityById", { ...idFields, result: { payloads } }, callOptionsOf(options))
            .pipe(notFound)
        }
      }).pipe(span("complete")),
    fail: (error, options) =>
      Effect.gen(function*() {
        yield* checked
        const failure = yield* context.dataConverter.toFailure(error)
        const lastHeartbeatDetails = yield* payloadsOf(
          options?.lastHeartbeatDetails,
          idFields === undefined
            ? "RespondActivityTaskFailed.lastHeartbeatDetails"
            : "RespondActivityTaskFailedById.lastHeartbeatDetails"
        )
        if (idFields === undefined) {
          yield* context.call("failActivity", { ...tokenFields, failure, lastHeartbeatDetails }, callOptionsOf(options))
            .pipe(notFound)
        } else {
          yield* context.call(
            "failActivityById",
            { ...idFields, failure, lastHeartbeatDetails },
            callOptionsOf(options)
          )
            .pipe(notFound)
        }
      }).pipe(span("fail")),
    reportCancellation: (...details) => reportCancellationWithOptions({ details }),
    reportCancellationWithOptions
  }
}
