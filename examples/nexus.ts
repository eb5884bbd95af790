/**
 * `tsx examples/nexus.ts`: call Nexus operations from a client. A worker
 * serves the `contractNexus` service (a synchronous `echo`, and
 * `sleepWorkflow`, backed by a workflow run); this program creates an
 * endpoint routing to that worker's task queue, executes the synchronous
 * operation, starts the workflow-backed one, describes and cancels it,
 * counts what it ran, and deletes the endpoint.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server (with
 *   standalone Nexus operations on) and a worker, and stops both before
 *   exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there (the server must have
 *   `nexusoperation.enableStandalone` on); nothing serves the operations
 *   unless `EXAMPLE_START_WORKER=1`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { randomUUID } from "node:crypto"
import * as NexusClient from "../src/NexusClient.js"
import * as NexusEndpoints from "../src/NexusEndpoints.js"
import * as NexusServiceDefinition from "../src/NexusServiceDefinition.js"
import { contractNexusHandler } from "../test/fixtures/nexus.js"
import * as Environment from "./support/environment.js"

/** The service, as the client sees it: operation names with input and output Schemas. */
const Contract = NexusServiceDefinition.make("contractNexus", {
  operations: {
    echo: { input: Schema.Struct({ text: Schema.String }), output: Schema.Struct({ text: Schema.String }) },
    sleepWorkflow: { input: Schema.Number, output: Schema.String }
  }
})

const program = Effect.gen(function*() {
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return
  const { namespace } = yield* Environment.Environment
  const endpoints = yield* NexusEndpoints.NexusEndpoints
  const run = randomUUID().slice(0, 8)

  // 1. An endpoint routing to the worker's task queue.
  const endpoint = yield* endpoints.createEndpoint({
    name: `example-endpoint-${run}`,
    target: { _tag: "Worker", namespace, taskQueue: taskQueue.value },
    description: "created by examples/nexus.ts"
  })
  yield* Console.log(`Endpoint ${endpoint.name} created (version ${endpoint.version})`)

  const contract = yield* NexusClient.createNexusClient({ endpoint: endpoint.name, service: Contract })

  // 2. A synchronous operation: the handler answers at once.
  const echoed = yield* contract.executeOperation("echo", { text: "hello, Nexus" }, {
    id: `example-echo-${run}`,
    scheduleToCloseTimeout: "1 minute"
  })
  yield* Console.log(`Echo answered: ${echoed.text}`)

  // 3. A workflow-backed one: started, described, then cancelled.
  const sleeping = yield* contract.startOperation("sleepWorkflow", 600_000, {
    id: `example-sleep-${run}`,
    scheduleToCloseTimeout: "10 minutes",
    summary: "a long nap"
  })
  const started = yield* sleeping.describe().pipe(
    Effect.filterOrFail((d) => d.state === "Started", () => "not started yet" as const),
    Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo({ duration: "20 seconds" })))
  )
  yield* Console.log(`Sleep operation ${started.state}: "${started.summary}"`)
  yield* sleeping.cancel({ reason: "woken up" })
  const ended = yield* Effect.flip(sleeping.result())
  yield* Console.log(
    `Sleep operation ended: ${ended._tag}${ended._tag === "NexusOperationFailedError" ? ` (${ended.cause?._tag})` : ""}`
  )

  // 4. What went through the endpoint (visibility may lag a moment), then the endpoint goes.
  const counted = yield* NexusClient.countNexusOperations(`Endpoint = '${endpoint.name}'`).pipe(
    Effect.filterOrFail((c) => c.count >= 2, () => "not counted yet" as const),
    Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo({ duration: "20 seconds" })))
  )
  yield* Console.log(`Operations through the endpoint: ${counted.count}`)
  yield* endpoints.deleteEndpoint(endpoint.id)
  yield* Console.log("Endpoint deleted")
}).pipe(Effect.timeout("90 seconds"))

program.pipe(
  Effect.provide(
    Layer.mergeAll(NexusClient.layer, NexusEndpoints.layer).pipe(
      Layer.provideMerge(Environment.clientLayer({}, { workerOptions: { nexusServices: [contractNexusHandler] } }))
    )
  ),
  NodeRuntime.runMain
)
