/**
 * `rpcTimeout`: every operation checks it in one place, the per-call pipeline, before any RPC. A value
 * grpc-js cannot write as a deadline (`Number.MAX_SAFE_INTEGER` ms) used to make it throw inside a
 * promise, which ended the process; NaN, negative and zero values went through as well.
 */
import { assert, describe, it } from "@effect/vitest"
import * as grpc from "@grpc/grpc-js"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Connection from "../../src/Connection.js"
import { unaryCall } from "../../src/internal/transport/grpcJs.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const describeOk = {
  workflowExecutionInfo: {
    execution: { workflowId: "wf", runId: "run-1" },
    type: { name: "t" },
    startTime: { seconds: 1 },
    status: 1,
    taskQueue: "tq"
  }
}

const services: FakeGrpcServer.FakeServices = {
  workflowService: {
    describeWorkflowExecution: () => Effect.succeed(describeOk),
    describeNamespace: () => Effect.succeed({})
  }
}

/** Run `body` with a client connected (lazily) to `server`. */
const withClient = <A, E>(
  server: FakeGrpcServer.FakeGrpcServer,
  body: (client: TemporalClient.TemporalClientShape) => Effect.Effect<A, E>
) =>
  Effect.flatMap(TemporalClient.TemporalClient, body).pipe(
    Effect.provide(Layer.fresh(TemporalClient.layerConnect({ address: server.address, lazy: true })))
  )

const refused: ReadonlyArray<readonly [string, Duration.Input]> = [
  ["Number.MAX_SAFE_INTEGER ms", Number.MAX_SAFE_INTEGER],
  ["1e300 ms", 1e300],
  ["2^53 nanos as bigint, times 1e9", BigInt(Number.MAX_SAFE_INTEGER) * BigInt(1_000_000_000)],
  ["20 000 years", Duration.days(365 * 20_000)],
  ["NaN", Number.NaN],
  ["-1 ms", -1],
  ["\"-5 seconds\"", "-5 seconds" as Duration.Input],
  ["zero", 0],
  ["not a duration", "soon" as Duration.Input]
]

describe("rpcTimeout", () => {
  it.effect("is refused before any RPC on every handle operation, and the process survives", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      yield* withClient(server, (client) =>
        Effect.gen(function*() {
          const handle = client.getWorkflowHandle("wf")
          for (const [label, rpcTimeout] of refused) {
            const operations: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
              ["describe", handle.describe({ rpcTimeout })],
              ["signal", handle.signalWithOptions("s", { args: [], rpcTimeout })],
              ["query", handle.queryWithOptions("q", { args: [], rpcTimeout })],
              ["cancel", handle.cancel({ rpcTimeout })],
              ["terminate", handle.terminate({ rpcTimeout })],
              ["result", handle.result({ rpcTimeout })],
              ["startUpdate", handle.startUpdate("u", { args: [], rpcTimeout })],
              ["countWorkflows", client.countWorkflows("", { rpcTimeout })]
            ]
            for (const [name, operation] of operations) {
              const error = yield* Effect.flip(operation)
              assert.strictEqual(error._tag, "InvalidArgumentError", `${name} with rpcTimeout ${label}`)
              assert.strictEqual((error as unknown as { field: string }).field, "rpcTimeout", `${name} ${label}`)
            }
          }
        }))
      assert.strictEqual((yield* server.calls).length, 0, "no request reached the server")
    }))

  it.effect("is refused by the raw service clients as well", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const error = yield* Effect.flip(
        connection.workflowService.describeNamespace({ namespace: "default" }, { rpcTimeout: Number.MAX_SAFE_INTEGER })
      )
      assert(error._tag === "InvalidArgumentError")
      assert.strictEqual(error.field, "rpcTimeout")
      assert.include(error.message, "Duration.infinity")
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("Duration.infinity means no deadline; 10 000 years is still a deadline grpc-js can write", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      yield* withClient(server, (client) =>
        Effect.gen(function*() {
          const handle = client.getWorkflowHandle("wf")
          yield* handle.describe({ rpcTimeout: Duration.infinity })
          yield* handle.describe({ rpcTimeout: Infinity })
          yield* handle.describe({ rpcTimeout: Duration.days(365 * 10_000) })
        }))
      assert.strictEqual((yield* server.calls).length, 3)
    }))

  it.effect("a call grpc-js refuses to start (a closed channel) is a typed RpcError, not a defect", () =>
    Effect.gen(function*() {
      const client = new grpc.Client("127.0.0.1:1", grpc.credentials.createInsecure())
      client.close()
      const error = yield* Effect.flip(
        unaryCall(
          client,
          { path: "/x.Y/Z", name: "Z" },
          new Uint8Array(),
          new grpc.Metadata(),
          Infinity,
          true,
          () => {}
        )
      )
      assert.strictEqual(error._tag, "RpcError")
      assert.strictEqual(error.code, "CANCELLED")
      assert.include(error.message, "could not start")
    }))
})
