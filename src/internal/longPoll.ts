/**
 * The long-poll loops: waiting for a workflow's close event (following runs)
 * and for an update's outcome, and the pacing every long-poll loop of the
 * client shares (the update start loops too).
 *
 * What each poll's answer leads to:
 *
 * - An answer with nothing in it (an empty history page, no update outcome
 *   yet), and a DEADLINE_EXCEEDED of the client's own default long-poll
 *   deadline, mean "poll again". At once when the poll ran its course (took
 *   at least `quickAnswerMillis`, as a real server's ~20 s long poll does);
 *   after a pause when it came back sooner, growing from
 *   `firstEmptyPauseMillis` to `maxEmptyPauseMillis` while answers keep
 *   coming back at once, and reset by an answer that did not. A server that
 *   answers every poll at once with nothing thus gets a few polls a second at
 *   first and one every 5 s after that, not a busy loop.
 * - A failure meaning "the server is away for now" (after the call's own
 *   retries ran out): UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED or CANCELLED
 *   from a gRPC server or a lost connection (a restart, an overload, a
 *   GOAWAY) pauses `awayPauseMillis` and polls again, for as long as the
 *   caller waits.
 * - An HTTP 429/502/503/504 without a gRPC status (a proxy or load balancer
 *   in front of a restarting server, or an endpoint that is not a Temporal
 *   server at all) is taken as "away" for `gatewayGraceMillis` after the
 *   first one, then ends the wait.
 * - Anything else ends the wait with a typed error: NOT_FOUND (the precise
 *   not-found error), a missing namespace, a DEADLINE_EXCEEDED of a deadline
 *   the caller set (`rpcTimeout` bounds each poll), and every failure that
 *   says the peer is not a gRPC server or broke the protocol ("Received
 *   message larger than max", an HTTP answer without gRPC status, an HTTP/1.1
 *   server's "Protocol error", RST_STREAM, an unknown status), which would
 *   answer the same way forever.
 *
 * The whole wait is bounded the Effect way (`Effect.timeout`, interruption).
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
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import { CanceledFailure, TerminatedFailure, TimeoutFailure } from "../schema/Failure.js"
import type * as Failure from "../schema/Failure.js"
import {
  type NamespaceNotFoundError,
  RpcError,
  WorkflowContinuedAsNewError,
  WorkflowFailedError,
  type WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowUpdateNotFoundError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import type { CallOptions, RpcCallError } from "../services/Connection.js"
import type * as WorkflowHandle from "../services/WorkflowHandle.js"
import type * as WorkflowUpdateHandle from "../services/WorkflowUpdateHandle.js"
import type { ClientContext } from "./clientContext.js"
import { WorkflowUpdateStageProto } from "./convert/common.js"
import { HistoryEventFilterType, nameOf, RetryState } from "./proto/enums.js"
import { updateNotFound, workflowNotFound } from "./workflowErrors.js"

type HistoryEvent = temporal.api.history.v1.IHistoryEvent

const closeEventFilter = HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
const retryStateName = (state: number | null | undefined): Failure.RetryState =>
  nameOf(RetryState, state, "RETRY_STATE_UNSPECIFIED") as Failure.RetryState

// -----------------------------------------------------------------------------
// pacing
// -----------------------------------------------------------------------------

/** A poll answered with nothing sooner than this was answered at once, not at the end of a long poll. */
const quickAnswerMillis = 500
/** The first pause after an empty answer that came at once. */
const firstEmptyPauseMillis = 100
/** The longest pause after empty answers that came at once. */
const maxEmptyPauseMillis = 5_000
/** The pause after a failure meaning "the server is away for now". */
const awayPauseMillis = 1_000
/** How long HTTP 429/502/503/504 answers without a gRPC status are taken as "away". */
const gatewayGraceMillis = 60_000

/**
 * The pacing state of one wait.
 *
 * @internal
 */
export interface Pacing {
  /** The pause after the last empty answer, when it came at once; 0 otherwise. */
  emptyPause: number
  /** When HTTP gateway failures began, while they last. */
  gatewaySince: number | undefined
}

/**
 * A fresh pacing state, for one wait.
 *
 * @internal
 */
export const makePacing = (): Pacing => ({ emptyPause: 0, gatewaySince: undefined })

const pause = (millis: number): Effect.Effect<void> => Effect.sleep(Duration.millis(millis))

/**
 * After a poll that started at `startedAt` answered nothing: poll again at
 * once when it ran its course, else after the next, longer, pause.
 *
 * @internal
 */
