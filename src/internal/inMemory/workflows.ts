/**
 * The workflow engine of the in-memory Temporal: runs as fibers, their
 * start (with ID reuse and conflict policies), signals, cancellation,
 * termination, timeouts, continue-as-new and how a run closes.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import { CanceledFailure } from "../../schema/Failure.js"
import * as FakeConnection from "../../testing/FakeConnection.js"
import type { WorkflowContext, WorkflowFailure } from "../../testing/InMemoryTemporal.js"
import { makeRequestId } from "../requestId.js"
import { resolveActivity, runAsyncActivity } from "./activities.js"
import {
  conflictPolicies,
  durationMillis,
  enumValues,
  eventType,
  type NewEvent,
  type Payload,
  reusePolicies,
  serverFailure,
  type StartRequest,
  type Status
} from "./protocol.js"
import {
  addEvent,
  bump,
  ContinueAsNew,
  forkInRun,
  interruptFork,
  latest,
  mainFiber,
  type Run,
  type Server,
  settle,
  waiting
} from "./state.js"

/** A signal sent with a start. */
export interface StartSignal {
  readonly name: string
  readonly input: ReadonlyArray<Payload>
}

/** An error as a failure proto, through the data converter. */
export const failureOf = (server: Server, error: unknown) => server.dataConverter.toFailure(error).pipe(Effect.orDie)

/** The failure of a run (or handler) that died. */
export const defectFailure = (cause: Cause.Cause<unknown>) =>
  serverFailure(`Workflow code died: ${Cause.pretty(cause)}`, "Defect")

/** Close a running run: its status, close event, pending activities and updates, and its scope. */
const close = (server: Server, run: Run, status: Status, event: NewEvent) =>
  Effect.gen(function*() {
    if (run.status !== "Running") return
    run.status = status
    run.closeTime = yield* Clock.currentTimeMillis
    yield* addEvent(run, event)
    run.closeEvent = run.events[run.events.length - 1]
    for (const pending of [...run.activities.values()]) yield* resolveActivity(server, pending, { _tag: "Closed" })
    for (const update of run.updates.values()) {
      if (!(yield* Deferred.isDone(update.outcome))) {
        const failure = yield* failureOf(
          server,
          serverFailure("The workflow closed before the update completed", "WorkflowClosed")
        )
        yield* Deferred.succeed(update.outcome, { failure })
      }
    }
    yield* Deferred.succeed(run.closed, undefined)
    yield* bump(run)
    yield* Effect.forkDetach(Scope.close(run.scope, Exit.void))
  })

const terminate = (server: Server, run: Run, reason: string, identity: string) =>
  close(server, run, "Terminated", {
    eventType: eventType("WORKFLOW_EXECUTION_TERMINATED"),
    workflowExecutionTerminatedEventAttributes: { reason, identity }
  })

const continueAsNew = (server: Server, run: Run, next: ContinueAsNew) =>
  Effect.gen(function*() {
    const input = yield* server.dataConverter.toPayloads(next.args).pipe(Effect.orDie)
    const nextRun = yield* startRun(
      server,
      { ...run.startRequest, input: { payloads: input }, requestId: yield* makeRequestId },
      { firstExecutionRunId: run.firstExecutionRunId, continuedFromRunId: run.runId, signals: [] }
    )
    return yield* close(server, run, "ContinuedAsNew", {
      eventType: eventType("WORKFLOW_EXECUTION_CONTINUED_AS_NEW"),
      workflowExecutionContinuedAsNewEventAttributes: {
        newExecutionRunId: nextRun.runId,
        workflowType: { name: run.workflowType },
        taskQueue: { name: run.taskQueue },
        input: { payloads: input }
      }
    })
  })

