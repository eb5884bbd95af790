/**
 * Standalone activities against the dev server, run by the official worker (`test/fixtures/activities.ts`):
 * start and result, execute, ID policies, describe with every include flag, cancel seen by a
 * heartbeating activity, terminate, pause and unpause, options updated and restored, list and count,
 * completion by ID from outside the worker, typed failures, and codecs on every payload.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { randomBytes } from "node:crypto"
import { inject } from "vitest"
import * as ActivityClient from "../../src/ActivityClient.js"
import * as ActivityDefinition from "../../src/ActivityDefinition.js"
import type * as ActivityExecution from "../../src/ActivityExecution.js"
import type * as ActivityHandle from "../../src/ActivityHandle.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { AesGcmCodec, encryptedEncoding } from "../support/codecs.js"
import { eventually } from "../support/eventually.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

const Echo = ActivityDefinition.make("echoActivity", {
  args: [Schema.Struct({ name: Schema.String, n: Schema.Number })],
  result: Schema.Struct({ name: Schema.String, n: Schema.Number })
})

const HeartbeatLoop = ActivityDefinition.make("heartbeatLoop", {
  args: [Schema.Number],
  result: Schema.String,
  heartbeatDetails: Schema.Struct({ step: Schema.Number })
})

const timeouts = { startToCloseTimeout: "30 seconds" } as const

/** Wait until the activity's description satisfies `where`. */
const describedWhen = (
  handle: ActivityHandle.ActivityHandle<ActivityDefinition.Any>,
  where: (description: ActivityExecution.ActivityExecutionDescription) => boolean,
  options: ActivityExecution.DescribeActivityOptions = {}
) =>
  eventually(
    "the activity's description",
    Effect.map(handle.describe(options), (description) => where(description) ? Option.some(description) : Option.none())
  )

