/**
 * A Temporal server in memory, running workflows written as Effect
 * functions. It answers the workflow service's RPCs behind a
 * {@link FakeConnection}, so the real `TemporalClient` runs on top of it:
 * the same handles, data conversion, interceptors and error mapping as
 * against a server.
 *
 * ```ts
 * import { Effect, Ref } from "effect"
 * import { InMemoryTemporal } from "effect-temporal/testing"
 *
 * const Temporal = InMemoryTemporal.layer({
 *   workflows: {
 *     approveOrder: ([orderId], ctx) =>
 *       Effect.gen(function*() {
 *         const [{ by }] = yield* ctx.nextSignal("approve")
 *         return `${orderId} approved by ${by}`
 *       })
 *   }
 * })
 * ```
 *
 * Workflows run as fibers on the test's `Clock`: `ctx.sleep` (or
 * `Effect.sleep`) is driven by `TestClock.adjust`. Arguments, signal, query
 * and update arguments reach a workflow as the data converter decodes them
 * without a Schema (JSON values); {@link workflow} decodes a workflow's
 * arguments and encodes its result with its definition's Schemas.
 *
 * Served: start and execute (request-ID idempotency, ID reuse policies
 * `AllowDuplicate`, `AllowDuplicateFailedOnly`, `RejectDuplicate`,
 * `TerminateIfRunning`, and conflict policies `Fail`, `UseExisting`,
 * `TerminateExisting`), signal (deduplicated by request ID), signal-with-start,
 * query (with reject conditions), update (validators, the Accepted and
 * Completed stages, update IDs deduplicated, update-with-start), cancel
 * (the workflow fiber is interrupted; it ends `Canceled`), terminate,
 * describe, result (following continue-as-new runs), history (started,
 * signaled and close events), list and count (equality on `WorkflowType`,
 * `WorkflowId`, `ExecutionStatus`, `TaskQueue`, joined with `AND`;
 * `GROUP BY ExecutionStatus` for count), execution and run timeouts.
 * NOT_FOUND as the server words it, so the client's errors are the same: a
 * call in another namespace than the server's (`NamespaceNotFoundError`),
 * an unknown workflow (`WorkflowNotFoundError`), a signal, update or
 * termination of a closed one (`WorkflowAlreadyCompletedError`; a cancel
 * request for it succeeds and does nothing, as on the server), an unknown
 * update ID (`WorkflowUpdateNotFoundError`).
 *
 * Schedules: create (with the initial trigger and backfill), describe,
 * update, patch (trigger with an overlap policy, pause and unpause with
 * their notes, backfill), delete, list (all of them, or by
 * `ScheduleId = '…'` and `TemporalSchedulePaused = true|false` joined with
 * `AND`; paged) and matching times. A schedule fires on the `Clock`, so
 * `TestClock.adjust` drives it: interval specs (every and offset, counted
 * from the Unix epoch as the server does), structured calendars, cron
 * strings (5, 6 or 7 fields; `*`, `?`, values, `JAN`…`DEC` and `SUN`…`SAT`
 * names, ranges, steps and lists; `@yearly`, `@monthly`, `@weekly`,
 * `@daily`, `@hourly`; `@every` into an interval; compiled into calendars
 * on create and update, as the server stores them), skip calendars, start
 * and end times. Each action starts the action's workflow (one registered
 * here) with the ID `${workflowId}-${nominal time, RFC 3339 in seconds}`
 * (the plain ID with `keepOriginalWorkflowId`). Overlap policies `Skip`,
 * `AllowAll`, `BufferOne`, `BufferAll` (buffered actions start when the
 * running workflow closes), `CancelOther` and `TerminateOther`; pause (a
 * paused schedule lets its times pass; trigger and backfill still act);
 * limited actions (each scheduled action uses one, triggers and backfills
 * do not); `pauseOnFailure` (a started workflow that fails or times out
 * pauses the schedule); the info counters (actions, skipped for overlap,
 * dropped from the buffer), running workflows, the last ten actions with
 * their workflows' status, the next ten times. Describe gives the schedule
 * as stored; an update sent with a stale conflict token fails
 * `FAILED_PRECONDITION` "mismatched conflict token", as the CHASM
 * scheduler does (the token changes with each update and each scheduled
 * action of a limited schedule).
 *
 * Async activity completion: `ctx.asyncActivity(activityId, options)` runs
 * an activity that stays pending (describe lists it under
 * `pendingActivities`, with its heartbeat details) until a client
 * completes, fails or cancels it by task token or by workflow and activity
 * ID (an async activity handle); its `start` option plays the activity
 * function's part before it leaves the activity open (e.g. a heartbeat
 * carrying the task token). Heartbeats store details and answer
 * `cancelRequested` once the workflow was asked to cancel; a failure
 * reaches the workflow as an `ActivityFailure` caused by it, a reported
 * cancellation as one caused by a `CanceledFailure`, heartbeat and
 * start-to-close timeouts (on the `Clock`) as one caused by a
 * `TimeoutFailure`. By default a cancelled workflow waits for the
 * activity's answer before it ends `Canceled` (cancellation type
 * `WaitCancellationCompleted`); `TryCancel` does not wait. An unknown
 * token or ID, or an activity that completed, timed out or whose workflow
 * closed, answers `NOT_FOUND`; reporting a cancellation nobody asked for
 * answers `INVALID_ARGUMENT`, as the server does.
 *
 * Not modelled:
 * - activities run by a worker (only async ones, through `ctx.asyncActivity`),
 *   activity retries (one attempt), schedule-to-start and schedule-to-close
 *   timeouts, activity pause and reset (heartbeats never answer
 *   `activityPaused` or `activityReset`), child workflows, Nexus, timers
 *   other than `Clock` sleeps;
 * - for schedules: time zones (every calendar and cron string is read in
 *   UTC; `timeZoneName` is stored and shown but not applied), jitter
 *   (stored, not applied), the catch-up window (actions are never late on
 *   the `Clock`, so none is missed), `CRON_TZ=`/`TZ=` prefixes and cron
 *   `L`, `W` and `#n` days (such a cron string fails `INVALID_ARGUMENT`);
 *   the search attributes the server adds to scheduled workflows
 *   (`TemporalScheduledById`, `TemporalScheduledStartTime`); list queries
 *   beyond the two fields above; an action whose workflow ID is still
 *   running is dropped uncounted; the workflow-based scheduler's way of
 *   silently dropping an update sent with a stale conflict token (this one
 *   refuses it, as the CHASM scheduler does);
 * - workflow retry policies, cron workflows (`cronSchedule` on start),
 *   start delays, and the history a worker would write (no workflow-task,
 *   activity or timer events);
 * - determinism and replay: a workflow is an ordinary fiber; queries run on
 *   the live state, including after the workflow closed;
 * - search attributes other than the built-in ones in list queries, any
 *   query syntax beyond `=` and `AND`, pagination of workflow list results;
 * - a workflow type with no registered function: the run fails at once
 *   with `ApplicationFailure` type `WorkflowNotRegistered` (a real worker
 *   keeps retrying the workflow task);
 * - a defect in a workflow fails the run with an `ApplicationFailure`
 *   (a real worker fails the workflow task and retries it);
 * - an update still running when its workflow closes fails with an
 *   `ApplicationFailure` type `WorkflowClosed`.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { int64ToNumber } from "../internal/convert/common.js"
import { root } from "../internal/proto/root.js"
import { makeRequestId } from "../internal/requestId.js"
import { ApplicationFailure, CanceledFailure, type TemporalFailure } from "../schema/Failure.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import { Connection, type WorkflowServiceClient } from "../services/Connection.js"
import { DataConverter, defaultDataConverter } from "../services/DataConverter.js"
import * as TemporalClient from "../services/TemporalClient.js"
import * as FakeConnection from "./FakeConnection.js"

type Payload = temporal.api.common.v1.IPayload
type HistoryEvent = temporal.api.history.v1.IHistoryEvent
type WorkflowService = temporal.api.workflowservice.v1.WorkflowService

/**
 * What a running workflow knows about itself.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowInfo {
  /** The workflow ID. */
  readonly workflowId: string
  /** The ID of this run. */
  readonly runId: string
  /** The workflow type: the name it was started with. */
  readonly workflowType: string
  /** The task queue it was started on. */
  readonly taskQueue: string
  /** The namespace it runs in. */
  readonly namespace: string
  /** The run ID of the first run of the chain (this run's ID unless it continued from another). */
  readonly firstExecutionRunId: string
  /** The run that continued as new into this one, if any. */
  readonly continuedFromRunId: string | undefined
  /** The attempt number, from 1 (always 1 here: the in-memory server does not retry workflows). */
  readonly attempt: number
}

/**
 * The failure a workflow (or a query or update handler) may fail with.
 * Other errors fail the workflow too, as application failures.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowFailure = TemporalFailure

/**
 * A signal, query or update handler: the arguments (as decoded JSON values)
 * in, an Effect out.
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<A> = {
  bivarianceHack(...args: ReadonlyArray<unknown>): Effect.Effect<A, WorkflowFailure>
}["bivarianceHack"]

/**
 * What a workflow function gets besides its arguments.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowContext {
  /** What the workflow knows about itself: IDs, type, task queue, namespace. */
  readonly info: WorkflowInfo
  /** Handle signal `name` with `handler`; signals that came before are handled now, in order. */
  readonly setSignalHandler: (name: string, handler: Handler<void>) => Effect.Effect<void>
  /** Wait for the next signal `name` that no handler took; its arguments. */
  readonly nextSignal: <Args extends ReadonlyArray<unknown> = ReadonlyArray<unknown>>(
    name: string
  ) => Effect.Effect<Args>
  /** Answer query `name` with `handler`. */
  readonly setQueryHandler: (name: string, handler: Handler<unknown>) => Effect.Effect<void>
  /** Run update `name` with `handler`; a failing `validator` rejects the update before it is accepted. */
  readonly setUpdateHandler: (
    name: string,
    handler: Handler<unknown>,
    options?: { readonly validator?: Handler<void> | undefined }
  ) => Effect.Effect<void>
  /** Wait until `predicate` holds; it is checked again after every signal and update handler. */
  readonly condition: (predicate: Effect.Effect<boolean>) => Effect.Effect<void>
  /** Wait until every signal and update handler started so far has finished. */
  readonly allHandlersFinished: Effect.Effect<void>
  /** Sleep on the `Clock` (so `TestClock.adjust` moves it). */
  readonly sleep: (duration: Duration.Input) => Effect.Effect<void>
  /** End this run and start a new one of the same workflow with `args`. */
  readonly continueAsNew: (...args: ReadonlyArray<unknown>) => Effect.Effect<never>
  /** Whether cancellation was requested (the workflow fiber is interrupted then, too). */
  readonly cancelRequested: Effect.Effect<boolean>
  /**
   * Run an activity that completes asynchronously: it is pending (listed by
   * describe, with a task token) until a client completes, fails or cancels
   * it through an async activity handle, or it times out. Succeeds with the
   * result (decoded without a Schema); fails with an `ActivityFailure` whose
   * cause is the client's failure, a `CanceledFailure` or a `TimeoutFailure`.
   */
  readonly asyncActivity: <A = unknown>(
    activityId: string,
    options?: AsyncActivityOptions
  ) => Effect.Effect<A, WorkflowFailure>
}

