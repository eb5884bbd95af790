/**
 * Interceptors over decoded inputs: they see a call's arguments decoded by the client's data
 * converter and its headers, and what they pass on is encoded back into the request.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ClientInterceptors from "../../src/ClientInterceptors.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const decode = (payload: protoTypes.api.common.v1.IPayload | undefined) =>
  JSON.parse(new TextDecoder().decode(payload?.data ?? new Uint8Array()))

describe("decoded interceptors", () => {
  it.effect("see decoded arguments and headers, and what they pass on is what is sent", () =>
    Effect.gen(function*() {
      const seen: Array<unknown> = []
      const tenant = yield* DataConverter.defaultDataConverter.toPayload("acme")
      const interceptor = ClientInterceptors.decoded({
        startWorkflow: (input, next) => {
          seen.push([input.call, input.workflowId, input.name, input.args])
          return next({
            ...input,
            args: input.args.map((a) => String(a).toUpperCase()),
            headers: { ...input.headers, tenant }
          })
        },
        signalWorkflow: (input, next) => {
          seen.push([input.call, input.name, input.args])
          return next(input)
        }
      })
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startWorkflowExecution: () => Effect.succeed({ runId: "r", started: true }),
          signalWorkflowExecution: () => Effect.succeed({})
        }
      })
      yield* Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startWorkflow("greet", { id: "wf", taskQueue: "q", args: ["hello", "world"] })
        yield* handle.signal("poke", { n: 1 })
      }).pipe(Effect.provide(Layer.fresh(TemporalClient.layerConnect({
        address: server.address,
        lazy: true,
        interceptors: [interceptor]
      }))))
      assert.deepStrictEqual(seen, [["startWorkflow", "wf", "greet", ["hello", "world"]], ["signalWorkflow", "poke", [{
        n: 1
      }]]])
      const [start, signal] = yield* server.calls
      const request = start!.request as protoTypes.api.workflowservice.v1.IStartWorkflowExecutionRequest
      assert.deepStrictEqual(request.input?.payloads?.map(decode), ["HELLO", "WORLD"])
      assert.strictEqual(decode(request.header?.fields?.["tenant"]), "acme")
      const signalRequest = signal!.request as protoTypes.api.workflowservice.v1.ISignalWorkflowExecutionRequest
      assert.deepStrictEqual(signalRequest.input?.payloads?.map(decode), [{ n: 1 }])
    }))

  it.effect("an argument the converter cannot encode fails the call with InvalidArgumentError, before the RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { startWorkflowExecution: () => Effect.succeed({ runId: "r", started: true }) }
      })
      const error = yield* Effect.flip(
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          return yield* client.startWorkflow("greet", { id: "wf", taskQueue: "q", args: ["x"] })
        }).pipe(Effect.provide(Layer.fresh(TemporalClient.layerConnect({
          address: server.address,
          lazy: true,
          interceptors: [
            ClientInterceptors.decoded({ startWorkflow: (input, next) => next({ ...input, args: [() => 1] }) })
          ]
        }))))
      )
      assert.strictEqual(error._tag, "InvalidArgumentError")
      assert.deepStrictEqual(yield* server.calls, [])
    }))
})
