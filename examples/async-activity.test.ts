/**
 * Runs `tsx examples/async-activity.ts` against the shared dev server, as a child process.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/async-activity.ts", () => {
  it.live("completes by ID through a derived service, fails by token, sees cancellation, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("async-activity.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}\nstdout:\n${stdout}`)
      assert.include(stdout, "Completed by ID: workflow returned \"payment captured\"")
      assert.include(
        stdout,
        "Failed by task token: WorkflowFailedError: ActivityFailure(Activity task failed) <- ApplicationFailure(card declined)"
      )
      assert.include(stdout, "Heartbeat after cancel: AsyncActivityCancelledError (CancelRequested)")
      assert.include(stdout, "Workflow ended with CanceledFailure")
    }))
})
