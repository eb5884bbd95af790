/**
 * In-memory equivalent of the fixture Nexus service in `test/fixtures/nexus.ts`, for the Nexus
 * contract suite run against `InMemoryTemporal`. Same service, operations, inputs and outputs.
 */
import * as Effect from "effect/Effect"
import { ApplicationFailure, NexusHandlerFailure } from "../../src/Failure.js"
import type { InMemoryTemporal } from "../../src/testing/index.js"

export const memoryNexusServices: Record<string, Record<string, InMemoryTemporal.NexusOperationFunction>> = {
  contractNexus: {
    echo: (input) => Effect.succeed(input),
    fail: (message) =>
      Effect.fail(new ApplicationFailure({ message: message as string, type: "OperationError", nonRetryable: true })),
    badRequest: (message) => Effect.fail(new NexusHandlerFailure({ message: message as string, type: "BAD_REQUEST" })),
    echoWorkflow: (input) => Effect.succeed(input),
    sleepWorkflow: (ms) => Effect.as(Effect.sleep(`${ms as number} millis`), "slept")
  }
}
