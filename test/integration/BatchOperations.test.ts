/**
 * Batch operations against the dev server: a terminate by visibility query over workflows started
 * for it (no worker polls their queue), followed with `progress` until it ends, then described and
 * listed; a signal by a list of executions, its argument encoded by the client and read by the
 * official worker; and a batch stopped while it runs. The dev server allows 100 concurrent batches
 * per namespace (scripts/devServer.ts), so tests run side by side.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as BatchClient from "../../src/BatchClient.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { eventually } from "../support/eventually.js"
import { freshId, freshTaskQueue } from "../support/worker.js"

/** Start `count` `longRunning` workflows on `taskQueue` (no worker polls it) and wait until visibility shows them. */
const startIdle = (taskQueue: string, count: number) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const ids = Array.from({ length: count }, (_, i) => `${taskQueue}-wf-${i}`)
    yield* Effect.forEach(
      ids,
      (id) => client.startWorkflow("longRunning", { id, taskQueue, args: [600_000] }),
      { concurrency: 20, discard: true }
    )
    yield* eventually(
      "the workflows visible",
      Effect.map(
        client.countWorkflows(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`),
        ({ count: seen }) => seen === count ? Option.some(seen) : Option.none()
      )
    )
    return ids
  })

describe("batch operations against the dev server", () => {
  it.live("terminate by query: progress until done, then describe and list", () =>
    withClient(
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const batches = yield* BatchClient.BatchClient
        const taskQueue = freshTaskQueue("batch-term")
        const ids = yield* startIdle(taskQueue, 3)
        const query = `TaskQueue = '${taskQueue}'`
        const jobId = yield* batches.start({
          operation: { _tag: "Terminate", details: ["cleanup"] },
          query,
          reason: "batch terminate test"
        })
        const snapshots = yield* Stream.runCollect(batches.progress(jobId, { interval: "200 millis" }))
        const last = snapshots[snapshots.length - 1]!
        assert.isTrue(snapshots.slice(0, -1).every((s) => s.state === "Running"))
        assert.strictEqual(last.state, "Completed")
        assert.isTrue(last.done)
        assert.strictEqual(last.completeOperationCount, 3)
        assert.strictEqual(last.failureOperationCount, 0)

        const description = yield* batches.describe(jobId)
        assert.strictEqual(description.jobId, jobId)
        assert.strictEqual(description.operationType, "Terminate")
        assert.strictEqual(description.state, "Completed")
        assert.strictEqual(description.totalOperationCount, 3)
        assert.strictEqual(description.reason, "batch terminate test")
        assert.strictEqual(description.query, query)
        assert.isDefined(description.closeTime)
        for (const id of ids) {
          const described = yield* client.getWorkflowHandle(id).describe()
          assert.strictEqual(described.status, "Terminated")
        }
        const listed = yield* eventually(
          "the batch listed",
          Effect.map(
            Stream.runCollect(BatchClient.list().pipe(Stream.filter((s) => s.jobId === jobId))),
            (found) => Option.fromNullishOr(found[0])
          )
        )
        assert.strictEqual(listed.operationType, "Terminate")
        assert.strictEqual(listed.state, "Completed")
        const again = yield* Effect.flip(
          batches.start({ operation: { _tag: "Cancel" }, query, reason: "again", jobId })
        )
        assert.strictEqual(again._tag, "BatchOperationAlreadyStartedError")
        const missing = yield* Effect.flip(batches.describe(freshId("no-such-batch")))
        assert.strictEqual(missing._tag, "BatchOperationNotFoundError")
      }).pipe(Effect.provide(BatchClient.layer))
    ))

  it.live("signal by a list of executions: the worker reads the encoded argument", () =>
    withClient(
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const batches = yield* BatchClient.BatchClient
        const taskQueue = yield* startWorker("batch-sig")
        const handles = yield* Effect.forEach([1, 2], (i) =>
          client.startWorkflow("signalQueryUpdate", { id: freshId(`batch-sig-${i}`), taskQueue }))
        const jobId = yield* batches.start({
          operation: { _tag: "Signal", signal: "approve", args: [{ by: "batch" }] },
          executions: handles.map((handle) => ({ workflowId: handle.workflowId })),
          reason: "approve both"
        })
        const last = yield* Stream.runLast(batches.progress(jobId, { interval: "200 millis" }))
        assert.strictEqual(Option.getOrUndefined(last)?.state, "Completed")
        const description = yield* batches.describe(jobId)
        assert.strictEqual(description.operationType, "Signal")
        assert.deepStrictEqual(
          description.executions.map((e) => [e.type, e.id]).sort(),
          handles.map((handle) => ["Workflow", handle.workflowId]).sort()
        )
        for (const handle of handles) {
          const status = yield* eventually(
            "the signal handled",
            Effect.map(handle.query("status"), (s) =>
              s === "approved by batch" ? Option.some(s) : Option.none())
          )
          assert.strictEqual(status, "approved by batch")
          yield* handle.signal("finish")
        }
      }).pipe(Effect.provide(BatchClient.layer))
    ))

  it.live(
    "stop a running batch: it closes as Failed, and a second stop finds it closed",
    () =>
      withClient(
        Effect.gen(function*() {
          const batches = yield* BatchClient.BatchClient
          const taskQueue = freshTaskQueue("batch-stop")
          yield* startIdle(taskQueue, 200)
          const jobId = yield* batches.start({
            operation: { _tag: "Cancel" },
            query: `TaskQueue = '${taskQueue}'`,
            reason: "to be stopped"
          })
          yield* batches.stop(jobId, { reason: "changed our mind" })
          const last = yield* Stream.runLast(batches.progress(jobId, { interval: "200 millis" }))
          assert.strictEqual(Option.getOrUndefined(last)?.state, "Failed")
          const second = yield* Effect.flip(batches.stop(jobId))
          assert.strictEqual(second._tag, "BatchOperationAlreadyClosedError")
          // Leave nothing running behind.
          const cleanup = yield* batches.start({
            operation: { _tag: "Terminate" },
            query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
            reason: "cleanup"
          })
          yield* Stream.runDrain(batches.progress(cleanup, { interval: "200 millis" }))
        }).pipe(Effect.provide(BatchClient.layer))
      ),
    { timeout: 120_000 }
  )
})
