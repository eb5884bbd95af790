/**
 * Runs `tsx examples/schedules.ts` against the shared dev server, as a child process, and checks
 * that it prints what it should and exits by itself with code 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { runExample as run } from "./support/runExample.js"

const address = inject("temporalAddress")

/** Runs the example with `env` added to this process's environment; its exit code, stdout and stderr. */
const runExample = (env: Record<string, string>) => run("schedules.ts", env)

describe("examples/schedules.ts", () => {
  it.live("creates, triggers, pauses, updates, describes and deletes a schedule, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({ TEMPORAL_ADDRESS: address, EXAMPLE_START_WORKER: "1" })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.match(stdout, /Created schedule example-schedule-[0-9a-f-]+/)
      assert.match(stdout, /Triggered: it started workflow example-echo-[0-9a-f-]+-\d{4}-\d\d-\d\dT/)
      assert.match(stdout, /Workflow example-echo-\S+ returned \{"greeting":"Hello from a schedule"\}/)
      assert.match(
        stdout,
        /Described: paused=true note="paused by examples\/schedules.ts", every 30m, 1 action\(s\) taken, workflow type echo/
      )
      assert.include(stdout, "Deleted: describing it again gives ScheduleNotFoundError")
      assert.notInclude(stdout, "starting a local Temporal dev server", "TEMPORAL_ADDRESS is used as given")
    }))

  it.live("without a worker it terminates the started workflow instead of waiting, and still exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({ TEMPORAL_ADDRESS: address, EXAMPLE_START_WORKER: "0" })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, "terminating the workflow")
      assert.notInclude(stdout, "returned")
      assert.include(stdout, "Deleted: describing it again gives ScheduleNotFoundError")
    }))
})
