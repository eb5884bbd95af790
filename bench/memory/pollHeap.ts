/**
 * Diagnostic, run by hand (not part of `npm run bench`): the heap one pending `result()` long
 * poll retains, and what it is made of. Starts the fake server (holding every poll for 10 min),
 * connects, collects garbage, issues `--count` polls, waits for them to reach the server, collects
 * garbage again and prints the heap difference per poll. With `--snapshot DIR` it also writes a
 * heap snapshot before and after the polls and prints the objects new in the second one (V8 keeps
 * node ids across snapshots of one process), grouped by kind and constructor.
 *
 * Kinds: `ours` (`TemporalClient`), `tc` (`@temporalio/client`), `grpc` (grpc-js calls of
 * pre-encoded requests, the floor) and `grpc-effect` (the same calls, each in `Effect.callback`
 * under `Effect.forEach`: the floor of any Effect client).
 *
 * Usage (after `npm run bench` built `.cache/bench-build`):
 * `node --expose-gc .cache/bench-build/bench/memory/pollHeap.js --kind ours [--count 1000] [--snapshot /tmp/heap]`
 */
import type * as Grpc from "@grpc/grpc-js"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import * as v8 from "node:v8"
import { collectGarbage } from "../lib/measure.js"
import { oursConnectionOptions } from "../lib/transport.js"
import { holdMarker, namespace } from "../lib/workload.js"

const { values } = parseArgs({
  options: {
    kind: { type: "string", default: "ours" },
    count: { type: "string", default: "1000" },
    snapshot: { type: "string" },
    top: { type: "string", default: "40" }
  }
})
const kind = values.kind ?? "ours"
const count = Number(values.count)
const here = path.dirname(fileURLToPath(import.meta.url))
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const startServer = async () => {
  const child = spawn(process.execPath, [path.join(here, "../fakeServer.js"), "--hold-ms", "600000"], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (data) => resolve((JSON.parse(String(data).split("\n")[0]!) as { port: number }).port))
    child.once("exit", (code) => reject(new Error(`fake server exited with ${code}`)))
  })
  return { child, address: `127.0.0.1:${port}` }
}

/** Sets up a client and answers the function that issues the polls. */
const clients: Record<string, (address: string, ids: ReadonlyArray<string>) => Promise<() => void>> = {
  ours: async (address, ids) => {
    const { TemporalClient } = await import("../../src/index.js")
    const Effect = await import("effect/Effect")
    const ManagedRuntime = await import("effect/ManagedRuntime")
    const runtime = ManagedRuntime.make(TemporalClient.layerConnect({ address, namespace, ...oursConnectionOptions() }))
    const client = await runtime.runPromise(TemporalClient.TemporalClient)
    const handles = ids.map((id) => client.getWorkflowHandle(id))
    return () =>
      void Effect.runFork(
        Effect.forEach(handles, (handle) => Effect.ignore(handle.result()), { concurrency: "unbounded", discard: true })
      )
  },
  tc: async (address, ids) => {
    const { Client, Connection } = await import("@temporalio/client")
    const client = new Client({ connection: await Connection.connect({ address }), namespace })
    const handles = ids.map((id) => client.workflow.getHandle(id))
    return () => {
      for (const handle of handles) handle.result().catch(() => undefined)
    }
  },
  grpc: (address, ids) => rawCalls(address, ids, false),
  "grpc-effect": (address, ids) => rawCalls(address, ids, true)
}

