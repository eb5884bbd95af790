/**
 * The long-poll loops (`result()`, an update handle's `result()`, the update start loop) against
 * misbehaving and slow servers, on the `TestClock` over `FakeConnection`:
 *
 * - empty answers that come back at once are paced (a growing pause), while a poll that ran its
 *   course (a real server's ~20 s) is followed at once;
 * - only "server away for now" failures are polled through; a peer that is not a gRPC server, or
 *   broke the protocol, ends the wait with a typed error (an HTTP 503 without gRPC status after a
 *   grace period);
 * - `rpcTimeout` bounds each poll: a poll that reaches it fails the wait, while the default
 *   long-poll deadline just polls again.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/testing/TestClock"
import * as DataConverter from "../../src/DataConverter.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { FakeConnection } from "../../src/testing/index.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"

const Stage = temporal().api.enums.v1.UpdateWorkflowExecutionLifecycleStage

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  queries: { status: { args: [], result: Schema.String } },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

/** The client over fake services; the calls' own retries off, so each poll is one attempt. */
const clientOver = (services: FakeConnection.FakeServices) =>
  TemporalClient.layer().pipe(
    Layer.provideMerge(FakeConnection.layer(services).pipe(Layer.provide(RetryConfig.layer({ maxRetries: 0 })))),
    Layer.provide(DataConverter.Default)
  )

const handle = Effect.map(TemporalClient.TemporalClient, (client) => client.getWorkflowHandleFor(Greet, "wf"))

/** Let forked fibers run to their next suspension. */
const settle = Effect.repeat(Effect.yieldNow, { times: 20 })

/** Adjust the clock in one-second steps (each pause is then taken at its own time). */
const advance = (seconds: number) =>
  Effect.repeat(Effect.andThen(TestClock.adjust("1 second"), settle), { times: seconds - 1 })

const pollsOf = (method: string) => Effect.map(FakeConnection.callsOf(method), (calls) => calls.length)

const emptyHistory = { history: { events: [] } }
const noOutcome = { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED }

describe("long polls: pacing", () => {
  const atOnce: ReadonlyArray<readonly [string, FakeConnection.FakeServices]> = [
    ["an empty history", { workflowService: { getWorkflowExecutionHistory: () => Effect.succeed(emptyHistory) } }],
    [
      "DEADLINE_EXCEEDED",
      {
        workflowService: { getWorkflowExecutionHistory: () => Effect.fail(FakeConnection.status("DEADLINE_EXCEEDED")) }
      }
    ]
  ]
  for (const [what, services] of atOnce) {
    it.effect(`result() against a server answering every poll at once with ${what}: paced, not a busy loop`, () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(Effect.flatMap(handle, (h) => h.result()))
        yield* settle
        yield* advance(60)
        const firstMinute = yield* pollsOf("GetWorkflowExecutionHistory")
        yield* advance(60)
        const secondMinute = (yield* pollsOf("GetWorkflowExecutionHistory")) - firstMinute
        yield* Fiber.interrupt(fiber)
        // 100 ms, 200 ms, ... up to 5 s between polls: 17 in the first minute, 12 a minute after.
        assert.isAtMost(firstMinute, 20, `${firstMinute} polls in the first minute`)
        assert.isAtLeast(firstMinute, 10)
        assert.isAtMost(secondMinute, 13, `${secondMinute} polls in the second minute`)
      }).pipe(Effect.provide(clientOver(services))))
  }

  it.effect("an update handle's result() and startUpdate against a server answering at once with no progress: paced", () =>
    Effect.gen(function*() {
      const h = yield* handle
      const polls = yield* Effect.forkChild(h.getUpdateHandle("u-1", "rename").result())
      const starts = yield* Effect.forkChild(h.startUpdate("rename", { args: ["x"], waitForStage: "Completed" }))
      yield* settle
      yield* advance(60)
      const pollCount = yield* pollsOf("PollWorkflowExecutionUpdate")
      const startCount = yield* pollsOf("UpdateWorkflowExecution")
      yield* Fiber.interrupt(polls)
      yield* Fiber.interrupt(starts)
      assert.isAtMost(pollCount, 20, `${pollCount} update polls in a minute`)
      assert.isAtMost(startCount, 20, `${startCount} update requests in a minute`)
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        pollWorkflowExecutionUpdate: () => Effect.succeed(noOutcome),
        updateWorkflowExecution: () => Effect.succeed(noOutcome)
      }
    }))))

  it.effect("a poll that ran its course (the server's 20 s) is followed by the next at once: no added latency", () => {
    let polls = 0
    return Effect.gen(function*() {
      const fiber = yield* Effect.forkChild(
        Effect.flatMap(handle, (h) => Effect.zip(h.result(), Clock.currentTimeMillis))
      )
      yield* settle
      for (let i = 0; i < 3; i++) {
        yield* TestClock.adjust("20 seconds")
        yield* settle
      }
      const done = Option.fromUndefinedOr(fiber.pollUnsafe())
      assert.isTrue(Option.isSome(done), "the result is there as soon as the close event is")
      const [result, at] = yield* Fiber.join(fiber)
      assert.strictEqual(result, "done")
      assert.strictEqual(at, 60_000, "three 20 s polls, no pause between them")
      assert.strictEqual(polls, 3)
    }).pipe(Effect.provide(clientOver({
      workflowService: {
        getWorkflowExecutionHistory: () =>
          Effect.sleep("20 seconds").pipe(
            Effect.map(() => ++polls < 3 ? emptyHistory : FakeConnection.completedHistory("done"))
          )
      }
    })))
  })
})

