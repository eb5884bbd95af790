/**
 * The long-poll loops: waiting for a workflow's close event (following runs)
 * and for an update's outcome. An empty answer, a missing history or a
 * deadline reached on one poll all mean "poll again"; only the caller's own
 * bound (an `Effect.timeout`, an interruption) ends the wait.
 *
 * Following runs: a run that is retried, or followed by the next cron run,
 * closes with a completed, failed or timed-out event that names the next run
 * (`newExecutionRunId`). The server shows that event as it is only to clients
 * sending `supported-features: follows-next-run-id`; to the others (the
 * official SDKs, and us: we keep their behaviour) it answers a close-event
 * poll with a made-up ContinuedAsNew event pointing at the next run. Both
 * forms are followed; without `followRuns`, the made-up one gives
 * `WorkflowContinuedAsNewError`, as in the official SDKs.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import {
  type ConnectionError,
  type DataConverterError,
  type InvalidArgumentError,
  type PayloadCodecError,
  RpcError,
  type SchemaDecodeError,
  WorkflowContinuedAsNewError,
  WorkflowFailedError,
  type WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/errors.js"
import { CanceledFailure, TerminatedFailure, TimeoutFailure } from "../schema/failures.js"
import type { CallOptions, RpcCallError } from "../services/Connection.js"
import type { ClientContext } from "./clientContext.js"
import { HistoryEventFilterType, nameOf, RetryState, UpdateWorkflowExecutionLifecycleStage } from "./proto/enums.js"
import { isRpcError, workflowNotFound } from "./workflowErrors.js"

type HistoryEvent = temporal.api.history.v1.IHistoryEvent

const closeEventFilter = HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
const retryStateName = (state: number | null | undefined): string =>
  nameOf(RetryState, state, "RETRY_STATE_UNSPECIFIED")

/**
 * Failures that outlasted one call's retry budget but say nothing about the
 * workflow (the server restarting, overloaded, a connection lost): a long
 * poll waits a little and polls again, bounded only by its caller.
 */
const transientCodes: ReadonlySet<RpcError["code"]> = new Set([
  "UNAVAILABLE",
  "RESOURCE_EXHAUSTED",
  "ABORTED",
  "UNKNOWN",
  "CANCELLED"
])

const workflowFailed = (
  workflowId: string,
  runId: string,
  retryState: number | null | undefined,
  cause: unknown
): WorkflowFailedError => new WorkflowFailedError({ workflowId, runId, retryState: retryStateName(retryState), cause })

/** Poll again at once (a poll's handler answers `undefined`). */
const pollAgainNow: Effect.Effect<undefined> = Effect.succeed(undefined)

/** Poll again after a pause: after a transient failure. */
const pollAgainAfterPause: Effect.Effect<undefined> = Effect.as(Effect.sleep(Duration.seconds(1)), undefined)

/**
 * A close-event poll's failures: `undefined` ("poll again") for a deadline
 * reached, and after a pause for the transient ones; NOT_FOUND as
 * `WorkflowNotFoundError`. One `catchIf`, so that a pending poll holds a
 * single continuation for all three.
 */
const closeEventPollErrors = (namespace: string, workflowId: string, runId: string | undefined) =>
<A, E>(self: Effect.Effect<A, E | RpcError>): Effect.Effect<A | undefined, E | RpcError | WorkflowNotFoundError> =>
  Effect.catchIf(
    self,
    (error): error is RpcError =>
      isRpcError(error) &&
      (error.code === "DEADLINE_EXCEEDED" || error.code === "NOT_FOUND" || transientCodes.has(error.code)),
    (error): Effect.Effect<undefined, WorkflowNotFoundError> =>
      error.code === "DEADLINE_EXCEEDED"
        ? pollAgainNow
        : error.code === "NOT_FOUND"
        ? Effect.fail(workflowNotFound(namespace, workflowId, runId, error))
        : pollAgainAfterPause
  )

/** The errors of waiting for a result. */
export type ResultError =
  | WorkflowFailedError
  | WorkflowContinuedAsNewError
  | WorkflowNotFoundError
  | RpcError
  | InvalidArgumentError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | SchemaDecodeError

/**
 * The run a close event hands over to (a retry, the next cron run, or the
 * continue-as-new run), if any.
 */