/** How the workflow fiber's end closes the run. */
const finish = (server: Server, run: Run, exit: Exit.Exit<unknown, WorkflowFailure>) =>
  Effect.gen(function*() {
    if (run.status !== "Running") return
    if (Exit.isSuccess(exit)) {
      const result = yield* server.dataConverter.toPayload(exit.value).pipe(Effect.orDie)
      return yield* close(server, run, "Completed", {
        eventType: eventType("WORKFLOW_EXECUTION_COMPLETED"),
        workflowExecutionCompletedEventAttributes: { result: { payloads: [result] } }
      })
    }
    const cause = exit.cause
    const defect = Result.getSuccess(Cause.findDefect(cause))
    if (Option.isSome(defect) && defect.value instanceof ContinueAsNew) {
      return yield* continueAsNew(server, run, defect.value)
    }
    const failed = Cause.findErrorOption(cause)
    if (
      run.cancelRequested &&
      (Cause.hasInterruptsOnly(cause) || (Option.isSome(failed) && failed.value instanceof CanceledFailure))
    ) {
      return yield* close(server, run, "Canceled", {
        eventType: eventType("WORKFLOW_EXECUTION_CANCELED"),
        workflowExecutionCanceledEventAttributes: {}
      })
    }
    const failure = yield* failureOf(server, Option.isSome(failed) ? failed.value : defectFailure(cause))
    return yield* close(server, run, "Failed", {
      eventType: eventType("WORKFLOW_EXECUTION_FAILED"),
      workflowExecutionFailedEventAttributes: {
        failure,
        retryState: enumValues("temporal.api.enums.v1.RetryState")["RETRY_STATE_RETRY_POLICY_NOT_SET"] ?? 0
      }
    })
  })

/** Run a signal or update handler, counted for `allHandlersFinished`. */
export const runHandler = <A>(run: Run, effect: Effect.Effect<A, WorkflowFailure>) =>
  Effect.suspend(() => {
    run.runningHandlers++
    return Effect.ensuring(
      effect,
      Effect.suspend(() => {
        run.runningHandlers--
        return bump(run)
      })
    )
  })

/** A failing signal handler fails the workflow, as in the SDKs. */
const failRun = (server: Server, run: Run, cause: Cause.Cause<WorkflowFailure>) =>
  Effect.gen(function*() {
    const main = mainFiber(run)
    yield* finish(server, run, Exit.failCause(cause))
    yield* interruptFork(main)
  })

const deliverSignal = (server: Server, run: Run, name: string, args: ReadonlyArray<unknown>) =>
  Effect.gen(function*() {
    const handler = run.signalHandlers.get(name)
    if (handler) {
      yield* forkInRun(
        run,
        runHandler(run, handler(...args)).pipe(Effect.catchCause((cause) => failRun(server, run, cause)))
      )
    } else {
      const buffer = run.signalBuffer.get(name) ?? []
      buffer.push(args)
      run.signalBuffer.set(name, buffer)
      yield* bump(run)
    }
  })

/** What the workflow function gets. */
const contextOf = (server: Server, run: Run): WorkflowContext => {
  const condition = (predicate: Effect.Effect<boolean>): Effect.Effect<void> =>
    Effect.gen(function*() {
      while (true) {
        const waitFor = run.changed
        if (yield* predicate) return
        yield* waiting(run, Deferred.await(waitFor))
      }
    })
  return {
    info: {
      workflowId: run.workflowId,
      runId: run.runId,
      workflowType: run.workflowType,
      taskQueue: run.taskQueue,
      namespace: server.namespace,
      firstExecutionRunId: run.firstExecutionRunId,
      continuedFromRunId: run.continuedFromRunId,
      attempt: 1
    },
    setSignalHandler: (name, handler) =>
      Effect.gen(function*() {
        run.signalHandlers.set(name, handler)
        const buffered = run.signalBuffer.get(name) ?? []
        run.signalBuffer.delete(name)
        for (const args of buffered) yield* deliverSignal(server, run, name, args)
      }),
    nextSignal: (name) =>
      Effect.gen(function*() {
        yield* condition(Effect.sync(() => (run.signalBuffer.get(name)?.length ?? 0) > 0))
        return run.signalBuffer.get(name)!.shift()! as never
      }),
    setQueryHandler: (name, handler) => Effect.sync(() => void run.queryHandlers.set(name, handler)),
    setUpdateHandler: (name, handler, handlerOptions) =>
      Effect.sync(() => void run.updateHandlers.set(name, { handler, validator: handlerOptions?.validator })),
    condition,
    allHandlersFinished: condition(Effect.sync(() => run.runningHandlers === 0)),
    sleep: (duration) => Effect.sleep(duration),
    continueAsNew: (...args) => Effect.die(new ContinueAsNew(args)),
    cancelRequested: Effect.sync(() => run.cancelRequested),
    asyncActivity: (activityId, activityOptions) =>
      runAsyncActivity(server, run, activityId, activityOptions ?? {}) as Effect.Effect<never, WorkflowFailure>
  }
}

