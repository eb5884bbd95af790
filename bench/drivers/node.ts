/**
 * One Node client under test, in its own process (the orchestrator pins it to the client core).
 * It connects once, then answers the orchestrator's commands (see `../lib/protocol.ts`) by running
 * one operation at one concurrency for a time window and reporting what it measured.
 *
 * Kinds, and how each is driven (how its users would drive it):
 * - `grpc`: `grpc.Client.makeUnaryRequest` with pre-encoded request bytes and identity
 *   (de)serializers, no interceptors, no metadata, no deadline: the floor. Promise loops.
 * - `http2`: a minimal gRPC unary client over `node:http2` sending the same pre-encoded bytes: the
 *   node:http2 floor. Promise loops.
 * - `grpc-effect`: the same calls wrapped in `Effect.callback`, in `Effect.forEach` batches: the
 *   floor of any client built on the Effect runtime.
 * - `tc-raw`: `@temporalio/client` `connection.workflowService.*`. Promise loops.
 * - `tc-high` / `tc`: `@temporalio/client` `client.workflow.*` and handles. Promise loops.
 * - `ours-raw`: our `Connection.workflowService.*` (our rows use the default transport unless
 *   `EFFECT_TEMPORAL_TRANSPORT` says otherwise, see `../lib/transport.ts`), `Effect.forEach` batches, one `runPromise` each.
 * - `ours-batch`: our `TemporalClient`, `Effect.forEach` batches, one `runPromise` each.
 * - `ours-call`: our `TemporalClient`, one `Effect.runPromise` per call, in promise loops.
 * - `ours-raw-grpcjs`, `ours-batch-grpcjs`, `ours-call-grpcjs`: the same three with `transport: "grpc-js"`.
 * - `ours` (part B): our `TemporalClient`, one `runPromise` per run over an `Effect.forEach` of
 *   `conc` fibers that loop until the window closes (no batch tail against a slow server).
 *
 * Usage: `node --expose-gc node.js --kind K --address HOST:PORT --mode fake|e2e --prefix P
 *   [--task-queue Q] [--exec-task-queue Q] [--batch-size N]`
 */
import * as grpc from "@grpc/grpc-js"
import { Client as TClient, Connection as TConnection } from "@temporalio/client"
import protoRoot from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as http2 from "node:http2"
import * as readline from "node:readline"
import { parseArgs } from "node:util"
import type * as protobuf from "protobufjs"
import * as TemporalClient from "../../src/TemporalClient.js"
import { errorText, Recorder } from "../lib/measure.js"
import type { DriverCommand, RunResult } from "../lib/protocol.js"
import { describeRequest, queryRequest, resultRequest, rpcOf, signalRequest, startRequest } from "../lib/requests.js"
import { oursConnectionOptions } from "../lib/transport.js"
import {
  type FakeOp,
  fakeOps,
  fakeTaskQueue,
  namespace,
  queryName,
  signalArg,
  signalName,
  workflowArg,
  workflowId,
  workflowType
} from "../lib/workload.js"

const { values } = parseArgs({
  options: {
    "kind": { type: "string" },
    "address": { type: "string" },
    "mode": { type: "string", default: "fake" },
    "prefix": { type: "string", default: "bench" },
    "task-queue": { type: "string", default: fakeTaskQueue },
    "exec-task-queue": { type: "string", default: fakeTaskQueue },
    "batch-size": { type: "string" }
  }
})
const kind = values.kind ?? ""
const address = values.address ?? ""
const mode = values.mode
const prefix = values.prefix ?? "bench"
const taskQueue = values["task-queue"] ?? fakeTaskQueue
const execTaskQueue = values["exec-task-queue"] ?? fakeTaskQueue
/** Operations per second of the last run of each operation, to size batches. */
const lastRate = new Map<string, number>()

