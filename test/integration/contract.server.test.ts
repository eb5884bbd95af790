import * as Effect from "effect/Effect"
import { inject } from "vitest"
import * as NexusEndpoints from "../../src/NexusEndpoints.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { contractNexusHandler } from "../fixtures/nexus.js"
import { activityContract } from "../suites/activityContract.js"
import { nexusContract } from "../suites/nexusContract.js"
import { type ContractBackend, workflowContract } from "../suites/workflowContract.js"
import { startWorker, withClient } from "../support/client.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

const backend: ContractBackend = {
  live: true,
  taskQueue: startWorker("contract"),
  run: (body) => withClient(body)
}

workflowContract("dev server and the official worker", backend)
activityContract("dev server and the official worker", backend)

/** A worker serving the fixture Nexus service on a fresh task queue, and an endpoint targeting it. */
const nexusEndpoint = Effect.gen(function*() {
  const taskQueue = freshTaskQueue("contract-nexus")
  yield* withWorker({
    address: inject("temporalAddress"),
    taskQueue,
    workflowBundlePath: inject("workflowBundlePath"),
    workerOptions: { nexusServices: [contractNexusHandler] }
  })
  const client = yield* TemporalClient.TemporalClient
  const endpoints = yield* Effect.provide(Effect.map(NexusEndpoints.NexusEndpoints, (e) => e), NexusEndpoints.layer)
  const created = yield* endpoints.createEndpoint({
    name: freshId("contract-endpoint"),
    target: { _tag: "Worker", namespace: client.namespace, taskQueue }
  })
  return created.name
})

nexusContract("dev server and the official worker", { ...backend, endpoint: nexusEndpoint })