const rawCalls = async (address: string, ids: ReadonlyArray<string>, inEffect: boolean): Promise<() => void> => {
  const grpc = await import("@grpc/grpc-js")
  const { temporal } = (await import("@temporalio/proto")).default
  const Effect = await import("effect/Effect")
  const client = new grpc.Client(address, grpc.credentials.createInsecure())
  const method = "/temporal.api.workflowservice.v1.WorkflowService/GetWorkflowExecutionHistory"
  const requests = ids.map((workflowId) =>
    temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest.encode({
      namespace,
      execution: { workflowId },
      waitNewEvent: true,
      historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
      skipArchival: true
    }).finish()
  )
  const call = (bytes: Uint8Array, callback: (error: Grpc.ServiceError | null, response?: Buffer) => void) => {
    const metadata = new grpc.Metadata()
    metadata.set("temporal-namespace", namespace)
    return client.makeUnaryRequest(
      method,
      (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      (b: Buffer) => b,
      bytes,
      metadata,
      { deadline: Date.now() + 70_000 },
      callback
    )
  }
  if (!inEffect) return () => requests.forEach((bytes) => call(bytes, () => undefined))
  return () =>
    void Effect.runFork(
      Effect.forEach(requests, (bytes) =>
        Effect.callback<Buffer | undefined, Grpc.ServiceError>((resume) => {
          const pending = call(
            bytes,
            (error, response) => resume(error ? Effect.fail(error) : Effect.succeed(response))
          )
          return Effect.sync(() => pending.cancel())
        }), { concurrency: "unbounded", discard: true })
    )
}

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: Array<string>; readonly node_types: [Array<string>] } }
  readonly nodes: Array<number>
  readonly strings: Array<string>
}

/** Objects in `after` and not in `before`, grouped by kind and constructor: self bytes and count per poll. */
const newObjects = (before: string, after: string): Array<[string, number, number]> => {
  const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot
  const first = read(before)
  const fields = first.snapshot.meta.node_fields
  const width = fields.length
  const idAt = fields.indexOf("id")
  const seen = new Set<number>()
  for (let i = 0; i < first.nodes.length; i += width) seen.add(first.nodes[i + idAt]!)
  const second = read(after)
  const types = second.snapshot.meta.node_types[0]
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number
  ]
  const groups = new Map<string, [number, number]>()
  for (let i = 0; i < second.nodes.length; i += width) {
    if (seen.has(second.nodes[i + idAt]!)) continue
    const type = types[second.nodes[i + typeAt]!]!
    const key = type === "object" || type === "closure" ? `${type} ${second.strings[second.nodes[i + nameAt]!]}` : type
    const group = groups.get(key) ?? [0, 0]
    group[0] += second.nodes[i + sizeAt]!
    group[1] += 1
    groups.set(key, group)
  }
  return [...groups].map(([key, [bytes, n]]): [string, number, number] => [key, bytes / count, n / count])
    .sort((a, b) => b[1] - a[1])
}

const main = async (): Promise<void> => {
  const setUp = clients[kind]
  if (setUp === undefined) throw new Error(`unknown --kind ${kind}`)
  const server = await startServer()
  try {
    const ids = Array.from({ length: count }, (_, i) => `${holdMarker}heap-${i}`)
    const issue = await setUp(server.address, ids)
    await sleep(500)
    collectGarbage()
    if (values.snapshot !== undefined) {
      fs.mkdirSync(values.snapshot, { recursive: true })
      v8.writeHeapSnapshot(path.join(values.snapshot, `${kind}-before.heapsnapshot`))
      collectGarbage()
    }
    const before = process.memoryUsage().heapUsed
    issue()
    await sleep(2500)
    collectGarbage()
    const after = process.memoryUsage().heapUsed
    process.stdout.write(
      JSON.stringify({
        kind,
        count,
        heapBeforeMb: before / 2 ** 20,
        heapAfterMb: after / 2 ** 20,
        bytesPerPoll: Math.round((after - before) / count)
      }) + "\n"
    )
    if (values.snapshot !== undefined) {
      const afterFile = path.join(values.snapshot, `${kind}-after.heapsnapshot`)
      v8.writeHeapSnapshot(afterFile)
      for (
        const [key, bytes, n] of newObjects(path.join(values.snapshot, `${kind}-before.heapsnapshot`), afterFile)
          .slice(0, Number(values.top))
      ) {
        process.stdout.write(`${bytes.toFixed(0).padStart(7)} B ${n.toFixed(1).padStart(6)} per poll  ${key}\n`)
      }
    }
  } finally {
    server.child.kill()
  }
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`pollHeap: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
