/**
 * The contract of client behaviour, run against every backend: the real dev server with the official
 * worker running `test/fixtures/workflows.ts`, and `InMemoryTemporal` running `memoryWorkflows.ts`.
 * Every case uses fresh IDs and never waits on real time, so it runs under `TestClock` as well as live.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"
import { freshId } from "../support/worker.js"

/** What a backend gives the suite. */
export interface ContractBackend {
  /** Provide the client to one test body (and close what it opened). */
  readonly run: <A, E>(
    body: Effect.Effect<A, E, TemporalClient.TemporalClient | Scope.Scope>
  ) => Effect.Effect<A, unknown>
  /** A task queue served by a worker running the contract workflows. */
  readonly taskQueue: Effect.Effect<string, never, Scope.Scope>
  /** Run with the live clock (a real server) or `TestClock`. */
  readonly live: boolean
}

const SignalQueryUpdate = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Struct({ name: Schema.String, status: Schema.String, approvedBy: Schema.NullOr(Schema.String) }),
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [], count: [Schema.String] },
  queries: {
    status: { args: [], result: Schema.String },
    signalsReceived: { args: [], result: Schema.Array(Schema.String) }
  },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

const CountSignals = WorkflowDefinition.make("countSignals", {
  result: Schema.Struct({ count: Schema.Number, ids: Schema.Array(Schema.String) }),
  signals: { inc: [Schema.String], finish: [] }
})

/**
 * Visibility is eventually consistent on a server (and the server's workers and scheduler run
 * apart from the client): ask again for a while. In memory the first answer holds.
 */
const eventually = <A, E>(effect: Effect.Effect<A, E>, check: (a: A) => boolean, times = 50) =>
  Effect.filterOrFail(effect, check, () => "not yet" as const).pipe(
    Effect.retry({ schedule: Schedule.spaced("200 millis"), times })
  )

const asyncActivityId = "async-1"

/**
 * Start `asyncCompletionWorkflow` and wait until its activity heartbeated its task token (read
 * from describe's pending activities, as a test against a server does).
 */
const startAsyncCompletion = (taskQueue: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const workflowId = freshId("async")
    const handle = yield* client.startWorkflow("asyncCompletionWorkflow", { id: workflowId, taskQueue })
    const payloads = yield* eventually(
      Effect.map(
        client.connection.workflowService.describeWorkflowExecution({
          namespace: client.namespace,
          execution: { workflowId }
        }),
        (response) =>
          (response.pendingActivities ?? []).find((a) => a.activityId === asyncActivityId)?.heartbeatDetails
            ?.payloads ?? []
      ),
      (payloads) => payloads.length > 0,
      100
    )
    const [details] = yield* client.dataConverter.fromPayloads(payloads)
    const taskToken = new Uint8Array(Buffer.from((details as { taskToken: string }).taskToken, "base64"))
    return { client, handle, workflowId, taskToken }
  })