/** Where a new run comes from. */
interface RunOrigin {
  readonly firstExecutionRunId: string | undefined
  readonly continuedFromRunId: string | undefined
  readonly signals: ReadonlyArray<StartSignal>
}

const newRun = (server: Server, request: StartRequest, origin: RunOrigin) =>
  Effect.gen(function*() {
    const runId = yield* makeRequestId
    const run: Run = {
      workflowId: request.workflowId ?? "",
      runId,
      workflowType: request.workflowType?.name ?? "",
      taskQueue: request.taskQueue?.name ?? "",
      firstExecutionRunId: origin.firstExecutionRunId ?? runId,
      continuedFromRunId: origin.continuedFromRunId,
      requestId: request.requestId ?? "",
      startTime: yield* Clock.currentTimeMillis,
      input: request.input?.payloads ?? [],
      memo: request.memo,
      searchAttributes: request.searchAttributes,
      startRequest: request,
      status: "Running",
      closeTime: undefined,
      closeEvent: undefined,
      events: [],
      closed: yield* Deferred.make<void>(),
      scope: yield* Scope.fork(server.runsScope, "sequential"),
      fibers: new Set(),
      blocked: 0,
      signalHandlers: new Map(),
      signalBuffer: new Map(),
      signalRequestIds: new Set(),
      queryHandlers: new Map(),
      updateHandlers: new Map(),
      updates: new Map(),
      runningHandlers: 0,
      cancelRequested: false,
      changed: yield* Deferred.make<void>(),
      activities: new Map()
    }
    const runs = server.byId.get(run.workflowId) ?? []
    runs.push(run)
    server.byId.set(run.workflowId, runs)
    server.all.push(run)
    return run
  })

/** The started event, then the signals sent with the start (buffered for the workflow). */
const startHistory = (server: Server, run: Run, request: StartRequest, signals: ReadonlyArray<StartSignal>) =>
  Effect.gen(function*() {
    yield* addEvent(run, {
      eventType: eventType("WORKFLOW_EXECUTION_STARTED"),
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: run.workflowType },
        taskQueue: request.taskQueue ?? null,
        input: { payloads: [...run.input] },
        identity: request.identity ?? "",
        originalExecutionRunId: run.runId,
        firstExecutionRunId: run.firstExecutionRunId,
        continuedExecutionRunId: run.continuedFromRunId ?? "",
        attempt: 1,
        memo: request.memo ?? null,
        searchAttributes: request.searchAttributes ?? null,
        header: request.header ?? null
      }
    })
    for (const signal of signals) {
      yield* addEvent(run, {
        eventType: eventType("WORKFLOW_EXECUTION_SIGNALED"),
        workflowExecutionSignaledEventAttributes: { signalName: signal.name, input: { payloads: [...signal.input] } }
      })
      const args = yield* server.dataConverter.fromPayloads(signal.input).pipe(Effect.orDie)
      run.signalBuffer.set(signal.name, [...(run.signalBuffer.get(signal.name) ?? []), args])
    }
    // The first workflow task, as a worker would complete it (a reset point).
    for (const name of ["WORKFLOW_TASK_SCHEDULED", "WORKFLOW_TASK_STARTED", "WORKFLOW_TASK_COMPLETED"]) {
      yield* addEvent(run, { eventType: eventType(name) })
    }
  })

