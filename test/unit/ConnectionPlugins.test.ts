/**
 * Plugins around the connect step (`connect`, run around `Connection.make` by `layerConnect`), and
 * plugins' client configuration under `TemporalClient.layer` (an existing connection).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as ClientInterceptors from "../../src/ClientInterceptors.js"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import { ConnectionError } from "../../src/schema/TemporalError.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const fakeServices: FakeGrpcServer.FakeServices = {
  workflowService: {
    getSystemInfo: () => Effect.succeed({ serverVersion: "fake", capabilities: {} }),
    startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true })
  }
}

describe("plugin connect", () => {
  it.effect("wraps Connection.make, earlier plugins outermost; may change the options and the connection", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(fakeServices)
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const record = (entry: string) => Ref.update(log, (l) => [...l, entry])
      const recorder: TemporalClient.ClientPlugin = {
        name: "recorder",
        connect: (options, next) =>
          Effect.gen(function*() {
            yield* record(`recorder:before:${options.address}:${String(options.rpcMetadata?.["x-from"])}`)
            const connection = yield* next({ ...options, rpcMetadata: { ...options.rpcMetadata, "x-recorded": "yes" } })
            yield* record("recorder:after")
            return connection
          })
      }
      const wrapper: TemporalClient.ClientPlugin = {
        name: "wrapper",
        configureConnection: (options) => ({
          ...options,
          rpcMetadata: { ...options.rpcMetadata, "x-from": "configure" }
        }),
        connect: (options, next) =>
          Effect.gen(function*() {
            yield* record(`wrapper:before:${String(options.rpcMetadata?.["x-recorded"])}`)
            const connection = yield* next(options)
            yield* record("wrapper:after")
            return { ...connection, identity: "wrapped-identity" }
          })
      }
      const layer = TemporalClient.layerConnect({
        address: server.address,
        lazy: true,
        plugins: [recorder, wrapper]
      })
      const [connection, client, call] = yield* Effect.gen(function*() {
        const connection = yield* Connection.Connection
        const client = yield* TemporalClient.TemporalClient
        yield* connection.workflowService.getSystemInfo({})
        const [call] = yield* server.calls
        return [connection, client, call] as const
      }).pipe(Effect.provide(Layer.fresh(layer)))
      assert.deepStrictEqual(yield* Ref.get(log), [
        `recorder:before:${server.address}:configure`,
        "wrapper:before:yes",
        "wrapper:after",
        "recorder:after"
      ])
      assert.strictEqual(connection.identity, "wrapped-identity")
      assert.strictEqual(client.identity, "wrapped-identity")
      assert.strictEqual(call!.metadata["x-recorded"], "yes")
      assert.strictEqual(call!.metadata["x-from"], "configure")
    }))

  it.effect("a plugin's ConnectionError fails the Layer, typed; it may also retry next", () =>
    Effect.gen(function*() {
      const refusing: TemporalClient.ClientPlugin = {
        name: "refusing",
        connect: (options) =>
          Effect.fail(
            new ConnectionError({
              reason: "InvalidConfig",
              address: options.address ?? "",
              description: "refused by plugin"
            })
          )
      }
      const error = yield* Effect.flip(
        Effect.provide(
          Effect.gen(function*() {
            return yield* TemporalClient.TemporalClient
          }),
          Layer.fresh(TemporalClient.layerConnect({ address: "127.0.0.1:1", lazy: true, plugins: [refusing] }))
        )
      )
      assert(error._tag === "ConnectionError")
      assert.strictEqual(error.description, "refused by plugin")

      const server = yield* FakeGrpcServer.make(fakeServices)
      const attempts = yield* Ref.make(0)
      const fallback: TemporalClient.ClientPlugin = {
        name: "fallback",
        connect: (options, next) =>
          Effect.catch(
            Effect.andThen(Ref.update(attempts, (n) => n + 1), next(options)),
            () => Effect.andThen(Ref.update(attempts, (n) => n + 1), next({ ...options, address: server.address }))
          )
      }
      const address = yield* Effect.provide(
        Effect.gen(function*() {
          const connection = yield* Connection.Connection
          yield* connection.workflowService.getSystemInfo({})
          return connection.address
        }),
        Layer.fresh(TemporalClient.layerConnect({ address: " ", lazy: true, plugins: [fallback] }))
      )
      assert.strictEqual(address, server.address)
      assert.strictEqual(yield* Ref.get(attempts), 2)
    }))
})

describe("TemporalClient.layer plugins", () => {
  it.effect("configureClient runs on an existing connection's client: options, interceptors, data converter", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(fakeServices)
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const seen = yield* Ref.make<ReadonlyArray<number>>([])
      const interceptor = (name: string): ClientInterceptors.ClientInterceptor => ({
        startWorkflow: (input, next) => Effect.andThen(Ref.update(log, (l) => [...l, name]), next(input))
      })
      const plugin = (name: string): TemporalClient.ClientPlugin => ({
        name,
        configureClient: (options) => {
          Effect.runSync(Ref.update(seen, (s) => [...s, options.interceptors?.length ?? -1]))
          return {
            ...options,
            namespace: `${options.namespace ?? "ns"}+${name}`,
            interceptors: [...(options.interceptors ?? []), interceptor(name)]
          }
        }
      })
      const layer = TemporalClient.layer({ plugins: [plugin("first"), plugin("second")] }).pipe(
        Layer.provide(ClientInterceptors.layer(interceptor("context"))),
        Layer.provide(Layer.merge(Connection.layer({ address: server.address, lazy: true }), DataConverter.Default))
      )
      const namespace = yield* Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        yield* client.startWorkflow("Greet", { id: "wf-1", taskQueue: "q", args: [] })
        return client.namespace
      }).pipe(Effect.provide(Layer.fresh(layer)))
      assert.strictEqual(namespace, "ns+first+second")
      assert.deepStrictEqual(yield* Ref.get(seen), [1, 2], "the context's interceptors are the starting point")
      assert.deepStrictEqual(yield* Ref.get(log), ["context", "first", "second"])
      const [start] = yield* server.calls
      assert.strictEqual((start!.request as { namespace?: string }).namespace, "ns+first+second")
    }))

  it.effect("without plugins it is the plain client", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(fakeServices)
      const layer = TemporalClient.layer({ namespace: "plain" }).pipe(
        Layer.provide(Layer.merge(Connection.layer({ address: server.address, lazy: true }), DataConverter.Default))
      )
      const client = yield* Effect.provide(
        Effect.gen(function*() {
          return yield* TemporalClient.TemporalClient
        }),
        Layer.fresh(layer)
      )
      assert.strictEqual(client.namespace, "plain")
    }))
})
