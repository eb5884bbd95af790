/**
 * Resumable pages (history, schedules), `intoHistories`, `executeUpdateWithOptions` and the
 * default workflow ID of a schedule's action, against the in-process fake gRPC server.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { validateSchedule } from "../../src/schema/TemporalSchedule.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { jsonPayload as json, withFakeClient } from "../support/fakeClient.js"

const utf8 = new TextEncoder()

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

const requestOf = <T>(call: FakeGrpcServer.RecordedCall) => call.request as T

const token = (text: string) => utf8.encode(text)

describe("resumable pages, intoHistories, executeUpdateWithOptions", () => {
  it.effect("fetchHistoryPage reads one page and resumes from the token it gave", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getWorkflowExecutionHistory: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? { history: { events: [{ eventId: 2 }] } }
                : { history: { events: [{ eventId: 1 }] }, nextPageToken: token("p2") }
            )
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const handle = (yield* TemporalClient.TemporalClient).getWorkflowHandle("wf")
          const first = yield* handle.fetchHistoryPage({ pageSize: 1 })
          assert.deepStrictEqual(first.events.map((event) => Number(event.eventId)), [1])
          assert.deepStrictEqual(first.nextPageToken, token("p2"))
          const second = yield* handle.fetchHistoryPage({ pageSize: 1, nextPageToken: first.nextPageToken })
          assert.deepStrictEqual(second.events.map((event) => Number(event.eventId)), [2])
          assert.strictEqual(second.nextPageToken, undefined)
        })
      )
      const calls = yield* server.calls
      assert.strictEqual(requestOf<{ maximumPageSize: number }>(calls[0]!).maximumPageSize, 1)
      assert.deepStrictEqual(
        Array.from(requestOf<{ nextPageToken: Uint8Array }>(calls[1]!).nextPageToken),
        Array.from(token("p2"))
      )
    }))

  it.effect("listSchedulesPage reads one page and resumes from the token it gave", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          listSchedules: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? { schedules: [{ scheduleId: "b" }] }
                : { schedules: [{ scheduleId: "a" }], nextPageToken: token("next") }
            )
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const first = yield* client.listSchedulesPage({ pageSize: 1, query: "TemporalSchedulePaused = false" })
          assert.deepStrictEqual(first.schedules.map((entry) => entry.id), ["a"])
          const second = yield* client.listSchedulesPage({ nextPageToken: first.nextPageToken })
          assert.deepStrictEqual(second.schedules.map((entry) => entry.id), ["b"])
          assert.strictEqual(second.nextPageToken, undefined)
        })
      )
      const calls = yield* server.calls
      assert.strictEqual(requestOf<{ query: string }>(calls[0]!).query, "TemporalSchedulePaused = false")
      assert.strictEqual(requestOf<{ maximumPageSize: number }>(calls[0]!).maximumPageSize, 1)
    }))

  it.effect("bad options of the new calls fail with InvalidArgumentError before any RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      const drain = <A, E, R>(stream: Stream.Stream<A, E, R>) => Stream.runDrain(stream)
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = client.getWorkflowHandleFor(Greet, "wf")
          const attempts: ReadonlyArray<
            readonly [string, Effect.Effect<unknown, { readonly _tag: string }, TemporalClient.TemporalClient>]
          > = [
            ["pageSize", handle.fetchHistoryPage({ pageSize: 0 })],
            ["nextPageToken", handle.fetchHistoryPage({ nextPageToken: "abc" as never })],
            ["eventFilter", handle.fetchHistoryPage({ eventFilter: "Some" as never })],
            ["pageSize", client.listSchedulesPage({ pageSize: -1 })],
            ["nextPageToken", client.listSchedulesPage({ nextPageToken: [1] as never })],
            ["query", client.listSchedulesPage({ query: 3 as never })],
            ["updateId", handle.executeUpdateWithOptions("rename", { args: ["b"], updateId: "" })],
            ["rpcTimeout", handle.executeUpdateWithOptions("rename", { args: ["b"], rpcTimeout: "-1 seconds" })],
            ["args", handle.executeUpdateWithOptions("rename", { args: "b" as never })],
            ["concurrency", drain(TemporalClient.intoHistories(client.listWorkflows(), { concurrency: 0 }))]
          ]
          for (const [field, attempt] of attempts) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as { readonly field?: string }).field, field)
          }
        })
      )
      assert.deepStrictEqual((yield* server.calls).map((call) => call.method), [])
    }))

  it.effect("executeUpdateWithOptions sends the update ID and waits for Completed", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          updateWorkflowExecution: () =>
            Effect.succeed({ stage: 3, outcome: { success: { payloads: [json("renamed")] } } })
        }
      })
      const result = yield* withFakeClient(
        server,
        Effect.flatMap(
          TemporalClient.TemporalClient,
          (client) =>
            client.getWorkflowHandleFor(Greet, "wf").executeUpdateWithOptions("rename", {
              args: ["b"],
              updateId: "u-1",
              rpcMetadata: { tenant: "t" }
            })
        )
      )
      assert.strictEqual(result, "renamed")
      const [call] = yield* server.calls
      const request = requestOf<{
        waitPolicy: { lifecycleStage: number }
        request: { meta: { updateId: string } }
      }>(call!)
      assert.strictEqual(request.request.meta.updateId, "u-1")
      assert.strictEqual(request.waitPolicy.lifecycleStage, 3)
      assert.strictEqual(call!.metadata["tenant"], "t")
    }))

  it.effect("intoHistories fetches the whole history of each listed run", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          listWorkflowExecutions: () =>
            Effect.succeed({
              executions: ["a", "b"].map((id) => ({
                execution: { workflowId: id, runId: `${id}-run` },
                type: { name: "Greet" },
                taskQueue: "q",
                startTime: { seconds: 1 }
              }))
            }),
          getWorkflowExecutionHistory: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? { history: { events: [{ eventId: 2 }] } }
                : { history: { events: [{ eventId: 1 }] }, nextPageToken: token(request.execution!.workflowId!) }
            )
        }
      })
      const histories = yield* withFakeClient(
        server,
        Stream.runCollect(TemporalClient.listWorkflows().pipe(TemporalClient.intoHistories({ concurrency: 2 })))
      )
      assert.deepStrictEqual(
        Array.from(histories, (history) => [
          history.workflowId,
          history.runId,
          history.events.map((event) => Number(event.eventId))
        ]),
        [["a", "a-run", [1, 2]], ["b", "b-run", [1, 2]]]
      )
      const runIds = (yield* server.calls)
        .filter((call) => call.method === "GetWorkflowExecutionHistory")
        .map((call) => requestOf<{ execution: { runId: string } }>(call).execution.runId)
      assert.deepStrictEqual([...new Set(runIds)].sort(), ["a-run", "b-run"])
    }))

  it.effect("a schedule action without a workflow ID gets `${scheduleId}-workflow`", () =>
    Effect.gen(function*() {
      const input = { spec: { intervals: [{ every: "1 hour" as const }] }, action: { workflow: "w", taskQueue: "q" } }
      const refused = yield* Effect.flip(validateSchedule(input))
      assert.strictEqual(refused.field, "action.id")
      assert.strictEqual((yield* validateSchedule(input, "nightly")).action.id, "nightly-workflow")
      assert.strictEqual(
        (yield* validateSchedule({ ...input, action: { ...input.action, id: "mine" } }, "n")).action.id,
        "mine"
      )

      const server = yield* FakeGrpcServer.make({
        workflowService: {
          createSchedule: () => Effect.succeed({ conflictToken: token("t") })
        }
      })
      yield* withFakeClient(
        server,
        Effect.flatMap(TemporalClient.TemporalClient, (client) => client.createSchedule("nightly", input))
      )
      const [call] = yield* server.calls
      const request = requestOf<{ schedule: { action: { startWorkflow: { workflowId: string } } } }>(call!)
      assert.strictEqual(request.schedule.action.startWorkflow.workflowId, "nightly-workflow")
    }))
})
