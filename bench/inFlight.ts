/**
 * A burst of calls at a concurrency far above the bound on calls in flight: heap and event-loop
 * delay with each `maxConcurrentCalls`, against a real dev server (started here unless
 * `TEMPORAL_ADDRESS` is set). Each bound runs in a fresh child process so heaps do not mix.
 *
 * Usage: `npx tsx bench/inFlight.ts [--calls 10000] [--bounds 100,1000,Infinity]`.
 * Prints one line per bound and a Markdown table.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { monitorEventLoopDelay } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { startDevServer } from "../scripts/devServer.js"
import * as Connection from "../src/Connection.js"
import * as TemporalClient from "../src/TemporalClient.js"

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "10000" },
    bounds: { type: "string", default: "100,1000,Infinity" },
    child: { type: "string" },
    mode: { type: "string", default: "delay" },
    address: { type: "string" }
  }
})

const calls = Number(values.calls)

interface Figures {
  readonly bound: string
  readonly seconds: number
  readonly baseHeapMiB: number
  /** The largest heap in use right after a full GC, sampled every 200 ms during the burst ("heap" runs). */
  readonly liveHeapMiB: number
  /** The largest heap in use, garbage included, sampled every 5 ms ("delay" runs). */
  readonly peakHeapMiB: number
  readonly loopDelayMaxMs: number
  readonly loopDelayP99Ms: number
  readonly failures: number
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

/** One bound, in this process: connect, warm up, then `calls` describes at concurrency `calls`. */
const child = async (address: string, bound: number, mode: string): Promise<Figures> => {
  const layer = TemporalClient.layerConnect({ address, namespace: "default", maxConcurrentCalls: bound })
  const program = Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const connection = yield* Connection.Connection
    const describe = (i: number) => Effect.result(client.getWorkflowHandle(`in-flight-missing-${i}`).describe())
    yield* Effect.forEach(Array.from({ length: 200 }, (_, i) => i), describe, { concurrency: 50, discard: true })
    yield* Effect.forEach(
      Array.from({ length: 200 }, () => 0),
      () => connection.workflowService.describeNamespace({ namespace: "default" }),
      { concurrency: 50, discard: true }
    )
    ;(globalThis as { gc?: () => void }).gc?.()
    const baseHeap = process.memoryUsage().heapUsed
    let peakHeap = baseHeap
    let liveHeap = 0
    const gc = (globalThis as { gc?: () => void }).gc
    const sampler = mode === "heap"
      ? setInterval(() => {
        gc?.()
        liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed)
      }, 200)
      : setInterval(() => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
      }, 5)
    const histogram = monitorEventLoopDelay({ resolution: 5 })
    histogram.enable()
    const started = performance.now()
    // Outcomes are counted, not kept: the figure is what the calls in flight hold.
    let failures = 0
    yield* Effect.forEach(
      Array.from({ length: calls }, (_, i) => i),
      (i) =>
        Effect.map(describe(i), (r) => {
          if (r._tag === "Failure" && r.failure._tag !== "WorkflowNotFoundError") failures++
        }),
      { concurrency: calls, discard: true }
    )
    const seconds = (performance.now() - started) / 1000
    histogram.disable()
    clearInterval(sampler)
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
    return {
      bound: String(bound),
      seconds: Math.round(seconds * 100) / 100,
      baseHeapMiB: mib(baseHeap),
      liveHeapMiB: mib(liveHeap),
      peakHeapMiB: mib(peakHeap),
      loopDelayMaxMs: Math.round(histogram.max / 1e5) / 10,
      loopDelayP99Ms: Math.round(histogram.percentile(99) / 1e5) / 10,
      failures
    } satisfies Figures
  })
  return Effect.runPromise(Effect.provide(program, Layer.fresh(layer)))
}

const main = async () => {
  if (values.child !== undefined) {
    const figures = await child(values.address!, Number(values.child), values.mode!)
    process.stdout.write(`${JSON.stringify(figures)}\n`)
    return
  }
  const server = process.env["TEMPORAL_ADDRESS"] === undefined ? await startDevServer({ verbose: false }) : undefined
  const address = process.env["TEMPORAL_ADDRESS"] ?? server!.address
  const self = fileURLToPath(import.meta.url)
  const tsx = path.join(path.dirname(self), "..", "node_modules", ".bin", "tsx")
  const rows: Array<Figures> = []
  try {
    const run = (bound: string, mode: string): Figures => {
      const out = execFileSync(
        tsx,
        [self, "--child", bound, "--mode", mode, "--address", address, "--calls", String(calls)],
        { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "--expose-gc" } }
      )
      const figures = JSON.parse(out.trim().split("\n").pop()!) as Figures
      process.stderr.write(`${mode} ${JSON.stringify(figures)}\n`)
      return figures
    }
    for (const bound of values.bounds!.split(",")) {
      const delay = run(bound, "delay")
      const heap = run(bound, "heap")
      rows.push({ ...delay, liveHeapMiB: heap.liveHeapMiB })
    }
  } finally {
    await server?.stop()
  }
  process.stdout.write(
    `\n${calls} describe() calls at concurrency ${calls}, one connection to a dev server\n\n` +
      "| maxConcurrentCalls | time | heap before | live heap (after GC) | heap used, garbage included | event-loop delay max | p99 | failures |\n" +
      "| --- | --- | --- | --- | --- | --- | --- | --- |\n" +
      rows.map((r) =>
        `| ${r.bound} | ${r.seconds} s | ${r.baseHeapMiB} MiB | ${r.liveHeapMiB} MiB | ${r.peakHeapMiB} MiB | ` +
        `${r.loopDelayMaxMs} ms | ${r.loopDelayP99Ms} ms | ${r.failures} |`
      ).join("\n") + "\n"
  )
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
