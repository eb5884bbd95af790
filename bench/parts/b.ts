/**
 * Part B: end to end against one Temporal dev server (SQLite with WAL and synchronous off, from
 * `scripts/devServer.ts`), pinned with the official worker to the server core; the clients run
 * on the client core. Operations: `start` (no worker on the queue, the workflows stay open),
 * `signal` and `describe` (round-robin over open workflows each client started first), `execute`
 * (start and wait for the result of `echo`, run by the official worker). Clients run in rotating
 * order, one at a time, each after its own warm-up.
 */
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import * as path from "node:path"
import { type DevServer, startDevServer } from "../../scripts/devServer.js"
import { ensureTemporalCli } from "../../scripts/temporalCli.js"
import { ensureBenchBundle } from "../lib/bundle.js"
import { Child, pinPid } from "../lib/child.js"
import { type BenchContext, loadAverage, rotate, startNode } from "../lib/context.js"
import type { Ready, RunResult } from "../lib/protocol.js"
import { ensurePython } from "../lib/python.js"
import { type Cell, cell } from "../lib/stats.js"
import { type E2eKind, e2eOps } from "../lib/workload.js"

export interface PartB {
  readonly cells: ReadonlyArray<Cell>
  readonly kinds: ReadonlyArray<E2eKind>
  readonly notes: ReadonlyArray<string>
  readonly server: { readonly version: string; readonly flags: string }
  readonly pythonVersions: Readonly<Record<string, string>> | undefined
  readonly loadAverage: { readonly before: ReadonlyArray<number>; readonly after: ReadonlyArray<number> }
  readonly seconds: number
}

export const runPartB = async (ctx: BenchContext): Promise<PartB> => {
  const started = performance.now()
  const before = loadAverage()
  const { b, runs } = ctx.config
  const notes: Array<string> = []
  const python = ensurePython(ctx.root, ctx.log)
  if (!python.ok) notes.push(python.note)
  const bundle = await ensureBenchBundle(ctx)
  ctx.log("B: starting the dev server")
  const server: DevServer = await startDevServer({ verbose: false })
  const children: Array<Child> = []
  try {
    if (ctx.serverCore !== undefined && server.pid !== undefined) {
      if (!pinPid(server.pid, ctx.serverCore, ctx.cores)) notes.push("could not pin the dev server")
    }
    const nonce = randomBytes(3).toString("hex")
    const idleQueue = `bench-idle-${nonce}`
    const execQueue = `bench-exec-${nonce}`
    const worker = await startNode(
      ctx,
      "e2e-worker",
      "e2eWorker.js",
      ["--address", server.address, "--task-queue", execQueue, "--bundle", bundle],
      ctx.serverCore
    )
    children.push(worker.child)
    const kinds: Array<E2eKind> = ["ours", "tc"]
    const drivers = new Map<E2eKind, Child>()
    const queueArgs = (kind: string) => [
      "--address",
      server.address,
      "--prefix",
      `b-${kind}-${nonce}`,
      "--task-queue",
      idleQueue,
      "--exec-task-queue",
      execQueue
    ]
    for (const kind of kinds) {
      const { child } = await startNode(
        ctx,
        `driver-b-${kind}`,
        "drivers/node.js",
        ["--kind", kind, "--mode", "e2e", ...queueArgs(kind)],
        ctx.clientCore,
        [
          "--expose-gc"
        ]
      )
      drivers.set(kind, child)
      children.push(child)
    }
    let pythonVersions: Readonly<Record<string, string>> | undefined
    if (python.ok) {
      const child = new Child({
        name: "driver-b-python",
        command: python.python,
        args: [path.join(ctx.root, "bench/drivers/python_driver.py"), ...queueArgs("python")],
        core: ctx.clientCore,
        cores: ctx.cores,
        env: python.env,
        cwd: ctx.root,
        logDir: ctx.logDir
      })
      children.push(child)
      try {
        const ready = await child.next<Ready>(120_000)
        pythonVersions = ready.versions
        drivers.set("python", child)
        kinds.push("python")
      } catch (error) {
        notes.push(`the Python client did not start: ${String(error).slice(0, 300)}`)
      }
    }
    for (const kind of kinds) await drivers.get(kind)!.request({ cmd: "prepare", count: b.targets }, 300_000)
    const cells: Array<Cell> = []
    for (const op of e2eOps) {
      ctx.log(`B ${op}: warm-up`)
      for (const kind of kinds) {
        await drivers.get(kind)!.request({ cmd: "run", op, conc: 16, seconds: b.warmupSeconds }, 300_000)
      }
      for (const conc of b.conc) {
        const results = new Map<E2eKind, Array<RunResult>>(kinds.map((kind) => [kind, []]))
        for (let r = 0; r < runs; r++) {
          for (const kind of rotate(kinds, r)) {
            results.get(kind)!.push(
              await drivers.get(kind)!.request<RunResult>({ cmd: "run", op, conc, seconds: b.seconds }, 300_000)
            )
          }
        }
        for (const kind of kinds) cells.push(cell(kind, op, conc, results.get(kind)!))
        ctx.log(
          `B ${op} c=${conc}: ` + kinds.map((kind) => {
            const c = cells.find((x) => x.kind === kind && x.op === op && x.conc === conc)!
            return `${kind} ${Math.round(c.opsPerSec.median)}/s ${c.cpuUsPerOp.median.toFixed(0)}µs err ${c.errors}`
          }).join(", ")
        )
      }
    }
    return {
      cells,
      kinds,
      notes,
      server: {
        version: await devServerVersion(),
        flags:
          "temporal server start-dev --headless, SQLite file with journal_mode=WAL, synchronous=OFF, log level error"
      },
      pythonVersions,
      loadAverage: { before, after: loadAverage() },
      seconds: (performance.now() - started) / 1000
    }
  } finally {
    await Promise.all(children.map((child) => child.stop()))
    await server.stop()
  }
}

const devServerVersion = async (): Promise<string> => {
  try {
    const cli = await ensureTemporalCli()
    return execFileSync(cli, ["--version"], { encoding: "utf8" }).trim()
  } catch {
    return "unknown"
  }
}
