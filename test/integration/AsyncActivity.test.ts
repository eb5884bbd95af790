/**
 * Async activity completion against the dev server and the official worker: the fixture activity
 * `completeAsync` (run by `asyncCompletionWorkflow`, activity ID "async-1") heartbeats its task
 * token and returns "will complete asynchronously"; these tests then heartbeat, complete, fail and
 * cancel it from our client, by task token and by ID, and check the workflow's result.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { inject } from "vitest"
import type * as AsyncActivityHandle from "../../src/AsyncActivityHandle.js"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import { make as makeAsyncActivityHandle } from "../../src/internal/asyncActivityHandle.js"
import { type ClientContext, makeClientContext } from "../../src/internal/clientContext.js"
import { make as makeWorkflowHandle } from "../../src/internal/workflowHandle.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import { eventually } from "../support/eventually.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

type PendingActivity = protoTypes.api.workflow.v1.IPendingActivityInfo

const ACTIVITY_ID = "async-1"

const clientContext = Effect.gen(function*() {
  const connection = yield* Connection.make({ address: inject("temporalAddress") })
  const dataConverter = yield* DataConverter.DataConverter
  return makeClientContext({
    connection,
    dataConverter,
    namespace: "default",
    identity: "async-activity-test",
    interceptors: [],
    defaultQueryRejectCondition: undefined,
    headerCodecBehavior: "NoCodec"
  })
}).pipe(Effect.provide(DataConverter.Default))

const pendingActivity = (context: ClientContext, workflowId: string) =>
  Effect.map(
    context.connection.workflowService.describeWorkflowExecution({
      namespace: "default",
      execution: { workflowId }
    }),
    (response) => (response.pendingActivities ?? []).find((activity) => activity.activityId === ACTIVITY_ID)
  )

/** The heartbeat details of the pending activity, decoded, once there are some. */
const heartbeatDetails = (context: ClientContext, workflowId: string, where: (details: Array<unknown>) => boolean) =>
  eventually(
    "the activity's heartbeat details",
    Effect.gen(function*() {
      const activity: PendingActivity | undefined = yield* pendingActivity(context, workflowId)
      const payloads = activity?.heartbeatDetails?.payloads ?? []
      if (payloads.length === 0) return Option.none()
      const details = yield* context.dataConverter.fromPayloads(payloads)
      return where(details) ? Option.some(details) : Option.none()
    })
  )

/**
 * A worker on a fresh task queue running `asyncCompletionWorkflow`, started; waits until the
 * activity has heartbeated its task token (and so is waiting for us).
 */
const startAsyncActivity = (context: ClientContext) =>
  Effect.gen(function*() {
    const taskQueue = freshTaskQueue("async-activity")
    yield* withWorker({
      address: inject("temporalAddress"),
      taskQueue,
      workflowBundlePath: inject("workflowBundlePath")
    })
    const workflowId = freshId("async-activity")
    const started = yield* context.connection.workflowService.startWorkflowExecution({
      namespace: "default",
      workflowId,
      workflowType: { name: "asyncCompletionWorkflow" },
      taskQueue: { name: taskQueue },
      identity: context.identity,
      requestId: crypto.randomUUID()
    })
    const runId = started.runId ?? ""
    const [first] = yield* heartbeatDetails(
      context,
      workflowId,
      (details) => typeof (details[0] as { taskToken?: unknown } | undefined)?.taskToken === "string"
    )
    const taskToken = new Uint8Array(Buffer.from((first as { taskToken: string }).taskToken, "base64"))
    const workflow = makeWorkflowHandle(context, WorkflowDefinition.untyped("asyncCompletionWorkflow"), {
      workflowId,
      runId
    })
    yield* Effect.addFinalizer(() => Effect.ignore(workflow.terminate({ reason: "test cleanup" })))
    return { workflowId, runId, taskToken, workflow }
  })

type Started = Effect.Success<ReturnType<typeof startAsyncActivity>>

const targets = {
  "by task token": (started: Started): AsyncActivityHandle.AsyncActivityTarget => ({ taskToken: started.taskToken }),
  "by ID": (started: Started): AsyncActivityHandle.AsyncActivityTarget => ({
    workflowId: started.workflowId,
    runId: started.runId,
    activityId: ACTIVITY_ID
  })
} as const

