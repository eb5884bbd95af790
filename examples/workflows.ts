/**
 * The workflow client end to end: execute a workflow, start one and signal, query and update it,
 * update-with-start, list what ran, and wait for results.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker (the official
 *   `@temporalio/worker` running `test/fixtures/workflows.ts`), and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. Nothing runs the example workflows on that
 *   server unless `EXAMPLE_START_WORKER=1`, which starts the worker against it too.
 * - `TEMPORAL_NAMESPACE`: the namespace to use; default `default`.
 *
 * (examples/support/environment.ts sets this up.)
 *
 * Run it with `npx tsx examples/workflows.ts`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { randomUUID } from "node:crypto"
import * as TemporalClient from "../src/TemporalClient.js"
import * as WorkflowDefinition from "../src/WorkflowDefinition.js"
import * as Environment from "./support/environment.js"

// -----------------------------------------------------------------------------
// The workflows, as the worker registers them (test/fixtures/workflows.ts)
// -----------------------------------------------------------------------------

/** `echo(value)` returns its argument. */
const Echo = WorkflowDefinition.make("echo", { args: [Schema.Unknown], result: Schema.Unknown })

/** A workflow that waits for `finish`, with a query, a signal and two updates. */
const Greeting = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Struct({ name: Schema.String, status: Schema.String }),
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [] },
  queries: { status: { args: [], result: Schema.String } },
  updates: {
    rename: { args: [Schema.String], result: Schema.String },
    slowUpdate: { args: [Schema.Number], result: Schema.String }
  }
})

// -----------------------------------------------------------------------------
// The program
// -----------------------------------------------------------------------------

const runExamples = (taskQueue: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const id = (name: string) => `example-${name}-${randomUUID()}`

    // Execute: start and wait for the result in one call.
    const echoed = yield* client.executeWorkflow(Echo, {
      id: id("echo"),
      taskQueue,
      args: [{ greeting: "Hello from effect-temporal" }]
    })
    yield* Console.log(`executeWorkflow echo → ${JSON.stringify(echoed)}`)

    // Start, then talk to the workflow through its handle.
    const greeting = yield* client.startWorkflow(Greeting, { id: id("greeting"), taskQueue, args: ["Ada"] })
    yield* Console.log(`startWorkflow signalQueryUpdate → run ${greeting.resultRunId}`)
    yield* greeting.signal("approve", { by: "ops" })
    yield* Console.log(`query status → ${yield* greeting.query("status")}`)
    const previous = yield* greeting.executeUpdate("rename", "Grace")
    yield* Console.log(`executeUpdate rename → previous name ${previous}`)
    const slow = yield* greeting.startUpdate("slowUpdate", { args: [200], waitForStage: "Accepted" })
    yield* Console.log(`startUpdate slowUpdate → accepted as ${slow.updateId}`)
    yield* Console.log(`update result → ${yield* slow.result()}`)

    // Update-with-start: the update starts the workflow when it is not running.
    const withStartId = id("update-with-start")
    const operation = TemporalClient.withStartWorkflowOperation(Greeting, {
      id: withStartId,
      taskQueue,
      idConflictPolicy: "UseExisting",
      args: ["Ken"]
    })
    const { updateHandle, workflowHandle } = yield* client.startUpdateWithStart("rename", {
      args: ["Linus"],
      startWorkflowOperation: operation
    })
    yield* Console.log(`startUpdateWithStart rename → previous name ${yield* updateHandle.result()}`)

    // Results: finish both workflows and wait for them.
    yield* greeting.signal("finish")
    yield* workflowHandle.signal("finish")
    yield* Console.log(`result signalQueryUpdate → ${JSON.stringify(yield* greeting.result())}`)
    yield* Console.log(`result update-with-start → ${JSON.stringify(yield* workflowHandle.result())}`)

    // List: visibility lags a little behind, so ask again (bounded) until all three closed runs show.
    const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`
    const listed = yield* Stream.runCollect(client.listWorkflows(query)).pipe(
      Effect.filterOrFail(
        (executions) => executions.length >= 3,
        () => new Error("the three workflows are not visible yet")
      ),
      Effect.retry({ schedule: Schedule.spaced("200 millis"), times: 50 })
    )
    yield* Console.log(`listWorkflows ${query} → ${listed.length} executions`)
    for (const execution of [...listed].sort((a, b) => a.id.localeCompare(b.id))) {
      yield* Console.log(`  ${execution.workflowType} ${execution.id} ${execution.status ?? ""}`)
    }
    const { count } = yield* client.countWorkflows(`TaskQueue = '${taskQueue}'`)
    yield* Console.log(`countWorkflows → ${count}`)
  })

const program = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  yield* Console.log(`Connected to ${client.connection.address}, namespace ${client.namespace}`)
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return
  yield* runExamples(taskQueue.value).pipe(Effect.timeout("60 seconds"))
  yield* Console.log("Done.")
})

program.pipe(
  Effect.provide(Environment.clientLayer()),
  NodeRuntime.runMain
)