export const workflowContract = (name: string, backend: ContractBackend) => {
  const test = (title: string, body: () => Effect.Effect<void, unknown, TemporalClient.TemporalClient | Scope.Scope>) =>
    (backend.live ? it.live : it.effect)(title, () => backend.run(body()))

  describe(`workflow contract: ${name}`, () => {
    test("start, signal, query, update (validator rejects), finish, result", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startWorkflow(SignalQueryUpdate, {
          id: freshId("squ"),
          taskQueue,
          args: ["first"]
        })
        assert.isString(handle.resultRunId)
        assert.strictEqual(yield* handle.query("status"), "waiting")
        yield* handle.signal("approve", { by: "ops" })
        assert.strictEqual(yield* handle.query("status"), "approved by ops")
        assert.strictEqual(yield* handle.executeUpdate("rename", "second"), "first")
        const rejected = yield* Effect.flip(handle.executeUpdate("rename", ""))
        assert.strictEqual(rejected._tag, "WorkflowUpdateFailedError")
        const unknownQuery = yield* Effect.flip(handle.query("nope" as "status"))
        assert.strictEqual(unknownQuery._tag, "QueryFailedError")
        yield* handle.signal("finish")
        assert.deepStrictEqual(yield* handle.result(), { name: "second", status: "finished", approvedBy: "ops" })
        const closed = yield* Effect.flip(handle.queryWithOptions("status", { args: [], rejectCondition: "NotOpen" }))
        assert.strictEqual(closed._tag, "QueryRejectedError")
      }))

    test("signals are delivered in order", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("order"), taskQueue, args: ["x"] })
        for (const id of ["a", "b", "c"]) yield* handle.signal("count", id)
        assert.deepStrictEqual(yield* handle.query("signalsReceived"), ["a", "b", "c"])
        yield* handle.terminate()
      }))

    test("executeWorkflow by name follows continue-as-new; followRuns: false stops at the first run", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const result = yield* client.executeWorkflow("continueAsNewTwice", { id: freshId("can"), taskQueue, args: [0] })
        assert.strictEqual(result, "done after 2")
        const handle = yield* client.startWorkflow("continueAsNewTwice", { id: freshId("can"), taskQueue, args: [0] })
        const error = yield* Effect.flip(handle.result({ followRuns: false }))
        assert.strictEqual(error._tag, "WorkflowContinuedAsNewError")
      }))

    test("a failing workflow gives WorkflowFailedError with the cause chain", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const error = yield* Effect.flip(
          TemporalClient.executeWorkflow("failWithCause", { id: freshId("fail"), taskQueue })
        )
        assert.strictEqual(error._tag, "WorkflowFailedError")
        if (error._tag !== "WorkflowFailedError") return
        const cause = error.cause
        assert.strictEqual(cause?._tag, "ApplicationFailure")
        if (cause?._tag !== "ApplicationFailure") return
        assert.strictEqual(cause.message, "outer")
        assert.strictEqual(cause.type, "OuterError")
        assert.isTrue(cause.nonRetryable)
        const inner = cause.cause
        assert.strictEqual(inner?._tag, "ApplicationFailure")
        if (inner?._tag !== "ApplicationFailure") return
        assert.strictEqual(inner.message, "inner")
        assert.strictEqual(inner.type, "InnerError")
        assert.deepStrictEqual(inner.details, [42])
      }))

    test("a running ID cannot be started twice; terminate ends it with TerminatedFailure", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("dup")
        const first = yield* client.startWorkflow("longRunning", { id, taskQueue, args: [600_000] })
        const error = yield* Effect.flip(client.startWorkflow("longRunning", { id, taskQueue, args: [600_000] }))
        assert.strictEqual(error._tag, "WorkflowAlreadyStartedError")
        if (error._tag === "WorkflowAlreadyStartedError") assert.strictEqual(error.runId, first.resultRunId)
        const existing = yield* client.startWorkflow("longRunning", {
          id,
          taskQueue,
          args: [1],
          idConflictPolicy: "UseExisting"
        })
        assert.strictEqual(existing.resultRunId, first.resultRunId)
        yield* first.terminate({ reason: "test over" })
        const ended = yield* Effect.flip(first.result())
        assert.strictEqual(ended._tag, "WorkflowFailedError")
        if (ended._tag === "WorkflowFailedError") {
          assert.strictEqual(ended.cause?._tag, "TerminatedFailure")
        }
        assert.strictEqual((yield* first.describe()).status, "Terminated")
      }))

    test("ID reuse: RejectDuplicate refuses a closed ID, AllowDuplicate starts a new run", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("reuse")
        assert.strictEqual(yield* client.executeWorkflow("echo", { id, taskQueue, args: ["one"] }), "one")
        const refused = yield* Effect.flip(
          client.startWorkflow("echo", { id, taskQueue, args: ["two"], idReusePolicy: "RejectDuplicate" })
        )
        assert.strictEqual(refused._tag, "WorkflowAlreadyStartedError")
        assert.strictEqual(yield* client.executeWorkflow("echo", { id, taskQueue, args: ["three"] }), "three")
      }))

    test("an unknown workflow ID gives WorkflowNotFoundError", () =>
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const handle = client.getWorkflowHandle(freshId("missing"))
        assert.strictEqual((yield* Effect.flip(handle.describe()))._tag, "WorkflowNotFoundError")
        assert.strictEqual((yield* Effect.flip(handle.signal("anything")))._tag, "WorkflowNotFoundError")
        assert.strictEqual((yield* Effect.flip(handle.cancel()))._tag, "WorkflowNotFoundError")
      }))

    test("a closed workflow refuses signal, update and terminate with WorkflowAlreadyCompletedError; cancel is a no-op", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("closed")
        const handle = yield* client.startWorkflow(SignalQueryUpdate, { id, taskQueue, args: ["x"] })
        yield* handle.signal("finish")
        yield* handle.result()
        const refused = yield* Effect.all([
          Effect.flip(handle.signal("approve", { by: "late" })),
          Effect.flip(handle.executeUpdate("rename", "late")),
          Effect.flip(handle.startUpdate("rename", { args: ["late"], waitForStage: "Accepted" })),
          Effect.flip(handle.terminate())
        ])
        for (const error of refused) {
          assert.strictEqual(error._tag, "WorkflowAlreadyCompletedError", String(error))
          if (error._tag === "WorkflowAlreadyCompletedError") {
            assert.strictEqual(error.workflowId, id)
            assert.strictEqual(error.namespace, client.namespace)
          }
        }
        yield* handle.cancel()
        assert.strictEqual((yield* handle.describe()).status, "Completed")
      }))

    test("an unknown update ID gives WorkflowUpdateNotFoundError, on a running and on a closed workflow", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("no-update")
        const handle = yield* client.startWorkflow(SignalQueryUpdate, { id, taskQueue, args: ["x"] })
        const running = yield* Effect.flip(handle.getUpdateHandle("no-such-update", "rename").result())
        assert.strictEqual(running._tag, "WorkflowUpdateNotFoundError", String(running))
        if (running._tag === "WorkflowUpdateNotFoundError") {
          assert.strictEqual(running.updateId, "no-such-update")
          assert.strictEqual(running.workflowId, id)
        }
        const known = yield* handle.startUpdate("rename", { args: ["y"], waitForStage: "Completed", updateId: "known" })
        yield* handle.signal("finish")
        yield* handle.result()
        assert.strictEqual(
          yield* handle.getUpdateHandle("known", "rename").result(),
          "x",
          "a known update's outcome stays readable"
        )
        assert.strictEqual(known.updateId, "known")
        const closed = yield* Effect.flip(handle.getUpdateHandle("no-such-update", "rename").result())
        assert.strictEqual(closed._tag, "WorkflowUpdateNotFoundError", String(closed))
      }))

    test("a namespace that does not exist gives NamespaceNotFoundError, never WorkflowNotFoundError", () =>
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const namespace = freshId("no-such-namespace")
        const elsewhere = yield* TemporalClient.make({ namespace }).pipe(
          Effect.provideService(Connection.Connection, client.connection),
          Effect.provideService(DataConverter.DataConverter, client.dataConverter)
        )
        const handle = elsewhere.getWorkflowHandleFor(SignalQueryUpdate, "w")
        const errors = yield* Effect.all([
          Effect.flip(handle.describe()),
          Effect.flip(handle.signal("finish")),
          Effect.flip(handle.query("status")),
          Effect.flip(handle.result()),
          Effect.flip(handle.cancel()),
          Effect.flip(handle.terminate()),
          Effect.flip(handle.executeUpdate("rename", "x")),
          Effect.flip(handle.getUpdateHandle("u", "rename").result()),
          Effect.flip(Stream.runDrain(handle.fetchHistory())),
          Effect.flip(elsewhere.startWorkflow(SignalQueryUpdate, { id: "w", taskQueue: "q", args: ["x"] })),
          Effect.flip(elsewhere.countWorkflows()),
          Effect.flip(elsewhere.getScheduleHandle("s").describe()),
          Effect.flip(elsewhere.getAsyncActivityHandle({ workflowId: "w", activityId: "a" }).heartbeat())
        ])
        for (const error of errors) {
          assert.strictEqual(error._tag, "NamespaceNotFoundError", String(error))
          if (error._tag === "NamespaceNotFoundError") assert.strictEqual(error.namespace, namespace)
        }
      }))

    test("cancel: describe shows Running, the result is a CanceledFailure, history starts at event 1", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startWorkflow("longRunning", { id: freshId("cancel"), taskQueue, args: [600_000] })
        const description = yield* handle.describe()
        assert.strictEqual(description.status, "Running")
        assert.strictEqual(description.workflowType, "longRunning")
        assert.strictEqual(description.taskQueue, taskQueue)
        yield* handle.cancel({ reason: "no longer needed" })
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "WorkflowFailedError")
        if (error._tag === "WorkflowFailedError") {
          assert.strictEqual(error.cause?._tag, "CanceledFailure")
        }
        assert.strictEqual((yield* handle.describe()).status, "Canceled")
        const events = yield* Stream.runCollect(handle.fetchHistory({ pageSize: 2 }))
        assert.isAbove(events.length, 2)
        assert.strictEqual(Number(events[0]!.eventId), 1)
      }))

    test("signal-with-start starts once and signals twice", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("sws")
        const first = yield* client.signalWithStart(CountSignals, {
          id,
          taskQueue,
          startSignal: "inc",
          startSignalArgs: ["a"]
        })
        const second = yield* client.signalWithStart(CountSignals, {
          id,
          taskQueue,
          startSignal: "inc",
          startSignalArgs: ["b"]
        })
        assert.strictEqual(first.resultRunId, second.resultRunId)
        yield* first.signal("finish")
        assert.deepStrictEqual(yield* first.result(), { count: 2, ids: ["a", "b"] })
      }))

    test("async activity completion: heartbeat and complete by task token; the token is gone after", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const { client, handle, taskToken } = yield* startAsyncCompletion(taskQueue)
        const activity = client.getAsyncActivityHandle({ taskToken })
        yield* activity.heartbeat("working")
        yield* activity.complete("done async")
        assert.strictEqual(yield* handle.result(), "done async")
        assert.strictEqual((yield* Effect.flip(activity.complete("again")))._tag, "ActivityNotFoundError")
      }))

    test("async activity completion: fail by ID; the workflow fails with ActivityFailure caused by it", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const { client, handle, workflowId } = yield* startAsyncCompletion(taskQueue)
        const unknown = client.getAsyncActivityHandle({ workflowId, activityId: "no-such-activity" })
        assert.strictEqual((yield* Effect.flip(unknown.heartbeat()))._tag, "ActivityNotFoundError")
        const activity = client.getAsyncActivityHandle({ workflowId, activityId: asyncActivityId })
        yield* activity.fail(
          Failure.ApplicationFailure.make({
            message: "async failed",
            type: "AsyncError",
            nonRetryable: true,
            details: ["why"]
          })
        )
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "WorkflowFailedError")
        if (error._tag !== "WorkflowFailedError") return
        const failure = error.cause as Failure.TemporalFailure
        assert.strictEqual(failure._tag, "ActivityFailure")
        if (failure._tag !== "ActivityFailure") return
        assert.strictEqual(failure.activityId, asyncActivityId)
        assert.strictEqual(failure.activityType, "completeAsync")
        const cause = failure.cause as Failure.TemporalFailure | undefined
        assert.strictEqual(cause?._tag, "ApplicationFailure")
        if (cause?._tag !== "ApplicationFailure") return
        assert.strictEqual(cause.message, "async failed")
        assert.strictEqual(cause.type, "AsyncError")
        assert.deepStrictEqual(cause.details, ["why"])
      }))

    test("async activity completion: cancelling the workflow reaches a heartbeat; reporting it cancels the workflow", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const { client, handle, workflowId } = yield* startAsyncCompletion(taskQueue)
        const activity = client.getAsyncActivityHandle({ workflowId, activityId: asyncActivityId })
        const early = yield* Effect.flip(activity.reportCancellation())
        assert.strictEqual(early._tag, "RpcError", "no cancellation was asked for yet")
        if (early._tag === "RpcError") assert.strictEqual(early.code, "INVALID_ARGUMENT")
        yield* handle.cancel()
        const cancelled = yield* eventually(
          Effect.flip(activity.heartbeat()),
          (e) => e._tag === "AsyncActivityCancelledError"
        )
        assert.strictEqual(cancelled._tag, "AsyncActivityCancelledError")
        yield* activity.reportCancellation()
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "WorkflowFailedError")
        if (error._tag === "WorkflowFailedError") {
          assert.strictEqual(error.cause?._tag, "CanceledFailure")
        }
      }))

    test("a schedule: create (paused), trigger takes one action that runs the workflow, delete", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("sched")
        const handle = yield* Effect.acquireRelease(
          client.createSchedule(id, {
            action: { workflow: "sleeper", id: `wf-${id}`, taskQueue, args: [0] },
            spec: { intervals: [{ every: "1 day" }] },
            state: { paused: true, note: "contract" }
          }),
          (handle) => Effect.ignore(handle.delete())
        )
        const created = yield* handle.describe()
        assert.isTrue(created.schedule.state.paused)
        assert.strictEqual(created.schedule.state.note, "contract")
        assert.strictEqual(created.info.numActions, 0)
        yield* handle.trigger()
        const described = yield* eventually(handle.describe(), (d) => d.info.recentActions.length > 0, 100)
        assert.strictEqual(described.info.numActions, 1)
        const workflowId = described.info.recentActions[0]!.action.workflowId
        assert.isTrue(workflowId.startsWith(`wf-${id}-`), workflowId)
        assert.strictEqual(yield* client.getWorkflowHandle(workflowId).result(), workflowId)
        yield* handle.delete()
        assert.strictEqual((yield* Effect.flip(handle.describe()))._tag, "ScheduleNotFoundError")
      }))

    test("list and count by workflow ID and type", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("list")
        yield* client.executeWorkflow("echo", { id, taskQueue, args: [1] })
        const query = `WorkflowId = '${id}' AND WorkflowType = 'echo'`
        const listed = yield* eventually(
          Stream.runCollect(client.listWorkflows(query)),
          (all) => all.length === 1 && all[0]!.status === "Completed"
        )
        assert.strictEqual(listed[0]!.id, id)
        assert.strictEqual(listed[0]!.workflowType, "echo")
        const counted = yield* eventually(
          client.countWorkflows(`WorkflowId = '${id}' AND ExecutionStatus = 'Completed'`),
          (c) => c.count === 1
        )
        assert.strictEqual(counted.count, 1)
      }))
  })
}