describe("AsyncActivityHandle against the dev server", () => {
  for (const [mode, targetOf] of Object.entries(targets)) {
    describe(mode, () => {
      it.live("heartbeats (details reach the server), then completes: the workflow returns the result", () =>
        Effect.gen(function*() {
          const context = yield* clientContext
          const started = yield* startAsyncActivity(context)
          const handle = makeAsyncActivityHandle(context, targetOf(started))
          yield* handle.heartbeat("working", { step: 1 })
          const details = yield* heartbeatDetails(context, started.workflowId, (d) => d[0] === "working")
          assert.deepStrictEqual(details, ["working", { step: 1 }])
          yield* handle.complete({ answer: 42, via: mode })
          const result = yield* started.workflow.result()
          assert.deepStrictEqual(result, { answer: 42, via: mode })
          const error = yield* Effect.flip(handle.heartbeat())
          assert.strictEqual(error._tag, "ActivityNotFoundError", "a completed activity is gone")
        }))

      it.live("fails: the workflow fails with the ActivityFailure caused by our ApplicationFailure", () =>
        Effect.gen(function*() {
          const context = yield* clientContext
          const started = yield* startAsyncActivity(context)
          const handle = makeAsyncActivityHandle(context, targetOf(started))
          yield* handle.fail(
            Failure.ApplicationFailure.make({
              message: "async failed",
              type: "AsyncError",
              nonRetryable: true,
              details: ["why"]
            }),
            { lastHeartbeatDetails: ["last words"] }
          )
          const error = yield* Effect.flip(started.workflow.result())
          assert.strictEqual(error._tag, "WorkflowFailedError")
          if (error._tag !== "WorkflowFailedError") return
          const activityFailure = error.cause as Failure.TemporalFailure
          assert.strictEqual(activityFailure._tag, "ActivityFailure")
          if (activityFailure._tag !== "ActivityFailure") return
          assert.strictEqual(activityFailure.activityId, ACTIVITY_ID)
          const cause = activityFailure.cause as Failure.TemporalFailure | undefined
          assert.strictEqual(cause?._tag, "ApplicationFailure")
          if (cause?._tag !== "ApplicationFailure") return
          assert.strictEqual(cause.message, "async failed")
          assert.strictEqual(cause.type, "AsyncError")
          assert.isTrue(cause.nonRetryable)
          assert.deepStrictEqual(cause.details, ["why"])
        }))

      it.live("a heartbeat sees the cancellation; reporting it cancels the workflow", () =>
        Effect.gen(function*() {
          const context = yield* clientContext
          const started = yield* startAsyncActivity(context)
          const handle = makeAsyncActivityHandle(context, targetOf(started))
          yield* handle.heartbeat("before cancel")
          yield* started.workflow.cancel({ reason: "test cancels" })
          const cancelled = yield* eventually(
            "a heartbeat that sees the cancellation",
            Effect.map(Effect.flip(handle.heartbeat("still going")), Option.some)
          )
          assert.strictEqual(cancelled._tag, "AsyncActivityCancelledError")
          if (cancelled._tag === "AsyncActivityCancelledError") assert.strictEqual(cancelled.reason, "CancelRequested")
          yield* handle.reportCancellation("cleaned up")
          const error = yield* Effect.flip(started.workflow.result())
          assert.strictEqual(error._tag, "WorkflowFailedError")
          if (error._tag === "WorkflowFailedError") {
            assert.strictEqual(error.cause?._tag, "CanceledFailure")
          }
        }))

      it.live("a heartbeat of a paused activity fails with Paused", () =>
        Effect.gen(function*() {
          const context = yield* clientContext
          const started = yield* startAsyncActivity(context)
          const handle = makeAsyncActivityHandle(context, targetOf(started))
          yield* context.connection.workflowService.pauseActivity({
            namespace: "default",
            execution: { workflowId: started.workflowId },
            id: ACTIVITY_ID,
            identity: context.identity,
            reason: "test pauses"
          })
          const error = yield* Effect.flip(handle.heartbeat())
          assert.strictEqual(error._tag, "AsyncActivityCancelledError")
          if (error._tag === "AsyncActivityCancelledError") assert.strictEqual(error.reason, "Paused")
        }))

      it.live("a heartbeat of a reset activity fails with Reset", () =>
        Effect.gen(function*() {
          const context = yield* clientContext
          const started = yield* startAsyncActivity(context)
          const handle = makeAsyncActivityHandle(context, targetOf(started))
          yield* context.connection.workflowService.resetActivity({
            namespace: "default",
            execution: { workflowId: started.workflowId },
            id: ACTIVITY_ID,
            identity: context.identity
          })
          const error = yield* Effect.flip(handle.heartbeat())
          assert.strictEqual(error._tag, "AsyncActivityCancelledError")
          if (error._tag === "AsyncActivityCancelledError") assert.strictEqual(error.reason, "Reset")
        }))
    })
  }

  it.live("an unknown activity is ActivityNotFoundError, by ID and by a stale token", () =>
    Effect.gen(function*() {
      const context = yield* clientContext
      const started = yield* startAsyncActivity(context)
      const unknownActivity = makeAsyncActivityHandle(context, {
        workflowId: started.workflowId,
        activityId: "no-such-activity"
      })
      const unknownWorkflow = makeAsyncActivityHandle(context, {
        workflowId: freshId("no-such-workflow"),
        activityId: ACTIVITY_ID
      })
      for (const handle of [unknownActivity, unknownWorkflow]) {
        const errors = yield* Effect.all([
          Effect.flip(handle.heartbeat()),
          Effect.flip(handle.complete("x")),
          Effect.flip(handle.fail(new Error("x"))),
          Effect.flip(handle.reportCancellation())
        ])
        for (const error of errors) assert.strictEqual(error._tag, "ActivityNotFoundError")
      }
      const byToken = makeAsyncActivityHandle(context, { taskToken: started.taskToken })
      yield* byToken.complete("done")
      const stale = yield* Effect.flip(byToken.complete("again"))
      assert.strictEqual(stale._tag, "ActivityNotFoundError")
    }))
})
