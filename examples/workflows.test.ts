/**
 * Runs `tsx examples/workflows.ts` against the shared dev server, as a child process, and checks
 * every step it prints (execute, signal, query, update, update-with-start, results, list, count)
 * and that it exits 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/workflows.ts", () => {
  it.live("starts, signals, queries, updates, update-with-starts, lists and waits for results", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("workflows.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, `Connected to ${address}, namespace default`)
      assert.include(stdout, "executeWorkflow echo → {\"greeting\":\"Hello from effect-temporal\"}")
      assert.match(stdout, /startWorkflow signalQueryUpdate → run [0-9a-f-]{36}/)
      assert.include(stdout, "query status → approved by ops")
      assert.include(stdout, "executeUpdate rename → previous name Ada")
      assert.match(stdout, /startUpdate slowUpdate → accepted as [0-9a-f-]{36}/)
      assert.include(stdout, "update result → slept 200")
      assert.include(stdout, "startUpdateWithStart rename → previous name Ken")
      assert.include(stdout, "result signalQueryUpdate → {\"name\":\"Grace\",\"status\":\"finished\"}")
      assert.include(stdout, "result update-with-start → {\"name\":\"Linus\",\"status\":\"finished\"}")
      assert.match(stdout, /listWorkflows .* → 3 executions/)
      assert.match(stdout, /  echo example-echo-\S+ Completed/)
      assert.include(stdout, "countWorkflows → 3")
      assert.include(stdout, "Done.")
    }))

  it.live("skips the workflows when no worker runs, and still exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample("workflows.ts", {
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "0"
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, "skipping the workflows")
      assert.notInclude(stdout, "executeWorkflow")
    }))
})
