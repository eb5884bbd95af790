/**
 * Workflow histories against the dev server: fetchHistory page by page, and the JSON form shared
 * with the Temporal CLI and the official SDKs (export, import, and reading what
 * `temporal workflow show --output json` prints).
 */
import { assert, describe, it } from "@effect/vitest"
import { historyFromJSON } from "@temporalio/common/lib/proto-utils.js"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { execFile } from "node:child_process"
import { inject } from "vitest"
import { ensureTemporalCli } from "../../scripts/temporalCli.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import type * as WorkflowHandle from "../../src/WorkflowHandle.js"
import * as WorkflowHistory from "../../src/WorkflowHistory.js"
import { startWorker, withClient } from "../support/client.js"
import { SignalQueryUpdate } from "../support/definitions.js"
import { eventually } from "../support/eventually.js"
import { freshId } from "../support/worker.js"

const proto = temporal()

const EventType = proto.api.enums.v1.EventType

/** A finished signalQueryUpdate run: signals, an update, a result; a history with many event types. */
const finishedWorkflow = Effect.gen(function*() {
  const taskQueue = yield* startWorker()
  const client = yield* TemporalClient.TemporalClient
  const handle = yield* client.startWorkflow(SignalQueryUpdate, {
    id: freshId("hist"),
    taskQueue,
    args: ["h"],
    memo: { note: "bytes and maps survive" }
  })
  yield* handle.signal("approve", { by: "history" })
  yield* handle.executeUpdate("rename", "renamed")
  yield* handle.signal("finish")
  yield* handle.result()
  const events = yield* Stream.runCollect(handle.fetchHistory())
  return { handle, events }
})

const runCli = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const cli = yield* Effect.promise(() => ensureTemporalCli())
    return yield* Effect.callback<string, Error>((resume) => {
      const child = execFile(cli, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) resume(Effect.fail(new Error(`temporal ${args.join(" ")} failed: ${stderr}`, { cause: error })))
        else resume(Effect.succeed(stdout))
      })
      return Effect.sync(() => child.kill())
    })
  })

