/**
 * A handle to an activity that completes asynchronously (its function
 * returned "will complete asynchronously"), addressed by its task token or
 * by workflow ID, optional run ID and activity ID: heartbeat it, complete it,
 * fail it or report it cancelled from outside the worker. A plain value whose
 * methods are Effects that need nothing more; every call goes through the
 * client interceptors (`heartbeatActivity`, `heartbeatActivityById`,
 * `completeActivity`, ...).
 *
 * A heartbeat whose answer says the activity was asked to cancel, was
 * paused or was reset fails with `AsyncActivityCancelledError` naming which,
 * by task token and by ID alike. An activity the server does not know (any
 * more) is `ActivityNotFoundError`; a namespace that does not exist is
 * `NamespaceNotFoundError`.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { callOptionsOf, type ClientContext } from "../internal/clientContext.js"
import { isRpcError } from "../internal/workflowErrors.js"
import {
  ActivityNotFoundError,
  AsyncActivityCancelledError,
  type AsyncActivityCancelReason,
  type ConnectionError,
  type DataConverterError,
  InvalidArgumentError,
  type NamespaceNotFoundError,
  type PayloadCodecError,
  type PayloadTooLargeError,
  type RpcError
} from "../schema/TemporalError.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"

/**
 * An activity by its task token, as the worker received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskTokenTarget {
  /** The activity task's token, as the worker received it. */
  readonly taskToken: Uint8Array
}

/**
 * An activity by the workflow that scheduled it and its activity ID.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActivityIdTarget {
  /** The ID of the workflow that scheduled the activity. */
  readonly workflowId: string
  /** The workflow's run; the current run when left out. */
  readonly runId?: string | undefined
  /** The activity's ID within that workflow. */
  readonly activityId: string
}

/**
 * How a handle addresses its activity.
 *
 * @since 0.1.0
 * @category models
 */
export type AsyncActivityTarget = TaskTokenTarget | ActivityIdTarget

/**
 * Per-call options every handle method takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface AsyncActivityCallOptions {
  /** Deadline of each RPC attempt. Default 30 s. */
  readonly rpcTimeout?: Duration.Input | undefined
  /** Extra request headers for this call. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
}

/**
 * Errors of `complete`, `fail` and `reportCancellation`.
 *
 * @since 0.1.0
 * @category errors
 */
export type AsyncActivityError =
  | ActivityNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of `heartbeat`: those of every call, and `AsyncActivityCancelledError`
 * when the server says the activity was asked to cancel, was paused or reset.
 *
 * @since 0.1.0
 * @category errors
 */
export type HeartbeatError = AsyncActivityError | AsyncActivityCancelledError

/**
 * A handle to one asynchronously completed activity.
 *
 * @since 0.1.0
 * @category models
 */
export interface AsyncActivityHandle {
  /** How the handle addresses its activity. */
  readonly target: AsyncActivityTarget
  /** The task token, when the handle addresses the activity by token. */
  readonly taskToken: Uint8Array | undefined
  /** The workflow ID, when the handle addresses the activity by ID. */
  readonly workflowId: string | undefined
  /** The workflow run ID, when the handle addresses the activity by ID with a run. */
  readonly runId: string | undefined
  /** The activity ID, when the handle addresses the activity by ID. */
  readonly activityId: string | undefined

  /**
   * Record a heartbeat with these details. Fails with
   * `AsyncActivityCancelledError` when the activity was asked to cancel, was
   * paused or was reset: stop working on it (and, when cancelled, call
   * `reportCancellation`).
   */
  readonly heartbeat: (...details: ReadonlyArray<unknown>) => Effect.Effect<void, HeartbeatError>
  /** {@link heartbeat} with per-call options. */
  readonly heartbeatWithOptions: (
    options: AsyncActivityCallOptions & { readonly details?: ReadonlyArray<unknown> | undefined }
  ) => Effect.Effect<void, HeartbeatError>
  /** Complete the activity with its result (`undefined` for none). */
  readonly complete: (result?: unknown, options?: AsyncActivityCallOptions) => Effect.Effect<void, AsyncActivityError>
  /**
   * Fail the activity with an error (a `TemporalFailure` such as an
   * `ApplicationFailure`, an `Error`, anything: converted by the data
   * converter's failure converter), optionally storing heartbeat details.
   */
  readonly fail: (
    error: unknown,
    options?: AsyncActivityCallOptions & { readonly lastHeartbeatDetails?: ReadonlyArray<unknown> | undefined }
  ) => Effect.Effect<void, AsyncActivityError>
  /** Report that the activity stopped after it was asked to cancel, with details. */
  readonly reportCancellation: (...details: ReadonlyArray<unknown>) => Effect.Effect<void, AsyncActivityError>
  /** {@link reportCancellation} with per-call options. */
  readonly reportCancellationWithOptions: (
    options: AsyncActivityCallOptions & { readonly details?: ReadonlyArray<unknown> | undefined }
  ) => Effect.Effect<void, AsyncActivityError>
}

/**
 * Whether a target addresses the activity by task token.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTaskTokenTarget = (target: AsyncActivityTarget): target is TaskTokenTarget =>
  "taskToken" in target && target.taskToken !== undefined

type HeartbeatResponse =
  | temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatResponse
  | temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdResponse

/**
 * What a heartbeat's answer says about the activity: cancel requested first,
 * then reset, then paused (the most final one wins when several are set);
 * `undefined` when it may go on.
 *
 * @since 0.1.0
 * @category utils
 */
export const cancelReasonOf = (response: HeartbeatResponse): AsyncActivityCancelReason | undefined =>
  response.cancelRequested
    ? "CancelRequested"
    : response.activityReset
    ? "Reset"
    : response.activityPaused
    ? "Paused"
    : undefined

const checkTarget = (target: AsyncActivityTarget): Effect.Effect<void, InvalidArgumentError> => {
  if (isTaskTokenTarget(target)) {
    return target.taskToken instanceof Uint8Array && target.taskToken.length > 0
      ? Effect.void
      : Effect.fail(new InvalidArgumentError({ field: "taskToken", reason: "must be non-empty bytes" }))
  }
  if (typeof target.workflowId !== "string" || target.workflowId === "") {
    return Effect.fail(new InvalidArgumentError({ field: "workflowId", reason: "must be a non-empty string" }))
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
    workflowId: ids.workflowId,
    runId: ids.runId ?? "",
    activityId: ids.activityId,
    identity: context.identity
  }
  const tokenFields = { namespace: context.namespace, taskToken: taskToken ?? null, identity: context.identity }
  const description = ids === undefined
    ? "activity with the given task token (it is unknown, completed, timed out, or its workflow is closed)"
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
            "temporal.workflow_id": ids.workflowId,
            "temporal.activity_id": ids.activityId,
            ...(ids.runId !== undefined ? { "temporal.run_id": ids.runId } : {})
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
