import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/testing/TestClock"
import * as DataConverter from "../../src/DataConverter.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { FakeConnection } from "../../src/testing/index.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"

const Greet = WorkflowDefinition.make("Greet", { args: [Schema.String], result: Schema.String })

const clientOver = (services: FakeConnection.FakeServices) =>
  TemporalClient.layer().pipe(
    Layer.provideMerge(FakeConnection.layer(services)),
    Layer.provide(DataConverter.Default)
  )

describe("FakeConnection", () => {
  it.effect("runs the real client over handlers: start, then the result from a completed history", () =>
    Effect.gen(function*() {
      const result = yield* TemporalClient.executeWorkflow(Greet, { id: "g-1", taskQueue: "q", args: ["World"] })
      assert.strictEqual(result, "Hello World")
      const starts = yield* FakeConnection.callsOf("StartWorkflowExecution")
      assert.strictEqual(starts.length, 1)
      const request = starts[0]!.request as { workflowId: string; workflowType: { name: string } }
      assert.strictEqual(request.workflowId, "g-1")
      assert.strictEqual(request.workflowType.name, "Greet")
      assert.strictEqual(starts[0]!.metadata["temporal-namespace"], "default")
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }),
        getWorkflowExecutionHistory: () => Effect.succeed(FakeConnection.completedHistory("Hello World"))
      }
    }))))

  it.effect("unfaked RPCs fail UNIMPLEMENTED, naming the handler to give", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const error = yield* Effect.flip(client.getWorkflowHandle("w").signal("go"))
      assert.strictEqual(error._tag, "RpcError")
      if (error._tag === "RpcError") {
        assert.strictEqual(error.code, "UNIMPLEMENTED")
        assert.include(error.message, "workflowService.signalWorkflowExecution")
      }
    }).pipe(Effect.provide(clientOver({}))))

  it.effect("status builders map to the typed errors: not found, already started, failed history", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const missing = yield* Effect.flip(client.getWorkflowHandle("gone").describe())
      assert.strictEqual(missing._tag, "WorkflowNotFoundError")
      const dup = yield* Effect.flip(client.startWorkflow(Greet, { id: "dup", taskQueue: "q", args: ["x"] }))
      assert.strictEqual(dup._tag, "WorkflowAlreadyStartedError")
      if (dup._tag === "WorkflowAlreadyStartedError") assert.strictEqual(dup.runId, "run-0")
      const failed = yield* Effect.flip(client.getWorkflowHandle("f").result())
      assert.strictEqual(failed._tag, "WorkflowFailedError")
      if (failed._tag === "WorkflowFailedError") {
        const cause = failed.cause as { _tag: string; message: string; type?: string; cause?: { message: string } }
        assert.strictEqual(cause._tag, "ApplicationFailure")
        assert.strictEqual(cause.type, "OrderRejected")
        assert.strictEqual(cause.cause?.message, "inner")
      }
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        describeWorkflowExecution: () => Effect.fail(FakeConnection.notFound()),
        startWorkflowExecution: () => Effect.fail(FakeConnection.alreadyStarted("run-0")),
        getWorkflowExecutionHistory: () =>
          Effect.succeed(FakeConnection.failedHistory({
            message: "rejected",
            type: "OrderRejected",
            nonRetryable: true,
            cause: { message: "inner" }
          }))
      }
    }))))

  it.effect("NOT_FOUND is told apart by details and message: namespace, closed workflow, unknown update, unknown workflow", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const inMissingNamespace = yield* Effect.flip(client.getWorkflowHandle("ns").describe())
      assert.strictEqual(inMissingNamespace._tag, "NamespaceNotFoundError")
      const closed = client.getWorkflowHandle("closed")
      for (
        const error of [
          yield* Effect.flip(closed.signal("go")),
          yield* Effect.flip(closed.terminate()),
          yield* Effect.flip(closed.startUpdate("rename", { args: [], waitForStage: "Accepted" }))
        ]
      ) {
        assert.strictEqual(error._tag, "WorkflowAlreadyCompletedError", String(error))
        if (error._tag === "WorkflowAlreadyCompletedError") {
          assert.strictEqual(error.workflowId, "closed")
          assert.include(error.message, "already closed")
        }
      }
      const noUpdate = yield* Effect.flip(client.getWorkflowHandle("running").getUpdateHandle("u-9").result())
      assert.strictEqual(noUpdate._tag, "WorkflowUpdateNotFoundError")
      if (noUpdate._tag === "WorkflowUpdateNotFoundError") assert.strictEqual(noUpdate.updateId, "u-9")
      const noWorkflow = yield* Effect.flip(client.getWorkflowHandle("gone").signal("go"))
      assert.strictEqual(noWorkflow._tag, "WorkflowNotFoundError")
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        describeWorkflowExecution: () => Effect.fail(FakeConnection.namespaceNotFound("default")),
        signalWorkflowExecution: (request) =>
          Effect.fail(
            request.workflowExecution?.workflowId === "closed"
              ? FakeConnection.workflowAlreadyCompleted()
              : FakeConnection.notFound("workflow not found for ID: gone")
          ),
        terminateWorkflowExecution: () => Effect.fail(FakeConnection.workflowAlreadyCompleted()),
        updateWorkflowExecution: () => Effect.fail(FakeConnection.workflowAlreadyCompleted()),
        pollWorkflowExecutionUpdate: (request) =>
          Effect.fail(FakeConnection.updateNotFound(request.updateRef?.updateId ?? ""))
      }
    }))))

  it.effect("UNAVAILABLE twice then success: the real retry path runs on TestClock, one request ID", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const fiber = yield* Effect.forkChild(client.getWorkflowHandle("w").signal("go", 1))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      const attempts = yield* FakeConnection.callsOf("SignalWorkflowExecution")
      assert.strictEqual(attempts.length, 3)
      const ids = new Set(attempts.map((call) => (call.request as { requestId: string }).requestId))
      assert.strictEqual(ids.size, 1, "every attempt carries the same request ID")
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        signalWorkflowExecution: FakeConnection.failFirst(
          2,
          FakeConnection.status("UNAVAILABLE"),
          () => Effect.succeed({})
        )
      }
    }))))

  it.effect("does not retry before the backoff has passed, and gives up after maxRetries", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const fiber = yield* Effect.forkChild(client.getWorkflowHandle("w").cancel())
      yield* TestClock.adjust("1 millis")
      assert.strictEqual((yield* FakeConnection.callsOf("RequestCancelWorkflowExecution")).length, 1)
      yield* TestClock.adjust("1 minute")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "RpcError")
      assert.strictEqual((yield* FakeConnection.callsOf("RequestCancelWorkflowExecution")).length, 3)
    }).pipe(Effect.provide(
      clientOver({
        workflowService: {
          requestCancelWorkflowExecution: () => Effect.fail(FakeConnection.status("UNAVAILABLE", "down"))
        }
      }).pipe(Layer.provide(RetryConfig.layer({ maxRetries: 2 })))
    )))

  it.effect("non-retryable codes are tried once", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const error = yield* Effect.flip(client.getWorkflowHandle("w").terminate())
      assert.strictEqual(error._tag, "RpcError")
      assert.strictEqual((yield* FakeConnection.calls).length, 1)
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        terminateWorkflowExecution: () => Effect.fail(FakeConnection.status("PERMISSION_DENIED"))
      }
    }))))

  it.effect("a handler that never answers hits the call's deadline on the Clock", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const fiber = yield* Effect.forkChild(client.getWorkflowHandle("w").describe({ rpcTimeout: "5 seconds" }))
      yield* TestClock.adjust("5 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "RpcError")
      if (error._tag === "RpcError") assert.strictEqual(error.code, "DEADLINE_EXCEEDED")
    }).pipe(Effect.provide(
      clientOver({ workflowService: { describeWorkflowExecution: () => Effect.never } }).pipe(
        Layer.provide(RetryConfig.layer({ maxRetries: 0 }))
      )
    )))
})
