/**
 * The batch operation client against the in-process fake gRPC server: the start request of each
 * operation (payloads encoded, executions by workflow or activity, default job ID), the options
 * it refuses before any RPC, the errors it maps, descriptions and listings decoded, `progress`
 * polling on the `TestClock` until the batch ends.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import * as BatchClient from "../../src/BatchClient.js"
import type * as BatchOperation from "../../src/BatchOperation.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const proto = temporal()
const State = proto.api.enums.v1.BatchOperationState
const utf8 = new TextDecoder()
const decode = (payload: protoTypes.api.common.v1.IPayload | undefined): unknown =>
  JSON.parse(utf8.decode(payload?.data ?? new Uint8Array()))

type StartReq = protoTypes.api.workflowservice.v1.IStartBatchOperationRequest

/** Run `body` with the batch client over the fake (namespace `ns-1`, identity `me`). */
const withBatches = <A, E>(server: FakeGrpcServer.FakeGrpcServer, body: Effect.Effect<A, E, BatchClient.BatchClient>) =>
  Effect.provide(
    body,
    BatchClient.layer.pipe(
      Layer.provide(
        Layer.fresh(
          TemporalClient.layerConnect({ address: server.address, lazy: true, namespace: "ns-1", identity: "me" })
        )
      )
    )
  )

const startsOf = (server: FakeGrpcServer.FakeGrpcServer) =>
  Effect.map(
    server.calls,
    (calls) => calls.filter((call) => call.method === "StartBatchOperation").map((call) => call.request as StartReq)
  )

const accepting = () => FakeGrpcServer.make({ workflowService: { startBatchOperation: () => Effect.succeed({}) } })

const fail = (code: FakeGrpcServer.FakeStatus["code"], message: string) => Effect.fail({ code, message })