/**
 * Items per `runPromise` in the batch style: a fixed `--batch-size`, or 16 per unit of
 * concurrency (the fibers of a batch thin out as it ends; 16 per unit keeps that tail to a few
 * per cent), at least 256 and at most 2048, but no more than a quarter of what the last run of
 * this operation did in a window (so a slow machine still gets several batches per window), and
 * never fewer than 2 per unit of concurrency.
 */
const batchSizeFor = (op: string, conc: number, seconds: number): number => {
  if (values["batch-size"] !== undefined) return Number(values["batch-size"])
  const wanted = Math.min(2048, Math.max(256, 16 * conc))
  const rate = lastRate.get(op)
  const fit = rate === undefined ? wanted : Math.floor((rate * seconds) / 4)
  return Math.max(2 * conc, Math.min(wanted, fit))
}

type PromiseCall = (n: number) => Promise<unknown>
type EffectCall = (n: number) => Effect.Effect<unknown, unknown>

interface Driver {
  readonly style: "promise" | "batch" | "pool"
  readonly promiseOps: Readonly<Record<string, PromiseCall>>
  readonly effectOps: Readonly<Record<string, EffectCall>>
  readonly close: () => Promise<void>
}

/** Part B: IDs of the open workflows that `signal` and `describe` target. */
const targets: Array<string> = []
const targetId = (n: number): string => targets.length > 0 ? targets[n % targets.length]! : workflowId(`${prefix}-t`, n)
/** The ID an operation uses: fresh for starts, a target otherwise. */
const idFor = (op: string, n: number): string =>
  op === "start" || op === "execute" || mode === "fake" ? workflowId(`${prefix}-${op}`, n) : targetId(n)

const passThrough = (buffer: Buffer): Buffer => buffer

/** A grpc-js serializer that encodes a request object as `type`. */
const encodeTo = (type: protobuf.Type) => (request: object): Buffer => {
  const bytes = type.encode(type.fromObject(request)).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The request object of each operation the fake server answers. */
const requestBuilders = {
  start: startRequest,
  signal: signalRequest,
  describe: describeRequest,
  query: queryRequest,
  result: resultRequest
}

/** The request message type of `op`. */
const requestType = (op: FakeOp): protobuf.Type =>
  (protoRoot as unknown as protobuf.Root).lookupType(`temporal.api.workflowservice.v1.${rpcOf[op].request}`)

/** The request of `op` encoded once, for the floors that send the same bytes on every call. */
const preEncodedRequest = (op: FakeOp): Buffer => {
  const type = requestType(op)
  const encoded = type.encode(type.fromObject(requestBuilders[op](workflowId(`${prefix}-${op}`, 0)))).finish()
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength)
}

/** The gRPC path of `op`'s method. */
const methodPath = (op: FakeOp): string => `/temporal.api.workflowservice.v1.WorkflowService/${rpcOf[op].method}`

