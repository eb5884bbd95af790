/**
 * The in-memory Temporal's state: runs, pending activities and schedules,
 * and the bookkeeping every part shares (finding runs, history events,
 * forking into a run, and waiting until a run's fibers are settled).
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Scope from "effect/Scope"
import type { DataConverter } from "../../services/DataConverter.js"
import type * as FakeConnection from "../../testing/FakeConnection.js"
import type { Handler, Options } from "../../testing/InMemoryTemporal.js"
import {
  closedStatus,
  type HistoryEvent,
  type NewEvent,
  notFound,
  type Payload,
  type Status,
  timestamp
} from "./protocol.js"

/** What `ctx.continueAsNew` dies with; the run's end turns it into a new run. */
export class ContinueAsNew {
  constructor(readonly args: ReadonlyArray<unknown>) {}
}

/** An update a run got. */
export interface Update {
  readonly name: string
  accepted: boolean
  readonly outcome: Deferred.Deferred<temporal.api.update.v1.IOutcome>
}

/**
 * Work whose fibers the server tracks for {@link settle}: a workflow run, or
 * a standalone activity.
 */
export interface Tracked {
  readonly scope: Scope.Closeable
  /** The live fibers: the body first, then handlers and timers. */
  readonly fibers: Set<Fiber.Fiber<unknown, unknown>>
  /** How many waits of the fibers are in progress (a signal, a condition, a timer, an activity). */
  blocked: number
}

/** One run of a workflow. */
export interface Run extends Tracked {
  readonly workflowId: string
  readonly runId: string
  readonly workflowType: string
  readonly taskQueue: string
  readonly firstExecutionRunId: string
  readonly continuedFromRunId: string | undefined
  readonly requestId: string
  readonly startTime: number
  readonly input: ReadonlyArray<Payload>
  readonly memo: temporal.api.common.v1.IMemo | null | undefined
  readonly searchAttributes: temporal.api.common.v1.ISearchAttributes | null | undefined
  readonly startRequest: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest
  status: Status
  closeTime: number | undefined
  closeEvent: HistoryEvent | undefined
  readonly events: Array<HistoryEvent>
  readonly closed: Deferred.Deferred<void>
  readonly signalHandlers: Map<string, Handler<void>>
  readonly signalBuffer: Map<string, Array<ReadonlyArray<unknown>>>
  readonly signalRequestIds: Set<string>
  readonly queryHandlers: Map<string, Handler<unknown>>
  readonly updateHandlers: Map<string, { handler: Handler<unknown>; validator: Handler<void> | undefined }>
  readonly updates: Map<string, Update>
  runningHandlers: number
  cancelRequested: boolean
  /** Completed (and replaced) whenever the run's state changes, for `condition`. */
  changed: Deferred.Deferred<void>
  readonly activities: Map<string, PendingActivity>
}

/** How a pending async activity ended. */
export type ActivityOutcome =
  | { readonly _tag: "Completed"; readonly result: ReadonlyArray<Payload> }
  | { readonly _tag: "Failed"; readonly failure: temporal.api.failure.v1.IFailure }
  | { readonly _tag: "Canceled"; readonly details: ReadonlyArray<Payload> }
  | { readonly _tag: "TimedOut"; readonly timeoutType: string }
  | { readonly _tag: "Closed" }

/** An async activity waiting for a client's answer. */
export interface PendingActivity {
  readonly run: Run
  readonly activityId: string
  readonly activityType: string
  readonly taskToken: Uint8Array
  readonly key: string
  readonly scheduledTime: number
  readonly heartbeatTimeout: number
  readonly startToCloseTimeout: number
  heartbeatDetails: ReadonlyArray<Payload> | undefined
  lastHeartbeatTime: number | undefined
  cancelRequested: boolean
  readonly outcome: Deferred.Deferred<ActivityOutcome>
}

/** The status of a standalone activity execution. */
export type StandaloneStatus = "Running" | "Completed" | "Failed" | "Canceled" | "Terminated" | "TimedOut" | "Paused"

/** One run of a standalone activity. */
export interface StandaloneActivity extends Tracked {
  readonly activityId: string
  readonly runId: string
  readonly activityType: string
  readonly requestId: string
  readonly input: ReadonlyArray<Payload>
  readonly startRequest: temporal.api.workflowservice.v1.IStartActivityExecutionRequest
  /** The options in force (changed by `UpdateActivityExecutionOptions`). */
  options: temporal.api.activity.v1.IActivityOptions
  status: StandaloneStatus
  /** `Scheduled`, `Started`, `CancelRequested`, `Paused` while running. */
  runState: "Scheduled" | "Started" | "CancelRequested" | "Paused" | undefined
  readonly scheduleTime: number
  closeTime: number | undefined
  attempt: number
  heartbeatDetails: ReadonlyArray<Payload> | undefined
  lastHeartbeatTime: number | undefined
  lastStartedTime: number | undefined
  lastAttemptCompleteTime: number | undefined
  totalHeartbeats: number
  lastFailure: temporal.api.failure.v1.IFailure | undefined
  canceledReason: string | undefined
  outcome: temporal.api.activity.v1.IActivityExecutionOutcome | undefined
  readonly closed: Deferred.Deferred<void>
  /** Bumped on every change, for a description's long poll. */
  changed: Deferred.Deferred<void>
  /** The fiber of the attempt in progress, or of the wait before it. */
  attemptFiber: Fiber.Fiber<unknown, unknown> | undefined
}

