/**
 * Standalone Nexus operations without a server: the start request and the options refused before
 * any RPC (against the in-process fake gRPC server), the result long poll, interceptors seeing
 * every call, endpoint updates retried on a version conflict, the scripted `TestTemporalClient`,
 * and `InMemoryTemporal` running typed handlers with the schedule-to-close timeout on the `TestClock`.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import * as Failure from "../../src/Failure.js"
import * as NexusEndpoints from "../../src/NexusEndpoints.js"
import * as NexusOperationHandle from "../../src/NexusOperationHandle.js"
import * as NexusServiceDefinition from "../../src/NexusServiceDefinition.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as TemporalError from "../../src/TemporalError.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { InMemoryTemporal, TestTemporalClient } from "../../src/testing/index.js"
import { jsonPayload as json, withFakeClient } from "../support/fakeClient.js"

const fromJson = (payload: protoTypes.api.common.v1.IPayload | null | undefined) =>
  JSON.parse(new TextDecoder().decode(payload?.data ?? new Uint8Array()))

const Payments = NexusServiceDefinition.make("payments", {
  operations: {
    charge: { input: Schema.Struct({ orderId: Schema.String }), output: Schema.String },
    refund: { input: Schema.String, output: Schema.Boolean }
  }
})

describe("Nexus operations against the fake server", () => {
  it.effect("the start request names the endpoint, service and operation and carries every option", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { startNexusOperationExecution: () => Effect.succeed({ runId: "run-1", started: true }) }
      })
      const handle = yield* withFakeClient(
        server,
        Effect.map(
          TemporalClient.TemporalClient,
          (client) => client.createNexusClient({ endpoint: "pay", service: Payments })
        ).pipe(
          Effect.flatMap((payments) =>
            payments.startOperation("charge", { orderId: "o-1" }, {
              id: "charge-1",
              scheduleToCloseTimeout: "10 minutes",
              scheduleToStartTimeout: "1 minute",
              startToCloseTimeout: "5 minutes",
              idReusePolicy: "RejectDuplicate",
              idConflictPolicy: "UseExisting",
              summary: "charge o-1",
              headers: { "x-tenant": "acme" },
              requestId: "req-1",
              searchAttributes: { CustomKeywordField: "k" }
            })
          )
        )
      )
      assert.strictEqual(handle.runId, "run-1")
      assert.strictEqual(handle.operation, "charge")
      const [call] = yield* server.calls
      const request = call!.request as protoTypes.api.workflowservice.v1.IStartNexusOperationExecutionRequest
      assert.strictEqual(call!.method, "StartNexusOperationExecution")
      assert.strictEqual(request.operationId, "charge-1")
      assert.strictEqual(request.endpoint, "pay")
      assert.strictEqual(request.service, "payments")
      assert.strictEqual(request.operation, "charge")
      assert.strictEqual(request.requestId, "req-1")
      assert.strictEqual(Number(request.scheduleToCloseTimeout?.seconds), 600)
      assert.strictEqual(Number(request.scheduleToStartTimeout?.seconds), 60)
      assert.strictEqual(Number(request.startToCloseTimeout?.seconds), 300)
      assert.strictEqual(request.idReusePolicy, 3)
      assert.strictEqual(request.idConflictPolicy, 2)
      assert.deepStrictEqual({ ...request.nexusHeader }, { "x-tenant": "acme" })
      assert.deepStrictEqual(fromJson(request.input), { orderId: "o-1" })
      assert.strictEqual(fromJson(request.userMetadata?.summary), "charge o-1")
      assert.deepStrictEqual(Object.keys(request.searchAttributes?.indexedFields ?? {}), ["CustomKeywordField"])
    }))

  it.effect("bad options and inputs fail before any RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const payments = client.createNexusClient({ endpoint: "pay", service: Payments })
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            [
              "options.scheduleToCloseTimeout",
              payments.startOperation("charge", { orderId: "o" }, { id: "x" } as never)
            ],
            [
              "options.id",
              payments.startOperation("charge", { orderId: "o" }, { id: "", scheduleToCloseTimeout: 1000 })
            ],
            [
              "options.headers.x",
              payments.startOperation("charge", { orderId: "o" }, {
                id: "a",
                scheduleToCloseTimeout: 1000,
                headers: { x: 1 as never }
              })
            ],
            [
              "endpoint",
              client.createNexusClient({ endpoint: "", service: Payments }).startOperation("charge", { orderId: "o" }, {
                id: "a",
                scheduleToCloseTimeout: 1000
              })
            ],
            ["options.pageSize", Stream.runCollect(client.listNexusOperations(undefined, { pageSize: -1 }))],
            ["operationId", client.getNexusOperationHandle("\uD800").describe()]
          ]
          for (const [field, attempt] of cases) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as unknown as { field: string }).field, field)
          }
          const badInput = yield* Effect.flip(
            payments.startOperation("charge", { orderId: 7 } as never, { id: "a", scheduleToCloseTimeout: 1000 })
          )
          assert.strictEqual(badInput._tag, "DataConverterError")
        })
      )
      assert.deepStrictEqual(yield* server.calls, [])
    }))

  it.effect("result() polls again until the closed stage, then decodes the output; a failure is typed", () =>
    Effect.gen(function*() {
      const polls = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          pollNexusOperationExecution: (request) =>
            Ref.updateAndGet(polls, (n) => n + 1).pipe(Effect.flatMap((n): Effect.Effect<
              protoTypes.api.workflowservice.v1.IPollNexusOperationExecutionResponse,
              { readonly code: "UNAVAILABLE"; readonly message: string }
            > =>
              request.operationId === "failing"
                ? Effect.succeed({
                  runId: "r",
                  failure: { message: "declined", applicationFailureInfo: { type: "Declined" } }
                })
                : n === 1
                ? Effect.succeed({ runId: "r", waitStage: 1, operationToken: "t" })
                : n === 2
                ? Effect.fail({ code: "UNAVAILABLE" as const, message: "restarting" })
                : Effect.succeed({ runId: "r", waitStage: 2, result: json("charged") })
            ))
        }
      })
      const fiber = yield* Effect.forkChild(withFakeClient(
        server,
        Effect.flatMap(
          TemporalClient.TemporalClient,
          (client) =>
            client.createNexusClient({ endpoint: "pay", service: Payments }).getOperationHandle("charge", "c-1")
              .result()
        ),
        { retryConfig: { maxRetries: 0 } }
      ))
      for (let i = 0; i < 50 && (yield* Ref.get(polls)) < 3; i++) {
        yield* TestClock.adjust("1 second")
        yield* TestClock.withLive(Effect.sleep("20 millis"))
      }
      assert.strictEqual(yield* Fiber.join(fiber), "charged")
      const error = yield* withFakeClient(
        server,
        Effect.flip(
          Effect.flatMap(TemporalClient.TemporalClient, (client) => client.getNexusOperationHandle("failing").result())
        )
      )
      assert.strictEqual(error._tag, "NexusOperationFailedError")
      if (error._tag === "NexusOperationFailedError") {
        assert.instanceOf(error.cause, Failure.ApplicationFailure)
        assert.strictEqual(error.runId, "r")
      }
    }))

  it.effect("ALREADY_EXISTS with its failure detail is NexusOperationAlreadyStartedError; interceptors see every call", () =>
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
          startNexusOperationExecution: () =>
            Effect.fail({
              code: "ALREADY_EXISTS" as const,
              message: "already started",
              details: [{
                typeName: "temporal.api.errordetails.v1.NexusOperationExecutionAlreadyStartedFailure",
                value: { startRequestId: "r", runId: "run-0" }
              }]
            }),
          describeNexusOperationExecution: () => Effect.succeed({ runId: "r", info: { operationId: "a" } }),
          requestCancelNexusOperationExecution: () => Effect.succeed({}),
          terminateNexusOperationExecution: () => Effect.succeed({}),
          listNexusOperationExecutions: () => Effect.succeed({ operations: [] }),
          countNexusOperationExecutions: () => Effect.succeed({ count: 0 })
        }
      })
      yield* withFakeClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const refused = yield* Effect.flip(
            client.createNexusClient({ endpoint: "pay", service: "payments" }).startOperation("charge", {}, {
              id: "a",
              scheduleToCloseTimeout: 1000
            })
          )
          assert.strictEqual(refused._tag, "NexusOperationAlreadyStartedError")
          if (refused._tag === "NexusOperationAlreadyStartedError") assert.strictEqual(refused.runId, "run-0")
          const handle = client.getNexusOperationHandle("a")
          yield* handle.describe()
          yield* handle.cancel({ reason: "r" })
          yield* handle.terminate()
          yield* Stream.runDrain(client.listNexusOperations())
          yield* client.countNexusOperations()
        }),
        { interceptors: [recorder] }
      )
      assert.deepStrictEqual(seen, [
        "startNexusOperation",
        "describeNexusOperation",
        "cancelNexusOperation",
        "terminateNexusOperation",
        "listNexusOperations",
        "countNexusOperations"
      ])
    }))

  it.effect("updateEndpoint reads, changes and writes with the version read; a conflict is retried, then typed", () =>
    Effect.gen(function*() {
      const version = yield* Ref.make(1)
      const writes = yield* Ref.make(0)
      const endpoint = (v: number) => ({
        id: "ep-1",
        version: v as never,
        spec: { name: "pay", target: { worker: { namespace: "default", taskQueue: "q" } } }
      })
      const server = yield* FakeGrpcServer.make({
        operatorService: {
          getNexusEndpoint: () => Effect.map(Ref.get(version), (v) => ({ endpoint: endpoint(v) })),
          updateNexusEndpoint: (request) =>
            Effect.gen(function*() {
              const n = yield* Ref.updateAndGet(writes, (w) => w + 1)
              // Someone else changes it between our read and our first write.
              if (n === 1) yield* Ref.set(version, 2)
              const current = yield* Ref.get(version)
              if (Number(request.version) !== current) {
                return yield* Effect.fail({
                  code: "FAILED_PRECONDITION" as const,
                  message: "nexus endpoint version mismatch"
                })
              }
              yield* Ref.set(version, current + 1)
              return { endpoint: { ...endpoint(current + 1), spec: request.spec } }
            })
        }
      })
      const seen: Array<string> = []
      const recorder: ClientInterceptor = {
        getNexusEndpoint: (input, next) =>
          Effect.andThen(Effect.sync(() => seen.push("getNexusEndpoint")), next(input)),
        updateNexusEndpoint: (input, next) =>
          Effect.andThen(Effect.sync(() => seen.push("updateNexusEndpoint")), next(input))
      }
      const updated = yield* withFakeClient(
        server,
        Effect.flatMap(NexusEndpoints.NexusEndpoints, (endpoints) =>
          endpoints.updateEndpoint("ep-1", (spec) => ({
            ...spec,
            target: { _tag: "Worker", namespace: "default", taskQueue: "moved" }
          }))).pipe(Effect.provide(NexusEndpoints.layer)),
        // Given to layerConnect, the interceptors reach the services derived from the client too.
        { interceptors: [recorder] }
      )
      assert.deepStrictEqual(seen, [
        "getNexusEndpoint",
        "updateNexusEndpoint",
        "getNexusEndpoint",
        "updateNexusEndpoint"
      ])
      assert.strictEqual(updated.version, 3)
      assert.deepStrictEqual(updated.target, { _tag: "Worker", namespace: "default", taskQueue: "moved" })
      assert.strictEqual(yield* Ref.get(writes), 2)
      yield* Ref.set(writes, 0)
      const gaveUp = yield* withFakeClient(
        server,
        Effect.flip(
          Effect.flatMap(
            NexusEndpoints.NexusEndpoints,
            (endpoints) => endpoints.updateEndpoint("ep-1", (spec) => spec, { maxAttempts: 1 })
          ).pipe(Effect.provide(NexusEndpoints.layer))
        )
      )
      assert.strictEqual(gaveUp._tag, "NexusEndpointConflictError")
    }))
})

describe("TestTemporalClient scripts Nexus operations", () => {
  it.effect("answers by service/operation, records every call, and dies naming an unscripted one", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const payments = client.createNexusClient({ endpoint: "pay", service: Payments })
      assert.strictEqual(
        yield* payments.executeOperation("charge", { orderId: "o-1" }, {
          id: "c-1",
          scheduleToCloseTimeout: "1 minute"
        }),
        "charged c-1"
      )
      const refused = yield* Effect.flip(
        payments.executeOperation("refund", "o-1", { id: "r-1", scheduleToCloseTimeout: "1 minute" })
      )
      assert.strictEqual(refused._tag, "NexusOperationNotFoundError")
      const calls = yield* TestTemporalClient.calls
      assert.deepStrictEqual(calls.map((c) => [c.operation, c.name, c.operationId]), [
        ["startNexusOperation", "payments/charge", "c-1"],
        ["nexusOperationResult", "payments/charge", "c-1"],
        ["startNexusOperation", "payments/refund", "r-1"],
        ["nexusOperationResult", "payments/refund", "r-1"]
      ])
      assert.deepStrictEqual(calls[0]!.args, [{ orderId: "o-1" }])
      const unscripted = yield* Effect.exit(client.getNexusOperationHandle("c-1").cancel())
      assert.strictEqual(unscripted._tag, "Failure")
    }).pipe(Effect.provide(TestTemporalClient.layer({
      nexusOperations: {
        "payments/charge": { result: (call) => Effect.succeed(`charged ${call.operationId}`) },
        "payments/refund": {
          result: Effect.fail(
            new TemporalError.NexusOperationNotFoundError({ operationId: "r-1", namespace: "default" })
          )
        }
      }
    }))))
})

describe("InMemoryTemporal runs Nexus handlers", () => {
  const layer = InMemoryTemporal.layer({
    workflows: {},
    nexusServices: {
      payments: {
        ...InMemoryTemporal.nexusOperation(
          Payments,
          "charge",
          ({ orderId }, info) =>
            Effect.succeed(`charged ${orderId} via ${info.endpoint} for ${info.headers["x-tenant"] ?? "?"}`)
        ),
        ...InMemoryTemporal.nexusOperation(Payments, "refund", () => Effect.as(Effect.sleep("1 hour"), true))
      }
    }
  })

  it.effect("NexusOperationHandle.Tag provides one operation as a service", () =>
    Effect.gen(function*() {
      class Refund extends NexusOperationHandle.Tag<Refund>()("test/Refund", {
        endpoint: "pay",
        service: Payments,
        operation: "refund"
      }) {}
      const started = yield* Effect.flatMap(Refund, (handle) => Effect.succeed(handle.operationId)).pipe(
        Effect.provide(Refund.layerStart("o-9", { id: "refund-9", scheduleToCloseTimeout: "2 hours" }))
      )
      assert.strictEqual(started, "refund-9")
      yield* TestClock.adjust("1 hour")
      const refunded = yield* Effect.flatMap(Refund, (handle) => handle.result()).pipe(
        Effect.provide(Refund.layer("refund-9"))
      )
      assert.isTrue(refunded)
    }).pipe(Effect.provide(layer)))

  it.effect("a synchronous handler answers at once; an asynchronous one is Started until its Clock runs", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const payments = client.createNexusClient({ endpoint: "pay", service: Payments })
      const charged = yield* payments.executeOperation("charge", { orderId: "o-1" }, {
        id: "c-1",
        scheduleToCloseTimeout: "1 hour",
        headers: { "x-tenant": "acme" }
      })
      assert.strictEqual(charged, "charged o-1 via pay for acme")
      const refund = yield* payments.startOperation("refund", "o-1", { id: "r-1", scheduleToCloseTimeout: "2 hours" })
      const started = yield* refund.describe()
      assert.strictEqual(started.state, "Started")
      assert.isString(started.operationToken)
      yield* TestClock.adjust("1 hour")
      assert.isTrue(yield* refund.result())
      const timedOut = yield* payments.startOperation("refund", "o-2", {
        id: "r-2",
        scheduleToCloseTimeout: "10 minutes"
      })
      yield* TestClock.adjust("10 minutes")
      const error = yield* Effect.flip(timedOut.result())
      assert.strictEqual(error._tag, "NexusOperationFailedError")
      if (error._tag === "NexusOperationFailedError") assert.instanceOf(error.cause, Failure.TimeoutFailure)
      assert.strictEqual((yield* timedOut.describe()).status, "TimedOut")
    }).pipe(Effect.provide(layer)))
})