describe("workflow history", () => {
  it.live("fetchHistoryPage resumes from its token; intoHistories gives each listed run's whole history", () =>
    withClient(Effect.gen(function*() {
      const { events, handle } = yield* finishedWorkflow
      const paged: Array<number> = []
      let token: Uint8Array | undefined = undefined
      do {
        const page: WorkflowHandle.HistoryEventPage = yield* handle.fetchHistoryPage({
          pageSize: 3,
          ...(token !== undefined ? { nextPageToken: token } : {})
        })
        paged.push(...page.events.map((event) => Number(event.eventId)))
        token = page.nextPageToken
      } while (token !== undefined)
      assert.deepStrictEqual(paged, events.map((event) => Number(event.eventId)))

      const histories = yield* eventually(
        "the closed run listed",
        Effect.map(
          Stream.runCollect(
            TemporalClient.listWorkflows(`WorkflowId = '${handle.workflowId}'`).pipe(
              TemporalClient.intoHistories({ concurrency: 2 })
            )
          ),
          (all) => (all.length === 1 ? Option.some(all) : Option.none())
        ),
        { attempts: 50, interval: "200 millis" }
      )
      assert.strictEqual(histories[0]!.workflowId, handle.workflowId)
      assert.deepStrictEqual(
        histories[0]!.events.map((event) => Number(event.eventId)),
        events.map((event) => Number(event.eventId))
      )
    })))

  it.live("fetchHistory reads every page; pages of 2 give the same events as one page", () =>
    withClient(Effect.gen(function*() {
      const { events, handle } = yield* finishedWorkflow
      assert.strictEqual(events[0]!.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
      assert.strictEqual(events.at(-1)!.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
      assert.deepStrictEqual(events.map((e) => Number(e.eventId)), events.map((_, i) => i + 1))
      const paged = yield* Stream.runCollect(handle.fetchHistory({ pageSize: 2 }))
      assert.deepStrictEqual(paged.map((e) => e.toJSON()), events.map((e) => e.toJSON()))
      const close = yield* Stream.runCollect(handle.fetchHistory({ eventFilter: "CloseEvent" }))
      assert.strictEqual(close.length, 1)
      assert.strictEqual(close[0]!.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
    })))

  it.live("JSON export and import round-trip, and the official SDK reads our JSON", () =>
    withClient(Effect.gen(function*() {
      const { events } = yield* finishedWorkflow
      const json = WorkflowHistory.toJson(events)
      const value = JSON.parse(json) as { events: Array<Record<string, unknown>> }
      // The proto3 JSON form: int64 as strings, enums by full name, timestamps as RFC 3339 text.
      assert.strictEqual(value.events[0]!["eventId"], "1")
      assert.strictEqual(value.events[0]!["eventType"], "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED")
      assert.match(String(value.events[0]!["eventTime"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
      const back = yield* WorkflowHistory.fromJson(json)
      assert.strictEqual(back.length, events.length)
      assert.deepStrictEqual(back.map((e) => e.toJSON()), events.map((e) => e.toJSON()))
      // Byte for byte, each event encodes the same after the round trip.
      const HistoryEvent = proto.api.history.v1.HistoryEvent
      for (let i = 0; i < events.length; i++) {
        assert.deepStrictEqual(
          Buffer.from(HistoryEvent.encode(back[i]!).finish()),
          Buffer.from(HistoryEvent.encode(events[i]!).finish())
        )
      }
      // The TypeScript SDK's loader (used by its replayer) reads what we write.
      const bySdk = historyFromJSON(JSON.parse(json))
      assert.strictEqual(bySdk.events?.length, events.length)
      assert.deepStrictEqual(bySdk.events?.map((e) => e.eventType), events.map((e) => e.eventType))
    })))

  it.live("imports the JSON that `temporal workflow show --output json` prints", () =>
    withClient(Effect.gen(function*() {
      const { events, handle } = yield* finishedWorkflow
      const stdout = yield* runCli([
        "workflow",
        "show",
        "--address",
        inject("temporalAddress"),
        "--namespace",
        "default",
        "--workflow-id",
        handle.workflowId,
        "--output",
        "json"
      ])
      const imported = yield* WorkflowHistory.fromJson(stdout)
      assert.strictEqual(imported.length, events.length)
      assert.deepStrictEqual(imported.map((e) => e.eventType), events.map((e) => e.eventType))
      assert.deepStrictEqual(imported.map((e) => Number(e.eventId)), events.map((e) => Number(e.eventId)))
      // The payloads come through as bytes: the started event's input is the workflow argument.
      const input = imported[0]!.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]
      const client = yield* TemporalClient.TemporalClient
      assert.strictEqual(yield* client.dataConverter.fromPayload(input!), "h")
      // And our export of the imported history is the CLI's JSON, field for field.
      assert.deepStrictEqual(JSON.parse(WorkflowHistory.toJson(imported)), JSON.parse(stdout))
    })))

  it.effect("fromJson accepts the PascalCase enums of older tools and refuses what is not a history", () =>
    Effect.gen(function*() {
      const old = yield* WorkflowHistory.fromJson({
        events: [{
          eventId: "1",
          eventType: "WorkflowExecutionStarted",
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: "w" },
            taskQueue: { name: "q", kind: "Normal" }
          }
        }]
      })
      assert.strictEqual(old[0]!.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
      assert.strictEqual(
        old[0]!.workflowExecutionStartedEventAttributes?.taskQueue?.kind,
        proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL
      )
      for (const bad of ["not json", "{}", JSON.stringify({ events: [{ eventId: "x" }] })]) {
        const error = yield* Effect.flip(WorkflowHistory.fromJson(bad))
        assert.strictEqual(error._tag, "InvalidArgumentError")
        assert.strictEqual(error.field, "history")
      }
      // Unknown fields (from a newer server) are ignored.
      const newer = yield* WorkflowHistory.fromJson({ events: [{ eventId: "7", someFutureField: true }] })
      assert.strictEqual(Number(newer[0]!.eventId), 7)
    }))
})