const nextRunOf = (event: HistoryEvent): string | undefined => {
  const closed = event.workflowExecutionCompletedEventAttributes ??
    event.workflowExecutionFailedEventAttributes ??
    event.workflowExecutionTimedOutEventAttributes ??
    event.workflowExecutionContinuedAsNewEventAttributes
  return closed?.newExecutionRunId || undefined
}

/** What a run's close event (not followed to a next run) answers. */
const outcomeOf = (
  context: ClientContext,
  workflowId: string,
  runId: string,
  event: HistoryEvent,
  resultSchema: Schema.Schema<unknown, unknown>
): Effect.Effect<unknown, ResultError> => {
  const completed = event.workflowExecutionCompletedEventAttributes
  if (completed) {
    const payload = completed.result?.payloads?.[0]
    return context.dataConverter.fromPayload(payload ?? { metadata: { encoding: binaryNull } }, resultSchema)
  }
  const failed = event.workflowExecutionFailedEventAttributes
  if (failed) {
    return failed.failure
      ? Effect.flatMap(
        context.dataConverter.fromFailure(failed.failure),
        (cause) => Effect.fail(workflowFailed(workflowId, runId, failed.retryState, cause))
      )
      : Effect.fail(workflowFailed(workflowId, runId, failed.retryState, undefined))
  }
  const timedOut = event.workflowExecutionTimedOutEventAttributes
  if (timedOut) {
    return Effect.fail(workflowFailed(
      workflowId,
      runId,
      timedOut.retryState,
      new TimeoutFailure({ message: "Workflow execution timed out", timeoutType: "TIMEOUT_TYPE_START_TO_CLOSE" })
    ))
  }
  const canceled = event.workflowExecutionCanceledEventAttributes
  if (canceled) {
    return Effect.flatMap(
      context.dataConverter.fromPayloads(canceled.details?.payloads),
      (details) =>
        Effect.fail(workflowFailed(
          workflowId,
          runId,
          RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
          new CanceledFailure({ message: "Workflow execution canceled", details })
        ))
    )
  }
  const terminated = event.workflowExecutionTerminatedEventAttributes
  if (terminated) {
    return Effect.fail(workflowFailed(
      workflowId,
      runId,
      RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
      new TerminatedFailure({
        message: terminated.reason || "Workflow execution terminated",
        ...(terminated.identity ? { identity: terminated.identity } : {})
      })
    ))
  }
  const continued = event.workflowExecutionContinuedAsNewEventAttributes
  if (continued) {
    return Effect.fail(
      new WorkflowContinuedAsNewError({ workflowId, runId, newExecutionRunId: continued.newExecutionRunId ?? "" })
    )
  }
  return Effect.fail(
    new RpcError({
      code: "INTERNAL",
      message: `Unexpected close event type ${event.eventType ?? "?"}`,
      method: "GetWorkflowExecutionHistory",
      details: []
    })
  )
}

/**
 * The result loop: poll the close event of the run once it exists (the
 * first event of the close-event filtered history, polling again on empty
 * answers), follow the next run when `followRuns`, else answer the outcome.
 *
 * A generator function declared once, not an inline `Effect.gen` body: V8
 * gives every generator function object its own prototype and its
 * generators their own hidden class, which a pending poll would keep alive.
 * It keeps few locals: a suspended generator holds a slot for each.
 */
const awaitResultLoop = Effect.fnUntraced(function*(
  context: ClientContext,
  workflowId: string,
  startRunId: string | undefined,
  resultSchema: Schema.Schema<unknown, unknown>,
  followRuns: boolean,
  options: CallOptions
) {
  const pollOptions: CallOptions = { ...options, longPoll: true }
  let runId = startRunId
  let nextPageToken: Uint8Array | undefined = undefined
  while (true) {
    const response: temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse | undefined = yield* context
      .call("getWorkflowResult", {
        namespace: context.namespace,
        execution: { workflowId, runId: runId ?? "" },
        waitNewEvent: true,
        historyEventFilterType: closeEventFilter,
        skipArchival: true,
        nextPageToken: nextPageToken ?? null
      }, pollOptions)
      .pipe(closeEventPollErrors(context.namespace, workflowId, runId))
    if (response === undefined) continue
    const event: HistoryEvent | undefined = response.history?.events?.[0]
    if (!event) {
      const token: Uint8Array | null | undefined = response.nextPageToken
      nextPageToken = token && token.length > 0 ? token : undefined
      continue
    }
    nextPageToken = undefined
    const next = followRuns ? nextRunOf(event) : undefined
    if (next === undefined) return yield* outcomeOf(context, workflowId, runId ?? "", event, resultSchema)
    runId = next
  }
})

