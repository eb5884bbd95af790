/**
 * `npm run bench`: transpile the sources, run parts A–E (see `bench/README.md`), write
 * `bench/results/latest.json` and `bench/results/latest.md`.
 *
 * Environment: `BENCH_QUICK=1` for a ~2-minute smoke run; `BENCH_PARTS=A,C` for some parts only
 * (the report then holds only those); `BENCH_PYTHON` for another Python than `python3`;
 * `BENCH_SRC=dir` to measure a copy of `src/` with a candidate change instead of `src/` itself;
 * `BENCH_OUT=dir` to write the results somewhere else than `bench/results/`; `BENCH_RENDER=1` to
 * rewrite `latest.md` from `latest.json` (after editing `bench/ANALYSIS.md`) without running.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { transpileTree } from "./lib/build.js"
import { config } from "./lib/config.js"
import { loadAverage, makeContext } from "./lib/context.js"
import { environment } from "./lib/env.js"
import { type PartA, runPartA } from "./parts/a.js"
import { type PartB, runPartB } from "./parts/b.js"
import { type PartC, runPartC } from "./parts/c.js"
import { type PartD, runPartD } from "./parts/d.js"
import { type PartE, runPartE } from "./parts/e.js"
import { evaluateTargets, markdown, referenceOf, type Results } from "./report.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** `BENCH_RENDER=1`: rewrite `latest.md` from `latest.json` (and `bench/ANALYSIS.md`), running nothing. */
const render = (outDir: string): void => {
  const stored = JSON.parse(fs.readFileSync(path.join(outDir, "latest.json"), "utf8")) as Results
  // The targets are evaluated again, so a change to how they are read shows without a new run.
  const results: Results = {
    ...stored,
    targets: evaluateTargets(stored.a, stored.b, stored.c, stored.d, stored.reference)
  }
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(results, null, 2) + "\n")
  fs.writeFileSync(path.join(outDir, "latest.md"), markdown(results) + analysisText())
  process.stderr.write(`[bench] rewrote ${path.relative(root, outDir)}/latest.md\n`)
}

const analysisText = (): string => {
  const analysisFile = path.join(root, "bench/ANALYSIS.md")
  return fs.existsSync(analysisFile) ? `\n${fs.readFileSync(analysisFile, "utf8")}` : ""
}

const main = async (): Promise<void> => {
  const outDir = path.resolve(root, process.env["BENCH_OUT"] ?? "bench/results")
  if (process.env["BENCH_RENDER"] === "1") return render(outDir)
  const started = performance.now()
  const ctx = makeContext(root, config)
  const startLoad = loadAverage()
  ctx.log(
    `${config.quick ? "quick" : "full"} run of parts ${
      [...config.parts].join(",")
    } on ${ctx.cores} cores, load average ${startLoad.join(" ")}` +
      (ctx.clientCore === undefined ? " (no pinning: taskset missing or one core)" : "")
  )
  fs.rmSync(ctx.build, { recursive: true, force: true })
  const srcDir = path.resolve(root, process.env["BENCH_SRC"] ?? "src")
  const files = transpileTree(root, ctx.build, srcDir)
  ctx.log(`transpiled ${files} files (${path.relative(root, srcDir)} and bench) into ${path.relative(root, ctx.build)}`)
  const env = environment(root, ctx.clientCore !== undefined)
  const notes: Array<string> = []
  if (srcDir !== path.join(root, "src")) {
    notes.push(`Measured the sources in ${path.relative(root, srcDir)} (BENCH_SRC), not src/.`)
  }
  if (ctx.clientCore === undefined) {
    notes.push(
      "Processes were not pinned (taskset missing or fewer than 2 cores): clients and servers shared the cores."
    )
  }
  const part = async <A>(name: string, run: () => Promise<A>): Promise<A | undefined> => {
    if (!config.parts.has(name)) return undefined
    try {
      return await run()
    } catch (error) {
      const message = `Part ${name} failed: ${error instanceof Error ? error.message : String(error)}`
      ctx.log(message)
      notes.push(message.slice(0, 2000))
      return undefined
    }
  }
  const a: PartA | undefined = await part("A", () => runPartA(ctx))
  const b: PartB | undefined = await part("B", () => runPartB(ctx))
  const c: PartC | undefined = await part("C", () => runPartC(ctx))
  const d: PartD | undefined = await part("D", () => runPartD(ctx))
  const e: PartE | undefined = await part("E", () => runPartE(ctx))
  const previousFile = path.join(outDir, "latest.json")
  const previous = fs.existsSync(previousFile)
    ? JSON.parse(fs.readFileSync(previousFile, "utf8")) as Results
    : undefined
  const reference = referenceOf(previous)
  if (a?.ours !== undefined && (a.ours.transport !== "default" || a.ours.compression !== "default")) {
    notes.push(
      `Our rows ran with transport ${a.ours.transport} and compression ${a.ours.compression} ` +
        "(EFFECT_TEMPORAL_TRANSPORT, EFFECT_TEMPORAL_GRPC_COMPRESSION)."
    )
  }
  const results: Results = {
    environment: env,
    mode: config.quick ? "quick" : "full",
    totalSeconds: (performance.now() - started) / 1000,
    loadAverage: { start: startLoad, end: loadAverage() },
    a,
    b,
    c,
    d,
    e,
    notes: [...notes, ...(b?.notes ?? [])],
    targets: evaluateTargets(a, b, c, d, reference),
    reference
  }
  fs.mkdirSync(outDir, { recursive: true })
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(results, null, 2) + "\n")
  fs.writeFileSync(path.join(outDir, "latest.md"), markdown(results) + analysisText())
  ctx.log(
    `wrote ${path.relative(root, outDir)}/latest.json and latest.md in ${(results.totalSeconds / 60).toFixed(1)} min`
  )
  for (const t of results.targets) ctx.log(`target ${t.name}: ${t.status}`)
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  process.exit(1)
})