/**
 * What the function of an async activity gets when the activity starts.
 *
 * @since 0.1.0
 * @category models
 */
export interface AsyncActivityStarted {
  /** The activity's task token, as a worker would receive it. */
  readonly taskToken: Uint8Array
  /** The activity ID. */
  readonly activityId: string
  /** Record a heartbeat with these details (through the data converter), as the activity function would. */
  readonly heartbeat: (...details: ReadonlyArray<unknown>) => Effect.Effect<void>
}

/**
 * Options of {@link WorkflowContext.asyncActivity}.
 *
 * @since 0.1.0
 * @category models
 */
export interface AsyncActivityOptions {
  /** The activity type shown in describe and in failures. Default: the activity ID. */
  readonly activityType?: string | undefined
  /** Time the activity out (`TimeoutFailure` type `HEARTBEAT`) when no heartbeat comes for this long, on the `Clock`. */
  readonly heartbeatTimeout?: Duration.Input | undefined
  /** Time the activity out (`TimeoutFailure` type `START_TO_CLOSE`) this long after it started, on the `Clock`. */
  readonly startToCloseTimeout?: Duration.Input | undefined
  /**
   * What cancelling the workflow does to the activity. `WaitCancellationCompleted`
   * (the default): the activity is asked to cancel (a heartbeat answers
   * `cancelRequested`) and the workflow ends `Canceled` only once the activity
   * answered (reported cancellation, completed or failed). `TryCancel`: the
   * activity is asked to cancel and the workflow does not wait.
   */
  readonly cancellationType?: "WaitCancellationCompleted" | "TryCancel" | undefined
  /**
   * The activity function's part before it leaves the activity open, e.g. a
   * first heartbeat carrying the task token for the test to read.
   */
  readonly start?: ((activity: AsyncActivityStarted) => Effect.Effect<void>) | undefined
}

/**
 * A workflow: its arguments (as decoded JSON values) and context in, its
 * result out.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowFunction = {
  bivarianceHack(args: ReadonlyArray<unknown>, ctx: WorkflowContext): Effect.Effect<unknown, WorkflowFailure>
}["bivarianceHack"]

/**
 * A workflow typed by its definition: arguments decoded and the result
 * encoded with the definition's Schemas. Spread it into `workflows`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const workflow = <Def extends WorkflowDefinition.Any>(
  definition: Def,
  run: (
    args: WorkflowDefinition.Args<Def>,
    ctx: WorkflowContext
  ) => Effect.Effect<WorkflowDefinition.Result<Def>, WorkflowFailure>
): Record<string, WorkflowFunction> => ({
  [definition.name]: (args, ctx) =>
    Effect.gen(function*() {
      const decoded = yield* Schema.decodeUnknownEffect(definition.argsSchema)(args).pipe(
        Effect.mapError((error) =>
          new ApplicationFailure({
            message: `Arguments do not match ${definition.name}: ${error.message}`,
            type: "SchemaError",
            nonRetryable: true,
            details: [],
            category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
            stackTrace: ""
          })
        )
      )
      const result = yield* run(decoded as WorkflowDefinition.Args<Def>, ctx)
      return yield* Schema.encodeEffect(definition.result)(result).pipe(Effect.orDie)
    })
})

/**
 * Options of the in-memory Temporal.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The workflows, by workflow type name. */
  readonly workflows: Readonly<Record<string, WorkflowFunction>>
  /** The namespace. Default `default`. */
  readonly namespace?: string | undefined
  /** The data converter of client and server. Default: `DataConverter.Default`. */
  readonly dataConverter?: DataConverter.Service | undefined
  /** Options of the client on top. */
  readonly client?: TemporalClient.TemporalClientOptions | undefined
}

/**
 * One run, as the in-memory server sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunSummary {
  /** The workflow ID. */
  readonly workflowId: string
  /** The run ID. */
  readonly runId: string
  /** The workflow type. */
  readonly workflowType: string
  /** The run's status: `Running`, `Completed`, `Failed`, `Canceled`, `Terminated`, `ContinuedAsNew` or `TimedOut`. */
  readonly status: string
}

/**
 * The in-memory server, provided next to the client by {@link layer}.
 *
 * @since 0.1.0
 * @category tags
 */
export class InMemoryTemporal extends Context.Service<
  InMemoryTemporal,
  {
    /** Every run so far, oldest first. */
    readonly runs: Effect.Effect<ReadonlyArray<RunSummary>>
  }
>()("effect-temporal/testing/InMemoryTemporal") {}

// -----------------------------------------------------------------------------
// enums
// -----------------------------------------------------------------------------

const enumValues = (name: string) => root().lookupEnum(name).values as Record<string, number>
const eventType = (name: string) => enumValues("temporal.api.enums.v1.EventType")[`EVENT_TYPE_${name}`] ?? 0
const statusNames = ["Running", "Completed", "Failed", "Canceled", "Terminated", "ContinuedAsNew", "TimedOut"] as const
type Status = typeof statusNames[number]
const statusNumber = (status: Status) => statusNames.indexOf(status) + 1
const reusePolicies = () => enumValues("temporal.api.enums.v1.WorkflowIdReusePolicy")
const conflictPolicies = () => enumValues("temporal.api.enums.v1.WorkflowIdConflictPolicy")
const stages = () => enumValues("temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage")
const stage = (name: "ADMITTED" | "ACCEPTED" | "COMPLETED") =>
  stages()[`UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_${name}`] ?? 0

/** The longest a long poll waits before answering "nothing yet" (a server uses about 20 s; fewer polls keep `TestClock.adjust` by hours fast). */
const longPollWindow = Duration.seconds(60)

const timestamp = (millis: number): NonNullable<temporal.api.history.v1.IHistoryEvent["eventTime"]> =>
  ({ seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 }) as never
const durationMillis = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1_000_000) : 0

// -----------------------------------------------------------------------------
// runs
// -----------------------------------------------------------------------------

class ContinueAsNew {
  constructor(readonly args: ReadonlyArray<unknown>) {}
}

interface Update {
  readonly name: string
  accepted: boolean
  readonly outcome: Deferred.Deferred<temporal.api.update.v1.IOutcome>
}

interface Run {
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
  readonly scope: Scope.Closeable
  readonly fibers: Set<Fiber.Fiber<unknown, unknown>>
  /** How many of `fibers` wait on the engine (a signal, a condition, a timer, an activity). */
  blocked: number
  readonly signalHandlers: Map<string, Handler<void>>
  readonly signalBuffer: Map<string, Array<ReadonlyArray<unknown>>>
  readonly signalRequestIds: Set<string>
  readonly queryHandlers: Map<string, Handler<unknown>>
  readonly updateHandlers: Map<string, { handler: Handler<unknown>; validator: Handler<void> | undefined }>
  readonly updates: Map<string, Update>
  runningHandlers: number
  cancelRequested: boolean
  changed: Deferred.Deferred<void>
  readonly activities: Map<string, PendingActivity>
}

type ActivityOutcome =
  | { readonly _tag: "Completed"; readonly result: ReadonlyArray<Payload> }
  | { readonly _tag: "Failed"; readonly failure: temporal.api.failure.v1.IFailure }
  | { readonly _tag: "Canceled"; readonly details: ReadonlyArray<Payload> }
  | { readonly _tag: "TimedOut"; readonly timeoutType: string }
  | { readonly _tag: "Closed" }

interface PendingActivity {
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

interface ScheduleEntry {
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
  /** The workflows it started (workflow ID and first run ID) that may still run. */
  started: Array<{ readonly workflowId: string; readonly runId: string }>
  /** Nominal times of actions waiting for the running workflow to close. */
  readonly buffer: Array<number>
  lastProcessed: number
  driver: Fiber.Fiber<void> | undefined
}

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest

// -----------------------------------------------------------------------------
// schedule specs: cron compiling and next matching times (UTC)
// -----------------------------------------------------------------------------

type ProtoRange = temporal.api.schedule.v1.IRange
type ProtoCalendar = temporal.api.schedule.v1.IStructuredCalendarSpec
type ProtoSpec = temporal.api.schedule.v1.IScheduleSpec

const calendarBounds = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [0, 6]
} as const
type CalendarField = keyof typeof calendarBounds | "year"

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

/** One cron field (`*`, `?`, values, names, `a-b`, `/step`, lists) as ranges; `undefined` when it does not parse. */
const cronField = (text: string, field: CalendarField): Array<ProtoRange> | undefined => {
  const [min, max] = field === "year" ? [1970, 2999] : calendarBounds[field]
  const names = field === "month" ? monthNames : field === "dayOfWeek" ? dayNames : []
  const value = (token: string): number | undefined => {
    const upper = token.toUpperCase()
    const named = names.findIndex((name) => upper.startsWith(name))
    if (named >= 0 && /^[A-Z]+$/.test(upper)) return named + (field === "month" ? 1 : 0)
    if (!/^\d+$/.test(token)) return undefined
    const n = Number(token)
    return field === "dayOfWeek" && n === 7 ? 0 : n
  }
  const ranges: Array<ProtoRange> = []
  for (const part of text.split(",")) {
    const [body = "", stepText] = part.split("/")
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) return undefined
    let start: number | undefined
    let end: number | undefined
    if (body === "*" || body === "?") {
      if (field === "year" && stepText === undefined) return []
      start = min
      end = max
    } else {
      const [a = "", b] = body.split("-")
      start = value(a)
      end = b === undefined ? (stepText === undefined ? start : max) : value(b)
      if (field === "dayOfWeek" && b === "7") end = 6
    }
    if (start === undefined || end === undefined || start < min || end > max || end < start) return undefined
    ranges.push({ start, end, step })
  }
  return ranges
}

const shorthands: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *"
}

const everyUnit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * A cron string as the server compiles it: a structured calendar, or an
 * interval for `@every`; `undefined` when the subset here does not parse it.
 */
const compileCron = (
  cron: string
): { readonly calendar: ProtoCalendar } | { readonly interval: temporal.api.schedule.v1.IIntervalSpec } | undefined => {
  const hash = cron.indexOf("#")
  const comment = hash >= 0 ? cron.slice(hash + 1).trim() : ""
  const text = (hash >= 0 ? cron.slice(0, hash) : cron).trim()
  const every = /^@every\s+(\d+)([smhd])(?:\/(\d+)([smhd]))?$/.exec(text)
  if (every !== null) {
    const millis = (n: string | undefined, unit: string | undefined) => Number(n ?? 0) * (everyUnit[unit ?? "s"] ?? 0)
    const toDuration = (ms: number) => ({ seconds: Math.floor(ms / 1000) as never, nanos: 0 })
    const interval = millis(every[1], every[2])
    const phase = millis(every[3], every[4])
    return { interval: { interval: toDuration(interval), ...(phase > 0 ? { phase: toDuration(phase) } : {}) } }
  }
  const fields = (shorthands[text] ?? text).split(/\s+/)
  const order: ReadonlyArray<CalendarField> = fields.length === 7
    ? ["second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek", "year"]
    : fields.length === 6
    ? ["minute", "hour", "dayOfMonth", "month", "dayOfWeek", "year"]
    : fields.length === 5
    ? ["minute", "hour", "dayOfMonth", "month", "dayOfWeek"]
    : []
  if (order.length === 0) return undefined
  const calendar: Record<string, Array<ProtoRange>> = { second: [{ start: 0, end: 0, step: 1 }], year: [] }
  for (let i = 0; i < order.length; i++) {
    const ranges = cronField(fields[i]!, order[i]!)
    if (ranges === undefined) return undefined
    calendar[order[i]!] = ranges
  }
  return { calendar: { ...calendar, ...(comment ? { comment } : {}) } }
}

