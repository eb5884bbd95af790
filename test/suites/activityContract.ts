/**
 * The contract of standalone activities, run against every backend: the dev server with the
 * official worker running `test/fixtures/activities.ts`, and `InMemoryTemporal` running
 * `memoryActivities.ts`. Every case uses fresh IDs; none waits for an activity that sleeps to
 * finish on its own, so each runs under `TestClock` as well as live.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as ActivityDefinition from "../../src/ActivityDefinition.js"
import type * as ActivityHandle from "../../src/ActivityHandle.js"
import * as Failure from "../../src/Failure.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { freshId } from "../support/worker.js"
import type { ContractBackend } from "./workflowContract.js"

const Echo = ActivityDefinition.make("echoActivity", {
  args: [Schema.Struct({ name: Schema.String, n: Schema.Number })],
  result: Schema.Struct({ name: Schema.String, n: Schema.Number })
})

const HeartbeatLoop = ActivityDefinition.make("heartbeatLoop", {
  args: [Schema.Number],
  result: Schema.String,
  heartbeatDetails: Schema.Struct({ step: Schema.Number })
})

/** Long enough that no case sees it finish on its own. */
const forever = 100_000

const timeouts = { startToCloseTimeout: "5 minutes" } as const
/** The official worker sends heartbeats at most every 0.8 × the heartbeat timeout: keep requests quick to reach it. */
const heartbeating = { ...timeouts, heartbeatTimeout: "1 second" } as const

/** Ask again for a while: a server's visibility and heartbeats lag; in memory the first answer holds. */
const eventually = <A, E>(effect: Effect.Effect<A, E>, check: (a: A) => boolean, times = 100) =>
  Effect.filterOrFail(effect, check, () => "not yet" as const).pipe(
    Effect.retry({ schedule: Schedule.spaced("100 millis"), times })
  )

const heartbeated = (handle: ActivityHandle.ActivityHandle<typeof HeartbeatLoop>) =>
  eventually(handle.describe({ includeHeartbeatDetails: true }), (d) => (d.heartbeatDetails?.length ?? 0) > 0)

