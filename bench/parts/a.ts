/**
 * Part A: client overhead against the fake server. Every client runs in its own process on the
 * client core; the fake server runs on the other. For each operation: a warm-up per client, then
 * for each concurrency `runs` rounds in which every client runs once (the order rotates each round,
 * so load drifts on the machine fall on every client alike).
 */
import type { Child } from "../lib/child.js"
import { type BenchContext, loadAverage, rotate, startFakeServer, startNode } from "../lib/context.js"
import type { RunResult } from "../lib/protocol.js"
import { type Cell, cell } from "../lib/stats.js"
import { oursCompression, oursTransport } from "../lib/transport.js"
import type { FakeKind } from "../lib/workload.js"

export interface PartA {
  readonly cells: ReadonlyArray<Cell>
  readonly loadAverage: { readonly before: ReadonlyArray<number>; readonly after: ReadonlyArray<number> }
  readonly seconds: number
  /**
   * The transport and compression our rows were asked to use (`EFFECT_TEMPORAL_TRANSPORT`,
   * `EFFECT_TEMPORAL_GRPC_COMPRESSION`), `default` when unset. Absent in older results.
   */
  readonly ours?: { readonly transport: string; readonly compression: string } | undefined
}

export const runPartA = async (ctx: BenchContext): Promise<PartA> => {
  const started = performance.now()
  const before = loadAverage()
  const { a, runs } = ctx.config
  const fakeKinds = a.kinds
  const fakeOps = a.ops
  const server = await startFakeServer(ctx)
  const drivers = new Map<FakeKind, Child>()
  try {
    for (const kind of fakeKinds) {
      const { child } = await startNode(
        ctx,
        `driver-a-${kind}`,
        "drivers/node.js",
        ["--kind", kind, "--address", server.address, "--mode", "fake", "--prefix", `a-${kind}`],
        ctx.clientCore,
        ["--expose-gc"]
      )
      drivers.set(kind, child)
    }
    const cells: Array<Cell> = []
    for (const op of fakeOps) {
      ctx.log(`A ${op}: warm-up`)
      for (const kind of fakeKinds) {
        await drivers.get(kind)!.request({ cmd: "run", op, conc: 16, seconds: a.warmupSeconds })
      }
      for (const conc of a.conc) {
        const results = new Map<FakeKind, Array<RunResult>>(fakeKinds.map((kind) => [kind, []]))
        for (let r = 0; r < runs; r++) {
          for (const kind of rotate(fakeKinds, r)) {
            const result = await drivers.get(kind)!.request<RunResult>({ cmd: "run", op, conc, seconds: a.seconds })
            results.get(kind)!.push(result)
          }
        }
        for (const kind of fakeKinds) cells.push(cell(kind, op, conc, results.get(kind)!))
        ctx.log(
          `A ${op} c=${conc}: ` + fakeKinds.map((kind) => {
            const c = cells.find((x) => x.kind === kind && x.op === op && x.conc === conc)!
            return `${kind} ${Math.round(c.opsPerSec.median)}/s ${c.cpuUsPerOp.median.toFixed(0)}µs`
          }).join(", ")
        )
      }
    }
    return {
      cells,
      loadAverage: { before, after: loadAverage() },
      seconds: (performance.now() - started) / 1000,
      ours: { transport: oursTransport(), compression: oursCompression() }
    }
  } finally {
    await Promise.all([...drivers.values()].map((driver) => driver.stop()))
    await server.child.stop()
  }
}
