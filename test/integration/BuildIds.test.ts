/**
 * Build-ID based ("legacy") worker versioning against the dev server: every `BuildIdOp` applied
 * and read back, and the task reachability of build IDs with and without open workflows.
 *
 * Server behaviour found (Temporal CLI 1.9.1, Server 1.32.0):
 * - With `frontend.workerVersioningDataAPIs` on (as `scripts/devServer.ts` sets it),
 *   `UpdateWorkerBuildIdCompatibility`, `GetWorkerBuildIdCompatibility` and
 *   `GetWorkerTaskReachability` all work: this server version has not dropped them.
 *   (`frontend.workerVersioningRuleAPIs` makes no difference to these three.)
 * - With it off (the server's default), each answers `PERMISSION_DENIED` "Worker versioning v0.1
 *   (Version Set-based, deprecated) is disabled on this namespace." (reachability: "... v0.2
 *   (Rules-based, deprecated) ..."), which the client turns into
 *   `WorkerVersioningApiUnavailableError` with reason `Disabled`; the last test starts a second dev
 *   server with that config to check it.
 * - An operation naming a build ID the queue does not have answers `NOT_FOUND`, kept as `RpcError`.
 * - Reachability is computed from visibility at once on the SQLite dev server; a build ID that was
 *   the queue's default keeps `NewWorkflows` for a while after it stops being the default.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { inject } from "vitest"
import { startDevServer } from "../../scripts/devServer.js"
import * as BuildIdOp from "../../src/BuildIdOp.js"
import type * as BuildIds from "../../src/BuildIds.js"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import {
  getWorkerBuildIdCompatibility,
  getWorkerTaskReachability,
  updateWorkerBuildIdCompatibility
} from "../../src/internal/buildIds.js"
import { makeClientContext } from "../../src/internal/clientContext.js"
import { eventually } from "../support/eventually.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

const clientContext = (address: string, interceptors: ReadonlyArray<ClientInterceptor> = []) =>
  Effect.gen(function*() {
    const connection = yield* Connection.make({ address })
    const dataConverter = yield* DataConverter.DataConverter
    return makeClientContext({
      connection,
      dataConverter,
      namespace: "default",
      identity: "build-ids-test",
      interceptors,
      defaultQueryRejectCondition: undefined,
      headerCodecBehavior: "NoCodec"
    })
  }).pipe(Effect.provide(DataConverter.Default))

const setsOf = (sets: BuildIds.WorkerBuildIdVersionSets) => sets.versionSets.map((set) => [...set.buildIds])

describe("build-ID versioning against the dev server", () => {
  it.live("each operation changes the version sets, read back after each", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      const context = yield* clientContext(inject("temporalAddress"), [{
        updateWorkerBuildIdCompatibility: (input, next) => {
          calls.push(`update:${input.request.taskQueue}`)
          return next(input)
        },
        getWorkerBuildIdCompatibility: (input, next) => {
          calls.push(`get:${input.request.taskQueue}`)
          return next(input)
        }
      }])
      const taskQueue = freshTaskQueue("build-ids")
      const update = (op: BuildIdOp.BuildIdOp) => updateWorkerBuildIdCompatibility(context, taskQueue, op)
      const read = getWorkerBuildIdCompatibility(context, taskQueue)

      const empty = yield* read
      assert.deepStrictEqual(setsOf(empty), [], "a queue without versioning data has no sets")
      assert.isUndefined(empty.defaultBuildId)

      yield* update(BuildIdOp.addNewIdInNewDefaultSet("1.0"))
      let sets = yield* read
      assert.deepStrictEqual(setsOf(sets), [["1.0"]])
      assert.strictEqual(sets.defaultBuildId, "1.0")
      assert.isTrue(sets.defaultSet?.isDefault)

      yield* update(BuildIdOp.addNewIdInNewDefaultSet("2.0"))
      sets = yield* read
      assert.deepStrictEqual(setsOf(sets), [["1.0"], ["2.0"]])
      assert.strictEqual(sets.defaultBuildId, "2.0")
      assert.deepStrictEqual(sets.versionSets.map((set) => set.isDefault), [false, true])

      yield* update(BuildIdOp.addNewCompatibleVersion("1.1", "1.0"))
      sets = yield* read
      assert.deepStrictEqual(setsOf(sets), [["1.0", "1.1"], ["2.0"]], "compatible, not promoted")
      assert.strictEqual(sets.defaultBuildId, "2.0")
      assert.isTrue(sets.areCompatible("1.0", "1.1"))

      yield* update(BuildIdOp.addNewCompatibleVersion("1.2", "1.1", { promoteSet: true }))
      sets = yield* read
      assert.deepStrictEqual(setsOf(sets), [["2.0"], ["1.0", "1.1", "1.2"]], "promoteSet makes the set the default")
      assert.strictEqual(sets.defaultBuildId, "1.2")

      yield* update(BuildIdOp.promoteSetByBuildId("2.0"))
      sets = yield* read
      assert.deepStrictEqual(setsOf(sets), [["1.0", "1.1", "1.2"], ["2.0"]])
      assert.strictEqual(sets.defaultBuildId, "2.0")

      yield* update(BuildIdOp.promoteBuildIdWithinSet("1.0"))
      sets = yield* read
      assert.strictEqual(sets.findSet("1.1")?.defaultBuildId, "1.0", "1.0 is now its set's default")
      assert.sameMembers([...sets.findSet("1.1")!.buildIds], ["1.0", "1.1", "1.2"])
      assert.strictEqual(sets.defaultBuildId, "2.0", "the queue's default set is unchanged")

      const limited = yield* getWorkerBuildIdCompatibility(context, taskQueue, { maxSets: 1 })
      assert.deepStrictEqual(setsOf(limited), [["2.0"]], "maxSets 1: only the default set")

      yield* update(BuildIdOp.mergeSets("2.0", "1.0"))
      sets = yield* read
      assert.strictEqual(sets.versionSets.length, 1, "one set after the merge")
      assert.sameMembers([...sets.versionSets[0]!.buildIds], ["1.0", "1.1", "1.2", "2.0"])
      assert.strictEqual(sets.defaultBuildId, "2.0", "the primary set's default stays the default")
      assert.isTrue(sets.areCompatible("1.1", "2.0"))

      const unknown = yield* Effect.flip(update(BuildIdOp.promoteSetByBuildId("9.9")))
      assert.strictEqual(unknown._tag, "RpcError")
      if (unknown._tag === "RpcError") assert.strictEqual(unknown.code, "NOT_FOUND")

      assert.isTrue(calls.includes(`update:${taskQueue}`) && calls.includes(`get:${taskQueue}`), "intercepted")
    }))

  it.live("invalid arguments fail before any RPC", () =>
    Effect.gen(function*() {
      let rpcs = 0
      const context = yield* clientContext(inject("temporalAddress"), [{
        updateWorkerBuildIdCompatibility: (input, next) => Effect.suspend(() => (rpcs++, next(input))),
        getWorkerBuildIdCompatibility: (input, next) => Effect.suspend(() => (rpcs++, next(input))),
        getWorkerTaskReachability: (input, next) => Effect.suspend(() => (rpcs++, next(input)))
      }])
      const errors = yield* Effect.all([
        Effect.flip(updateWorkerBuildIdCompatibility(context, "", BuildIdOp.addNewIdInNewDefaultSet("1.0"))),
        Effect.flip(updateWorkerBuildIdCompatibility(context, "tq", BuildIdOp.addNewIdInNewDefaultSet(""))),
        Effect.flip(updateWorkerBuildIdCompatibility(context, "tq", BuildIdOp.addNewCompatibleVersion("1.1", ""))),
        Effect.flip(updateWorkerBuildIdCompatibility(context, "tq", BuildIdOp.mergeSets("", "1.0"))),
        Effect.flip(getWorkerBuildIdCompatibility(context, " ")),
        Effect.flip(getWorkerBuildIdCompatibility(context, "tq", { maxSets: -1 })),
        Effect.flip(getWorkerBuildIdCompatibility(context, "tq", { maxSets: 1.5 })),
        Effect.flip(getWorkerTaskReachability(context, { buildIds: [] })),
        Effect.flip(getWorkerTaskReachability(context, { buildIds: [""] })),
        Effect.flip(getWorkerTaskReachability(context, { buildIds: ["1.0"], taskQueues: [""] })),
        Effect.flip(
          getWorkerTaskReachability(context, {
            buildIds: ["1.0"],
            reachability: "Sometimes" as BuildIds.TaskReachability
          })
        )
      ])
      assert.deepStrictEqual(errors.map((error) => error._tag), errors.map(() => "InvalidArgumentError"))
      assert.deepStrictEqual(
        errors.map((error) => (error._tag === "InvalidArgumentError" ? error.field : "")),
        [
          "taskQueue",
          "operation.buildId",
          "operation.existingCompatibleBuildId",
          "operation.primaryBuildId",
          "taskQueue",
          "maxSets",
          "maxSets",
          "buildIds",
          "taskQueues",
          "taskQueues[0]",
          "reachability"
        ]
      )
      assert.strictEqual(rpcs, 0)
    }))

  it.live("reachability of build IDs with and without open workflows", () =>
    Effect.gen(function*() {
      const address = inject("temporalAddress")
      const context = yield* clientContext(address)
      const busy = freshTaskQueue("reach-busy")
      const idle = freshTaskQueue("reach-idle")
      // Build IDs are namespace-wide in reachability answers: unique ones keep other tests out.
      const v1 = freshId("v1")
      const v2 = freshId("v2")
      const neverAdded = freshId("never-added")
      for (const taskQueue of [busy, idle]) {
        yield* updateWorkerBuildIdCompatibility(context, taskQueue, BuildIdOp.addNewIdInNewDefaultSet(v1))
      }
      // A versioned worker of v1 on the busy queue, and a workflow it keeps open.
      yield* withWorker({
        address,
        taskQueue: busy,
        workflowBundlePath: inject("workflowBundlePath"),
        workerOptions: { buildId: v1, useVersioning: true }
      })
      const workflowId = freshId("reach")
      yield* context.connection.workflowService.startWorkflowExecution({
        namespace: "default",
        workflowId,
        workflowType: { name: "signalQueryUpdate" },
        taskQueue: { name: busy },
        identity: context.identity,
        requestId: crypto.randomUUID()
      })
      const terminate = context.connection.workflowService.terminateWorkflowExecution({
        namespace: "default",
        workflowExecution: { workflowId },
        reason: "test done"
      })
      yield* Effect.addFinalizer(() => Effect.ignore(terminate))
      // v1 has processed a workflow task once the workflow has a completed task in its history.
      yield* eventually(
        "the v1 worker's first workflow task",
        Effect.map(
          context.connection.workflowService.describeWorkflowExecution({
            namespace: "default",
            execution: { workflowId }
          }),
          (response) =>
            Number(String(response.workflowExecutionInfo?.historyLength ?? 0)) >= 4 ? Option.some(true) : Option.none()
        )
      )
      for (const taskQueue of [busy, idle]) {
        yield* updateWorkerBuildIdCompatibility(context, taskQueue, BuildIdOp.addNewIdInNewDefaultSet(v2))
      }

      const open = yield* eventually(
        "v1 reachable by its open workflow",
        Effect.map(
          getWorkerTaskReachability(context, {
            buildIds: [v1, v2],
            taskQueues: [busy, idle],
            reachability: "OpenWorkflows"
          }),
          (r) => r.forBuildId(v1)?.reachabilityOn(busy)?.includes("OpenWorkflows") ? Option.some(r) : Option.none()
        )
      )
      assert.notInclude(open.forBuildId(v1)!.reachabilityOn(idle)!, "OpenWorkflows", "no workflow ran on idle")
      assert.deepStrictEqual(open.forBuildId(v2)!.reachabilityOn(busy), ["NewWorkflows"], "v2 is the new default")
      assert.deepStrictEqual(open.forBuildId(v2)!.reachabilityOn(idle), ["NewWorkflows"])
      assert.deepStrictEqual(open.forBuildId(v1)!.unretrievedTaskQueues, [])

      const existing = yield* getWorkerTaskReachability(context, { buildIds: [v1], taskQueues: [busy] })
      assert.include(existing.forBuildId(v1)!.reachabilityOn(busy)!, "ExistingWorkflows", "the server's default kind")

      const allQueues = yield* getWorkerTaskReachability(context, { buildIds: [v1], reachability: "OpenWorkflows" })
      assert.sameMembers([...allQueues.forBuildId(v1)!.taskQueueReachability.keys()], [busy, idle])

      const unknown = yield* getWorkerTaskReachability(context, { buildIds: [neverAdded], taskQueues: [idle] })
      assert.deepStrictEqual(unknown.forBuildId(neverAdded)!.reachabilityOn(idle), [], "unreachable")

      // Without open workflows: once the workflow is closed, v1 is no longer reachable by open
      // workflows there, only by closed ones.
      yield* terminate
      const closed = yield* eventually(
        "v1 without open workflows",
        Effect.map(
          getWorkerTaskReachability(context, { buildIds: [v1], taskQueues: [busy], reachability: "OpenWorkflows" }),
          (r) =>
            r.forBuildId(v1)?.reachabilityOn(busy)?.includes("OpenWorkflows") === false ? Option.some(r) : Option.none()
        )
      )
      assert.notInclude(closed.forBuildId(v1)!.reachabilityOn(busy)!, "OpenWorkflows")
      const closedOnly = yield* getWorkerTaskReachability(context, {
        buildIds: [v1],
        taskQueues: [busy],
        reachability: "ClosedWorkflows"
      })
      assert.include(closedOnly.forBuildId(v1)!.reachabilityOn(busy)!, "ClosedWorkflows")
    }))

  it.live(
    "a server with the versioning APIs turned off answers WorkerVersioningApiUnavailableError (Disabled)",
    () =>
      Effect.gen(function*() {
        const server = yield* Effect.acquireRelease(
          Effect.promise(() =>
            startDevServer({
              verbose: false,
              dynamicConfig: { "frontend.workerVersioningDataAPIs": false }
            })
          ),
          (server) => Effect.promise(() => server.stop())
        )
        const context = yield* clientContext(server.address)
        const errors = yield* Effect.all([
          Effect.flip(updateWorkerBuildIdCompatibility(context, "tq", BuildIdOp.addNewIdInNewDefaultSet("1.0"))),
          Effect.flip(getWorkerBuildIdCompatibility(context, "tq")),
          Effect.flip(getWorkerTaskReachability(context, { buildIds: ["1.0"], taskQueues: ["tq"] }))
        ])
        assert.deepStrictEqual(
          errors.map((error) =>
            error._tag === "WorkerVersioningApiUnavailableError" ? [error.rpc, error.reason] : [error._tag]
          ),
          [
            ["UpdateWorkerBuildIdCompatibility", "Disabled"],
            ["GetWorkerBuildIdCompatibility", "Disabled"],
            ["GetWorkerTaskReachability", "Disabled"]
          ]
        )
        for (const error of errors) {
          if (error._tag === "WorkerVersioningApiUnavailableError") assert.include(error.description, "disabled")
        }
      })
  )
})