export const activityContract = (name: string, backend: ContractBackend) => {
  const test = (title: string, body: () => Effect.Effect<void, unknown, TemporalClient.TemporalClient | Scope.Scope>) =>
    (backend.live ? it.live : it.effect)(title, () => backend.run(body()))

  describe(`standalone activity contract: ${name}`, () => {
    test("start, then result, typed by the definition; execute by name", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("ac-echo")
        const handle = yield* client.startActivity(Echo, { id, taskQueue, args: [{ name: "a", n: 1 }], ...timeouts })
        assert.strictEqual(handle.activityId, id)
        assert.isString(handle.runId)
        assert.deepStrictEqual(yield* handle.result(), { name: "a", n: 1 })
        const value = yield* client.executeActivity("echoActivity", {
          id: freshId("ac-exec"),
          taskQueue,
          args: [["x", 2]],
          scheduleToCloseTimeout: "5 minutes"
        })
        assert.deepStrictEqual(value, ["x", 2])
      }))

    test("a running ID: Fail refuses with the running run, UseExisting answers with it", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("ac-dup")
        const first = yield* client.startActivity(HeartbeatLoop, { id, taskQueue, args: [forever], ...timeouts })
        const refused = yield* Effect.flip(
          client.startActivity(HeartbeatLoop, { id, taskQueue, args: [forever], ...timeouts })
        )
        assert.strictEqual(refused._tag, "ActivityAlreadyStartedError")
        if (refused._tag === "ActivityAlreadyStartedError") assert.strictEqual(refused.runId, first.runId)
        const existing = yield* client.startActivity(HeartbeatLoop, {
          id,
          taskQueue,
          args: [forever],
          idConflictPolicy: "UseExisting",
          ...timeouts
        })
        assert.strictEqual(existing.runId, first.runId)
        yield* first.terminate()
      }))

    test("a closed ID: RejectDuplicate refuses, AllowDuplicate starts a new run", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("ac-reuse")
        const first = yield* client.startActivity(Echo, { id, taskQueue, args: [{ name: "x", n: 1 }], ...timeouts })
        yield* first.result()
        const refused = yield* Effect.flip(client.startActivity(Echo, {
          id,
          taskQueue,
          args: [{ name: "x", n: 2 }],
          idReusePolicy: "RejectDuplicate",
          ...timeouts
        }))
        assert.strictEqual(refused._tag, "ActivityAlreadyStartedError")
        const second = yield* client.startActivity(Echo, { id, taskQueue, args: [{ name: "x", n: 3 }], ...timeouts })
        assert.notStrictEqual(second.runId, first.runId)
        assert.deepStrictEqual(yield* second.result(), { name: "x", n: 3 })
        // A handle by ID alone follows the latest run.
        assert.deepStrictEqual(yield* client.getActivityHandleFor(Echo, id).result(), { name: "x", n: 3 })
      }))

    test("describe: input, summary, heartbeat details while running; status and outcome once closed", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startActivity(HeartbeatLoop, {
          id: freshId("ac-describe"),
          taskQueue,
          args: [forever],
          summary: "loops",
          ...heartbeating
        })
        const running = yield* heartbeated(handle)
        assert.strictEqual(running.status, "Running")
        assert.strictEqual(running.activityType, "heartbeatLoop")
        assert.strictEqual(running.taskQueue, taskQueue)
        assert.strictEqual(running.summary, "loops")
        assert.strictEqual(running.attempt, 1)
        assert.isNumber((running.heartbeatDetails![0] as { step: number }).step)
        const withInput = yield* handle.describe({ includeInput: true })
        assert.deepStrictEqual(withInput.input, [forever])
        yield* handle.terminate({ reason: "enough" })
        const closed = yield* handle.describe({ includeOutcome: true })
        assert.strictEqual(closed.status, "Terminated")
        assert.instanceOf(closed.outcomeFailure, Failure.TerminatedFailure)

        const echo = yield* client.startActivity(Echo, {
          id: freshId("ac-describe"),
          taskQueue,
          args: [{ name: "e", n: 5 }],
          ...timeouts
        })
        yield* echo.result()
        const completed = yield* echo.describe({ includeOutcome: true })
        assert.strictEqual(completed.status, "Completed")
        assert.deepStrictEqual(completed.result, { name: "e", n: 5 })
      }))

    test("cancel reaches a heartbeating activity: result fails with a CanceledFailure", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startActivity(HeartbeatLoop, {
          id: freshId("ac-cancel"),
          taskQueue,
          args: [forever],
          ...heartbeating
        })
        yield* heartbeated(handle)
        yield* handle.cancel({ reason: "not needed" })
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "ActivityFailedError")
        if (error._tag === "ActivityFailedError") assert.instanceOf(error.cause, Failure.CanceledFailure)
        const described = yield* handle.describe()
        assert.strictEqual(described.status, "Canceled")
        assert.strictEqual(described.canceledReason, "not needed")
      }))

    test("terminate: result fails with a TerminatedFailure", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startActivity(HeartbeatLoop, {
          id: freshId("ac-term"),
          taskQueue,
          args: [forever],
          ...timeouts
        })
        yield* handle.terminate({ reason: "stop" })
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "ActivityFailedError")
        if (error._tag === "ActivityFailedError") assert.instanceOf(error.cause, Failure.TerminatedFailure)
      }))

    test("pause stops the activity; unpause starts the next attempt", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startActivity(HeartbeatLoop, {
          id: freshId("ac-pause"),
          taskQueue,
          args: [forever],
          ...heartbeating,
          retryPolicy: { initialInterval: "100 millis" }
        })
        yield* heartbeated(handle)
        yield* handle.pause({ reason: "maintenance" })
        const paused = yield* eventually(handle.describe(), (d) => d.status === "Paused")
        assert.strictEqual(paused.runState, "Paused")
        yield* handle.unpause({ reason: "done" })
        const resumed = yield* eventually(handle.describe(), (d) => d.status === "Running" && d.attempt === 2)
        assert.strictEqual(resumed.attempt, 2)
        yield* handle.terminate()
      }))

    test("updateOptions changes the options given; restoreOriginalOptions undoes it", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startActivity(HeartbeatLoop, {
          id: freshId("ac-opts"),
          taskQueue,
          args: [forever],
          startToCloseTimeout: "5 minutes",
          heartbeatTimeout: "5 seconds"
        })
        const updated = yield* handle.updateOptions({ heartbeatTimeout: "7 seconds" })
        assert.strictEqual(Duration.toMillis(updated.heartbeatTimeout!), 7000)
        assert.strictEqual(Duration.toMillis(updated.startToCloseTimeout!), 300_000)
        const restored = yield* handle.restoreOriginalOptions()
        assert.strictEqual(Duration.toMillis(restored.heartbeatTimeout!), 5000)
        yield* handle.terminate()
      }))

    test("list and count by task queue, grouped by status", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const ids = [freshId("ac-list"), freshId("ac-list")]
        for (const id of ids) {
          yield* client.executeActivity(Echo, { id, taskQueue, args: [{ name: id, n: 0 }], ...timeouts })
        }
        const query = `TaskQueue = '${taskQueue}' AND ActivityType = 'echoActivity'`
        const listed = yield* eventually(Stream.runCollect(client.listActivities(query)), (all) => all.length >= 2)
        for (const id of ids) {
          assert.isTrue(listed.some((a) => a.activityId === id && a.status === "Completed"))
        }
        const count = yield* eventually(client.countActivities(query), (c) => c.count >= 2)
        assert.isAtLeast(count.count, 2)
        const grouped = yield* client.countActivities(`${query} GROUP BY ExecutionStatus`)
        assert.deepStrictEqual(grouped.groups.map((g) => g.groupValues), [["Completed"]])
      }))

    test("a failing activity: ActivityFailedError with the decoded cause chain", () =>
      Effect.gen(function*() {
        const taskQueue = yield* backend.taskQueue
        const client = yield* TemporalClient.TemporalClient
        const error = yield* Effect.flip(
          client.executeActivity("failingActivity", { id: freshId("ac-fail"), taskQueue, ...timeouts })
        )
        assert.strictEqual(error._tag, "ActivityFailedError")
        if (error._tag !== "ActivityFailedError") return
        assert.strictEqual(error.retryState, "RETRY_STATE_NON_RETRYABLE_FAILURE")
        const cause = error.cause as Failure.ApplicationFailure
        assert.instanceOf(cause, Failure.ApplicationFailure)
        assert.strictEqual(cause.type, "ActivityError")
        assert.strictEqual((cause.cause as Failure.ApplicationFailure).type, "RootCause")
      }))

    test("an unknown activity ID: ActivityNotFoundError", () =>
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const handle = client.getActivityHandle(freshId("ac-missing"))
        assert.strictEqual((yield* Effect.flip(handle.describe()))._tag, "ActivityNotFoundError")
        assert.strictEqual((yield* Effect.flip(handle.result()))._tag, "ActivityNotFoundError")
      }))
  })
}
