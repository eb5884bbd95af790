import { assert, describe, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as BuildIdOp from "../../src/BuildIdOp.js"
import type * as BuildIds from "../../src/BuildIds.js"
import {
  buildIdOpFromProto,
  buildIdOpToProto,
  reachabilityFromProto,
  reachabilityToProto,
  taskReachabilityFromProto,
  taskReachabilityToProto,
  versionSetsFromProto,
  versionSetsToProto
} from "../../src/internal/convert/buildIds.js"
import { temporal as loadTemporal } from "../../src/internal/proto/root.js"

const temporal = loadTemporal()

const UpdateRequest = temporal.api.workflowservice.v1.UpdateWorkerBuildIdCompatibilityRequest
const CompatibilityResponse = temporal.api.workflowservice.v1.GetWorkerBuildIdCompatibilityResponse
const ReachabilityResponse = temporal.api.workflowservice.v1.GetWorkerTaskReachabilityResponse
const Reach = temporal.api.enums.v1.TaskReachability

/** Through the wire: encode the plain object as the message, decode it back. */
const roundTripUpdate = (fields: object) =>
  UpdateRequest.decode(UpdateRequest.encode({ namespace: "default", taskQueue: "tq", ...fields }).finish())

const ops: ReadonlyArray<BuildIdOp.BuildIdOp> = [
  BuildIdOp.addNewIdInNewDefaultSet("1.0"),
  BuildIdOp.addNewCompatibleVersion("1.1", "1.0"),
  BuildIdOp.addNewCompatibleVersion("1.2", "1.1", { promoteSet: true }),
  BuildIdOp.promoteSetByBuildId("1.0"),
  BuildIdOp.promoteBuildIdWithinSet("1.1"),
  BuildIdOp.mergeSets("2.0", "1.0")
]

describe("BuildIdOp to and from UpdateWorkerBuildIdCompatibilityRequest", () => {
  it("maps each operation to its oneof field", () => {
    assert.deepStrictEqual(buildIdOpToProto(BuildIdOp.addNewIdInNewDefaultSet("1.0")), {
      addNewBuildIdInNewDefaultSet: "1.0"
    })
    assert.deepStrictEqual(buildIdOpToProto(BuildIdOp.addNewCompatibleVersion("1.1", "1.0")), {
      addNewCompatibleBuildId: { newBuildId: "1.1", existingCompatibleBuildId: "1.0", makeSetDefault: false }
    })
    assert.deepStrictEqual(buildIdOpToProto(BuildIdOp.addNewCompatibleVersion("1.1", "1.0", { promoteSet: true })), {
      addNewCompatibleBuildId: { newBuildId: "1.1", existingCompatibleBuildId: "1.0", makeSetDefault: true }
    })
    assert.deepStrictEqual(buildIdOpToProto(BuildIdOp.promoteSetByBuildId("1.0")), { promoteSetByBuildId: "1.0" })
    assert.deepStrictEqual(buildIdOpToProto(BuildIdOp.promoteBuildIdWithinSet("1.0")), {
      promoteBuildIdWithinSet: "1.0"
    })
    assert.deepStrictEqual(buildIdOpToProto(BuildIdOp.mergeSets("2.0", "1.0")), {
      mergeSets: { primarySetBuildId: "2.0", secondarySetBuildId: "1.0" }
    })
  })

  it("round-trips every operation through the encoded message", () => {
    for (const op of ops) {
      const decoded = roundTripUpdate(buildIdOpToProto(op))
      const back = buildIdOpFromProto(decoded)
      const expected = op._tag === "AddNewCompatibleVersion" ? { ...op, promoteSet: op.promoteSet ?? false } : op
      assert.deepStrictEqual(back, expected, op._tag)
    }
  })

  it("reads plain objects too, and nothing from a request without an operation", () => {
    assert.deepStrictEqual(buildIdOpFromProto({ promoteSetByBuildId: "x" }), BuildIdOp.promoteSetByBuildId("x"))
    assert.isUndefined(buildIdOpFromProto({ taskQueue: "tq" }))
    assert.isUndefined(buildIdOpFromProto(roundTripUpdate({})))
  })

  it("operations are values of the BuildIdOp schema", () => {
    for (const op of ops) assert.isTrue(Schema.is(BuildIdOp.BuildIdOp)(op), op._tag)
    assert.isFalse(Schema.is(BuildIdOp.BuildIdOp)({ _tag: "AddNewIdInNewDefaultSet" }))
  })
})

describe("WorkerBuildIdVersionSets", () => {
  const response = CompatibilityResponse.decode(
    CompatibilityResponse.encode({
      majorVersionSets: [{ buildIds: ["1.0", "1.1"] }, { buildIds: ["2.0"] }, { buildIds: ["3.0", "3.2", "3.1"] }]
    }).finish()
  )

  it("reads the sets oldest first, the last one the default", () => {
    const sets = versionSetsFromProto(response)
    assert.strictEqual(sets.versionSets.length, 3)
    assert.deepStrictEqual(sets.versionSets.map((set) => set.isDefault), [false, false, true])
    assert.deepStrictEqual(sets.defaultSet?.buildIds, ["3.0", "3.2", "3.1"])
    assert.strictEqual(sets.defaultBuildId, "3.1", "the last build ID of the last set")
    assert.strictEqual(sets.versionSets[0]!.defaultBuildId, "1.1")
    assert.deepStrictEqual(sets.findSet("1.0")?.buildIds, ["1.0", "1.1"])
    assert.isUndefined(sets.findSet("9.9"))
    assert.isTrue(sets.areCompatible("1.0", "1.1"))
    assert.isFalse(sets.areCompatible("1.0", "2.0"))
    assert.deepStrictEqual(sets.allBuildIds, ["1.0", "1.1", "2.0", "3.0", "3.2", "3.1"])
  })

  it("an empty answer has no default", () => {
    const sets = versionSetsFromProto(CompatibilityResponse.decode(new Uint8Array()))
    assert.strictEqual(sets.versionSets.length, 0)
    assert.isUndefined(sets.defaultSet)
    assert.isUndefined(sets.defaultBuildId)
  })

  it("round-trips through the message", () => {
    const sets = versionSetsFromProto(response)
    const again = versionSetsFromProto(
      CompatibilityResponse.decode(CompatibilityResponse.encode(versionSetsToProto(sets)).finish())
    )
    assert.deepStrictEqual(again, sets)
  })
})

describe("TaskReachability", () => {
  it("maps the four values both ways, and UNSPECIFIED to nothing", () => {
    const all: ReadonlyArray<BuildIds.TaskReachability> = [
      "NewWorkflows",
      "ExistingWorkflows",
      "OpenWorkflows",
      "ClosedWorkflows"
    ]
    assert.deepStrictEqual(all.map(taskReachabilityToProto), [
      Reach.TASK_REACHABILITY_NEW_WORKFLOWS,
      Reach.TASK_REACHABILITY_EXISTING_WORKFLOWS,
      Reach.TASK_REACHABILITY_OPEN_WORKFLOWS,
      Reach.TASK_REACHABILITY_CLOSED_WORKFLOWS
    ])
    for (const value of all) assert.strictEqual(taskReachabilityFromProto(taskReachabilityToProto(value)), value)
    assert.strictEqual(taskReachabilityFromProto("TASK_REACHABILITY_OPEN_WORKFLOWS"), "OpenWorkflows")
    assert.isUndefined(taskReachabilityFromProto(Reach.TASK_REACHABILITY_UNSPECIFIED))
    assert.isUndefined(taskReachabilityFromProto(99))
    assert.isUndefined(taskReachabilityFromProto(null))
  })

  it("reads reachability per build ID and task queue, unretrieved queues apart", () => {
    const response = ReachabilityResponse.decode(
      ReachabilityResponse.encode({
        buildIdReachability: [
          {
            buildId: "1.0",
            taskQueueReachability: [
              {
                taskQueue: "a",
                reachability: [Reach.TASK_REACHABILITY_NEW_WORKFLOWS, Reach.TASK_REACHABILITY_OPEN_WORKFLOWS]
              },
              { taskQueue: "b", reachability: [] },
              { taskQueue: "c", reachability: [Reach.TASK_REACHABILITY_UNSPECIFIED] }
            ]
          },
          {
            buildId: "",
            taskQueueReachability: [{ taskQueue: "a", reachability: [Reach.TASK_REACHABILITY_CLOSED_WORKFLOWS] }]
          }
        ]
      }).finish()
    )
    const reachability = reachabilityFromProto(response)
    const v1 = reachability.forBuildId("1.0")!
    assert.deepStrictEqual(
      v1.taskQueueReachability,
      new Map([["a", ["NewWorkflows", "OpenWorkflows"]], ["b", []]])
    )
    assert.deepStrictEqual(v1.unretrievedTaskQueues, ["c"])
    assert.deepStrictEqual(v1.reachabilityOn("a"), ["NewWorkflows", "OpenWorkflows"])
    assert.deepStrictEqual(v1.reachabilityOn("b"), [], "an empty list: unreachable on that queue")
    assert.isUndefined(v1.reachabilityOn("c"))
    assert.deepStrictEqual(reachability.forBuildId("")?.reachabilityOn("a"), ["ClosedWorkflows"])
    assert.isUndefined(reachability.forBuildId("2.0"))
    assert.isUndefined(reachability.forBuildId("constructor"), "no prototype keys leak in")

    const again = reachabilityFromProto(
      ReachabilityResponse.decode(ReachabilityResponse.encode(reachabilityToProto(reachability)).finish())
    )
    assert.deepStrictEqual(again, reachability)
  })

  it("keeps odd task queue names as plain keys", () => {
    const reachability = reachabilityFromProto({
      buildIdReachability: [{
        buildId: "__proto__",
        taskQueueReachability: [{ taskQueue: "__proto__", reachability: [Reach.TASK_REACHABILITY_NEW_WORKFLOWS] }]
      }]
    })
    assert.deepStrictEqual(reachability.forBuildId("__proto__")?.reachabilityOn("__proto__"), ["NewWorkflows"])
  })
})
