import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { InMemoryTemporal } from "../../src/testing/index.js"
import { memoryWorkflows } from "../suites/memoryWorkflows.js"
import { workflowContract } from "../suites/workflowContract.js"

workflowContract("in-memory Temporal", {
  live: false,
  taskQueue: Effect.succeed("memory-queue"),
  run: (body) =>
    Effect.scoped(body).pipe(Effect.provide(Layer.fresh(InMemoryTemporal.layer({ workflows: memoryWorkflows }))))
})
