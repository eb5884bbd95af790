/**
 * Proves the integration harness: the shared dev server (global setup), the pre-built workflow
 * bundle, the official worker (`runWorker` / `withWorker`) and every fixture workflow, driven by the
 * official @temporalio/client.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  Client,
  Connection,
  WorkflowFailedError,
  WorkflowUpdateFailedError
} from "@temporalio/client"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { freshId, freshTaskQueue, runWorker, withWorker } from "../support/worker.js"

const address = inject("temporalAddress")
const workflowBundlePath = inject("workflowBundlePath")

let connection: Connection
let client: Client

beforeAll(async () => {
  connection = await Connection.connect({ address })
  client = new Client({ connection, namespace: "default" })
})

afterAll(async () => {
  await connection?.close()
})

describe("integration harness", () => {
  it("runs the echo workflow in the official worker (runWorker)", async () => {
    const taskQueue = freshTaskQueue("harness-echo")
    const [single, several] = await runWorker({ address, taskQueue, workflowBundlePath }, () =>
      Promise.all([
        client.workflow.execute("echo", { taskQueue, workflowId: freshId("echo"), args: ["hello"] }),
        client.workflow.execute("echo", { taskQueue, workflowId: freshId("echo"), args: [1, { a: [true, null] }] })
      ]))
    expect(single).toBe("hello")
    expect(several).toEqual([1, { a: [true, null] }])
  })

  it("runs every fixture workflow (withWorker)", async () => {
    const taskQueue = freshTaskQueue("harness-fixtures")
    const opts = { taskQueue }

    const signalQueryUpdate = async () => {
      const handle = await client.workflow.start("signalQueryUpdate", {
        ...opts,
        workflowId: freshId("squ"),
        args: ["first"]
      })
      expect(await handle.query<string>("status")).toBe("waiting")
      await handle.signal("approve", { by: "ops" })
      await handle.signal("count", "req-1")
      await handle.signal("count", "req-2")
      expect(await handle.query<string>("status")).toBe("approved by ops")
      expect(await handle.query<Array<string>>("signalsReceived")).toEqual(["req-1", "req-2"])
      expect(await handle.executeUpdate<string, [string]>("rename", { args: ["second"] })).toBe("first")
      const rejected = await handle.executeUpdate<string, [string]>("rename", { args: [""] }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError)
      expect((rejected as WorkflowUpdateFailedError).cause?.message).toMatch(/empty/)
      expect(await handle.executeUpdate<string, [number]>("slowUpdate", { args: [50] })).toBe("slept 50")
      await handle.signal("finish")
      expect(await handle.result()).toEqual({
        name: "second",
        status: "finished",
        approvedBy: "ops",
        signalsReceived: ["req-1", "req-2"]
      })
    }

    const continueAsNew = async () => {
      const handle = await client.workflow.start("continueAsNewTwice", {
        ...opts,
        workflowId: freshId("can"),
        args: []
      })
      expect(await handle.result()).toBe("done after 2")
    }

    const failWithCause = async () => {
      const error = await client.workflow
        .execute("failWithCause", { ...opts, workflowId: freshId("fail"), args: [] })
        .then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(WorkflowFailedError)
      const outer = (error as WorkflowFailedError).cause as ApplicationFailure
      expect(outer).toBeInstanceOf(ApplicationFailure)
      expect([outer.message, outer.type, outer.nonRetryable]).toEqual(["outer", "OuterError", true])
      const inner = outer.cause as ApplicationFailure
      expect([inner.message, inner.type, inner.details]).toEqual(["inner", "InnerError", [42]])
    }

    const failingActivity = async () => {
      const error = await client.workflow
        .execute("failingActivityWorkflow", { ...opts, workflowId: freshId("act"), args: [] })
        .then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(WorkflowFailedError)
      const activityFailure = (error as WorkflowFailedError).cause as ActivityFailure
      expect(activityFailure).toBeInstanceOf(ActivityFailure)
      expect(activityFailure.activityType).toBe("failingActivity")
      const app = activityFailure.cause as ApplicationFailure
      expect([app.message, app.type, (app.cause as ApplicationFailure).type]).toEqual([
        "activity failed",
        "ActivityError",
        "RootCause"
      ])
    }

    const simpleOnes = async () => {
      const cronId = freshId("cron")
      const [slept, cron, retried, sleeper] = await Promise.all([
        client.workflow.execute("longRunning", { ...opts, workflowId: freshId("long"), args: [10] }),
        client.workflow.start("cronWorkflow", { ...opts, workflowId: cronId, args: [] }).then(async (handle) => ({
          runId: handle.firstExecutionRunId,
          result: await handle.result()
        })),
        client.workflow.execute("failThenSucceed", {
          ...opts,
          workflowId: freshId("retry"),
          args: [],
          retry: { maximumAttempts: 2, initialInterval: "100ms" }
        }),
        client.workflow.execute("sleeper", { ...opts, workflowId: "sleeper-fixed-" + cronId, args: [0] })
      ])
      expect(slept).toBe("slept")
      expect(cron.result).toBe(cron.runId)
      expect(retried).toBe(2)
      expect(sleeper).toBe("sleeper-fixed-" + cronId)
    }

    const countSignals = async () => {
      const handle = await client.workflow.start("countSignals", { ...opts, workflowId: freshId("count"), args: [] })
      await handle.signal("inc", "a")
      await handle.signal("inc", "b")
      await handle.signal("finish")
      expect(await handle.result()).toEqual({ count: 2, ids: ["a", "b"] })
    }

    const asyncCompletion = async () => {
      const workflowId = freshId("async")
      const handle = await client.workflow.start("asyncCompletionWorkflow", { ...opts, workflowId, args: [] })
      // Wait until the activity has started (and heartbeated its task token).
      const deadline = Date.now() + 20_000
      while (true) {
        const pending = (await handle.describe()).raw.pendingActivities?.[0]
        if (pending?.activityId === "async-1" && pending.heartbeatDetails?.payloads?.length) break
        if (Date.now() > deadline) throw new Error(`activity not started: ${JSON.stringify(pending)}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await client.activity.complete({ workflowId, activityId: "async-1" }, "completed from outside")
      expect(await handle.result()).toBe("completed from outside")
    }

    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function*() {
          yield* withWorker({ address, taskQueue, workflowBundlePath })
          yield* Effect.promise(() =>
            Promise.all([
              signalQueryUpdate(),
              continueAsNew(),
              failWithCause(),
              failingActivity(),
              simpleOnes(),
              countSignals(),
              asyncCompletion()
            ])
          )
        })
      )
    )
  })
})
