/**
 * The worker deployment client's `update` against the in-process fake gRPC server: it re-reads and
 * runs the updater again after each conflict, sending each read's token; it gives up after
 * `maxAttempts` conflicts with `WorkerDeploymentConflictError`; it sends nothing when the updater
 * says so, and refuses a bad change before any RPC.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import * as WorkerDeploymentClient from "../../src/WorkerDeploymentClient.js"
import { describeResponse, fail, requestsOf, token, withDeployments } from "../support/workerDeployments.js"

type SetRampingReq = protoTypes.api.workflowservice.v1.ISetWorkerDeploymentRampingVersionRequest

describe("WorkerDeploymentClient.update against the fake server", () => {
  it.effect("update re-reads and runs the updater again after each conflict, sending each read's token", () =>
    Effect.gen(function*() {
      const reads = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeWorkerDeployment: () =>
            Effect.map(Ref.updateAndGet(reads, (n) => n + 1), (n) => describeResponse(token(n))),
          setWorkerDeploymentRampingVersion: (request) =>
            request.conflictToken?.[0] === 3
              ? Effect.succeed({ conflictToken: token(4) })
              : fail("FAILED_PRECONDITION", "conflict token mismatch")
        }
      })
      const seen: Array<number> = []
      yield* withDeployments(
        server,
        WorkerDeploymentClient.update("orders", (description) =>
          Effect.sync(() => {
            seen.push(description.conflictToken[0]!)
            return { _tag: "SetRampingVersion" as const, buildId: "v2", percentage: 50 }
          }))
      )
      assert.deepStrictEqual(seen, [1, 2, 3])
      const sent = (yield* requestsOf(server, "SetWorkerDeploymentRampingVersion")) as Array<SetRampingReq>
      assert.deepStrictEqual(sent.map((r) => r.conflictToken?.[0]), [1, 2, 3])
      assert.deepStrictEqual(sent.map((r) => r.percentage), [50, 50, 50])
    }))

  it.effect("update gives up after maxAttempts conflicts with WorkerDeploymentConflictError, and sends nothing when the updater says so", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          describeWorkerDeployment: () => Effect.succeed(describeResponse(token(1))),
          setWorkerDeploymentCurrentVersion: () => fail("FAILED_PRECONDITION", "conflict token mismatch")
        }
      })
      const error = yield* withDeployments(
        server,
        Effect.flip(
          WorkerDeploymentClient.update(
            "orders",
            () => Effect.succeed({ _tag: "SetCurrentVersion" as const, buildId: "v2" }),
            { maxAttempts: 3 }
          )
        )
      )
      assert.strictEqual(error._tag, "WorkerDeploymentConflictError")
      if (error._tag === "WorkerDeploymentConflictError") {
        assert.strictEqual(error.attempts, 3)
        assert.strictEqual((error.cause as { code?: string } | undefined)?.code, "FAILED_PRECONDITION")
      }
      assert.strictEqual((yield* requestsOf(server, "SetWorkerDeploymentCurrentVersion")).length, 3)
      yield* withDeployments(server, WorkerDeploymentClient.update("orders", () => Effect.succeed(undefined)))
      assert.strictEqual((yield* requestsOf(server, "SetWorkerDeploymentCurrentVersion")).length, 3)
      const refused = yield* withDeployments(
        server,
        Effect.flip(
          WorkerDeploymentClient.update(
            "orders",
            () => Effect.succeed({ _tag: "SetRampingVersion" as const, buildId: "v2", percentage: 101 })
          )
        )
      )
      assert.strictEqual(refused._tag, "InvalidArgumentError")
    }))
})
