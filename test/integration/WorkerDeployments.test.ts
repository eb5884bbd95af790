/**
 * Worker deployments against the dev server, with official workers polling as versions of a
 * deployment (`workerDeploymentOptions`): describe the deployment and its versions, make a version
 * current with the conflict token of a read (and see a stale token refused), ramp the next version
 * at 25 %, edit its metadata, promote it with the conflict-retrying `update`, set and clear the
 * manager identity, list deployments, then delete the versions once their workers have stopped
 * (refused while in use) and the deployment.
 *
 * The dev server's dynamic config (scripts/devServer.ts) remembers pollers for 10 s and marks a
 * version drained 2 s after it leaves routing, so deleting takes seconds, not minutes.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { inject } from "vitest"
import * as WorkerDeploymentClient from "../../src/WorkerDeploymentClient.js"
import { withClient } from "../support/client.js"
import { eventually } from "../support/eventually.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

/** A worker polling `taskQueue` as version `buildId` of `deploymentName`, stopped when `scope` closes. */
const versionedWorker = (scope: Scope.Scope, taskQueue: string, deploymentName: string, buildId: string) =>
  withWorker({
    address: inject("temporalAddress"),
    taskQueue,
    workflowBundlePath: inject("workflowBundlePath"),
    workerOptions: {
      workerDeploymentOptions: {
        version: { deploymentName, buildId },
        useWorkerVersioning: true,
        defaultVersioningBehavior: "AUTO_UPGRADE"
      }
    }
  }).pipe(Scope.provide(scope))

/** `effect`, retried until it succeeds (each failure counts as "not yet"). */
const untilItWorks = <A, E, R>(what: string, effect: Effect.Effect<A, E, R>) =>
  eventually(what, Effect.map(effect, Option.some), { attempts: 150, interval: "200 millis" })