const grpcDriver = async (): Promise<Driver> => {
  const client = new grpc.Client(address, grpc.credentials.createInsecure())
  const ops: Record<string, PromiseCall> = {}
  const requestBytes = new Map<string, Buffer>()
  for (const op of fakeOps) {
    const bytes = preEncodedRequest(op)
    requestBytes.set(op, bytes)
    const path = methodPath(op)
    ops[op] = () =>
      new Promise<Buffer | undefined>((resolve, reject) => {
        client.makeUnaryRequest(path, passThrough, passThrough, bytes, new grpc.Metadata(), (error, response) => {
          if (error) reject(error)
          else resolve(response)
        })
      })
  }
  if (kind === "grpc-wire") {
    // What any Temporal client puts on the wire per call, with nothing of its own on top: the
    // request encoded from its object, the headers the server reads (namespace, client name and
    // version) and a deadline.
    const headers = new grpc.Metadata()
    headers.set("temporal-namespace", namespace)
    headers.set("client-name", "bench-wire-floor")
    headers.set("client-version", "0.0.0")
    const wireOps: Record<string, PromiseCall> = {}
    for (const op of fakeOps) {
      const type = requestType(op)
      const path = methodPath(op)
      const build = requestBuilders[op]
      wireOps[op] = (n) =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          client.makeUnaryRequest(
            path,
            encodeTo(type),
            passThrough,
            build(idFor(op, n)),
            headers.clone(),
            { deadline: Date.now() + 30_000 },
            (error, response) => {
              if (error) reject(error)
              else resolve(response)
            }
          )
        })
    }
    return { style: "promise", promiseOps: wireOps, effectOps: {}, close: async () => client.close() }
  }
  if (kind === "grpc-effect") {
    // The same calls as Effects (`Effect.callback`, cancelled on interruption), in `Effect.forEach`
    // batches: what the Effect runtime alone adds, the floor of any Effect client.
    const effectOps: Record<string, EffectCall> = {}
    for (const op of fakeOps) {
      const bytes = requestBytes.get(op)!
      const path = methodPath(op)
      effectOps[op] = () =>
        Effect.callback<Buffer | undefined, grpc.ServiceError>((resume) => {
          const pending = client.makeUnaryRequest(
            path,
            passThrough,
            passThrough,
            bytes,
            new grpc.Metadata(),
            (error, response) => {
              resume(error ? Effect.fail(error) : Effect.succeed(response))
            }
          )
          return Effect.sync(() => pending.cancel())
        })
    }
    return { style: "batch", promiseOps: {}, effectOps, close: async () => client.close() }
  }
  return { style: "promise", promiseOps: ops, effectOps: {}, close: async () => client.close() }
}

/**
 * The node:http2 floor: a minimal gRPC unary client over one `node:http2` session, sending the
 * same pre-encoded request bytes as the grpc-js floor (framed once, at start-up) and reading the
 * response message and `grpc-status` from the trailers. No deadline, no metadata, no
 * compression, no retries, no reconnection: the least any Node gRPC client can spend per call.
 */
const http2Driver = async (): Promise<Driver> => {
  const session = http2.connect(`http://${address}`)
  await new Promise<void>((resolve, reject) => {
    session.once("connect", () => resolve())
    session.once("error", reject)
  })
  session.on("error", () => undefined)
  const ops: Record<string, PromiseCall> = {}
  for (const op of fakeOps) {
    const message = preEncodedRequest(op)
    const framed = Buffer.alloc(5 + message.byteLength)
    framed.writeUInt32BE(message.byteLength, 1)
    framed.set(message, 5)
    const headers = {
      ":method": "POST",
      ":path": methodPath(op),
      "content-type": "application/grpc",
      "te": "trailers"
    }
    ops[op] = () =>
      new Promise<Buffer>((resolve, reject) => {
        const stream = session.request(headers)
        const chunks: Array<Buffer> = []
        let status: string | undefined
        stream.on("response", (head) => {
          // A trailers-only answer carries the status in the headers.
          const code = head["grpc-status"]
          if (code !== undefined) status = String(code)
        })
        stream.on("trailers", (trailers) => {
          status = String(trailers["grpc-status"])
        })
        stream.on("data", (chunk: Buffer) => chunks.push(chunk))
        stream.on("error", reject)
        stream.on("close", () => {
          if (status !== "0") return reject(new Error(`grpc-status ${status ?? "missing"}`))
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
          resolve(body.subarray(5))
        })
        stream.end(framed)
      })
  }
  return { style: "promise", promiseOps: ops, effectOps: {}, close: async () => void session.close() }
}

