/**
 * Run an example as a child process, as a user would, against the test
 * server; its exit code and output.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Effect from "effect/Effect"
import { ChildProcess, ChildProcessSpawner } from "effect/process"
import * as Stream from "effect/Stream"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { inject } from "vitest"

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx")

const collect = <E>(stream: Stream.Stream<Uint8Array, E>) => Stream.mkString(Stream.decodeText(stream))

/** Run `examples/<file>` with `env` added to this process's environment, bounded by `timeout`. */
export const runExample = (file: string, env: Record<string, string>, timeout: `${number} seconds` = "60 seconds") =>
  Effect.gen(function*() {
    const spawner = yield* ChildProcessSpawner.ChildProcessSpawner
    const process = yield* spawner.spawn(
      ChildProcess.make(tsx, [path.join("examples", file)], {
        cwd: repoRoot,
        env: { EXAMPLE_WORKFLOW_BUNDLE: inject("workflowBundlePath"), ...env },
        extendEnv: true
      })
    )
    const [exitCode, stdout, stderr] = yield* Effect.all(
      [process.exitCode, collect(process.stdout), collect(process.stderr)],
      { concurrency: "unbounded" }
    )
    return { exitCode: Number(exitCode), stdout, stderr }
  }).pipe(
    Effect.scoped,
    // Bounded: an example that does not exit by itself is killed with the scope, and the test fails.
    Effect.timeoutOrElse({
      duration: timeout,
      orElse: () => Effect.fail(new Error(`examples/${file} did not exit in ${timeout}`))
    }),
    Effect.provide(NodeServices.layer)
  )
