/**
 * Workflow updates against the dev server: start and wait per stage, update handles by ID,
 * execute, and update-with-start both when the workflow is not running and when it is.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { SignalQueryUpdate } from "../support/definitions.js"
import { freshId } from "../support/worker.js"

describe("workflow updates", () => {
  it.live("startUpdate waiting for Accepted, then the result through getUpdateHandle(id)", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("upd"), taskQueue, args: ["a"] })
      // slowUpdate sleeps in the workflow: Accepted comes back before the outcome exists.
      const started = yield* handle.startUpdate("slowUpdate", {
        args: [500],
        waitForStage: "Accepted",
        updateId: "slow-1"
      })
      assert.strictEqual(started.updateId, "slow-1")
      assert.strictEqual(started.name, "slowUpdate")
      const byId = client.getWorkflowHandleFor(SignalQueryUpdate, handle.workflowId).getUpdateHandle(
        "slow-1",
        "slowUpdate"
      )
      assert.strictEqual(yield* byId.result(), "slept 500")
      assert.strictEqual(yield* started.result(), "slept 500")
      // The same update ID again returns the first update's outcome, not a second run.
      const again = yield* handle.startUpdate("slowUpdate", {
        args: [10],
        waitForStage: "Completed",
        updateId: "slow-1"
      })
      assert.strictEqual(yield* again.result(), "slept 500")
      yield* handle.signal("finish")
      yield* handle.result()
    })))

  it.live("executeUpdate returns the update's result; startUpdate to Completed has it already", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("upd"), taskQueue, args: ["a"] })
      assert.strictEqual(yield* handle.executeUpdate("rename", "b"), "a")
      const completed = yield* handle.startUpdate("rename", { args: ["c"], waitForStage: "Completed" })
      assert.strictEqual(yield* completed.result(), "b")
      yield* handle.signal("finish")
      assert.deepStrictEqual(yield* handle.result(), { name: "c", status: "finished" })
    })))

  it.live("waitForStage Admitted is refused with InvalidArgumentError (the server does not support it)", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("upd"), taskQueue, args: ["a"] })
      const error = yield* Effect.flip(handle.startUpdate("rename", { args: ["b"], waitForStage: "Admitted" }))
      assert.strictEqual(error._tag, "InvalidArgumentError")
      if (error._tag === "InvalidArgumentError") assert.strictEqual(error.field, "waitForStage")
      // The refusal is the server's own: a raw request waiting for ADMITTED is denied.
      const raw = yield* Effect.flip(client.connection.workflowService.updateWorkflowExecution({
        namespace: client.namespace,
        workflowExecution: { workflowId: handle.workflowId },
        waitPolicy: { lifecycleStage: 1 },
        request: { meta: { updateId: "admitted-raw", identity: "test" }, input: { name: "rename" } }
      }))
      assert.strictEqual(raw._tag, "RpcError")
      if (raw._tag === "RpcError") assert.strictEqual(raw.code, "PERMISSION_DENIED")
      yield* handle.terminate()
    })))

  it.live("executeUpdateWithOptions runs the update under the given ID; the same ID again gives the first outcome", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("upd"), taskQueue, args: ["a"] })
      const first = yield* handle.executeUpdateWithOptions("rename", {
        args: ["b"],
        updateId: "rename-1",
        rpcTimeout: "30 seconds"
      })
      assert.strictEqual(first, "a")
      const again = yield* handle.executeUpdateWithOptions("rename", { args: ["c"], updateId: "rename-1" })
      assert.strictEqual(again, "a")
      yield* handle.signal("finish")
      assert.deepStrictEqual(yield* handle.result(), { name: "b", status: "finished" })
    })))

  it.live("update-with-start refuses waitForStage Admitted with InvalidArgumentError", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const error = yield* Effect.flip(client.startUpdateWithStart("rename", {
        args: ["b"],
        waitForStage: "Admitted",
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(SignalQueryUpdate, {
          id: freshId("uws"),
          taskQueue: "unused",
          idConflictPolicy: "Fail",
          args: ["a"]
        })
      }))
      assert.strictEqual(error._tag, "InvalidArgumentError")
      if (error._tag === "InvalidArgumentError") assert.strictEqual(error.field, "waitForStage")
    })))

  it.live("update-with-start starts the workflow when it is not running, and updates the running one when it is", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("uws")
      const operation = () =>
        TemporalClient.withStartWorkflowOperation(SignalQueryUpdate, {
          id,
          taskQueue,
          idConflictPolicy: "UseExisting",
          args: ["initial"]
        })
      const first = yield* client.startUpdateWithStart("rename", {
        args: ["second"],
        startWorkflowOperation: operation()
      })
      assert.strictEqual(first.workflowHandle.workflowId, id)
      assert.isString(first.workflowHandle.resultRunId)
      assert.strictEqual(yield* first.updateHandle.result(), "initial")

      const second = yield* client.startUpdateWithStart("rename", {
        args: ["third"],
        startWorkflowOperation: operation(),
        waitForStage: "Completed"
      })
      assert.strictEqual(second.workflowHandle.resultRunId, first.workflowHandle.resultRunId, "the same run")
      assert.strictEqual(yield* second.updateHandle.result(), "second")

      const third = yield* client.executeUpdateWithStart("rename", {
        args: ["fourth"],
        startWorkflowOperation: operation()
      })
      assert.strictEqual(third, "third")

      yield* first.workflowHandle.signal("finish")
      assert.deepStrictEqual(yield* first.workflowHandle.result(), { name: "fourth", status: "finished" })
    })))

  it.live("executeUpdateWithStart on a workflow that is not running starts it", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("uws")
      const old = yield* client.executeUpdateWithStart("rename", {
        args: ["renamed"],
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(SignalQueryUpdate, {
          id,
          taskQueue,
          idConflictPolicy: "Fail",
          args: ["fresh"]
        })
      })
      assert.strictEqual(old, "fresh")
      const handle = client.getWorkflowHandleFor(SignalQueryUpdate, id)
      yield* handle.signal("finish")
      assert.deepStrictEqual(yield* handle.result(), { name: "renamed", status: "finished" })
    })))

  it.live("update-with-start with idConflictPolicy Fail on a running workflow gives WorkflowAlreadyStartedError", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("uws")
      const running = yield* client.startWorkflow(SignalQueryUpdate, { id, taskQueue, args: ["a"] })
      const error = yield* Effect.flip(client.startUpdateWithStart("rename", {
        args: ["b"],
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(SignalQueryUpdate, {
          id,
          taskQueue,
          idConflictPolicy: "Fail",
          args: ["a"]
        })
      }))
      assert.strictEqual(error._tag, "WorkflowAlreadyStartedError")
      if (error._tag === "WorkflowAlreadyStartedError") assert.strictEqual(error.runId, running.resultRunId)
      const failed = yield* Effect.flip(client.executeUpdateWithStart("rename", {
        args: [""],
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(SignalQueryUpdate, {
          id,
          taskQueue,
          idConflictPolicy: "UseExisting",
          args: ["a"]
        })
      }))
      assert.strictEqual(failed._tag, "WorkflowUpdateFailedError")
      yield* running.terminate()
    })))
})
