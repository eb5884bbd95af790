/**
 * A worker serving the fixture Nexus service (`test/fixtures/nexus.ts`) and an endpoint targeting
 * its task queue, for the Nexus integration tests.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { inject } from "vitest"
import * as NexusEndpoints from "../../src/NexusEndpoints.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { contractNexusHandler } from "../fixtures/nexus.js"
import { freshId, freshTaskQueue, withWorker, type WorkerOpts } from "./worker.js"

/** A worker serving the fixture Nexus service on a fresh task queue, and an endpoint targeting it. */
export const nexusEndpoint = (
  dataConverter?: WorkerOpts["dataConverter"]
): Effect.Effect<string, unknown, Scope.Scope | TemporalClient.TemporalClient> =>
  Effect.gen(function*() {
    const taskQueue = freshTaskQueue("nexus")
    yield* withWorker({
      address: inject("temporalAddress"),
      taskQueue,
      workflowBundlePath: inject("workflowBundlePath"),
      workerOptions: { nexusServices: [contractNexusHandler] },
      ...(dataConverter !== undefined ? { dataConverter } : {})
    })
    const client = yield* TemporalClient.TemporalClient
    const created = yield* Effect.flatMap(NexusEndpoints.NexusEndpoints, (endpoints) =>
      endpoints.createEndpoint({
        name: freshId("endpoint"),
        target: { _tag: "Worker", namespace: client.namespace, taskQueue }
      })).pipe(Effect.provide(NexusEndpoints.layer))
    return created.name
  })