/** Failures as grpc-js reports them for peers that are not gRPC servers, or broke the protocol. */
const notGrpc: ReadonlyArray<readonly [string, FakeConnection.FakeStatus]> = [
  [
    "an HTML page with status 200",
    FakeConnection.status("RESOURCE_EXHAUSTED", "Received message larger than max (1752460652 vs 134217728)")
  ],
  [
    "an HTTP/1.1 server",
    FakeConnection.status(
      "UNAVAILABLE",
      "No connection established. Last error: Protocol error (2026-01-01T00:00:00.000Z). Resolution note: "
    )
  ],
  ["a stream reset", FakeConnection.status("INTERNAL", "Received RST_STREAM with code 2 (Internal server error)")],
  [
    "a stream ended without status",
    FakeConnection.status("INTERNAL", "Received RST_STREAM with code 0 (Call ended without gRPC status)")
  ],
  ["an HTTP 200 without gRPC status", FakeConnection.status("UNKNOWN", "Received HTTP status code 200")],
  ["an unknown status (99)", FakeConnection.status("UNKNOWN", "weird")],
  ["PERMISSION_DENIED", FakeConnection.status("PERMISSION_DENIED", "Request unauthorized.")]
]

/** Failures that mean "the server is away for now": polled through. */
const away: ReadonlyArray<readonly [string, FakeConnection.FakeStatus]> = [
  ["a dropped connection", FakeConnection.status("UNAVAILABLE", "Connection dropped")],
  [
    "a refused connection",
    FakeConnection.status("UNAVAILABLE", "No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233")
  ],
  ["a GOAWAY", FakeConnection.status("UNAVAILABLE", "Stream refused by server")],
  ["the server's RESOURCE_EXHAUSTED", FakeConnection.status("RESOURCE_EXHAUSTED", "namespace rate limit exceeded")],
  ["ABORTED", FakeConnection.status("ABORTED", "aborted")],
  ["CANCELLED", FakeConnection.status("CANCELLED", "Call cancelled")]
]

/** The typed error a fiber ended with, if it ended so. */
const failureOf = <A, E>(fiber: Fiber.Fiber<A, E>) =>
  Effect.map(
    Effect.sync(() => Option.fromUndefinedOr(fiber.pollUnsafe())),
    (exit) =>
      Option.isSome(exit) && Exit.isFailure(exit.value)
        ? Option.getOrUndefined(Cause.findErrorOption(exit.value.cause))
        : undefined
  )

