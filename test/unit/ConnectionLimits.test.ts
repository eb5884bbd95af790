/**
 * The bound on calls in flight per connection: at most `maxConcurrentCalls` ordinary calls and
 * `maxConcurrentLongPolls` long polls at once; the others wait their turn, first come first served,
 * and a waiting call that is interrupted (or whose connection closes) leaves the line without taking
 * a slot. Long polls have their own bound, so pending `result()` waits never hold back other calls.
 * Before, 10 000 calls at concurrency 10 000 all started at once (496 MiB heap, the event loop
 * stalled 1.2 s).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeConnection from "../../src/testing/FakeConnection.js"

/** A fake whose calls wait for `release`, counting how many run at once. */
const gated = Effect.gen(function*() {
  const release = yield* Deferred.make<void>()
  let running = 0
  let mostAtOnce = 0
  const hold = <A>(answer: A) =>
    Effect.acquireUseRelease(
      Effect.sync(() => {
        running++
        mostAtOnce = Math.max(mostAtOnce, running)
      }),
      () => Effect.as(Deferred.await(release), answer),
      () => Effect.sync(() => running--)
    )
  return {
    release: Deferred.succeed(release, undefined),
    running: Effect.sync(() => running),
    mostAtOnce: Effect.sync(() => mostAtOnce),
    hold
  }
})

/** Yield until `condition` holds (no clock involved: the fake answers on the same fibers). */
const settle = (condition: Effect.Effect<boolean>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 1000; i++) {
      if (yield* condition) return
      yield* Effect.yieldNow
    }
    assert.fail("condition not reached")
  })

const clientOn = (fake: Layer.Layer<Connection.Connection | FakeConnection.FakeConnection>) =>
  TemporalClient.layer().pipe(Layer.provideMerge(fake), Layer.provide(DataConverter.Default))

describe("calls in flight per connection", () => {
  it.effect("at most maxConcurrentCalls ordinary calls run at once; the rest wait their turn", () =>
    Effect.gen(function*() {
      const gate = yield* gated
      const { connection } = yield* FakeConnection.make(
        { workflowService: { describeNamespace: () => gate.hold({}) } },
        { maxConcurrentCalls: 3 }
      )
      const fibers = yield* Effect.forEach(
        Array.from({ length: 10 }, (_, i) => i),
        // Forked from this fiber (not from forEach's workers, whose children end with them).
        () => Effect.forkChild(connection.workflowService.describeNamespace({ namespace: "default" }))
      )
      yield* settle(Effect.map(gate.running, (n) => n === 3))
      for (let i = 0; i < 50; i++) yield* Effect.yieldNow
      assert.strictEqual(yield* gate.running, 3, "the others wait for a slot")
      yield* gate.release
      for (const fiber of fibers) yield* Fiber.join(fiber)
      assert.strictEqual(yield* gate.mostAtOnce, 3)
    }))

  it.effect("a call interrupted while it waits leaves the line; the slots stay exact", () =>
    Effect.gen(function*() {
      const first = yield* gated
      const { callsOf, connection } = yield* FakeConnection.make(
        { workflowService: { describeNamespace: () => first.hold({}) } },
        { maxConcurrentCalls: 1 }
      )
      const describe = connection.workflowService.describeNamespace({ namespace: "default" })
      const running = yield* Effect.forkChild(describe)
      yield* settle(Effect.map(first.running, (n) => n === 1))
      const waiting = yield* Effect.forkChild(describe)
      const third = yield* Effect.forkChild(describe)
      for (let i = 0; i < 20; i++) yield* Effect.yieldNow
      yield* Fiber.interrupt(waiting)
      yield* first.release
      yield* Fiber.join(running)
      yield* Fiber.join(third)
      assert.strictEqual((yield* callsOf("DescribeNamespace")).length, 2, "the interrupted call was never sent")
      assert.strictEqual(yield* first.mostAtOnce, 1)
      // The slot came back: calls still go through, one at a time.
      yield* Effect.all([describe, describe], { concurrency: "unbounded" })
      assert.strictEqual((yield* callsOf("DescribeNamespace")).length, 4)
    }))

  it.effect("long polls have their own bound: pending result() waits do not hold back other calls", () =>
    Effect.gen(function*() {
      const polls = yield* gated
      const layer = clientOn(FakeConnection.layer(
        {
          workflowService: {
            getWorkflowExecutionHistory: () => polls.hold(FakeConnection.completedHistory("done")),
            signalWorkflowExecution: () => Effect.succeed({})
          }
        },
        { maxConcurrentCalls: 1, maxConcurrentLongPolls: 2 }
      ))
      yield* Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const results = yield* Effect.forEach(
          ["a", "b", "c", "d"],
          (id) => Effect.forkChild(client.getWorkflowHandle(id).result())
        )
        yield* settle(Effect.map(polls.running, (n) => n === 2))
        // Both long-poll slots are taken and two polls wait; ordinary calls still run.
        for (const id of ["a", "b", "c"]) yield* client.getWorkflowHandle(id).signal("s")
        assert.strictEqual(yield* polls.running, 2)
        yield* polls.release
        for (const fiber of results) assert.strictEqual(yield* Fiber.join(fiber), "done")
        assert.strictEqual(yield* polls.mostAtOnce, 2)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a call waiting for a slot fails Closed when the connection closes", () =>
    Effect.gen(function*() {
      const gate = yield* gated
      const fake = yield* FakeConnection.make(
        { workflowService: { describeNamespace: () => gate.hold({}) } },
        { maxConcurrentCalls: 1 }
      )
      const describe = fake.connection.workflowService.describeNamespace({ namespace: "default" })
      const running = yield* Effect.forkChild(describe)
      yield* settle(Effect.map(gate.running, (n) => n === 1))
      const waiting = yield* Effect.forkChild(describe)
      for (let i = 0; i < 20; i++) yield* Effect.yieldNow
      yield* fake.close
      for (const fiber of [running, waiting]) {
        const exit = yield* Fiber.await(fiber)
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isFailure(exit)) {
          const error = Option.getOrUndefined(Cause.findErrorOption(exit.cause))
          assert.strictEqual(error?._tag, "ConnectionError")
        }
      }
    }))

  it.effect("a bound that is not a positive integer (or Infinity) is refused", () =>
    Effect.gen(function*() {
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        for (const options of [{ maxConcurrentCalls: bad }, { maxConcurrentLongPolls: bad }]) {
          const error = yield* Effect.flip(Connection.make({ address: "127.0.0.1:7233", lazy: true, ...options }))
          assert.strictEqual(error.reason, "InvalidConfig", JSON.stringify(options))
          assert.include(error.description, Object.keys(options)[0]!)
        }
      }
      yield* Connection.make({ address: "127.0.0.1:7233", lazy: true, maxConcurrentCalls: Infinity })
    }))
})
