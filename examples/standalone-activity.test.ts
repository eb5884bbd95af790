/**
 * Runs `tsx examples/standalone-activity.ts` against the shared dev server, as a child process.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/standalone-activity.ts", () => {
  it.live("executes one activity, follows another through its service, lists both, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("standalone-activity.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}\nstdout:\n${stdout}`)
      assert.include(stdout, "Receipt: order-42 for 19.99")
      assert.include(stdout, "Export running: attempt 1, heartbeats recorded")
      assert.include(stdout, "Export Paused")
      assert.include(stdout, "Export ended: ActivityFailedError (CanceledFailure)")
      assert.include(stdout, "Listed: echoActivity=Completed, heartbeatLoop=Canceled")
    }))
})
