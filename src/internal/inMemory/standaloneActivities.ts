/**
 * Standalone activities of the in-memory Temporal: activities registered as
 * Effect functions, started by the client without a workflow, run as fibers
 * on the `Clock`, with ID policies, retries, timeouts, heartbeats,
 * cancellation, termination, pause, options updates, describe, list and
 * count.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import { updatableFieldPaths } from "../../schema/ActivityOptions.js"
import { ApplicationFailure, TimeoutFailure } from "../../schema/Failure.js"
import * as FakeConnection from "../../testing/FakeConnection.js"
import type { ActivityContext } from "../../testing/InMemoryTemporal/standaloneFunctions.js"
import * as Enums from "../proto/enums.js"
import { startOver } from "./idPolicies.js"
import { durationMillis, type Handlers, longPollWindow, serverFailure, timestamp } from "./protocol.js"
import {
  addRun,
  forkInRun,
  freshExecution,
  interruptFork,
  type Server,
  settle,
  signalChange,
  type StandaloneActivity,
  type StandaloneStatus
} from "./state.js"
import { countAnswer, queryMatcher } from "./visibility.js"

type ActivityRequest = { activityId?: string | null; runId?: string | null }

const latestOf = (server: Server, activityId: string) => {
  const runs = server.standaloneActivities.get(activityId)
  return runs?.[runs.length - 1]
}

const notFound = (activityId: string, runId?: string | null) =>
  FakeConnection.notFound(
    `activity execution not found for activity ID "${activityId}"${runId ? ` and run ID "${runId}"` : ""}`
  )

/** The activity a request names (its latest run without a run ID), or NOT_FOUND. */
const findActivity = (server: Server, request: ActivityRequest) =>
  Effect.suspend(() => {
    const activityId = request.activityId ?? ""
    const entry = request.runId
      ? server.standaloneActivities.get(activityId)?.find((a) => a.runId === request.runId)
      : latestOf(server, activityId)
    return entry ? Effect.succeed(entry) : Effect.fail(notFound(activityId, request.runId))
  })

const isOpen = (entry: StandaloneActivity) => entry.status === "Running" || entry.status === "Paused"

/** Wake every description long poll. */
const changed = signalChange

const retryStates = {
  NON_RETRYABLE_FAILURE: Enums.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
  MAXIMUM_ATTEMPTS_REACHED: Enums.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
  TIMEOUT: Enums.RetryState.RETRY_STATE_TIMEOUT,
  CANCEL_REQUESTED: Enums.RetryState.RETRY_STATE_CANCEL_REQUESTED
}

/** Close an open activity with `status` and its outcome; its fibers end. */
const close = (
  entry: StandaloneActivity,
  status: Exclude<StandaloneStatus, "Running" | "Paused">,
  outcome: temporal.api.activity.v1.IActivityExecutionOutcome
) =>
  Effect.gen(function*() {
    if (!isOpen(entry)) return
    entry.status = status
    entry.runState = undefined
    entry.outcome = outcome
    entry.closeTime = yield* Clock.currentTimeMillis
    yield* Deferred.succeed(entry.closed, undefined)
    yield* changed(entry)
    yield* Effect.forkDetach(Scope.close(entry.scope, Exit.void))
  })

const failureOf = (server: Server, error: unknown) => server.dataConverter.toFailure(error).pipe(Effect.orDie)

/** The backoff before attempt `attempt + 1`, by the retry policy (the server's defaults when unset). */
const backoffMillis = (policy: temporal.api.common.v1.IRetryPolicy | null | undefined, attempt: number) => {
  const initial = durationMillis(policy?.initialInterval) || 1_000
  const coefficient = policy?.backoffCoefficient || 2
  const maximum = durationMillis(policy?.maximumInterval) || initial * 100
  return Math.min(initial * Math.pow(coefficient, attempt - 1), maximum)
}