/** The registered workflow function on the run's arguments. */
const workflowBody = (server: Server, run: Run) =>
  Effect.gen(function*() {
    const workflows = server.options.workflows
    const fn = workflows[run.workflowType]
    if (fn === undefined) {
      return yield* Effect.fail(serverFailure(
        `No workflow is registered as "${run.workflowType}" (registered: ${
          Object.keys(workflows).join(", ") || "none"
        })`,
        "WorkflowNotRegistered"
      ))
    }
    const args = yield* server.dataConverter.fromPayloads(run.input).pipe(Effect.orDie)
    return yield* fn(args, contextOf(server, run))
  })

/** Time the run out after its run (or execution) timeout, on the `Clock`. */
const runTimeout = (server: Server, run: Run, timeout: number) =>
  Effect.andThen(
    Effect.sleep(Duration.millis(timeout)),
    Effect.suspend(() => {
      const main = mainFiber(run)
      return Effect.andThen(
        close(server, run, "TimedOut", {
          eventType: eventType("WORKFLOW_EXECUTION_TIMED_OUT"),
          workflowExecutionTimedOutEventAttributes: {}
        }),
        interruptFork(main)
      )
    })
  )

/** Start a run: its history, its workflow fiber, its timeout; settled before it returns. */
const startRun = (server: Server, request: StartRequest, origin: RunOrigin): Effect.Effect<Run> =>
  Effect.gen(function*() {
    const run = yield* newRun(server, request, origin)
    yield* startHistory(server, run, request, origin.signals)
    yield* forkInRun(run, Effect.onExit(workflowBody(server, run), (exit) => finish(server, run, exit)))
    const timeout = durationMillis(request.workflowRunTimeout) || durationMillis(request.workflowExecutionTimeout)
    if (timeout > 0) yield* forkInRun(run, runTimeout(server, run, timeout))
    yield* settle(run)
    return run
  })

const conflictPolicyOf = (request: StartRequest, defaultConflict: "FAIL" | "USE_EXISTING") => {
  if ((request.workflowIdReusePolicy ?? 0) === reusePolicies()["WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING"]) {
    return "TERMINATE_EXISTING"
  }
  const names = Object.fromEntries(Object.entries(conflictPolicies()).map(([k, v]) => [v, k]))
  const conflict = (names[request.workflowIdConflictPolicy ?? 0] ?? "").replace("WORKFLOW_ID_CONFLICT_POLICY_", "")
  return conflict === "UNSPECIFIED" || conflict === "" ? defaultConflict : conflict
}

/** Start, with the ID reuse and conflict policies. */
export const start = (
  server: Server,
  request: StartRequest,
  defaultConflict: "FAIL" | "USE_EXISTING",
  signals: ReadonlyArray<StartSignal>
): Effect.Effect<{ readonly run: Run; readonly started: boolean }, FakeConnection.FakeStatus> =>
  Effect.gen(function*() {
    const existing = latest(server, request.workflowId ?? "")
    const reuse = request.workflowIdReusePolicy ?? 0
    const conflict = conflictPolicyOf(request, defaultConflict)
    if (existing !== undefined && request.requestId && existing.requestId === request.requestId) {
      return { run: existing, started: true }
    }
    if (existing?.status === "Running") {
      if (conflict === "USE_EXISTING") {
        for (const signal of signals) yield* signalRun(server, existing, signal.name, signal.input, "")
        return { run: existing, started: false }
      }
      if (conflict !== "TERMINATE_EXISTING") {
        return yield* Effect.fail(FakeConnection.alreadyStarted(existing.runId, existing.requestId))
      }
      yield* terminate(server, existing, "terminated by a new start (conflict policy)", request.identity ?? "")
    } else if (
      existing !== undefined &&
      (reuse === reusePolicies()["WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE"] ||
        (reuse === reusePolicies()["WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY"] &&
          existing.status === "Completed"))
    ) {
      return yield* Effect.fail(FakeConnection.alreadyStarted(existing.runId, existing.requestId))
    }
    const run = yield* startRun(server, request, {
      firstExecutionRunId: undefined,
      continuedFromRunId: undefined,
      signals
    })
    return { run, started: true }
  })

