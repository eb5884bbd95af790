/**
 * Runs `tsx examples/operations.ts` against the shared dev server, as a child process.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/operations.ts", () => {
  it.live("finds failed workflows, resets them in a batch, follows its progress, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("operations.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}\nstdout:\n${stdout}`)
      assert.include(stdout, "Failed workflows found: 3")
      assert.include(stdout, "Batch started: yes")
      assert.include(stdout, "Batch ended: Completed, 3 of 3 reset")
      assert.include(stdout, "Workflow pollers on the queue: some")
      assert.match(stdout, /Namespace default keeps closed workflows \d/)
    }))
})