/** Whether a failed attempt is retried: a retryable failure, attempts left, and not a non-retryable type. */
const retries = (entry: StandaloneActivity, error: unknown) => {
  const policy = entry.options.retryPolicy
  const maximum = policy?.maximumAttempts ?? 0
  if (error instanceof ApplicationFailure) {
    if (error.nonRetryable) return "NON_RETRYABLE_FAILURE" as const
    if ((policy?.nonRetryableErrorTypes ?? []).includes(error.type ?? "")) return "NON_RETRYABLE_FAILURE" as const
  }
  return maximum > 0 && entry.attempt >= maximum ? "MAXIMUM_ATTEMPTS_REACHED" as const : undefined
}

/** One attempt after another until one completes, a failure is final, or the fiber is interrupted. */
const runAttempts = (server: Server, entry: StandaloneActivity): Effect.Effect<void> =>
  Effect.gen(function*() {
    while (true) {
      entry.runState = "Started"
      entry.lastStartedTime = yield* Clock.currentTimeMillis
      yield* changed(entry)
      const fn = server.options.activities?.[entry.activityType]
      const args = yield* server.dataConverter.fromPayloads(entry.input).pipe(Effect.orDie)
      const details = entry.heartbeatDetails === undefined
        ? undefined
        : yield* server.dataConverter.fromPayloads(entry.heartbeatDetails).pipe(Effect.orDie)
      const context: ActivityContext = {
        info: {
          activityId: entry.activityId,
          runId: entry.runId,
          activityType: entry.activityType,
          taskQueue: entry.startRequest.taskQueue?.name ?? "",
          namespace: server.namespace,
          attempt: entry.attempt,
          heartbeatDetails: details
        },
        heartbeat: (...values) =>
          Effect.gen(function*() {
            entry.heartbeatDetails = yield* server.dataConverter.toPayloads(values).pipe(Effect.orDie)
            entry.lastHeartbeatTime = yield* Clock.currentTimeMillis
            entry.totalHeartbeats++
            yield* changed(entry)
          }),
        sleep: (duration) => Effect.sleep(duration)
      }
      const body = fn === undefined
        ? Effect.fail(
          serverFailure(`No activity function registered for type ${entry.activityType}`, "ActivityNotRegistered")
        )
        : fn(args, context)
      const startToClose = durationMillis(entry.options.startToCloseTimeout)
      const timed = startToClose > 0
        ? Effect.flatMap(Effect.timeoutOption(body, Duration.millis(startToClose)), (result) =>
          Option.match(result, {
            onNone: () =>
              Effect.fail(
                new TimeoutFailure({
                  message: "activity StartToClose timeout",
                  timeoutType: "TIMEOUT_TYPE_START_TO_CLOSE"
                })
              ),
            onSome: Effect.succeed
          }))
        : body
      const exit = yield* Effect.exit(timed)
      entry.lastAttemptCompleteTime = yield* Clock.currentTimeMillis
      if (Exit.isSuccess(exit)) {
        const result = yield* server.dataConverter.toPayloads([exit.value]).pipe(Effect.orDie)
        return yield* close(entry, "Completed", { result: { payloads: result } })
      }
      if (Cause.hasInterruptsOnly(exit.cause)) return
      const error = Option.getOrElse(
        Cause.findErrorOption(exit.cause),
        () => serverFailure(`Activity code died: ${Cause.pretty(exit.cause)}`, "Defect")
      )
      const failure = yield* failureOf(server, error)
      entry.lastFailure = failure
      const final = retries(entry, error)
      if (final !== undefined) {
        return yield* close(entry, "Failed", { failure, retryState: retryStates[final] })
      }
      entry.runState = "Scheduled"
      yield* changed(entry)
      yield* Effect.sleep(Duration.millis(backoffMillis(entry.options.retryPolicy, entry.attempt)))
      entry.attempt++
    }
  })

/** Start (or restart, after an unpause) the attempts, after `delayMillis` on the `Clock`. */
const startAttempts = (server: Server, entry: StandaloneActivity, delayMillis: number) =>
  Effect.gen(function*() {
    entry.runState = "Scheduled"
    const body = delayMillis > 0
      ? Effect.andThen(Effect.sleep(Duration.millis(delayMillis)), runAttempts(server, entry))
      : runAttempts(server, entry)
    entry.attemptFiber = yield* forkInRun(entry, body)
    yield* settle(entry)
  })