/** The values a field's ranges allow, ascending (`end` below `start` means `start`, step 0 means 1). */
const expand = (ranges: ReadonlyArray<ProtoRange> | null | undefined): Array<number> => {
  const values = new Set<number>()
  for (const r of ranges ?? []) {
    const start = r.start ?? 0
    const end = Math.max(start, r.end ?? 0)
    const step = r.step && r.step > 0 ? r.step : 1
    for (let v = start; v <= end; v += step) values.add(v)
  }
  return [...values].sort((a, b) => a - b)
}

interface CompiledCalendar {
  readonly second: Array<number>
  readonly minute: Array<number>
  readonly hour: Array<number>
  readonly dayOfMonth: Set<number>
  readonly month: Set<number>
  readonly dayOfWeek: Set<number>
  /** Empty: every year. */
  readonly year: Set<number>
}

const compileCalendar = (calendar: ProtoCalendar): CompiledCalendar => ({
  second: expand(calendar.second),
  minute: expand(calendar.minute),
  hour: expand(calendar.hour),
  dayOfMonth: new Set(expand(calendar.dayOfMonth)),
  month: new Set(expand(calendar.month)),
  dayOfWeek: new Set(expand(calendar.dayOfWeek)),
  year: new Set(expand(calendar.year))
})

const dayMatches = (calendar: CompiledCalendar, day: Date) =>
  (calendar.year.size === 0 || calendar.year.has(day.getUTCFullYear())) &&
  calendar.month.has(day.getUTCMonth() + 1) &&
  calendar.dayOfMonth.has(day.getUTCDate()) &&
  calendar.dayOfWeek.has(day.getUTCDay())

const calendarMatches = (calendar: CompiledCalendar, millis: number) => {
  const date = new Date(millis)
  return millis % 1000 === 0 && dayMatches(calendar, date) && calendar.hour.includes(date.getUTCHours()) &&
    calendar.minute.includes(date.getUTCMinutes()) && calendar.second.includes(date.getUTCSeconds())
}

const dayMillis = 86_400_000
/** How far ahead a calendar is searched (leap days on a given weekday recur every 28 years). */
const searchDays = 366 * 30

/** The first time strictly after `after` the calendar matches (whole seconds, UTC). */
const nextCalendarTime = (calendar: CompiledCalendar, after: number): number | undefined => {
  const from = Math.floor(after / 1000) * 1000 + 1000
  const firstDay = Math.floor(from / dayMillis) * dayMillis
  for (let d = 0; d < searchDays; d++) {
    const dayStart = firstDay + d * dayMillis
    if (!dayMatches(calendar, new Date(dayStart))) continue
    for (const h of calendar.hour) {
      if (dayStart + (h + 1) * 3_600_000 <= from) continue
      for (const m of calendar.minute) {
        if (dayStart + h * 3_600_000 + (m + 1) * 60_000 <= from) continue
        for (const s of calendar.second) {
          const t = dayStart + h * 3_600_000 + m * 60_000 + s * 1000
          if (t >= from) return t
        }
      }
    }
  }
  return undefined
}

/** A schedule spec, compiled for finding its times. */
interface CompiledSpec {
  readonly calendars: ReadonlyArray<CompiledCalendar>
  readonly intervals: ReadonlyArray<{ readonly every: number; readonly phase: number }>
  readonly skip: ReadonlyArray<CompiledCalendar>
  readonly startAt: number | undefined
  readonly endAt: number | undefined
}

const protoMillis = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? int64ToNumber(d.seconds as never) * 1000 + Math.floor((d.nanos ?? 0) / 1_000_000) : 0

const compileSpec = (spec: ProtoSpec | null | undefined): CompiledSpec => ({
  calendars: (spec?.structuredCalendar ?? []).map(compileCalendar),
  intervals: (spec?.interval ?? [])
    .map((i) => ({ every: protoMillis(i.interval), phase: protoMillis(i.phase) }))
    .filter((i) => i.every > 0),
  skip: (spec?.excludeStructuredCalendar ?? []).map(compileCalendar),
  startAt: spec?.startTime ? protoMillis(spec.startTime) : undefined,
  endAt: spec?.endTime ? protoMillis(spec.endTime) : undefined
})

/** The first time strictly after `after` the spec matches: the union of calendars and intervals, minus skips, within start and end. */
const nextSpecTime = (spec: CompiledSpec, after: number): number | undefined => {
  let from = spec.startAt !== undefined ? Math.max(after, spec.startAt - 1) : after
  for (let i = 0; i < 10_000; i++) {
    let next: number | undefined
    for (const { every, phase } of spec.intervals) {
      const t = (Math.floor((from - phase) / every) + 1) * every + phase
      if (next === undefined || t < next) next = t
    }
    for (const calendar of spec.calendars) {
      const t = nextCalendarTime(calendar, from)
      if (t !== undefined && (next === undefined || t < next)) next = t
    }
    if (next === undefined || (spec.endAt !== undefined && next > spec.endAt)) return undefined
    const skipped = next
    if (!spec.skip.some((calendar) => calendarMatches(calendar, skipped))) return next
    from = next
  }
  return undefined
}

/** The spec's times in `[start, end]`. */
const specTimesBetween = (spec: CompiledSpec, start: number, end: number, limit = 10_000): Array<number> => {
  const times: Array<number> = []
  let t = nextSpecTime(spec, start - 1)
  while (t !== undefined && t <= end && times.length < limit) {
    times.push(t)
    t = nextSpecTime(spec, t)
  }
  return times
}

/** A time as the server writes it into a scheduled workflow's ID: RFC 3339, whole seconds, UTC. */
const rfc3339 = (millis: number) => new Date(Math.floor(millis / 1000) * 1000).toISOString().replace(".000Z", "Z")

// -----------------------------------------------------------------------------
// the server
// -----------------------------------------------------------------------------

const notFound = (workflowId: string, runId?: string | null) =>
  FakeConnection.notFound(
    `workflow execution not found for workflow ID "${workflowId}"${runId ? ` and run ID "${runId}"` : ""}`
  )
const closedStatus = () => FakeConnection.workflowAlreadyCompleted()

/**
 * Build the server's handlers.
 */
