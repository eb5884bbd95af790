import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/testing/TestClock"
import * as Connection from "../../src/Connection.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const systemInfo = { workflowService: { getSystemInfo: () => Effect.succeed({ serverVersion: "fake-1.0" }) } }

describe("Connection", () => {
  it.effect("connects eagerly and keeps the server's system info", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const connection = yield* Connection.make({ address: server.address })
      const info = yield* connection.systemInfo
      assert.strictEqual(info.serverVersion, "fake-1.0")
      const calls = yield* server.calls
      assert.strictEqual(calls.length, 1, "GetSystemInfo is fetched once, at connect time")
      assert.isUndefined(calls[0]!.metadata["temporal-namespace"], "GetSystemInfo carries no namespace header")
    }))

  it.effect("lazy connect makes no call until the first RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      yield* Connection.make({ address: server.address, lazy: true })
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.live("fails with ConnectionError when nothing listens on the port", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.scoped(Connection.make({ address: "127.0.0.1:1", connectTimeout: "2 seconds" }))
      )
      assert.strictEqual(error._tag, "ConnectionError")
      assert.include(["Unreachable", "Timeout"], error.reason)
      assert.strictEqual(error.address, "127.0.0.1:1")
    }))

  it.effect("the connect check gives up after 5 s by default, with the reason of the last attempt", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.forkChild(Effect.flip(Effect.scoped(Connection.make({ address: "127.0.0.1:1" }))))
      // Retries back off on the TestClock; move it along in small steps, letting each refusal arrive.
      for (let elapsed = 0; elapsed < 4_900; elapsed += 100) {
        yield* TestClock.adjust("100 millis")
        yield* TestClock.withLive(Effect.sleep("5 millis"))
      }
      assert.isUndefined(fiber.pollUnsafe(), "still trying before 5 s")
      yield* TestClock.adjust("100 millis")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.reason, "Unreachable")
      assert.include(error.description, "UNAVAILABLE")
    }))

  it.live("a refused port reports why, not just a timeout", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.scoped(Connection.make({ address: "127.0.0.1:1", connectTimeout: "1 second" }))
      )
      assert.strictEqual(error.reason, "Unreachable")
      assert.include(error.description, "UNAVAILABLE")
      assert.isDefined(error.cause, "the last RPC failure is kept as the cause")
    }))

  it.effect("headers grpc-js refuses are typed errors, at connect time and per call", () =>
    Effect.gen(function*() {
      const atConnect = yield* Effect.flip(
        Connection.make({ address: "127.0.0.1:7233", lazy: true, rpcMetadata: { "x-trace-bin": "text" } })
      )
      assert.strictEqual(atConnect.reason, "InvalidConfig")
      assert.include(atConnect.description, "rpcMetadata")
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeNamespace: () => Effect.succeed({}) }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      for (const bad of [{ "bad header": "x" }, { "x-ok": "line\nbreak" }, { "x-trace-bin": "text" }]) {
        const error = yield* Effect.flip(
          connection.workflowService.describeNamespace({ namespace: "default" }, { rpcMetadata: bad })
        )
        assert(error._tag === "InvalidArgumentError")
        assert.strictEqual(error.field, "rpcMetadata")
        assert.include(error.message, JSON.stringify(Object.keys(bad)[0]))
      }
      assert.strictEqual((yield* server.calls).length, 0, "nothing reached the server")
    }))

  it.effect("sends the API key, connection and per-call metadata, and the namespace header", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeNamespace: () => Effect.succeed({ namespaceInfo: { name: "ns1" } })
        }
      })
      const connection = yield* Connection.make({
        address: server.address,
        lazy: true,
        tls: false,
        apiKey: Redacted.make("secret-key-1"),
        rpcMetadata: { "x-team": "core" }
      })
      yield* connection.workflowService.describeNamespace({ namespace: "ns1" }, { rpcMetadata: { "x-call": "one" } })
      yield* Ref.set(connection.apiKey, Option.some(Redacted.make("secret-key-2")))
      yield* connection.workflowService.describeNamespace({ namespace: "ns1" }).pipe(
        Connection.withRpcMetadata({ "x-fiber": "yes" })
      )
      const calls = yield* server.calls
      assert.strictEqual(calls[0]!.metadata["authorization"], "Bearer secret-key-1")
      assert.strictEqual(calls[0]!.metadata["x-team"], "core")
      assert.strictEqual(calls[0]!.metadata["x-call"], "one")
      assert.strictEqual(calls[0]!.metadata["temporal-namespace"], "ns1")
      assert.strictEqual(calls[0]!.metadata["client-name"], "effect-temporal")
      assert.strictEqual(calls[1]!.metadata["authorization"], "Bearer secret-key-2", "a rotated key is used next call")
      assert.strictEqual(calls[1]!.metadata["x-fiber"], "yes")
      assert.isUndefined(calls[1]!.metadata["x-call"])
    }))

  it.effect("headers built once are rebuilt as soon as any of their sources changes", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeNamespace: () => Effect.succeed({ namespaceInfo: { name: "ns1" } })
        }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true, tls: false })
      const describe = (namespace: string) => connection.workflowService.describeNamespace({ namespace })
      yield* describe("ns1")
      yield* describe("ns1")
      yield* describe("ns2")
      yield* Ref.set(connection.rpcMetadata, { "x-team": "a" })
      yield* describe("ns2")
      yield* describe("ns2").pipe(Connection.withRpcMetadata({ "x-fiber": "1" }))
      yield* Ref.set(connection.apiKey, Option.some(Redacted.make("key-a")))
      yield* describe("ns2")
      yield* describe("ns2")
      const seen = (yield* server.calls).map(({ metadata }) => ({
        ns: metadata["temporal-namespace"],
        team: metadata["x-team"],
        fiber: metadata["x-fiber"],
        auth: metadata["authorization"]
      }))
      assert.deepStrictEqual(seen, [
        { ns: "ns1", team: undefined, fiber: undefined, auth: undefined },
        { ns: "ns1", team: undefined, fiber: undefined, auth: undefined },
        { ns: "ns2", team: undefined, fiber: undefined, auth: undefined },
        { ns: "ns2", team: "a", fiber: undefined, auth: undefined },
        { ns: "ns2", team: "a", fiber: "1", auth: undefined },
        { ns: "ns2", team: "a", fiber: undefined, auth: "Bearer key-a" },
        { ns: "ns2", team: "a", fiber: undefined, auth: "Bearer key-a" }
      ])
    }))

  it.effect("refuses an API key together with an authorization header", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Connection.make({
        address: "127.0.0.1:7233",
        lazy: true,
        apiKey: Redacted.make("k"),
        rpcMetadata: { Authorization: "Bearer other" }
      }))
      assert.strictEqual(error.reason, "InvalidConfig")
      assert.notInclude(error.message, "Bearer other")
    }))

  it.effect("retries UNAVAILABLE with backoff on the TestClock, resending the same bytes", () =>
    Effect.gen(function*() {
      const attempts = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          signalWorkflowExecution: () =>
            Ref.updateAndGet(attempts, (n) => n + 1).pipe(
              Effect.flatMap((n) =>
                n <= 3 ? Effect.fail({ code: "UNAVAILABLE" as const, message: "try later" }) : Effect.succeed({})
              )
            )
        }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const fiber = yield* Effect.forkChild(
        connection.workflowService.signalWorkflowExecution({
          namespace: "default",
          workflowExecution: { workflowId: "wf" },
          signalName: "s",
          requestId: "req-1"
        })
      )
      // Each retry waits on the TestClock; nudge it until the call succeeds.
      for (let i = 0; i < 20 && (yield* Ref.get(attempts)) < 4; i++) {
        yield* TestClock.adjust("1 second")
        yield* TestClock.withLive(Effect.sleep(Duration.millis(20)))
      }
      yield* Fiber.join(fiber)
      const calls = yield* server.calls
      assert.strictEqual(calls.length, 4)
      const first = Buffer.from(calls[0]!.requestBytes).toString("hex")
      for (const call of calls) assert.strictEqual(Buffer.from(call.requestBytes).toString("hex"), first)
      assert.strictEqual((calls[3]!.request as { requestId: string }).requestId, "req-1")
    }))

  it.effect("does not retry INVALID_ARGUMENT and decodes error details", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startWorkflowExecution: () =>
            Effect.fail({
              code: "ALREADY_EXISTS" as const,
              message: "already started",
              details: [{
                typeName: "temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure",
                value: { startRequestId: "r", runId: "run-1" }
              }]
            }),
          signalWorkflowExecution: () => Effect.fail({ code: "INVALID_ARGUMENT" as const, message: "bad" })
        }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const bad = yield* Effect.flip(connection.workflowService.signalWorkflowExecution({ namespace: "default" }))
      assert(bad._tag === "RpcError")
      assert.strictEqual(bad.code, "INVALID_ARGUMENT")
      assert.strictEqual(bad.method, "SignalWorkflowExecution")
      assert.strictEqual((yield* server.calls).length, 1)
      const exists = yield* Effect.flip(connection.workflowService.startWorkflowExecution({ namespace: "default" }))
      assert(exists._tag === "RpcError")
      assert.strictEqual(exists.code, "ALREADY_EXISTS")
      assert.strictEqual(
        exists.details[0]!.typeName,
        "temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure"
      )
      assert.strictEqual((exists.details[0]!.value as { runId: string }).runId, "run-1")
    }))

  it.live("enforces the per-call timeout on the client", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeNamespace: () => Effect.never }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const error = yield* Effect.flip(
        connection.workflowService.describeNamespace({ namespace: "default" }, { rpcTimeout: "200 millis" })
      )
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "DEADLINE_EXCEEDED")
    }).pipe(Effect.scoped))

  it.live("interrupting the fiber cancels the call on the server", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeNamespace: () => Effect.never }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const fiber = yield* Effect.forkChild(connection.workflowService.describeNamespace({ namespace: "default" }))
      yield* waitUntil(Effect.map(server.openCalls, (n) => n === 1))
      yield* Fiber.interrupt(fiber)
      yield* waitUntil(Effect.map(server.cancelledCalls, (n) => n === 1))
      yield* waitUntil(Effect.map(server.openCalls, (n) => n === 0))
    }).pipe(Effect.scoped))

  it.effect("RetryConfig.layer changes how many times a call is retried", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeNamespace: () => Effect.fail({ code: "UNAVAILABLE" as const }) }
      })
      const connection = yield* Connection.make({ address: server.address, lazy: true }).pipe(
        Effect.provide(RetryConfig.layer({ maxRetries: 0 }))
      )
      const error = yield* Effect.flip(connection.workflowService.describeNamespace({ namespace: "default" }))
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "UNAVAILABLE")
      assert.strictEqual((yield* server.calls).length, 1)
    }))

  it.effect("Connection.layer provides the service", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const info = yield* Effect.flatMap(Connection.Connection, (c) => c.systemInfo).pipe(
        Effect.provide(Layer.fresh(Connection.layer({ address: server.address })))
      )
      assert.strictEqual(info.serverVersion, "fake-1.0")
    }))
})

const waitUntil = (condition: Effect.Effect<boolean>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 200; i++) {
      if (yield* condition) return
      yield* Effect.sleep("10 millis")
    }
    assert.fail("condition not reached")
  })