/** Stop the attempt in progress (and the wait before the next). */
const stopAttempts = (entry: StandaloneActivity) =>
  Effect.andThen(interruptFork(entry.attemptFiber), Effect.sync(() => void (entry.attemptFiber = undefined)))

/** The schedule-to-close timeout: the activity times out this long after it was scheduled, whatever the attempt. */
const scheduleToCloseTimer = (server: Server, entry: StandaloneActivity) => {
  const millis = durationMillis(entry.options.scheduleToCloseTimeout)
  if (millis <= 0) return Effect.void
  return Effect.asVoid(forkInRun(
    entry,
    Effect.gen(function*() {
      yield* Effect.sleep(Duration.millis(millis))
      yield* stopAttempts(entry)
      const failure = yield* failureOf(
        server,
        new TimeoutFailure({
          message: "activity ScheduleToClose timeout",
          timeoutType: "TIMEOUT_TYPE_SCHEDULE_TO_CLOSE"
        })
      )
      yield* close(entry, "TimedOut", { failure, retryState: retryStates.TIMEOUT })
    })
  ))
}

const alreadyStarted = (existing: StandaloneActivity) =>
  FakeConnection.status("ALREADY_EXISTS", `activity execution already started: ${existing.activityId}`, [
    {
      typeName: "temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure",
      value: { startRequestId: existing.requestId, runId: existing.runId }
    }
  ])

const invalid = (message: string) => FakeConnection.status("INVALID_ARGUMENT", message)

/** `StartActivityExecution`: ID reuse and conflict policies, request-ID idempotency, then the first attempt. */
const startActivity = (server: Server, request: temporal.api.workflowservice.v1.IStartActivityExecutionRequest) =>
  Effect.gen(function*() {
    const activityId = request.activityId ?? ""
    if (activityId === "") return yield* Effect.fail(invalid("ActivityId is not set on request."))
    if (!request.activityType?.name) return yield* Effect.fail(invalid("ActivityType is not set on request."))
    if (!request.taskQueue?.name) return yield* Effect.fail(invalid("TaskQueue is not set on request."))
    if (
      durationMillis(request.scheduleToCloseTimeout) <= 0 && durationMillis(request.startToCloseTimeout) <= 0
    ) {
      return yield* Effect.fail(invalid("A valid StartToClose or ScheduleToCloseTimeout is not set on request."))
    }
    const existing = latestOf(server, activityId)
    const answer = yield* startOver(existing, request, () => alreadyStarted(existing!))
    if (answer !== undefined) return answer
    const now = yield* Clock.currentTimeMillis
    const entry: StandaloneActivity = {
      activityId,
      runId: crypto.randomUUID(),
      activityType: request.activityType.name,
      requestId: request.requestId ?? "",
      input: request.input?.payloads ?? [],
      startRequest: request,
      options: optionsOfStart(request),
      status: "Running",
      runState: "Scheduled",
      scheduleTime: now,
      closeTime: undefined,
      attempt: 1,
      heartbeatDetails: undefined,
      lastHeartbeatTime: undefined,
      lastStartedTime: undefined,
      lastAttemptCompleteTime: undefined,
      totalHeartbeats: 0,
      lastFailure: undefined,
      canceledReason: undefined,
      outcome: undefined,
      attemptFiber: undefined,
      ...(yield* freshExecution(server))
    }
    addRun(server.standaloneActivities, activityId, entry)
    yield* scheduleToCloseTimer(server, entry)
    yield* startAttempts(server, entry, durationMillis(request.startDelay))
    return { runId: entry.runId, started: true }
  })

const optionsOfStart = (
  request: temporal.api.workflowservice.v1.IStartActivityExecutionRequest
): temporal.api.activity.v1.IActivityOptions => ({
  taskQueue: request.taskQueue ?? null,
  scheduleToCloseTimeout: request.scheduleToCloseTimeout ?? null,
  scheduleToStartTimeout: request.scheduleToStartTimeout ?? null,
  startToCloseTimeout: request.startToCloseTimeout ?? null,
  heartbeatTimeout: request.heartbeatTimeout ?? null,
  retryPolicy: request.retryPolicy ?? null,
  priority: request.priority ?? null,
  startDelay: request.startDelay ?? null
})

