/**
 * The workflow client against the in-process fake gRPC server: option validation before any RPC,
 * request IDs reused by retries, long polls that poll again, and following runs.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { temporal } from "../../src/internal/proto/root.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { jsonPayload as json, withFakeClient } from "../support/fakeClient.js"

const proto = temporal()

const utf8 = new TextEncoder()

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [Schema.Struct({ by: Schema.String })] },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

/** Run `body` with a client connected (lazily) to the fake server. */

const requestOf = <T>(call: FakeGrpcServer.RecordedCall) => call.request as T

type Attempt = Effect.Effect<unknown, { readonly _tag: string }, TemporalClient.TemporalClient>

/**
 * Run each labelled attempt with a client on a fake server answering
 * `services`: each must fail with `tag`, and `check` sees each error; gives
 * back the RPCs that reached the server.
 */
const failures = (
  services: FakeGrpcServer.FakeServices,
  tag: string,
  attemptsOf: (client: TemporalClient.TemporalClientShape) => ReadonlyArray<readonly [label: string, attempt: Attempt]>,
  check: (label: string, error: { readonly _tag: string }) => void = () => {}
) =>
  Effect.gen(function*() {
    const server = yield* FakeGrpcServer.make(services)
    yield* withFakeClient(
      server,
      Effect.gen(function*() {
        for (const [label, attempt] of attemptsOf(yield* TemporalClient.TemporalClient)) {
          const error = yield* Effect.flip(attempt)
          assert.strictEqual(error._tag, tag, `${label}: ${String(error)}`)
          check(label, error)
        }
      })
    )
    return (yield* server.calls).map((call) => call.method)
  })

const EventType = proto.api.enums.v1.EventType

