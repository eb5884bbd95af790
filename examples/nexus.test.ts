/**
 * Runs `tsx examples/nexus.ts` against the shared dev server, as a child process.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/nexus.ts", () => {
  it.live("creates an endpoint, runs a sync and a workflow-backed operation, cancels one, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("nexus.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}\nstdout:\n${stdout}`)
      assert.match(stdout, /Endpoint example-endpoint-\w+ created \(version \d+\)/)
      assert.include(stdout, "Echo answered: hello, Nexus")
      assert.include(stdout, "Sleep operation Started: \"a long nap\"")
      assert.include(stdout, "Sleep operation ended: NexusOperationFailedError (CanceledFailure)")
      assert.include(stdout, "Operations through the endpoint: 2")
      assert.include(stdout, "Endpoint deleted")
    }))
})
