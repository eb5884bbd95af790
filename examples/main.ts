/**
 * `npm start`: connect to Temporal, look at the server and the namespace, and
 * drive a workflow through its whole life: start, signal, query, update,
 * result, then list and count.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker
 *   (the official `@temporalio/worker` running `test/fixtures/workflows.ts`),
 *   and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. Nothing runs the example
 *   workflows on that server unless `EXAMPLE_START_WORKER=1`.
 * - `TEMPORAL_NAMESPACE`: the namespace to use; default `default`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { randomUUID } from "node:crypto"
import * as TemporalClient from "../src/TemporalClient.js"
import * as WorkflowDefinition from "../src/WorkflowDefinition.js"
import * as Environment from "./support/environment.js"

/** The example workflow (`signalQueryUpdate` in test/fixtures/workflows.ts), described by Schemas. */
const Greeting = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Struct({ name: Schema.String, status: Schema.String, approvedBy: Schema.NullOr(Schema.String) }),
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [] },
  queries: { status: { args: [], result: Schema.String } },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

const describeServer = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  const { connection } = client
  const info = yield* connection.systemInfo
  const capabilities = Object.entries(info.capabilities ?? {}).filter(([, on]) => on === true).map(([name]) => name)
  yield* Console.log(`Connected to ${connection.address}: Temporal server ${info.serverVersion}`)
  yield* Console.log(`  capabilities: ${capabilities.join(", ")}`)
  const { config, namespaceInfo } = yield* connection.workflowService.describeNamespace({ namespace: client.namespace })
  const retention = Duration.seconds(Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0))
  const registered = namespaceInfo?.state === 1 ? "registered" : `state ${namespaceInfo?.state}`
  yield* Console.log(`Namespace ${namespaceInfo?.name}: ${registered}, retention ${Duration.format(retention)}`)
})

const runWorkflows = (taskQueue: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient

    const echoed = yield* client.executeWorkflow("echo", {
      id: `example-echo-${randomUUID()}`,
      taskQueue,
      args: [{ greeting: "Hello from effect-temporal", at: new Date().toISOString() }]
    })
    yield* Console.log(`Workflow echo returned ${JSON.stringify(echoed)}`)

    const handle = yield* client.startWorkflow(Greeting, {
      id: `example-greeting-${randomUUID()}`,
      taskQueue,
      args: ["World"]
    })
    yield* Console.log(`Started ${handle.workflowId} (run ${handle.resultRunId})`)
    yield* handle.signal("approve", { by: "ops" })
    yield* Console.log(`Query status: ${yield* handle.query("status")}`)
    const previous = yield* handle.executeUpdate("rename", "Effect")
    yield* Console.log(`Update rename: was "${previous}"`)
    yield* handle.signal("finish")
    const result = yield* handle.result()
    yield* Console.log(`Result: ${JSON.stringify(result)}`)

    const count = yield* client.countWorkflows(`TaskQueue = '${taskQueue}'`)
    yield* Console.log(`Workflows on ${taskQueue}: ${count.count} counted so far (visibility is eventually consistent)`)
    const listed = yield* client.listWorkflows(`TaskQueue = '${taskQueue}'`, { pageSize: 10 }).pipe(Stream.runCollect)
    for (const execution of listed) {
      yield* Console.log(`  ${execution.workflowType} ${execution.id}: ${execution.status}`)
    }
  })

const program = Effect.gen(function*() {
  yield* describeServer
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isSome(taskQueue)) yield* runWorkflows(taskQueue.value).pipe(Effect.timeout("60 seconds"))
})

program.pipe(
  Effect.provide(Environment.clientLayer()),
  NodeRuntime.runMain
)