export const afterEmptyAnswer = (pacing: Pacing, startedAt: number): Effect.Effect<void> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    pacing.gatewaySince = undefined
    if (now - startedAt >= quickAnswerMillis) {
      pacing.emptyPause = 0
      return Effect.void
    }
    pacing.emptyPause = pacing.emptyPause === 0
      ? firstEmptyPauseMillis
      : Math.min(pacing.emptyPause * 2, maxEmptyPauseMillis)
    return pause(pacing.emptyPause)
  })

/**
 * How a long poll takes a failed poll: as an empty answer, as the server
 * being away (pause, poll again), as a proxy answering for it (the same, for
 * a grace period), or as the end of the wait.
 *
 * @internal
 */
export type PollFailure = "Empty" | "Away" | "Gateway" | "Final"

const awayCodes: ReadonlySet<RpcError["code"]> = new Set([
  "UNAVAILABLE",
  "RESOURCE_EXHAUSTED",
  "ABORTED",
  "CANCELLED"
])

/** grpc-js's statuses for an HTTP error answer without gRPC status, from a proxy in front of a server. */
const gatewayAnswer = /^Received HTTP status code (?:429|502|503|504)\b/
/**
 * grpc-js's messages for a peer that is not a gRPC server or broke the
 * protocol: an HTTP answer without gRPC status (an HTML page with status 200
 * reads as a message "larger than max"), an HTTP/1.1 server ("Protocol
 * error"), a stream reset or ended without status.
 */
const notGrpcAnswer =
  /Received HTTP status code|Received message larger than max|Protocol error|No status information received|Received RST_STREAM/i

/**
 * How a long poll takes a failure that outlasted its call's retries; see the
 * module's documentation. `callerDeadline`: the caller set `rpcTimeout`.
 *
 * @internal
 */
export const pollFailure = (error: RpcError, callerDeadline: boolean): PollFailure => {
  if (error.code === "DEADLINE_EXCEEDED") return callerDeadline ? "Final" : "Empty"
  if (gatewayAnswer.test(error.message)) return "Gateway"
  if (notGrpcAnswer.test(error.message)) return "Final"
  return awayCodes.has(error.code) ? "Away" : "Final"
}

/**
 * After a poll that started at `startedAt` failed: pause and poll again, or
 * fail with `final(error)`.
 *
 * @internal
 */
export const afterFailedPoll = <E>(
  pacing: Pacing,
  startedAt: number,
  error: RpcError,
  callerDeadline: boolean,
  final: (error: RpcError) => E
): Effect.Effect<void, E> => {
  switch (pollFailure(error, callerDeadline)) {
    case "Empty":
      return afterEmptyAnswer(pacing, startedAt)
    case "Away":
      return pause(awayPauseMillis)
    case "Gateway":
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        pacing.gatewaySince ??= now
        return now - pacing.gatewaySince < gatewayGraceMillis ? pause(awayPauseMillis) : Effect.fail(final(error))
      })
    case "Final":
      return Effect.fail(final(error))
  }
}

const workflowFailed = (
  workflowId: string,
  runId: string,
  retryState: number | null | undefined,
  cause: Failure.TemporalFailure | undefined
): WorkflowFailedError =>
  new WorkflowFailedError({
    workflowId,
    runId,
    retryState: retryStateName(retryState),
    ...(cause !== undefined ? { cause } : {})
  })

/** The errors of waiting for a result (`InvalidArgumentError`: an ID that is not valid Unicode). */
export type ResultError = WorkflowHandle.WorkflowResultError

/**
 * After a close-event poll failed: poll again (see `afterFailedPoll`), or
 * fail: NOT_FOUND as `WorkflowNotFoundError`, the rest as it is.
 */
