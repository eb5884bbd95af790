/**
 * The operator's calls on a workflow handle against the dev server and the official worker: reset
 * (to the first or last workflow task, or an event ID, with and without reapplying signals),
 * delete, pause and unpause (the harness enables workflow pause), and changing a running
 * workflow's priority and versioning override.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"
import { startWorker, withClient } from "../support/client.js"
import { eventually } from "../support/eventually.js"
import { freshId } from "../support/worker.js"

const SignalQueryUpdate = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [] },
  queries: { status: { args: [], result: Schema.String } }
})

describe("workflow administration against the dev server", () => {
  it.live("reset to the first workflow task: a new run, with the signal reapplied or not", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("admin-reset")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("reset"), taskQueue, args: ["x"] })
      // The first workflow task is done before the signal (else the signal would be part of it).
      assert.strictEqual(yield* handle.query("status"), "waiting")
      yield* handle.signal("approve", { by: "ops" })
      assert.strictEqual(yield* handle.query("status"), "approved by ops")

      const reapplied = yield* handle.reset({ to: "FirstWorkflowTask", reason: "replay with the fix" })
      assert.isString(reapplied.runId)
      assert.notStrictEqual(reapplied.runId, handle.resultRunId)
      assert.strictEqual(yield* reapplied.query("status"), "approved by ops", "the signal after the point is reapplied")
      assert.strictEqual(
        (yield* client.getWorkflowHandle(handle.workflowId, { runId: handle.resultRunId }).describe()).status,
        "Terminated"
      )

      // The first run again (a closed run can be reset too), this time leaving its signal out.
      const firstRun = client.getWorkflowHandleFor(SignalQueryUpdate, handle.workflowId, { runId: handle.resultRunId })
      const withoutSignals = yield* firstRun.reset({
        to: "FirstWorkflowTask",
        reason: "again, without the signal",
        excludeReapply: ["Signal"]
      })
      assert.strictEqual(yield* withoutSignals.query("status"), "waiting")

      const last = yield* withoutSignals.reset({ to: "LastWorkflowTask", reason: "last" })
      assert.strictEqual((yield* last.describe()).status, "Running")
      const noSuchEvent = yield* Effect.flip(last.reset({ to: { eventId: 100_000 }, reason: "nowhere" }))
      assert.strictEqual(noSuchEvent._tag, "RpcError")
      yield* last.terminate()
    })))

  it.live("delete: a running execution is terminated and its deletion scheduled; an unknown one is not found", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("longRunning", {
        id: freshId("delete"),
        taskQueue: "nobody-polls-this",
        args: [600_000]
      })
      yield* handle.delete()
      // The server terminates it at once and removes it later (its deletion task is jittered).
      const gone = yield* eventually(
        "the execution terminated or removed",
        Effect.map(Effect.result(handle.describe()), (answer) =>
          answer._tag === "Failure"
            ? (answer.failure._tag === "WorkflowNotFoundError" ? Option.some("removed") : Option.none())
            : answer.success.status === "Terminated"
            ? Option.some("terminated")
            : Option.none())
      )
      assert.include(["terminated", "removed"], gone)
      const unknown = yield* Effect.flip(client.getWorkflowHandle(freshId("never")).delete())
      assert.strictEqual(unknown._tag, "WorkflowNotFoundError")
    })))

  it.live("pause stops workflow tasks until unpause", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("admin-pause")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("pause"), taskQueue, args: ["x"] })
      assert.strictEqual(yield* handle.query("status"), "waiting")
      yield* handle.pause({ reason: "investigating" })
      const paused = yield* eventually(
        "the workflow paused",
        Effect.map(handle.describe(), (d) => d.status === "Paused" ? Option.some(d) : Option.none())
      )
      assert.strictEqual(paused.status, "Paused")
      yield* handle.unpause({ reason: "done investigating" })
      yield* eventually(
        "the workflow running again",
        Effect.map(handle.describe(), (d) => d.status === "Running" ? Option.some(d) : Option.none())
      )
      yield* handle.signal("finish")
      assert.strictEqual((yield* handle.result() as Effect.Effect<{ status: string }, unknown>).status, "finished")
    })))

  it.live("updateOptions changes the priority and the versioning override of a running workflow", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("longRunning", {
        id: freshId("options"),
        taskQueue: "nobody-polls-this",
        args: [600_000]
      })
      const prioritized = yield* handle.updateOptions({ priority: { priorityKey: 2 } })
      assert.strictEqual(prioritized.priority?.priorityKey, 2)
      const overridden = yield* handle.updateOptions({ versioningOverride: "AutoUpgrade" })
      assert.strictEqual(overridden.versioningOverride, "AutoUpgrade")
      const cleared = yield* handle.updateOptions({ versioningOverride: null })
      assert.strictEqual(cleared.versioningOverride, undefined)
      const refused = yield* Effect.flip(handle.updateOptions({}))
      assert.strictEqual(refused._tag, "InvalidArgumentError")
      yield* handle.terminate()
    })))

  it.live("describe decodes the memo and the pending activities with their heartbeat details", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("admin-describe")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("asyncCompletionWorkflow", {
        id: freshId("describe"),
        taskQueue,
        memo: { owner: "ops", priority: 3 }
      })
      const described = yield* eventually(
        "the activity heartbeated",
        Effect.map(
          handle.describe(),
          (d) => (d.pendingActivities[0]?.heartbeatDetails.length ?? 0) > 0 ? Option.some(d) : Option.none()
        )
      )
      assert.deepStrictEqual(described.memo, { owner: "ops", priority: 3 })
      const [activity] = described.pendingActivities
      assert.strictEqual(activity!.activityId, "async-1")
      assert.strictEqual(activity!.activityType, "completeAsync")
      assert.strictEqual(activity!.state, "Started")
      assert.isString((activity!.heartbeatDetails[0] as { taskToken: string }).taskToken)
      assert.deepStrictEqual(described.pendingChildren, [])
      yield* handle.terminate()
    })))
})
