/**
 * Request headers are checked before use, per source: a call's `rpcMetadata` and a fiber's
 * `withRpcMetadata` fail the call with `InvalidArgumentError`; the connection's `rpcMetadata` and API
 * key fail with `ConnectionError` reason `InvalidConfig` (at connect time, and on the next call after
 * they are changed through their `Ref`s). The error names the header, never its value, and nothing
 * is sent. Before, a connection-specific header (`connection: close`) made grpc-js retry each call
 * about 2 000 times a second until its deadline (an eager connect failed with a misleading Timeout
 * after 10 s), and an API key with a line break, NUL or non-ASCII character was quoted in the error.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Connection from "../../src/Connection.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const secretValue = "value-that-must-not-print-3f9a"

/** Names a request may not carry, each with why. */
const refusedNames: ReadonlyArray<string> = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
  "te",
  "host",
  "content-length",
  "content-type",
  ":path",
  ":authority",
  "grpc-timeout",
  "grpc-encoding",
  "grpc-status",
  "x-trace-bin",
  "bad header",
  "Ünïcode",
  ""
]

/** Values a text header cannot carry. */
const refusedValues: ReadonlyArray<readonly [string, string]> = [
  ["a line break", `${secretValue}\n`],
  ["a carriage return", `${secretValue}\rx`],
  ["a NUL", `${secretValue}\u0000`],
  ["a non-ASCII character", `${secretValue}é`],
  ["a control character", `${secretValue}\u0007`]
]

const services = {
  workflowService: {
    getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
    describeNamespace: () => Effect.succeed({})
  }
}

const assertNamesButHides = (text: string, name: string, value: string) => {
  assert.include(text, JSON.stringify(name), "the message names the header")
  assert.notInclude(text, value, "the message never quotes the value")
  assert.notInclude(text, secretValue)
}

