/**
 * Runs `tsx examples/main.ts` (what `npm start` runs) against the shared dev server, as a child
 * process, and checks that it prints what it should and exits by itself with code 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Command from "@effect/platform/Command"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { inject } from "vitest"

const address = inject("temporalAddress")
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx")

const collect = <E>(stream: Stream.Stream<Uint8Array, E>) => Stream.mkString(Stream.decodeText(stream))

/** Runs the example with `env` added to this process's environment; its exit code, stdout and stderr. */
const runExample = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const process = yield* Command.make(tsx, "examples/main.ts").pipe(
      Command.workingDirectory(repoRoot),
      Command.env(env),
      Command.start
    )
    const [exitCode, stdout, stderr] = yield* Effect.all(
      [process.exitCode, collect(process.stdout), collect(process.stderr)],
      { concurrency: "unbounded" }
    )
    return { exitCode, stdout, stderr }
  }).pipe(
    Effect.scoped,
    // Bounded: if the example did not exit by itself, the scope would kill it and the test fails.
    Effect.timeoutFail({ duration: "60 seconds", onTimeout: () => new Error("examples/main.ts did not exit in 60 s") }),
    Effect.provide(NodeContext.layer)
  )

describe("examples/main.ts", () => {
  it.live("runs the echo workflow against the given server when asked to start a worker, and exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({ TEMPORAL_ADDRESS: address, EXAMPLE_START_WORKER: "1" })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.include(stdout, `Connected to ${address}: Temporal server `)
      assert.match(stdout, /Temporal server \d+\.\d+\.\d+/)
      assert.match(stdout, /capabilities: .*signalAndQueryHeader/)
      assert.match(stdout, /Namespace default: registered, retention \S+/)
      assert.match(stdout, /Workflow echo \(example-echo-[0-9a-f-]+\) returned \{"greeting":"Hello from effect-temporal",/)
      assert.notInclude(stdout, "starting a local Temporal dev server", "TEMPORAL_ADDRESS is used as given")
    }))

  it.live("skips the workflow when no worker runs, and still exits 0", () =>
    Effect.gen(function*() {
      const { exitCode, stderr, stdout } = yield* runExample({ TEMPORAL_ADDRESS: address, EXAMPLE_START_WORKER: "0" })
      assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
      assert.match(stdout, /Temporal server \d+\.\d+\.\d+/)
      assert.include(stdout, "skipping the workflow")
      assert.notInclude(stdout, "returned")
    }))
})
