/**
 * Client interceptors and layerConnect plugins against the in-process fake gRPC server: the order
 * interceptors run in, a header field and RPC metadata they add as the server sees them, and
 * plugins applied in order.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as ClientInterceptors from "../../src/ClientInterceptors.js"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import { temporal as loadTemporal } from "../../src/internal/proto/root.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { jsonPayload as json } from "../support/fakeClient.js"

const proto = loadTemporal()

const fromUtf8 = new TextDecoder()

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  signals: { anything: [] }
})

const fakeServices: FakeGrpcServer.FakeServices = {
  workflowService: {
    startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }),
    signalWorkflowExecution: () => Effect.succeed({}),
    getWorkflowExecutionHistory: () =>
      Effect.succeed({
        history: {
          events: [{
            eventId: 5,
            eventType: proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
            workflowExecutionCompletedEventAttributes: { result: { payloads: [json("hi")] } }
          }]
        }
      })
  }
}

/** An interceptor that logs `${name}:${call}:before/after` around every call it sees. */
const recording = (
  name: string,
  log: Ref.Ref<ReadonlyArray<string>>,
  extra: ClientInterceptors.ClientInterceptor = {}
): ClientInterceptors.ClientInterceptor => {
  const around = <A, E>(call: string, effect: Effect.Effect<A, E>) =>
    Effect.andThen(
      Ref.update(log, (l) => [...l, `${name}:${call}:before`]),
      Effect.tap(effect, () => Ref.update(log, (l) => [...l, `${name}:${call}:after`]))
    )
  return {
    startWorkflow: (input, next) =>
      around("startWorkflow", extra.startWorkflow ? extra.startWorkflow(input, next) : next(input)),
    signalWorkflow: (input, next) => around("signalWorkflow", next(input)),
    getWorkflowResult: (input, next) => around("getWorkflowResult", next(input))
  }
}

/** Adds a `trace-id` header field to every start request (header propagation). */
const headerPropagation: ClientInterceptors.ClientInterceptor = {
  startWorkflow: (input, next) =>
    next({
      ...input,
      request: {
        ...input.request,
        header: { fields: { ...input.request.header?.fields, "trace-id": json("trace-123") } }
      }
    })
}

/** Adds `x-tenant` RPC metadata to every start. */
const tenantMetadata: ClientInterceptors.ClientInterceptor = {
  startWorkflow: (input, next) =>
    next({ ...input, options: { ...input.options, rpcMetadata: { ...input.options.rpcMetadata, "x-tenant": "t-1" } } })
}

const program = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  const handle = yield* client.startWorkflow(Greet, {
    id: "wf",
    taskQueue: "q",
    args: ["a"],
    headers: { "from-options": json("kept") }
  })
  yield* handle.signal("anything")
  return yield* handle.result()
})

describe("ClientInterceptors", () => {
  it.effect("run outermost first; a header field and RPC metadata they add reach the server", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(fakeServices)
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const result = yield* program.pipe(
        Effect.provide(Layer.fresh(TemporalClient.layerConnect({
          address: server.address,
          lazy: true,
          interceptors: [recording("outer", log, headerPropagation), recording("inner", log, tenantMetadata)]
        })))
      )
      assert.strictEqual(result, "hi")
      assert.deepStrictEqual(yield* Ref.get(log), [
        "outer:startWorkflow:before",
        "inner:startWorkflow:before",
        "inner:startWorkflow:after",
        "outer:startWorkflow:after",
        "outer:signalWorkflow:before",
        "inner:signalWorkflow:before",
        "inner:signalWorkflow:after",
        "outer:signalWorkflow:after",
        "outer:getWorkflowResult:before",
        "inner:getWorkflowResult:before",
        "inner:getWorkflowResult:after",
        "outer:getWorkflowResult:after"
      ])
      const [start, signal] = yield* server.calls
      const fields = (start!.request as temporal.api.workflowservice.v1.StartWorkflowExecutionRequest).header!.fields!
      assert.deepStrictEqual(Object.keys(fields).sort(), ["from-options", "trace-id"])
      assert.strictEqual(fromUtf8.decode(fields["trace-id"]!.data!), "\"trace-123\"")
      assert.strictEqual(start!.metadata["x-tenant"], "t-1")
      assert.isUndefined(signal!.metadata["x-tenant"], "the metadata was added to the start only")
    }))

  it.effect("ClientInterceptors.layer with TemporalClient.layer", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(fakeServices)
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const layer = TemporalClient.layer().pipe(
        Layer.provide(ClientInterceptors.layer(recording("only", log), tenantMetadata)),
        Layer.provide(Layer.merge(Connection.layer({ address: server.address, lazy: true }), DataConverter.Default))
      )
      yield* program.pipe(Effect.provide(Layer.fresh(layer)))
      assert.include(yield* Ref.get(log), "only:startWorkflow:before")
      assert.strictEqual((yield* server.calls)[0]!.metadata["x-tenant"], "t-1")
    }))
})

describe("layerConnect plugins", () => {
  it.effect("are applied in the order given, to the client options and to the connection options", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(fakeServices)
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const plugin = (name: string): TemporalClient.ClientPlugin => ({
        name,
        configureClient: (options) => ({
          ...options,
          identity: `${options.identity ?? "base"}+${name}`,
          interceptors: [...(options.interceptors ?? []), recording(name, log)]
        }),
        configureConnection: (options) => ({
          ...options,
          rpcMetadata: {
            ...options.rpcMetadata,
            "x-plugins": [options.rpcMetadata?.["x-plugins"], name].filter(Boolean).join(",")
          }
        })
      })
      yield* program.pipe(
        Effect.provide(Layer.fresh(TemporalClient.layerConnect({
          address: server.address,
          lazy: true,
          plugins: [plugin("first"), plugin("second")]
        })))
      )
      const entries = yield* Ref.get(log)
      assert.deepStrictEqual(entries.slice(0, 4), [
        "first:startWorkflow:before",
        "second:startWorkflow:before",
        "second:startWorkflow:after",
        "first:startWorkflow:after"
      ])
      const [start] = yield* server.calls
      assert.strictEqual(start!.metadata["x-plugins"], "first,second")
      assert.strictEqual(
        (start!.request as temporal.api.workflowservice.v1.StartWorkflowExecutionRequest).identity,
        "base+first+second"
      )
    }))
})
