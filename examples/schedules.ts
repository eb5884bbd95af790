/**
 * `tsx examples/schedules.ts`: a schedule's life. Create a schedule that starts the `echo`
 * workflow every hour, trigger it now and wait for the workflow it started, pause it, change it
 * (a conflict-safe update), describe it, and delete it.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker (the official
 *   `@temporalio/worker` running `test/fixtures/workflows.ts`), and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. Nothing runs the started workflow on that
 *   server unless `EXAMPLE_START_WORKER=1`, which starts the worker against it too; without a
 *   worker the example does not wait for the workflow's result (and terminates it).
 * - `TEMPORAL_NAMESPACE`: the namespace to use; default `default`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import { randomUUID } from "node:crypto"
import * as ScheduleClient from "../src/ScheduleClient.js"
import * as TemporalClient from "../src/TemporalClient.js"
import * as Environment from "./support/environment.js"

// -----------------------------------------------------------------------------
// The program
// -----------------------------------------------------------------------------

const program = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  const schedules = yield* ScheduleClient.ScheduleClient
  const { taskQueue } = yield* Environment.Environment
  const scheduleId = `example-schedule-${randomUUID()}`

  // 1. Create: start `echo` every hour (on the hour plus 7 minutes).
  const handle = yield* schedules.createSchedule(scheduleId, {
    action: {
      workflow: "echo",
      id: `example-echo-${randomUUID()}`,
      taskQueue: Option.getOrElse(taskQueue, () => "example-no-worker"),
      args: [{ greeting: "Hello from a schedule" }]
    },
    spec: { intervals: [{ every: "1 hour", offset: "7 minutes" }] },
    policy: { overlap: "Skip" }
  }, { memo: { owner: "examples" } })
  yield* Console.log(`Created schedule ${handle.id}`)

  // 2. Trigger: take the action now, then find the workflow it started.
  yield* handle.trigger()
  const started = yield* handle.describe().pipe(
    Effect.flatMap((d) =>
      Option.match(Option.fromNullishOr(d.info.recentActions[0]), {
        onNone: () => Effect.fail("no action yet" as const),
        onSome: Effect.succeed
      })
    ),
    Effect.retry({ schedule: Schedule.spaced("200 millis"), times: 100 }),
    Effect.orDie
  )
  const workflowId = started.action.workflowId
  yield* Console.log(`Triggered: it started workflow ${workflowId}`)
  const workflow = client.getWorkflowHandle(workflowId, { firstExecutionRunId: started.action.firstExecutionRunId })
  if (Option.isSome(taskQueue)) {
    const result = yield* workflow.result().pipe(Effect.timeout("30 seconds"))
    yield* Console.log(`Workflow ${workflowId} returned ${JSON.stringify(result)}`)
  } else {
    yield* Console.log("No worker runs here (set EXAMPLE_START_WORKER=1 to start one): terminating the workflow.")
    yield* workflow.terminate({ reason: "no worker in this example run" })
  }

  // 3. Pause, with a note.
  yield* handle.pause("paused by examples/schedules.ts")

  // 4. Update: move it to every 30 minutes. The updater gets the current description and returns
  //    the new schedule; were the schedule changed by someone else meanwhile, it would run again on
  //    the new state instead of overwriting their change.
  yield* handle.update(({ description }) =>
    Effect.succeed({
      schedule: {
        ...description.schedule,
        spec: { ...description.schedule.spec, intervals: [{ every: "30 minutes" }] }
      }
    })
  )

  // 5. Describe.
  const d = yield* handle.describe()
  const every = d.schedule.spec.intervals.map((i) => Duration.format(i.every)).join(", ")
  yield* Console.log(
    `Described: paused=${d.schedule.state.paused} note="${d.schedule.state.note ?? ""}", every ${every}, ` +
      `${d.info.numActions} action(s) taken, workflow type ${d.schedule.action.workflow}`
  )

  // 6. Delete; the schedule is gone afterwards.
  yield* handle.delete()
  const gone = yield* Effect.flip(handle.describe())
  yield* Console.log(`Deleted: describing it again gives ${gone._tag}`)
})

program.pipe(
  Effect.provide(ScheduleClient.layer.pipe(Layer.provideMerge(Environment.clientLayer()))),
  NodeRuntime.runMain
)
