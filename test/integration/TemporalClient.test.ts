import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { freshId } from "../support/worker.js"

const SignalQueryUpdate = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Struct({ name: Schema.String, status: Schema.String }),
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [] },
  queries: { status: { args: [], result: Schema.String } },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

describe("TemporalClient against the dev server", () => {
  it.live("starts, signals, queries, updates and gets the result", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("squ")
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id, taskQueue, args: ["first"] })
      assert.strictEqual(handle.workflowId, id)
      assert.isString(handle.resultRunId)
      yield* handle.signal("approve", { by: "ops" })
      const status = yield* handle.query("status")
      assert.strictEqual(status, "approved by ops")
      const old = yield* handle.executeUpdate("rename", "second")
      assert.strictEqual(old, "first")
      const rejected = yield* Effect.flip(handle.executeUpdate("rename", ""))
      assert.strictEqual(rejected._tag, "WorkflowUpdateFailedError")
      yield* handle.signal("finish")
      const result = yield* handle.result()
      assert.deepStrictEqual(result, { name: "second", status: "finished" })
    })))

  it.live("executeWorkflow by name follows continue-as-new runs", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const result = yield* TemporalClient.executeWorkflow("continueAsNewTwice", {
        id: freshId("can"),
        taskQueue,
        args: [0]
      })
      assert.strictEqual(result, "done after 2")
    })))

  it.live("result without following runs fails with WorkflowContinuedAsNewError", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("continueAsNewTwice", { id: freshId("can"), taskQueue, args: [0] })
      const error = yield* Effect.flip(handle.result({ followRuns: false }))
      assert.strictEqual(error._tag, "WorkflowContinuedAsNewError")
    })))

  it.live("a failing workflow gives WorkflowFailedError with the cause chain", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const error = yield* Effect.flip(
        TemporalClient.executeWorkflow("failWithCause", { id: freshId("fail"), taskQueue })
      )
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag !== "WorkflowFailedError") return
      const cause = error.cause as {
        _tag: string
        message: string
        type?: string
        cause?: { message: string; type?: string }
      }
      assert.strictEqual(cause._tag, "ApplicationFailure")
      assert.strictEqual(cause.message, "outer")
      assert.strictEqual(cause.type, "OuterError")
      assert.strictEqual(cause.cause?.message, "inner")
      assert.strictEqual(cause.cause?.type, "InnerError")
    })))

  it.live("starting the same ID twice gives WorkflowAlreadyStartedError with the run ID", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("dup")
      const first = yield* client.startWorkflow("longRunning", { id, taskQueue, args: [60_000] })
      const error = yield* Effect.flip(client.startWorkflow("longRunning", { id, taskQueue, args: [60_000] }))
      assert.strictEqual(error._tag, "WorkflowAlreadyStartedError")
      if (error._tag === "WorkflowAlreadyStartedError") assert.strictEqual(error.runId, first.resultRunId)
      yield* first.terminate({ reason: "test over" })
      const ended = yield* Effect.flip(first.result())
      assert.strictEqual(ended._tag, "WorkflowFailedError")
      if (ended._tag === "WorkflowFailedError") {
        assert.strictEqual(ended.cause?._tag, "TerminatedFailure")
      }
    })))

  it.live("an unknown workflow ID gives WorkflowNotFoundError", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = client.getWorkflowHandle(freshId("missing"))
      const error = yield* Effect.flip(handle.describe())
      assert.strictEqual(error._tag, "WorkflowNotFoundError")
      const signal = yield* Effect.flip(handle.signal("anything"))
      assert.strictEqual(signal._tag, "WorkflowNotFoundError")
    })))

  it.live("cancel, describe and history", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("longRunning", { id: freshId("cancel"), taskQueue, args: [60_000] })
      const description = yield* handle.describe()
      assert.strictEqual(description.status, "Running")
      assert.strictEqual(description.workflowType, "longRunning")
      yield* handle.cancel({ reason: "no longer needed" })
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag === "WorkflowFailedError") {
        assert.strictEqual(error.cause?._tag, "CanceledFailure")
      }
      const events = yield* Stream.runCollect(handle.fetchHistory({ pageSize: 2 }))
      assert.isAbove(events.length, 3)
      assert.strictEqual(Number(events[0]!.eventId), 1)
    })))

  it.live("interrupting result() cancels the long poll", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("longRunning", { id: freshId("intr"), taskQueue, args: [60_000] })
      const fiber = yield* Effect.forkChild(handle.result())
      yield* Effect.sleep("300 millis")
      yield* Fiber.interrupt(fiber)
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(exit._tag === "Failure")
      yield* handle.terminate()
    })))
})