const statusNumbers: Record<StandaloneStatus, number> = {
  Running: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_RUNNING,
  Completed: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_COMPLETED,
  Failed: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_FAILED,
  Canceled: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_CANCELED,
  Terminated: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TERMINATED,
  TimedOut: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TIMED_OUT,
  Paused: Enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_PAUSED
}

const runStateNumbers = {
  Scheduled: Enums.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
  Started: Enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
  CancelRequested: Enums.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED,
  Paused: Enums.PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED
} as const

const optionalTime = (millis: number | undefined) => millis === undefined ? null : timestamp(millis)

/** An activity as list shows it. */
const listInfo = (entry: StandaloneActivity): temporal.api.activity.v1.IActivityExecutionListInfo => ({
  activityId: entry.activityId,
  runId: entry.runId,
  activityType: { name: entry.activityType },
  scheduleTime: timestamp(entry.scheduleTime),
  closeTime: optionalTime(entry.closeTime),
  status: statusNumbers[entry.status],
  searchAttributes: entry.startRequest.searchAttributes ?? null,
  taskQueue: entry.options.taskQueue?.name ?? "",
  executionTime: timestamp(entry.scheduleTime + durationMillis(entry.startRequest.startDelay))
})

/** `DescribeActivityExecution`, with its include flags and its long poll. */
const describeActivity = (
  server: Server,
  request: temporal.api.workflowservice.v1.IDescribeActivityExecutionRequest
) =>
  Effect.gen(function*() {
    const entry = yield* findActivity(server, request)
    if (request.longPollToken && request.longPollToken.length > 0) {
      yield* Effect.timeoutOption(Deferred.await(entry.changed), longPollWindow)
    }
    const info: temporal.api.activity.v1.IActivityExecutionInfo = {
      ...listInfo(entry),
      ...entry.options,
      taskQueue: entry.options.taskQueue?.name ?? "",
      runState: entry.runState === undefined ? 0 : runStateNumbers[entry.runState],
      attempt: entry.attempt,
      lastHeartbeatTime: optionalTime(entry.lastHeartbeatTime),
      lastStartedTime: optionalTime(entry.lastStartedTime),
      lastAttemptCompleteTime: optionalTime(entry.lastAttemptCompleteTime),
      totalHeartbeatCount: entry.totalHeartbeats as never,
      userMetadata: entry.startRequest.userMetadata ?? null,
      canceledReason: entry.canceledReason ?? "",
      lastWorkerIdentity: "in-memory-worker",
      ...(request.includeHeartbeatDetails && entry.heartbeatDetails
        ? { heartbeatDetails: { payloads: [...entry.heartbeatDetails] } }
        : {}),
      ...(request.includeLastFailure && entry.lastFailure ? { lastFailure: entry.lastFailure } : {})
    }
    return {
      runId: entry.runId,
      info,
      ...(request.includeInput ? { input: { payloads: [...entry.input] } } : {}),
      ...(request.includeOutcome && entry.outcome ? { outcome: entry.outcome } : {}),
      longPollToken: new TextEncoder().encode(entry.runId)
    }
  })

/** A request's activity if it is open; a closed one answers as the server does. */
const findOpen = (server: Server, request: ActivityRequest) =>
  Effect.filterOrFail(
    findActivity(server, request),
    isOpen,
    (entry) => FakeConnection.status("FAILED_PRECONDITION", `activity ${entry.activityId} is already closed`)
  )