const makeServer = (options: Options, dataConverter: DataConverter.Service) =>
  Effect.gen(function*() {
    const layerScope = yield* Effect.scope
    /** Workflows and schedule drivers run here; pending activities end before it closes. */
    const runsScope = yield* Scope.fork(layerScope, "sequential")
    const namespace = options.namespace ?? "default"
    const byId = new Map<string, Array<Run>>()
    const all: Array<Run> = []

    const latest = (workflowId: string) => {
      const runs = byId.get(workflowId)
      return runs?.[runs.length - 1]
    }
    const findRun = (execution: { workflowId?: string | null; runId?: string | null } | null | undefined) =>
      Effect.suspend(() => {
        const workflowId = execution?.workflowId ?? ""
        const runId = execution?.runId ?? ""
        const run = runId ? byId.get(workflowId)?.find((r) => r.runId === runId) : latest(workflowId)
        return run ? Effect.succeed(run) : Effect.fail(notFound(workflowId, runId))
      })
    const findOpenRun = (execution: { workflowId?: string | null; runId?: string | null } | null | undefined) =>
      Effect.filterOrFail(findRun(execution), (run) => run.status === "Running", closedStatus)

    const bump = (run: Run) =>
      Effect.gen(function*() {
        const previous = run.changed
        run.changed = yield* Deferred.make<void>()
        yield* Deferred.succeed(previous, undefined)
      })

    /**
     * Wait on `effect` as a workflow does on a signal, a condition, a timer or an activity:
     * the run counts the fiber as blocked meanwhile, for `settle`.
     */
    const waiting = <A, E>(run: Run, effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
      Effect.suspend(() => {
        run.blocked++
        return Effect.ensuring(effect, Effect.sync(() => void run.blocked--))
      })

    /**
     * Let the workflow's fibers run until each waits in `waiting`: the analogue of a finished
     * workflow task. Settled once every live fiber of the run has been blocked for a few turns of
     * the scheduler (a fiber whose wait just ended is still counted until it resumes); a fiber
     * that blocks on something else is given up on after 1000 turns.
     */
    const settle = (run: Run) =>
      Effect.gen(function*() {
        let quiet = 0
        for (let i = 0; i < 1000 && quiet < 3; i++) {
          yield* Effect.yieldNow
          quiet = run.blocked >= run.fibers.size ? quiet + 1 : 0
        }
      })

    const addEvent = (run: Run, event: Omit<HistoryEvent, "eventId" | "eventTime">) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        run.events.push({ ...event, eventId: (run.events.length + 1) as never, eventTime: timestamp(now) })
      })

    // -------------------------------------------------------------------------
    // async activities
    // -------------------------------------------------------------------------

    const tokens = new Map<string, PendingActivity>()
    let tokenSequence = 0
    const tokenKey = (token: Uint8Array | null | undefined) => Buffer.from(token ?? new Uint8Array(0)).toString("hex")
    const activityNotFound = () =>
      FakeConnection.notFound("invalid activityID or activity already timed out or invoking workflow is completed")

    const resolveActivity = (pending: PendingActivity, outcome: ActivityOutcome) =>
      Effect.gen(function*() {
        tokens.delete(pending.key)
        if (pending.run.activities.get(pending.activityId) === pending) {
          pending.run.activities.delete(pending.activityId)
        }
        yield* Deferred.succeed(pending.outcome, outcome)
      })

    /** Every pending activity ends with the layer, so no workflow fiber waits on one while the Layer closes. */
    yield* Scope.addFinalizer(
      layerScope,
      Effect.suspend(() =>
        Effect.forEach([...tokens.values()], (pending) => resolveActivity(pending, { _tag: "Closed" }), {
          discard: true
        })
      )
    )

    const findActivity = (
      request: {
        workflowId?: string | null
        runId?: string | null
        activityId?: string | null
        taskToken?: Uint8Array | null
      }
    ) =>
      Effect.suspend(() => {
        let pending: PendingActivity | undefined
        if (request.taskToken && request.taskToken.length > 0) {
          pending = tokens.get(tokenKey(request.taskToken))
        } else {
          const workflowId = request.workflowId ?? ""
          const run = request.runId ? byId.get(workflowId)?.find((r) => r.runId === request.runId) : latest(workflowId)
          pending = run?.activities.get(request.activityId ?? "")
        }
        return pending !== undefined && pending.run.status === "Running"
          ? Effect.succeed(pending)
          : Effect.fail(activityNotFound())
      })

    const heartbeatActivity = (
      request: { details?: temporal.api.common.v1.IPayloads | null } & Parameters<typeof findActivity>[0]
    ) =>
      Effect.gen(function*() {
        const pending = yield* findActivity(request)
        if (request.details) pending.heartbeatDetails = [...(request.details.payloads ?? [])]
        pending.lastHeartbeatTime = yield* Clock.currentTimeMillis
        return { cancelRequested: pending.cancelRequested, activityPaused: false, activityReset: false }
      })

    const completeActivity = (
      request: { result?: temporal.api.common.v1.IPayloads | null } & Parameters<typeof findActivity>[0]
    ) =>
      Effect.gen(function*() {
        const pending = yield* findActivity(request)
        yield* resolveActivity(pending, { _tag: "Completed", result: [...(request.result?.payloads ?? [])] })
        yield* settle(pending.run)
        return {}
      })

    const failActivity = (
      request: {
        failure?: temporal.api.failure.v1.IFailure | null
        lastHeartbeatDetails?: temporal.api.common.v1.IPayloads | null
      } & Parameters<typeof findActivity>[0]
    ) =>
      Effect.gen(function*() {
        const pending = yield* findActivity(request)
        if (request.lastHeartbeatDetails) pending.heartbeatDetails = [...(request.lastHeartbeatDetails.payloads ?? [])]
        yield* resolveActivity(pending, { _tag: "Failed", failure: request.failure ?? { message: "" } })
        yield* settle(pending.run)
        return {}
      })

    const cancelActivity = (
      request: { details?: temporal.api.common.v1.IPayloads | null } & Parameters<typeof findActivity>[0]
    ) =>
      Effect.gen(function*() {
        const pending = yield* findActivity(request)
        if (!pending.cancelRequested) {
          return yield* Effect.fail(
            FakeConnection.status(
              "INVALID_ARGUMENT",
              "unable to mark activity as canceled without activity being request canceled first"
            )
          )
        }
        yield* resolveActivity(pending, { _tag: "Canceled", details: [...(request.details?.payloads ?? [])] })
        yield* settle(pending.run)
        return {}
      })

    /** The failure the workflow sees: an `ActivityFailure` caused by what happened to the activity. */
    const activityFailure = (pending: PendingActivity, cause: temporal.api.failure.v1.IFailure, retryState: string) =>
      dataConverter.fromFailure({
        message: "Activity task failed",
        source: "in-memory",
        activityFailureInfo: {
          activityType: { name: pending.activityType },
          activityId: pending.activityId,
          identity: "in-memory",
          retryState: enumValues("temporal.api.enums.v1.RetryState")[`RETRY_STATE_${retryState}`] ?? 0
        },
        cause
      }).pipe(Effect.orDie)

    const runAsyncActivity = (run: Run, activityId: string, activityOptions: AsyncActivityOptions) =>
      Effect.gen(function*() {
        if (run.activities.has(activityId)) {
          return yield* Effect.fail(
            new ApplicationFailure({
              message: `An activity with ID "${activityId}" is already pending in this run`,
              type: "DuplicateActivityId",
              nonRetryable: true,
              details: [],
              category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
              stackTrace: ""
            })
          )
        }
        const now = yield* Clock.currentTimeMillis
        const taskToken = new TextEncoder().encode(JSON.stringify({
          namespace,
          workflowId: run.workflowId,
          runId: run.runId,
          activityId,
          sequence: ++tokenSequence
        }))
        const pending: PendingActivity = {
          run,
          activityId,
          activityType: activityOptions.activityType ?? activityId,
          taskToken,
          key: tokenKey(taskToken),
          scheduledTime: now,
          heartbeatTimeout: activityOptions.heartbeatTimeout !== undefined
            ? Duration.toMillis(activityOptions.heartbeatTimeout)
            : 0,
          startToCloseTimeout: activityOptions.startToCloseTimeout !== undefined
            ? Duration.toMillis(activityOptions.startToCloseTimeout)
            : 0,
          heartbeatDetails: undefined,
          lastHeartbeatTime: undefined,
          cancelRequested: run.cancelRequested,
          outcome: yield* Deferred.make<ActivityOutcome>()
        }
        run.activities.set(activityId, pending)
        tokens.set(pending.key, pending)
        const watchdog = pending.heartbeatTimeout > 0 || pending.startToCloseTimeout > 0
          ? Option.some(
            yield* forkInRun(
              run,
              Effect.gen(function*() {
                while (true) {
                  const deadlines: Array<readonly [number, string]> = []
                  if (pending.startToCloseTimeout > 0) {
                    deadlines.push([pending.scheduledTime + pending.startToCloseTimeout, "START_TO_CLOSE"])
                  }
                  if (pending.heartbeatTimeout > 0) {
                    deadlines.push([
                      (pending.lastHeartbeatTime ?? pending.scheduledTime) + pending.heartbeatTimeout,
                      "HEARTBEAT"
                    ])
                  }
                  const [deadline, timeoutType] = deadlines.reduce((a, b) => (b[0] < a[0] ? b : a))
                  const current = yield* Clock.currentTimeMillis
                  if (current >= deadline) {
                    return yield* resolveActivity(pending, { _tag: "TimedOut", timeoutType })
                  }
                  yield* waiting(run, Effect.sleep(Duration.millis(deadline - current)))
                }
              })
            )
          )
          : Option.none()
        if (activityOptions.start !== undefined) {
          yield* activityOptions.start({
            taskToken,
            activityId,
            heartbeat: (...details) =>
              Effect.gen(function*() {
                pending.heartbeatDetails = [...(yield* dataConverter.toPayloads(details).pipe(Effect.orDie))]
                pending.lastHeartbeatTime = yield* Clock.currentTimeMillis
              })
          })
        }
        const wait = waiting(run, Deferred.await(pending.outcome))
        const outcome = yield* (activityOptions.cancellationType === "TryCancel"
          ? Effect.onInterrupt(wait, () => Effect.sync(() => void (pending.cancelRequested = true)))
          : Effect.onInterrupt(
            wait,
            () =>
              // WAIT_CANCELLATION_COMPLETED: the cancellation waits for the activity's answer
              Effect.andThen(Effect.sync(() => void (pending.cancelRequested = true)), Deferred.await(pending.outcome))
          )).pipe(
            Effect.ensuring(
              Option.match(watchdog, {
                onNone: () => Effect.void,
                onSome: (fiber) => Effect.sync(() => fiber.interruptUnsafe())
              })
            )
          )
        switch (outcome._tag) {
          case "Completed": {
            const [value] = yield* dataConverter.fromPayloads(outcome.result).pipe(Effect.orDie)
            return value
          }
          case "Failed":
            return yield* Effect.fail(
              yield* activityFailure(
                pending,
                outcome.failure,
                outcome.failure.applicationFailureInfo?.nonRetryable
                  ? "NON_RETRYABLE_FAILURE"
                  : "MAXIMUM_ATTEMPTS_REACHED"
              )
            )
          case "Canceled":
            return yield* Effect.fail(
              yield* activityFailure(pending, {
                message: "Activity cancelled",
                source: "in-memory",
                canceledFailureInfo: { details: { payloads: [...outcome.details] } }
              }, "CANCEL_REQUESTED")
            )
          case "TimedOut":
            return yield* Effect.fail(
              yield* activityFailure(pending, {
                message: `activity ${outcome.timeoutType === "HEARTBEAT" ? "Heartbeat" : "StartToClose"} timeout`,
                source: "in-memory",
                timeoutFailureInfo: {
                  timeoutType: enumValues("temporal.api.enums.v1.TimeoutType")[`TIMEOUT_TYPE_${outcome.timeoutType}`] ??
                    0,
                  ...(pending.heartbeatDetails
                    ? { lastHeartbeatDetails: { payloads: [...pending.heartbeatDetails] } }
                    : {})
                }
              }, "TIMEOUT")
            )
          case "Closed":
            return yield* Effect.interrupt
        }
      })

    const pendingActivityInfo = (pending: PendingActivity): temporal.api.workflow.v1.IPendingActivityInfo => ({
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

    const failureOf = (error: unknown) => dataConverter.toFailure(error).pipe(Effect.orDie)
    const defectFailure = (cause: Cause.Cause<unknown>) =>
      new ApplicationFailure({
        message: `Workflow code died: ${Cause.pretty(cause)}`,
        type: "Defect",
        nonRetryable: true,
        details: [],
        category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
        stackTrace: ""
      })

    const close = (run: Run, status: Status, event: Omit<HistoryEvent, "eventId" | "eventTime">) =>
      Effect.gen(function*() {
        if (run.status !== "Running") return
        run.status = status
        run.closeTime = yield* Clock.currentTimeMillis
        yield* addEvent(run, event)
        run.closeEvent = run.events[run.events.length - 1]
        for (const pending of [...run.activities.values()]) yield* resolveActivity(pending, { _tag: "Closed" })
        for (const update of run.updates.values()) {
          if (!(yield* Deferred.isDone(update.outcome))) {
            const failure = yield* failureOf(
              new ApplicationFailure({
                message: "The workflow closed before the update completed",
                type: "WorkflowClosed",
                nonRetryable: true,
                details: [],
                category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
                stackTrace: ""
              })
            )
            yield* Deferred.succeed(update.outcome, { failure })
          }
        }
        yield* Deferred.succeed(run.closed, undefined)
        yield* bump(run)
        yield* Effect.forkDetach(Scope.close(run.scope, Exit.void))
      })

    const terminate = (run: Run, reason: string, identity: string) =>
      Effect.gen(function*() {
        yield* close(run, "Terminated", {
          eventType: eventType("WORKFLOW_EXECUTION_TERMINATED"),
          workflowExecutionTerminatedEventAttributes: { reason, identity }
        })
      })

    /** How the workflow fiber's end closes the run. */
    const finish = (run: Run, exit: Exit.Exit<unknown, WorkflowFailure>) =>
      Effect.gen(function*() {
        if (run.status !== "Running") return
        if (Exit.isSuccess(exit)) {
          const result = yield* dataConverter.toPayload(exit.value).pipe(Effect.orDie)
          return yield* close(run, "Completed", {
            eventType: eventType("WORKFLOW_EXECUTION_COMPLETED"),
            workflowExecutionCompletedEventAttributes: { result: { payloads: [result] } }
          })
        }
        const cause = exit.cause
        const continued = Option.flatMap(
          Result.getSuccess(Cause.findDefect(cause)),
          (defect) => defect instanceof ContinueAsNew ? Option.some(defect) : Option.none()
        )
        if (Option.isSome(continued)) {
          const input = yield* dataConverter.toPayloads(continued.value.args).pipe(Effect.orDie)
          const next = yield* startRun(
            { ...run.startRequest, input: { payloads: input }, requestId: yield* makeRequestId },
            run.firstExecutionRunId,
            run.runId,
            []
          )
          return yield* close(run, "ContinuedAsNew", {
            eventType: eventType("WORKFLOW_EXECUTION_CONTINUED_AS_NEW"),
            workflowExecutionContinuedAsNewEventAttributes: {
              newExecutionRunId: next.runId,
              workflowType: { name: run.workflowType },
              taskQueue: { name: run.taskQueue },
              input: { payloads: input }
            }
          })
        }
        const failed = Cause.findErrorOption(cause)
        if (
          (Cause.hasInterruptsOnly(cause) && run.cancelRequested) ||
          (Option.isSome(failed) && failed.value instanceof CanceledFailure && run.cancelRequested)
        ) {
          return yield* close(run, "Canceled", {
            eventType: eventType("WORKFLOW_EXECUTION_CANCELED"),
            workflowExecutionCanceledEventAttributes: {}
          })
        }
        const error = Option.isSome(failed) ? failed.value : defectFailure(cause)
        const failure = yield* failureOf(error)
        return yield* close(run, "Failed", {
          eventType: eventType("WORKFLOW_EXECUTION_FAILED"),
          workflowExecutionFailedEventAttributes: {
            failure,
            retryState: enumValues("temporal.api.enums.v1.RetryState")["RETRY_STATE_RETRY_POLICY_NOT_SET"] ?? 0
          }
        })
      })

    /**
     * Fork an Effect in the run's scope, tracked for `settle`; interruptible even when the RPC
     * that started it runs uninterruptibly (e.g. in the acquire of `Effect.acquireRelease`).
     */
    const forkInRun = <A, E>(run: Run, effect: Effect.Effect<A, E>) =>
      Effect.gen(function*() {
        const fiber = yield* Effect.forkIn(Effect.interruptible(effect), run.scope)
        run.fibers.add(fiber as Fiber.Fiber<unknown, unknown>)
        fiber.addObserver(() => run.fibers.delete(fiber as Fiber.Fiber<unknown, unknown>))
        return fiber
      })

    const runHandler = <A>(run: Run, effect: Effect.Effect<A, WorkflowFailure>) =>
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

    const deliverSignal = (run: Run, name: string, args: ReadonlyArray<unknown>) =>
      Effect.gen(function*() {
        const handler = run.signalHandlers.get(name)
        if (handler) {
          yield* forkInRun(
            run,
            runHandler(run, handler(...args)).pipe(Effect.catchCause((cause) => failRun(run, cause)))
          )
        } else {
          const buffer = run.signalBuffer.get(name) ?? []
          buffer.push(args)
          run.signalBuffer.set(name, buffer)
          yield* bump(run)
        }
      })

    /** A failing signal handler fails the workflow, as in the SDKs. */
    const failRun = (run: Run, cause: Cause.Cause<WorkflowFailure>) =>
      Effect.gen(function*() {
        const main = [...run.fibers][0]
        yield* finish(run, Exit.failCause(cause))
        if (main) yield* Effect.sync(() => main.interruptUnsafe())
      })

    const contextOf = (run: Run): WorkflowContext => {
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
          namespace,
          firstExecutionRunId: run.firstExecutionRunId,
          continuedFromRunId: run.continuedFromRunId,
          attempt: 1
        },
        setSignalHandler: (name, handler) =>
          Effect.gen(function*() {
            run.signalHandlers.set(name, handler)
            const buffered = run.signalBuffer.get(name) ?? []
            run.signalBuffer.delete(name)
            for (const args of buffered) yield* deliverSignal(run, name, args)
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
        sleep: (duration) => waiting(run, Effect.sleep(duration)),
        continueAsNew: (...args) => Effect.die(new ContinueAsNew(args)),
        cancelRequested: Effect.sync(() => run.cancelRequested),
        asyncActivity: (activityId, activityOptions) =>
          runAsyncActivity(run, activityId, activityOptions ?? {}) as Effect.Effect<never, WorkflowFailure>
      }
    }

    const startRun = (
      request: StartRequest,
      firstExecutionRunId: string | undefined,
      continuedFromRunId: string | undefined,
      signals: ReadonlyArray<{ readonly name: string; readonly input: ReadonlyArray<Payload> }>
    ): Effect.Effect<Run> =>
      Effect.gen(function*() {
        const runId = yield* makeRequestId
        const workflowId = request.workflowId ?? ""
        const workflowType = request.workflowType?.name ?? ""
        const run: Run = {
          workflowId,
          runId,
          workflowType,
          taskQueue: request.taskQueue?.name ?? "",
          firstExecutionRunId: firstExecutionRunId ?? runId,
          continuedFromRunId,
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
          scope: yield* Scope.fork(runsScope, "sequential"),
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
        const runs = byId.get(workflowId) ?? []
        runs.push(run)
        byId.set(workflowId, runs)
        all.push(run)
        yield* addEvent(run, {
          eventType: eventType("WORKFLOW_EXECUTION_STARTED"),
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: workflowType },
            taskQueue: request.taskQueue ?? null,
            input: { payloads: [...run.input] },
            identity: request.identity ?? "",
            originalExecutionRunId: runId,
            firstExecutionRunId: run.firstExecutionRunId,
            continuedExecutionRunId: continuedFromRunId ?? "",
            attempt: 1,
            memo: request.memo ?? null,
            searchAttributes: request.searchAttributes ?? null,
            header: request.header ?? null
          }
        })
        for (const signal of signals) {
          yield* addEvent(run, {
            eventType: eventType("WORKFLOW_EXECUTION_SIGNALED"),
            workflowExecutionSignaledEventAttributes: {
              signalName: signal.name,
              input: { payloads: [...signal.input] }
            }
          })
          const args = yield* dataConverter.fromPayloads(signal.input).pipe(Effect.orDie)
          run.signalBuffer.set(signal.name, [...(run.signalBuffer.get(signal.name) ?? []), args])
        }
        const fn = options.workflows[workflowType]
        const args = yield* dataConverter.fromPayloads(run.input).pipe(Effect.orDie)
        const body: Effect.Effect<unknown, WorkflowFailure> = fn !== undefined
          ? Effect.suspend(() => fn(args, contextOf(run)))
          : Effect.fail(
            new ApplicationFailure({
              message: `No workflow is registered as "${workflowType}" (registered: ${
                Object.keys(options.workflows).join(", ") || "none"
              })`,
              type: "WorkflowNotRegistered",
              nonRetryable: true,
              details: [],
              category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
              stackTrace: ""
            })
          )
        yield* forkInRun(run, Effect.onExit(body, (exit) => finish(run, exit)))
        const timeout = durationMillis(request.workflowRunTimeout) || durationMillis(request.workflowExecutionTimeout)
        if (timeout > 0) {
          yield* forkInRun(
            run,
            Effect.andThen(
              Effect.sleep(Duration.millis(timeout)),
              Effect.suspend(() => {
                const main = [...run.fibers][0]
                return Effect.andThen(
                  close(run, "TimedOut", {
                    eventType: eventType("WORKFLOW_EXECUTION_TIMED_OUT"),
                    workflowExecutionTimedOutEventAttributes: {}
                  }),
                  main ? Effect.sync(() => main.interruptUnsafe()) : Effect.void
                )
              })
            )
          )
        }
        yield* settle(run)
        return run
      })

    /** Start, with the ID reuse and conflict policies. */
    const start = (
      request: StartRequest,
      defaultConflict: "FAIL" | "USE_EXISTING",
      signals: ReadonlyArray<{ readonly name: string; readonly input: ReadonlyArray<Payload> }>
    ): Effect.Effect<{ readonly run: Run; readonly started: boolean }, FakeConnection.FakeStatus> =>
      Effect.gen(function*() {
        const workflowId = request.workflowId ?? ""
        const existing = latest(workflowId)
        const reuse = request.workflowIdReusePolicy ?? 0
        const conflictNames = Object.fromEntries(Object.entries(conflictPolicies()).map(([k, v]) => [v, k]))
        let conflict = (conflictNames[request.workflowIdConflictPolicy ?? 0] ?? "").replace(
          "WORKFLOW_ID_CONFLICT_POLICY_",
          ""
        )
        if (conflict === "UNSPECIFIED" || conflict === "") conflict = defaultConflict
        if (reuse === reusePolicies()["WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING"]) conflict = "TERMINATE_EXISTING"
        if (existing?.status === "Running") {
          if (request.requestId && existing.requestId === request.requestId) return { run: existing, started: true }
          if (conflict === "USE_EXISTING") {
            for (const signal of signals) yield* signalRun(existing, signal.name, signal.input, "")
            return { run: existing, started: false }
          }
          if (conflict === "TERMINATE_EXISTING") {
            yield* terminate(existing, "terminated by a new start (conflict policy)", request.identity ?? "")
          } else {
            return yield* Effect.fail(FakeConnection.alreadyStarted(existing.runId, existing.requestId))
          }
        } else if (existing !== undefined) {
          if (request.requestId && existing.requestId === request.requestId) return { run: existing, started: true }
          if (
            reuse === reusePolicies()["WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE"] ||
            (reuse === reusePolicies()["WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY"] &&
              existing.status === "Completed")
          ) {
            return yield* Effect.fail(FakeConnection.alreadyStarted(existing.runId, existing.requestId))
          }
        }
        return { run: yield* startRun(request, undefined, undefined, signals), started: true }
      })

    const signalRun = (run: Run, name: string, input: ReadonlyArray<Payload>, requestId: string) =>
      Effect.gen(function*() {
        if (requestId && run.signalRequestIds.has(requestId)) return
        if (requestId) run.signalRequestIds.add(requestId)
        yield* addEvent(run, {
          eventType: eventType("WORKFLOW_EXECUTION_SIGNALED"),
          workflowExecutionSignaledEventAttributes: { signalName: name, input: { payloads: [...input] } }
        })
        const args = yield* dataConverter.fromPayloads(input).pipe(Effect.orDie)
        yield* deliverSignal(run, name, args)
        yield* settle(run)
      })

    const update = (
      run: Run,
      request: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest
    ): Effect.Effect<ResponseOf<"updateWorkflowExecution">, FakeConnection.FakeStatus> =>
      Effect.gen(function*() {
        const updateId = request.request?.meta?.updateId ?? ""
        const name = request.request?.input?.name ?? ""
        const ref = { workflowExecution: { workflowId: run.workflowId, runId: run.runId }, updateId }
        let entry = run.updates.get(updateId)
        if (entry === undefined) {
          if (run.status !== "Running") return yield* Effect.fail(closedStatus())
          yield* settle(run)
          const created: Update = {
            name,
            accepted: false,
            outcome: yield* Deferred.make<temporal.api.update.v1.IOutcome>()
          }
          entry = created
          run.updates.set(updateId, created)
          const args = yield* dataConverter.fromPayloads(request.request?.input?.args?.payloads).pipe(Effect.orDie)
          const registered = run.updateHandlers.get(name)
          const reject = (error: unknown) =>
            Effect.flatMap(failureOf(error), (failure) => Deferred.succeed(created.outcome, { failure }))
          if (registered === undefined) {
            yield* reject(
              new ApplicationFailure({
                message: `No handler for update "${name}" (known: ${
                  [...run.updateHandlers.keys()].join(", ") || "none"
                })`,
                type: "NotFoundError",
                nonRetryable: true,
                details: [],
                category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
                stackTrace: ""
              })
            )
          } else {
            const validation = registered.validator ? yield* Effect.exit(registered.validator(...args)) : Exit.void
            if (Exit.isFailure(validation)) {
              yield* reject(
                Option.getOrElse(Cause.findErrorOption(validation.cause), () => defectFailure(validation.cause))
              )
            } else {
              created.accepted = true
              yield* forkInRun(
                run,
                runHandler(run, registered.handler(...args)).pipe(
                  Effect.onExit((exit) =>
                    Exit.isSuccess(exit)
                      ? Effect.flatMap(
                        dataConverter.toPayload(exit.value).pipe(Effect.orDie),
                        (payload) => Deferred.succeed(created.outcome, { success: { payloads: [payload] } })
                      )
                      : Exit.hasInterrupts(exit)
                      ? Effect.void
                      : reject(Option.getOrElse(Cause.findErrorOption(exit.cause), () => defectFailure(exit.cause)))
                  )
                )
              )
              yield* settle(run)
            }
          }
        }
        const wanted = request.waitPolicy?.lifecycleStage ?? 0
        const current = entry
        const outcome = wanted >= stage("COMPLETED")
          ? yield* Effect.timeoutOption(Deferred.await(current.outcome), longPollWindow)
          : yield* Deferred.isDone(current.outcome).pipe(
            Effect.flatMap((done) =>
              done ? Effect.map(Deferred.await(current.outcome), Option.some) : Effect.succeedNone
            )
          )
        return {
          updateRef: ref,
          stage: Option.isSome(outcome) ? stage("COMPLETED") : stage("ACCEPTED"),
          ...(Option.isSome(outcome) ? { outcome: outcome.value } : {})
        }
      })

    const requestCancel = (run: Run, reason: string, identity: string) =>
      Effect.gen(function*() {
        if (run.cancelRequested || run.status !== "Running") return
        run.cancelRequested = true
        for (const pending of run.activities.values()) pending.cancelRequested = true
        yield* addEvent(run, {
          eventType: eventType("WORKFLOW_EXECUTION_CANCEL_REQUESTED"),
          workflowExecutionCancelRequestedEventAttributes: { cause: reason, identity }
        })
        const main = [...run.fibers][0]
        if (main) yield* Effect.sync(() => main.interruptUnsafe())
        yield* bump(run)
        yield* settle(run)
      })

    const terminateRun = (run: Run, reason: string, identity: string) =>
      Effect.gen(function*() {
        const fibers = [...run.fibers]
        yield* terminate(run, reason, identity)
        for (const fiber of fibers) yield* Effect.sync(() => fiber.interruptUnsafe())
      })

    // -------------------------------------------------------------------------
    // schedules
    // -------------------------------------------------------------------------

    const schedules = new Map<string, ScheduleEntry>()
    const overlapPolicy = (name: string) =>
      enumValues("temporal.api.enums.v1.ScheduleOverlapPolicy")[`SCHEDULE_OVERLAP_POLICY_${name}`] ?? 0
    const scheduleNotFound = (scheduleId: string) => FakeConnection.notFound(`schedule "${scheduleId}" not found`)
    const findSchedule = (scheduleId: string | null | undefined) =>
      Effect.suspend(() => {
        const entry = schedules.get(scheduleId ?? "")
        return entry ? Effect.succeed(entry) : Effect.fail(scheduleNotFound(scheduleId ?? ""))
      })
    const conflictTokenOf = (entry: ScheduleEntry) => new TextEncoder().encode(String(entry.conflictToken))

    /** The schedule as the server stores it: cron strings compiled into calendars (or intervals). */
    const storedSchedule = (schedule: temporal.api.schedule.v1.ISchedule | null | undefined) =>
      Effect.gen(function*() {
        if (!schedule?.action?.startWorkflow) {
          return yield* Effect.fail(FakeConnection.status("INVALID_ARGUMENT", "schedule action must start a workflow"))
        }
        const spec = schedule.spec ?? {}
        const calendars = [...(spec.structuredCalendar ?? [])]
        const intervals = [...(spec.interval ?? [])]
        for (const cron of spec.cronString ?? []) {
          const compiled = compileCron(cron)
          if (compiled === undefined) {
            return yield* Effect.fail(
              FakeConnection.status("INVALID_ARGUMENT", `in-memory Temporal cannot parse cron string "${cron}"`)
            )
          }
          if ("calendar" in compiled) calendars.push(compiled.calendar)
          else intervals.push(compiled.interval)
        }
        return { ...schedule, spec: { ...spec, structuredCalendar: calendars, interval: intervals, cronString: [] } }
      })

    const isChainRunning = (started: { readonly workflowId: string; readonly runId: string }) => {
      const current = latest(started.workflowId)
      return current !== undefined && current.status === "Running" && current.firstExecutionRunId === started.runId
    }
    const runningOf = (entry: ScheduleEntry) => entry.started.filter(isChainRunning)

    /** Start the action's workflow for nominal time `nominal`; record it. */
    const startScheduled = (entry: ScheduleEntry, nominal: number): Effect.Effect<void> =>
      Effect.gen(function*() {
        const action = entry.schedule.action?.startWorkflow ?? {}
        const workflowId = entry.schedule.policies?.keepOriginalWorkflowId
          ? action.workflowId ?? ""
          : `${action.workflowId ?? ""}-${rfc3339(nominal)}`
        const request: StartRequest = {
          namespace,
          workflowId,
          workflowType: action.workflowType ?? null,
          taskQueue: action.taskQueue ?? null,
          input: action.input ?? null,
          workflowExecutionTimeout: action.workflowExecutionTimeout ?? null,
          workflowRunTimeout: action.workflowRunTimeout ?? null,
          workflowTaskTimeout: action.workflowTaskTimeout ?? null,
          retryPolicy: action.retryPolicy ?? null,
          memo: action.memo ?? null,
          searchAttributes: action.searchAttributes ?? null,
          header: action.header ?? null,
          userMetadata: action.userMetadata ?? null,
          identity: "temporal-scheduler",
          requestId: yield* makeRequestId
        }
        const started = yield* Effect.result(start(request, "FAIL", []))
        // the ID is taken by a running workflow: the server drops the action too
        if (Result.isFailure(started)) return
        const run = started.success.run
        const now = yield* Clock.currentTimeMillis
        entry.actionCount++
        const result: Mutable<temporal.api.schedule.v1.IScheduleActionResult> = {
          scheduleTime: timestamp(nominal),
          actualTime: timestamp(now),
          startWorkflowResult: { workflowId, runId: run.runId },
          startWorkflowStatus: statusNumber(run.status)
        }
        entry.recentActions.push(result)
        if (entry.recentActions.length > 10) entry.recentActions.shift()
        const chain = { workflowId, runId: run.runId }
        entry.started.push(chain)
        yield* Effect.forkIn(Effect.interruptible(watchScheduled(entry, chain, result)), runsScope)
      })

    /** When a started workflow (followed through continue-as-new) closes: status, pause on failure, the buffer. */
    const watchScheduled = (
      entry: ScheduleEntry,
      chain: { readonly workflowId: string; readonly runId: string },
      result: Mutable<temporal.api.schedule.v1.IScheduleActionResult>
    ): Effect.Effect<void> =>
      Effect.gen(function*() {
        while (true) {
          const current = latest(chain.workflowId)
          if (current === undefined || current.firstExecutionRunId !== chain.runId) return
          if (current.status === "Running") {
            yield* Deferred.await(current.closed)
            continue
          }
          result.startWorkflowStatus = statusNumber(current.status)
          entry.started = entry.started.filter((s) => s !== chain)
          if (
            entry.schedule.policies?.pauseOnFailure && (current.status === "Failed" || current.status === "TimedOut")
          ) {
            entry.schedule = {
              ...entry.schedule,
              state: {
                ...entry.schedule.state,
                paused: true,
                notes: `paused due to workflow failure: ${chain.workflowId}: ${current.status}`
              }
            }
          }
          if (schedules.get(entry.id) === entry) yield* drainBuffer(entry)
          return
        }
      })

    /** Start buffered actions while nothing the schedule started runs. */
    const drainBuffer = (entry: ScheduleEntry): Effect.Effect<void> =>
      Effect.gen(function*() {
        while (entry.buffer.length > 0 && runningOf(entry).length === 0) {
          const next = entry.buffer.shift()!
          yield* startScheduled(entry, next)
        }
      })

    /** Take one action (scheduled, triggered or backfilled) under an overlap policy (0: the schedule's). */
    const takeAction = (entry: ScheduleEntry, nominal: number, overlap: number) =>
      Effect.gen(function*() {
        const policy = overlap || entry.schedule.policies?.overlapPolicy || overlapPolicy("SKIP")
        const running = runningOf(entry)
        if (running.length === 0 && entry.buffer.length === 0) return yield* startScheduled(entry, nominal)
        switch (policy) {
          case overlapPolicy("ALLOW_ALL"):
            return yield* startScheduled(entry, nominal)
          case overlapPolicy("BUFFER_ONE"):
            if (entry.buffer.length > 0) entry.bufferDropped++
            else entry.buffer.push(nominal)
            return yield* drainBuffer(entry)
          case overlapPolicy("BUFFER_ALL"):
            entry.buffer.push(nominal)
            return yield* drainBuffer(entry)
          case overlapPolicy("CANCEL_OTHER"):
            entry.buffer.push(nominal)
            for (const chain of running) {
              const run = latest(chain.workflowId)
              if (run !== undefined) {
                yield* Effect.ignore(requestCancel(run, "cancelled by schedule overlap policy", "temporal-scheduler"))
              }
            }
            return yield* drainBuffer(entry)
          case overlapPolicy("TERMINATE_OTHER"):
            for (const chain of running) {
              const run = latest(chain.workflowId)
              if (run !== undefined) {
                yield* terminateRun(run, "terminated by schedule overlap policy", "temporal-scheduler")
              }
            }
            entry.buffer.push(nominal)
            return yield* drainBuffer(entry)
          default:
            if (running.length > 0) {
              entry.overlapSkipped++
              return
            }
            entry.buffer.push(nominal)
            return yield* drainBuffer(entry)
        }
      })

    /** Fire the schedule's times on the `Clock`, from `lastProcessed` on. */
    const driveSchedule = (entry: ScheduleEntry): Effect.Effect<void> =>
      Effect.gen(function*() {
        while (schedules.get(entry.id) === entry) {
          const next = nextSpecTime(compileSpec(entry.schedule.spec), entry.lastProcessed)
          if (next === undefined) return
          const now = yield* Clock.currentTimeMillis
          if (next > now) yield* Effect.sleep(Duration.millis(next - now))
          entry.lastProcessed = next
          const state = entry.schedule.state
          if (state?.paused) continue
          if (state?.limitedActions) {
            const remaining = int64ToNumber(state.remainingActions)
            if (remaining <= 0) continue
            entry.schedule = { ...entry.schedule, state: { ...state, remainingActions: (remaining - 1) as never } }
            entry.conflictToken++
          }
          yield* takeAction(entry, next, 0)
        }
      })

    const restartDriver = (entry: ScheduleEntry) =>
      Effect.gen(function*() {
        if (entry.driver !== undefined) entry.driver.interruptUnsafe()
        entry.lastProcessed = yield* Clock.currentTimeMillis
        entry.driver = yield* Effect.forkIn(Effect.interruptible(driveSchedule(entry)), runsScope)
      })

    const applyPatch = (entry: ScheduleEntry, patch: temporal.api.schedule.v1.ISchedulePatch | null | undefined) =>
      Effect.gen(function*() {
        if (!patch) return
        const now = yield* Clock.currentTimeMillis
        if (patch.pause) {
          entry.schedule = { ...entry.schedule, state: { ...entry.schedule.state, paused: true, notes: patch.pause } }
        }
        if (patch.unpause) {
          entry.schedule = {
            ...entry.schedule,
            state: { ...entry.schedule.state, paused: false, notes: patch.unpause }
          }
        }
        if (patch.pause || patch.unpause) entry.updateTime = now
        if (patch.triggerImmediately) {
          const at = patch.triggerImmediately.scheduledTime ? protoMillis(patch.triggerImmediately.scheduledTime) : now
          yield* takeAction(entry, at, patch.triggerImmediately.overlapPolicy ?? 0)
        }
        const spec = compileSpec(entry.schedule.spec)
        for (const backfill of patch.backfillRequest ?? []) {
          const times = specTimesBetween(spec, protoMillis(backfill.startTime), protoMillis(backfill.endTime))
          for (const t of times) yield* takeAction(entry, t, backfill.overlapPolicy ?? 0)
        }
      })

    const futureActionTimes = (entry: ScheduleEntry, count: number) => {
      const state = entry.schedule.state
      const n = state?.limitedActions ? Math.min(count, int64ToNumber(state.remainingActions)) : count
      const spec = compileSpec(entry.schedule.spec)
      const times: Array<ReturnType<typeof timestamp>> = []
      let t = entry.lastProcessed
      while (times.length < n) {
        const next = nextSpecTime(spec, t)
        if (next === undefined) break
        times.push(timestamp(next))
        t = next
      }
      return times
    }

    const scheduleInfo = (entry: ScheduleEntry): temporal.api.schedule.v1.IScheduleInfo => ({
      actionCount: entry.actionCount as never,
      missedCatchupWindow: 0 as never,
      overlapSkipped: entry.overlapSkipped as never,
      bufferDropped: entry.bufferDropped as never,
      bufferSize: entry.buffer.length as never,
      runningWorkflows: runningOf(entry).map((s) => ({ workflowId: s.workflowId, runId: s.runId })),
      recentActions: [...entry.recentActions],
      futureActionTimes: futureActionTimes(entry, 10),
      createTime: timestamp(entry.createTime),
      ...(entry.updateTime !== undefined ? { updateTime: timestamp(entry.updateTime) } : {})
    })

    const scheduleMatcher = (query: string) => {
      const clauses: Array<(entry: ScheduleEntry) => boolean> = []
      for (const clause of query.trim() === "" ? [] : query.split(/\s+AND\s+/i)) {
        const id = /^\s*ScheduleId\s*=\s*(['"])(.*)\1\s*$/.exec(clause)
        const paused = /^\s*TemporalSchedulePaused\s*=\s*(true|false)\s*$/i.exec(clause)
        if (id !== null) clauses.push((entry) => entry.id === id[2])
        else if (paused !== null) {
          const want = paused[1]!.toLowerCase() === "true"
          clauses.push((entry) => (entry.schedule.state?.paused ?? false) === want)
        } else {
          return Effect.fail(
            FakeConnection.status(
              "INVALID_ARGUMENT",
              `in-memory Temporal lists schedules only by \`ScheduleId = '…'\` and \`TemporalSchedulePaused = true|false\` joined by AND; got: ${clause}`
            )
          )
        }
      }
      return Effect.succeed((entry: ScheduleEntry) => clauses.every((c) => c(entry)))
    }

    const scheduleHandlers: Handlers = {
      createSchedule: (request) =>
        Effect.gen(function*() {
          const scheduleId = request.scheduleId ?? ""
          const existing = schedules.get(scheduleId)
          if (existing !== undefined) {
            if (request.requestId && existing.requestId === request.requestId) {
              return { conflictToken: conflictTokenOf(existing) }
            }
            return yield* Effect.fail(
              FakeConnection.status("ALREADY_EXISTS", "Schedule with this ID is already registered", [{
                typeName: "temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure",
                value: { startRequestId: existing.requestId, runId: "" }
              }])
            )
          }
          const now = yield* Clock.currentTimeMillis
          const entry: ScheduleEntry = {
            id: scheduleId,
            requestId: request.requestId ?? "",
            schedule: yield* storedSchedule(request.schedule),
            memo: request.memo ?? null,
            searchAttributes: { ...request.searchAttributes?.indexedFields },
            conflictToken: 1,
            createTime: now,
            updateTime: undefined,
            actionCount: 0,
            overlapSkipped: 0,
            bufferDropped: 0,
            recentActions: [],
            started: [],
            buffer: [],
            lastProcessed: now,
            driver: undefined
          }
          schedules.set(scheduleId, entry)
          yield* restartDriver(entry)
          yield* applyPatch(entry, request.initialPatch)
          return { conflictToken: conflictTokenOf(entry) }
        }),
      describeSchedule: (request) =>
        Effect.map(findSchedule(request.scheduleId), (entry) => ({
          schedule: entry.schedule,
          info: scheduleInfo(entry),
          memo: entry.memo,
          searchAttributes: { indexedFields: { ...entry.searchAttributes } },
          conflictToken: conflictTokenOf(entry)
        })),
      updateSchedule: (request) =>
        Effect.gen(function*() {
          const entry = yield* findSchedule(request.scheduleId)
          if (
            request.conflictToken && request.conflictToken.length > 0 &&
            tokenKey(request.conflictToken) !== tokenKey(conflictTokenOf(entry))
          ) {
            return yield* Effect.fail(FakeConnection.status("FAILED_PRECONDITION", "mismatched conflict token"))
          }
          entry.schedule = yield* storedSchedule(request.schedule)
          if (request.searchAttributes) {
            const empty = (p: Payload) =>
              (p.data?.length ?? 0) === 0 || new TextDecoder().decode(p.data ?? undefined) === "null"
            entry.searchAttributes = Object.fromEntries(
              Object.entries(request.searchAttributes.indexedFields ?? {}).filter(([, p]) => !empty(p))
            )
          }
          entry.conflictToken++
          entry.updateTime = yield* Clock.currentTimeMillis
          yield* restartDriver(entry)
          return {}
        }),
      patchSchedule: (request) =>
        Effect.gen(function*() {
          const entry = yield* findSchedule(request.scheduleId)
          yield* applyPatch(entry, request.patch)
          return {}
        }),
      deleteSchedule: (request) =>
        Effect.gen(function*() {
          const entry = yield* findSchedule(request.scheduleId)
          schedules.delete(entry.id)
          if (entry.driver !== undefined) entry.driver.interruptUnsafe()
          return {}
        }),
      listSchedules: (request) =>
        Effect.gen(function*() {
          const match = yield* scheduleMatcher(request.query ?? "")
          const offset = request.nextPageToken && request.nextPageToken.length > 0
            ? Number(new TextDecoder().decode(request.nextPageToken))
            : 0
          const size = request.maximumPageSize && request.maximumPageSize > 0 ? request.maximumPageSize : 1000
          const matching = [...schedules.values()].filter(match)
          const page = matching.slice(offset, offset + size).map((
            entry
          ): temporal.api.schedule.v1.IScheduleListEntry => ({
            scheduleId: entry.id,
            memo: entry.memo,
            searchAttributes: { indexedFields: { ...entry.searchAttributes } },
            info: {
              spec: entry.schedule.spec ?? null,
              workflowType: entry.schedule.action?.startWorkflow?.workflowType ?? null,
              notes: entry.schedule.state?.notes ?? "",
              paused: entry.schedule.state?.paused ?? false,
              recentActions: entry.recentActions.slice(-5),
              futureActionTimes: futureActionTimes(entry, 5)
            }
          }))
          const next = offset + size < matching.length ? new TextEncoder().encode(String(offset + size)) : null
          return { schedules: page, ...(next ? { nextPageToken: next } : {}) }
        }),
      listScheduleMatchingTimes: (request) =>
        Effect.map(findSchedule(request.scheduleId), (entry) => ({
          startTime: specTimesBetween(
            compileSpec(entry.schedule.spec),
            protoMillis(request.startTime),
            protoMillis(request.endTime),
            1000
          ).map(timestamp)
        }))
    }

    const executionInfo = (run: Run): temporal.api.workflow.v1.IWorkflowExecutionInfo => ({
      execution: { workflowId: run.workflowId, runId: run.runId },
      type: { name: run.workflowType },
      startTime: timestamp(run.startTime),
      executionTime: timestamp(run.startTime),
      ...(run.closeTime !== undefined ? { closeTime: timestamp(run.closeTime) } : {}),
      status: statusNumber(run.status),
      historyLength: run.events.length as never,
      taskQueue: run.taskQueue,
      memo: run.memo ?? null,
      searchAttributes: run.searchAttributes ?? null,
      firstRunId: run.firstExecutionRunId,
      rootExecution: { workflowId: run.workflowId, runId: run.runId }
    })

    const matcher = (query: string) => {
      const text = query.trim()
      if (text === "") return Effect.succeed({ match: (_: Run) => true, groupByStatus: false })
      const [where, groupBy] = text.split(/\s+GROUP\s+BY\s+/i) as [string, string | undefined]
      if (groupBy !== undefined && groupBy.trim() !== "ExecutionStatus") {
        return Effect.fail(
          FakeConnection.status("INVALID_ARGUMENT", `in-memory Temporal: GROUP BY ${groupBy} is not supported`)
        )
      }
      const clauses: Array<(run: Run) => boolean> = []
      for (const clause of where.trim() === "" ? [] : where.split(/\s+AND\s+/i)) {
        const m = /^\s*\(?\s*(WorkflowType|WorkflowId|ExecutionStatus|TaskQueue|RunId)\s*=\s*(['"])(.*)\2\s*\)?\s*$/
          .exec(clause)
        if (m === null) {
          return Effect.fail(
            FakeConnection.status(
              "INVALID_ARGUMENT",
              `in-memory Temporal supports only \`Field = 'value'\` on WorkflowType, WorkflowId, ExecutionStatus, TaskQueue, RunId joined by AND; got: ${clause}`
            )
          )
        }
        const [, field, , value] = m
        clauses.push((run) =>
          field === "WorkflowType"
            ? run.workflowType === value
            : field === "WorkflowId"
            ? run.workflowId === value
            : field === "ExecutionStatus"
            ? run.status === value
            : field === "TaskQueue"
            ? run.taskQueue === value
            : run.runId === value
        )
      }
      return Effect.succeed({ match: (run: Run) => clauses.every((c) => c(run)), groupByStatus: groupBy !== undefined })
    }

    type Handlers = FakeConnection.FakeHandlers<WorkflowServiceClient>
    type ResponseOf<K extends keyof WorkflowService> = FakeConnection.ResponseInit<
      Awaited<ReturnType<Extract<WorkflowService[K], (...args: ReadonlyArray<never>) => unknown>>>
    >

    const workflowService: Handlers = {
      ...scheduleHandlers,
      recordActivityTaskHeartbeat: heartbeatActivity,
      recordActivityTaskHeartbeatById: heartbeatActivity,
      respondActivityTaskCompleted: completeActivity,
      respondActivityTaskCompletedById: completeActivity,
      respondActivityTaskFailed: (request) => Effect.as(failActivity(request), { failures: [] }),
      respondActivityTaskFailedById: (request) => Effect.as(failActivity(request), { failures: [] }),
      respondActivityTaskCanceled: cancelActivity,
      respondActivityTaskCanceledById: cancelActivity,
      getSystemInfo: () =>
        Effect.succeed({
          serverVersion: "in-memory",
          capabilities: {
            signalAndQueryHeader: true,
            internalErrorDifferentiation: true,
            activityFailureIncludeHeartbeat: true,
            supportsSchedules: true,
            encodedFailureAttributes: true,
            upsertMemo: true,
            eagerWorkflowStart: false,
            sdkMetadata: true,
            countGroupByExecutionStatus: true
          }
        }),
      describeNamespace: (request) =>
        Effect.succeed({ namespaceInfo: { name: request.namespace ?? namespace, state: 1 } }),
      startWorkflowExecution: (request) =>
        Effect.map(start(request, "FAIL", []), ({ run, started }) => ({ runId: run.runId, started })),
      signalWithStartWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const signal = { name: request.signalName ?? "", input: request.signalInput?.payloads ?? [] }
          const existing = latest(request.workflowId ?? "")
          if (
            existing?.status === "Running" &&
            (request.workflowIdConflictPolicy ?? 0) !==
              conflictPolicies()["WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING"]
          ) {
            yield* signalRun(existing, signal.name, signal.input, request.requestId ?? "")
            return { runId: existing.runId, started: false }
          }
          const { run, started } = yield* start(request as StartRequest, "USE_EXISTING", [signal])
          yield* settle(run)
          return { runId: run.runId, started }
        }),
      signalWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const run = yield* findOpenRun(request.workflowExecution)
          yield* signalRun(run, request.signalName ?? "", request.input?.payloads ?? [], request.requestId ?? "")
          return {}
        }),
      queryWorkflow: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.execution)
          yield* settle(run)
          const condition = request.queryRejectCondition ?? 0
          const rejectConditions = enumValues("temporal.api.enums.v1.QueryRejectCondition")
          if (
            (condition === rejectConditions["QUERY_REJECT_CONDITION_NOT_OPEN"] && run.status !== "Running") ||
            (condition === rejectConditions["QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY"] &&
              run.status !== "Running" && run.status !== "Completed")
          ) {
            return { queryRejected: { status: statusNumber(run.status) } }
          }
          const name = request.query?.queryType ?? ""
          const handler = run.queryHandlers.get(name)
          const queryFailed = (message: string) =>
            FakeConnection.status("INVALID_ARGUMENT", message, [
              { typeName: "temporal.api.errordetails.v1.QueryFailedFailure", value: {} }
            ])
          if (handler === undefined) {
            return yield* Effect.fail(
              queryFailed(`unknown queryType ${name}. KnownQueryTypes=[${[...run.queryHandlers.keys()].join(" ")}]`)
            )
          }
          const args = yield* dataConverter.fromPayloads(request.query?.queryArgs?.payloads).pipe(Effect.orDie)
          const result = yield* handler(...args).pipe(
            Effect.catchCause((cause) =>
              Effect.fail(queryFailed(
                Option.match(Cause.findErrorOption(cause), {
                  onNone: () => Cause.pretty(cause),
                  onSome: (failure) => failure.message
                })
              ))
            )
          )
          const payload = yield* dataConverter.toPayload(result).pipe(Effect.orDie)
          return { queryResult: { payloads: [payload] } }
        }),
      updateWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.workflowExecution)
          if (request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId) {
            return yield* Effect.fail(notFound(run.workflowId))
          }
          return yield* update(run, request)
        }),
      pollWorkflowExecutionUpdate: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.updateRef?.workflowExecution)
          const entry = run.updates.get(request.updateRef?.updateId ?? "")
          if (entry === undefined) {
            return yield* Effect.fail(FakeConnection.updateNotFound(request.updateRef?.updateId ?? ""))
          }
          const outcome = yield* Effect.timeoutOption(Deferred.await(entry.outcome), longPollWindow)
          return Option.isSome(outcome)
            ? { outcome: outcome.value, stage: stage("COMPLETED"), updateRef: request.updateRef ?? null }
            : { stage: stage("ACCEPTED"), updateRef: request.updateRef ?? null }
        }),
      executeMultiOperation: (request) =>
        Effect.gen(function*() {
          const startRequest = request.operations?.[0]?.startWorkflow
          const updateRequest = request.operations?.[1]?.updateWorkflow
          if (!startRequest || !updateRequest) {
            return yield* Effect.fail(
              FakeConnection.status("INVALID_ARGUMENT", "expected [startWorkflow, updateWorkflow]")
            )
          }
          const { run, started } = yield* start(startRequest, "USE_EXISTING", [])
          const updateResponse = yield* update(run, updateRequest)
          return {
            responses: [
              { startWorkflow: { runId: run.runId, started } },
              { updateWorkflow: updateResponse as temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse }
            ]
          }
        }),
      requestCancelWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.workflowExecution)
          if (request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId) {
            return yield* Effect.fail(notFound(run.workflowId))
          }
          // As the server: asking a closed workflow to cancel succeeds and does nothing.
          if (run.status === "Running") yield* requestCancel(run, request.reason ?? "", request.identity ?? "")
          return {}
        }),
      terminateWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const run = yield* findOpenRun(request.workflowExecution)
          if (request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId) {
            return yield* Effect.fail(notFound(run.workflowId))
          }
          yield* terminateRun(run, request.reason ?? "", request.identity ?? "")
          return {}
        }),
      describeWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.execution)
          return {
            executionConfig: {
              taskQueue: { name: run.taskQueue },
              workflowExecutionTimeout: run.startRequest.workflowExecutionTimeout ?? null,
              workflowRunTimeout: run.startRequest.workflowRunTimeout ?? null,
              defaultWorkflowTaskTimeout: run.startRequest.workflowTaskTimeout ?? null,
              userMetadata: run.startRequest.userMetadata ?? null
            },
            workflowExecutionInfo: executionInfo(run),
            pendingActivities: [...run.activities.values()].map(pendingActivityInfo)
          }
        }),
      getWorkflowExecutionHistory: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.execution)
          const closeOnly = request.historyEventFilterType ===
            enumValues("temporal.api.enums.v1.HistoryEventFilterType")["HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT"]
          if (closeOnly) {
            if (run.status === "Running" && request.waitNewEvent) {
              yield* Effect.timeoutOption(Deferred.await(run.closed), longPollWindow)
            }
            return { history: { events: run.closeEvent ? [run.closeEvent] : [] } }
          }
          const offset = request.nextPageToken && request.nextPageToken.length > 0
            ? Number(new TextDecoder().decode(request.nextPageToken))
            : 0
          const size = request.maximumPageSize && request.maximumPageSize > 0 ? request.maximumPageSize : 1000
          const page = run.events.slice(offset, offset + size)
          const next = offset + size < run.events.length ? new TextEncoder().encode(String(offset + size)) : null
          return { history: { events: page }, ...(next ? { nextPageToken: next } : {}) }
        }),
      listWorkflowExecutions: (request) =>
        Effect.map(matcher(request.query ?? ""), ({ match }) => ({
          executions: all.filter(match).reverse().map(executionInfo)
        })),
      countWorkflowExecutions: (request) =>
        Effect.map(matcher(request.query ?? ""), ({ groupByStatus, match }) => {
          const matching = all.filter(match)
          if (!groupByStatus) return { count: matching.length }
          const groups = new Map<Status, number>()
          for (const run of matching) groups.set(run.status, (groups.get(run.status) ?? 0) + 1)
          const encoder = new TextEncoder()
          return {
            count: matching.length,
            groups: [...groups].map(([status, count]) => ({
              groupValues: [{
                metadata: { encoding: encoder.encode("json/plain"), type: encoder.encode("Keyword") },
                data: encoder.encode(JSON.stringify(status))
              }],
              count: count as never
            }))
          }
        })
    }

    const runs = Effect.sync(() =>
      all.map((run): RunSummary => ({
        workflowId: run.workflowId,
        runId: run.runId,
        workflowType: run.workflowType,
        status: run.status
      }))
    )
    return { workflowService: inNamespace(namespace, workflowService), runs }
  })