const tcDriver = async (level: "raw" | "high"): Promise<Driver> => {
  const connection = await TConnection.connect({ address })
  const ws = connection.workflowService
  if (level === "raw") {
    const ops: Record<FakeOp, PromiseCall> = {
      start: (n) => ws.startWorkflowExecution(startRequest(idFor("start", n))),
      signal: (n) => ws.signalWorkflowExecution(signalRequest(idFor("signal", n))),
      describe: (n) => ws.describeWorkflowExecution(describeRequest(idFor("describe", n))),
      query: (n) => ws.queryWorkflow(queryRequest(idFor("query", n))),
      result: (n) => ws.getWorkflowExecutionHistory(resultRequest(idFor("result", n)))
    }
    return { style: "promise", promiseOps: ops, effectOps: {}, close: () => connection.close() }
  }
  const client = new TClient({ connection, namespace })
  const startQueue = mode === "fake" ? fakeTaskQueue : taskQueue
  const ops: Record<string, PromiseCall> = {
    start: (n) =>
      client.workflow.start(workflowType, {
        args: [workflowArg],
        taskQueue: startQueue,
        workflowId: idFor("start", n)
      }),
    signal: (n) => client.workflow.getHandle(idFor("signal", n)).signal(signalName, signalArg),
    describe: (n) => client.workflow.getHandle(idFor("describe", n)).describe(),
    query: (n) => client.workflow.getHandle(idFor("query", n)).query(queryName),
    result: (n) => client.workflow.getHandle(idFor("result", n)).result(),
    execute: (n) =>
      client.workflow.execute(workflowType, {
        args: [workflowArg],
        taskQueue: execTaskQueue,
        workflowId: idFor("execute", n)
      })
  }
  return { style: "promise", promiseOps: ops, effectOps: {}, close: () => connection.close() }
}

const oursDriver = async (
  style: "raw" | "batch" | "call" | "pool",
  transport?: "grpc-js" | undefined
): Promise<Driver> => {
  const options: TemporalClient.ConnectOptions = {
    address,
    namespace,
    ...oursConnectionOptions(),
    ...(transport !== undefined ? { transport } : {})
  }
  const runtime = ManagedRuntime.make(TemporalClient.layerConnect(options))
  const client = await runtime.runPromise(TemporalClient.TemporalClient)
  const close = () => runtime.dispose()
  if (style === "raw") {
    const ws = client.connection.workflowService
    const ops: Record<FakeOp, EffectCall> = {
      start: (n) => ws.startWorkflowExecution(startRequest(idFor("start", n))),
      signal: (n) => ws.signalWorkflowExecution(signalRequest(idFor("signal", n))),
      describe: (n) => ws.describeWorkflowExecution(describeRequest(idFor("describe", n))),
      query: (n) => ws.queryWorkflow(queryRequest(idFor("query", n))),
      result: (n) => ws.getWorkflowExecutionHistory(resultRequest(idFor("result", n)))
    }
    return { style: "batch", promiseOps: {}, effectOps: ops, close }
  }
  const startQueue = mode === "fake" ? fakeTaskQueue : taskQueue
  const ops: Record<string, EffectCall> = {
    start: (n) =>
      client.startWorkflow(workflowType, { args: [workflowArg], id: idFor("start", n), taskQueue: startQueue }),
    signal: (n) => client.getWorkflowHandle(idFor("signal", n)).signal(signalName, signalArg),
    describe: (n) => client.getWorkflowHandle(idFor("describe", n)).describe(),
    query: (n) => client.getWorkflowHandle(idFor("query", n)).query(queryName),
    result: (n) => client.getWorkflowHandle(idFor("result", n)).result(),
    execute: (n) =>
      client.executeWorkflow(workflowType, { args: [workflowArg], id: idFor("execute", n), taskQueue: execTaskQueue })
  }
  if (style === "call") {
    const promiseOps: Record<string, PromiseCall> = {}
    for (const [op, call] of Object.entries(ops)) promiseOps[op] = (n) => Effect.runPromise(call(n))
    return { style: "promise", promiseOps, effectOps: {}, close }
  }
  return { style: style === "batch" ? "batch" : "pool", promiseOps: {}, effectOps: ops, close }
}