describe("TemporalClient against the fake server", () => {
  it.effect("invalid options fail with InvalidArgumentError and reach no RPC", () =>
    Effect.gen(function*() {
      const rpcs = yield* failures({}, "InvalidArgumentError", (client) => {
        const handle = client.getWorkflowHandleFor(Greet, "wf")
        const attempts: ReadonlyArray<Attempt> = [
          client.startWorkflow(Greet, { id: "", taskQueue: "q", args: ["a"] }),
          client.startWorkflow(Greet, { id: "wf", taskQueue: "/_sys/q", args: ["a"] }),
          client.executeWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], runTimeout: "-1 seconds" as never }),
          client.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], cronSchedule: "* * *" }),
          client.startWorkflow(Greet, {
            id: "wf",
            taskQueue: "q",
            args: ["a"],
            idReusePolicy: "TerminateIfRunning",
            idConflictPolicy: "Fail"
          }),
          client.signalWithStart(Greet, {
            id: "wf",
            taskQueue: "q",
            args: ["a"],
            startSignal: "approve",
            startSignalArgs: [{ by: "x" }],
            requestEagerStart: true
          }),
          client.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], retryPolicy: { maximumAttempts: -1 } }),
          client.startUpdateWithStart("rename", {
            args: ["b"],
            startWorkflowOperation: TemporalClient.withStartWorkflowOperation(Greet, {
              id: "wf",
              taskQueue: "q",
              args: ["a"],
              idConflictPolicy: "UseExisting",
              cronSchedule: "@hourly"
            } as never)
          }),
          client.startUpdateWithStart("rename", {
            args: ["b"],
            startWorkflowOperation: TemporalClient.withStartWorkflowOperation(Greet, {
              id: "wf",
              taskQueue: "q",
              args: ["a"],
              idConflictPolicy: "UseExisting"
            }),
            waitForStage: "Admitted"
          }),
          handle.startUpdate("rename", { args: ["b"], waitForStage: "Admitted" })
        ]
        return attempts.map((attempt, i) => [`attempt ${i}`, attempt] as const)
      })
      assert.deepStrictEqual(rpcs, [], "no RPC reached the server")
    }))

  it.effect("paged listings check pageSize, limit and call options before any RPC", () =>
    Effect.gen(function*() {
      const drain = <A, E, R>(stream: Stream.Stream<A, E, R>) => Stream.runDrain(stream)
      const rpcs = yield* failures({}, "InvalidArgumentError", (client) => {
        const handle = client.getWorkflowHandle("wf")
        return [
          ["pageSize", drain(client.listWorkflows("", { pageSize: -1 }))],
          ["pageSize", drain(client.listWorkflows("", { pageSize: 0 }))],
          ["pageSize", drain(client.listWorkflows("", { pageSize: Number.NaN }))],
          ["pageSize", drain(client.listWorkflows("", { pageSize: 2.5 }))],
          ["pageSize", drain(client.listWorkflows("", { pageSize: 2 ** 31 }))],
          ["pageSize", drain(client.listWorkflows("", { pageSize: Infinity }))],
          ["pageSize", drain(client.listWorkflows("", { pageSize: "10" as never }))],
          ["limit", drain(client.listWorkflows("", { limit: -1 }))],
          ["limit", drain(client.listWorkflows("", { limit: 0.5 }))],
          ["rpcTimeout", drain(client.listWorkflows("", { rpcTimeout: "-1 seconds" }))],
          ["query", drain(client.listWorkflows(42 as never))],
          ["pageSize", client.listWorkflowsPage(undefined, { pageSize: -5 })],
          ["pageSize", drain(TemporalClient.listWorkflows(undefined, { pageSize: Number.NaN }))],
          ["rpcTimeout", client.countWorkflows("", { rpcTimeout: 0 })],
          ["rpcMetadata.x", client.countWorkflows("", { rpcMetadata: { x: 1 as never } })],
          ["query", client.countWorkflows({} as never)],
          ["pageSize", drain(handle.fetchHistory({ pageSize: -1 }))],
          ["pageSize", drain(handle.fetchHistory({ pageSize: 2 ** 40 }))],
          ["eventFilter", drain(handle.fetchHistory({ eventFilter: "Some" as never }))],
          ["waitNewEvent", drain(handle.fetchHistory({ waitNewEvent: "yes" as never }))],
          ["pageSize", drain(client.listSchedules({ pageSize: 1.5 }))],
          ["pageSize", drain(client.listSchedules({ pageSize: -1 }))],
          ["limit", drain(client.listSchedules({ limit: Number.NaN }))],
          ["query", drain(client.listSchedules({ query: 7 as never }))]
        ]
      }, (field, error) => assert.strictEqual((error as { readonly field?: string }).field, field))
      assert.deepStrictEqual(rpcs, [], "no RPC reached the server")
    }))

  it.effect("a page size at the int32 limit is sent as it is", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          listWorkflowExecutions: () => Effect.succeed({}),
          getWorkflowExecutionHistory: () => Effect.succeed({}),
          listSchedules: () => Effect.succeed({})
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          yield* Stream.runDrain(client.listWorkflows("", { pageSize: 2 ** 31 - 1 }))
          yield* Stream.runDrain(client.getWorkflowHandle("wf").fetchHistory({ pageSize: 7 }))
          yield* Stream.runDrain(client.listSchedules({ pageSize: 3, limit: 10 }))
        })
      )
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((call) => call.method), [
        "ListWorkflowExecutions",
        "GetWorkflowExecutionHistory",
        "ListSchedules"
      ])
      assert.strictEqual(requestOf<{ pageSize: number }>(calls[0]!).pageSize, 2 ** 31 - 1)
      assert.strictEqual(requestOf<{ maximumPageSize: number }>(calls[1]!).maximumPageSize, 7)
      assert.strictEqual(requestOf<{ maximumPageSize: number }>(calls[2]!).maximumPageSize, 3)
    }))

  it.effect("terminate details and memos over 2 MiB fail with PayloadTooLargeError before any RPC", () =>
    Effect.gen(function*() {
      const big = "x".repeat(2 * 1024 * 1024 + 100)
      const action = { workflow: "report", id: "report", taskQueue: "reports" }
      const spec = { intervals: [{ every: "1 hour" as const }] }
      const rpcs = yield* failures(
        {
          workflowService: {
            describeSchedule: () =>
              Effect.succeed({
                schedule: {
                  action: {
                    startWorkflow: {
                      workflowId: "report",
                      workflowType: { name: "report" },
                      taskQueue: { name: "reports" }
                    }
                  },
                  spec: { interval: [{ interval: { seconds: 3600 } }] }
                },
                conflictToken: new Uint8Array([1]),
                info: {}
              })
          }
        },
        "PayloadTooLargeError",
        (client) => [
          ["TerminateWorkflowExecution.details", client.getWorkflowHandle("wf").terminate({ details: ["ok", big] })],
          [
            "StartWorkflowExecution.memo",
            client.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], memo: { big } })
          ],
          [
            "StartWorkflowExecution.memo",
            client.signalWithStart(Greet, {
              id: "wf",
              taskQueue: "q",
              args: ["a"],
              memo: { big },
              startSignal: "approve",
              startSignalArgs: [{ by: "x" }]
            })
          ],
          ["CreateSchedule.memo", client.createSchedule("s", { action, spec }, { memo: { big } })],
          [
            "CreateSchedule.schedule.action.memo",
            client.createSchedule("s", { action: { ...action, memo: { big } }, spec })
          ],
          [
            "UpdateSchedule.schedule.action.memo",
            client.getScheduleHandle("s").update(() =>
              Effect.succeed({ schedule: { action: { ...action, memo: { big } }, spec } })
            )
          ]
        ],
        (location, error) => {
          const tooLarge = error as { readonly location?: string; readonly size?: number; readonly limit?: number }
          assert.strictEqual(tooLarge.location, location)
          assert.strictEqual(tooLarge.limit, 2 * 1024 * 1024)
          assert.isAbove(tooLarge.size!, big.length)
        }
      )
      assert.deepStrictEqual(rpcs, ["DescribeSchedule"], "only the describe before an update")
    }))

  it.effect("a start retried on UNAVAILABLE carries the same request ID; a new start gets a new one", () =>
    Effect.gen(function*() {
      const attempts = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startWorkflowExecution: () =>
            Ref.updateAndGet(attempts, (n) => n + 1).pipe(
              Effect.flatMap((n) =>
                n <= 2
                  ? Effect.fail({ code: "UNAVAILABLE" as const, message: "try later" })
                  : Effect.succeed({ runId: `run-${n}`, started: true })
              )
            )
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const fiber = yield* Effect.forkChild(client.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"] }))
          // Each retry waits on the TestClock; nudge it until the call succeeds.
          for (let i = 0; i < 50 && (yield* Ref.get(attempts)) < 3; i++) {
            yield* TestClock.adjust("1 second")
            yield* TestClock.withLive(Effect.sleep(Duration.millis(10)))
          }
          const handle = yield* Fiber.join(fiber)
          assert.strictEqual(handle.resultRunId, "run-3")
          assert.strictEqual(handle.firstExecutionRunId, "run-3")
          yield* client.startWorkflow(Greet, { id: "wf-2", taskQueue: "q", args: ["a"] })
        })
      )
      const calls = (yield* server.calls).map((call) => requestOf<{ requestId: string; workflowId: string }>(call))
      assert.strictEqual(calls.length, 4)
      const [first, second, third, other] = calls
      assert.match(first!.requestId, /^[0-9a-f-]{36}$/)
      assert.strictEqual(second!.requestId, first!.requestId)
      assert.strictEqual(third!.requestId, first!.requestId)
      assert.strictEqual(other!.workflowId, "wf-2")
      assert.notStrictEqual(other!.requestId, first!.requestId)
    }))

  it.effect("requestEagerStart is accepted but not forwarded: the request asks for no eager task", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }) }
      })
      yield* withFakeClient(
        server,
        TemporalClient.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], requestEagerStart: true })
      )
      const [call] = yield* server.calls
      assert.strictEqual(call!.method, "StartWorkflowExecution")
      assert.strictEqual(requestOf<{ requestEagerExecution: boolean }>(call!).requestEagerExecution, false)
    }))

  it.effect("a given requestId is sent as it is", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { startWorkflowExecution: () => Effect.succeed({ runId: "r" }) }
      })
      yield* withFakeClient(
        server,
        TemporalClient.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], requestId: "my-request" })
      )
      assert.strictEqual(requestOf<{ requestId: string }>((yield* server.calls)[0]!).requestId, "my-request")
    }))

  it.effect("signal and cancel send the caller's request ID, so a re-sent call can be deduplicated", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          signalWorkflowExecution: () => Effect.succeed({}),
          requestCancelWorkflowExecution: () => Effect.succeed({})
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const handle = yield* TemporalClient.getWorkflowHandleFor(Greet, "wf")
          yield* handle.signalWithOptions("approve", { args: [{ by: "ops" }], requestId: "signal-1" })
          yield* handle.signalWithOptions("approve", { args: [{ by: "ops" }], requestId: "signal-1" })
          yield* handle.cancel({ requestId: "cancel-1" })
          yield* handle.signal("approve", { by: "ops" })
        })
      )
      const ids = (yield* server.calls).map((call) => requestOf<{ requestId: string }>(call).requestId)
      assert.deepStrictEqual(ids.slice(0, 3), ["signal-1", "signal-1", "cancel-1"])
      assert.match(ids[3]!, /^[0-9a-f-]{36}$/, "without one, a fresh UUID")
    }))

  it.effect("a duration longer than a protobuf Duration is refused before any RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      const error = yield* withFakeClient(
        server,
        Effect.flip(TemporalClient.startWorkflow(Greet, { id: "wf", taskQueue: "q", args: ["a"], taskTimeout: 1e20 }))
      )
      assert.strictEqual(error._tag, "InvalidArgumentError")
      if (error._tag === "InvalidArgumentError") assert.strictEqual(error.field, "taskTimeout")
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("result() outlives transient failures past the retry budget: it pauses and polls again", () =>
    Effect.gen(function*() {
      const polls = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getWorkflowExecutionHistory: () =>
            Ref.updateAndGet(polls, (n) => n + 1).pipe(Effect.flatMap((n) =>
              n <= 3
                ? Effect.fail({
                  code: n === 2 ? "RESOURCE_EXHAUSTED" as const : "UNAVAILABLE" as const,
                  message: "restarting"
                })
                : Effect.succeed({
                  history: {
                    events: [{
                      eventId: 5,
                      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
                      workflowExecutionCompletedEventAttributes: { result: { payloads: [json("after restart")] } }
                    }]
                  }
                })
            ))
        }
      })
      const fiber = yield* Effect.forkChild(withFakeClient(
        server,
        Effect.flatMap(
          TemporalClient.getWorkflowHandleFor(Greet, "wf", { runId: "run-1" }),
          (handle) => handle.result()
        ),
        { retryConfig: { maxRetries: 0 } }
      ))
      // Each failure costs one pause on the TestClock; nudge it until the close event arrives.
      for (let i = 0; i < 50 && (yield* Ref.get(polls)) < 4; i++) {
        yield* TestClock.adjust("1 second")
        yield* TestClock.withLive(Effect.sleep("20 millis"))
      }
      assert.strictEqual(yield* Fiber.join(fiber), "after restart")
      assert.strictEqual(yield* Ref.get(polls), 4)
    }))

  it.effect("result() polls again on empty pages and on a poll deadline (paced), until the close event", () =>
    Effect.gen(function*() {
      const polls = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getWorkflowExecutionHistory: () =>
            Ref.updateAndGet(polls, (n) => n + 1).pipe(Effect.flatMap((n) => {
              switch (n) {
                case 1:
                  return Effect.succeed({ history: { events: [] }, nextPageToken: utf8.encode("page-2") })
                case 2:
                  return Effect.succeed({ history: { events: [] } })
                case 3:
                  return Effect.fail({ code: "DEADLINE_EXCEEDED" as const, message: "poll window over" })
                default:
                  return Effect.succeed({
                    history: {
                      events: [{
                        eventId: 5,
                        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
                        workflowExecutionCompletedEventAttributes: { result: { payloads: [json("done")] } }
                      }]
                    }
                  })
              }
            }))
        }
      })
      const fiber = yield* Effect.forkChild(withFakeClient(
        server,
        Effect.flatMap(
          TemporalClient.getWorkflowHandleFor(Greet, "wf", { runId: "run-1" }),
          (handle) => handle.result()
        )
      ))
      // Empty answers that come at once are followed after a (TestClock) pause; nudge it along.
      for (let i = 0; i < 50 && (yield* Ref.get(polls)) < 4; i++) {
        yield* TestClock.adjust("1 second")
        yield* TestClock.withLive(Effect.sleep("20 millis"))
      }
      assert.strictEqual(yield* Fiber.join(fiber), "done")
      const calls = (yield* server.calls).map((call) =>
        requestOf<{
          execution: { runId: string }
          waitNewEvent: boolean
          historyEventFilterType: number
          nextPageToken: Uint8Array
        }>(call)
      )
      assert.strictEqual(calls.length, 4)
      for (const call of calls) {
        assert.strictEqual(call.execution.runId, "run-1")
        assert.isTrue(call.waitNewEvent)
        assert.strictEqual(
          call.historyEventFilterType,
          proto.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
        )
      }
      assert.strictEqual(Buffer.from(calls[1]!.nextPageToken).toString(), "page-2", "the page token is sent back")
      assert.strictEqual(calls[2]!.nextPageToken.length, 0)
    }))

  it.effect("result() follows retry, continue-as-new and cron runs; followRuns: false stops at the first", () =>
    Effect.gen(function*() {
      const closeEvents: Record<string, object> = {
        // a retried run
        "run-1": {
          eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          workflowExecutionFailedEventAttributes: {
            failure: { message: "boom", applicationFailureInfo: { type: "Boom" } },
            retryState: proto.api.enums.v1.RetryState.RETRY_STATE_IN_PROGRESS,
            newExecutionRunId: "run-2"
          }
        },
        // what the server sends for retries and cron runs to clients without "follows-next-run-id"
        "run-2": {
          eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
          workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId: "run-3" }
        },
        // a cron run followed by the next
        "run-3": {
          eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          workflowExecutionCompletedEventAttributes: {
            result: { payloads: [json("third")] },
            newExecutionRunId: "run-4"
          }
        },
        // a timed-out run that is retried
        "run-4": {
          eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
          workflowExecutionTimedOutEventAttributes: { newExecutionRunId: "run-5" }
        },
        "run-5": {
          eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          workflowExecutionCompletedEventAttributes: { result: { payloads: [json("last")] } }
        }
      }
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getWorkflowExecutionHistory: (request) => {
            const event = closeEvents[request.execution?.runId ?? ""]
            return event === undefined
              ? Effect.fail({ code: "NOT_FOUND" as const, message: "no such run" })
              : Effect.succeed({ history: { events: [{ eventId: 9, ...event }] } })
          }
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = client.getWorkflowHandleFor(Greet, "wf", { runId: "run-1" })
          assert.strictEqual(yield* handle.result(), "last")
          const first = yield* Effect.flip(handle.result({ followRuns: false }))
          assert.strictEqual(first._tag, "WorkflowFailedError")
          if (first._tag === "WorkflowFailedError") {
            assert.strictEqual(first.runId, "run-1")
            assert.strictEqual(first.retryState, "RETRY_STATE_IN_PROGRESS")
            assert.strictEqual((first.cause as { type?: string }).type, "Boom")
          }
          const continued = yield* Effect.flip(
            client.getWorkflowHandle("wf", { runId: "run-2" }).result({ followRuns: false })
          )
          assert.strictEqual(continued._tag, "WorkflowContinuedAsNewError")
          assert.strictEqual(
            yield* client.getWorkflowHandle("wf", { runId: "run-3" }).result({ followRuns: false }),
            "third"
          )
          const timedOut = yield* Effect.flip(
            client.getWorkflowHandle("wf", { runId: "run-4" }).result({ followRuns: false })
          )
          assert.strictEqual(timedOut._tag, "WorkflowFailedError")
          if (timedOut._tag === "WorkflowFailedError") {
            assert.strictEqual(timedOut.cause?._tag, "TimeoutFailure")
          }
          const missing = yield* Effect.flip(client.getWorkflowHandle("wf", { runId: "run-9" }).result())
          assert.strictEqual(missing._tag, "WorkflowNotFoundError")
        })
      )
      const polled = (yield* server.calls).map((call) =>
        requestOf<{ execution: { runId: string } }>(call).execution.runId
      )
      assert.deepStrictEqual(polled.slice(0, 5), ["run-1", "run-2", "run-3", "run-4", "run-5"])
    }))

  it.effect("signal-with-start, signal and update-with-start send one request ID each and the right names", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          signalWithStartWorkflowExecution: () => Effect.succeed({ runId: "run-s", started: true }),
          signalWorkflowExecution: () => Effect.succeed({}),
          executeMultiOperation: () =>
            Effect.succeed({
              responses: [
                { startWorkflow: { runId: "run-u", started: true } },
                {
                  updateWorkflow: {
                    stage: proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
                      .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
                    outcome: { success: { payloads: [json("old")] } }
                  }
                }
              ]
            })
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = yield* client.signalWithStart(Greet, {
            id: "wf",
            taskQueue: "q",
            args: ["a"],
            startSignal: "approve",
            startSignalArgs: [{ by: "me" }]
          })
          assert.strictEqual(handle.resultRunId, "run-s")
          assert.isUndefined(handle.firstExecutionRunId)
          yield* handle.signal("approve", { by: "you" })
          const old = yield* client.executeUpdateWithStart("rename", {
            args: ["b"],
            updateId: "upd-1",
            startWorkflowOperation: TemporalClient.withStartWorkflowOperation(Greet, {
              id: "wf",
              taskQueue: "q",
              args: ["a"],
              idConflictPolicy: "UseExisting"
            })
          })
          assert.strictEqual(old, "old")
        })
      )
      const [signalWithStart, signal, multi] = yield* server.calls
      const sws = requestOf<{ signalName: string; requestId: string; workflowIdConflictPolicy: number }>(
        signalWithStart!
      )
      assert.strictEqual(sws.signalName, "approve")
      assert.isNotEmpty(sws.requestId)
      assert.isNotEmpty(requestOf<{ requestId: string }>(signal!).requestId)
      const operations = requestOf<{
        operations: Array<{
          startWorkflow?: { workflowId: string; workflowIdConflictPolicy: number }
          updateWorkflow?: {
            request: { meta: { updateId: string }; input: { name: string } }
            waitPolicy: { lifecycleStage: number }
          }
        }>
      }>(multi!).operations
      assert.strictEqual(operations[0]!.startWorkflow!.workflowId, "wf")
      assert.strictEqual(
        operations[0]!.startWorkflow!.workflowIdConflictPolicy,
        proto.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
      )
      assert.strictEqual(operations[1]!.updateWorkflow!.request.meta.updateId, "upd-1")
      assert.strictEqual(operations[1]!.updateWorkflow!.request.input.name, "rename")
      assert.strictEqual(
        operations[1]!.updateWorkflow!.waitPolicy.lifecycleStage,
        proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
      )
    }))

  it.effect("a start answered with an existing run (UseExisting, started: false) does not name it the first run", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startWorkflowExecution: (request) =>
            Effect.succeed({ runId: `run-of-${request.requestId}`, started: request.workflowId === "new" })
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const existing = yield* TemporalClient.startWorkflow(Greet, {
            id: "old",
            taskQueue: "q",
            args: ["a"],
            idConflictPolicy: "UseExisting",
            requestId: "r1"
          })
          assert.strictEqual(existing.resultRunId, "run-of-r1")
          assert.isUndefined(existing.firstExecutionRunId)
          const started = yield* TemporalClient.startWorkflow(Greet, {
            id: "new",
            taskQueue: "q",
            args: ["a"],
            idConflictPolicy: "UseExisting",
            requestId: "r2"
          })
          assert.strictEqual(started.firstExecutionRunId, "run-of-r2")
        })
      )
    }))

  it.effect("an eager layerConnect checks the namespace: NamespaceNotFoundError when the server has none, not when it will not say", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
          describeNamespace: (request) =>
            request.namespace === "missing"
              ? Effect.fail({
                code: "NOT_FOUND" as const,
                message: "Namespace missing is not found.",
                details: [{
                  typeName: "temporal.api.errordetails.v1.NamespaceNotFoundFailure",
                  value: { namespace: "missing" }
                }]
              })
              : request.namespace === "secret"
              ? Effect.fail({ code: "PERMISSION_DENIED" as const, message: "Request unauthorized." })
              : Effect.succeed({ namespaceInfo: { name: request.namespace } })
        }
      })
      const connect = (options: TemporalClient.ConnectOptions) =>
        Effect.scoped(Layer.build(Layer.fresh(TemporalClient.layerConnect({ address: server.address, ...options }))))
      const missing = yield* Effect.flip(connect({ namespace: "missing" }))
      assert.strictEqual(missing._tag, "NamespaceNotFoundError")
      if (missing._tag === "NamespaceNotFoundError") {
        assert.strictEqual(missing.namespace, "missing")
        assert.strictEqual(missing.message, "Namespace missing not found")
      }
      yield* connect({ namespace: "default" })
      yield* connect({ namespace: "secret" })
      yield* connect({ namespace: "missing", lazy: true })
      const checked = (yield* server.calls).filter((call) => call.method === "DescribeNamespace")
      assert.deepStrictEqual(
        checked.map((call) => [requestOf<{ namespace: string }>(call).namespace, call.metadata["temporal-namespace"]]),
        [["missing", "missing"], ["default", "default"], ["secret", "secret"]],
        "one check per eager connect, none when lazy"
      )
    }))
})