/** A handler failing with `failure` until `recovered()`, then answering `answer`. */
const failingUntil = <A>(failure: FakeConnection.FakeStatus, answer: A) => {
  let recovered = false
  return {
    recover: () => {
      recovered = true
    },
    handler: () => recovered ? Effect.succeed(answer) : Effect.fail(failure)
  }
}

describe("long polls: which failures end the wait", () => {
  for (const [what, failure] of notGrpc) {
    it.effect(`result() and an update's result() end with a typed RpcError on ${what}`, () =>
      Effect.gen(function*() {
        const h = yield* handle
        const result = yield* Effect.forkChild(h.result())
        const update = yield* Effect.forkChild(h.getUpdateHandle("u-1", "rename").result())
        yield* settle
        yield* advance(5)
        const ended = [yield* failureOf(result), yield* failureOf(update)]
        yield* Fiber.interrupt(result)
        yield* Fiber.interrupt(update)
        for (const [label, error] of [["result", ended[0]], ["update", ended[1]]] as const) {
          assert.strictEqual(error?._tag, "RpcError", `${label}() ended with a typed error: ${String(error)}`)
          if (error?._tag === "RpcError") assert.strictEqual(error.code, failure.code)
        }
        assert.strictEqual(yield* pollsOf("GetWorkflowExecutionHistory"), 1, "one poll, no second")
        assert.strictEqual(yield* pollsOf("PollWorkflowExecutionUpdate"), 1)
      }).pipe(Effect.provide(clientOver({
        workflowService: {
          getWorkflowExecutionHistory: () => Effect.fail(failure),
          pollWorkflowExecutionUpdate: () => Effect.fail(failure)
        }
      }))))
  }

  for (const [what, failure] of away) {
    it.effect(`result() and an update's result() poll through ${what}, for as long as it lasts`, () => {
      const history = failingUntil(failure, FakeConnection.completedHistory("back"))
      const poll = failingUntil(failure, { outcome: { success: { payloads: [FakeConnection.payload("renamed")] } } })
      return Effect.gen(function*() {
        const h = yield* handle
        const result = yield* Effect.forkChild(h.result())
        const update = yield* Effect.forkChild(h.getUpdateHandle("u-1", "rename").result())
        yield* settle
        yield* advance(90)
        assert.isTrue(Option.isNone(Option.fromUndefinedOr(result.pollUnsafe())), "still waiting after 90 s")
        assert.isTrue(Option.isNone(Option.fromUndefinedOr(update.pollUnsafe())))
        const polls = yield* pollsOf("GetWorkflowExecutionHistory")
        assert.isAtLeast(polls, 75, "about one poll a second")
        assert.isAtMost(polls, 91)
        history.recover()
        poll.recover()
        yield* advance(2)
        assert.strictEqual(yield* Fiber.join(result), "back")
        assert.strictEqual(yield* Fiber.join(update), "renamed")
      }).pipe(Effect.provide(clientOver({
        workflowService: {
          getWorkflowExecutionHistory: history.handler,
          pollWorkflowExecutionUpdate: poll.handler
        }
      })))
    })
  }

  it.effect("an HTTP 503 without gRPC status (a proxy, or not a Temporal server) is polled through for 60 s, then ends the wait", () => {
    const failure = FakeConnection.status("UNAVAILABLE", "Received HTTP status code 503")
    return Effect.gen(function*() {
      const result = yield* Effect.forkChild(Effect.flatMap(handle, (h) => h.result()))
      yield* settle
      yield* advance(55)
      assert.isTrue(Option.isNone(Option.fromUndefinedOr(result.pollUnsafe())), "still waiting within the grace period")
      yield* advance(10)
      const error = yield* Effect.flip(Fiber.join(result))
      assert.strictEqual(error._tag, "RpcError")
      if (error._tag === "RpcError") {
        assert.strictEqual(error.code, "UNAVAILABLE")
        assert.strictEqual(error.message, "Received HTTP status code 503")
      }
    }).pipe(
      Effect.provide(clientOver({ workflowService: { getWorkflowExecutionHistory: () => Effect.fail(failure) } }))
    )
  })

  it.effect("a 503 that clears within the grace period (a proxy in front of a restarting server) is survived", () => {
    const history = failingUntil(
      FakeConnection.status("UNAVAILABLE", "Received HTTP status code 503"),
      FakeConnection.completedHistory("after the restart")
    )
    return Effect.gen(function*() {
      const result = yield* Effect.forkChild(Effect.flatMap(handle, (h) => h.result()))
      yield* settle
      yield* advance(45)
      history.recover()
      yield* advance(2)
      assert.strictEqual(yield* Fiber.join(result), "after the restart")
    }).pipe(Effect.provide(clientOver({ workflowService: { getWorkflowExecutionHistory: history.handler } })))
  })
})

