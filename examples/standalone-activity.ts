/**
 * `tsx examples/standalone-activity.ts`: run activities without a workflow.
 * A worker runs the activities `echoActivity` and `heartbeatLoop`; this
 * program starts one through the `ActivityClient` service and waits for its
 * result, follows a long-running one as a service of its own (describe its
 * heartbeats, pause, unpause, cancel), and lists what it started.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker,
 *   and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there; nothing runs the activities
 *   unless `EXAMPLE_START_WORKER=1`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { randomUUID } from "node:crypto"
import * as ActivityClient from "../src/ActivityClient.js"
import * as ActivityDefinition from "../src/ActivityDefinition.js"
import * as ActivityHandle from "../src/ActivityHandle.js"
import * as Environment from "./support/environment.js"

/** A receipt printer: echoes the order it is given. */
const PrintReceipt = ActivityDefinition.make("echoActivity", {
  args: [Schema.Struct({ orderId: Schema.String, total: Schema.Number })],
  result: Schema.Struct({ orderId: Schema.String, total: Schema.Number })
})

/** A long export that heartbeats its progress. */
const ExportData = ActivityDefinition.make("heartbeatLoop", {
  args: [Schema.Number],
  result: Schema.String,
  heartbeatDetails: Schema.Struct({ step: Schema.Number })
})

/** The export of one run, as a service of its own. */
class NightlyExport extends ActivityHandle.Tag<NightlyExport>()("example/NightlyExport", ExportData) {}

const program = Effect.gen(function*() {
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return
  const run = randomUUID()

  // 1. Execute one activity and wait for its typed result.
  const receipt = yield* ActivityClient.executeActivity(PrintReceipt, {
    id: `example-receipt-${run}`,
    taskQueue: taskQueue.value,
    args: [{ orderId: "order-42", total: 19.99 }],
    startToCloseTimeout: "30 seconds"
  })
  yield* Console.log(`Receipt: ${receipt.orderId} for ${receipt.total}`)

  // 2. A long one, followed through its own service: progress, pause, unpause, cancel.
  yield* Effect.gen(function*() {
    const exporting = yield* NightlyExport
    const progress = yield* exporting.describe({ includeHeartbeatDetails: true }).pipe(
      Effect.filterOrFail((d) => (d.heartbeatDetails?.length ?? 0) > 0, () => "no heartbeat yet" as const),
      Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo({ duration: "20 seconds" })))
    )
    yield* Console.log(`Export running: attempt ${progress.attempt}, heartbeats recorded`)
    yield* exporting.pause({ reason: "maintenance window" })
    const paused = yield* exporting.describe().pipe(
      Effect.filterOrFail((d) => d.status === "Paused", () => "not paused yet" as const),
      Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo({ duration: "20 seconds" })))
    )
    yield* Console.log(`Export ${paused.status}`)
    yield* exporting.unpause({ reason: "maintenance over" })
    yield* exporting.cancel({ reason: "superseded" })
    const ended = yield* Effect.flip(exporting.result())
    yield* Console.log(
      `Export ended: ${ended._tag}${ended._tag === "ActivityFailedError" ? ` (${ended.cause?._tag})` : ""}`
    )
  }).pipe(
    Effect.provide(NightlyExport.layerStart({
      id: `example-export-${run}`,
      taskQueue: taskQueue.value,
      args: [100_000],
      startToCloseTimeout: "5 minutes",
      heartbeatTimeout: "1 second"
    }))
  )

  // 3. What ran on this task queue (visibility may lag a moment).
  const listed = yield* Stream.runCollect(ActivityClient.listActivities(`TaskQueue = '${taskQueue.value}'`)).pipe(
    Effect.filterOrFail((all) => all.length >= 2, () => "not listed yet" as const),
    Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo({ duration: "20 seconds" })))
  )
  yield* Console.log(`Listed: ${listed.map((a) => `${a.activityType}=${a.status}`).sort().join(", ")}`)
}).pipe(Effect.timeout("90 seconds"))

program.pipe(
  Effect.provide(ActivityClient.layer.pipe(Layer.provideMerge(Environment.clientLayer()))),
  NodeRuntime.runMain
)
