/**
 * The task queue client against the in-process fake gRPC server: one `DescribeTaskQueue` per task
 * queue type asked for, decoded into pollers, stats, rate limits, config and versioning info;
 * workers listed (page after page, from `workers` or, on older servers, `workersInfo`) and
 * described; options refused before any RPC; NOT_FOUND mapped; interceptors seeing every call.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { type ClientInterceptor, ClientInterceptors } from "../../src/ClientInterceptors.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as TaskQueueClient from "../../src/TaskQueueClient.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as TemporalError from "../../src/TemporalError.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const proto = temporal()
const types = proto.api.enums.v1.TaskQueueType

/** Run `body` with the task queue client over the fake (client namespace `ns-1`). */
const withTaskQueues = <A, E>(
  server: FakeGrpcServer.FakeGrpcServer,
  body: Effect.Effect<A, E, TaskQueueClient.TaskQueueClient>,
  interceptors: ReadonlyArray<ClientInterceptor> = []
) =>
  Effect.provide(
    body,
    TaskQueueClient.layer.pipe(
      Layer.provide(
        Layer.fresh(TemporalClient.layerConnect({ address: server.address, lazy: true, namespace: "ns-1" }))
      ),
      Layer.provide(Layer.succeed(ClientInterceptors, interceptors))
    )
  )

type DescribeRequest = protoTypes.api.workflowservice.v1.IDescribeTaskQueueRequest

const describedAs = (request: DescribeRequest) => ({
  pollers: request.taskQueueType === types.TASK_QUEUE_TYPE_NEXUS ? [] : [{
    identity: `poller-${request.taskQueueType}@host`,
    lastAccessTime: { seconds: 1_700_000_000 },
    ratePerSecond: 100,
    workerVersionCapabilities: { buildId: "build-1" },
    deploymentOptions: { deploymentName: "orders", buildId: "v2" }
  }],
  stats: {
    approximateBacklogCount: 12,
    approximateBacklogAge: { seconds: 3 },
    tasksAddRate: 1.5,
    tasksDispatchRate: 0.5,
    rateLimitingActive: true
  },
  statsByPriorityKey: { "3": { approximateBacklogCount: 12 } },
  effectiveRateLimit: {
    requestsPerSecond: 4000,
    rateLimitSource: proto.api.enums.v1.RateLimitSource.RATE_LIMIT_SOURCE_SYSTEM
  },
  ...(request.reportConfig
    ? {
      config: {
        queueRateLimit: {
          rateLimit: { requestsPerSecond: 10 },
          metadata: { reason: "calm", updateIdentity: "ops", updateTime: { seconds: 1_700_000_000 } }
        },
        fairnessWeightOverrides: { tenantA: 2 }
      }
    }
    : {}),
  versioningInfo: {
    currentVersion: "__unversioned__",
    currentDeploymentVersion: { deploymentName: "orders", buildId: "v2" },
    rampingVersionPercentage: 0,
    updateTime: { seconds: 1_700_000_000 }
  }
})

const listInfo = (key: string) => ({
  workerInstanceKey: key,
  workerIdentity: `${key}@host`,
  taskQueue: "payments",
  deploymentVersion: { buildId: "b1" },
  sdkName: "temporal-typescript",
  sdkVersion: "1.24.0",
  status: proto.api.enums.v1.WorkerStatus.WORKER_STATUS_RUNNING,
  startTime: { seconds: 1_700_000_000 },
  hostName: "host",
  workerGroupingKey: "group",
  processId: "42",
  plugins: [{ name: "p", version: "1" }]
})

const heartbeat = (key: string) => ({
  workerInstanceKey: key,
  workerIdentity: `${key}@host`,
  hostInfo: { hostName: "host", processId: "42", currentHostCpuUsage: 0.25, currentHostMemUsage: 0.5 },
  taskQueue: "payments",
  sdkName: "temporal-typescript",
  sdkVersion: "1.24.0",
  status: proto.api.enums.v1.WorkerStatus.WORKER_STATUS_SHUTTING_DOWN,
  heartbeatTime: { seconds: 1_700_000_060 },
  elapsedSinceLastHeartbeat: { seconds: 1 },
  workflowTaskSlotsInfo: { currentAvailableSlots: 40, currentUsedSlots: 2, slotSupplierKind: "Fixed" },
  activityPollerInfo: { currentPollers: 10, isAutoscaling: true },
  totalStickyCacheHit: 5,
  totalStickyCacheMiss: 1,
  currentStickyCacheSize: 3
})