describe("standalone activities against the dev server", () => {
  it.live("start, then result, typed by the definition", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa")
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("sa-echo")
      const handle = yield* client.startActivity(Echo, { id, taskQueue, args: [{ name: "a", n: 1 }], ...timeouts })
      assert.strictEqual(handle.activityId, id)
      assert.isString(handle.runId)
      assert.deepStrictEqual(yield* handle.result(), { name: "a", n: 1 })
    })))

  it.live("executeActivity by name, and the module accessor through ActivityClient.layer", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa")
      const client = yield* TemporalClient.TemporalClient
      const value = yield* client.executeActivity("echoActivity", {
        id: freshId("sa-exec"),
        taskQueue,
        args: [[1, "two", null]],
        scheduleToCloseTimeout: "30 seconds"
      })
      assert.deepStrictEqual(value, [1, "two", null])
      const viaService = yield* ActivityClient.executeActivity(Echo, {
        id: freshId("sa-exec"),
        taskQueue,
        args: [{ name: "svc", n: 2 }],
        ...timeouts
      }).pipe(Effect.provide(ActivityClient.layer))
      assert.deepStrictEqual(viaService, { name: "svc", n: 2 })
    })))

  it.live("a duplicate ID: refused while running (Fail), answered with the running run (UseExisting)", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-dup")
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("sa-dup")
      const first = yield* client.startActivity(HeartbeatLoop, { id, taskQueue, args: [600], ...timeouts })
      const refused = yield* Effect.flip(
        client.startActivity(HeartbeatLoop, { id, taskQueue, args: [600], ...timeouts })
      )
      assert.strictEqual(refused._tag, "ActivityAlreadyStartedError")
      if (refused._tag === "ActivityAlreadyStartedError") {
        assert.strictEqual(refused.activityId, id)
        assert.strictEqual(refused.activityType, "heartbeatLoop")
        assert.strictEqual(refused.runId, first.runId)
      }
      const existing = yield* client.startActivity(HeartbeatLoop, {
        id,
        taskQueue,
        args: [600],
        idConflictPolicy: "UseExisting",
        ...timeouts
      })
      assert.strictEqual(existing.runId, first.runId)
      yield* first.terminate({ reason: "done with it" })
    })))

  it.live("a duplicate ID after close: RejectDuplicate and AllowDuplicateFailedOnly refuse, AllowDuplicate starts a new run", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-reuse")
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("sa-reuse")
      const first = yield* client.startActivity(Echo, { id, taskQueue, args: [{ name: "x", n: 1 }], ...timeouts })
      yield* first.result()
      for (const idReusePolicy of ["RejectDuplicate", "AllowDuplicateFailedOnly"] as const) {
        const refused = yield* Effect.flip(
          client.startActivity(Echo, { id, taskQueue, args: [{ name: "x", n: 2 }], idReusePolicy, ...timeouts })
        )
        assert.strictEqual(refused._tag, "ActivityAlreadyStartedError", idReusePolicy)
      }
      const second = yield* client.startActivity(Echo, {
        id,
        taskQueue,
        args: [{ name: "x", n: 3 }],
        idReusePolicy: "AllowDuplicate",
        ...timeouts
      })
      assert.notStrictEqual(second.runId, first.runId)
      assert.deepStrictEqual(yield* second.result(), { name: "x", n: 3 })
      // The first run's handle still reads the first run's result.
      assert.deepStrictEqual(yield* first.result(), { name: "x", n: 1 })
    })))

  it.live("describe: info, options, summary, and each include flag (input, outcome, heartbeat details, last failure)", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-describe")
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("sa-describe")
      const handle = yield* client.startActivity(HeartbeatLoop, {
        id,
        taskQueue,
        args: [5],
        startToCloseTimeout: "30 seconds",
        heartbeatTimeout: "10 seconds",
        summary: "counts to five",
        priority: { priorityKey: 2 },
        retryPolicy: { maximumAttempts: 3, initialInterval: "1 second" }
      })
      const running = yield* describedWhen(
        handle,
        (d) => (d.heartbeatDetails?.length ?? 0) > 0,
        { includeHeartbeatDetails: true, includeInput: true }
      )
      assert.strictEqual(running.activityId, id)
      assert.strictEqual(running.runId, handle.runId)
      assert.strictEqual(running.activityType, "heartbeatLoop")
      assert.strictEqual(running.taskQueue, taskQueue)
      assert.strictEqual(running.summary, "counts to five")
      assert.deepStrictEqual(running.input, [5])
      assert.deepStrictEqual(Object.keys(running.heartbeatDetails![0] as object), ["step"])
      assert.isTrue(Duration.equals(running.options.startToCloseTimeout!, Duration.seconds(30)))
      assert.isTrue(Duration.equals(running.options.heartbeatTimeout!, Duration.seconds(10)))
      assert.strictEqual(running.options.retryPolicy?.maximumAttempts, 3)
      assert.strictEqual(running.options.priority?.priorityKey, 2)
      assert.strictEqual(running.attempt, 1)
      assert.instanceOf(running.scheduleTime, Date)
      assert.isAbove(running.totalHeartbeatCount, 0)
      assert.strictEqual(running.result, undefined)

      assert.strictEqual(yield* handle.result(), "finished after 5")
      const closed = yield* handle.describe({ includeOutcome: true })
      assert.strictEqual(closed.status, "Completed")
      assert.strictEqual(closed.result, "finished after 5")
      assert.instanceOf(closed.closeTime, Date)
      assert.strictEqual(closed.input, undefined, "input only when asked for")

      // A retried activity: the last failure is the first attempt's.
      const retried = yield* client.startActivity("succeedOnAttempt", {
        id: freshId("sa-retry"),
        taskQueue,
        args: [2],
        ...timeouts,
        retryPolicy: { initialInterval: "100 millis", maximumAttempts: 5 }
      })
      assert.strictEqual(yield* retried.result(), 2)
      const afterRetry = yield* retried.describe({ includeLastFailure: true, includeOutcome: true })
      assert.strictEqual(afterRetry.attempt, 2)
      assert.instanceOf(afterRetry.lastFailure, Failure.ApplicationFailure)
      if (afterRetry.lastFailure instanceof Failure.ApplicationFailure) {
        assert.strictEqual(afterRetry.lastFailure.type, "NotYet")
      }
    })))

  it.live("cancel is seen by the heartbeating activity: result fails with a CanceledFailure", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-cancel")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity(HeartbeatLoop, {
        id: freshId("sa-cancel"),
        taskQueue,
        args: [600],
        startToCloseTimeout: "60 seconds",
        heartbeatTimeout: "5 seconds"
      })
      yield* describedWhen(handle, (d) => d.runState === "Started" && d.totalHeartbeatCount > 0)
      yield* handle.cancel({ reason: "no longer needed" })
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag === "ActivityFailedError") {
        assert.instanceOf(error.cause, Failure.CanceledFailure)
        assert.strictEqual(error.activityId, handle.activityId)
      }
      const described = yield* handle.describe()
      assert.strictEqual(described.status, "Canceled")
      assert.strictEqual(described.canceledReason, "no longer needed")
    })))

  it.live("terminate: result fails with a TerminatedFailure", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-term")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity(HeartbeatLoop, {
        id: freshId("sa-term"),
        taskQueue,
        args: [600],
        ...timeouts
      })
      yield* handle.terminate({ reason: "stop now" })
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag === "ActivityFailedError") assert.instanceOf(error.cause, Failure.TerminatedFailure)
      assert.strictEqual((yield* handle.describe()).status, "Terminated")
    })))

  it.live("pause, then unpause: the activity resumes from its last heartbeat and completes", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-pause")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity(HeartbeatLoop, {
        id: freshId("sa-pause"),
        taskQueue,
        args: [60],
        startToCloseTimeout: "60 seconds",
        // The worker sends heartbeats at most every 0.8 × this: the pause reaches the attempt within a second.
        heartbeatTimeout: "1 second",
        retryPolicy: { initialInterval: "100 millis" }
      })
      yield* describedWhen(handle, (d) => d.totalHeartbeatCount > 0)
      yield* handle.pause({ reason: "maintenance" })
      const paused = yield* describedWhen(handle, (d) => d.status === "Paused")
      assert.strictEqual(paused.runState, "Paused")
      yield* handle.unpause({ reason: "maintenance over", jitter: "100 millis" })
      assert.strictEqual(yield* handle.result(), "finished after 60")
      // The attempt after the pause started from the last heartbeat's step.
      const closed = yield* handle.describe()
      assert.strictEqual(closed.attempt, 2)
    })))

  it.live("updateOptions changes only the given options; restoreOriginalOptions undoes it", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-opts")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity(HeartbeatLoop, {
        id: freshId("sa-opts"),
        taskQueue,
        args: [600],
        startToCloseTimeout: "60 seconds",
        heartbeatTimeout: "5 seconds"
      })
      const updated = yield* handle.updateOptions({ heartbeatTimeout: "7 seconds", priority: { priorityKey: 4 } })
      assert.isTrue(Duration.equals(updated.heartbeatTimeout!, Duration.seconds(7)))
      assert.isTrue(Duration.equals(updated.startToCloseTimeout!, Duration.seconds(60)))
      assert.strictEqual(updated.priority?.priorityKey, 4)
      const described = yield* handle.describe()
      assert.isTrue(Duration.equals(described.options.heartbeatTimeout!, Duration.seconds(7)))
      const restored = yield* handle.restoreOriginalOptions()
      assert.isTrue(Duration.equals(restored.heartbeatTimeout!, Duration.seconds(5)))
      assert.strictEqual(restored.priority?.priorityKey, undefined)
      yield* handle.terminate()
    })))

  it.live("listActivities and countActivities with a query, and a page form", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-list")
      const client = yield* TemporalClient.TemporalClient
      const ids = [freshId("sa-list"), freshId("sa-list"), freshId("sa-list")]
      for (const [i, id] of ids.entries()) {
        yield* client.executeActivity(Echo, { id, taskQueue, args: [{ name: id, n: i }], ...timeouts })
      }
      const query = `TaskQueue = '${taskQueue}'`
      const listed = yield* eventually(
        "three activities listed",
        Effect.map(Stream.runCollect(client.listActivities(query)), (all) =>
          all.length === 3 ? Option.some(all) : Option.none())
      )
      assert.deepStrictEqual(
        listed.map((a) =>
          a.activityId
        ).sort(),
        [...ids].sort()
      )
      for (const execution of listed) {
        assert.strictEqual(execution.activityType, "echoActivity")
        assert.strictEqual(execution.status, "Completed")
        assert.strictEqual(execution.taskQueue, taskQueue)
      }
      const limited = yield* Stream.runCollect(client.listActivities(query, { pageSize: 1, limit: 2 }))
      assert.strictEqual(limited.length, 2)
      const page = yield* client.listActivitiesPage(query, { pageSize: 2 })
      assert.strictEqual(page.executions.length, 2)
      assert.instanceOf(page.nextPageToken, Uint8Array)
      const rest = yield* client.listActivitiesPage(query, { pageSize: 2, nextPageToken: page.nextPageToken })
      assert.strictEqual(rest.executions.length, 1)
      const count = yield* eventually(
        "the count",
        Effect.map(client.countActivities(query), (c) => c.count === 3 ? Option.some(c) : Option.none())
      )
      assert.strictEqual(count.count, 3)
      const grouped = yield* client.countActivities(`${query} GROUP BY ExecutionStatus`)
      assert.deepStrictEqual(grouped.groups.map((g) => [g.groupValues, g.count]), [[["Completed"], 3]])
    })))

  it.live("completion by activity ID and run ID from outside the worker", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-async")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity("completeAsync", { id: freshId("sa-async"), taskQueue, ...timeouts })
      yield* describedWhen(handle, (d) => d.totalHeartbeatCount > 0)
      const outside = client.getAsyncActivityHandle({ activityId: handle.activityId, runId: handle.runId })
      yield* outside.heartbeat("still going")
      yield* outside.complete("completed from outside")
      assert.strictEqual(yield* handle.result(), "completed from outside")

      const failed = yield* client.startActivity("completeAsync", { id: freshId("sa-async"), taskQueue, ...timeouts })
      yield* describedWhen(failed, (d) => d.totalHeartbeatCount > 0)
      yield* client.getAsyncActivityHandle({ activityId: failed.activityId }).fail(
        new Failure.ApplicationFailure({ message: "refused outside", type: "Outside", nonRetryable: true })
      )
      const error = yield* Effect.flip(failed.result())
      assert.strictEqual(error._tag, "ActivityFailedError")

      // Cancelled: the next heartbeat from outside learns it, and the cancellation is reported.
      const cancelled = yield* client.startActivity("completeAsync", {
        id: freshId("sa-async"),
        taskQueue,
        ...timeouts
      })
      yield* describedWhen(cancelled, (d) => d.totalHeartbeatCount > 0)
      yield* cancelled.cancel({ reason: "withdrawn" })
      const byId = client.getAsyncActivityHandle({ activityId: cancelled.activityId, runId: cancelled.runId })
      const seen = yield* Effect.flip(byId.heartbeat())
      assert.strictEqual(seen._tag, "AsyncActivityCancelledError")
      if (seen._tag === "AsyncActivityCancelledError") assert.strictEqual(seen.reason, "CancelRequested")
      yield* byId.reportCancellation("stopped")
      const ended = yield* Effect.flip(cancelled.result())
      assert.strictEqual(ended._tag, "ActivityFailedError")
      if (ended._tag === "ActivityFailedError") assert.instanceOf(ended.cause, Failure.CanceledFailure)
    })))

  it.live("a failing activity: ActivityFailedError with the decoded cause chain", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("sa-fail")
      const client = yield* TemporalClient.TemporalClient
      const error = yield* Effect.flip(
        client.executeActivity("failingActivity", { id: freshId("sa-fail"), taskQueue, ...timeouts })
      )
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag !== "ActivityFailedError") return
      assert.strictEqual(error.retryState, "RETRY_STATE_NON_RETRYABLE_FAILURE")
      assert.instanceOf(error.cause, Failure.ApplicationFailure)
      const cause = error.cause as Failure.ApplicationFailure
      assert.strictEqual(cause.message, "activity failed")
      assert.strictEqual(cause.type, "ActivityError")
      assert.instanceOf(cause.cause, Failure.ApplicationFailure)
      assert.strictEqual((cause.cause as Failure.ApplicationFailure).type, "RootCause")
    })))

  it.live("an unknown activity ID: ActivityNotFoundError from every handle call", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = client.getActivityHandle(freshId("sa-missing"))
      for (const call of [handle.describe(), handle.cancel(), handle.terminate(), handle.result()]) {
        const error = yield* Effect.flip(call)
        assert.strictEqual(error._tag, "ActivityNotFoundError")
      }
    })))

  it.live("codecs apply to every payload: arguments, result, heartbeat details and summary", () => {
    const keyBytes = new Uint8Array(randomBytes(32))
    return withClient(
      Effect.gen(function*() {
        const taskQueue = freshTaskQueue("sa-codec")
        yield* withWorker({
          address: inject("temporalAddress"),
          taskQueue,
          workflowBundlePath: inject("workflowBundlePath"),
          dataConverter: { payloadCodecs: [new AesGcmCodec("sa-key", keyBytes)] }
        })
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startActivity(HeartbeatLoop, {
          id: freshId("sa-codec"),
          taskQueue,
          args: [8],
          summary: "secret summary",
          ...timeouts
        })
        const running = yield* describedWhen(handle, (d) => (d.heartbeatDetails?.length ?? 0) > 0, {
          includeHeartbeatDetails: true,
          includeInput: true
        })
        assert.deepStrictEqual(running.input, [8])
        assert.strictEqual(running.summary, "secret summary")
        for (const payload of running.rawHeartbeatDetails ?? []) {
          assert.strictEqual(new TextDecoder().decode(payload.metadata!["encoding"]), encryptedEncoding)
        }
        const stored = running.rawDescription.input?.payloads ?? []
        assert.strictEqual(stored.length, 1)
        assert.strictEqual(new TextDecoder().decode(stored[0]!.metadata!["encoding"]!), encryptedEncoding)
        assert.strictEqual(yield* handle.result(), "finished after 8")
      }),
      {
        dataConverter: DataConverter.Default.pipe(
          DataConverter.withCodec(PayloadCodec.aesGcm(PayloadCodec.encryptionKey("sa-key", keyBytes)))
        )
      }
    )
  })

  it.live("options are checked before any RPC", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const noTimeout = yield* Effect.flip(client.startActivity("echoActivity", { id: "x", taskQueue: "q" }))
      assert.strictEqual(noTimeout._tag, "InvalidArgumentError")
      const badDelay = yield* Effect.flip(
        client.startActivity("echoActivity", { id: "x", taskQueue: "q", ...timeouts, startDelay: "-1 second" })
      )
      assert.strictEqual(badDelay._tag, "InvalidArgumentError")
      if (badDelay._tag === "InvalidArgumentError") assert.strictEqual(badDelay.field, "options.startDelay")
    })))
})
