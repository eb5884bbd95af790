/**
 * Runs `tsx examples/interceptors.ts` against the shared dev server, as a child process, and checks
 * that the correlation ID reached the start header and the client's spans, and that it exits 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/interceptors.ts", () => {
  it.live("propagates the correlation ID into the start header and annotates the client's spans", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("interceptors.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, `Connected to ${address}`)
      const id = /with correlation ID (order-[0-9a-f]{8})/.exec(stdout)?.[1]
      assert.isDefined(id, stdout)
      assert.include(stdout, `The workflow's start header carried correlation-id=${id}`)
      assert.include(
        stdout,
        `span temporal.TemporalClient.startWorkflow example.call=startWorkflow example.correlation_id=${id}`
      )
      assert.include(
        stdout,
        `span temporal.WorkflowHandle.result example.call=getWorkflowResult example.correlation_id=${id}`
      )
      assert.include(stdout, "Result: \"hi\"")
      assert.include(stdout, "Done.")
    }))

  it.live("skips the workflow when no worker runs, and still exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("interceptors.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "0"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, "skipping the workflows")
      assert.notInclude(stdout, "Result:")
    }))
})
