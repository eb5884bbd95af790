/**
 * Testing a program that uses the Temporal client, three ways, with no server:
 *
 * 1. `TestTemporalClient`: a scripted mock; assert on what the program asked for.
 * 2. `FakeConnection`: the real client over faked RPCs; assert on the wire requests, inject failures.
 * 3. `InMemoryTemporal`: the workflow itself, written as an Effect function, runs in memory.
 *
 * The program under test: approve an order. Start the `approveOrder` workflow, send it the
 * `approve` signal, and return what the workflow returns.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/testing/TestClock"
import * as DataConverter from "../src/DataConverter.js"
import * as TemporalClient from "../src/TemporalClient.js"
import { FakeConnection, InMemoryTemporal, TestTemporalClient } from "../src/testing/index.js"
import * as WorkflowDefinition from "../src/WorkflowDefinition.js"

// --- the business program ---------------------------------------------------------------------

const ApproveOrder = WorkflowDefinition.make("approveOrder", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [Schema.Struct({ by: Schema.String })] }
})

const approveOrder = (orderId: string, by: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const handle = yield* client.startWorkflow(ApproveOrder, {
      id: `order-${orderId}`,
      taskQueue: "orders",
      args: [orderId]
    })
    yield* handle.signal("approve", { by })
    return yield* handle.result()
  })

// --- three ways to test it --------------------------------------------------------------------

describe("testing approveOrder", () => {
  it.effect("1. with the mock client", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* approveOrder("42", "ann"), "approved")
      const [signal] = yield* TestTemporalClient.callsOf("signal", "approve")
      assert.deepStrictEqual(signal?.args, [{ by: "ann" }])
    }).pipe(Effect.provide(TestTemporalClient.layer({
      approveOrder: { signal: { approve: Effect.void }, result: Effect.succeed("approved") }
    }))))

  it.effect("2. with faked gRPC services (the first signal attempt is UNAVAILABLE and is retried)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.forkChild(approveOrder("42", "ann"))
      yield* TestClock.adjust("1 second") // the retry's backoff runs on the Clock
      assert.strictEqual(yield* Fiber.join(fiber), "approved")
      assert.strictEqual((yield* FakeConnection.callsOf("SignalWorkflowExecution")).length, 2)
    }).pipe(Effect.provide(
      TemporalClient.layer().pipe(
        Layer.provideMerge(FakeConnection.layer({
          workflowService: {
            startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }),
            signalWorkflowExecution: FakeConnection.failFirst(
              1,
              FakeConnection.status("UNAVAILABLE"),
              () => Effect.succeed({})
            ),
            getWorkflowExecutionHistory: () => Effect.succeed(FakeConnection.completedHistory("approved"))
          }
        })),
        Layer.provide(DataConverter.Default)
      )
    )))

  it.effect("3. with the in-memory Temporal running the workflow", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* approveOrder("42", "ann"), "order 42 approved by ann")
    }).pipe(Effect.provide(InMemoryTemporal.layer({
      workflows: {
        approveOrder: ([orderId], ctx) =>
          Effect.map(ctx.nextSignal<[{ by: string }]>("approve"), ([{ by }]) => `order ${orderId} approved by ${by}`)
      }
    }))))
})
