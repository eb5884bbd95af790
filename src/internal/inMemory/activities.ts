/**
 * Async activities of the in-memory Temporal: `ctx.asyncActivity` leaves an
 * activity pending until a client answers it by task token or by workflow
 * and activity ID, or it times out on the `Clock`.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FakeConnection from "../../testing/FakeConnection.js"
import type { AsyncActivityOptions, WorkflowFailure } from "../../testing/InMemoryTemporal.js"
import { enumValues, serverFailure, timestamp } from "./protocol.js"
import {
  type ActivityOutcome,
  forkInRun,
  interruptFork,
  latest,
  type PendingActivity,
  type Run,
  type Server,
  settle,
  waiting
} from "./state.js"

type Payloads = temporal.api.common.v1.IPayloads | null | undefined

/** A task token (or conflict token) as a map key. */
export const tokenKey = (token: Uint8Array | null | undefined) =>
  Buffer.from(token ?? new Uint8Array(0)).toString("hex")

const activityNotFound = () =>
  FakeConnection.notFound("invalid activityID or activity already timed out or invoking workflow is completed")

/** End a pending activity with `outcome`; it is no longer found by token or ID. */
export const resolveActivity = (server: Server, pending: PendingActivity, outcome: ActivityOutcome) =>
  Effect.gen(function*() {
    server.tokens.delete(pending.key)
    if (pending.run.activities.get(pending.activityId) === pending) {
      pending.run.activities.delete(pending.activityId)
    }
    yield* Deferred.succeed(pending.outcome, outcome)
  })

/** End every pending activity when the current scope closes, so no workflow fiber waits on one then. */
export const closeActivitiesOnExit = (server: Server) =>
  Effect.addFinalizer(() =>
    Effect.suspend(() =>
      Effect.forEach([...server.tokens.values()], (pending) => resolveActivity(server, pending, { _tag: "Closed" }), {
        discard: true
      })
    )
  )

/** How a request names an activity: by task token, or by workflow (and run) and activity ID. */
export interface ActivityRef {
  workflowId?: string | null
  runId?: string | null
  activityId?: string | null
  taskToken?: Uint8Array | null
}

const findActivity = (server: Server, request: ActivityRef) =>
  Effect.suspend(() => {
    let pending: PendingActivity | undefined
    if (request.taskToken && request.taskToken.length > 0) {
      pending = server.tokens.get(tokenKey(request.taskToken))
    } else {
      const workflowId = request.workflowId ?? ""
      const run = request.runId
        ? server.byId.get(workflowId)?.find((r) => r.runId === request.runId)
        : latest(server, workflowId)
      pending = run?.activities.get(request.activityId ?? "")
    }
    return pending !== undefined && pending.run.status === "Running"
      ? Effect.succeed(pending)
      : Effect.fail(activityNotFound())
  })

/** `RecordActivityTaskHeartbeat(ById)`. */
export const heartbeatActivity = (server: Server, request: { details?: Payloads } & ActivityRef) =>
  Effect.gen(function*() {
    const pending = yield* findActivity(server, request)
    if (request.details) pending.heartbeatDetails = [...(request.details.payloads ?? [])]
    pending.lastHeartbeatTime = yield* Clock.currentTimeMillis
    return { cancelRequested: pending.cancelRequested, activityPaused: false, activityReset: false }
  })

/** `RespondActivityTaskCompleted(ById)`. */
export const completeActivity = (server: Server, request: { result?: Payloads } & ActivityRef) =>
  Effect.gen(function*() {
    const pending = yield* findActivity(server, request)
    yield* resolveActivity(server, pending, { _tag: "Completed", result: [...(request.result?.payloads ?? [])] })
    yield* settle(pending.run)
    return {}
  })

/** `RespondActivityTaskFailed(ById)`. */
export const failActivity = (
  server: Server,
  request: { failure?: temporal.api.failure.v1.IFailure | null; lastHeartbeatDetails?: Payloads } & ActivityRef
) =>
  Effect.gen(function*() {
    const pending = yield* findActivity(server, request)
    if (request.lastHeartbeatDetails) pending.heartbeatDetails = [...(request.lastHeartbeatDetails.payloads ?? [])]
    yield* resolveActivity(server, pending, { _tag: "Failed", failure: request.failure ?? { message: "" } })
    yield* settle(pending.run)
    return { failures: [] }
  })

