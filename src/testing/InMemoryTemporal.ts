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
 *
 * Not modelled:
 * - activities, child workflows, Nexus, timers other than `Clock` sleeps;
 *   no async activity completion and no schedules (their RPCs answer
 *   `UNIMPLEMENTED`);
 * - workflow retry policies, cron schedules, start delays, and the history
 *   a worker would write (no workflow-task, activity or timer events);
 * - determinism and replay: a workflow is an ordinary fiber; queries run on
 *   the live state, including after the workflow closed;
 * - search attributes other than the built-in ones in list queries, any
 *   query syntax beyond `=` and `AND`, pagination of list results;
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
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberStatus from "effect/FiberStatus"
import * as Layer from "effect/Layer"
import * as Cause from "effect/Cause"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { makeRequestId } from "../internal/requestId.js"
import { root } from "../internal/proto/root.js"
import { ApplicationFailure, CanceledFailure, type TemporalFailure } from "../schema/failures.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import { Connection } from "../services/Connection.js"
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
  readonly nextSignal: <Args extends ReadonlyArray<unknown> = ReadonlyArray<unknown>>(name: string) => Effect.Effect<Args>
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
  readonly sleep: (duration: Duration.DurationInput) => Effect.Effect<void>
  /** End this run and start a new one of the same workflow with `args`. */
  readonly continueAsNew: (...args: ReadonlyArray<unknown>) => Effect.Effect<never>
  /** Whether cancellation was requested (the workflow fiber is interrupted then, too). */
  readonly cancelRequested: Effect.Effect<boolean>
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
      const decoded = yield* Schema.decodeUnknown(definition.argsSchema)(args).pipe(
        Effect.mapError((error) =>
          new ApplicationFailure({ message: `Arguments do not match ${definition.name}: ${error.message}`, type: "SchemaError", nonRetryable: true, details: [], category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED", stackTrace: "" })
        )
      )
      const result = yield* run(decoded as WorkflowDefinition.Args<Def>, ctx)
      return yield* Schema.encode(definition.result)(result).pipe(Effect.orDie)
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
export class InMemoryTemporal extends Context.Tag("effect-temporal/testing/InMemoryTemporal")<
  InMemoryTemporal,
  {
    /** Every run so far, oldest first. */
    readonly runs: Effect.Effect<ReadonlyArray<RunSummary>>
  }
>() {}

// -----------------------------------------------------------------------------
// enums
// -----------------------------------------------------------------------------

const enumValues = (name: string) => root.lookupEnum(name).values as Record<string, number>
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
  readonly scope: Scope.CloseableScope
  readonly fibers: Set<Fiber.RuntimeFiber<unknown, unknown>>
  readonly signalHandlers: Map<string, Handler<void>>
  readonly signalBuffer: Map<string, Array<ReadonlyArray<unknown>>>
  readonly signalRequestIds: Set<string>
  readonly queryHandlers: Map<string, Handler<unknown>>
  readonly updateHandlers: Map<string, { handler: Handler<unknown>; validator: Handler<void> | undefined }>
  readonly updates: Map<string, Update>
  runningHandlers: number
  cancelRequested: boolean
  changed: Deferred.Deferred<void>
}

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest

const notFound = (workflowId: string, runId?: string | null) =>
  FakeConnection.notFound(`workflow execution not found for workflow ID "${workflowId}"${runId ? ` and run ID "${runId}"` : ""}`)
const closedStatus = () => FakeConnection.notFound("workflow execution already completed")

/**
 * Build the server's handlers.
 */
const makeServer = (options: Options, dataConverter: DataConverter.Service) =>
  Effect.gen(function*() {
    const layerScope = yield* Effect.scope
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

    /** Let the workflow's fibers run until each is blocked: the analogue of a finished workflow task. */
    const settle = (run: Run) =>
      Effect.gen(function*() {
        for (let i = 0; i < 1000; i++) {
          yield* Effect.yieldNow()
          let busy = false
          for (const fiber of run.fibers) {
            const status = yield* fiber.status
            if (FiberStatus.isRunning(status)) busy = true
          }
          if (!busy) return
        }
      })

    const addEvent = (run: Run, event: Omit<HistoryEvent, "eventId" | "eventTime">) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        run.events.push({ ...event, eventId: (run.events.length + 1) as never, eventTime: timestamp(now) })
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
        yield* Effect.forkDaemon(Scope.close(run.scope, Exit.void))
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
          Cause.dieOption(cause),
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
        const failed = Cause.failureOption(cause)
        if (
          (Cause.isInterruptedOnly(cause) && run.cancelRequested) ||
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

    /** Fork an Effect in the run's scope, tracked for `settle`. */
    const forkInRun = <A, E>(run: Run, effect: Effect.Effect<A, E>) =>
      Effect.gen(function*() {
        const fiber = yield* Effect.forkIn(effect, run.scope)
        run.fibers.add(fiber as Fiber.RuntimeFiber<unknown, unknown>)
        fiber.addObserver(() => run.fibers.delete(fiber as Fiber.RuntimeFiber<unknown, unknown>))
        return fiber
      })

    const runHandler = <A>(run: Run, effect: Effect.Effect<A, WorkflowFailure>) =>
      Effect.suspend(() => {
        run.runningHandlers++
        return Effect.ensuring(effect, Effect.suspend(() => {
          run.runningHandlers--
          return bump(run)
        }))
      })

    const deliverSignal = (run: Run, name: string, args: ReadonlyArray<unknown>) =>
      Effect.gen(function*() {
        const handler = run.signalHandlers.get(name)
        if (handler) {
          yield* forkInRun(run, runHandler(run, handler(...args)).pipe(Effect.catchAllCause((cause) => failRun(run, cause))))
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
        if (main) yield* Fiber.interruptFork(main)
      })

    const contextOf = (run: Run): WorkflowContext => {
      const condition = (predicate: Effect.Effect<boolean>): Effect.Effect<void> =>
        Effect.gen(function*() {
          while (true) {
            const waitFor = run.changed
            if (yield* predicate) return
            yield* Deferred.await(waitFor)
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
        sleep: (duration) => Effect.sleep(duration),
        continueAsNew: (...args) => Effect.die(new ContinueAsNew(args)),
        cancelRequested: Effect.sync(() => run.cancelRequested)
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
          scope: yield* Scope.fork(layerScope, ExecutionStrategy.sequential),
          fibers: new Set(),
          signalHandlers: new Map(),
          signalBuffer: new Map(),
          signalRequestIds: new Set(),
          queryHandlers: new Map(),
          updateHandlers: new Map(),
          updates: new Map(),
          runningHandlers: 0,
          cancelRequested: false,
          changed: yield* Deferred.make<void>()
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
            workflowExecutionSignaledEventAttributes: { signalName: signal.name, input: { payloads: [...signal.input] } }
          })
          const args = yield* dataConverter.fromPayloads(signal.input).pipe(Effect.orDie)
          run.signalBuffer.set(signal.name, [...(run.signalBuffer.get(signal.name) ?? []), args])
        }
        const fn = options.workflows[workflowType]
        const args = yield* dataConverter.fromPayloads(run.input).pipe(Effect.orDie)
        const body: Effect.Effect<unknown, WorkflowFailure> = fn !== undefined
          ? Effect.suspend(() => fn(args, contextOf(run)))
          : Effect.fail(new ApplicationFailure({
            message: `No workflow is registered as "${workflowType}" (registered: ${
              Object.keys(options.workflows).join(", ") || "none"
            })`,
            type: "WorkflowNotRegistered",
            nonRetryable: true,
            details: [],
            category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
            stackTrace: ""
          }))
        yield* forkInRun(run, Effect.onExit(body, (exit) => finish(run, exit)))
        const timeout = durationMillis(request.workflowRunTimeout) || durationMillis(request.workflowExecutionTimeout)
        if (timeout > 0) {
          yield* forkInRun(
            run,
            Effect.zipRight(
              Effect.sleep(Duration.millis(timeout)),
              Effect.suspend(() => {
                const main = [...run.fibers][0]
                return Effect.zipRight(
                  close(run, "TimedOut", {
                    eventType: eventType("WORKFLOW_EXECUTION_TIMED_OUT"),
                    workflowExecutionTimedOutEventAttributes: {}
                  }),
                  main ? Fiber.interruptFork(main) : Effect.void
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
        let conflict = (conflictNames[request.workflowIdConflictPolicy ?? 0] ?? "").replace("WORKFLOW_ID_CONFLICT_POLICY_", "")
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
          const created: Update = { name, accepted: false, outcome: yield* Deferred.make<temporal.api.update.v1.IOutcome>() }
          entry = created
          run.updates.set(updateId, created)
          const args = yield* dataConverter.fromPayloads(request.request?.input?.args?.payloads).pipe(Effect.orDie)
          const registered = run.updateHandlers.get(name)
          const reject = (error: unknown) =>
            Effect.flatMap(failureOf(error), (failure) => Deferred.succeed(created.outcome, { failure }))
          if (registered === undefined) {
            yield* reject(
              new ApplicationFailure({
                message: `No handler for update "${name}" (known: ${[...run.updateHandlers.keys()].join(", ") || "none"})`,
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
              yield* reject(Option.getOrElse(Cause.failureOption(validation.cause), () => defectFailure(validation.cause)))
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
                      : Exit.isInterrupted(exit)
                      ? Effect.void
                      : reject(Option.getOrElse(Cause.failureOption(exit.cause), () => defectFailure(exit.cause)))
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
          ? yield* Effect.timeoutTo(Deferred.await(current.outcome), {
            duration: longPollWindow,
            onSuccess: Option.some,
            onTimeout: Option.none
          })
          : yield* Deferred.poll(current.outcome).pipe(
            Effect.flatMap((polled) => Option.isSome(polled) ? Effect.map(polled.value, Option.some) : Effect.succeedNone)
          )
        return {
          updateRef: ref,
          stage: Option.isSome(outcome) ? stage("COMPLETED") : stage("ACCEPTED"),
          ...(Option.isSome(outcome) ? { outcome: outcome.value } : {})
        }
      })

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
        return Effect.fail(FakeConnection.status("INVALID_ARGUMENT", `in-memory Temporal: GROUP BY ${groupBy} is not supported`))
      }
      const clauses: Array<(run: Run) => boolean> = []
      for (const clause of where.trim() === "" ? [] : where.split(/\s+AND\s+/i)) {
        const m = /^\s*\(?\s*(WorkflowType|WorkflowId|ExecutionStatus|TaskQueue|RunId)\s*=\s*(['"])(.*)\2\s*\)?\s*$/.exec(clause)
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

    type Handlers = FakeConnection.FakeHandlers<import("../services/Connection.js").WorkflowServiceClient>
    type ResponseOf<K extends keyof WorkflowService> = FakeConnection.ResponseInit<
      Awaited<ReturnType<Extract<WorkflowService[K], (...args: ReadonlyArray<never>) => unknown>>>
    >

    const workflowService: Handlers = {
      getSystemInfo: () =>
        Effect.succeed({
          serverVersion: "in-memory",
          capabilities: {
            signalAndQueryHeader: true,
            internalErrorDifferentiation: true,
            activityFailureIncludeHeartbeat: true,
            supportsSchedules: false,
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
          if (existing?.status === "Running" && (request.workflowIdConflictPolicy ?? 0) !== conflictPolicies()["WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING"]) {
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
            Effect.catchAllCause((cause) =>
              Effect.fail(queryFailed(
                Option.match(Cause.failureOption(cause), {
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
            return yield* Effect.fail(FakeConnection.notFound(`update ${request.updateRef?.updateId ?? ""} not found`))
          }
          const outcome = yield* Effect.timeoutTo(Deferred.await(entry.outcome), {
            duration: longPollWindow,
            onSuccess: Option.some,
            onTimeout: Option.none
          })
          return Option.isSome(outcome)
            ? { outcome: outcome.value, stage: stage("COMPLETED"), updateRef: request.updateRef ?? null }
            : { stage: stage("ACCEPTED"), updateRef: request.updateRef ?? null }
        }),
      executeMultiOperation: (request) =>
        Effect.gen(function*() {
          const startRequest = request.operations?.[0]?.startWorkflow
          const updateRequest = request.operations?.[1]?.updateWorkflow
          if (!startRequest || !updateRequest) {
            return yield* Effect.fail(FakeConnection.status("INVALID_ARGUMENT", "expected [startWorkflow, updateWorkflow]"))
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
          const run = yield* findOpenRun(request.workflowExecution)
          if (request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId) {
            return yield* Effect.fail(notFound(run.workflowId))
          }
          if (!run.cancelRequested) {
            run.cancelRequested = true
            yield* addEvent(run, {
              eventType: eventType("WORKFLOW_EXECUTION_CANCEL_REQUESTED"),
              workflowExecutionCancelRequestedEventAttributes: { cause: request.reason ?? "", identity: request.identity ?? "" }
            })
            const main = [...run.fibers][0]
            if (main) yield* Fiber.interruptFork(main)
            yield* bump(run)
            yield* settle(run)
          }
          return {}
        }),
      terminateWorkflowExecution: (request) =>
        Effect.gen(function*() {
          const run = yield* findOpenRun(request.workflowExecution)
          if (request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId) {
            return yield* Effect.fail(notFound(run.workflowId))
          }
          const fibers = [...run.fibers]
          yield* terminate(run, request.reason ?? "", request.identity ?? "")
          for (const fiber of fibers) yield* Fiber.interruptFork(fiber)
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
            workflowExecutionInfo: executionInfo(run)
          }
        }),
      getWorkflowExecutionHistory: (request) =>
        Effect.gen(function*() {
          const run = yield* findRun(request.execution)
          const closeOnly = request.historyEventFilterType ===
            enumValues("temporal.api.enums.v1.HistoryEventFilterType")["HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT"]
          if (closeOnly) {
            if (run.status === "Running" && request.waitNewEvent) {
              yield* Effect.timeoutTo(Deferred.await(run.closed), {
                duration: longPollWindow,
                onSuccess: () => undefined,
                onTimeout: () => undefined
              })
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
        Effect.flatMap(matcher(request.query ?? ""), ({ groupByStatus, match }) =>
          Effect.gen(function*() {
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
        )
    }

    const runs = Effect.sync(() =>
      all.map((run): RunSummary => ({
        workflowId: run.workflowId,
        runId: run.runId,
        workflowType: run.workflowType,
        status: run.status
      }))
    )
    return { workflowService, runs }
  })

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
  Layer.scopedContext(
    Effect.gen(function*() {
      const dataConverter = options.dataConverter ?? defaultDataConverter
      const server = yield* makeServer(options, dataConverter)
      const fake = yield* FakeConnection.make(
        { workflowService: server.workflowService },
        { namespace: options.namespace ?? "default", identity: "in-memory-client", address: "in-memory" }
      )
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
