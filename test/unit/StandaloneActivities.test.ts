/**
 * Standalone activities without a server: the request the client sends and the options it refuses
 * before any RPC (against the in-process fake gRPC server), the result long poll riding out
 * outages, interceptors seeing every call, the scripted `TestTemporalClient`, and what
 * `InMemoryTemporal` models beyond the contract suite (retries, timeouts and start delays on the
 * `TestClock`, typed activity functions).
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import * as ActivityDefinition from "../../src/ActivityDefinition.js"
import * as ActivityExecution from "../../src/ActivityExecution.js"
import * as ActivityHandle from "../../src/ActivityHandle.js"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import * as Failure from "../../src/Failure.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as TemporalError from "../../src/TemporalError.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { InMemoryTemporal, TestTemporalClient } from "../../src/testing/index.js"
import { jsonPayload as json, withFakeClient } from "../support/fakeClient.js"

const proto = temporal()

const Charge = ActivityDefinition.make("chargeCard", {
  args: [Schema.Struct({ orderId: Schema.String, cents: Schema.Number })],
  result: Schema.String
})

type StartRequest = protoTypes.api.workflowservice.v1.IStartActivityExecutionRequest

describe("standalone activities against the fake server", () => {
  it.effect("the start request carries every option, encoded as the server reads it", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { startActivityExecution: () => Effect.succeed({ runId: "run-1", started: true }) }
      })
      const handle = yield* withFakeClient(
        server,
        TemporalClient.TemporalClient.pipe(Effect.flatMap((client) =>
          client.startActivity(Charge, {
            id: "charge-1",
            taskQueue: "payments",
            args: [{ orderId: "o-1", cents: 1999 }],
            scheduleToCloseTimeout: "10 minutes",
            scheduleToStartTimeout: "1 minute",
            startToCloseTimeout: "30 seconds",
            heartbeatTimeout: "5 seconds",
            idReusePolicy: "RejectDuplicate",
            idConflictPolicy: "UseExisting",
            retryPolicy: { maximumAttempts: 3, initialInterval: "2 seconds" },
            searchAttributes: { CustomKeywordField: "k" },
            summary: "charge order o-1",
            priority: { priorityKey: 1, fairnessKey: "tenant-a" },
            startDelay: "15 seconds",
            requestId: "req-1"
          })
        ))
      )
      assert.strictEqual(handle.activityId, "charge-1")
      assert.strictEqual(handle.runId, "run-1")
      const [call] = yield* server.calls
      assert.strictEqual(call!.method, "StartActivityExecution")
      const request = call!.request as StartRequest
      assert.strictEqual(request.activityId, "charge-1")
      assert.strictEqual(request.activityType?.name, "chargeCard")
      assert.strictEqual(request.taskQueue?.name, "payments")
      assert.strictEqual(request.requestId, "req-1")
      assert.strictEqual(Number(request.scheduleToCloseTimeout?.seconds), 600)
      assert.strictEqual(Number(request.scheduleToStartTimeout?.seconds), 60)
      assert.strictEqual(Number(request.startToCloseTimeout?.seconds), 30)
      assert.strictEqual(Number(request.heartbeatTimeout?.seconds), 5)
      assert.strictEqual(Number(request.startDelay?.seconds), 15)
      assert.strictEqual(
        request.idReusePolicy,
        proto.api.enums.v1.ActivityIdReusePolicy.ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE
      )
      assert.strictEqual(
        request.idConflictPolicy,
        proto.api.enums.v1.ActivityIdConflictPolicy.ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING
      )
      assert.strictEqual(request.retryPolicy?.maximumAttempts, 3)
      assert.strictEqual(request.priority?.priorityKey, 1)
      assert.strictEqual(request.priority?.fairnessKey, "tenant-a")
      assert.deepStrictEqual(Object.keys(request.searchAttributes?.indexedFields ?? {}), ["CustomKeywordField"])
      assert.deepStrictEqual(
        JSON.parse(new TextDecoder().decode(request.input?.payloads?.[0]?.data ?? new Uint8Array())),
        { orderId: "o-1", cents: 1999 }
      )
      assert.deepStrictEqual(
        JSON.parse(new TextDecoder().decode(request.userMetadata?.summary?.data ?? new Uint8Array())),
        "charge order o-1"
      )
      assert.strictEqual(request.identity !== "", true)
    }))

  it.effect("bad options fail with InvalidArgumentError naming the field, and reach no RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = client.getActivityHandle("a-1")
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            ["options", client.startActivity("x", { id: "a", taskQueue: "q" })],
            ["options.id", client.startActivity("x", { id: "", taskQueue: "q", startToCloseTimeout: "1 second" })],
            [
              "options.taskQueue",
              client.startActivity("x", { id: "a", taskQueue: "", startToCloseTimeout: "1 second" })
            ],
            [
              "options.startToCloseTimeout",
              client.startActivity("x", { id: "a", taskQueue: "q", startToCloseTimeout: "-1 second" })
            ],
            [
              "options.startDelay",
              client.startActivity("x", { id: "a", taskQueue: "q", startToCloseTimeout: 1000, startDelay: -5 })
            ],
            [
              "options.retryPolicy.backoffCoefficient",
              client.startActivity("x", {
                id: "a",
                taskQueue: "q",
                startToCloseTimeout: 1000,
                retryPolicy: { backoffCoefficient: 0.5 }
              })
            ],
            [
              "options.idReusePolicy",
              client.startActivity("x", {
                id: "a",
                taskQueue: "q",
                startToCloseTimeout: 1000,
                idReusePolicy: "Nope" as "RejectDuplicate"
              })
            ],
            ["activityType", client.startActivity("", { id: "a", taskQueue: "q", startToCloseTimeout: 1000 })],
            ["options.pageSize", Stream.runCollect(client.listActivities("", { pageSize: 0 }))],
            ["options.query", client.countActivities("\uD800")],
            ["options", handle.updateOptions({})],
            ["options.jitter", handle.unpause({ jitter: "-1 second" })],
            ["activityId", client.getActivityHandle("\uDC00").describe()]
          ]
          for (const [field, attempt] of cases) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as unknown as { field: string }).field, field)
          }
        })
      )
      assert.deepStrictEqual(yield* server.calls, [])
    }))

  it.effect("ALREADY_EXISTS with ActivityExecutionAlreadyStartedFailure is ActivityAlreadyStartedError with its run", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startActivityExecution: () =>
            Effect.fail({
              code: "ALREADY_EXISTS" as const,
              message: "activity already started",
              details: [{
                typeName: "temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure",
                value: { startRequestId: "r", runId: "run-0" }
              }]
            })
        }
      })
      const error = yield* withFakeClient(
        server,
        Effect.flip(TemporalClient.TemporalClient.pipe(
          Effect.flatMap((client) =>
            client.startActivity(Charge, {
              id: "c",
              taskQueue: "q",
              startToCloseTimeout: 1000,
              args: [{ orderId: "o", cents: 1 }]
            })
          )
        ))
      )
      assert.strictEqual(error._tag, "ActivityAlreadyStartedError")
      if (error._tag === "ActivityAlreadyStartedError") {
        assert.strictEqual(error.runId, "run-0")
        assert.strictEqual(error.activityType, "chargeCard")
      }
    }))

  it.effect("result() polls again on an empty answer and after outages, then decodes the result", () =>
    Effect.gen(function*() {
      const polls = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          pollActivityExecution: () =>
            Ref.updateAndGet(polls, (n) => n + 1).pipe(Effect.flatMap((n) =>
              n === 1
                ? Effect.succeed({ runId: "run-1" })
                : n <= 3
                ? Effect.fail({ code: "UNAVAILABLE" as const, message: "restarting" })
                : Effect.succeed({ runId: "run-1", outcome: { result: { payloads: [json("receipt-7")] } } })
            ))
        }
      })
      const fiber = yield* Effect.forkChild(withFakeClient(
        server,
        Effect.flatMap(TemporalClient.TemporalClient, (client) => client.getActivityHandleFor(Charge, "c-1").result()),
        { retryConfig: { maxRetries: 0 } }
      ))
      for (let i = 0; i < 50 && (yield* Ref.get(polls)) < 4; i++) {
        yield* TestClock.adjust("1 second")
        yield* TestClock.withLive(Effect.sleep("20 millis"))
      }
      assert.strictEqual(yield* Fiber.join(fiber), "receipt-7")
      assert.strictEqual(yield* Ref.get(polls), 4)
    }))

  it.effect("a failed outcome is ActivityFailedError with its decoded cause and retry state", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          pollActivityExecution: () =>
            Effect.succeed({
              runId: "run-9",
              outcome: {
                failure: {
                  message: "card declined",
                  applicationFailureInfo: { type: "Declined", nonRetryable: true }
                },
                retryState: proto.api.enums.v1.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
              }
            })
        }
      })
      const error = yield* withFakeClient(
        server,
        Effect.flip(Effect.flatMap(TemporalClient.TemporalClient, (client) => client.getActivityHandle("c-2").result()))
      )
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag !== "ActivityFailedError") return
      assert.strictEqual(error.runId, "run-9")
      assert.strictEqual(error.retryState, "RETRY_STATE_NON_RETRYABLE_FAILURE")
      assert.instanceOf(error.cause, Failure.ApplicationFailure)
      assert.strictEqual((error.cause as Failure.ApplicationFailure).type, "Declined")
      assert.include(error.message, "card declined")
    }))

  it.effect("interceptors see every activity call", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const recorder = new Proxy({}, {
        get: (_target, name) => (input: unknown, next: (input: unknown) => unknown) => {
          seen.push(String(name))
          return next(input)
        }
      }) as ClientInterceptor
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startActivityExecution: () => Effect.succeed({ runId: "r", started: true }),
          pollActivityExecution: () => Effect.succeed({ runId: "r", outcome: { result: { payloads: [json("ok")] } } }),
          describeActivityExecution: () => Effect.succeed({ runId: "r", info: { activityId: "a" } }),
          requestCancelActivityExecution: () => Effect.succeed({}),
          terminateActivityExecution: () => Effect.succeed({}),
          pauseActivityExecution: () => Effect.succeed({}),
          unpauseActivityExecution: () => Effect.succeed({}),
          updateActivityExecutionOptions: () => Effect.succeed({ activityOptions: {} }),
          listActivityExecutions: () => Effect.succeed({ executions: [] }),
          countActivityExecutions: () => Effect.succeed({ count: 0 })
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = yield* client.startActivity("a", { id: "a", taskQueue: "q", startToCloseTimeout: 1000 })
          yield* handle.result()
          yield* handle.describe()
          yield* handle.cancel()
          yield* handle.terminate()
          yield* handle.pause()
          yield* handle.unpause()
          yield* handle.updateOptions({ heartbeatTimeout: "1 second" })
          yield* handle.restoreOriginalOptions()
          yield* Stream.runDrain(client.listActivities())
          yield* client.countActivities()
        }),
        { interceptors: [recorder] }
      )
      assert.deepStrictEqual(seen, [
        "startActivity",
        "getActivityResult",
        "describeActivity",
        "cancelActivity",
        "terminateActivity",
        "pauseActivity",
        "unpauseActivity",
        "updateActivityOptions",
        "updateActivityOptions",
        "listActivities",
        "countActivities"
      ])
      const update = (yield* server.calls).find((call) => call.method === "UpdateActivityExecutionOptions")!
      assert.deepStrictEqual(
        (update.request as protoTypes.api.workflowservice.v1.IUpdateActivityExecutionOptionsRequest).updateMask?.paths,
        ["heartbeat_timeout"]
      )
    }))
})

describe("TestTemporalClient scripts standalone activities", () => {
  it.effect("answers by activity type, records every call, and dies naming an unscripted one", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity(Charge, {
        id: "charge-1",
        taskQueue: "payments",
        args: [{ orderId: "o-1", cents: 5 }],
        startToCloseTimeout: "1 minute"
      })
      assert.strictEqual(yield* handle.result(), "receipt for charge-1")
      yield* handle.cancel({ reason: "test" })
      const declined = yield* Effect.flip(client.getActivityHandle("charge-2").result())
      assert.strictEqual(declined._tag, "ActivityNotFoundError")
      const listed = yield* Stream.runCollect(client.listActivities("ActivityType = 'chargeCard'"))
      assert.strictEqual(listed.length, 0)
      const calls = yield* TestTemporalClient.calls
      assert.deepStrictEqual(calls.map((c) => c.operation), [
        "startActivity",
        "activityResult",
        "cancelActivity",
        "activityResult",
        "listActivities"
      ])
      assert.deepStrictEqual(calls[0]!.args, [{ orderId: "o-1", cents: 5 }])
      assert.strictEqual(calls[0]!.activityType, "chargeCard")
      assert.strictEqual(calls[1]!.activityId, "charge-1")
      const unscripted = yield* Effect.exit(handle.pause())
      assert.isTrue(Exit.isFailure(unscripted) && Cause.hasDies(unscripted.cause))
    }).pipe(Effect.provide(TestTemporalClient.layer({
      activities: {
        chargeCard: {
          result: (call) => Effect.succeed(`receipt for ${call.activityId}`),
          cancel: Effect.void
        },
        "charge-2": {
          result: Effect.fail(new TemporalError.ActivityNotFoundError({ description: "charge-2" }))
        }
      },
      listActivities: Effect.succeed([])
    }))))
})

describe("InMemoryTemporal runs standalone activities", () => {
  const Flaky = ActivityDefinition.make("flaky", { args: [Schema.Number], result: Schema.Number })
  const layer = InMemoryTemporal.layer({
    workflows: {},
    activities: {
      ...InMemoryTemporal.activity(Flaky, ([failures], ctx) =>
        ctx.info.attempt <= failures
          ? Effect.fail(
            new Failure.ApplicationFailure({
              message: `attempt ${ctx.info.attempt}`,
              type: "Flaky",
              nonRetryable: false,
              details: []
            })
          )
          : Effect.succeed(ctx.info.attempt)),
      slow: (_, ctx) => Effect.as(ctx.sleep("1 hour"), "slept")
    }
  })

  it.effect("retries a failing attempt after the policy's backoff on the Clock, keeping the last failure", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startActivity(Flaky, {
        id: "flaky-1",
        taskQueue: "q",
        args: [2],
        startToCloseTimeout: "1 minute",
        retryPolicy: { initialInterval: "1 second", backoffCoefficient: 2 }
      })
      const waiting = yield* handle.describe({ includeLastFailure: true })
      assert.strictEqual(waiting.runState, "Scheduled")
      assert.strictEqual((waiting.lastFailure as Failure.ApplicationFailure).message, "attempt 1")
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* handle.describe()).attempt, 2)
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(yield* handle.result(), 3)
      const exhausted = yield* client.startActivity(Flaky, {
        id: "flaky-2",
        taskQueue: "q",
        args: [5],
        startToCloseTimeout: "1 minute",
        retryPolicy: { initialInterval: "1 second", maximumAttempts: 2 }
      })
      yield* TestClock.adjust("1 second")
      const error = yield* Effect.flip(exhausted.result())
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag === "ActivityFailedError") {
        assert.strictEqual(error.retryState, "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED")
      }
    }).pipe(Effect.provide(layer)))

  it.effect("start delay, start-to-close and schedule-to-close timeouts run on the Clock", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const delayed = yield* client.startActivity(Flaky, {
        id: "delayed",
        taskQueue: "q",
        args: [0],
        startToCloseTimeout: "1 minute",
        startDelay: "10 minutes"
      })
      assert.strictEqual((yield* delayed.describe()).runState, "Scheduled")
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(yield* delayed.result(), 1)

      const timedOut = yield* client.startActivity("slow", {
        id: "slow-1",
        taskQueue: "q",
        scheduleToCloseTimeout: "5 minutes"
      })
      yield* TestClock.adjust("5 minutes")
      const error = yield* Effect.flip(timedOut.result())
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag === "ActivityFailedError") {
        assert.instanceOf(error.cause, Failure.TimeoutFailure)
        assert.strictEqual((error.cause as Failure.TimeoutFailure).timeoutType, "TIMEOUT_TYPE_SCHEDULE_TO_CLOSE")
      }
      assert.strictEqual((yield* timedOut.describe()).status, "TimedOut")
    }).pipe(Effect.provide(layer)))

  it.effect("an activity type with no function fails at once, not retried", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const error = yield* Effect.flip(
        client.executeActivity("unknownType", { id: "u", taskQueue: "q", startToCloseTimeout: "1 minute" })
      )
      assert.strictEqual(error._tag, "ActivityFailedError")
      if (error._tag === "ActivityFailedError") {
        assert.strictEqual((error.cause as Failure.ApplicationFailure).type, "ActivityNotRegistered")
      }
    }).pipe(Effect.provide(layer)))

  it.effect("ActivityHandle.Tag provides one activity as a service", () =>
    Effect.gen(function*() {
      class FlakyOne extends ActivityHandle.Tag<FlakyOne>()("test/FlakyOne", Flaky) {}
      const result = yield* Effect.flatMap(FlakyOne, (handle) => handle.result()).pipe(
        Effect.provide(
          FlakyOne.layerStart({ id: "tagged", taskQueue: "q", args: [0], startToCloseTimeout: "1 minute" })
        )
      )
      assert.strictEqual(result, 1)
      const again = yield* Effect.flatMap(FlakyOne, (handle) => handle.describe()).pipe(
        Effect.provide(FlakyOne.layer("tagged"))
      )
      assert.strictEqual(again.status, "Completed")
      assert.instanceOf(again, ActivityExecution.ActivityExecutionDescription)
      assert.isTrue(Duration.isDuration(again.options.startToCloseTimeout))
    }).pipe(Effect.provide(layer)))
})