/**
 * Wait for a workflow's result, following continue-as-new, retry and cron
 * runs when `followRuns`.
 *
 * @internal
 */
export const awaitResult = <A, I>(
  context: ClientContext,
  workflowId: string,
  startRunId: string | undefined,
  resultSchema: Schema.Schema<A, I>,
  followRuns: boolean,
  options: CallOptions
): Effect.Effect<A, ResultError> =>
  awaitResultLoop(
    context,
    workflowId,
    startRunId,
    resultSchema as Schema.Schema<unknown, unknown>,
    followRuns,
    options
  ) as Effect.Effect<A, ResultError>

const binaryNull = new TextEncoder().encode("binary/null")

const completedStage =
  UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED

/** The errors of waiting for an update's outcome. */
export type UpdateOutcomeError =
  | WorkflowUpdateFailedError
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowNotFoundError
  | RpcError
  | InvalidArgumentError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | SchemaDecodeError

/**
 * Decode an update outcome: its result, or a `WorkflowUpdateFailedError`.
 *
 * @internal
 */
export const decodeUpdateOutcome = <A, I>(
  context: ClientContext,
  outcome: temporal.api.update.v1.IOutcome,
  ids: { readonly workflowId: string; readonly updateId: string; readonly updateName: string },
  resultSchema: Schema.Schema<A, I>
): Effect.Effect<A, UpdateOutcomeError> =>
  Effect.gen(function*() {
    if (outcome.failure) {
      const cause = yield* context.dataConverter.fromFailure(outcome.failure)
      return yield* new WorkflowUpdateFailedError({ ...ids, cause })
    }
    const payload = outcome.success?.payloads?.[0]
    return yield* context.dataConverter.fromPayload(payload ?? { metadata: { encoding: binaryNull } }, resultSchema)
  })

const awaitUpdateOutcomeLoop = Effect.fnUntraced(function*(
  context: ClientContext,
  workflowId: string,
  runId: string | undefined,
  updateId: string,
  options: CallOptions
) {
  const pollOptions: CallOptions = { ...options, longPoll: true }
  const request = {
    namespace: context.namespace,
    updateRef: { workflowExecution: { workflowId, runId: runId ?? "" }, updateId },
    identity: context.identity,
    waitPolicy: { lifecycleStage: completedStage }
  }
  const pollAgainOnDeadline = options.rpcTimeout === undefined
  while (true) {
    // As `closeEventPollErrors`, in one `catchIf`; a deadline is final when
    // the caller set one.
    const response: temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateResponse | undefined = yield* Effect
      .catchIf(
        context.call("pollWorkflowUpdate", request, pollOptions),
        (error): error is RpcError =>
          isRpcError(error) &&
          (error.code === "DEADLINE_EXCEEDED" || error.code === "NOT_FOUND" || transientCodes.has(error.code)),
        (error): Effect.Effect<undefined, WorkflowUpdateRpcTimeoutOrCancelledError | WorkflowNotFoundError> =>
          error.code === "DEADLINE_EXCEEDED" && pollAgainOnDeadline
            ? pollAgainNow
            : transientCodes.has(error.code)
            ? pollAgainAfterPause
            : error.code === "NOT_FOUND"
            ? Effect.fail(workflowNotFound(context.namespace, workflowId, runId, error))
            : Effect.fail(new WorkflowUpdateRpcTimeoutOrCancelledError({ workflowId, updateId, cause: error }))
      )
    if (response?.outcome) return response.outcome
  }
})

/**
 * Poll an update until it has an outcome.
 *
 * @internal
 */
export const awaitUpdateOutcome = (
  context: ClientContext,
  workflowId: string,
  runId: string | undefined,
  updateId: string,
  options: CallOptions
): Effect.Effect<
  temporal.api.update.v1.IOutcome,
  WorkflowUpdateRpcTimeoutOrCancelledError | WorkflowNotFoundError | RpcCallError
> =>
  awaitUpdateOutcomeLoop(context, workflowId, runId, updateId, options)
