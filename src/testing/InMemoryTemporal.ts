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
 * arguments and encodes its result with its definition's Schemas. Each
 * RPC that wakes a workflow (start, signal, update, cancel, an activity's
 * answer) returns once the workflow's fibers all wait again, on the `Clock`
 * or on the context (`nextSignal`, `condition`, `asyncActivity`...), as a
 * worker finishes its workflow task; a fiber that waits on anything else
 * (a `Deferred` of its own, a `Queue`) is waited for a bounded number of
 * scheduler turns only.
 *
 * Served: start and execute (request-ID idempotency, ID reuse policies
 * `AllowDuplicate`, `AllowDuplicateFailedOnly`, `RejectDuplicate`,
 * `TerminateIfRunning`, and conflict policies `Fail`, `UseExisting`,
 * `TerminateExisting`), signal (deduplicated by request ID), signal-with-start,
 * query (with reject conditions), update (validators, the Accepted and
 * Completed stages, update IDs deduplicated, update-with-start), cancel
 * (the workflow fiber is interrupted; it ends `Canceled`), terminate,
 * describe, result (following continue-as-new runs), history (started,
 * the first workflow task, signaled and close events), delete (a running
 * execution is terminated first), reset (a new run from the start, the
 * run's signals delivered again unless excluded; the reset point must be a
 * completed workflow task), list and count (equality on `WorkflowType`,
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
 * Standalone activities: the `activities` option registers Effect functions
 * by activity type (typed by a definition with {@link activity}); the
 * client's `startActivity` runs one as a fiber on the `Clock` (after its
 * start delay) with ID reuse and conflict policies and request-ID
 * idempotency, retries by its retry policy (the server's defaults when it
 * has none; `maximumAttempts`, backoff and non-retryable types apply),
 * start-to-close and schedule-to-close timeouts, heartbeats (`ctx.heartbeat`;
 * a later attempt sees the last details in `ctx.info`), cancel and terminate
 * (the attempt's fiber is interrupted and the activity closes `Canceled` or
 * `Terminated` at once), pause and unpause (the attempt is interrupted; the
 * next starts at once on unpause, without jitter), options updated and
 * restored, describe (with its include flags and long poll), list and count
 * (`ActivityType`, `ActivityId`, `ExecutionStatus`, `TaskQueue`, `RunId`).
 * An activity type with no function fails at once with `ApplicationFailure`
 * type `ActivityNotRegistered`.
 *
 * Standalone Nexus operations: the `nexusServices` option registers Effect
 * handlers by service and operation name (typed by a service definition
 * with {@link nexusOperation}); every endpoint name reaches them. A start
 * runs the handler as a fiber on the `Clock`: one that answers before the
 * start returns is synchronous, one still running is asynchronous
 * (`Started`, with an operation token) until it answers. ID policies,
 * request-ID idempotency, the schedule-to-close timeout, cancel and
 * terminate (the handler's fiber is interrupted), describe (with its long
 * poll), poll, list and count (`OperationId`, `Endpoint`, `Service`,
 * `Operation`, `ExecutionStatus`, `RunId`). A failure with a
 * `NexusHandlerFailure` reads as a handler error.
 *
 * Not modelled:
 * - for Nexus operations: endpoints (any name is served, none is managed),
 *   start retries and the schedule-to-start and start-to-close timeouts;
 * - for standalone activities: async completion by activity ID (an Effect
 *   activity always answers itself), schedule-to-start and heartbeat
 *   timeouts, search attributes in list queries;
 * - activities run by a worker for a workflow (only async ones, through `ctx.asyncActivity`),
 *   activity retries (one attempt), schedule-to-start and schedule-to-close
 *   timeouts, activity pause and reset (heartbeats never answer
 *   `activityPaused` or `activityReset`), child workflows, Nexus operations called from a workflow, timers
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
 * - search attributes other than the built-in ones in list queries, query
 *   syntax other than `=` and `AND`, pagination of workflow list results;
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
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { closeActivitiesOnExit } from "../internal/inMemory/activities.js"
import { closeNexusOnExit } from "../internal/inMemory/nexusOperations.js"
import { serverFailure } from "../internal/inMemory/protocol.js"
import { closeStandaloneOnExit } from "../internal/inMemory/standaloneActivities.js"
import { makeServer } from "../internal/inMemory/state.js"
import { workflowService } from "../internal/inMemory/workflowService.js"
import type { TemporalFailure } from "../schema/Failure.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import { Connection } from "../services/Connection.js"
import { DataConverter, defaultDataConverter } from "../services/DataConverter.js"
import * as TemporalClient from "../services/TemporalClient.js"
import * as FakeConnection from "./FakeConnection.js"
import type { ActivityFunction, NexusOperationFunction } from "./InMemoryTemporal/standaloneFunctions.js"

export * from "./InMemoryTemporal/standaloneFunctions.js"

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
  /** The run that continued as new into this one, when there is one. */
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
          serverFailure(`Arguments do not match ${definition.name}: ${error.message}`, "SchemaError")
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
  /** The standalone activities, by activity type name. */
  readonly activities?: Readonly<Record<string, ActivityFunction>> | undefined
  /** Nexus services, by service name, then operation name. Every endpoint name reaches them. */
  readonly nexusServices?: Readonly<Record<string, Readonly<Record<string, NexusOperationFunction>>>> | undefined
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
      // Pending activities end before the runs' scope closes, so no workflow fiber waits on one then.
      yield* closeActivitiesOnExit(server)
      yield* closeStandaloneOnExit(server)
      yield* closeNexusOnExit(server)
      const fake = yield* FakeConnection.make(
        { workflowService: workflowService(server) },
        { namespace: server.namespace, identity: "in-memory-client", address: "in-memory" }
      )
      // Calls fail with `ConnectionError` reason `Closed` once the Layer's scope ends, as on a real connection.
      yield* Effect.addFinalizer(() => fake.close)
      const client = yield* TemporalClient.make(options.client ?? {}).pipe(
        Effect.provideService(Connection, fake.connection),
        Effect.provideService(DataConverter, dataConverter)
      )
      const runs = Effect.sync(() =>
        server.all.map((run): RunSummary => ({
          workflowId: run.workflowId,
          runId: run.runId,
          workflowType: run.workflowType,
          status: run.status
        }))
      )
      return Context.make(TemporalClient.TemporalClient, client).pipe(
        Context.add(InMemoryTemporal, { runs }),
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