const updateOptions = (
  server: Server,
  request: temporal.api.workflowservice.v1.IUpdateActivityExecutionOptionsRequest
) =>
  Effect.gen(function*() {
    const entry = yield* findOpen(server, request)
    if (request.restoreOriginal) {
      entry.options = optionsOfStart(entry.startRequest)
    } else {
      const paths = new Set(request.updateMask?.paths ?? [])
      const given = request.activityOptions ?? {}
      const next: temporal.api.activity.v1.IActivityOptions = { ...entry.options }
      for (const [field, path] of Object.entries(updatableFieldPaths)) {
        if (!paths.has(path)) continue
        const key = field as keyof typeof updatableFieldPaths
        ;(next as Record<string, unknown>)[key] = (given as Record<string, unknown>)[key] ?? null
      }
      entry.options = next
    }
    yield* changed(entry)
    return { activityOptions: entry.options }
  })

const activityFields: Readonly<Record<string, (entry: StandaloneActivity) => string>> = {
  ActivityType: (entry) => entry.activityType,
  ActivityId: (entry) => entry.activityId,
  ExecutionStatus: (entry) => entry.status,
  TaskQueue: (entry) => entry.options.taskQueue?.name ?? "",
  RunId: (entry) => entry.runId
}

const allActivities = (server: Server) => [...server.standaloneActivities.values()].flat()

/** End every open standalone activity when the server's scope closes. */
export const closeStandaloneOnExit = (server: Server) =>
  Effect.addFinalizer(() => Effect.forEach(allActivities(server), (entry) => stopAttempts(entry), { discard: true }))

/** The standalone activity RPCs of the in-memory server. */
export const standaloneActivityHandlers = (server: Server): Handlers => ({
  startActivityExecution: (request) => startActivity(server, request),
  pollActivityExecution: (request) =>
    Effect.gen(function*() {
      const entry = yield* findActivity(server, request)
      if (isOpen(entry)) yield* Effect.timeoutOption(Deferred.await(entry.closed), longPollWindow)
      return { runId: entry.runId, ...(entry.outcome ? { outcome: entry.outcome } : {}) }
    }),
  describeActivityExecution: (request) => describeActivity(server, request),
  // As the server: asking a closed activity to cancel succeeds and does nothing.
  requestCancelActivityExecution: (request) =>
    Effect.gen(function*() {
      const entry = yield* findActivity(server, request)
      if (!isOpen(entry)) return {}
      entry.canceledReason = request.reason ?? ""
      yield* stopAttempts(entry)
      yield* close(entry, "Canceled", {
        failure: { message: "Activity canceled", source: "in-memory", canceledFailureInfo: {} },
        retryState: retryStates.CANCEL_REQUESTED
      })
      return {}
    }),
  terminateActivityExecution: (request) =>
    Effect.gen(function*() {
      const entry = yield* findOpen(server, request)
      yield* stopAttempts(entry)
      yield* close(entry, "Terminated", {
        failure: {
          message: request.reason || "Activity terminated",
          source: "in-memory",
          terminatedFailureInfo: { identity: request.identity ?? "" }
        },
        retryState: retryStates.NON_RETRYABLE_FAILURE
      })
      return {}
    }),
  pauseActivityExecution: (request) =>
    Effect.gen(function*() {
      const entry = yield* findOpen(server, request)
      if (entry.status === "Paused") return {}
      yield* stopAttempts(entry)
      entry.status = "Paused"
      entry.runState = "Paused"
      yield* changed(entry)
      return {}
    }),
  unpauseActivityExecution: (request) =>
    Effect.gen(function*() {
      const entry = yield* findOpen(server, request)
      if (entry.status !== "Paused") return {}
      entry.status = "Running"
      entry.attempt++
      // The jitter is not applied: the next attempt starts at once.
      yield* startAttempts(server, entry, 0)
      return {}
    }),
  updateActivityExecutionOptions: (request) => updateOptions(server, request),
  listActivityExecutions: (request) =>
    Effect.map(queryMatcher(request.query ?? "", activityFields), ({ match }) => ({
      executions: allActivities(server).filter(match).reverse().map(listInfo)
    })),
  countActivityExecutions: (request) =>
    Effect.map(
      queryMatcher(request.query ?? "", activityFields),
      ({ groupByStatus, match }) =>
        countAnswer(allActivities(server).filter(match), groupByStatus, (entry) => entry.status)
    )
})
