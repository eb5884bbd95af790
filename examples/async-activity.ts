/**
 * `tsx examples/async-activity.ts`: complete an activity from outside its
 * worker. The `asyncCompletionWorkflow` runs the activity `completeAsync`,
 * which heartbeats its task token and tells the worker it will complete
 * asynchronously. This program then heartbeats and completes one run of it
 * by activity ID, fails another by task token, and shows a heartbeat learning
 * that its workflow was cancelled.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker,
 *   and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there; nothing runs the workflows
 *   unless `EXAMPLE_START_WORKER=1`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { randomUUID } from "node:crypto"
import * as AsyncActivityHandle from "../src/AsyncActivityHandle.js"
import * as Failure from "../src/Failure.js"
import * as TemporalClient from "../src/TemporalClient.js"
import * as WorkflowDefinition from "../src/WorkflowDefinition.js"
import * as Environment from "./support/environment.js"

const AsyncCompletion = WorkflowDefinition.make("asyncCompletionWorkflow", { args: [], result: Schema.String })
const activityId = "async-1"

/** The payment activity of one order, as a service of its own. */
class PaymentActivity extends AsyncActivityHandle.Tag<PaymentActivity>()("example/PaymentActivity") {}

/** Wait until the activity has heartbeated its task token (what an external system would be handed). */
const taskTokenOf = (workflowId: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const description = yield* client.connection.workflowService.describeWorkflowExecution({
      namespace: client.namespace,
      execution: { workflowId }
    })
    const activity = description.pendingActivities?.find((pending) => pending.activityId === activityId)
    const payloads = activity?.heartbeatDetails?.payloads ?? []
    if (payloads.length === 0) return yield* Effect.fail("not yet" as const)
    const [details] = yield* client.dataConverter.fromPayloads(payloads, [Schema.Struct({ taskToken: Schema.String })])
    return new Uint8Array(Buffer.from(details.taskToken, "base64"))
  }).pipe(Effect.retry({
    while: (e) => e === "not yet",
    schedule: Schedule.spaced("100 millis").pipe(Schedule.upTo({ duration: "20 seconds" }))
  }))

const program = Effect.gen(function*() {
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return
  const client = yield* TemporalClient.TemporalClient

  // 1. By activity ID, through the derived service: heartbeat, then complete.
  const paid = yield* client.startWorkflow(AsyncCompletion, {
    id: `example-async-${randomUUID()}`,
    taskQueue: taskQueue.value
  })
  yield* taskTokenOf(paid.workflowId)
  yield* Effect.gen(function*() {
    const payment = yield* PaymentActivity
    yield* payment.heartbeat({ progress: "charging card" })
    yield* payment.complete("payment captured")
  }).pipe(Effect.provide(PaymentActivity.layer({ workflowId: paid.workflowId, activityId })))
  yield* Console.log(`Completed by ID: workflow returned "${yield* paid.result()}"`)

  // 2. By task token: fail it; the workflow fails with the activity's failure as the cause.
  const declined = yield* client.startWorkflow(AsyncCompletion, {
    id: `example-async-${randomUUID()}`,
    taskQueue: taskQueue.value
  })
  const taskToken = yield* taskTokenOf(declined.workflowId)
  yield* client.getAsyncActivityHandle({ taskToken }).fail(
    new Failure.ApplicationFailure({ message: "card declined", type: "CardDeclined", nonRetryable: true })
  )
  const failure = yield* Effect.flip(declined.result())
  const chain = failure._tag === "WorkflowFailedError" && Failure.isTemporalFailure(failure.cause)
    ? Failure.causeChain(failure.cause).map((f) => `${f._tag}(${f.message})`).join(" <- ")
    : failure._tag
  yield* Console.log(`Failed by task token: ${failure._tag}: ${chain}`)

  // 3. Cancellation seen by a heartbeat, then reported.
  const cancelled = yield* client.startWorkflow(AsyncCompletion, {
    id: `example-async-${randomUUID()}`,
    taskQueue: taskQueue.value
  })
  yield* taskTokenOf(cancelled.workflowId)
  yield* cancelled.cancel({ reason: "order withdrawn" })
  const activity = client.getAsyncActivityHandle({ workflowId: cancelled.workflowId, activityId })
  // Heartbeat until the cancellation reaches the activity (a heartbeat answers it).
  const seen = yield* activity.heartbeat().pipe(
    Effect.andThen(Effect.sleep("100 millis")),
    Effect.forever,
    Effect.timeout("20 seconds"),
    Effect.flip
  )
  yield* Console.log(
    `Heartbeat after cancel: ${seen._tag}${seen._tag === "AsyncActivityCancelledError" ? ` (${seen.reason})` : ""}`
  )
  yield* activity.reportCancellation()
  const ended = yield* Effect.flip(cancelled.result())
  yield* Console.log(
    `Workflow ended with ${ended._tag === "WorkflowFailedError" ? ended.cause?._tag : ended._tag}`
  )
}).pipe(Effect.timeout("60 seconds"))

program.pipe(
  Effect.provide(Environment.clientLayer()),
  NodeRuntime.runMain
)