/** `RespondActivityTaskCanceled(ById)`: only once the cancellation was asked for, as on the server. */
export const cancelActivity = (server: Server, request: { details?: Payloads } & ActivityRef) =>
  Effect.gen(function*() {
    const pending = yield* findActivity(server, request)
    if (!pending.cancelRequested) {
      return yield* Effect.fail(
        FakeConnection.status(
          "INVALID_ARGUMENT",
          "unable to mark activity as canceled without activity being request canceled first"
        )
      )
    }
    yield* resolveActivity(server, pending, { _tag: "Canceled", details: [...(request.details?.payloads ?? [])] })
    yield* settle(pending.run)
    return {}
  })

/** The failure the workflow sees: an `ActivityFailure` caused by what happened to the activity. */
const activityFailure = (
  server: Server,
  pending: PendingActivity,
  cause: temporal.api.failure.v1.IFailure,
  retryState: string
) =>
  Effect.flatMap(
    server.dataConverter.fromFailure({
      message: "Activity task failed",
      source: "in-memory",
      activityFailureInfo: {
        activityType: { name: pending.activityType },
        activityId: pending.activityId,
        identity: "in-memory",
        retryState: enumValues("temporal.api.enums.v1.RetryState")[`RETRY_STATE_${retryState}`] ?? 0
      },
      cause
    }).pipe(Effect.orDie),
    Effect.fail
  )

const newPending = (server: Server, run: Run, activityId: string, options: AsyncActivityOptions) =>
  Effect.gen(function*() {
    const taskToken = new TextEncoder().encode(JSON.stringify({
      namespace: server.namespace,
      workflowId: run.workflowId,
      runId: run.runId,
      activityId,
      sequence: ++server.tokenSequence
    }))
    const pending: PendingActivity = {
      run,
      activityId,
      activityType: options.activityType ?? activityId,
      taskToken,
      key: tokenKey(taskToken),
      scheduledTime: yield* Clock.currentTimeMillis,
      heartbeatTimeout: options.heartbeatTimeout !== undefined ? Duration.toMillis(options.heartbeatTimeout) : 0,
      startToCloseTimeout: options.startToCloseTimeout !== undefined
        ? Duration.toMillis(options.startToCloseTimeout)
        : 0,
      heartbeatDetails: undefined,
      lastHeartbeatTime: undefined,
      cancelRequested: run.cancelRequested,
      outcome: yield* Deferred.make<ActivityOutcome>()
    }
    run.activities.set(activityId, pending)
    server.tokens.set(pending.key, pending)
    return pending
  })

/** Time the activity out on the `Clock`: heartbeat and start-to-close timeouts. */
const watchdog = (server: Server, pending: PendingActivity) =>
  Effect.gen(function*() {
    while (true) {
      const deadlines: Array<readonly [number, string]> = []
      if (pending.startToCloseTimeout > 0) {
        deadlines.push([pending.scheduledTime + pending.startToCloseTimeout, "START_TO_CLOSE"])
      }
      if (pending.heartbeatTimeout > 0) {
        deadlines.push([(pending.lastHeartbeatTime ?? pending.scheduledTime) + pending.heartbeatTimeout, "HEARTBEAT"])
      }
      const [deadline, timeoutType] = deadlines.reduce((a, b) => (b[0] < a[0] ? b : a))
      const current = yield* Clock.currentTimeMillis
      if (current >= deadline) {
        return yield* resolveActivity(server, pending, { _tag: "TimedOut", timeoutType })
      }
      yield* Effect.sleep(Duration.millis(deadline - current))
    }
  })

/** Wait for the activity's outcome; on the workflow's cancellation, as its cancellation type says. */
const awaitOutcome = (
  pending: PendingActivity,
  options: AsyncActivityOptions,
  timer: Fiber.Fiber<void> | undefined
) => {
  const askCancel = Effect.sync(() => void (pending.cancelRequested = true))
  const wait = waiting(pending.run, Deferred.await(pending.outcome))
  return (options.cancellationType === "TryCancel"
    ? Effect.onInterrupt(wait, () => askCancel)
    : Effect.onInterrupt(
      wait,
      // WAIT_CANCELLATION_COMPLETED: the cancellation waits for the activity's answer
      () => Effect.andThen(askCancel, waiting(pending.run, Deferred.await(pending.outcome)))
    )).pipe(Effect.ensuring(interruptFork(timer)))
}

