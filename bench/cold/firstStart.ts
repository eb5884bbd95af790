/**
 * Part C: a fresh process that imports a client, connects to the fake server and starts one
 * workflow, reporting each step's time. `performance.now()` counts from the process's start, so
 * `totalMs` includes Node's own start-up.
 *
 * `--preload a,b` imports those first, untimed (as `importOnly.js` does): an application that
 * already uses them. The step times then say what the client adds to that application.
 *
 * Usage: `node firstStart.js --kind ours|tc --address HOST:PORT [--preload A,B]`; prints one JSON line.
 */
import { parseArgs } from "node:util"
import { oursConnectionOptions } from "../lib/transport.js"

const { values } = parseArgs({
  options: { kind: { type: "string" }, address: { type: "string" }, preload: { type: "string" } }
})
const address = values.address ?? ""
const args = [{ greeting: "hello", n: 42, tags: ["a", "b"] }]

const main = async (): Promise<void> => {
  const scriptStart = performance.now()
  for (const preload of (values.preload ?? "").split(",").filter((name) => name !== "")) await import(preload)
  let importMs: number
  let connectMs: number
  let startMs: number
  if (values.kind === "ours") {
    const t0 = performance.now()
    const [{ TemporalClient }, ManagedRuntime, Effect] = await Promise.all([
      import("../../src/index.js"),
      import("effect/ManagedRuntime"),
      import("effect/Effect")
    ])
    const t1 = performance.now()
    const runtime = ManagedRuntime.make(
      TemporalClient.layerConnect({ address, namespace: "default", ...oursConnectionOptions() })
    )
    const client = await runtime.runPromise(TemporalClient.TemporalClient)
    const t2 = performance.now()
    await Effect.runPromise(client.startWorkflow("echo", { args, id: "cold-start-1", taskQueue: "bench" }))
    const t3 = performance.now()
    importMs = t1 - t0
    connectMs = t2 - t1
    startMs = t3 - t2
    await runtime.dispose()
  } else {
    const t0 = performance.now()
    const { Client, Connection } = await import("@temporalio/client")
    const t1 = performance.now()
    const connection = await Connection.connect({ address })
    const client = new Client({ connection, namespace: "default" })
    const t2 = performance.now()
    await client.workflow.start("echo", { args, workflowId: "cold-start-1", taskQueue: "bench" })
    const t3 = performance.now()
    importMs = t1 - t0
    connectMs = t2 - t1
    startMs = t3 - t2
    await connection.close()
  }
  const memory = process.memoryUsage()
  process.stdout.write(
    JSON.stringify({
      processStartMs: scriptStart,
      importMs,
      connectMs,
      firstStartMs: startMs,
      totalMs: scriptStart + importMs + connectMs + startMs,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20
    }) + "\n"
  )
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`firstStart: ${String(error)}\n`)
  process.exit(1)
})
