/** Part E (diagnostic): our own layers' CPU per call in process, no network (see `bench/inProcess.ts`). */
import { runOnce } from "../lib/child.js"
import { type BenchContext, loadAverage, script } from "../lib/context.js"
import { type Spread, spread } from "../lib/stats.js"

export interface PartE {
  readonly rows: ReadonlyArray<{ readonly name: string; readonly cpuUsPerOp: Spread }>
  readonly opsPerRun: number
  readonly loadAverage: { readonly before: ReadonlyArray<number>; readonly after: ReadonlyArray<number> }
  readonly seconds: number
}

export const runPartE = async (ctx: BenchContext): Promise<PartE> => {
  const started = performance.now()
  const before = loadAverage()
  const opsPerRun = ctx.config.quick ? 5_000 : 20_000
  const result = await runOnce(process.execPath, [
    "--expose-gc",
    script(ctx, "inProcess.js"),
    "--ops",
    String(opsPerRun)
  ], {
    core: ctx.clientCore,
    cores: ctx.cores,
    cwd: ctx.root
  })
  if (result.code !== 0) throw new Error(`in-process benchmark failed: ${result.stderr}`)
  const { rows } = JSON.parse(result.stdout) as { rows: ReadonlyArray<{ name: string; runs: ReadonlyArray<number> }> }
  const out = rows.map((row) => ({ name: row.name, cpuUsPerOp: spread(row.runs) }))
  ctx.log(
    "E in process: " + out.map((row) => `${row.name.split(" ")[0]} ${row.cpuUsPerOp.median.toFixed(1)} µs`).join(", ")
  )
  return {
    rows: out,
    opsPerRun,
    loadAverage: { before, after: loadAverage() },
    seconds: (performance.now() - started) / 1000
  }
}