const makeDriver = (): Promise<Driver> => {
  switch (kind) {
    case "grpc":
    case "grpc-wire":
    case "grpc-effect":
      return grpcDriver()
    case "http2":
      return http2Driver()
    case "tc-raw":
      return tcDriver("raw")
    case "tc-high":
    case "tc":
      return tcDriver("high")
    case "ours-raw":
      return oursDriver("raw")
    case "ours-batch":
      return oursDriver("batch")
    case "ours-call":
      return oursDriver("call")
    case "ours-raw-grpcjs":
      return oursDriver("raw", "grpc-js")
    case "ours-batch-grpcjs":
      return oursDriver("batch", "grpc-js")
    case "ours-call-grpcjs":
      return oursDriver("call", "grpc-js")
    case "ours":
      return oursDriver("pool")
    default:
      return Promise.reject(new Error(`unknown kind ${kind}`))
  }
}

const recorder = new Recorder()
let counter = 0

const timed = (effect: Effect.Effect<unknown, unknown>): Effect.Effect<void> =>
  Effect.suspend(() => {
    const t0 = performance.now()
    return Effect.matchCause(effect, {
      onFailure: (cause) => recorder.fail(Cause.squash(cause)),
      onSuccess: () => recorder.ok(performance.now() - t0)
    })
  })

const run = async (driver: Driver, op: string, conc: number, seconds: number): Promise<RunResult> => {
  // No forced GC before a run: a full collection shrinks the young generation and ages the
  // code, and the short run after it then pays for growing them back (measured: ~1.6× the CPU
  // per call of the floor in 0.4 s windows). Steady state is what users get.
  const deadline = performance.now() + seconds * 1000
  recorder.start()
  if (driver.style === "promise") {
    const call = driver.promiseOps[op]
    if (call === undefined) throw new Error(`${kind} has no ${op}`)
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) {
        const n = counter++
        const t0 = performance.now()
        try {
          await call(n)
          recorder.ok(performance.now() - t0)
        } catch (error) {
          recorder.fail(error)
        }
      }
    }
    await Promise.all(Array.from({ length: conc }, worker))
  } else {
    const call = driver.effectOps[op]
    if (call === undefined) throw new Error(`${kind} has no ${op}`)
    if (driver.style === "batch") {
      const batchSize = batchSizeFor(op, conc, seconds)
      const batch = Array.from({ length: batchSize }, (_, i) => i)
      while (performance.now() < deadline) {
        const base = counter
        counter += batchSize
        await Effect.runPromise(
          Effect.forEach(batch, (i) => timed(call(base + i)), { concurrency: conc, discard: true })
        )
      }
    } else {
      const worker = Effect.gen(function*() {
        while (performance.now() < deadline) yield* timed(call(counter++))
      })
      const workers = Array.from({ length: conc }, (_, i) => i)
      await Effect.runPromise(Effect.forEach(workers, () => worker, { concurrency: conc, discard: true }))
    }
  }
  const result = recorder.finish()
  if (result.ops > 0) lastRate.set(op, (result.ops * 1000) / result.elapsedMs)
  return result
}

/** Part B: start the open workflows that `signal` and `describe` target (on a queue no worker polls). */
const prepare = async (driver: Driver, count: number): Promise<void> => {
  const first = 1_000_000_000
  targets.length = 0
  const started: Array<string> = []
  for (let n = first; n < first + count; n++) {
    const promiseCall = driver.promiseOps["start"]
    const effectCall = driver.effectOps["start"]
    if (promiseCall !== undefined) await promiseCall(n)
    else if (effectCall !== undefined) await Effect.runPromise(effectCall(n))
    started.push(idFor("start", n))
  }
  targets.push(...started)
}

const write = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value) + "\n")
}

const main = async (): Promise<void> => {
  const driver = await makeDriver()
  write({ ready: true })
  const lines = readline.createInterface({ input: process.stdin })
  for await (const line of lines) {
    const command = JSON.parse(line) as DriverCommand
    try {
      if (command.cmd === "run") write(await run(driver, command.op, command.conc, command.seconds))
      else if (command.cmd === "prepare") {
        await prepare(driver, command.count)
        write({ ok: true })
      } else break
    } catch (error) {
      write({ error: errorText(error) })
    }
  }
  await driver.close()
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`driver ${kind}: ${errorText(error)}\n`)
  process.exit(1)
})
