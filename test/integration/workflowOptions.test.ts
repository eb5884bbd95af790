/**
 * Every start option of the workflow client against the dev server, with the official worker
 * running test/fixtures/workflows.ts: memo, typed search attributes, static summary and details,
 * start delay, retry policy, cron, ID reuse and conflict policies, signal-with-start, the
 * module-level accessors and `WorkflowHandle.Tag`.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Memo from "../../src/schema/Memo.js"
import * as SearchAttributes from "../../src/schema/SearchAttributes.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as WorkflowHandle from "../../src/WorkflowHandle.js"
import { startWorker, withClient } from "../support/client.js"
import {
  ContinueAsNewThenWait,
  ContinueAsNewTwice,
  CronWorkflow,
  Echo,
  FailThenSucceed,
  LongRunning,
  SignalQueryUpdate
} from "../support/definitions.js"
import { eventually } from "../support/eventually.js"
import { freshId } from "../support/worker.js"

const Text = SearchAttributes.SearchAttributeKey.text("CustomTextField")
const Keyword = SearchAttributes.SearchAttributeKey.keyword("CustomKeywordField")
const Int = SearchAttributes.SearchAttributeKey.int("CustomIntField")
const Double = SearchAttributes.SearchAttributeKey.double("CustomDoubleField")
const Bool = SearchAttributes.SearchAttributeKey.bool("CustomBoolField")
const Datetime = SearchAttributes.SearchAttributeKey.datetime("CustomDatetimeField")
const KeywordList = SearchAttributes.SearchAttributeKey.keywordList("CustomKeywordListField")

describe("workflow start options", () => {
  it.live("memo, typed search attributes, static summary and details, and start delay read back by describe", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const at = new Date("2024-05-06T07:08:09.123Z")
      const handle = yield* client.startWorkflow(Echo, {
        id: freshId("opts"),
        taskQueue,
        args: [{ hello: "world" }],
        memo: { owner: "team-a", limits: { max: 3 } },
        searchAttributes: SearchAttributes.make([
          [Text, "hello full text"],
          [Keyword, "kw-1"],
          [Int, 42],
          [Double, 1.5],
          [Bool, true],
          [Datetime, at],
          [KeywordList, ["a", "b"]]
        ]),
        staticSummary: "a summary",
        staticDetails: "some **details**",
        startDelay: "1 second"
      })
      const description = yield* handle.describe()
      assert.strictEqual(description.staticSummary, "a summary")
      assert.strictEqual(description.staticDetails, "some **details**")
      const memo = yield* Memo.make(description.rawMemo, client.dataConverter).getAll
      assert.deepStrictEqual(memo, { owner: "team-a", limits: { max: 3 } })
      const typed = description.typedSearchAttributes
      assert.deepStrictEqual(typed.get(Text), Option.some("hello full text"))
      assert.deepStrictEqual(typed.get(Keyword), Option.some("kw-1"))
      assert.deepStrictEqual(typed.get(Int), Option.some(42))
      assert.deepStrictEqual(typed.get(Double), Option.some(1.5))
      assert.deepStrictEqual(typed.get(Bool), Option.some(true))
      assert.strictEqual(Option.getOrThrow(typed.get(Datetime)).toISOString(), at.toISOString())
      assert.deepStrictEqual(typed.get(KeywordList), Option.some(["a", "b"]))
      // The start delay shows as the execution time, one second after the start.
      assert.isDefined(description.executionTime)
      const delay = description.executionTime!.getTime() - description.startTime.getTime()
      assert.isAtLeast(delay, 990)
      assert.isAtMost(delay, 1500)
      assert.deepStrictEqual(yield* handle.result(), { hello: "world" })
    })))

  it.live("a retry policy: result() follows the failed first attempt to the retry run", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(FailThenSucceed, {
        id: freshId("retry"),
        taskQueue,
        retryPolicy: { initialInterval: "100 millis", maximumAttempts: 3 }
      })
      assert.strictEqual(yield* handle.result(), 2)
      // Without following runs: the server answers a client that does not declare the
      // "follows-next-run-id" feature (no official SDK does) with a ContinuedAsNew close event for a
      // run that is retried or followed by a cron run, so this is WorkflowContinuedAsNewError, as in
      // the official SDKs.
      const first = yield* Effect.flip(handle.result({ followRuns: false }))
      assert.strictEqual(first._tag, "WorkflowContinuedAsNewError")
      if (first._tag === "WorkflowContinuedAsNewError") {
        assert.strictEqual(first.runId, handle.resultRunId)
        assert.notStrictEqual(first.newExecutionRunId, handle.resultRunId)
      }
    })))

  it.live("cron: result() follows every cron run (as the official SDKs do) until the workflow ends", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("cron")
      const handle = yield* client.startWorkflow(CronWorkflow, { id, taskQueue, cronSchedule: "@every 2s" })
      const followed = yield* Effect.forkChild(handle.result())
      // The first run's close event is (for clients like ours and the official SDKs) a
      // ContinuedAsNew pointing at the next cron run.
      const first = yield* Effect.flip(handle.result({ followRuns: false }))
      assert.strictEqual(first._tag, "WorkflowContinuedAsNewError")
      const nextRunId = first._tag === "WorkflowContinuedAsNewError" ? first.newExecutionRunId : ""
      // The next cron run is waiting for its time; the followed result() is still waiting with it.
      const latest = client.getWorkflowHandle(id)
      assert.strictEqual((yield* latest.describe()).runId, nextRunId)
      // The first run's own result (its run ID) is in the history.
      const firstHistory = client.getWorkflowHandle(id, { runId: handle.resultRunId })
      const events = yield* Stream.runCollect(firstHistory.fetchHistory())
      const payload = events.at(-1)!.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0]
      assert.strictEqual(yield* client.dataConverter.fromPayload(payload!), handle.resultRunId)
      assert.isTrue(Option.isNone(Option.fromUndefinedOr(followed.pollUnsafe())))
      yield* latest.terminate({ reason: "cron test over" })
      const error = yield* Effect.flip(Fiber.join(followed))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag === "WorkflowFailedError") {
        assert.strictEqual(error.runId, nextRunId)
        assert.strictEqual(error.cause?._tag, "TerminatedFailure")
      }
    })))

  it.live("idReusePolicy RejectDuplicate refuses a closed ID; idConflictPolicy UseExisting returns the running run", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("reuse")
      const first = yield* client.startWorkflow(Echo, { id, taskQueue, args: ["x"] })
      yield* first.result()
      const duplicate = yield* Effect.flip(
        client.startWorkflow(Echo, { id, taskQueue, args: ["y"], idReusePolicy: "RejectDuplicate" })
      )
      assert.strictEqual(duplicate._tag, "WorkflowAlreadyStartedError")
      if (duplicate._tag === "WorkflowAlreadyStartedError") {
        assert.strictEqual(duplicate.runId, first.resultRunId)
        assert.strictEqual(duplicate.workflowType, "echo")
      }
      // AllowDuplicate (the default) starts a new run.
      const again = yield* client.startWorkflow(Echo, { id, taskQueue, args: ["z"] })
      assert.notStrictEqual(again.resultRunId, first.resultRunId)
      assert.strictEqual(yield* again.result(), "z")

      const runningId = freshId("conflict")
      const running = yield* client.startWorkflow(LongRunning, { id: runningId, taskQueue, args: [60_000] })
      const existing = yield* client.startWorkflow(LongRunning, {
        id: runningId,
        taskQueue,
        args: [60_000],
        idConflictPolicy: "UseExisting"
      })
      assert.strictEqual(existing.resultRunId, running.resultRunId)
      yield* running.terminate()
    })))

  it.live("signal-with-start starts a workflow that is not running, and signals the run that is", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("sws")
      const started = yield* client.startWorkflow(SignalQueryUpdate, {
        id,
        taskQueue,
        args: ["n"],
        startSignal: "approve",
        startSignalArgs: [{ by: "first" }]
      })
      assert.isString(started.resultRunId)
      assert.isUndefined(started.firstExecutionRunId)
      assert.strictEqual(yield* started.query("status"), "approved by first")
      const signalled = yield* client.signalWithStart(SignalQueryUpdate, {
        id,
        taskQueue,
        args: ["ignored"],
        startSignal: "approve",
        startSignalArgs: [{ by: "second" }]
      })
      assert.strictEqual(signalled.resultRunId, started.resultRunId)
      assert.strictEqual(yield* started.query("status"), "approved by second")
      yield* signalled.signal("finish")
      assert.deepStrictEqual(yield* started.result(), { name: "n", status: "finished" })
    })))

  it.live("executeWorkflow, and a handle got before continue-as-new still gets the final result", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      assert.deepStrictEqual(
        yield* client.executeWorkflow(Echo, { id: freshId("exec"), taskQueue, args: [[1, 2, 3]] }),
        [1, 2, 3]
      )
      const id = freshId("can")
      const started = yield* client.startWorkflow(ContinueAsNewTwice, { id, taskQueue, args: [0] })
      const firstRunId = started.resultRunId!
      const byRun = client.getWorkflowHandleFor(ContinueAsNewTwice, id, { runId: firstRunId })
      assert.strictEqual(yield* byRun.result(), "done after 2")
      assert.strictEqual(yield* started.result(), "done after 2")
      const notFollowed = yield* Effect.flip(byRun.result({ followRuns: false }))
      assert.strictEqual(notFollowed._tag, "WorkflowContinuedAsNewError")
      if (notFollowed._tag === "WorkflowContinuedAsNewError") {
        assert.strictEqual(notFollowed.runId, firstRunId)
        assert.isString(notFollowed.newExecutionRunId)
        assert.notStrictEqual(notFollowed.newExecutionRunId, firstRunId)
      }
    })))

  it.live("module-level accessors", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const id = freshId("acc")
      const handle = yield* TemporalClient.startWorkflow(Echo, { id, taskQueue, args: ["acc"] })
      const byId = yield* TemporalClient.getWorkflowHandle(id)
      assert.strictEqual(yield* byId.result(), "acc")
      const typed = yield* TemporalClient.getWorkflowHandleFor(Echo, id, { runId: handle.resultRunId })
      assert.strictEqual(typed.runId, handle.resultRunId)
      assert.strictEqual(
        yield* TemporalClient.executeWorkflow("echo", { id: freshId("acc"), taskQueue, args: ["by name"] }),
        "by name"
      )
    })))

  it.live("WorkflowHandle.Tag: layerStart starts the workflow, layer(id) addresses it", () =>
    withClient(Effect.gen(function*() {
      class Order extends WorkflowHandle.Tag<Order>()("test/Order", SignalQueryUpdate) {}
      const taskQueue = yield* startWorker()
      const id = freshId("tag")
      const startedRunId = yield* Effect.flatMap(Order, (order) => Effect.succeed(order.resultRunId)).pipe(
        Effect.provide(Order.layerStart({ id, taskQueue, args: ["tagged"] }))
      )
      assert.isString(startedRunId)
      const result = yield* Effect.gen(function*() {
        const order = yield* Order
        assert.strictEqual(order.workflowId, id)
        yield* order.signal("approve", { by: "layer" })
        assert.strictEqual(yield* order.query("status"), "approved by layer")
        yield* order.signal("finish")
        return yield* order.result()
      }).pipe(Effect.provide(Order.layer(id)))
      assert.deepStrictEqual(result, { name: "tagged", status: "finished" })
      assert.strictEqual(Order.definition, SignalQueryUpdate)
    })))

  it.live("an execution timeout shows in describe and bounds the run", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(LongRunning, {
        id: freshId("timeouts"),
        taskQueue,
        args: [60_000],
        executionTimeout: "30 seconds",
        runTimeout: "20 seconds",
        taskTimeout: "5 seconds"
      })
      const description = yield* handle.describe()
      assert.isTrue(Duration.equals(description.executionTimeout!, Duration.seconds(30)))
      assert.isTrue(Duration.equals(description.runTimeout!, Duration.seconds(20)))
      assert.isTrue(Duration.equals(description.taskTimeout!, Duration.seconds(5)))
      yield* handle.terminate()
    })))

  it.live("requestEagerStart has no effect: no eager task comes back to wait out its timeout", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const started = Date.now()
      const handle = yield* client.startWorkflow(Echo, {
        id: freshId("eager"),
        taskQueue,
        args: ["now"],
        requestEagerStart: true,
        taskTimeout: "10 seconds"
      })
      assert.strictEqual(yield* handle.result(), "now")
      assert.isBelow(Date.now() - started, 8_000, "the worker got the first task at once")
      const events = yield* Stream.runCollect(handle.fetchHistory())
      const timedOut = events.filter((e) => e.workflowTaskTimedOutEventAttributes != null)
      assert.deepStrictEqual(timedOut, [], "no workflow task timed out")
    })))

  it.live("UseExisting on a chain that continued as new: the handle does not claim the running run is the first", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("chain")
      const first = yield* client.startWorkflow(ContinueAsNewThenWait, { id, taskQueue, args: [0] })
      assert.strictEqual(first.firstExecutionRunId, first.resultRunId)
      const secondRunId = yield* eventually(
        "the second run",
        Effect.map(
          client.getWorkflowHandle(id).describe(),
          (d) => d.runId !== first.resultRunId && d.status === "Running" ? Option.some(d.runId) : Option.none()
        )
      )
      const existing = yield* client.startWorkflow(ContinueAsNewThenWait, {
        id,
        taskQueue,
        args: [0],
        idConflictPolicy: "UseExisting"
      })
      assert.strictEqual(existing.resultRunId, secondRunId)
      assert.isUndefined(existing.firstExecutionRunId, "the existing run is not the first of its chain")
      const viaUpdate = yield* client.startUpdateWithStart("rename", {
        args: ["x"],
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(ContinueAsNewThenWait, {
          id,
          taskQueue,
          args: [0],
          idConflictPolicy: "UseExisting"
        })
      })
      assert.strictEqual(yield* viaUpdate.updateHandle.result(), "x")
      assert.isUndefined(viaUpdate.workflowHandle.firstExecutionRunId)
      // Calls that send the first execution run ID work on both handles.
      assert.strictEqual(yield* existing.executeUpdate("rename", "y"), "y")
      yield* viaUpdate.workflowHandle.cancel()
      // The handle of the first start still addresses the chain.
      yield* first.terminate({ reason: "test over" })
      const ended = yield* Effect.flip(existing.result())
      assert.strictEqual(ended._tag, "WorkflowFailedError")
    })))
})