describe("long polls: deadlines", () => {
  /** A server that holds every poll for 20 s (or `hold`), then answers with nothing new. */
  const holding = (hold: "20 seconds" | "forever") => {
    const wait = <A>(answer: A) => hold === "forever" ? Effect.never : Effect.as(Effect.sleep(hold), answer)
    return clientOver({
      workflowService: {
        getWorkflowExecutionHistory: () => wait(emptyHistory),
        pollWorkflowExecutionUpdate: () => wait(noOutcome),
        queryWorkflow: () => wait({ queryResult: { payloads: [FakeConnection.payload("busy")] } })
      }
    })
  }

  it.effect("rpcTimeout bounds each poll: result(), an update's result() and a query fail in about that time", () =>
    Effect.gen(function*() {
      const h = yield* handle
      const options = { rpcTimeout: "2 seconds" } as const
      const result = yield* Effect.forkChild(Effect.zip(Effect.flip(h.result(options)), Clock.currentTimeMillis))
      const update = yield* Effect.forkChild(
        Effect.zip(Effect.flip(h.getUpdateHandle("u-1", "rename").result(options)), Clock.currentTimeMillis)
      )
      const query = yield* Effect.forkChild(
        Effect.zip(Effect.flip(h.queryWithOptions("status", { args: [], ...options })), Clock.currentTimeMillis)
      )
      yield* settle
      yield* advance(3)
      const [resultError, resultAt] = yield* Fiber.join(result)
      const [updateError, updateAt] = yield* Fiber.join(update)
      const [queryError, queryAt] = yield* Fiber.join(query)
      assert.strictEqual(resultError._tag, "RpcError")
      if (resultError._tag === "RpcError") assert.strictEqual(resultError.code, "DEADLINE_EXCEEDED")
      assert.strictEqual(updateError._tag, "WorkflowUpdateRpcTimeoutOrCancelledError")
      assert.strictEqual(queryError._tag, "RpcError")
      if (queryError._tag === "RpcError") assert.strictEqual(queryError.code, "DEADLINE_EXCEEDED")
      assert.deepStrictEqual([resultAt, updateAt, queryAt], [2_000, 2_000, 2_000])
    }).pipe(Effect.provide(holding("20 seconds"))))

  it.effect("without rpcTimeout, a poll that reaches the default long-poll deadline (70 s) polls again", () =>
    Effect.gen(function*() {
      const h = yield* handle
      const result = yield* Effect.forkChild(h.result())
      const update = yield* Effect.forkChild(h.getUpdateHandle("u-1", "rename").result())
      yield* settle
      yield* advance(150)
      assert.isTrue(Option.isNone(Option.fromUndefinedOr(result.pollUnsafe())))
      assert.isTrue(Option.isNone(Option.fromUndefinedOr(update.pollUnsafe())))
      assert.strictEqual(yield* pollsOf("GetWorkflowExecutionHistory"), 3, "at 0 s, 70 s and 140 s")
      assert.strictEqual(yield* pollsOf("PollWorkflowExecutionUpdate"), 3)
      yield* Fiber.interrupt(result)
      yield* Fiber.interrupt(update)
    }).pipe(Effect.provide(holding("forever"))))
})
