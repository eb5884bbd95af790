/**
 * `tsx examples/operations.ts`: an operator's script. It finds the failed
 * workflows of one type (here, three runs of `failWithCause` it starts for
 * the purpose), resets them all in one batch operation to their first
 * workflow task, and prints the batch's progress until it ends, then the
 * task queue's pollers and the namespace's retention.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker,
 *   and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there; nothing runs the workflows
 *   unless `EXAMPLE_START_WORKER=1`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { randomUUID } from "node:crypto"
import * as BatchClient from "../src/BatchClient.js"
import * as NamespaceClient from "../src/NamespaceClient.js"
import * as TaskQueueClient from "../src/TaskQueueClient.js"
import * as TemporalClient from "../src/TemporalClient.js"
import * as Environment from "./support/environment.js"

const program = Effect.gen(function*() {
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return
  const client = yield* TemporalClient.TemporalClient
  const batches = yield* BatchClient.BatchClient

  // Three workflows that fail (in real life: the ones a bad deploy broke).
  for (let i = 0; i < 3; i++) {
    const handle = yield* client.startWorkflow("failWithCause", {
      id: `example-ops-${randomUUID()}`,
      taskQueue: taskQueue.value
    })
    yield* Effect.flip(handle.result())
  }

  // 1. Find them: failed runs of the type, on this task queue.
  const query = `WorkflowType = 'failWithCause' AND ExecutionStatus = 'Failed' AND TaskQueue = '${taskQueue.value}'`
  const failed = yield* client.countWorkflows(query).pipe(
    Effect.filterOrFail((count) => count.count >= 3, () => "not visible yet" as const),
    Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo({ duration: "20 seconds" })))
  )
  yield* Console.log(`Failed workflows found: ${failed.count}`)

  // 2. Reset them all, in one batch, to their first workflow task.
  const jobId = yield* batches.start({
    operation: { _tag: "Reset", target: "FirstWorkflowTask" },
    query,
    reason: "retry after the fix"
  })
  yield* Console.log(`Batch started: ${jobId.length > 0 ? "yes" : "no"}`)

  // 3. Follow it until it ends.
  const last = yield* batches.progress(jobId, { interval: "200 millis" }).pipe(
    Stream.tap((progress) =>
      Console.log(
        `  ${progress.state}: ${progress.completeOperationCount} done, ${progress.failureOperationCount} failed`
      )
    ),
    Stream.runLast
  )
  const final = Option.getOrUndefined(last)
  yield* Console.log(
    `Batch ended: ${final?.state}, ${final?.completeOperationCount} of ${final?.totalOperationCount} reset`
  )

  // 4. And the state of things around them.
  const queue = yield* TaskQueueClient.describeTaskQueue(taskQueue.value)
  yield* Console.log(`Workflow pollers on the queue: ${(queue.workflow?.pollers.length ?? 0) > 0 ? "some" : "none"}`)
  const namespace = yield* NamespaceClient.describeNamespace(client.namespace)
  yield* Console.log(
    `Namespace ${namespace.name} keeps closed workflows ${Duration.format(namespace.retention ?? Duration.zero)}`
  )
}).pipe(Effect.timeout("90 seconds"))

program.pipe(
  Effect.provide(
    Layer.mergeAll(BatchClient.layer, TaskQueueClient.layer, NamespaceClient.layer).pipe(
      Layer.provideMerge(Environment.clientLayer())
    )
  ),
  NodeRuntime.runMain
)
