import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"
import { InMemoryTemporal } from "../../src/testing/index.js"

const Reminder = WorkflowDefinition.make("reminder", {
  args: [Schema.Struct({ to: Schema.String, afterHours: Schema.Number })],
  result: Schema.String,
  updates: { snooze: { args: [Schema.Number], result: Schema.Number } }
})

const Temporal = InMemoryTemporal.layer({
  workflows: {
    ...InMemoryTemporal.workflow(Reminder, ([{ afterHours, to }], ctx) =>
      Effect.gen(function*() {
        let hours = afterHours
        yield* ctx.setUpdateHandler("snooze", (more: number) => Effect.sync(() => (hours += more)))
        yield* ctx.sleep(`${hours} hours`)
        return `reminded ${to}`
      })),
    forever: (_, ctx) => ctx.condition(Effect.succeed(false))
  }
})

describe("InMemoryTemporal", () => {
  it.effect("workflow sleeps run on TestClock", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(Reminder, { id: "r-1", taskQueue: "q", args: [{ to: "ann", afterHours: 2 }] })
      const result = yield* Effect.fork(handle.result())
      yield* TestClock.adjust("1 hour")
      assert.strictEqual((yield* handle.describe()).status, "Running")
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* Fiber.join(result), "reminded ann")
    }).pipe(Effect.provide(Temporal)))

  it.effect("update-with-start starts the workflow and runs the update", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const hours = yield* client.executeUpdateWithStart("snooze", {
        args: [1],
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(Reminder, {
          id: "r-2",
          taskQueue: "q",
          args: [{ to: "bo", afterHours: 3 }],
          idConflictPolicy: "UseExisting"
        })
      })
      assert.strictEqual(hours, 4)
    }).pipe(Effect.provide(Temporal)))

  it.effect("a run timeout times the workflow out on the Clock", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("forever", { id: "f-1", taskQueue: "q", runTimeout: "1 minute" })
      const result = yield* Effect.fork(handle.result())
      yield* TestClock.adjust("1 minute")
      const error = yield* Effect.flip(Fiber.join(result))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      assert.strictEqual((yield* handle.describe()).status, "TimedOut")
    }).pipe(Effect.provide(Temporal)))

  it.effect("an unregistered workflow type fails at once, naming the registered ones", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TemporalClient.executeWorkflow("missing", { id: "m-1", taskQueue: "q" }))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag === "WorkflowFailedError") {
        assert.include((error.cause as { message: string }).message, "reminder, forever")
      }
    }).pipe(Effect.provide(Temporal)))

  it.effect("list queries outside the subset fail INVALID_ARGUMENT; runs are recorded", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      yield* client.startWorkflow("forever", { id: "f-2", taskQueue: "q" })
      const error = yield* Effect.flip(client.countWorkflows("StartTime > '2020-01-01'"))
      assert.strictEqual(error.code, "INVALID_ARGUMENT")
      const grouped = yield* client.countWorkflows("WorkflowType = 'forever' GROUP BY ExecutionStatus")
      assert.strictEqual(grouped.count, 1)
      assert.deepStrictEqual(grouped.groups.map((g) => g.groupValues), [["Running"]])
      const runs = yield* InMemoryTemporal.runs
      assert.deepStrictEqual(runs.map((r) => [r.workflowId, r.status]), [["f-2", "Running"]])
    }).pipe(Effect.provide(Temporal)))
})
