/**
 * The operator's calls on a workflow handle without a server: the reset request (its event ID read
 * from the history for the first or last workflow task), pause refused by a server that has it off,
 * the options update's field mask, options refused before any RPC, `TestTemporalClient` scripting
 * them and `InMemoryTemporal` deleting executions.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { InMemoryTemporal, TestTemporalClient } from "../../src/testing/index.js"
import { withFakeClient } from "../support/fakeClient.js"

const completedTask = (eventId: number) => ({ eventId: eventId as never, eventType: 7 })

describe("workflow administration against the fake server", () => {
  it.effect("reset reads the first and last completed workflow task from the history and answers the new run", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getWorkflowExecutionHistory: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? { history: { events: [{ eventId: 9 as never, eventType: 5 }, completedTask(12)] } }
                : {
                  history: { events: [{ eventId: 1 as never, eventType: 1 }, completedTask(4)] },
                  nextPageToken: new Uint8Array([1])
                }
            ),
          resetWorkflowExecution: (request) =>
            Effect.succeed({ runId: `run-after-${Number(request.workflowTaskFinishEventId)}` })
        }
      })
      const runs = yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = client.getWorkflowHandle("wf-1")
          const first = yield* handle.reset({
            to: "FirstWorkflowTask",
            reason: "fix",
            reapply: "Signal",
            excludeReapply: ["Update"],
            requestId: "r-1"
          })
          const last = yield* handle.reset({ to: "LastWorkflowTask", reason: "fix" })
          const byId = yield* handle.reset({ to: { eventId: 8 }, reason: "fix" })
          return [first.runId, last.runId, byId.runId]
        })
      )
      assert.deepStrictEqual(runs, ["run-after-4", "run-after-12", "run-after-8"])
      const resets = (yield* server.calls).filter((call) => call.method === "ResetWorkflowExecution")
      const first = resets[0]!.request as protoTypes.api.workflowservice.v1.IResetWorkflowExecutionRequest
      assert.strictEqual(first.reason, "fix")
      assert.strictEqual(first.requestId, "r-1")
      assert.strictEqual(first.resetReapplyType, 1)
      assert.deepStrictEqual(first.resetReapplyExcludeTypes, [2])
      assert.strictEqual(first.workflowExecution?.workflowId, "wf-1")
    }))

  it.effect("pause refused by a server with it off is WorkflowPauseUnavailableError; options go out with a field mask", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          pauseWorkflowExecution: () =>
            Effect.fail({
              code: "UNIMPLEMENTED" as const,
              message: "workflow pause is not enabled for namespace: default"
            }),
          updateWorkflowExecutionOptions: (request) =>
            Effect.succeed({ workflowExecutionOptions: request.workflowExecutionOptions ?? {} })
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = client.getWorkflowHandle("wf-2")
          const refused = yield* Effect.flip(handle.pause({ reason: "look" }))
          assert.strictEqual(refused._tag, "WorkflowPauseUnavailableError")
          const updated = yield* handle.updateOptions({ priority: { priorityKey: 3 } })
          assert.strictEqual(updated.priority?.priorityKey, 3)
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            ["options", handle.updateOptions({})],
            ["options.reason", handle.reset({ to: "FirstWorkflowTask", reason: "" })],
            ["options.to.eventId", handle.reset({ to: { eventId: 1 }, reason: "r" })],
            [
              "options.excludeReapply[0]",
              handle.reset({ to: "LastWorkflowTask", reason: "r", excludeReapply: ["Timer" as "Signal"] })
            ]
          ]
          for (const [field, attempt] of cases) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as unknown as { field: string }).field, field)
          }
        })
      )
      const update = (yield* server.calls).find((call) => call.method === "UpdateWorkflowExecutionOptions")!
      assert.deepStrictEqual(
        (update.request as protoTypes.api.workflowservice.v1.IUpdateWorkflowExecutionOptionsRequest).updateMask?.paths,
        ["priority"]
      )
      assert.deepStrictEqual((yield* server.calls).map((call) => call.method), [
        "PauseWorkflowExecution",
        "UpdateWorkflowExecutionOptions"
      ])
    }))

  it.effect("TestTemporalClient scripts reset, delete, pause and unpause", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = client.getWorkflowHandle("order-1")
      const reset = yield* handle.reset({ to: "FirstWorkflowTask", reason: "retry" })
      assert.strictEqual(reset.runId, "run-2")
      yield* handle.pause()
      yield* handle.unpause()
      yield* handle.delete()
      assert.deepStrictEqual((yield* TestTemporalClient.calls).map((c) => c.operation), [
        "reset",
        "pause",
        "unpause",
        "delete"
      ])
    }).pipe(Effect.provide(TestTemporalClient.layer({
      "order-1": { reset: Effect.succeed("run-2"), pause: Effect.void, unpause: Effect.void, delete: Effect.void }
    }))))

  it.effect("InMemoryTemporal deletes an execution: a running one is terminated, then it is gone", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("waits", { id: "wf-delete", taskQueue: "q" })
      yield* handle.delete()
      assert.strictEqual((yield* Effect.flip(handle.describe()))._tag, "WorkflowNotFoundError")
      assert.deepStrictEqual(yield* InMemoryTemporal.runs, [])
    }).pipe(Effect.provide(InMemoryTemporal.layer({
      workflows: { waits: (_, ctx) => ctx.nextSignal("never") }
    }))))

  it.effect("InMemoryTemporal resets a run: a new run from the start, its signals delivered again unless excluded", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("approval", { id: "wf-reset", taskQueue: "q" })
      yield* handle.signal("approve", "ops")
      assert.strictEqual(yield* handle.query("status"), "approved by ops")
      const reapplied = yield* handle.reset({ to: "FirstWorkflowTask", reason: "retry" })
      assert.notStrictEqual(reapplied.runId, handle.resultRunId)
      assert.strictEqual(yield* reapplied.query("status"), "approved by ops")
      const first = client.getWorkflowHandle("wf-reset", { runId: handle.resultRunId })
      assert.strictEqual((yield* first.describe()).status, "Terminated")
      const excluded = yield* first.reset({ to: "FirstWorkflowTask", reason: "again", excludeReapply: ["Signal"] })
      assert.strictEqual(yield* excluded.query("status"), "waiting")
      const refused = yield* Effect.flip(excluded.reset({ to: { eventId: 2 }, reason: "not a completed task" }))
      assert.strictEqual(refused._tag, "RpcError")
    }).pipe(Effect.provide(InMemoryTemporal.layer({
      workflows: {
        approval: (_, ctx) =>
          Effect.gen(function*() {
            let status = "waiting"
            yield* ctx.setSignalHandler(
              "approve",
              (by) => Effect.sync(() => void (status = `approved by ${String(by)}`))
            )
            yield* ctx.setQueryHandler("status", () => Effect.sync(() => status))
            return yield* ctx.nextSignal("never")
          })
      }
    }))))
})