const afterFailedResultPoll = (
  context: ClientContext,
  workflowId: string,
  runId: string | undefined,
  pacing: Pacing,
  startedAt: number,
  error: RpcCallError | NamespaceNotFoundError,
  callerDeadline: boolean
): Effect.Effect<void, RpcCallError | NamespaceNotFoundError | WorkflowNotFoundError> =>
  error._tag !== "RpcError"
    ? Effect.fail(error)
    : afterFailedPoll(
      pacing,
      startedAt,
      error,
      callerDeadline,
      (final): RpcError | WorkflowNotFoundError =>
        final.code === "NOT_FOUND" ? workflowNotFound(context.namespace, workflowId, runId, final) : final
    )

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
  resultSchema: Schema.Codec<unknown, unknown>
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
 * answers, paced), follow the next run when `followRuns`, else answer the
 * outcome.
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
  resultSchema: Schema.Codec<unknown, unknown>,
  followRuns: boolean,
  options: CallOptions
) {
  const pollOptions: CallOptions = { ...options, longPoll: true }
  const pacing = makePacing()
  let runId = startRunId
  let nextPageToken: Uint8Array | undefined = undefined
  while (true) {
    const startedAt = yield* Clock.currentTimeMillis
    const answer: Result.Result<
      temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse,
      RpcCallError | NamespaceNotFoundError
    > = yield* Effect.result(context.call("getWorkflowResult", {
      namespace: context.namespace,
      execution: { workflowId, runId: runId ?? "" },
      waitNewEvent: true,
      historyEventFilterType: closeEventFilter,
      skipArchival: true,
      nextPageToken: nextPageToken ?? null
    }, pollOptions))
    if (Result.isFailure(answer)) {
      yield* afterFailedResultPoll(
        context,
        workflowId,
        runId,
        pacing,
        startedAt,
        answer.failure,
        options.rpcTimeout !== undefined
      )
      continue
    }
    const event: HistoryEvent | undefined = answer.success.history?.events?.[0]
    if (!event) {
      const token: Uint8Array | null | undefined = answer.success.nextPageToken
      nextPageToken = token && token.length > 0 ? token : undefined
      yield* afterEmptyAnswer(pacing, startedAt)
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
  resultSchema: Schema.Codec<A, I>,
  followRuns: boolean,
  options: CallOptions
): Effect.Effect<A, ResultError> =>
  awaitResultLoop(
    context,
    workflowId,
    startRunId,
    resultSchema as Schema.Codec<unknown, unknown>,
    followRuns,
    options
  ) as Effect.Effect<A, ResultError>

const binaryNull = new TextEncoder().encode("binary/null")

const completedStage = WorkflowUpdateStageProto.toProto("Completed")

/** The errors of waiting for an update's outcome. */
export type UpdateOutcomeError = WorkflowUpdateHandle.WorkflowUpdateResultError

/**
 * Decode an update outcome: its result, or a `WorkflowUpdateFailedError`.
 *
 * @internal
 */
export const decodeUpdateOutcome = <A, I>(
  context: ClientContext,
  outcome: temporal.api.update.v1.IOutcome,
  ids: { readonly workflowId: string; readonly updateId: string; readonly updateName: string },
  resultSchema: Schema.Codec<A, I>
): Effect.Effect<A, UpdateOutcomeError> =>
  Effect.gen(function*() {
    if (outcome.failure) {
      const cause = yield* context.dataConverter.fromFailure(outcome.failure)
      return yield* new WorkflowUpdateFailedError({ ...ids, cause })
    }
    const payload = outcome.success?.payloads?.[0]
    return yield* context.dataConverter.fromPayload(payload ?? { metadata: { encoding: binaryNull } }, resultSchema)
  })

/** The errors of polling an update until it has an outcome. */
type PollUpdateError =
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowUpdateNotFoundError
  | WorkflowNotFoundError
  | NamespaceNotFoundError
  | RpcCallError

/**
 * After an update poll failed: poll again (see `afterFailedPoll`), or fail:
 * NOT_FOUND as `WorkflowUpdateNotFoundError` or `WorkflowNotFoundError`, the
 * caller's deadline as `WorkflowUpdateRpcTimeoutOrCancelledError`, the rest
 * as it is.
 */
const afterFailedUpdatePoll = (
  ids: {
    readonly namespace: string
    readonly workflowId: string
    readonly runId: string | undefined
    readonly updateId: string
  },
  pacing: Pacing,
  startedAt: number,
  error: RpcCallError | NamespaceNotFoundError,
  callerDeadline: boolean
): Effect.Effect<void, PollUpdateError> =>
  error._tag !== "RpcError"
    ? Effect.fail(error)
    : afterFailedPoll(pacing, startedAt, error, callerDeadline, (final): PollUpdateError =>
      final.code === "NOT_FOUND"
        ? updateNotFound(ids, final)
        : final.code === "DEADLINE_EXCEEDED"
        ? new WorkflowUpdateRpcTimeoutOrCancelledError({
          workflowId: ids.workflowId,
          updateId: ids.updateId,
          cause: final
        })
        : final)

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
  const ids = { namespace: context.namespace, workflowId, runId, updateId }
  const pacing = makePacing()
  while (true) {
    const startedAt = yield* Clock.currentTimeMillis
    const answer: Result.Result<
      temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateResponse,
      RpcCallError | NamespaceNotFoundError
    > = yield* Effect.result(context.call("pollWorkflowUpdate", request, pollOptions))
    if (Result.isFailure(answer)) {
      yield* afterFailedUpdatePoll(ids, pacing, startedAt, answer.failure, options.rpcTimeout !== undefined)
      continue
    }
    if (answer.success.outcome) return answer.success.outcome
    yield* afterEmptyAnswer(pacing, startedAt)
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
): Effect.Effect<temporal.api.update.v1.IOutcome, PollUpdateError> =>
  awaitUpdateOutcomeLoop(context, workflowId, runId, updateId, options)
