/**
 * Runs `tsx examples/main.ts` (what `npm start` runs) against the shared dev server, as a child
 * process, and checks that it prints what it should and exits by itself with code 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/main.ts", () => {
  it.live("drives a workflow through start, signal, query, update and result, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("main.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, `Connected to ${address}: Temporal server `)
      assert.match(stdout, /Temporal server \d+\.\d+\.\d+/)
      assert.match(stdout, /capabilities: .*signalAndQueryHeader/)
      assert.match(stdout, /Namespace default: registered, retention \S+/)
      assert.match(stdout, /Workflow echo returned \{"greeting":"Hello from effect-temporal",/)
      assert.include(stdout, "Query status: approved by ops")
      assert.include(stdout, "Update rename: was \"World\"")
      assert.include(stdout, "\"name\":\"Effect\"")
      assert.notInclude(stdout, "starting a local Temporal dev server", "TEMPORAL_ADDRESS is used as given")
    }))

  it.live("skips the workflows when no worker runs, and still exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("main.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "0"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.match(stdout, /Temporal server \d+\.\d+\.\d+/)
      assert.include(stdout, "skipping the workflows")
      assert.notInclude(stdout, "returned")
    }))
})
