import { assert, describe, it } from "@effect/vitest"
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as BuildIdOp from "../../src/BuildIdOp.js"
import {
  getWorkerBuildIdCompatibility,
  getWorkerTaskReachability,
  updateWorkerBuildIdCompatibility
} from "../../src/internal/buildIds.js"
import { temporal as loadTemporal } from "../../src/internal/proto/root.js"
import { fakeClientContext } from "../support/fakeContext.js"

const proto = loadTemporal()

const Reach = proto.api.enums.v1.TaskReachability

const setup = fakeClientContext

describe("build-ID versioning calls", () => {
  it.effect("update sends the namespace, task queue and the operation's oneof field", () =>
    Effect.gen(function*() {
      const { server, context } = yield* setup({
        workflowService: { updateWorkerBuildIdCompatibility: () => Effect.succeed({}) }
      })
      yield* updateWorkerBuildIdCompatibility(
        context,
        "tq",
        BuildIdOp.addNewCompatibleVersion("1.1", "1.0", {
          promoteSet: true
        }),
        { rpcMetadata: { "x-op": "add" } }
      )
      const [call] = yield* server.calls
      const request = call!.request as temporal.api.workflowservice.v1.UpdateWorkerBuildIdCompatibilityRequest
      assert.strictEqual(call!.method, "UpdateWorkerBuildIdCompatibility")
      assert.strictEqual(request.namespace, "ns-1")
      assert.strictEqual(request.taskQueue, "tq")
      assert.strictEqual(request.operation, "addNewCompatibleBuildId")
      assert.strictEqual(request.addNewCompatibleBuildId?.newBuildId, "1.1")
      assert.strictEqual(request.addNewCompatibleBuildId?.existingCompatibleBuildId, "1.0")
      assert.isTrue(request.addNewCompatibleBuildId?.makeSetDefault)
      assert.strictEqual(call!.metadata["x-op"], "add")
    }))

  it.effect("get sends maxSets and reads the sets", () =>
    Effect.gen(function*() {
      const { server, context } = yield* setup({
        workflowService: {
          getWorkerBuildIdCompatibility: () =>
            Effect.succeed({ majorVersionSets: [{ buildIds: ["1.0"] }, { buildIds: ["2.0", "2.1"] }] })
        }
      })
      const sets = yield* getWorkerBuildIdCompatibility(context, "tq", { maxSets: 2 })
      assert.strictEqual(sets.defaultBuildId, "2.1")
      assert.deepStrictEqual(sets.findSet("1.0")?.buildIds, ["1.0"])
      const [call] = yield* server.calls
      const request = call!.request as temporal.api.workflowservice.v1.GetWorkerBuildIdCompatibilityRequest
      assert.strictEqual(request.maxSets, 2)
      assert.strictEqual(request.taskQueue, "tq")
    }))

  it.effect("reachability sends the build IDs, task queues and kind, and reads the answer", () =>
    Effect.gen(function*() {
      const { server, context } = yield* setup({
        workflowService: {
          getWorkerTaskReachability: () =>
            Effect.succeed({
              buildIdReachability: [{
                buildId: "1.0",
                taskQueueReachability: [
                  { taskQueue: "a", reachability: [Reach.TASK_REACHABILITY_NEW_WORKFLOWS] },
                  { taskQueue: "b", reachability: [Reach.TASK_REACHABILITY_UNSPECIFIED] }
                ]
              }]
            })
        }
      })
      const reachability = yield* getWorkerTaskReachability(context, {
        buildIds: ["1.0", ""],
        taskQueues: ["a", "b"],
        reachability: "ClosedWorkflows"
      })
      assert.deepStrictEqual(reachability.forBuildId("1.0")?.reachabilityOn("a"), ["NewWorkflows"])
      assert.deepStrictEqual(reachability.forBuildId("1.0")?.unretrievedTaskQueues, ["b"])
      const [call] = yield* server.calls
      const request = call!.request as temporal.api.workflowservice.v1.GetWorkerTaskReachabilityRequest
      assert.deepStrictEqual(request.buildIds, ["1.0", ""])
      assert.deepStrictEqual(request.taskQueues, ["a", "b"])
      assert.strictEqual(request.reachability, Reach.TASK_REACHABILITY_CLOSED_WORKFLOWS)
    }))

  it.effect("UNIMPLEMENTED and a 'disabled' refusal are WorkerVersioningApiUnavailableError; others stay RpcError", () =>
    Effect.gen(function*() {
      const { context } = yield* setup({
        workflowService: {
          updateWorkerBuildIdCompatibility: () =>
            Effect.fail({ code: "UNIMPLEMENTED", message: "unknown method UpdateWorkerBuildIdCompatibility" } as const),
          getWorkerBuildIdCompatibility: () =>
            Effect.fail(
              {
                code: "PERMISSION_DENIED",
                message: "Worker versioning v0.1 (Version Set-based, deprecated) is disabled on this namespace."
              } as const
            ),
          getWorkerTaskReachability: () =>
            Effect.fail({ code: "FAILED_PRECONDITION", message: "Worker versioning is not enabled" } as const)
        }
      })
      const update = yield* Effect.flip(
        updateWorkerBuildIdCompatibility(context, "tq", BuildIdOp.addNewIdInNewDefaultSet("1.0"))
      )
      const get = yield* Effect.flip(getWorkerBuildIdCompatibility(context, "tq"))
      const reach = yield* Effect.flip(getWorkerTaskReachability(context, { buildIds: ["1.0"] }))
      assert.deepStrictEqual(
        [update, get, reach].map((e) => e._tag === "WorkerVersioningApiUnavailableError" ? [e.rpc, e.reason] : e._tag),
        [
          ["UpdateWorkerBuildIdCompatibility", "Unimplemented"],
          ["GetWorkerBuildIdCompatibility", "Disabled"],
          ["GetWorkerTaskReachability", "Disabled"]
        ]
      )
      const { context: other } = yield* setup({
        workflowService: {
          getWorkerBuildIdCompatibility: () => Effect.fail({ code: "PERMISSION_DENIED", message: "no access" } as const)
        }
      })
      const denied = yield* Effect.flip(getWorkerBuildIdCompatibility(other, "tq"))
      assert.strictEqual(denied._tag, "RpcError", "a plain permission failure is not about the API being off")
    }))
})