type AnyHandler = (
  request: unknown,
  context: FakeConnection.FakeCallContext
) => Effect.Effect<object, FakeConnection.FakeStatus>

/**
 * The handlers, answering a request for any other namespace than the
 * server's as the server answers for a namespace that does not exist.
 */
const inNamespace = (
  namespace: string,
  handlers: FakeConnection.FakeHandlers<WorkflowServiceClient>
): FakeConnection.FakeHandlers<WorkflowServiceClient> =>
  Object.fromEntries(
    Object.entries(handlers).map(([key, handler]) => [
      key,
      (request: { readonly namespace?: string | null }, context: FakeConnection.FakeCallContext) => {
        const requested = request.namespace
        return typeof requested === "string" && requested !== "" && requested !== namespace
          ? Effect.fail(FakeConnection.namespaceNotFound(requested))
          : (handler as AnyHandler)(request, context)
      }
    ])
  ) as FakeConnection.FakeHandlers<WorkflowServiceClient>

/**
 * The in-memory Temporal with the real `TemporalClient` on top. Also
 * provides the `Connection` (a {@link FakeConnection}), the `DataConverter`
 * and the server itself as `InMemoryTemporal`. Workflows run in the Layer's
 * scope.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  TemporalClient.TemporalClient | InMemoryTemporal | Connection | FakeConnection.FakeConnection | DataConverter
> =>
  Layer.effectContext(
    Effect.gen(function*() {
      const dataConverter = options.dataConverter ?? defaultDataConverter
      const server = yield* makeServer(options, dataConverter)
      const fake = yield* FakeConnection.make(
        { workflowService: server.workflowService },
        { namespace: options.namespace ?? "default", identity: "in-memory-client", address: "in-memory" }
      )
      // Calls fail with `ConnectionError` reason `Closed` once the Layer's scope ends, as on a real connection.
      yield* Effect.addFinalizer(() => fake.close)
      const client = yield* TemporalClient.make(options.client ?? {}).pipe(
        Effect.provideService(Connection, fake.connection),
        Effect.provideService(DataConverter, dataConverter)
      )
      return Context.make(TemporalClient.TemporalClient, client).pipe(
        Context.add(InMemoryTemporal, { runs: server.runs }),
        Context.add(Connection, fake.connection),
        Context.add(FakeConnection.FakeConnection, fake),
        Context.add(DataConverter, dataConverter)
      )
    })
  )

/**
 * Every run the in-memory server has seen.
 *
 * @since 0.1.0
 * @category accessors
 */
export const runs: Effect.Effect<ReadonlyArray<RunSummary>, never, InMemoryTemporal> = Effect.flatMap(
  InMemoryTemporal,
  (server) => server.runs
)
