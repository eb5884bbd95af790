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
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import {
  type DataConverterError,
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
import type { CallOptions } from "../services/Connection.js"
import type { ClientContext } from "./clientContext.js"
import { HistoryEventFilterType, nameOf, RetryState, UpdateWorkflowExecutionLifecycleStage } from "./proto/enums.js"
import { isRpcError, mapWorkflowNotFound } from "./workflowErrors.js"

type HistoryEvent = temporal.api.history.v1.IHistoryEvent

const closeEventFilter = HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
const retryStateName = (state: number | null | undefined): string =>
  nameOf(RetryState, state, "RETRY_STATE_UNSPECIFIED")

/** The per-poll errors that mean "ask again". */
const isPollAgain = (error: RpcError): boolean => error.code === "DEADLINE_EXCEEDED"

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

/** Pause between polls after a transient failure. */
const transientPause = Duration.seconds(1)

/** `None` ("poll again") for the errors a long poll outlives. */
const pollAgainOn = (isAgain: (error: RpcError) => boolean) =>
<A, E, R>(self: Effect.Effect<A, E | RpcError, R>): Effect.Effect<Option.Option<A>, E | RpcError, R> =>
  self.pipe(
    Effect.map(Option.some),
    Effect.catchIf(
      (error): error is RpcError => isRpcError(error) && (isAgain(error) || transientCodes.has(error.code)),
      (error) =>
        isAgain(error)
          ? Effect.succeed(Option.none<A>())
          : Effect.as(Effect.sleep(transientPause), Option.none<A>())
    )
  )

/**
 * Poll the close event of a run once it exists: the first event of the
 * (close-event filtered) history, polling again on empty answers.
 */
const awaitCloseEvent = (
  context: ClientContext,
  workflowId: string,
  runId: string | undefined,
  options: CallOptions
): Effect.Effect<HistoryEvent, RpcError | WorkflowNotFoundError> =>
  Effect.gen(function*() {
    let nextPageToken: Uint8Array | undefined = undefined
    while (true) {
      const response: Option.Option<temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse> = yield* context
        .call("getWorkflowResult", {
          namespace: context.namespace,
          execution: { workflowId, runId: runId ?? "" },
          waitNewEvent: true,
          historyEventFilterType: closeEventFilter,
          skipArchival: true,
          nextPageToken: nextPageToken ?? null
        }, { ...options, longPoll: true })
        .pipe(
          pollAgainOn(isPollAgain),
          mapWorkflowNotFound(context.namespace, workflowId, runId)
        )
      if (Option.isNone(response)) continue
      const event = response.value.history?.events?.[0]
      if (event) return event
      const token: Uint8Array | null | undefined = response.value.nextPageToken
      nextPageToken = token && token.length > 0 ? token : undefined
    }
  })

/** The errors of waiting for a result. */
export type ResultError =
  | WorkflowFailedError
  | WorkflowContinuedAsNewError
  | WorkflowNotFoundError
  | RpcError
  | DataConverterError
  | PayloadCodecError
  | SchemaDecodeError

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
  Effect.gen(function*() {
    let runId = startRunId
    const fail = (currentRunId: string, retryState: number | null | undefined, cause: unknown) =>
      new WorkflowFailedError({ workflowId, runId: currentRunId, retryState: retryStateName(retryState), cause })
    while (true) {
      const event = yield* awaitCloseEvent(context, workflowId, runId, options)
      const currentRunId = runId ?? ""
      const completed = event.workflowExecutionCompletedEventAttributes
      if (completed) {
        if (followRuns && completed.newExecutionRunId) {
          runId = completed.newExecutionRunId
          continue
        }
        const payload = completed.result?.payloads?.[0]
        return yield* context.dataConverter.fromPayload(payload ?? { metadata: { encoding: binaryNull } }, resultSchema)
      }
      const failed = event.workflowExecutionFailedEventAttributes
      if (failed) {
        if (followRuns && failed.newExecutionRunId) {
          runId = failed.newExecutionRunId
          continue
        }
        const cause = failed.failure ? yield* context.dataConverter.fromFailure(failed.failure) : undefined
        return yield* fail(currentRunId, failed.retryState, cause)
      }
      const timedOut = event.workflowExecutionTimedOutEventAttributes
      if (timedOut) {
        if (followRuns && timedOut.newExecutionRunId) {
          runId = timedOut.newExecutionRunId
          continue
        }
        return yield* fail(
          currentRunId,
          timedOut.retryState,
          new TimeoutFailure({ message: "Workflow execution timed out", timeoutType: "TIMEOUT_TYPE_START_TO_CLOSE" })
        )
      }
      const canceled = event.workflowExecutionCanceledEventAttributes
      if (canceled) {
        const details = yield* context.dataConverter.fromPayloads(canceled.details?.payloads)
        return yield* fail(
          currentRunId,
          RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
          new CanceledFailure({ message: "Workflow execution canceled", details })
        )
      }
      const terminated = event.workflowExecutionTerminatedEventAttributes
      if (terminated) {
        return yield* fail(
          currentRunId,
          RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
          new TerminatedFailure({
            message: terminated.reason || "Workflow execution terminated",
            ...(terminated.identity ? { identity: terminated.identity } : {})
          })
        )
      }
      const continued = event.workflowExecutionContinuedAsNewEventAttributes
      if (continued) {
        const next = continued.newExecutionRunId ?? ""
        if (followRuns && next) {
          runId = next
          continue
        }
        return yield* new WorkflowContinuedAsNewError({ workflowId, runId: currentRunId, newExecutionRunId: next })
      }
      return yield* new RpcError({
        code: "INTERNAL",
        message: `Unexpected close event type ${event.eventType ?? "?"}`,
        method: "GetWorkflowExecutionHistory",
        details: []
      })
    }
  })

const binaryNull = new TextEncoder().encode("binary/null")

const completedStage =
  UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED

/** The errors of waiting for an update's outcome. */
export type UpdateOutcomeError =
  | WorkflowUpdateFailedError
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowNotFoundError
  | RpcError
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
): Effect.Effect<temporal.api.update.v1.IOutcome, WorkflowUpdateRpcTimeoutOrCancelledError | WorkflowNotFoundError | RpcError> =>
  Effect.gen(function*() {
    while (true) {
      const response = yield* context.call("pollWorkflowUpdate", {
        namespace: context.namespace,
        updateRef: { workflowExecution: { workflowId, runId: runId ?? "" }, updateId },
        identity: context.identity,
        waitPolicy: { lifecycleStage: completedStage }
      }, { ...options, longPoll: true }).pipe(
        pollAgainOn((error) => error.code === "DEADLINE_EXCEEDED" && options.rpcTimeout === undefined),
        Effect.mapError((error) =>
          error.code === "DEADLINE_EXCEEDED" || error.code === "CANCELLED"
            ? new WorkflowUpdateRpcTimeoutOrCancelledError({ workflowId, updateId, cause: error })
            : error
        ),
        mapWorkflowNotFound(context.namespace, workflowId, runId)
      )
      if (Option.isSome(response) && response.value.outcome) return response.value.outcome
    }
  })
