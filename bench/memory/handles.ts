/**
 * Part D: retained heap per idle workflow handle. A fresh process connects a client to the fake
 * server, builds the workflow IDs first (so both clients pay the same for them), collects garbage,
 * creates one handle per ID and keeps them all, collects garbage again, and reports the heap
 * difference divided by the number of handles.
 *
 * Usage: `node --expose-gc handles.js --kind ours|tc --address HOST:PORT --count N`
 */
import { parseArgs } from "node:util"
import { collectGarbage } from "../lib/measure.js"
import { oursConnectionOptions } from "../lib/transport.js"

const { values } = parseArgs({
  options: { kind: { type: "string" }, address: { type: "string" }, count: { type: "string", default: "100000" } }
})
const address = values.address ?? ""
const count = Number(values.count)

const measure = (makeHandle: (id: string) => unknown): { perHandleBytes: number; heapMb: number } => {
  const ids = Array.from({ length: count }, (_, i) => `handle-${i}`)
  const handles: Array<unknown> = Array.from({ length: count })
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < count; i++) handles[i] = makeHandle(ids[i]!)
  collectGarbage()
  const after = process.memoryUsage().heapUsed
  if (handles.length !== ids.length) throw new Error("unreachable")
  return { perHandleBytes: (after - before) / count, heapMb: after / 2 ** 20 }
}

const main = async (): Promise<void> => {
  let result: { perHandleBytes: number; heapMb: number }
  if (values.kind === "ours") {
    const { TemporalClient } = await import("../../src/index.js")
    const ManagedRuntime = await import("effect/ManagedRuntime")
    const runtime = ManagedRuntime.make(
      TemporalClient.layerConnect({ address, namespace: "default", ...oursConnectionOptions() })
    )
    const client = await runtime.runPromise(TemporalClient.TemporalClient)
    result = measure((id) => client.getWorkflowHandle(id))
    await runtime.dispose()
  } else {
    const { Client, Connection } = await import("@temporalio/client")
    const connection = await Connection.connect({ address })
    const client = new Client({ connection, namespace: "default" })
    result = measure((id) => client.workflow.getHandle(id))
    await connection.close()
  }
  process.stdout.write(JSON.stringify({ ...result, rssMb: process.memoryUsage().rss / 2 ** 20 }) + "\n")
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`handles: ${String(error)}\n`)
  process.exit(1)
})