/** Signal a run (deduplicated by request ID), then let it settle. */
export const signalRun = (server: Server, run: Run, name: string, input: ReadonlyArray<Payload>, requestId: string) =>
  Effect.gen(function*() {
    if (requestId && run.signalRequestIds.has(requestId)) return
    if (requestId) run.signalRequestIds.add(requestId)
    yield* addEvent(run, {
      eventType: eventType("WORKFLOW_EXECUTION_SIGNALED"),
      workflowExecutionSignaledEventAttributes: { signalName: name, input: { payloads: [...input] } }
    })
    const args = yield* server.dataConverter.fromPayloads(input).pipe(Effect.orDie)
    yield* deliverSignal(server, run, name, args)
    yield* settle(run)
  })

/** Ask a run to cancel: its pending activities too, and its workflow fiber is interrupted. */
export const requestCancel = (run: Run, reason: string, identity: string) =>
  Effect.gen(function*() {
    if (run.cancelRequested || run.status !== "Running") return
    run.cancelRequested = true
    for (const pending of run.activities.values()) pending.cancelRequested = true
    yield* addEvent(run, {
      eventType: eventType("WORKFLOW_EXECUTION_CANCEL_REQUESTED"),
      workflowExecutionCancelRequestedEventAttributes: { cause: reason, identity }
    })
    yield* interruptFork(mainFiber(run))
    yield* bump(run)
    yield* settle(run)
  })

/** Terminate a run and stop its fibers. */
export const terminateRun = (server: Server, run: Run, reason: string, identity: string) =>
  Effect.gen(function*() {
    const fibers = [...run.fibers]
    yield* terminate(server, run, reason, identity)
    for (const fiber of fibers) yield* interruptFork(fiber)
  })

/**
 * `ResetWorkflowExecution`: the in-memory engine cannot replay part of a
 * run, so the new run starts from the beginning (same input), with the
 * run's signals delivered again unless the request excludes them; the
 * current run, if running, is terminated. The event ID must name a
 * completed workflow task of the run, as on the server.
 */
export const resetRun = (
  server: Server,
  run: Run,
  request: {
    workflowTaskFinishEventId?: unknown
    reason?: string | null
    resetReapplyType?: number | null
    resetReapplyExcludeTypes?: ReadonlyArray<number> | null
    identity?: string | null
  }
) =>
  Effect.gen(function*() {
    const eventId = Number(request.workflowTaskFinishEventId ?? 0)
    const point = run.events.find((event) => Number(event.eventId) === eventId)
    if (point === undefined || point.eventType !== eventType("WORKFLOW_TASK_COMPLETED")) {
      return yield* Effect.fail(
        FakeConnection.status("INVALID_ARGUMENT", "Workflow task finish ID must be > 1 && <= workflow last event ID.")
      )
    }
    const excluded = (request.resetReapplyExcludeTypes ?? []).includes(1) || request.resetReapplyType === 2
    const signals: Array<StartSignal> = excluded ?
      [] :
      run.events.flatMap((event) =>
        event.workflowExecutionSignaledEventAttributes
          ? [{
            name: event.workflowExecutionSignaledEventAttributes.signalName ?? "",
            input: event.workflowExecutionSignaledEventAttributes.input?.payloads ?? []
          }]
          : []
      )
    const current = latest(server, run.workflowId)
    if (current?.status === "Running") {
      yield* terminateRun(server, current, `reset: ${request.reason ?? ""}`, request.identity ?? "")
    }
    const next = yield* startRun(
      server,
      { ...run.startRequest, requestId: yield* makeRequestId },
      { firstExecutionRunId: undefined, continuedFromRunId: undefined, signals }
    )
    return { runId: next.runId }
  })
