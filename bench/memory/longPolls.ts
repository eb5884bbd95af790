/**
 * Part D: `count` concurrent `result()` long polls against the fake server, which holds each poll
 * (workflow IDs containing `hold-`) for its `--hold-ms` and then answers an empty page, so every
 * client must poll again. Reports RSS (peak and at the end), the heap retained at the end (after a
 * full collection, the polls still pending), and the event-loop delay
 * (`perf_hooks.monitorEventLoopDelay`, 5 ms resolution) from one second after the polls were
 * issued to the end of the window. The orchestrator reads the poll count from the server.
 *
 * `--kind idle` makes no calls and only watches: the machine's own event-loop delay baseline.
 *
 * Usage: `node --expose-gc longPolls.js --kind ours|tc|idle --address HOST:PORT --count N --seconds S`
 */
import { monitorEventLoopDelay } from "node:perf_hooks"
import { parseArgs } from "node:util"
import { collectGarbage, errorText } from "../lib/measure.js"
import { oursConnectionOptions } from "../lib/transport.js"
import { holdMarker } from "../lib/workload.js"

const { values } = parseArgs({
  options: {
    kind: { type: "string" },
    address: { type: "string" },
    count: { type: "string", default: "1000" },
    seconds: { type: "string", default: "25" }
  }
})
const address = values.address ?? ""
const count = Number(values.count)
const seconds = Number(values.seconds)
const ids = Array.from({ length: count }, (_, i) => `${holdMarker}${values.kind}-${i}`)

let errors = 0
let firstError: string | undefined
const onError = (error: unknown): void => {
  errors++
  firstError ??= errorText(error).slice(0, 300)
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const watch = async (): Promise<Record<string, number | string | undefined>> => {
  await sleep(1000)
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  let rssPeak = 0
  const end = performance.now() + (seconds - 1) * 1000
  while (performance.now() < end) {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
    await sleep(250)
  }
  delay.disable()
  const rssEnd = process.memoryUsage().rss
  // The heap the pending polls retain: after a full collection (the polls are still pending).
  collectGarbage()
  const memory = process.memoryUsage()
  return {
    rssPeakMb: Math.max(rssPeak, rssEnd) / 2 ** 20,
    rssEndMb: rssEnd / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
    // The histogram counts from the timer's due time: subtract the resolution, as Node's docs say.
    loopDelayP99Ms: Math.max(0, delay.percentile(99) / 1e6 - 5),
    loopDelayMaxMs: Math.max(0, delay.max / 1e6 - 5),
    errors,
    firstError
  }
}

const main = async (): Promise<void> => {
  let report: Record<string, number | string | undefined>
  if (values.kind === "ours") {
    const { TemporalClient } = await import("../../src/index.js")
    const ManagedRuntime = await import("effect/ManagedRuntime")
    const Effect = await import("effect/Effect")
    const runtime = ManagedRuntime.make(
      TemporalClient.layerConnect({ address, namespace: "default", ...oursConnectionOptions() })
    )
    const client = await runtime.runPromise(TemporalClient.TemporalClient)
    const handles = ids.map((id) => client.getWorkflowHandle(id))
    Effect.runFork(
      Effect.forEach(handles, (handle) => Effect.catch(handle.result(), (error) => Effect.sync(() => onError(error))), {
        concurrency: "unbounded",
        discard: true
      })
    )
    report = await watch()
  } else if (values.kind === "idle") {
    report = await watch()
  } else {
    const { Client, Connection } = await import("@temporalio/client")
    const connection = await Connection.connect({ address })
    const client = new Client({ connection, namespace: "default" })
    for (const id of ids) client.workflow.getHandle(id).result().catch(onError)
    report = await watch()
  }
  process.stdout.write(JSON.stringify(report) + "\n")
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`longPolls: ${errorText(error)}\n`)
  process.exit(1)
})
