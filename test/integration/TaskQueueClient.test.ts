/**
 * The task queue client against the dev server: a task queue polled by the official worker,
 * described with its pollers per type; the backlog of a queue nobody polls; the worker listed
 * and described from its heartbeats (the Runtime of this file heartbeats every second, where the
 * shared test support turns heartbeats off); an unknown worker mapped to `WorkerNotFoundError`.
 */
import { assert, describe, it } from "@effect/vitest"
import { DefaultLogger, Runtime } from "@temporalio/worker"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { beforeAll } from "vitest"
import * as TaskQueueClient from "../../src/TaskQueueClient.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { eventually } from "../support/eventually.js"
import { freshId, freshTaskQueue } from "../support/worker.js"

beforeAll(() => {
  // Before any worker of this file starts: the test support's Runtime (heartbeats off) then finds
  // this one installed and uses it.
  Runtime.install({
    logger: new DefaultLogger("WARN"),
    telemetryOptions: { logging: { filter: { core: "WARN", other: "WARN" }, forward: {} } },
    shutdownSignals: [],
    workerHeartbeatInterval: "1 second"
  })
})

/** Run `body` with the task queue client built on the test client. */
const withTaskQueues = <A, E>(
  body: Effect.Effect<A, E, TaskQueueClient.TaskQueueClient | TemporalClient.TemporalClient | Scope.Scope>
) => withClient(Effect.provide(body, TaskQueueClient.layer))

describe("TaskQueueClient against the dev server", () => {
  it.live("describe a task queue a worker polls: its pollers per type, stats and rate limit", () =>
    withTaskQueues(Effect.gen(function*() {
      const taskQueue = yield* startWorker("tqc")
      const client = yield* TaskQueueClient.TaskQueueClient
      const described = yield* eventually(
        "the worker's pollers",
        Effect.map(
          client.describeTaskQueue(taskQueue),
          (description) =>
            (description.workflow?.pollers.length ?? 0) > 0 && (description.activity?.pollers.length ?? 0) > 0
              ? Option.some(description)
              : Option.none()
        )
      )
      assert.strictEqual(described.name, taskQueue)
      assert.strictEqual(described.namespace, "default")
      const poller = described.workflow!.pollers[0]!
      assert.match(poller.identity, /@/)
      assert.instanceOf(poller.lastAccessTime, Date)
      assert.strictEqual(described.activity!.pollers[0]!.identity, poller.identity)
      assert.deepStrictEqual(described.nexus?.pollers, [])
      assert.strictEqual(described.workflow!.stats?.approximateBacklogCount, 0)
      assert.isAbove(described.workflow!.effectiveRateLimit?.requestsPerSecond ?? 0, 0)
      assert.isDefined(described.workflow!.effectiveRateLimit?.source)
      const onlyActivities = yield* TaskQueueClient.describeTaskQueue(taskQueue, {
        types: ["Activity"],
        reportStats: false,
        reportConfig: true
      })
      assert.isUndefined(onlyActivities.workflow)
      assert.isUndefined(onlyActivities.activity?.stats)
      // Nothing configured on a fresh queue: the server reports no config.
      assert.isUndefined(onlyActivities.activity?.config)
      assert.strictEqual(onlyActivities.activity?.pollers[0]?.identity, poller.identity)
    })))

  it.live("the backlog of a task queue nobody polls", () =>
    withTaskQueues(Effect.gen(function*() {
      const taskQueue = freshTaskQueue("tqc-backlog")
      const temporal = yield* TemporalClient.TemporalClient
      const handle = yield* temporal.startWorkflow("neverPicked", { id: freshId("tqc-backlog"), taskQueue })
      const client = yield* TaskQueueClient.TaskQueueClient
      const stats = yield* eventually(
        "the workflow task in the backlog",
        Effect.map(
          client.describeTaskQueue(taskQueue, { types: ["Workflow"] }),
          (description) => {
            const workflowStats = description.workflow?.stats
            return workflowStats !== undefined && workflowStats.approximateBacklogCount > 0
              ? Option.some(workflowStats)
              : Option.none()
          }
        )
      )
      assert.strictEqual(stats.approximateBacklogCount, 1)
      assert.deepStrictEqual((yield* client.describeTaskQueue(taskQueue)).pollers, [])
      yield* handle.terminate()
    })))

  it.live("list the worker of a task queue from its heartbeats, and describe it", () =>
    withTaskQueues(Effect.gen(function*() {
      const taskQueue = yield* startWorker("tqc-workers")
      const client = yield* TaskQueueClient.TaskQueueClient
      const workers = yield* eventually(
        "the worker listed",
        Effect.map(
          Stream.runCollect(client.listWorkers(`TaskQueue = "${taskQueue}"`)),
          (listed) => listed.length > 0 ? Option.some(listed) : Option.none()
        )
      )
      assert.strictEqual(workers.length, 1)
      const worker = workers[0]!
      assert.strictEqual(worker.taskQueue, taskQueue)
      assert.strictEqual(worker.sdkName, "temporal-typescript")
      assert.strictEqual(worker.status, "Running")
      assert.instanceOf(worker.startTime, Date)
      assert.isNotEmpty(worker.workerInstanceKey)
      // The first heartbeat may go out before the pollers start: wait for one that shows them.
      const described = yield* eventually(
        "a heartbeat with the worker's pollers",
        Effect.map(
          TaskQueueClient.describeWorker(worker.workerInstanceKey),
          (description) =>
            (description.activityPollers?.currentPollers ?? 0) > 0 ? Option.some(description) : Option.none()
        )
      )
      assert.strictEqual(described.workerInstanceKey, worker.workerInstanceKey)
      assert.strictEqual(described.workerIdentity, worker.workerIdentity)
      assert.strictEqual(described.taskQueue, taskQueue)
      assert.instanceOf(described.heartbeatTime, Date)
      assert.isAbove(described.activityTaskSlots?.availableSlots ?? 0, 0)
      assert.isNotEmpty(described.workflowTaskSlots?.slotSupplierKind)
      const page = yield* client.listWorkersPage(`TaskQueue = "${taskQueue}"`, { pageSize: 10 })
      assert.deepStrictEqual(page.workers.map((listed) => listed.workerInstanceKey), [worker.workerInstanceKey])
    })))

  it.live("an unknown worker is WorkerNotFoundError", () =>
    withTaskQueues(Effect.gen(function*() {
      const key = freshId("no-worker")
      const error = yield* Effect.flip(TaskQueueClient.describeWorker(key))
      assert.strictEqual(error._tag, "WorkerNotFoundError")
      assert.strictEqual((error as { readonly workerInstanceKey: string }).workerInstanceKey, key)
    })))
})