/** The status of a standalone Nexus operation. */
export type NexusStatus = "Running" | "Completed" | "Failed" | "Canceled" | "Terminated" | "TimedOut"

/** One run of a standalone Nexus operation. */
export interface NexusOperationRun extends Tracked {
  readonly operationId: string
  readonly runId: string
  readonly endpoint: string
  readonly service: string
  readonly operation: string
  readonly requestId: string
  readonly input: Payload | undefined
  readonly startRequest: temporal.api.workflowservice.v1.IStartNexusOperationExecutionRequest
  status: NexusStatus
  /** `Scheduled` until the handler's first answer; `Started` while an asynchronous one runs. */
  state: "Scheduled" | "Started" | undefined
  readonly scheduleTime: number
  closeTime: number | undefined
  operationToken: string | undefined
  cancelRequestedTime: number | undefined
  cancelReason: string | undefined
  result: Payload | undefined
  failure: temporal.api.failure.v1.IFailure | undefined
  readonly closed: Deferred.Deferred<void>
  /** Bumped on every change, for a description's long poll. */
  changed: Deferred.Deferred<void>
  /** The fiber running the handler. */
  handler: Fiber.Fiber<unknown, unknown> | undefined
}

/** A started workflow of a schedule: its workflow ID and the first run ID of its chain. */
export interface StartedChain {
  readonly workflowId: string
  readonly runId: string
}

/** A schedule, as stored. */
export interface ScheduleEntry {
  readonly id: string
  readonly requestId: string
  schedule: temporal.api.schedule.v1.ISchedule
  readonly memo: temporal.api.common.v1.IMemo | null
  searchAttributes: Record<string, Payload>
  conflictToken: number
  readonly createTime: number
  updateTime: number | undefined
  actionCount: number
  overlapSkipped: number
  bufferDropped: number
  readonly recentActions: Array<temporal.api.schedule.v1.IScheduleActionResult>
  /** The workflows it started that may still run. */
  started: Array<StartedChain>
  /** Nominal times of actions waiting for the running workflow to close. */
  readonly buffer: Array<number>
  lastProcessed: number
  driver: Fiber.Fiber<void> | undefined
}

/** The whole server: its options and everything it holds. */
export interface Server {
  readonly options: Options
  readonly namespace: string
  readonly dataConverter: DataConverter.Service
  /** Workflows and schedule drivers run here. */
  readonly runsScope: Scope.Closeable
  readonly byId: Map<string, Array<Run>>
  /** Every run, oldest first. */
  readonly all: Array<Run>
  /** Pending async activities by task token (hex). */
  readonly tokens: Map<string, PendingActivity>
  tokenSequence: number
  readonly schedules: Map<string, ScheduleEntry>
  /** Standalone activity executions by activity ID, oldest run first. */
  readonly standaloneActivities: Map<string, Array<StandaloneActivity>>
  /** Standalone Nexus operations by operation ID, oldest run first. */
  readonly nexusOperations: Map<string, Array<NexusOperationRun>>
}

/** An empty server whose runs live in a scope forked from the current one. */
export const makeServer = (options: Options, dataConverter: DataConverter.Service) =>
  Effect.gen(function*() {
    const runsScope = yield* Scope.fork(yield* Effect.scope, "sequential")
    const server: Server = {
      options,
      namespace: options.namespace ?? "default",
      dataConverter,
      runsScope,
      byId: new Map(),
      all: [],
      tokens: new Map(),
      tokenSequence: 0,
      schedules: new Map(),
      standaloneActivities: new Map(),
      nexusOperations: new Map()
    }
    return server
  })

/**
 * The bookkeeping every standalone execution starts with: its close and
 * change signals, its own scope under the server's, and no fibers yet.
 */
export const freshExecution = (server: Server) =>
  Effect.gen(function*() {
    return {
      closed: yield* Deferred.make<void>(),
      changed: yield* Deferred.make<void>(),
      scope: yield* Scope.fork(server.runsScope, "sequential"),
      fibers: new Set<Fiber.Fiber<unknown, unknown>>(),
      blocked: 0
    }
  })

/** Add a run to the runs of its ID, newest last. */
export const addRun = <A>(runs: Map<string, Array<A>>, id: string, run: A): void => {
  const list = runs.get(id) ?? []
  list.push(run)
  runs.set(id, list)
}