describe("TaskQueueClient against the fake server", () => {
  it.effect("describeTaskQueue asks once per type and decodes pollers, stats, rate limits and versioning", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeTaskQueue: (request) => Effect.succeed(describedAs(request)) }
      })
      const described = yield* withTaskQueues(server, TaskQueueClient.describeTaskQueue("payments"))
      const requests = (yield* server.calls).map((call) => call.request as DescribeRequest)
      assert.deepStrictEqual(requests.map((request) => request.taskQueueType).sort(), [1, 2, 3])
      for (const request of requests) {
        assert.strictEqual(request.namespace, "ns-1")
        assert.strictEqual(request.taskQueue?.name, "payments")
        assert.strictEqual(request.taskQueue?.kind, proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
        assert.isTrue(request.reportStats)
        assert.isFalse(request.reportConfig ?? false)
      }
      assert.instanceOf(described, TaskQueueClient.TaskQueueDescription)
      assert.strictEqual(described.name, "payments")
      assert.strictEqual(described.namespace, "ns-1")
      const workflow = described.workflow!
      assert.strictEqual(workflow.type, "Workflow")
      assert.strictEqual(workflow.pollers[0]?.identity, "poller-1@host")
      assert.strictEqual(workflow.pollers[0]?.lastAccessTime?.getTime(), 1_700_000_000_000)
      assert.strictEqual(workflow.pollers[0]?.ratePerSecond, 100)
      assert.strictEqual(workflow.pollers[0]?.buildId, "build-1")
      assert.deepStrictEqual(workflow.pollers[0]?.deploymentVersion, { deploymentName: "orders", buildId: "v2" })
      assert.strictEqual(workflow.stats?.approximateBacklogCount, 12)
      assert.isTrue(Duration.equals(workflow.stats!.approximateBacklogAge, Duration.seconds(3)))
      assert.strictEqual(workflow.stats?.tasksAddRate, 1.5)
      assert.strictEqual(workflow.stats?.tasksDispatchRate, 0.5)
      assert.isTrue(workflow.stats?.rateLimitingActive)
      assert.strictEqual(workflow.statsByPriorityKey["3"]?.approximateBacklogCount, 12)
      assert.isTrue(Duration.isZero(workflow.statsByPriorityKey["3"]!.approximateBacklogAge))
      assert.strictEqual(workflow.effectiveRateLimit?.requestsPerSecond, 4000)
      assert.strictEqual(workflow.effectiveRateLimit?.source, "System")
      assert.isUndefined(workflow.config)
      assert.strictEqual(workflow.rawDescription.pollers?.length, 1)
      assert.strictEqual(described.activity?.pollers[0]?.identity, "poller-2@host")
      assert.deepStrictEqual(described.nexus?.pollers, [])
      assert.deepStrictEqual(described.pollers.map((poller) => poller.identity), ["poller-1@host", "poller-2@host"])
      assert.deepStrictEqual(described.versioningInfo?.currentVersion, { deploymentName: "orders", buildId: "v2" })
      assert.isUndefined(described.versioningInfo?.rampingVersion)
    }))

  it.effect("describeTaskQueue with chosen types, no stats and the config", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeTaskQueue: (request) => Effect.succeed(describedAs(request)) }
      })
      const described = yield* withTaskQueues(
        server,
        TaskQueueClient.describeTaskQueue("payments", { types: ["Activity"], reportStats: false, reportConfig: true })
      )
      const [request, ...rest] = (yield* server.calls).map((call) => call.request as DescribeRequest)
      assert.deepStrictEqual(rest, [])
      assert.strictEqual(request!.taskQueueType, types.TASK_QUEUE_TYPE_ACTIVITY)
      assert.isFalse(request!.reportStats ?? false)
      assert.isTrue(request!.reportConfig)
      assert.isUndefined(described.workflow)
      assert.isUndefined(described.nexus)
      const config = described.activity!.config!
      assert.strictEqual(config.queueRateLimit?.requestsPerSecond, 10)
      assert.strictEqual(config.queueRateLimit?.reason, "calm")
      assert.strictEqual(config.queueRateLimit?.updateIdentity, "ops")
      assert.strictEqual(config.queueRateLimit?.updateTime?.getTime(), 1_700_000_000_000)
      assert.isUndefined(config.fairnessKeysRateLimitDefault)
      assert.deepStrictEqual(config.fairnessWeightOverrides, { tenantA: 2 })
    }))

  it.effect("listWorkers follows page tokens with the query, and reads heartbeats from older servers", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          listWorkers: (request) =>
            Effect.succeed(
              request.query === "old"
                ? { workersInfo: [{ workerHeartbeat: heartbeat("h1") }] }
                : request.nextPageToken && request.nextPageToken.length > 0
                ? { workers: [listInfo("w3")] }
                : { workers: [listInfo("w1"), listInfo("w2")], nextPageToken: new Uint8Array([9]) }
            )
        }
      })
      const [all, limited, old, page] = yield* withTaskQueues(
        server,
        Effect.gen(function*() {
          const client = yield* TaskQueueClient.TaskQueueClient
          return [
            yield* Stream.runCollect(
              client.listWorkers(`TaskQueue = "payments"`, { pageSize: 2, includeSystemWorkers: true })
            ),
            yield* Stream.runCollect(TaskQueueClient.listWorkers(undefined, { limit: 1 })),
            yield* Stream.runCollect(client.listWorkers("old")),
            yield* client.listWorkersPage(undefined, { pageSize: 2 })
          ] as const
        })
      )
      assert.deepStrictEqual(all.map((worker) => worker.workerInstanceKey), ["w1", "w2", "w3"])
      assert.deepStrictEqual(limited.map((worker) => worker.workerInstanceKey), ["w1"])
      assert.deepStrictEqual([...page.nextPageToken!], [9])
      const worker = all[0]!
      assert.instanceOf(worker, TaskQueueClient.WorkerSummary)
      assert.strictEqual(worker.workerIdentity, "w1@host")
      assert.strictEqual(worker.taskQueue, "payments")
      assert.deepStrictEqual(worker.deploymentVersion, { deploymentName: "", buildId: "b1" })
      assert.strictEqual(worker.status, "Running")
      assert.strictEqual(worker.startTime?.getTime(), 1_700_000_000_000)
      assert.strictEqual(worker.hostName, "host")
      assert.strictEqual(worker.processId, "42")
      assert.deepStrictEqual(worker.plugins.map((plugin) => [plugin.name, plugin.version]), [["p", "1"]])
      assert.strictEqual(old[0]?.workerInstanceKey, "h1")
      assert.strictEqual(old[0]?.hostName, "host")
      assert.strictEqual(old[0]?.status, "ShuttingDown")
      const requests = (yield* server.calls).map((call) =>
        call.request as protoTypes.api.workflowservice.v1.IListWorkersRequest
      )
      assert.strictEqual(requests[0]!.namespace, "ns-1")
      assert.strictEqual(requests[0]!.query, `TaskQueue = "payments"`)
      assert.strictEqual(requests[0]!.pageSize, 2)
      assert.isTrue(requests[0]!.includeSystemWorkers)
      assert.deepStrictEqual([...requests[1]!.nextPageToken!], [9])
    }))

  it.effect("describeWorker decodes the last heartbeat; an unknown key is WorkerNotFoundError", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeWorker: (request) =>
            request.workerInstanceKey === "w1"
              ? Effect.succeed({ workerInfo: { workerHeartbeat: heartbeat("w1") } })
              : Effect.fail({ code: "NOT_FOUND" as const, message: `Worker ${request.workerInstanceKey} not found` })
        }
      })
      const [described, missing] = yield* withTaskQueues(
        server,
        Effect.gen(function*() {
          const client = yield* TaskQueueClient.TaskQueueClient
          return [
            yield* client.describeWorker("w1"),
            yield* Effect.flip(TaskQueueClient.describeWorker("nope"))
          ] as const
        })
      )
      assert.instanceOf(described, TaskQueueClient.WorkerDescription)
      assert.strictEqual(described.workerInstanceKey, "w1")
      assert.strictEqual(described.hostName, "host")
      assert.strictEqual(described.hostCpuUsage, 0.25)
      assert.strictEqual(described.hostMemoryUsage, 0.5)
      assert.strictEqual(described.status, "ShuttingDown")
      assert.strictEqual(described.heartbeatTime?.getTime(), 1_700_000_060_000)
      assert.isTrue(Duration.equals(described.elapsedSinceLastHeartbeat!, Duration.seconds(1)))
      assert.strictEqual(described.workflowTaskSlots?.availableSlots, 40)
      assert.strictEqual(described.workflowTaskSlots?.usedSlots, 2)
      assert.strictEqual(described.workflowTaskSlots?.slotSupplierKind, "Fixed")
      assert.isUndefined(described.activityTaskSlots)
      assert.strictEqual(described.activityPollers?.currentPollers, 10)
      assert.isTrue(described.activityPollers?.isAutoscaling)
      assert.strictEqual(described.stickyCacheHits, 5)
      assert.strictEqual(described.stickyCacheMisses, 1)
      assert.strictEqual(described.stickyCacheSize, 3)
      assert.instanceOf(missing, TemporalError.WorkerNotFoundError)
      assert.strictEqual((missing as TemporalError.WorkerNotFoundError).workerInstanceKey, "nope")
      assert.strictEqual((missing as TemporalError.WorkerNotFoundError).namespace, "ns-1")
    }))

  it.effect("a missing namespace is NamespaceNotFoundError, not a missing worker", () =>
    Effect.gen(function*() {
      const missingNamespace = Effect.fail({
        code: "NOT_FOUND" as const,
        message: "Namespace ns-1 is not found.",
        details: [{ typeName: "temporal.api.errordetails.v1.NamespaceNotFoundFailure", value: { namespace: "ns-1" } }]
      })
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeWorker: () => missingNamespace, describeTaskQueue: () => missingNamespace }
      })
      const [worker, taskQueue] = yield* withTaskQueues(
        server,
        Effect.gen(function*() {
          const client = yield* TaskQueueClient.TaskQueueClient
          return [
            yield* Effect.flip(client.describeWorker("w1")),
            yield* Effect.flip(client.describeTaskQueue("q", { types: ["Workflow"] }))
          ] as const
        })
      )
      assert.instanceOf(worker, TemporalError.NamespaceNotFoundError)
      assert.instanceOf(taskQueue, TemporalError.NamespaceNotFoundError)
    }))

  it.effect("bad arguments fail with InvalidArgumentError naming the field, and reach no RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      yield* withTaskQueues(
        server,
        Effect.gen(function*() {
          const client = yield* TaskQueueClient.TaskQueueClient
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            ["taskQueue", client.describeTaskQueue("")],
            ["taskQueue", client.describeTaskQueue("\uD800")],
            ["options.types", client.describeTaskQueue("q", { types: [] })],
            ["options.types", client.describeTaskQueue("q", { types: ["Workflow", "Workflow"] })],
            ["options.types[0]", client.describeTaskQueue("q", { types: ["Sticky" as never] })],
            ["options.reportStats", client.describeTaskQueue("q", { reportStats: "yes" as never })],
            ["options.rpcTimeout", client.describeTaskQueue("q", { rpcTimeout: "-1 second" })],
            ["options.query", Stream.runDrain(client.listWorkers("\uDC00"))],
            ["options.pageSize", Stream.runDrain(client.listWorkers(undefined, { pageSize: 1.5 }))],
            ["options.limit", client.listWorkersPage(undefined, { limit: -1 } as never)],
            ["workerInstanceKey", client.describeWorker("")],
            ["options.rpcMetadata.x", client.describeWorker("w", { rpcMetadata: { x: 1 as never } })]
          ]
          for (const [field, attempt] of cases) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as TemporalError.InvalidArgumentError).field, field)
          }
        })
      )
      assert.deepStrictEqual(yield* server.calls, [])
    }))

  it.effect("interceptors see every task queue and worker call", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const recorder = new Proxy({}, {
        get: (_target, name) => (input: unknown, next: (input: unknown) => unknown) => {
          seen.push(String(name))
          return next(input)
        }
      }) as ClientInterceptor
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeTaskQueue: () => Effect.succeed({}),
          listWorkers: () => Effect.succeed({}),
          describeWorker: () => Effect.succeed({ workerInfo: { workerHeartbeat: heartbeat("w") } })
        }
      })
      yield* withTaskQueues(
        server,
        Effect.gen(function*() {
          const client = yield* TaskQueueClient.TaskQueueClient
          yield* client.describeTaskQueue("q", { types: ["Workflow", "Nexus"] })
          yield* Stream.runDrain(client.listWorkers())
          yield* client.describeWorker("w")
        }),
        [recorder]
      )
      assert.deepStrictEqual(seen, ["describeTaskQueue", "describeTaskQueue", "listWorkers", "describeWorker"])
    }))
})
