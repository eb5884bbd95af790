/**
 * Part C: cold start, in fresh processes on the client core (one discarded warm-up each, so the
 * files are in the page cache, then `runs` measured, interleaved). `hyperfine` is not needed: the
 * parent times each process from spawn to exit, and the child reports its own import time.
 *
 * - import only: nothing (Node itself), `@grpc/grpc-js`, `@temporalio/proto`, `effect` (the whole
 *   barrel, for reference: we import its modules one by one), `@temporalio/client`, and ours (the
 *   package entry, `src/index.ts` transpiled as `tsc` would emit it); then ours again in a process
 *   that already loaded `effect` (our one peer dependency, which an Effect
 *   application has loaded before it imports us): the import cost we add to such an application.
 * - import + connect + first start against the fake server: ours and `@temporalio/client`.
 */
import * as path from "node:path"
import { runOnce } from "../lib/child.js"
import { type BenchContext, loadAverage, rotate, script, startFakeServer } from "../lib/context.js"
import { type Spread, spread } from "../lib/stats.js"

/**
 * The first-start run of ours in a process that already loaded our peer dependencies (untimed):
 * what our client adds to an Effect application's time to its first workflow start.
 */
export const oursStartInEffectApp = "ours-effect-app"

/** The row of our import in a process that already has our peer dependencies. */
export const oursInEffectApp = "effect-temporal, effect already loaded"

export interface ImportRow {
  readonly name: string
  readonly importMs: Spread
  readonly wallMs: Spread
  readonly rssMb: Spread
}

export interface FirstStartRow {
  readonly kind: string
  readonly importMs: Spread
  readonly connectMs: Spread
  readonly firstStartMs: Spread
  readonly totalMs: Spread
  readonly wallMs: Spread
  readonly rssMb: Spread
}

export interface PartC {
  readonly imports: ReadonlyArray<ImportRow>
  readonly firstStart: ReadonlyArray<FirstStartRow>
  readonly loadAverage: { readonly before: ReadonlyArray<number>; readonly after: ReadonlyArray<number> }
  readonly seconds: number
}

interface ImportSample {
  readonly importMs: number
  readonly rssMb: number
}

interface StartSample extends ImportSample {
  readonly connectMs: number
  readonly firstStartMs: number
  readonly totalMs: number
}

export const runPartC = async (ctx: BenchContext): Promise<PartC> => {
  const started = performance.now()
  const before = loadAverage()
  const runs = ctx.config.c.runs
  const ours = path.join(ctx.build, "src/index.js")
  const modules: ReadonlyArray<readonly [string, string, string]> = [
    ["node (no import)", "none", ""],
    ["@grpc/grpc-js", "@grpc/grpc-js", ""],
    ["@temporalio/proto", "@temporalio/proto", ""],
    ["effect (whole barrel)", "effect", ""],
    ["@temporalio/client", "@temporalio/client", ""],
    ["effect-temporal (ours)", ours, ""],
    [oursInEffectApp, ours, "effect"]
  ]
  const node = process.execPath
  const importSamples = new Map<string, Array<ImportSample & { wallMs: number }>>(modules.map(([name]) => [name, []]))
  for (let r = -1; r < runs; r++) {
    for (const [name, specifier, preload] of rotate(modules, Math.max(0, r))) {
      const result = await runOnce(node, [
        script(ctx, "cold/importOnly.js"),
        "--module",
        specifier,
        "--preload",
        preload
      ], {
        core: ctx.clientCore,
        cores: ctx.cores,
        cwd: ctx.root
      })
      if (result.code !== 0) throw new Error(`import ${name} failed: ${result.stderr}`)
      if (r >= 0) {
        importSamples.get(name)!.push({ ...(JSON.parse(result.stdout) as ImportSample), wallMs: result.wallMs })
      }
    }
  }
  const imports = modules.map(([name]): ImportRow => {
    const samples = importSamples.get(name)!
    return {
      name,
      importMs: spread(samples.map((s) => s.importMs)),
      wallMs: spread(samples.map((s) => s.wallMs)),
      rssMb: spread(samples.map((s) => s.rssMb))
    }
  })
  ctx.log("C imports: " + imports.map((row) => `${row.name} ${row.importMs.median.toFixed(0)} ms`).join(", "))

  const server = await startFakeServer(ctx)
  const kinds = ["ours", oursStartInEffectApp, "tc"] as const
  const argsOf = (kind: typeof kinds[number]): ReadonlyArray<string> =>
    kind === oursStartInEffectApp ? ["--kind", "ours", "--preload", "effect"] : ["--kind", kind]
  const startSamples = new Map<string, Array<StartSample & { wallMs: number }>>(kinds.map((kind) => [kind, []]))
  try {
    for (let r = -1; r < runs; r++) {
      for (const kind of rotate(kinds, Math.max(0, r))) {
        const result = await runOnce(node, [
          script(ctx, "cold/firstStart.js"),
          ...argsOf(kind),
          "--address",
          server.address
        ], {
          core: ctx.clientCore,
          cores: ctx.cores,
          cwd: ctx.root
        })
        if (result.code !== 0) throw new Error(`first start ${kind} failed: ${result.stderr}`)
        if (r >= 0) {
          startSamples.get(kind)!.push({ ...(JSON.parse(result.stdout) as StartSample), wallMs: result.wallMs })
        }
      }
    }
  } finally {
    await server.child.stop()
  }
  const firstStart = kinds.map((kind): FirstStartRow => {
    const samples = startSamples.get(kind)!
    return {
      kind,
      importMs: spread(samples.map((s) => s.importMs)),
      connectMs: spread(samples.map((s) => s.connectMs)),
      firstStartMs: spread(samples.map((s) => s.firstStartMs)),
      totalMs: spread(samples.map((s) => s.totalMs)),
      wallMs: spread(samples.map((s) => s.wallMs)),
      rssMb: spread(samples.map((s) => s.rssMb))
    }
  })
  ctx.log("C first start: " + firstStart.map((row) => `${row.kind} ${row.totalMs.median.toFixed(0)} ms`).join(", "))
  return {
    imports,
    firstStart,
    loadAverage: { before, after: loadAverage() },
    seconds: (performance.now() - started) / 1000
  }
}