/** What the workflow gets from the activity's outcome. */
const outcomeResult = (
  server: Server,
  pending: PendingActivity,
  outcome: ActivityOutcome
): Effect.Effect<unknown, WorkflowFailure> => {
  switch (outcome._tag) {
    case "Completed":
      return Effect.map(server.dataConverter.fromPayloads(outcome.result).pipe(Effect.orDie), ([value]) => value)
    case "Failed":
      return activityFailure(
        server,
        pending,
        outcome.failure,
        outcome.failure.applicationFailureInfo?.nonRetryable ? "NON_RETRYABLE_FAILURE" : "MAXIMUM_ATTEMPTS_REACHED"
      )
    case "Canceled":
      return activityFailure(server, pending, {
        message: "Activity cancelled",
        source: "in-memory",
        canceledFailureInfo: { details: { payloads: [...outcome.details] } }
      }, "CANCEL_REQUESTED")
    case "TimedOut":
      return activityFailure(server, pending, {
        message: `activity ${outcome.timeoutType === "HEARTBEAT" ? "Heartbeat" : "StartToClose"} timeout`,
        source: "in-memory",
        timeoutFailureInfo: {
          timeoutType: enumValues("temporal.api.enums.v1.TimeoutType")[`TIMEOUT_TYPE_${outcome.timeoutType}`] ?? 0,
          ...(pending.heartbeatDetails ? { lastHeartbeatDetails: { payloads: [...pending.heartbeatDetails] } } : {})
        }
      }, "TIMEOUT")
    case "Closed":
      return Effect.interrupt
  }
}

/** `ctx.asyncActivity`: run an activity that a client completes. */
export const runAsyncActivity = (server: Server, run: Run, activityId: string, options: AsyncActivityOptions) =>
  Effect.gen(function*() {
    if (run.activities.has(activityId)) {
      return yield* Effect.fail(
        serverFailure(`An activity with ID "${activityId}" is already pending in this run`, "DuplicateActivityId")
      )
    }
    const pending = yield* newPending(server, run, activityId, options)
    const timer = pending.heartbeatTimeout > 0 || pending.startToCloseTimeout > 0
      ? yield* forkInRun(run, watchdog(server, pending))
      : undefined
    if (options.start !== undefined) {
      yield* options.start({
        taskToken: pending.taskToken,
        activityId,
        heartbeat: (...details) =>
          Effect.gen(function*() {
            pending.heartbeatDetails = [...(yield* server.dataConverter.toPayloads(details).pipe(Effect.orDie))]
            pending.lastHeartbeatTime = yield* Clock.currentTimeMillis
          })
      })
    }
    const outcome = yield* awaitOutcome(pending, options, timer)
    return yield* outcomeResult(server, pending, outcome)
  })

/** A pending activity as describe lists it. */
export const pendingActivityInfo = (pending: PendingActivity): temporal.api.workflow.v1.IPendingActivityInfo => ({
  activityId: pending.activityId,
  activityType: { name: pending.activityType },
  state: enumValues("temporal.api.enums.v1.PendingActivityState")[
    pending.cancelRequested ? "PENDING_ACTIVITY_STATE_CANCEL_REQUESTED" : "PENDING_ACTIVITY_STATE_STARTED"
  ] ?? 0,
  ...(pending.heartbeatDetails ? { heartbeatDetails: { payloads: [...pending.heartbeatDetails] } } : {}),
  ...(pending.lastHeartbeatTime !== undefined ? { lastHeartbeatTime: timestamp(pending.lastHeartbeatTime) } : {}),
  lastStartedTime: timestamp(pending.scheduledTime),
  scheduledTime: timestamp(pending.scheduledTime),
  attempt: 1,
  maximumAttempts: 1,
  lastWorkerIdentity: "in-memory"
})