describe("worker deployments against the dev server", () => {
  it.live(
    "describe, set current, ramp, metadata, update, manager, list, and delete versions and deployment",
    () =>
      withClient(
        Effect.gen(function*() {
          const deployments = yield* WorkerDeploymentClient.WorkerDeploymentClient
          const deploymentName = freshId("deploy")
          const taskQueue = freshTaskQueue("deploy")
          const v1 = { deploymentName, buildId: "v1" }
          const v2 = { deploymentName, buildId: "v2" }
          const worker1 = yield* Scope.make()
          const worker2 = yield* Scope.make()
          yield* Effect.addFinalizer(() =>
            Effect.andThen(Scope.close(worker1, Exit.void), Scope.close(worker2, Exit.void))
          )

          // v1 polls: the deployment and the version appear.
          yield* versionedWorker(worker1, taskQueue, deploymentName, "v1")
          const first = yield* untilItWorks(
            "the deployment with v1",
            Effect.filterOrFail(deployments.describe(deploymentName), (d) => d.versionSummaries.length > 0)
          )
          assert.strictEqual(first.name, deploymentName)
          assert.deepStrictEqual(first.versionSummaries.map((s) => s.version.buildId), ["v1"])
          assert.isUndefined(first.routingConfig.currentVersion)
          const version1 = yield* untilItWorks(
            "v1 with its task queue",
            Effect.filterOrFail(deployments.describeVersion(v1), (d) => d.taskQueues.some((q) => q.type === "Workflow"))
          )
          assert.deepStrictEqual(version1.version, v1)
          // The worker polls the queue for workflow tasks and, with activities registered, activity tasks.
          assert.isTrue(
            version1.taskQueues.every((q) => q.name === taskQueue && (q.type === "Workflow" || q.type === "Activity"))
          )

          // v1 current, with the read's token; the same token again is stale.
          const afterCurrent = yield* deployments.setCurrentVersion(deploymentName, {
            buildId: "v1",
            conflictToken: first.conflictToken
          })
          assert.isAbove(afterCurrent.conflictToken.length, 0)
          const stale = yield* Effect.flip(
            deployments.setCurrentVersion(deploymentName, { buildId: undefined, conflictToken: first.conflictToken })
          )
          assert.strictEqual(stale._tag, "WorkerDeploymentConflictError")

          // v2 polls and ramps at 25 %.
          yield* versionedWorker(worker2, taskQueue, deploymentName, "v2")
          yield* untilItWorks("v2 known", deployments.describeVersion(v2))
          yield* untilItWorks(
            "v2 ramping",
            deployments.setRampingVersion(deploymentName, { buildId: "v2", percentage: 25 })
          )
          const ramping = yield* deployments.describe(deploymentName)
          assert.deepStrictEqual(ramping.routingConfig.currentVersion, v1)
          assert.deepStrictEqual(ramping.routingConfig.ramping?.version, v2)
          assert.strictEqual(ramping.routingConfig.ramping?.percentage, 25)
          assert.strictEqual(
            ramping.versionSummaries.find((s) => s.version.buildId === "v2")?.status,
            "Ramping"
          )

          // Metadata, encoded and decoded by the client's data converter.
          const metadata = yield* deployments.updateVersionMetadata(v2, {
            upsert: { owner: { team: "orders" }, rev: 2 }
          })
          assert.deepStrictEqual(metadata, { owner: { team: "orders" }, rev: 2 })
          const trimmed = yield* deployments.updateVersionMetadata(v2, { remove: ["rev"] })
          assert.deepStrictEqual(trimmed, { owner: { team: "orders" } })
          assert.deepStrictEqual((yield* deployments.describeVersion(v2)).metadata, { owner: { team: "orders" } })

          // Promote the ramping version with update: the updater decides from the fresh read.
          yield* deployments.update(deploymentName, ({ routingConfig }) =>
            Effect.succeed(
              routingConfig.ramping?.version?.buildId === "v2"
                ? { _tag: "SetCurrentVersion" as const, buildId: "v2" }
                : undefined
            ))
          const promoted = yield* deployments.describe(deploymentName)
          assert.deepStrictEqual(promoted.routingConfig.currentVersion, v2)
          assert.isUndefined(promoted.routingConfig.ramping)

          // The manager identity: this client, then none.
          yield* deployments.setManagerIdentity(deploymentName, { self: true })
          const managed = yield* deployments.describe(deploymentName)
          assert.isString(managed.managerIdentity)
          assert.isAbove(managed.managerIdentity!.length, 0)
          yield* deployments.setManagerIdentity(deploymentName, { managerIdentity: "" })
          assert.isUndefined((yield* deployments.describe(deploymentName)).managerIdentity)

          // Listed among the namespace's deployments.
          const listed = yield* untilItWorks(
            "the deployment listed",
            Effect.filterOrFail(
              Stream.runCollect(deployments.list()),
              (all) => all.some((d) => d.name === deploymentName)
            )
          )
          assert.deepStrictEqual(listed.find((d) => d.name === deploymentName)?.routingConfig.currentVersion, v2)

          // Deleting what is in use is refused, with a reason.
          const current = yield* Effect.flip(deployments.deleteVersion(v2))
          assert.strictEqual(current._tag === "WorkerDeploymentInUseError" && current.reason, "CurrentOrRamping")
          const hasVersions = yield* Effect.flip(deployments.delete(deploymentName))
          assert.strictEqual(hasVersions._tag === "WorkerDeploymentInUseError" && hasVersions.reason, "HasVersions")

          // Route to the unversioned workers, stop both workers, delete both versions, then the deployment.
          yield* deployments.setCurrentVersion(deploymentName, { buildId: undefined })
          yield* Effect.all([Scope.close(worker1, Exit.void), Scope.close(worker2, Exit.void)], { concurrency: 2 })
          const polled = yield* Effect.flip(deployments.deleteVersion(v1))
          assert.strictEqual(polled._tag, "WorkerDeploymentInUseError")
          yield* untilItWorks("v1 deleted", deployments.deleteVersion(v1))
          yield* untilItWorks("v2 deleted", deployments.deleteVersion(v2, { skipDrainage: true }))
          const gone = yield* Effect.flip(deployments.describeVersion(v1))
          assert.strictEqual(gone._tag, "WorkerDeploymentVersionNotFoundError")
          yield* deployments.delete(deploymentName)
          const deleted = yield* Effect.flip(deployments.describe(deploymentName))
          assert.strictEqual(deleted._tag, "WorkerDeploymentNotFoundError")
        }).pipe(Effect.provide(WorkerDeploymentClient.layer))
      ),
    { timeout: 120_000 }
  )
})
