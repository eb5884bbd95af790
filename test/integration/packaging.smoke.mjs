// The example the packaging test runs from the packed tarball: a plain Node ESM
// program (no TypeScript, no tsx) in a fresh project that installed
// `effect-temporal` from its tarball, next to `effect`.
//
// It runs one small program, "approve an order" (start the `approveOrder`
// workflow, signal it, wait for its result), against two servers that need no
// Temporal:
//
// 1. `InMemoryTemporal` from `effect-temporal/testing`: the workflow is an
//    Effect function run in memory, behind the real `TemporalClient`;
// 2. `FakeGrpcServer` from `effect-temporal/testing`: a gRPC server on
//    loopback answering with canned responses, so the client's real gRPC
//    transport (`@grpc/grpc-js` and the `@temporalio/proto` root) is used.
//
// It prints one line per run; the test compares the output.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { Connection, DataConverter, TemporalClient, WorkflowDefinition } from "effect-temporal"
import { FakeConnection, FakeGrpcServer, InMemoryTemporal } from "effect-temporal/testing"

const ApproveOrder = WorkflowDefinition.make("approveOrder", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [Schema.Struct({ by: Schema.String })] }
})

const approveOrder = (orderId, by) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const handle = yield* client.startWorkflow(ApproveOrder, {
      id: `order-${orderId}`,
      taskQueue: "orders",
      args: [orderId]
    })
    yield* handle.signal("approve", { by })
    return yield* handle.result()
  })

const inMemory = approveOrder("42", "ann").pipe(
  Effect.provide(InMemoryTemporal.layer({
    workflows: {
      approveOrder: ([orderId], ctx) =>
        Effect.map(ctx.nextSignal("approve"), ([{ by }]) => `order ${orderId} approved by ${by}`)
    }
  }))
)

const overGrpc = Effect.gen(function*() {
  const server = yield* FakeGrpcServer.make({
    workflowService: {
      startWorkflowExecution: (request) => Effect.succeed({ runId: `run-of-${request.workflowId}`, started: true }),
      signalWorkflowExecution: () => Effect.succeed({}),
      getWorkflowExecutionHistory: () => Effect.succeed(FakeConnection.completedHistory("order 7 approved by bob"))
    }
  })
  const result = yield* approveOrder("7", "bob").pipe(
    Effect.provide(TemporalClient.layer().pipe(
      Layer.provide(Connection.layer({ address: server.address, lazy: true })),
      Layer.provide(DataConverter.Default)
    ))
  )
  const methods = (yield* server.calls).map((call) => call.method)
  return `${result} (gRPC calls: ${methods.join(", ")})`
}).pipe(Effect.scoped)

const main = Effect.gen(function*() {
  console.log(`in-memory: ${yield* inMemory}`)
  console.log(`over gRPC: ${yield* overGrpc}`)
})

// No process.exit on success: the program must end by itself once the
// scopes have closed the gRPC server and channel (nothing left open).
Effect.runPromise(main).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
