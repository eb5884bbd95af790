/**
 * After the scope of a connection closes, its calls fail with `ConnectionError` reason `Closed`: the
 * calls made later at once, and the calls in flight (ordinary calls, long polls, calls pausing between
 * retries, calls waiting for a slot) as soon as it closes, forked or not. Before, every handle
 * operation died with "Channel has been shut down" and a forked `result()` kept polling for 18–30 s.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeConnection from "../../src/testing/FakeConnection.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const describeOk = {
  workflowExecutionInfo: {
    execution: { workflowId: "wf", runId: "run-1" },
    type: { name: "t" },
    startTime: { seconds: 1 },
    status: 1,
    taskQueue: "tq"
  }
}

/** Every handle operation, and a few client ones. */
const operations = (
  client: TemporalClient.TemporalClientShape
): ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> => {
  const handle = client.getWorkflowHandle("wf")
  return [
    ["describe", handle.describe()],
    ["signal", handle.signal("s")],
    ["query", handle.query("q")],
    ["cancel", handle.cancel()],
    ["terminate", handle.terminate()],
    ["result", handle.result()],
    ["startUpdate", handle.startUpdate("u", { args: [] })],
    ["update result", handle.getUpdateHandle("u-1").result()],
    ["start", client.startWorkflow("t", { id: "wf-2", taskQueue: "tq" })],
    ["count", client.countWorkflows()],
    ["schedule describe", client.getScheduleHandle("s").describe()]
  ]
}

/** The failure of `exit`, which must be a `ConnectionError` with reason `Closed`. */
const assertClosed = (label: string, exit: Exit.Exit<unknown, unknown>) => {
  assert.isTrue(Exit.isFailure(exit), `${label} failed`)
  if (Exit.isSuccess(exit)) return
  const failure = Cause.findErrorOption(exit.cause)
  assert.isTrue(Option.isSome(failure), `${label}: a typed failure, not ${Cause.pretty(exit.cause)}`)
  const error = Option.getOrThrow(failure) as { _tag: string; reason?: string }
  assert.strictEqual(error._tag, "ConnectionError", label)
  assert.strictEqual(error.reason, "Closed", label)
}

/** A client over `connection` in a scope the test closes itself. */
const clientIn = <E>(scope: Scope.Closeable, layer: Layer.Layer<Connection.Connection, E>) =>
  Effect.map(
    Layer.buildWithScope(
      TemporalClient.layer().pipe(Layer.provideMerge(layer), Layer.provide(DataConverter.Default)),
      scope
    ),
    (context) => ({
      client: Effect.runSync(Effect.provide(TemporalClient.TemporalClient, context)),
      connection: Effect.runSync(Effect.provide(Connection.Connection, context))
    })
  )

describe("a closed connection", () => {
  it.effect("fails every later call with ConnectionError Closed, and sends nothing", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeWorkflowExecution: () => Effect.succeed(describeOk) }
      })
      const scope = yield* Scope.make()
      const { client, connection } = yield* clientIn(scope, Connection.layer({ address: server.address, lazy: true }))
      yield* client.getWorkflowHandle("wf").describe()
      yield* Scope.close(scope, Exit.void)
      for (const [label, operation] of operations(client)) assertClosed(label, yield* Effect.exit(operation))
      assertClosed("raw RPC", yield* Effect.exit(connection.workflowService.getSystemInfo({})))
      assertClosed("checkHealth", yield* Effect.exit(connection.checkHealth()))
      assert.strictEqual((yield* server.calls).length, 1, "only the call made while open reached the server")
    }))

  it.live("fails the calls in flight at once, long polls and forked result() included", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeWorkflowExecution: () => Effect.never,
          getWorkflowExecutionHistory: () => Effect.never,
          pollWorkflowExecutionUpdate: () => Effect.never
        }
      })
      const scope = yield* Scope.make()
      const { client } = yield* clientIn(scope, Connection.layer({ address: server.address, lazy: true }))
      const handle = client.getWorkflowHandle("wf")
      // Forked as daemons: outside every scope, as a fiber a program forgot would be.
      const fibers: ReadonlyArray<Fiber.Fiber<unknown, unknown>> = [
        yield* Effect.forkDetach(handle.result()),
        yield* Effect.forkDetach(handle.describe()),
        yield* Effect.forkDetach(handle.getUpdateHandle("u-1").result())
      ]
      yield* waitUntil(Effect.map(server.openCalls, (n) => n === 3))
      const closedAt = Date.now()
      yield* Scope.close(scope, Exit.void)
      for (const [i, fiber] of fibers.entries()) assertClosed(`call ${i}`, yield* Fiber.await(fiber))
      const millis = Date.now() - closedAt
      assert.isBelow(millis, 1000, `all ended within ${millis} ms of the close`)
      yield* waitUntil(Effect.map(server.openCalls, (n) => n === 0))
      assert.strictEqual((yield* server.calls).length, 3, "the long polls did not poll again")
    }).pipe(Effect.scoped))

  it.live("fails a call pausing between retries at once, without waiting for its backoff", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeWorkflowExecution: () => Effect.fail({ code: "UNAVAILABLE" as const }) }
      })
      const scope = yield* Scope.make()
      const { client } = yield* clientIn(
        scope,
        Connection.layer({ address: server.address, lazy: true }).pipe(
          Layer.provide(RetryConfig.layer({ initialInterval: "1 minute", maxElapsedTime: "10 minutes" }))
        )
      )
      const fiber = yield* Effect.forkDetach(client.getWorkflowHandle("wf").describe())
      yield* waitUntil(Effect.map(server.calls, (calls) => calls.length === 1))
      const closedAt = Date.now()
      yield* Scope.close(scope, Exit.void)
      assertClosed("describe", yield* Fiber.await(fiber))
      assert.isBelow(Date.now() - closedAt, 1000)
      assert.strictEqual((yield* server.calls).length, 1)
    }).pipe(Effect.scoped))

  it.effect("the fake connection behaves the same: later calls and calls in flight fail Closed", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const { client, connection } = yield* clientIn(
        scope,
        FakeConnection.layer({
          workflowService: {
            // Int64 fields as numbers, which the fake's encoder takes.
            describeWorkflowExecution: () => Effect.succeed(describeOk as never),
            getWorkflowExecutionHistory: () => Effect.never
          }
        })
      )
      yield* client.getWorkflowHandle("wf").describe()
      const pending = yield* Effect.forkDetach(client.getWorkflowHandle("wf").result())
      yield* TestClock.adjust("1 second")
      yield* Scope.close(scope, Exit.void)
      assertClosed("pending result", yield* Fiber.await(pending))
      for (const [label, operation] of operations(client)) assertClosed(label, yield* Effect.exit(operation))
      assertClosed("raw RPC", yield* Effect.exit(connection.workflowService.getSystemInfo({})))
    }))
})

const waitUntil = (condition: Effect.Effect<boolean>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 500; i++) {
      if (yield* condition) return
      yield* Effect.sleep("10 millis")
    }
    assert.fail("condition not reached")
  })
