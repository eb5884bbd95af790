import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Failure from "../../src/Failure.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as TemporalError from "../../src/TemporalError.js"
import { TestTemporalClient } from "../../src/testing/index.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"

const Order = WorkflowDefinition.make("approveOrder", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [Schema.Struct({ by: Schema.String })] },
  queries: { status: { args: [], result: Schema.String } },
  updates: { setNote: { args: [Schema.String], result: Schema.Boolean } }
})

describe("TestTemporalClient", () => {
  it.effect("answers scripted calls by workflow type and records every call", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(Order, { id: "order-1", taskQueue: "orders", args: ["o-1"] })
      yield* handle.signal("approve", { by: "ops" })
      assert.strictEqual(yield* handle.query("status"), "approved")
      assert.isTrue(yield* handle.executeUpdate("setNote", "rush"))
      assert.strictEqual(yield* handle.result(), "done o-1")
      const calls = yield* TestTemporalClient.calls
      assert.deepStrictEqual(calls.map((c) => c.operation), [
        "startWorkflow",
        "signal",
        "query",
        "startUpdate",
        "updateResult",
        "result"
      ])
      assert.deepStrictEqual(calls[0]!.args, ["o-1"])
      assert.deepStrictEqual((yield* TestTemporalClient.callsOf("signal", "approve"))[0]!.args, [{ by: "ops" }])
    }).pipe(Effect.provide(TestTemporalClient.layer({
      approveOrder: {
        signal: { approve: Effect.void },
        query: { status: Effect.succeed("approved") },
        update: { setNote: Effect.succeed(true) },
        result: (call) => Effect.succeed(`done ${call.workflowId === "order-1" ? "o-1" : "?"}`)
      }
    }))))

  it.effect("scripts by workflow ID win over type; typed failures pass through", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const ok = yield* client.executeWorkflow(Order, { id: "order-ok", taskQueue: "q", args: ["a"] })
      assert.strictEqual(ok, "fine")
      const error = yield* Effect.flip(client.executeWorkflow(Order, { id: "order-bad", taskQueue: "q", args: ["b"] }))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      const dup = yield* Effect.flip(client.startWorkflow(Order, { id: "order-dup", taskQueue: "q", args: ["c"] }))
      assert.strictEqual(dup._tag, "WorkflowAlreadyStartedError")
    }).pipe(Effect.provide(TestTemporalClient.layer({
      approveOrder: { result: Effect.succeed("fine") },
      "order-bad": {
        result: Effect.fail(
          new TemporalError.WorkflowFailedError({
            workflowId: "order-bad",
            runId: "r",
            retryState: "RETRY_STATE_NON_RETRYABLE_FAILURE",
            cause: new Failure.ApplicationFailure({ message: "rejected" })
          })
        )
      },
      "order-dup": {
        start: Effect.fail(
          new TemporalError.WorkflowAlreadyStartedError({ workflowId: "order-dup", workflowType: "approveOrder" })
        )
      }
    }))))

  it.effect("handles from getWorkflowHandle find the script by the ID's earlier start", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      yield* client.startWorkflow("approveOrder", { id: "order-9", taskQueue: "q", args: ["x"] })
      yield* client.getWorkflowHandle("order-9").cancel()
      assert.strictEqual((yield* TestTemporalClient.callsOf("cancel"))[0]!.workflowType, "approveOrder")
    }).pipe(Effect.provide(TestTemporalClient.layer({ approveOrder: { cancel: Effect.void } }))))

  it.effect("unscripted calls die naming the call, never hang", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(Order, { id: "order-2", taskQueue: "q", args: ["x"] })
      const exit = yield* Effect.exit(handle.query("status"))
      assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
      if (Exit.isFailure(exit)) assert.include(Cause.pretty(exit.cause), `query("status") of workflow "order-2"`)
      const unknown = yield* Effect.exit(client.startWorkflow("other", { id: "x", taskQueue: "q" }))
      assert.isTrue(Exit.isFailure(unknown) && Cause.hasDies(unknown.cause))
      const schedule = yield* Effect.exit(client.countWorkflows())
      assert.isTrue(Exit.isFailure(schedule) && Cause.hasDies(schedule.cause))
    }).pipe(Effect.provide(TestTemporalClient.layer({ approveOrder: { result: Effect.succeed("x") } }))))
})
