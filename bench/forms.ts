/**
 * Diagnostic: the same calls driven in the two ways an application drives them, in process, over
 * a transport that answers on the next turn of the event loop (`setImmediate`, as a socket read
 * would): 16 fibers in one `Effect.forEach` inside one `runPromise` (the Effect application's
 * form), and 16 promise loops that each `runPromise` one call at a time. Client CPU µs per call.
 *
 * Usage: `node --expose-gc forms.js [--ops N] [--op start|signal|describe|query|result|raw|void]`
 */
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Scheduler from "effect/Scheduler"
import { parseArgs } from "node:util"
import type { RpcTransport } from "../src/internal/transport/pipeline.js"
import * as TemporalClient from "../src/TemporalClient.js"
import { cannedResponses, inProcessClient } from "./lib/inProcessClient.js"
import { startRequest } from "./lib/requests.js"
import { oursConnectionOptions } from "./lib/transport.js"
import { queryName, signalArg, signalName, workflowArg, workflowType } from "./lib/workload.js"

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "40000" },
    op: { type: "string", default: "describe" },
    forms: { type: "string", default: "batch,call,pool" },
    runs: { type: "string", default: "5" },
    address: { type: "string" },
    count: { type: "boolean", default: false }
  }
})
const opsPerRun = Number(values.ops)
const conc = 16

/**
 * `--count`: count the scheduler's task dispatches (automatic yields after `MaxOpsBeforeYield`
 * operations, forks not started at once, `Effect.yieldNow`) and the process's `setImmediate`
 * calls, to see whether a form hops through the event loop more than the other.
 */
const counts = { tasks: 0, immediates: 0 }
if (values.count) {
  const makeDispatcher = Scheduler.MixedScheduler.prototype.makeDispatcher
  Scheduler.MixedScheduler.prototype.makeDispatcher = function(this: Scheduler.MixedScheduler) {
    const dispatcher = makeDispatcher.call(this)
    const scheduleTask = dispatcher.scheduleTask.bind(dispatcher)
    dispatcher.scheduleTask = (task, priority) => {
      counts.tasks++
      scheduleTask(task, priority)
    }
    return dispatcher
  }
  const setImmediateOriginal = globalThis.setImmediate
  globalThis.setImmediate = ((...args: Parameters<typeof setImmediate>) => {
    counts.immediates++
    return setImmediateOriginal(...args)
  }) as typeof setImmediate
}

const main = async (): Promise<void> => {
  // Answers on a later turn of the event loop, as a socket read does; the call's cancellation is
  // handed to the pipeline as the grpc-js transport does.
  const transport: RpcTransport = (call) =>
    Effect.callback<Uint8Array>((resume) => {
      const timer = setImmediate(() => resume(Effect.succeed(cannedResponses[call.method.name] ?? new Uint8Array(0))))
      call.onCancel(() => clearImmediate(timer))
    })
  const inProcess = await inProcessClient(transport)
  const client = values.address !== undefined
    ? await ManagedRuntime.make(
      TemporalClient.layerConnect({ address: values.address, namespace: "default", ...oursConnectionOptions() })
    ).runPromise(TemporalClient.TemporalClient)
    : inProcess.client
  const workflowService = client.connection.workflowService
  const ops: Record<string, (n: number) => Effect.Effect<unknown, unknown>> = {
    void: () => Effect.void,
    raw: (n) => workflowService.startWorkflowExecution(startRequest(`wf-${n}`)),
    start: (n) => client.startWorkflow(workflowType, { args: [workflowArg], id: `wf-${n}`, taskQueue: "bench" }),
    signal: (n) => client.getWorkflowHandle(`wf-${n}`).signal(signalName, signalArg),
    describe: (n) => client.getWorkflowHandle(`wf-${n}`).describe(),
    query: (n) => client.getWorkflowHandle(`wf-${n}`).query(queryName),
    result: (n) => client.getWorkflowHandle(`wf-${n}`).result()
  }
  const f = ops[values.op]!
  const batchSize = 256
  const batch = Array.from({ length: batchSize }, (_, i) => i)
  const forms: Record<string, (count: number) => Promise<void>> = {
    // 16 fibers in one Effect.forEach inside one runPromise, in batches of 256 (part A's ours-batch).
    batch: async (count) => {
      for (let b = 0; b < count / batchSize; b++) {
        await Effect.runPromise(
          Effect.forEach(batch, (i) => f(b * batchSize + i), { concurrency: conc, discard: true })
        )
      }
    },
    // 16 fibers in one Effect.forEach inside one runPromise, each looping over its share (part B's pool).
    pool: async (count) => {
      let n = 0
      const worker = Effect.gen(function*() {
        while (n < count) yield* f(n++)
      })
      await Effect.runPromise(Effect.forEach(batch.slice(0, conc), () => worker, { concurrency: conc, discard: true }))
    },
    // 16 promise loops, one runPromise per call (part A's ours-call).
    call: async (count) => {
      let n = 0
      const loop = async () => {
        while (n < count) await Effect.runPromise(f(n++))
      }
      await Promise.all(Array.from({ length: conc }, loop))
    }
  }
  const names = values.forms.split(",")
  for (const name of names) await forms[name]!(Math.min(opsPerRun, 10_000))
  if (values.count) {
    const perCall: Record<string, { tasks: number; immediates: number }> = {}
    for (const name of names) {
      counts.tasks = 0
      counts.immediates = 0
      await forms[name]!(opsPerRun)
      perCall[name] = { tasks: counts.tasks / opsPerRun, immediates: counts.immediates / opsPerRun }
    }
    process.stdout.write(JSON.stringify({ op: values.op, perCall }) + "\n")
    process.exit(0)
  }
  const runs: Record<string, Array<number>> = Object.fromEntries(names.map((name) => [name, []]))
  for (let r = 0; r < Number(values.runs); r++) {
    for (const name of names) {
      // No forced collection before a run: right after one, V8 promotes the run's short-lived objects (see README "Method notes").
      const cpu0 = process.cpuUsage()
      await forms[name]!(opsPerRun)
      const cpu = process.cpuUsage(cpu0)
      runs[name]!.push((cpu.user + cpu.system) / opsPerRun)
    }
  }
  const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  process.stdout.write(
    JSON.stringify({
      op: values.op,
      median: Object.fromEntries(names.map((name) => [name, Number(median(runs[name]!).toFixed(2))])),
      runs: Object.fromEntries(names.map((name) => [name, runs[name]!.map((x) => Number(x.toFixed(2)))]))
    }) + "\n"
  )
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`forms: ${String(error)}\n`)
  process.exit(1)
})
