/**
 * Batch operations over `InMemoryTemporal` (terminate, cancel and signal batches run inside their
 * start; describe, list, stop and the errors answer as the server does), and the mirrored proto
 * enums of batches and worker deployments against the loaded root.
 */
import { assert, describe, it } from "@effect/vitest"
import protoRoot from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as BatchClient from "../../src/BatchClient.js"
import * as OperationEnums from "../../src/internal/proto/operationEnums.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { InMemoryTemporal } from "../../src/testing/index.js"

/** A workflow that records the `approve` signals it gets until terminated. */
const InMemory = InMemoryTemporal.layer({
  workflows: {
    waiter: (_, ctx) =>
      Effect.gen(function*() {
        const approvals: Array<unknown> = []
        yield* ctx.setSignalHandler("approve", (by: unknown) => Effect.sync(() => void approvals.push(by)))
        yield* ctx.setQueryHandler("approvals", () => Effect.succeed(approvals))
        yield* ctx.condition(Effect.succeed(false))
      })
  }
})

describe("BatchClient over InMemoryTemporal", () => {
  it.effect("signal by list and terminate by query run at once; describe, list, stop and the errors answer as the server", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const batches = yield* BatchClient.BatchClient
      const handles = yield* Effect.forEach(
        ["a", "b", "c"],
        (id) => client.startWorkflow("waiter", { id, taskQueue: id === "c" ? "other" : "q" })
      )
      const signal = yield* batches.start({
        operation: { _tag: "Signal", signal: "approve", args: ["ops"] },
        executions: [{ workflowId: "a" }, { workflowId: "b" }],
        reason: "approve"
      })
      assert.deepStrictEqual(yield* handles[0]!.query("approvals"), ["ops"])
      const terminate = yield* batches.start({
        operation: { _tag: "Terminate" },
        query: "TaskQueue = 'q'",
        reason: "done"
      })
      const progress = yield* Stream.runCollect(batches.progress(terminate))
      assert.deepStrictEqual(progress.map((p) => [p.state, p.completeOperationCount]), [["Completed", 2]])
      assert.deepStrictEqual(
        yield* Effect.forEach(handles, (handle) => Effect.map(handle.describe(), (d) => d.status)),
        ["Terminated", "Terminated", "Running"]
      )
      const described = yield* batches.describe(signal)
      assert.strictEqual(described.operationType, "Signal")
      assert.deepStrictEqual(described.executions.map((e) => e.id), ["a", "b"])
      assert.deepStrictEqual((yield* Stream.runCollect(batches.list())).map((b) => b.jobId), [terminate, signal])
      assert.strictEqual((yield* Effect.flip(batches.stop(signal)))._tag, "BatchOperationAlreadyClosedError")
      assert.strictEqual((yield* Effect.flip(batches.describe("nope")))._tag, "BatchOperationNotFoundError")
      const again = yield* Effect.flip(
        batches.start({ operation: { _tag: "Cancel" }, query: "x", reason: "r", jobId: signal })
      )
      assert.strictEqual(again._tag, "BatchOperationAlreadyStartedError")
      const reset = yield* Effect.flip(
        batches.start({
          operation: { _tag: "Reset", target: "LastWorkflowTask" },
          query: "TaskQueue = 'other'",
          reason: "r"
        })
      )
      assert.strictEqual(reset._tag, "BatchOperationsUnavailableError")
    }).pipe(Effect.provide(BatchClient.layer.pipe(Layer.provideMerge(InMemory)))))
})

describe("mirrored batch and worker deployment enums", () => {
  it("hold exactly the proto enums' names and values", () => {
    const tables: ReadonlyArray<readonly [string, object]> = Object.entries(OperationEnums)
    for (const [name, table] of tables) {
      const protoEnum = (protoRoot.temporal.api.enums.v1 as unknown as Record<string, object | undefined>)[name]
      assert.isDefined(protoEnum, name)
      assert.deepStrictEqual<object>({ ...table }, { ...protoEnum }, name)
    }
  })
})
