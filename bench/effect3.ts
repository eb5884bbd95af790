/**
 * `npm run bench:effect3`: the cost of the move to Effect 4. Runs parts A (client CPU per
 * operation against the fake server), C (cold start) and D (heap per idle handle and per pending
 * `result()` poll) of the benchmark on the last Effect 3 release (the `v0.1.0` tag, checked out
 * with its own `node_modules` into the git-ignored `.cache/bench-effect3/`) and on this tree, one
 * after the other in one run (`BENCH_ROUNDS` alternations, default 1), then writes
 * `bench/results/effect3-vs-effect4.json` and `.md`.
 *
 * Each run also measures `@temporalio/client` in the same processes' conditions, so the report
 * gives every figure both raw and relative to it: a drift of the machine between the two runs
 * moves both, the ratio less. `BENCH_QUICK=1` passes through (a smoke run, not figures to quote);
 * `BENCH_REPORT_ONLY=1` writes the report again from the last runs' results, running nothing.
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const baselineTag = "v0.1.0"
const baselineDir = path.join(root, ".cache/bench-effect3/tree")
const parts = "A,C,D"

interface Spread {
  readonly median: number
}
interface Cell {
  readonly kind: string
  readonly op: string
  readonly conc: number
  readonly cpuUsPerOp: Spread
}
interface Results {
  readonly a?: { readonly cells: ReadonlyArray<Cell> }
  readonly c?: {
    readonly imports: ReadonlyArray<{ readonly name: string; readonly importMs: Spread }>
    readonly firstStart: ReadonlyArray<{ readonly kind: string; readonly totalMs: Spread }>
  }
  readonly d?: {
    readonly handles: { readonly rows: ReadonlyArray<{ readonly kind: string; readonly perHandleBytes: Spread }> }
    readonly polls: {
      readonly rows: ReadonlyArray<{ readonly kind: string; readonly polls: number; readonly heapMb: Spread }>
    }
  }
}

const log = (message: string): void => {
  process.stderr.write(`[bench:effect3] ${message}\n`)
}

/** The Effect 3 release, with its own dependencies, once per tag commit. */
const prepareBaseline = (): void => {
  const commit = execFileSync("git", ["rev-parse", `${baselineTag}^{commit}`], { cwd: root, encoding: "utf8" }).trim()
  const marker = path.join(baselineDir, ".bench-commit")
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === commit) return
  log(`checking out ${baselineTag} (${commit.slice(0, 8)}) into ${path.relative(root, baselineDir)}`)
  fs.rmSync(baselineDir, { recursive: true, force: true })
  fs.mkdirSync(baselineDir, { recursive: true })
  const archive = spawnSync("git", ["archive", "--format=tar", commit], { cwd: root, maxBuffer: 1 << 30 })
  if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr.toString()}`)
  execFileSync("tar", ["-x", "-C", baselineDir], { input: archive.stdout })
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: baselineDir, stdio: "inherit" })
  fs.writeFileSync(marker, commit)
}

/** Run `bench/run.ts` of the tree at `cwd` for the compared parts, its results into `outDir`. */
const runBench = (label: string, cwd: string, outDir: string): Results => {
  log(`${label}: parts ${parts}`)
  const tsx = path.join(cwd, "node_modules/.bin/tsx")
  const result = spawnSync(tsx, ["bench/run.ts"], {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, BENCH_PARTS: parts, BENCH_OUT: outDir }
  })
  if (result.status !== 0) throw new Error(`${label}: bench/run.ts exited with ${String(result.status)}`)
  return JSON.parse(fs.readFileSync(path.join(outDir, "latest.json"), "utf8")) as Results
}

interface Row {
  readonly what: string
  readonly effect3: number
  readonly effect4: number
  /** The same figure of `@temporalio/client` in each run, when there is one. */
  readonly reference?: { readonly effect3: number; readonly effect4: number }
  readonly unit: string
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** One figure per run (the median over the rounds), read from each run's results. */
const figure = (runs: ReadonlyArray<Results>, read: (r: Results) => number | undefined): number =>
  median(runs.map(read).filter((x): x is number => x !== undefined && Number.isFinite(x)))

const rowsOf = (effect3: ReadonlyArray<Results>, effect4: ReadonlyArray<Results>): Array<Row> => {
  const rows: Array<Row> = []
  const both = (read: (r: Results) => number | undefined) => ({
    effect3: figure(effect3, read),
    effect4: figure(effect4, read)
  })
  const cells = effect4[0]?.a?.cells ?? []
  const cpu = (kind: string, op: string, conc: number) => (r: Results) =>
    r.a?.cells.find((c) => c.kind === kind && c.op === op && c.conc === conc)?.cpuUsPerOp.median
  for (const cell of cells.filter((c) => c.kind === "ours-batch" || c.kind === "ours-raw")) {
    rows.push({
      what: `client CPU per op: ${
        cell.kind === "ours-batch" ? "TemporalClient" : "Connection.workflowService"
      } ${cell.op}, c=${cell.conc}`,
      ...both(cpu(cell.kind, cell.op, cell.conc)),
      reference: both(cpu(cell.kind === "ours-batch" ? "tc-high" : "tc-raw", cell.op, cell.conc)),
      unit: "µs"
    })
  }
  const importOf = (match: (name: string) => boolean) => (r: Results) =>
    r.c?.imports.find((row) => match(row.name))?.importMs.median
  const tcImport = both(importOf((name) => name === "@temporalio/client"))
  rows.push({
    what: "cold start: import",
    ...both(importOf((n) => n === "effect-temporal (ours)")),
    reference: tcImport,
    unit: "ms"
  })
  rows.push({
    what: "cold start: import into an app that has loaded effect",
    ...both(importOf((n) => n.startsWith("effect-temporal,"))),
    reference: tcImport,
    unit: "ms"
  })
  const startOf = (kind: string) => (r: Results) => r.c?.firstStart.find((row) => row.kind === kind)?.totalMs.median
  rows.push({
    what: "cold start: import + connect + first start",
    ...both(startOf("ours")),
    reference: both(startOf("tc")),
    unit: "ms"
  })
  rows.push({
    what: "cold start: import + connect + first start, effect loaded",
    ...both(startOf("ours-effect-app")),
    reference: both(startOf("tc")),
    unit: "ms"
  })
  const handleOf = (kind: string) => (r: Results) =>
    r.d?.handles.rows.find((row) => row.kind === kind)?.perHandleBytes.median
  rows.push({ what: "heap per idle handle", ...both(handleOf("ours")), reference: both(handleOf("tc")), unit: "B" })
  // The heap a process holding the polls has over an idle one, per poll.
  const pollOf = (kind: string) => (r: Results) => {
    const row = r.d?.polls.rows.find((p) => p.kind === kind)
    const idle = r.d?.polls.rows.find((p) => p.kind === "idle")
    return row === undefined || idle === undefined || row.polls === 0
      ? undefined
      : ((row.heapMb.median - idle.heapMb.median) * 1024 * 1024) / row.polls
  }
  rows.push({
    what: "heap per pending result() poll",
    ...both(pollOf("ours")),
    reference: both(pollOf("tc")),
    unit: "B"
  })
  return rows
}

const format = (value: number): string =>
  !Number.isFinite(value) ? "–" : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)

const percent = (from: number, to: number): string => {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === 0) return "–"
  const change = (to / from - 1) * 100
  return `${change >= 0 ? "+" : ""}${change.toFixed(1)} %`
}

const markdown = (rows: ReadonlyArray<Row>, rounds: number): string => {
  const lines = [
    "# Effect 3 → Effect 4",
    "",
    `Parts ${parts} of the benchmark on the last Effect 3 release (\`${baselineTag}\`) and on the Effect 4 port, ` +
    `in one run (${rounds} round${rounds === 1 ? "" : "s"}; each figure the median over them). ` +
    "Lower is better everywhere. \"vs tc\" is the figure over `@temporalio/client`'s in the same run, which cancels " +
    "most of the machine's drift between the two runs; a change over 10 % is marked ⚠.",
    "",
    "| figure | Effect 3 | Effect 4 | change | Effect 3 vs tc | Effect 4 vs tc | change vs tc |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  ]
  for (const row of rows) {
    const ratio3 = row.reference === undefined ? NaN : row.effect3 / row.reference.effect3
    const ratio4 = row.reference === undefined ? NaN : row.effect4 / row.reference.effect4
    const worse = row.effect4 > row.effect3 * 1.1 && (!Number.isFinite(ratio3) || ratio4 > ratio3 * 1.1)
    lines.push(
      `| ${row.what} | ${format(row.effect3)} ${row.unit} | ${format(row.effect4)} ${row.unit} | ` +
        `${percent(row.effect3, row.effect4)}${worse ? " ⚠" : ""} | ${format(ratio3)}× | ${format(ratio4)}× | ${
          percent(ratio3, ratio4)
        } |`
    )
  }
  return lines.join("\n") + "\n"
}

