/**
 * The worker deployment client against the in-process fake gRPC server: the requests it sends
 * (conflict tokens, identity, unversioned targets, guards, encoded metadata), what it decodes
 * (routing configs with current and ramping versions, drainage, task queues, metadata), the
 * options it refuses before any RPC, the errors it maps, and interceptors seeing its calls (the
 * conflict-retrying `update`: WorkerDeploymentUpdate.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import * as WorkerDeploymentClient from "../../src/WorkerDeploymentClient.js"
import { jsonPayload as json } from "../support/fakeClient.js"
import { describeResponse, fail, requestsOf, Status, token, v, withDeployments } from "../support/workerDeployments.js"

const proto = temporal()

type SetCurrentReq = protoTypes.api.workflowservice.v1.ISetWorkerDeploymentCurrentVersionRequest
type SetRampingReq = protoTypes.api.workflowservice.v1.ISetWorkerDeploymentRampingVersionRequest
type SetManagerReq = protoTypes.api.workflowservice.v1.ISetWorkerDeploymentManagerRequest
type MetadataReq = protoTypes.api.workflowservice.v1.IUpdateWorkerDeploymentVersionMetadataRequest

describe("WorkerDeploymentClient against the fake server", () => {
  it.effect("describe decodes versions, routing (current, ramping, percentage), manager and the conflict token", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeWorkerDeployment: () => Effect.succeed(describeResponse(token(7))) }
      })
      const description = yield* withDeployments(server, WorkerDeploymentClient.describe("orders"))
      assert.strictEqual(description.name, "orders")
      assert.deepStrictEqual([...description.conflictToken], [7])
      assert.deepStrictEqual(description.routingConfig.currentVersion, v("v1"))
      assert.deepStrictEqual(description.routingConfig.ramping?.version, v("v2"))
      assert.strictEqual(description.routingConfig.ramping?.percentage, 25)
      assert.strictEqual(description.routingConfig.revisionNumber, 4)
      assert.strictEqual(description.routingConfigUpdateState, "Completed")
      assert.strictEqual(description.managerIdentity, "deployer")
      assert.deepStrictEqual(description.versionSummaries.map((s) => [s.version.buildId, s.status]), [
        ["v1", "Current"],
        ["v0", "Drained"]
      ])
      assert.strictEqual(description.versionSummaries[1]?.drainageInfo?.status, "Drained")
      assert.strictEqual(description.createTime?.getTime(), 1_700_000_000_000)
    }))

  it.effect("a ramp to the unversioned workers and an unversioned current version read as absent versions", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeWorkerDeployment: () =>
            Effect.succeed({
              conflictToken: token(1),
              workerDeploymentInfo: {
                name: "orders",
                routingConfig: {
                  currentVersion: "__unversioned__",
                  rampingVersion: "__unversioned__",
                  rampingVersionPercentage: 30
                }
              }
            })
        }
      })
      const { routingConfig } = yield* withDeployments(server, WorkerDeploymentClient.describe("orders"))
      assert.isUndefined(routingConfig.currentVersion)
      assert.isDefined(routingConfig.ramping)
      assert.isUndefined(routingConfig.ramping?.version)
      assert.strictEqual(routingConfig.ramping?.percentage, 30)
    }))

  it.effect("writes send the conflict token, the identity, \"\" for the unversioned workers, and the guards", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          setWorkerDeploymentCurrentVersion: () => Effect.succeed({ conflictToken: token(2) }),
          setWorkerDeploymentRampingVersion: () => Effect.succeed({ conflictToken: token(3) }),
          setWorkerDeploymentManager: () => Effect.succeed({ conflictToken: token(4) })
        }
      })
      const results = yield* withDeployments(
        server,
        Effect.all([
          WorkerDeploymentClient.setCurrentVersion("orders", {
            buildId: "v2",
            conflictToken: token(1),
            ignoreMissingTaskQueues: true,
            allowNoPollers: true
          }),
          WorkerDeploymentClient.setCurrentVersion("orders", { buildId: undefined }),
          WorkerDeploymentClient.setRampingVersion("orders", {
            buildId: "v3",
            percentage: 25,
            conflictToken: token(2)
          }),
          WorkerDeploymentClient.setManagerIdentity("orders", { self: true }),
          WorkerDeploymentClient.setManagerIdentity("orders", { managerIdentity: "" })
        ])
      )
      assert.deepStrictEqual(results.map((r) => [...r.conflictToken]), [[2], [2], [3], [4], [4]])
      const [current, unversioned] = (yield* requestsOf(server, "SetWorkerDeploymentCurrentVersion")) as Array<
        SetCurrentReq
      >
      assert.strictEqual(current?.namespace, "ns-1")
      assert.strictEqual(current?.deploymentName, "orders")
      assert.strictEqual(current?.buildId, "v2")
      assert.strictEqual(current?.identity, "me")
      assert.deepStrictEqual([...(current?.conflictToken ?? [])], [1])
      assert.strictEqual(current?.ignoreMissingTaskQueues, true)
      assert.strictEqual(current?.allowNoPollers, true)
      assert.strictEqual(unversioned?.buildId, "")
      assert.strictEqual(unversioned?.conflictToken?.length ?? 0, 0)
      const [ramping] = (yield* requestsOf(server, "SetWorkerDeploymentRampingVersion")) as Array<SetRampingReq>
      assert.strictEqual(ramping?.buildId, "v3")
      assert.strictEqual(ramping?.percentage, 25)
      assert.deepStrictEqual([...(ramping?.conflictToken ?? [])], [2])
      const [self, cleared] = (yield* requestsOf(server, "SetWorkerDeploymentManager")) as Array<SetManagerReq>
      assert.strictEqual(self?.self, true)
      assert.strictEqual(self?.identity, "me")
      assert.strictEqual(cleared?.managerIdentity, "")
    }))

  it.effect("bad options fail with InvalidArgumentError naming the field, and reach no RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      yield* withDeployments(
        server,
        Effect.gen(function*() {
          const client = yield* WorkerDeploymentClient.WorkerDeploymentClient
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            ["options.percentage", client.setRampingVersion("orders", { buildId: "v2", percentage: 150 })],
            ["options.percentage", client.setRampingVersion("orders", { buildId: "v2", percentage: -1 })],
            ["options.buildId", client.setCurrentVersion("orders", {} as { buildId: string })],
            ["options.buildId", client.setCurrentVersion("orders", { buildId: "" })],
            ["deploymentName", client.describe("")],
            ["deploymentName", client.setCurrentVersion("", { buildId: "v1" })],
            ["options", client.setManagerIdentity("orders", {})],
            ["options", client.setManagerIdentity("orders", { self: true, managerIdentity: "x" })],
            ["options", client.updateVersionMetadata(v("v1"), {})],
            ["version.buildId", client.describeVersion({ deploymentName: "orders", buildId: "" })],
            ["version.deploymentName", client.deleteVersion({ deploymentName: "\uD800", buildId: "v1" })],
            ["options.maxAttempts", client.update("orders", () => Effect.void, { maxAttempts: 0 })],
            ["options.pageSize", Stream.runCollect(client.list({ pageSize: 0 }))]
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
          describeWorkerDeployment: () => fail("NOT_FOUND", "no Worker Deployment found with name 'x'"),
          setWorkerDeploymentRampingVersion: () =>
            fail("NOT_FOUND", "build ID 'v9' not found in Worker Deployment 'orders'"),
          setWorkerDeploymentCurrentVersion: (request) =>
            request.buildId === "stale"
              ? fail("FAILED_PRECONDITION", "conflict token mismatch")
              : fail("FAILED_PRECONDITION", "ManagerIdentity 'a' is set and does not match user identity 'me'"),
          deleteWorkerDeploymentVersion: () =>
            fail("FAILED_PRECONDITION", "version 'orders:v1' cannot be deleted since it is draining"),
          deleteWorkerDeployment: () => fail("FAILED_PRECONDITION", "deployment has versions, can't be deleted"),
          describeWorkerDeploymentVersion: () => fail("NOT_FOUND", "Worker Deployment Version not found"),
          listWorkerDeployments: () =>
            fail("PERMISSION_DENIED", "Worker Deployment Versions are disabled on this namespace.")
        }
      })
      const errors = yield* withDeployments(
        server,
        Effect.all([
          Effect.flip(WorkerDeploymentClient.describe("x")),
          Effect.flip(WorkerDeploymentClient.setRampingVersion("orders", { buildId: "v9", percentage: 5 })),
          Effect.flip(
            WorkerDeploymentClient.setCurrentVersion("orders", { buildId: "stale", conflictToken: token(1) })
          ),
          Effect.flip(WorkerDeploymentClient.setCurrentVersion("orders", { buildId: "v1" })),
          Effect.flip(WorkerDeploymentClient.deleteVersion(v("v1"))),
          Effect.flip(WorkerDeploymentClient.deleteDeployment("orders")),
          Effect.flip(WorkerDeploymentClient.describeVersion(v("v7"))),
          Effect.flip(Stream.runCollect(WorkerDeploymentClient.list()))
        ])
      )
      assert.deepStrictEqual(errors.map((e) => e._tag), [
        "WorkerDeploymentNotFoundError",
        "WorkerDeploymentVersionNotFoundError",
        "WorkerDeploymentConflictError",
        "WorkerDeploymentManagedElsewhereError",
        "WorkerDeploymentInUseError",
        "WorkerDeploymentInUseError",
        "WorkerDeploymentVersionNotFoundError",
        "WorkerVersioningApiUnavailableError"
      ])
      const [, , conflict, , draining, hasVersions] = errors
      assert.strictEqual(conflict?._tag === "WorkerDeploymentConflictError" && conflict.attempts, 1)
      assert.strictEqual(draining?._tag === "WorkerDeploymentInUseError" && draining.reason, "Draining")
      assert.strictEqual(draining?._tag === "WorkerDeploymentInUseError" && draining.buildId, "v1")
      assert.strictEqual(hasVersions?._tag === "WorkerDeploymentInUseError" && hasVersions.reason, "HasVersions")
    }))

  it.effect("versions: metadata encoded and decoded, task queues with stats, delete with skipDrainage", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          updateWorkerDeploymentVersionMetadata: (request) =>
            Effect.succeed({ metadata: { entries: { ...request.upsertEntries, kept: json("old") } } }),
          describeWorkerDeploymentVersion: () =>
            Effect.succeed({
              workerDeploymentVersionInfo: {
                deploymentVersion: v("v1"),
                status: Status.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING,
                rampPercentage: 25,
                metadata: { entries: { owner: json({ team: "payments" }) } }
              },
              versionTaskQueues: [{
                name: "orders-q",
                type: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
                stats: { approximateBacklogCount: 3, approximateBacklogAge: { seconds: 2 }, tasksAddRate: 1.5 },
                statsByPriorityKey: { 3: { approximateBacklogCount: 3 } }
              }]
            }),
          deleteWorkerDeploymentVersion: () => Effect.succeed({})
        }
      })
      const [metadata, description] = yield* withDeployments(
        server,
        Effect.all([
          WorkerDeploymentClient.updateVersionMetadata(v("v1"), {
            upsert: { owner: { team: "payments" } },
            remove: ["gone"]
          }),
          WorkerDeploymentClient.describeVersion(v("v1"), { reportTaskQueueStats: true }),
          WorkerDeploymentClient.deleteVersion(v("v0"), { skipDrainage: true })
        ])
      )
      assert.deepStrictEqual(metadata, { owner: { team: "payments" }, kept: "old" })
      const [sent] = (yield* requestsOf(server, "UpdateWorkerDeploymentVersionMetadata")) as Array<MetadataReq>
      assert.deepStrictEqual({ ...sent?.deploymentVersion }, v("v1"))
      assert.deepStrictEqual(sent?.removeEntries, ["gone"])
      assert.deepStrictEqual(
        JSON.parse(new TextDecoder().decode(sent?.upsertEntries?.["owner"]?.data ?? new Uint8Array())),
        { team: "payments" }
      )
      assert.strictEqual(description.status, "Ramping")
      assert.strictEqual(description.rampPercentage, 25)
      assert.deepStrictEqual(description.metadata, { owner: { team: "payments" } })
      assert.strictEqual(description.taskQueues[0]?.type, "Workflow")
      assert.strictEqual(description.taskQueues[0]?.stats?.approximateBacklogCount, 3)
      assert.strictEqual(description.taskQueues[0]?.statsByPriorityKey["3"]?.approximateBacklogCount, 3)
      const [deleted] = (yield* requestsOf(server, "DeleteWorkerDeploymentVersion")) as Array<
        protoTypes.api.workflowservice.v1.IDeleteWorkerDeploymentVersionRequest
      >
      assert.strictEqual(deleted?.skipDrainage, true)
      assert.strictEqual(deleted?.identity, "me")
    }))

  it.effect("list pages through every deployment, up to the limit; interceptors see each call", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          listWorkerDeployments: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? {
                  workerDeployments: [{
                    name: "c",
                    routingConfig: { currentDeploymentVersion: { deploymentName: "c", buildId: "1" } }
                  }]
                }
                : { workerDeployments: [{ name: "a" }, { name: "b" }], nextPageToken: token(9) }
            )
        }
      })
      const seen: Array<string> = []
      const interceptor: ClientInterceptor = {
        listWorkerDeployments: (input, next) => Effect.andThen(Effect.sync(() => seen.push(input.call)), next(input))
      }
      const all = yield* withDeployments(server, Stream.runCollect(WorkerDeploymentClient.list({ pageSize: 2 })), [
        interceptor
      ])
      assert.deepStrictEqual(all.map((d) => d.name), ["a", "b", "c"])
      assert.strictEqual(all[2]?.routingConfig.currentVersion?.buildId, "1")
      assert.deepStrictEqual(seen, ["listWorkerDeployments", "listWorkerDeployments"])
      const limited = yield* withDeployments(server, Stream.runCollect(WorkerDeploymentClient.list({ limit: 1 })))
      assert.deepStrictEqual(limited.map((d) => d.name), ["a"])
    }))
})
