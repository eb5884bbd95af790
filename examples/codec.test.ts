/**
 * Runs `tsx examples/codec.ts` against the shared dev server, as a child process, and checks that it
 * prints what it should and exits by itself with code 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { randomBytes } from "node:crypto"
import { inject } from "vitest"
import { runExample as run } from "./support/runExample.js"

const address = inject("temporalAddress")

/** Runs the example with `env` added to this process's environment; its exit code, stdout and stderr. */
const runExample = (env: Record<string, string>) => run("codec.ts", env)

describe("examples/codec.ts", () => {
  it.live("echoes a typed value through an encrypting client and worker, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "1",
        EXAMPLE_ENCRYPTION_KEY: randomBytes(32).toString("base64")
      })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, `Connected to ${address}, namespace default: payloads are compressed (zlib) and encrypted`)
      assert.include(stdout, "key example-key)")
      assert.match(stdout, /The argument is written as binary\/encrypted \(key example-key\), \d+ bytes/)
      assert.include(stdout, "Read back locally: sentAt is a Date again: true")
      assert.match(
        stdout,
        /Workflow echo \(codec-example-[0-9a-f-]+\) returned greeting "Hello from effect-temporal", tags \[encrypted, typed\], sentAt \S+Z \(a Date: true, same instant: true\)/
      )
      assert.strictEqual(stdout.match(/stored in the history: binary\/encrypted \(key example-key\)/g)?.length, 2)
      assert.include(stdout, "Plaintext in the history: no")
      assert.include(stdout, "A client without the codec reading the result gets DataConverterError")
      assert.notInclude(stdout, "starting a local Temporal dev server", "TEMPORAL_ADDRESS is used as given")
    }))

  it.live("without a worker, shows what the converter writes, skips the workflow, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({ TEMPORAL_ADDRESS: address, EXAMPLE_START_WORKER: "0" })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.match(stdout, /The argument is written as binary\/encrypted \(key example-key-[0-9a-f]{8}\), \d+ bytes/)
      assert.include(stdout, "sentAt is a Date again: true")
      assert.include(stdout, "skipping the workflow")
      assert.notInclude(stdout, "returned")
    }))

  it.live("refuses a key that is not 32 bytes", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({
        TEMPORAL_ADDRESS: address,
        EXAMPLE_START_WORKER: "0",
        EXAMPLE_ENCRYPTION_KEY: Buffer.from("too short").toString("base64")
      })
      assert.strictEqual(exitCode, 1)
      // runMain logs the failure through Effect's logger (stdout).
      assert.include(stdout + stderr, "EXAMPLE_ENCRYPTION_KEY must be 32 bytes in base64, got 9 bytes")
    }))
})
