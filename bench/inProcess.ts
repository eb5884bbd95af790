/**
 * Part E (diagnostic): what our own layers cost per call, with no network and no server. A
 * `Connection` whose transport answers the fake server's pre-encoded response bytes at once runs
 * the real per-call pipeline (`makeServiceClientWith`: encode, deadline, retry, decode, metrics,
 * span) under the real `TemporalClient`. Client CPU µs per operation, `Effect.forEach` batches of
 * 1000 at concurrency 16, median of 5 runs. The gRPC transport's own cost (grpc-js, HTTP/2, the
 * request headers) is not in these figures: part A has it. Unaffected by how busy the server core
 * is, so this is the figure to watch when changing the pipeline.
 *
 * Usage: `node --expose-gc inProcess.js [--ops N]`; prints one JSON line.
 */
import * as Effect from "effect/Effect"
import * as References from "effect/References"
import { parseArgs } from "node:util"
import type { RpcTransport } from "../src/internal/transport/pipeline.js"
import { cannedResponses, inProcessClient } from "./lib/inProcessClient.js"
import { collectGarbage } from "./lib/measure.js"
import { startRequest } from "./lib/requests.js"
import { queryName, signalArg, signalName, workflowArg, workflowType } from "./lib/workload.js"

const { values } = parseArgs({ options: { ops: { type: "string", default: "50000" } } })
const opsPerRun = Number(values.ops)

const main = async (): Promise<void> => {
  const transport: RpcTransport = (call) => Effect.succeed(cannedResponses[call.method.name] ?? new Uint8Array(0))
  const { client, workflowService } = await inProcessClient(transport)
  const ops: ReadonlyArray<readonly [string, (n: number) => Effect.Effect<unknown, unknown>]> = [
    ["Effect.void (the runtime's own cost per item)", () => Effect.void],
    [
      "raw workflowService.startWorkflowExecution",
      (n) => workflowService.startWorkflowExecution(startRequest(`wf-${n}`))
    ],
    ["start", (n) => client.startWorkflow(workflowType, { args: [workflowArg], id: `wf-${n}`, taskQueue: "bench" })],
    ["signal", (n) => client.getWorkflowHandle(`wf-${n}`).signal(signalName, signalArg)],
    ["describe", (n) => client.getWorkflowHandle(`wf-${n}`).describe()],
    ["query", (n) => client.getWorkflowHandle(`wf-${n}`).query(queryName)],
    ["result", (n) => client.getWorkflowHandle(`wf-${n}`).result()]
  ]
  const batch = Array.from({ length: 1000 }, (_, i) => i)
  // BENCH_TRACER_ENABLED=false: run with tracing off for the fibers (no spans), to show what spans cost.
  const tracerEnabled = process.env["BENCH_TRACER_ENABLED"] !== "false"
  const runBatch = (f: (n: number) => Effect.Effect<unknown, unknown>, base: number) =>
    Effect.runPromise(
      Effect.forEach(batch, (i) => f(base + i), { concurrency: 16, discard: true }).pipe(
        Effect.provideService(References.TracerEnabled, tracerEnabled)
      )
    )
  const rows: Array<{ readonly name: string; readonly runs: ReadonlyArray<number> }> = []
  for (const [name, f] of ops) {
    for (let w = 0; w < 5; w++) await runBatch(f, w * 1000)
    const runs: Array<number> = []
    for (let r = 0; r < 5; r++) {
      collectGarbage()
      const cpu0 = process.cpuUsage()
      for (let b = 0; b < opsPerRun / 1000; b++) await runBatch(f, b * 1000)
      const cpu = process.cpuUsage(cpu0)
      runs.push((cpu.user + cpu.system) / opsPerRun)
    }
    rows.push({ name, runs })
  }
  process.stdout.write(JSON.stringify({ rows }) + "\n")
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`inProcess: ${String(error)}\n`)
  process.exit(1)
})