describe("BatchClient against the fake server", () => {
  it.effect("a terminate by query carries the job ID, reason, query, identity and encoded details", () =>
    Effect.gen(function*() {
      const server = yield* accepting()
      const jobId = yield* withBatches(
        server,
        BatchClient.start({
          operation: { _tag: "Terminate", details: [{ why: "cleanup" }] },
          query: "WorkflowType = 'Import'",
          reason: "bad file",
          jobId: "job-1",
          maxOperationsPerSecond: 5
        })
      )
      assert.strictEqual(jobId, "job-1")
      const [request] = yield* startsOf(server)
      assert.strictEqual(request?.namespace, "ns-1")
      assert.strictEqual(request?.jobId, "job-1")
      assert.strictEqual(request?.reason, "bad file")
      assert.strictEqual(request?.visibilityQuery, "WorkflowType = 'Import'")
      assert.strictEqual(request?.maxOperationsPerSecond, 5)
      assert.strictEqual(request?.terminationOperation?.identity, "me")
      assert.deepStrictEqual(decode(request?.terminationOperation?.details?.payloads?.[0]), { why: "cleanup" })
    }))

  it.effect("a signal by list: workflows in executions, activities in targetExecutions, arguments encoded; a fresh UUID job ID by default", () =>
    Effect.gen(function*() {
      const server = yield* accepting()
      const jobId = yield* withBatches(
        server,
        BatchClient.start({
          operation: { _tag: "Signal", signal: "approve", args: [{ by: "ops" }, 2] },
          executions: [{ workflowId: "wf-1" }, { workflowId: "wf-2", runId: "run-2" }],
          reason: "approve all"
        })
      )
      assert.match(jobId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      yield* withBatches(
        server,
        BatchClient.start({
          operation: { _tag: "CancelActivities" },
          executions: [{ activityId: "act-1" }],
          reason: "stop them"
        })
      )
      const [signal, cancel] = yield* startsOf(server)
      assert.strictEqual(signal?.jobId, jobId)
      assert.strictEqual(signal?.visibilityQuery, "")
      assert.deepStrictEqual(signal?.executions?.map((e) => [e.workflowId, e.runId]), [["wf-1", ""], ["wf-2", "run-2"]])
      assert.strictEqual(signal?.signalOperation?.signal, "approve")
      assert.deepStrictEqual(signal?.signalOperation?.input?.payloads?.map(decode), [{ by: "ops" }, 2])
      assert.deepStrictEqual(
        cancel?.targetExecutions?.map((e) => [e.type, e.businessId]),
        [[proto.api.enums.v1.ExecutionType.EXECUTION_TYPE_ACTIVITY, "act-1"]]
      )
      assert.strictEqual(cancel?.cancelActivitiesOperation?.reason, "stop them")
    }))

  it.effect("reset, update options, unpause and reset activities are encoded as the server reads them", () =>
    Effect.gen(function*() {
      const server = yield* accepting()
      const byQuery = { query: "TaskQueue = 'q'", reason: "r" }
      yield* withBatches(
        server,
        Effect.all([
          BatchClient.start({ ...byQuery, operation: { _tag: "Reset", target: "FirstWorkflowTask" } }),
          BatchClient.start({
            ...byQuery,
            operation: { _tag: "Reset", target: { buildId: "b-7" }, currentRunOnly: true, excludeReapply: ["Signal"] }
          }),
          BatchClient.start({ ...byQuery, operation: { _tag: "UpdateOptions", versioningOverride: "AutoUpgrade" } }),
          BatchClient.start({
            ...byQuery,
            operation: { _tag: "UpdateOptions", versioningOverride: null, priority: { priorityKey: 2 } }
          }),
          BatchClient.start({
            ...byQuery,
            operation: { _tag: "UnpauseActivities", jitter: "5 seconds", resetAttempts: true }
          }),
          BatchClient.start({
            ...byQuery,
            operation: { _tag: "ResetActivities", activityType: "charge", keepPaused: true }
          })
        ])
      )
      const [first, build, auto, cleared, unpause, resetActivities] = yield* startsOf(server)
      assert.isDefined(first?.resetOperation?.options?.firstWorkflowTask)
      assert.strictEqual(build?.resetOperation?.options?.buildId, "b-7")
      assert.strictEqual(build?.resetOperation?.options?.currentRunOnly, true)
      assert.deepStrictEqual(build?.resetOperation?.options?.resetReapplyExcludeTypes, [
        proto.api.enums.v1.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL
      ])
      assert.deepStrictEqual(auto?.updateWorkflowOptionsOperation?.updateMask?.paths, ["versioning_override"])
      assert.strictEqual(
        auto?.updateWorkflowOptionsOperation?.workflowExecutionOptions?.versioningOverride?.autoUpgrade,
        true
      )
      assert.deepStrictEqual(cleared?.updateWorkflowOptionsOperation?.updateMask?.paths, [
        "versioning_override",
        "priority"
      ])
      assert.isNull(cleared?.updateWorkflowOptionsOperation?.workflowExecutionOptions?.versioningOverride ?? null)
      assert.strictEqual(unpause?.unpauseActivitiesOperation?.matchAll, true)
      assert.strictEqual(unpause?.unpauseActivitiesOperation?.resetAttempts, true)
      assert.strictEqual(Number(unpause?.unpauseActivitiesOperation?.jitter?.seconds), 5)
      assert.strictEqual(resetActivities?.resetActivitiesOperation?.type, "charge")
      assert.strictEqual(resetActivities?.resetActivitiesOperation?.keepPaused, true)
    }))

  it.effect("bad options fail with InvalidArgumentError naming the field, and reach no RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      yield* withBatches(
        server,
        Effect.gen(function*() {
          const batches = yield* BatchClient.BatchClient
          const terminate = { _tag: "Terminate" } as const
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            ["options", batches.start({ operation: terminate, reason: "r" })],
            ["options", batches.start({ operation: terminate, reason: "r", query: "  " })],
            ["options", batches.start({ operation: terminate, reason: "r", executions: [] })],
            [
              "options",
              batches.start({ operation: terminate, reason: "r", query: "x", executions: [{ workflowId: "a" }] })
            ],
            ["options.reason", batches.start({ operation: terminate, reason: "", query: "x" })],
            [
              "options.operation.target",
              batches.start({ operation: { _tag: "Reset" } as never, reason: "r", query: "x" })
            ],
            [
              "options.operation.signal",
              batches.start({ operation: { _tag: "Signal", signal: "" }, reason: "r", query: "x" })
            ],
            ["options.operation", batches.start({ operation: { _tag: "UpdateOptions" }, reason: "r", query: "x" })],
            [
              "options.maxOperationsPerSecond",
              batches.start({ operation: terminate, reason: "r", query: "x", maxOperationsPerSecond: 0 })
            ],
            [
              "options.executions[0].workflowId",
              batches.start({ operation: terminate, reason: "r", executions: [{ workflowId: "" }] })
            ],
            ["options.jobId", batches.start({ operation: terminate, reason: "r", query: "x", jobId: "" })],
            ["jobId", batches.describe("")],
            ["jobId", batches.stop("\uD800")],
            ["options.interval", Stream.runCollect(batches.progress("j", { interval: 0 }))],
            ["options.pageSize", Stream.runCollect(batches.list({ pageSize: -1 }))]
          ]
          for (const [field, attempt] of cases) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as unknown as { field: string }).field, field)
          }
        })
      )
      assert.deepStrictEqual(yield* server.calls, [])
    }))

  it.effect("the server's refusals become typed errors", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startBatchOperation: () => fail("ALREADY_EXISTS", "Workflow execution already finished."),
          describeBatchOperation: () => fail("NOT_FOUND", "workflow not found for ID: nope"),
          stopBatchOperation: () => fail("NOT_FOUND", "workflow execution already completed"),
          listBatchOperations: () =>
            fail("PERMISSION_DENIED", "Batch operation feature are disabled on this namespace.")
        }
      })
      const errors = yield* withBatches(
        server,
        Effect.all([
          Effect.flip(BatchClient.start({ operation: { _tag: "Cancel" }, query: "x", reason: "r", jobId: "taken" })),
          Effect.flip(BatchClient.describe("nope")),
          Effect.flip(BatchClient.stop("done")),
          Effect.flip(Stream.runCollect(BatchClient.list()))
        ])
      )
      assert.deepStrictEqual(errors.map((e) => e._tag), [
        "BatchOperationAlreadyStartedError",
        "BatchOperationNotFoundError",
        "BatchOperationAlreadyClosedError",
        "BatchOperationsUnavailableError"
      ])
      const [started, notFound] = errors
      assert.strictEqual(started?._tag === "BatchOperationAlreadyStartedError" && started.jobId, "taken")
      assert.strictEqual(notFound?._tag === "BatchOperationNotFoundError" && notFound.jobId, "nope")
    }))

  it.effect("describe decodes state, times, counts and targets; list pages; stop sends its reason", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeBatchOperation: (request) =>
            Effect.succeed({
              jobId: request.jobId,
              operationType: proto.api.enums.v1.BatchOperationType.BATCH_OPERATION_TYPE_SIGNAL_WORKFLOW,
              state: State.BATCH_OPERATION_STATE_COMPLETED,
              startTime: { seconds: 1_700_000_000 },
              closeTime: { seconds: 1_700_000_005 },
              totalOperationCount: 3,
              completeOperationCount: 2,
              failureOperationCount: 1,
              identity: "me",
              reason: "why",
              executions: [{ type: proto.api.enums.v1.ExecutionType.EXECUTION_TYPE_WORKFLOW, businessId: "wf-1" }]
            }),
          listBatchOperations: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? { operationInfo: [{ jobId: "c", state: State.BATCH_OPERATION_STATE_RUNNING }] }
                : {
                  operationInfo: [
                    { jobId: "a", operationType: proto.api.enums.v1.BatchOperationType.BATCH_OPERATION_TYPE_TERMINATE },
                    { jobId: "b" }
                  ],
                  nextPageToken: new Uint8Array([1])
                }
            ),
          stopBatchOperation: () => Effect.succeed({})
        }
      })
      const [description, listed] = yield* withBatches(
        server,
        Effect.all([
          BatchClient.describe("job-9"),
          Stream.runCollect(BatchClient.list({ pageSize: 2 })),
          BatchClient.stop("job-9"),
          BatchClient.stop("job-9", { reason: "enough" })
        ])
      )
      assert.strictEqual(description.jobId, "job-9")
      assert.strictEqual(description.operationType, "Signal")
      assert.strictEqual(description.state, "Completed")
      assert.deepStrictEqual(
        [description.totalOperationCount, description.completeOperationCount, description.failureOperationCount],
        [3, 2, 1]
      )
      assert.strictEqual(description.closeTime?.getTime(), 1_700_000_005_000)
      assert.deepStrictEqual(description.executions.map((e) => [e.type, e.id]), [["Workflow", "wf-1"]])
      assert.deepStrictEqual(listed.map((s) => [s.jobId, s.operationType, s.state]), [
        ["a", "Terminate", undefined],
        ["b", undefined, undefined],
        ["c", undefined, "Running"]
      ])
      const stops = (yield* server.calls).filter((call) => call.method === "StopBatchOperation").map((call) =>
        call.request as protoTypes.api.workflowservice.v1.IStopBatchOperationRequest
      )
      assert.deepStrictEqual(stops.map((s) => [s.jobId, s.reason, s.identity]), [
        ["job-9", "Stopped via effect-temporal", "me"],
        ["job-9", "enough", "me"]
      ])
    }))

  it.effect("progress polls on the schedule and ends with the first snapshot that is no longer running", () =>
    Effect.gen(function*() {
      const polls = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeBatchOperation: () =>
            Effect.map(Ref.updateAndGet(polls, (n) => n + 1), (n) =>
              n < 3
                ? { jobId: "job-p", state: State.BATCH_OPERATION_STATE_RUNNING }
                : {
                  jobId: "job-p",
                  state: State.BATCH_OPERATION_STATE_COMPLETED,
                  totalOperationCount: 4,
                  completeOperationCount: 3,
                  failureOperationCount: 1,
                  closeTime: { seconds: 1_700_000_000 }
                })
        }
      })
      const fiber = yield* Effect.forkChild(
        withBatches(server, Stream.runCollect(BatchClient.progress("job-p", { interval: "5 seconds" })))
      )
      for (let i = 0; i < 100 && (yield* Ref.get(polls)) < 3; i++) {
        yield* TestClock.adjust("5 seconds")
        yield* TestClock.withLive(Effect.sleep("10 millis"))
      }
      const snapshots: ReadonlyArray<BatchOperation.BatchOperationProgress> = yield* Fiber.join(fiber)
      assert.deepStrictEqual(snapshots.map((s) => [s.state, s.done]), [
        ["Running", false],
        ["Running", false],
        ["Completed", true]
      ])
      assert.deepStrictEqual(
        [snapshots[2]?.totalOperationCount, snapshots[2]?.completeOperationCount, snapshots[2]?.failureOperationCount],
        [4, 3, 1]
      )
      assert.strictEqual(yield* Ref.get(polls), 3)
    }))
})
