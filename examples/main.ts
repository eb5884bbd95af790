/**
 * `npm start`: connect to Temporal, look at the server and the namespace, and run a workflow
 * through the raw workflow service.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker (the official
 *   `@temporalio/worker` running `test/fixtures/workflows.ts`), and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. Nothing runs the example workflow on that
 *   server unless `EXAMPLE_START_WORKER=1`, which starts the worker against it too.
 * - `TEMPORAL_NAMESPACE`: the namespace to use; default `default`.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import proto from "@temporalio/proto"
import { bundleWorkflowCode, DefaultLogger } from "@temporalio/worker"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { randomUUID } from "node:crypto"
import { DevServerResource } from "../scripts/devServer.js"
import * as Connection from "../src/Connection.js"
import type * as TemporalError from "../src/TemporalError.js"
import { freshTaskQueue, withWorker } from "../test/support/worker.js"

const { EventType, HistoryEventFilterType, NamespaceState } = proto.temporal.api.enums.v1
type Payload = proto.temporal.api.common.v1.IPayload
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent

// -----------------------------------------------------------------------------
// Where the example runs
// -----------------------------------------------------------------------------

/** The server to talk to, and the task queue of a worker running the example workflows, if one runs. */
class Environment extends Context.Tag("example/Environment")<Environment, {
  readonly address: string
  readonly namespace: string
  readonly taskQueue: Option.Option<string>
}>() {}

/** Runs the official worker with the fixture workflows (bundled into a temporary directory) for the scope's life. */
const startWorker = (address: string, namespace: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const workflowsPath = yield* path.fromFileUrl(new URL("../test/fixtures/workflows.ts", import.meta.url))
    const { code } = yield* Effect.tryPromise(() =>
      bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger("WARN") })
    )
    const directory = yield* fs.makeTempDirectoryScoped({ prefix: "effect-temporal-example-" })
    const workflowBundlePath = path.join(directory, "workflows.js")
    yield* fs.writeFileString(workflowBundlePath, code)
    const taskQueue = freshTaskQueue("example")
    yield* withWorker({ address, namespace, taskQueue, workflowBundlePath })
    return taskQueue
  })

const EnvironmentLive = Layer.scoped(
  Environment,
  Effect.gen(function*() {
    const configured = yield* Config.option(Config.string("TEMPORAL_ADDRESS"))
    const namespace = yield* Config.string("TEMPORAL_NAMESPACE").pipe(Config.withDefault("default"))
    const wantWorker = yield* Config.boolean("EXAMPLE_START_WORKER").pipe(Config.withDefault(false))
    const address = yield* Option.match(configured, {
      onSome: Effect.succeed,
      onNone: () =>
        Console.log("TEMPORAL_ADDRESS is not set: starting a local Temporal dev server.").pipe(
          Effect.zipRight(DevServerResource),
          Effect.map((server) => server.address)
        )
    })
    const taskQueue = Option.isNone(configured) || wantWorker
      ? Option.some(yield* startWorker(address, namespace))
      : Option.none()
    return { address, namespace, taskQueue }
  })
).pipe(Layer.provide(NodeContext.layer))

const ConnectionLive = Layer.unwrapEffect(
  Effect.map(Environment, ({ address, namespace }) => Connection.layer({ address, namespace }))
)

const MainLive = ConnectionLive.pipe(Layer.provideMerge(EnvironmentLive))

// -----------------------------------------------------------------------------
// Workflows through the raw workflow service
// -----------------------------------------------------------------------------

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

/** A payload as every Temporal SDK writes JSON. */
const jsonPayload = (value: unknown): Payload => ({
  metadata: { encoding: utf8.encode("json/plain") },
  data: utf8.encode(JSON.stringify(value))
})

const fromJsonPayload = (payload: Payload | undefined): unknown =>
  payload?.data ? JSON.parse(fromUtf8.decode(payload.data)) : undefined

/** Long-polls the history for the workflow's close event, polling again while the server has none yet. */
const awaitCloseEvent = (
  connection: Connection.ConnectionShape,
  workflowId: string,
  runId: string,
  nextPageToken: Uint8Array = new Uint8Array()
): Effect.Effect<HistoryEvent, TemporalError.RpcError> =>
  connection.workflowService.getWorkflowExecutionHistory({
    namespace: connection.namespace,
    execution: { workflowId, runId },
    waitNewEvent: true,
    historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
    nextPageToken
  }).pipe(
    Effect.flatMap((response) => {
      const event = response.history?.events?.[0]
      return event !== undefined
        ? Effect.succeed(event)
        : awaitCloseEvent(connection, workflowId, runId, response.nextPageToken)
    })
  )

/** Starts `workflowType` with JSON arguments and waits for its JSON result. */
const executeWorkflow = (workflowType: string, taskQueue: string, args: ReadonlyArray<unknown>) =>
  Effect.gen(function*() {
    const connection = yield* Connection.Connection
    const workflowId = `example-${workflowType}-${randomUUID()}`
    const { runId } = yield* connection.workflowService.startWorkflowExecution({
      namespace: connection.namespace,
      workflowId,
      workflowType: { name: workflowType },
      taskQueue: { name: taskQueue },
      input: { payloads: args.map(jsonPayload) },
      identity: connection.identity,
      requestId: randomUUID()
    })
    const closed = yield* awaitCloseEvent(connection, workflowId, runId)
    const completed = closed.workflowExecutionCompletedEventAttributes
    if (closed.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED || !completed) {
      return yield* Effect.fail(new Error(`Workflow ${workflowId} closed with ${EventType[closed.eventType ?? 0]}`))
    }
    return { workflowId, result: fromJsonPayload(completed.result?.payloads?.[0]) }
  }).pipe(Effect.timeout("30 seconds"))

// -----------------------------------------------------------------------------
// The program
// -----------------------------------------------------------------------------

const program = Effect.gen(function*() {
  const connection = yield* Connection.Connection
  const { taskQueue } = yield* Environment

  const info = yield* connection.systemInfo
  const capabilities = Object.entries(info.capabilities ?? {}).filter(([, on]) => on === true).map(([name]) => name)
  yield* Console.log(`Connected to ${connection.address}: Temporal server ${info.serverVersion}`)
  yield* Console.log(`  capabilities: ${capabilities.join(", ")}`)

  const { config, namespaceInfo } = yield* connection.workflowService.describeNamespace({
    namespace: connection.namespace
  })
  const state = NamespaceState[namespaceInfo?.state ?? 0]?.replace("NAMESPACE_STATE_", "").toLowerCase()
  const retention = Duration.seconds(Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0))
  yield* Console.log(
    `Namespace ${namespaceInfo?.name}: ${state}, retention ${Duration.format(retention)}` +
      (namespaceInfo?.description ? `, "${namespaceInfo.description}"` : "")
  )

  if (Option.isNone(taskQueue)) {
    yield* Console.log("No worker runs here (set EXAMPLE_START_WORKER=1 to start one): skipping the workflow.")
    return
  }
  const input = { greeting: "Hello from effect-temporal", at: new Date().toISOString() }
  const { result, workflowId } = yield* executeWorkflow("echo", taskQueue.value, [input])
  yield* Console.log(`Workflow echo (${workflowId}) returned ${JSON.stringify(result)}`)
})

program.pipe(
  Effect.provide(MainLive),
  NodeRuntime.runMain
)
