/**
 * Strings that are not valid Unicode (a lone UTF-16 surrogate, as half of an emoji cut in two) in
 * IDs, names and other strings sent to the server are refused with `InvalidArgumentError` before
 * any RPC: protobuf would write them as invalid UTF-8, which the server refuses to decode
 * (INTERNAL, retried for the whole retry budget).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Common from "../../src/Common.js"
import * as DataConverter from "../../src/DataConverter.js"
import { decodeOptions } from "../../src/internal/validation.js"
import { malformedStringReason, validateStartWorkflowOptions } from "../../src/schema/WorkflowOptions.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { FakeConnection } from "../../src/testing/index.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"

const lone = "order-\uD83D" // the first half of 😀
const loneLow = "\uDE00-order" // the second half alone

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [] },
  queries: { status: { args: [], result: Schema.String } },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

/** Every RPC answers as if it worked: what is tested is that none is made. */
const anything = () => Effect.succeed({})
const clientOver = TemporalClient.layer().pipe(
  Layer.provideMerge(FakeConnection.layer({
    workflowService: {
      startWorkflowExecution: () => Effect.succeed({ runId: "r", started: true }),
      signalWorkflowExecution: anything,
      queryWorkflow: () => Effect.succeed({ queryResult: { payloads: [FakeConnection.payload("ok")] } }),
      updateWorkflowExecution: () =>
        Effect.succeed({ outcome: { success: { payloads: [FakeConnection.payload("ok")] } } }),
      pollWorkflowExecutionUpdate: () =>
        Effect.succeed({ outcome: { success: { payloads: [FakeConnection.payload("ok")] } } }),
      requestCancelWorkflowExecution: anything,
      terminateWorkflowExecution: anything,
      describeWorkflowExecution: anything,
      getWorkflowExecutionHistory: () => Effect.succeed(FakeConnection.completedHistory("ok")),
      countWorkflowExecutions: anything,
      recordActivityTaskHeartbeatById: anything,
      executeMultiOperation: anything
    }
  })),
  Layer.provide(DataConverter.Default)
)

describe("strings that are not valid Unicode", () => {
  it("are told apart from well-formed ones, emoji and other astral characters included", () => {
    assert.isUndefined(malformedStringReason("order-😀-ü-中"))
    assert.include(malformedStringReason(lone) ?? "", "lone UTF-16 surrogate (\\uD83D) at index 6")
    assert.include(malformedStringReason(loneLow) ?? "", "at index 0")
    assert.isDefined(malformedStringReason("\uDE00\uD83D"), "halves in the wrong order")
  })

  it.effect("in start options (ID, task queue, request ID, signal, memo and header keys) fail the validator", () =>
    Effect.gen(function*() {
      const base = { id: "wf", taskQueue: "q", args: ["a"] }
      const cases: ReadonlyArray<readonly [string, object]> = [
        ["id", { id: lone }],
        ["taskQueue", { taskQueue: loneLow }],
        ["requestId", { requestId: lone }],
        ["startSignal", { startSignal: lone }],
        ["memo", { memo: { [lone]: 1 } }],
        ["staticSummary", { staticSummary: lone }]
      ]
      for (const [field, options] of cases) {
        const error = yield* Effect.flip(validateStartWorkflowOptions({ ...base, ...options } as never))
        assert.include(error.field, field)
        assert.include(error.reason, "lone UTF-16 surrogate")
      }
    }))

  it.effect("every workflow operation refuses them before any RPC: IDs of handles, names, reasons, queries", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const bad = client.getWorkflowHandleFor(Greet, lone)
      const good = client.getWorkflowHandleFor(Greet, "wf")
      const byRun = client.getWorkflowHandle("wf", { runId: lone })
      const attempts: ReadonlyArray<readonly [string, string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
        ["start", "id", client.startWorkflow(Greet, { id: lone, taskQueue: "q", args: ["a"] })],
        ["start by type", "workflowType", client.startWorkflow(`Greet${lone}`, { id: "wf", taskQueue: "q", args: [] })],
        ["describe", "workflowId", bad.describe()],
        ["describe by run", "runId", byRun.describe()],
        ["signal", "workflowId", bad.signal("approve")],
        ["signal name", "signalName", client.getWorkflowHandle("wf").signal(lone)],
        ["query", "workflowId", bad.query("status")],
        ["query name", "queryType", client.getWorkflowHandle("wf").query(lone)],
        ["result", "workflowId", bad.result()],
        ["cancel", "workflowId", bad.cancel()],
        ["cancel reason", "reason", good.cancel({ reason: lone })],
        ["terminate", "workflowId", bad.terminate()],
        ["terminate reason", "reason", good.terminate({ reason: loneLow })],
        ["executeUpdate", "workflowId", bad.executeUpdate("rename", "x")],
        ["update ID", "updateId", good.startUpdate("rename", { args: ["x"], updateId: lone })],
        ["update handle", "updateId", good.getUpdateHandle(lone, "rename").result()],
        ["history", "workflowId", Stream.runDrain(bad.fetchHistory())],
        ["count", "query", client.countWorkflows(`WorkflowId = '${lone}'`)],
        [
          "update-with-start",
          "updateId",
          client.startUpdateWithStart("rename", {
            args: ["x"],
            updateId: loneLow,
            startWorkflowOperation: TemporalClient.withStartWorkflowOperation(Greet, {
              id: "wf",
              taskQueue: "q",
              args: ["a"],
              idConflictPolicy: "UseExisting"
            })
          })
        ],
        [
          "async activity",
          "activityId",
          client.getAsyncActivityHandle({ workflowId: "wf", activityId: lone }).heartbeat()
        ]
      ]
      for (const [label, field, attempt] of attempts) {
        const error = yield* Effect.flip(attempt)
        assert.strictEqual(error._tag, "InvalidArgumentError", `${label}: ${String(error)}`)
        if (error._tag === "InvalidArgumentError") {
          assert.strictEqual((error as unknown as { field: string }).field, field, label)
        }
      }
      assert.deepStrictEqual(yield* FakeConnection.calls, [], "no RPC was made")
    }).pipe(Effect.provide(clientOver)))
})

describe("Common.WellFormedString", () => {
  it.effect("refuses a lone surrogate with the same reason, naming the field through decodeOptions", () =>
    Effect.gen(function*() {
      const decode = decodeOptions(Schema.Struct({ workflowId: Common.WellFormedString }), ["options"])
      assert.deepStrictEqual(yield* decode({ workflowId: "order-😀" }), { workflowId: "order-😀" })
      const error = yield* Effect.flip(decode({ workflowId: lone }))
      assert.strictEqual(error._tag, "InvalidArgumentError")
      assert.strictEqual(error.field, "options.workflowId")
      assert.strictEqual(error.reason, Common.malformedStringReason(lone))
      assert.strictEqual(Common.malformedStringReason(lone), malformedStringReason(lone))
    }))
})