describe("request headers", () => {
  it.effect("a call's refused header is an InvalidArgumentError naming it, before any request", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const describe = (rpcMetadata: Record<string, string>) =>
        Effect.flip(
          connection.workflowService.describeNamespace({ namespace: "default" }, {
            rpcMetadata,
            rpcTimeout: "5 seconds"
          })
        )
      const started = Date.now()
      for (const name of refusedNames) {
        const error = yield* describe({ [name]: secretValue })
        assert(error._tag === "InvalidArgumentError", `${name}: ${error._tag}`)
        assert.strictEqual(error.field, "rpcMetadata")
        assertNamesButHides(error.message, name, secretValue)
      }
      for (const [label, value] of refusedValues) {
        const error = yield* describe({ "x-custom": value })
        assert(error._tag === "InvalidArgumentError", label)
        assertNamesButHides(error.message, "x-custom", value)
      }
      assert.isBelow(Date.now() - started, 2000, "refused at once, not after retrying to the deadline")
      assert.strictEqual((yield* server.calls).length, 0, "nothing reached the server")
      // What users legitimately send still goes through.
      yield* connection.workflowService.describeNamespace({ namespace: "default" }, {
        rpcMetadata: { "x-team": "core", "Authorization": "Bearer other", "user-agent": "mine", "x.y_z": "a b ~" }
      })
      assert.strictEqual((yield* server.calls).length, 1)
    }))

  it.effect("a fiber's refused header (withRpcMetadata) is an InvalidArgumentError too", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const error = yield* Effect.flip(
        connection.workflowService.describeNamespace({ namespace: "default" }).pipe(
          Connection.withRpcMetadata({ connection: secretValue })
        )
      )
      assert(error._tag === "InvalidArgumentError")
      assertNamesButHides(error.message, "connection", secretValue)
      assert.include(error.message, "withRpcMetadata")
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("the connection's refused header fails the eager connect at once with InvalidConfig, not Timeout", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      for (const name of ["connection", "transfer-encoding", "upgrade", "keep-alive", "te", "host", ":method"]) {
        const started = Date.now()
        const error = yield* Effect.flip(
          Effect.scoped(Connection.make({ address: server.address, rpcMetadata: { [name]: secretValue } }))
        )
        assert.strictEqual(error.reason, "InvalidConfig", name)
        assertNamesButHides(error.message, name, secretValue)
        assert.isBelow(Date.now() - started, 1000, name)
      }
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("headers and API keys set later through the Refs are checked on the next call", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* Connection.make({ address: server.address, lazy: true, tls: false })
      const call = Effect.flip(connection.workflowService.describeNamespace({ namespace: "default" }))
      yield* Ref.set(connection.rpcMetadata, { connection: secretValue })
      const header = yield* call
      assert(header._tag === "ConnectionError")
      assert.strictEqual(header.reason, "InvalidConfig")
      assertNamesButHides(header.message, "connection", secretValue)
      yield* Ref.set(connection.rpcMetadata, {})
      for (const [label, key] of refusedValues) {
        yield* Ref.set(connection.apiKey, Option.some(Redacted.make(`sk-${key}x`)))
        const error = yield* call
        assert(error._tag === "ConnectionError", label)
        assert.strictEqual(error.reason, "InvalidConfig")
        assert.include(error.description, "apiKey")
        assert.notInclude(error.message, secretValue)
      }
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("an API key: whitespace around it is dropped; a line break, NUL or non-ASCII character inside is refused", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      for (const key of [`sk-${secretValue}\n`, `sk-${secretValue}\r\n`, `  sk-${secretValue}\t`]) {
        const connection = yield* Connection.make({ address: server.address, tls: false, apiKey: Redacted.make(key) })
        yield* connection.workflowService.describeNamespace({ namespace: "default" })
      }
      const sent = (yield* server.calls).map((call) => call.metadata["authorization"])
      assert.strictEqual(sent.length, 6, "three connects and three calls")
      for (const header of sent) assert.strictEqual(header, `Bearer sk-${secretValue}`)
      for (const [label, bad] of refusedValues.slice(0, 4)) {
        const key = `sk-${bad}tail`
        const error = yield* Effect.flip(
          Effect.scoped(Connection.make({ address: server.address, tls: false, apiKey: Redacted.make(key) }))
        )
        assert.strictEqual(error.reason, "InvalidConfig", label)
        assert.include(error.description, "apiKey")
        for (const text of [error.message, String(error), JSON.stringify(error)]) {
          assert.notInclude(text, secretValue, label)
        }
      }
      assert.strictEqual((yield* server.calls).length, 6, "a refused key sends nothing")
    }))

  it.effect("an API key from an Effect is read for every call; withApiKey sets one for a scope", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const reads = yield* Ref.make(0)
      const rotating = Effect.map(Ref.updateAndGet(reads, (n) => n + 1), (n) => Redacted.make(`sk-rotated-${n}`))
      const connection = yield* Connection.make({ address: server.address, tls: false, lazy: true, apiKey: rotating })
      yield* connection.workflowService.describeNamespace({ namespace: "default" })
      yield* connection.workflowService.describeNamespace({ namespace: "default" })
      yield* Connection.withApiKey(
        connection.workflowService.describeNamespace({ namespace: "default" }),
        Redacted.make("sk-tenant-b")
      )
      const sent = (yield* server.calls).map((call) => call.metadata["authorization"])
      assert.deepStrictEqual(sent, ["Bearer sk-rotated-1", "Bearer sk-rotated-2", "Bearer sk-tenant-b"])
      // A bad key from the provider is refused for that call, without the key in the error.
      const bad = yield* Connection.make({
        address: server.address,
        tls: false,
        lazy: true,
        apiKey: Effect.succeed(Redacted.make(`sk-${secretValue}\ninside`))
      })
      const error = yield* Effect.flip(bad.workflowService.describeNamespace({ namespace: "default" }))
      assert(error._tag === "ConnectionError")
      assert.strictEqual(error.reason, "InvalidConfig")
      assert.notInclude(error.message, secretValue)
      assert.strictEqual((yield* server.calls).length, 3)
    }))
})
