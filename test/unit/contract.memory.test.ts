import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { InMemoryTemporal } from "../../src/testing/index.js"
import { activityContract } from "../suites/activityContract.js"
import { memoryActivities } from "../suites/memoryActivities.js"
import { memoryNexusServices } from "../suites/memoryNexus.js"
import { memoryWorkflows } from "../suites/memoryWorkflows.js"
import { nexusContract } from "../suites/nexusContract.js"
import { type ContractBackend, workflowContract } from "../suites/workflowContract.js"

const backend: ContractBackend = {
  live: false,
  taskQueue: Effect.succeed("memory-queue"),
  run: (body) =>
    Effect.scoped(body).pipe(
      Effect.provide(Layer.fresh(InMemoryTemporal.layer({
        workflows: memoryWorkflows,
        activities: memoryActivities,
        nexusServices: memoryNexusServices
      })))
    )
}

workflowContract("in-memory Temporal", backend)
activityContract("in-memory Temporal", backend)
nexusContract("in-memory Temporal", { ...backend, endpoint: Effect.succeed("memory-endpoint") })