/** Signal that an execution changed: every long poll on it answers. */
export const signalChange = (execution: { changed: Deferred.Deferred<void> }) =>
  Effect.gen(function*() {
    const previous = execution.changed
    execution.changed = yield* Deferred.make<void>()
    yield* Deferred.succeed(previous, undefined)
  })

/** The latest run of a workflow ID. */
export const latest = (server: Server, workflowId: string): Run | undefined => {
  const runs = server.byId.get(workflowId)
  return runs?.[runs.length - 1]
}

/** An execution as requests name it. */
export type ExecutionRef = { workflowId?: string | null; runId?: string | null } | null | undefined

/** The run an execution names (its latest run without a run ID), or NOT_FOUND. */
export const findRun = (server: Server, execution: ExecutionRef): Effect.Effect<Run, FakeConnection.FakeStatus> =>
  Effect.suspend(() => {
    const workflowId = execution?.workflowId ?? ""
    const runId = execution?.runId ?? ""
    const run = runId ? server.byId.get(workflowId)?.find((r) => r.runId === runId) : latest(server, workflowId)
    return run ? Effect.succeed(run) : Effect.fail(notFound(workflowId, runId))
  })

/** As {@link findRun}, failing as the server does for a closed run. */
export const findOpenRun = (server: Server, execution: ExecutionRef) =>
  Effect.filterOrFail(findRun(server, execution), (run) => run.status === "Running", closedStatus)

/** Signal that the run's state changed: every `condition` checks again. */
export const bump = (run: Run) =>
  Effect.gen(function*() {
    const previous = run.changed
    run.changed = yield* Deferred.make<void>()
    yield* Deferred.succeed(previous, undefined)
  })

/**
 * Wait on `effect` as a workflow does on a signal, a condition, a timer or an
 * activity: the run counts the wait meanwhile, for {@link settle}.
 */
export const waiting = <A, E>(run: Tracked, effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.suspend(() => {
    run.blocked++
    return Effect.ensuring(effect, Effect.sync(() => void run.blocked--))
  })

/** The `Clock` of a run's fibers: sleeping on it (`Effect.sleep`, timeouts) is a wait of the run. */
const runClock = (run: Tracked, clock: Clock.Clock): Clock.Clock => ({
  currentTimeMillisUnsafe: () => clock.currentTimeMillisUnsafe(),
  currentTimeMillis: clock.currentTimeMillis,
  currentTimeNanosUnsafe: () => clock.currentTimeNanosUnsafe(),
  currentTimeNanos: clock.currentTimeNanos,
  monotonicTimeNanosUnsafe: () => clock.monotonicTimeNanosUnsafe(),
  monotonicTimeNanos: clock.monotonicTimeNanos,
  sleep: (duration) => waiting(run, clock.sleep(duration))
})

/**
 * Let the run's fibers go on until each waits (see {@link waiting}): the
 * analogue of a finished workflow task. There is no fiber status to read, so
 * the run tracks its pending work itself: settled once the waits in progress
 * cover every live fiber of the run for a few turns of the scheduler (a fiber
 * whose wait just ended still counts until it resumes). A fiber that blocks on
 * something the run does not track is given up on after 1000 turns.
 */
export const settle = (run: Tracked) =>
  Effect.gen(function*() {
    let quiet = 0
    for (let i = 0; i < 1000 && quiet < 3; i++) {
      yield* Effect.yieldNow
      quiet = run.blocked >= run.fibers.size ? quiet + 1 : 0
    }
  })

/** Append an event to the run's history, numbered and dated on the `Clock`. */
export const addEvent = (run: Run, event: NewEvent) =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    run.events.push({ ...event, eventId: (run.events.length + 1) as never, eventTime: timestamp(now) })
  })

/**
 * Fork an Effect in the run's scope, tracked for {@link settle}, with the
 * run's `Clock`; interruptible even when the RPC that started it runs
 * uninterruptibly (e.g. in the acquire of `Effect.acquireRelease`).
 */
export const forkInRun = <A, E>(run: Tracked, effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const body = Effect.updateService(Effect.interruptible(effect), Clock.Clock, (clock) => runClock(run, clock))
    const fiber = yield* Effect.forkIn(body, run.scope)
    run.fibers.add(fiber as Fiber.Fiber<unknown, unknown>)
    fiber.addObserver(() => run.fibers.delete(fiber as Fiber.Fiber<unknown, unknown>))
    return fiber
  })

/** Ask a fiber to stop, without waiting for it. */
export const interruptFork = (fiber: Fiber.Fiber<unknown, unknown> | undefined): Effect.Effect<void> =>
  fiber === undefined ? Effect.void : Effect.sync(() => fiber.interruptUnsafe())

/** The run's workflow fiber, while it runs. */
export const mainFiber = (run: Tracked): Fiber.Fiber<unknown, unknown> | undefined => [...run.fibers][0]