const main = (): void => {
  if (process.env["BENCH_REPORT_ONLY"] !== "1") prepareBaseline()
  const rounds = Math.max(1, Number(process.env["BENCH_ROUNDS"] ?? "1"))
  const effect3: Array<Results> = []
  const effect4: Array<Results> = []
  const reportOnly = process.env["BENCH_REPORT_ONLY"] === "1"
  const stored = (dir: string) => JSON.parse(fs.readFileSync(path.join(root, dir, "latest.json"), "utf8")) as Results
  for (let round = 1; round <= rounds; round++) {
    if (reportOnly) {
      effect3.push(stored(`.cache/bench-effect3/results-${round}`))
      effect4.push(stored(`.cache/bench-effect4/results-${round}`))
      continue
    }
    effect3.push(
      runBench(
        `Effect 3 (${baselineTag}), round ${round}`,
        baselineDir,
        path.join(root, `.cache/bench-effect3/results-${round}`)
      )
    )
    effect4.push(
      runBench(`Effect 4 (this tree), round ${round}`, root, path.join(root, `.cache/bench-effect4/results-${round}`))
    )
  }
  const rows = rowsOf(effect3, effect4)
  const outDir = path.join(root, "bench/results")
  fs.mkdirSync(outDir, { recursive: true })
  fs.writeFileSync(
    path.join(outDir, "effect3-vs-effect4.json"),
    JSON.stringify({ baselineTag, parts, rounds, rows }, null, 2) + "\n"
  )
  const analysis = path.join(root, "bench/effect3-analysis.md")
  fs.writeFileSync(
    path.join(outDir, "effect3-vs-effect4.md"),
    markdown(rows, rounds) + (fs.existsSync(analysis) ? fs.readFileSync(analysis, "utf8") : "")
  )
  log("wrote bench/results/effect3-vs-effect4.json and .md")
}

main()
