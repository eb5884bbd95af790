/**
 * The report: `bench/results/latest.json` (everything measured, every run) and
 * `bench/results/latest.md` (the tables, the targets and where we stand).
 */
import type { Environment } from "./lib/env.js"
import type { Cell, Spread } from "./lib/stats.js"
import { type FakeKind, kindLabels } from "./lib/workload.js"
import type { PartA } from "./parts/a.js"
import type { PartB } from "./parts/b.js"
import { type FirstStartRow, oursInEffectApp, oursStartInEffectApp, type PartC } from "./parts/c.js"
import type { PartD } from "./parts/d.js"
import type { PartE } from "./parts/e.js"

export interface Results {
  readonly environment: Environment
  readonly mode: "full" | "quick"
  readonly totalSeconds: number
  readonly loadAverage: { readonly start: ReadonlyArray<number>; readonly end: ReadonlyArray<number> }
  readonly a?: PartA | undefined
  readonly b?: PartB | undefined
  readonly c?: PartC | undefined
  readonly d?: PartD | undefined
  readonly e?: PartE | undefined
  readonly notes: ReadonlyArray<string>
  readonly targets: ReadonlyArray<Target>
  /**
   * The earlier run the "no regression" target compares part D with: the part D of the
   * `latest.json` this run replaced (or that run's own reference, when it had no part D).
   */
  readonly reference?: Reference | undefined
}

/** An earlier run's part D, kept to judge regressions against. */
export interface Reference {
  readonly date: string
  readonly commit: string
  readonly d: PartD
}

/** The reference a new run keeps: the replaced run's part D, else that run's own reference. */
export const referenceOf = (previous: Results | undefined): Reference | undefined =>
  previous === undefined
    ? undefined
    : previous.d !== undefined
    ? { date: previous.environment.date, commit: previous.environment.gitCommit, d: previous.d }
    : previous.reference

export interface Check {
  readonly what: string
  readonly ratio: number
  readonly pass: boolean
}

export interface Target {
  readonly name: string
  readonly goal: string
  readonly checks: ReadonlyArray<Check>
  readonly status: "met" | "missed" | "not measured"
  /**
   * Reference points measured in the same run that bound what the target can reach (say, where
   * the grpc-js floor itself stands against the baseline), so a miss is read against them.
   */
  readonly bounds: ReadonlyArray<Check>
}

/** What a client adds to a process until its first start: import, connect and the start. */
const addedMs = (row: FirstStartRow): number => row.importMs.median + row.connectMs.median + row.firstStartMs.median

const find = (cells: ReadonlyArray<Cell>, kind: string, op: string, conc: number): Cell | undefined =>
  cells.find((c) => c.kind === kind && c.op === op && c.conc === conc)

const target = (
  name: string,
  goal: string,
  checks: ReadonlyArray<Check>,
  bounds: ReadonlyArray<Check> = []
): Target => ({
  name,
  goal,
  checks,
  status: checks.length === 0 ? "not measured" : checks.every((check) => check.pass) ? "met" : "missed",
  bounds
})

/** Evaluate the targets from whatever parts ran. */
export const evaluateTargets = (
  a: PartA | undefined,
  b: PartB | undefined,
  c: PartC | undefined,
  d: PartD | undefined,
  reference?: Reference | undefined
): Array<Target> => {
  const targets: Array<Target> = []
  const ops = ["start", "signal", "describe", "query", "result"]
  const ratioChecks = (
    cells: ReadonlyArray<Cell>,
    ours: string,
    theirs: string,
    conc: number,
    metric: (cell: Cell) => number,
    pass: (ratio: number) => boolean
  ): Array<Check> =>
    ops.flatMap((op) => {
      const mine = find(cells, ours, op, conc)
      const base = find(cells, theirs, op, conc)
      if (mine === undefined || base === undefined) return []
      const ratio = metric(mine) / metric(base)
      return [{ what: `${op} c=${conc}`, ratio, pass: pass(ratio) }]
    })
  const cpu = (cell: Cell) => cell.cpuUsPerOp.median
  const throughput = (cell: Cell) => cell.opsPerSec.median
  const cells = a?.cells ?? []
  /** Where another client of the same run stands against the same baseline, labelled. */
  const boundChecks = (
    label: string,
    kind: string,
    theirs: string,
    metric: (cell: Cell) => number,
    pass: (ratio: number) => boolean
  ): Array<Check> =>
    ratioChecks(cells, kind, theirs, 16, metric, pass).map((check) => ({ ...check, what: `${label}: ${check.what}` }))
  // The least an Effect client of Temporal spends per call: the Effect floor plus what the wire
  // floor adds to the grpc-js floor (encoding the request, the headers, the deadline).
  const effectAndWire = ops.flatMap((op) => {
    const effectFloor = find(cells, "grpc-effect", op, 16)
    const wire = find(cells, "grpc-wire", op, 16)
    const floor = find(cells, "grpc", op, 16)
    const base = find(cells, "tc-high", op, 16)
    if (effectFloor === undefined || wire === undefined || floor === undefined || base === undefined) return []
    const ratio = (cpu(effectFloor) + cpu(wire) - cpu(floor)) / cpu(base)
    return [{ what: `Effect floor + wire cost: ${op} c=16`, ratio, pass: ratio <= 0.6 }]
  })
  const highLevelCpuBounds = [
    ...effectAndWire,
    ...boundChecks("Effect floor", "grpc-effect", "tc-high", cpu, (r) => r <= 0.6),
    ...boundChecks("node:http2 floor", "http2", "tc-high", cpu, (r) => r <= 0.6),
    ...boundChecks("grpc-js floor", "grpc", "tc-high", cpu, (r) => r <= 0.6),
    ...boundChecks("tc raw", "tc-raw", "tc-high", cpu, (r) => r <= 0.6)
  ]
  // Our rows on the default transport (or EFFECT_TEMPORAL_TRANSPORT's), then the same rows with
  // `transport: "grpc-js"`, when the run has them.
  const compression = a?.ours !== undefined && a.ours.compression !== "default"
    ? `, compression ${a.ours.compression}`
    : ""
  const transports: ReadonlyArray<readonly [label: string, suffix: string]> = [
    [
      `${
        a?.ours !== undefined && a.ours.transport !== "default" ? a.ours.transport : "default"
      } transport${compression}`,
      ""
    ],
    [`grpc-js transport${compression}`, "-grpcjs"]
  ]
  for (const [label, suffix] of transports) {
    const batch = `ours-batch${suffix}`
    const call = `ours-call${suffix}`
    const raw = `ours-raw${suffix}`
    if (suffix !== "" && !cells.some((c) => c.kind === batch || c.kind === call || c.kind === raw)) continue
    targets.push(target(
      `High-level CPU per op (forEach batch), ${label}`,
      "ours TemporalClient, 16 fibers in Effect.forEach inside one runPromise, ≤ 0.6× @temporalio/client high level, client CPU µs/op, c=16",
      ratioChecks(cells, batch, "tc-high", 16, cpu, (r) => r <= 0.6),
      highLevelCpuBounds
    ))
    targets.push(target(
      `High-level CPU per op (runPromise per call), ${label}`,
      "ours TemporalClient, one runPromise per call in 16 promise loops, ≤ 0.6× @temporalio/client high level, client CPU µs/op, c=16",
      ratioChecks(cells, call, "tc-high", 16, cpu, (r) => r <= 0.6),
      [
        // The fiber form over the per-call form: above 1.0 the Effect-native form is the slower.
        ...ratioChecks(cells, batch, call, 16, cpu, (r) => r <= 1).map((check) => ({
          ...check,
          what: `forEach batch ÷ per call: ${check.what}`
        })),
        ...highLevelCpuBounds
      ]
    ))
    targets.push(target(
      `Raw path CPU per op, ${label}`,
      "ours Connection.workflowService ≤ 1.3× the node:http2 floor (pre-encoded bytes), client CPU µs/op, c=16",
      ratioChecks(cells, raw, "http2", 16, cpu, (r) => r <= 1.3),
      [
        ...boundChecks("grpc-js floor", "grpc", "http2", cpu, (r) => r <= 1.3),
        ...boundChecks("wire floor", "grpc-wire", "http2", cpu, (r) => r <= 1.3),
        ...boundChecks("Effect floor", "grpc-effect", "http2", cpu, (r) => r <= 1.3),
        ...boundChecks("tc raw", "tc-raw", "http2", cpu, (r) => r <= 1.3)
      ]
    ))
    targets.push(target(
      `High-level throughput at c=16, ${label}`,
      "ours TemporalClient (forEach batch) ≥ 1.5× @temporalio/client high level, ops/s",
      ratioChecks(cells, batch, "tc-high", 16, throughput, (r) => r >= 1.5),
      [
        ...boundChecks("ours per call", call, "tc-high", throughput, (r) => r >= 1.5),
        ...boundChecks("node:http2 floor", "http2", "tc-high", throughput, (r) => r >= 1.5),
        ...boundChecks("Effect floor", "grpc-effect", "tc-high", throughput, (r) => r >= 1.5),
        ...boundChecks("tc raw", "tc-raw", "tc-high", throughput, (r) => r >= 1.5)
      ]
    ))
  }
  const bCells = b?.cells ?? []
  targets.push(target(
    "End-to-end starts/s",
    "ours ≥ 2× the Python client, starts/s against the dev server",
    (b?.kinds.includes("python") ?? false)
      ? (b?.cells ?? []).filter((cellB) => cellB.kind === "ours" && cellB.op === "start").flatMap((mine) => {
        const base = find(bCells, "python", "start", mine.conc)
        if (base === undefined) return []
        const ratio = mine.opsPerSec.median / base.opsPerSec.median
        return [{ what: `start c=${mine.conc}`, ratio, pass: ratio >= 2 }]
      })
      : [],
    (b?.kinds.includes("python") ?? false)
      ? bCells.filter((cellB) => cellB.kind === "tc" && cellB.op === "start").flatMap((theirs) => {
        const base = find(bCells, "python", "start", theirs.conc)
        if (base === undefined) return []
        const ratio = theirs.opsPerSec.median / base.opsPerSec.median
        return [{ what: `@temporalio/client: start c=${theirs.conc}`, ratio, pass: ratio >= 2 }]
      })
      : []
  ))
  const importOf = (name: string) => c?.imports.find((row) => row.name === name)
  const oursImport = importOf("effect-temporal (ours)")
  const theirImport = importOf("@temporalio/client")
  const coldChecks: Array<Check> = []
  if (oursImport !== undefined && theirImport !== undefined) {
    const ratio = oursImport.importMs.median / theirImport.importMs.median
    coldChecks.push({ what: "import", ratio, pass: ratio <= 1 })
  }
  const oursMarginal = importOf(oursInEffectApp)
  if (oursMarginal !== undefined && theirImport !== undefined) {
    const ratio = oursMarginal.importMs.median / theirImport.importMs.median
    coldChecks.push({ what: "import into an app that has effect", ratio, pass: ratio <= 1 })
  }
  const oursStart = c?.firstStart.find((row) => row.kind === "ours")
  const theirStart = c?.firstStart.find((row) => row.kind === "tc")
  if (oursStart !== undefined && theirStart !== undefined) {
    const ratio = oursStart.totalMs.median / theirStart.totalMs.median
    coldChecks.push({ what: "process start → first start done", ratio, pass: ratio <= 1 })
  }
  const coldBounds: Array<Check> = []
  for (const [label, name] of [["effect alone", "effect (whole barrel)"]] as const) {
    const row = importOf(name)
    if (row !== undefined && theirImport !== undefined) {
      const ratio = row.importMs.median / theirImport.importMs.median
      coldBounds.push({ what: `${label}: import`, ratio, pass: ratio <= 1 })
    }
  }
  const oursStartInApp = c?.firstStart.find((row) => row.kind === oursStartInEffectApp)
  if (oursStartInApp !== undefined && theirStart !== undefined) {
    // Node's own start-up and the preloaded peers are left out: what each client adds.
    const ratio = addedMs(oursStartInApp) / addedMs(theirStart)
    coldChecks.push({ what: "import + connect + first start, into an app that has effect", ratio, pass: ratio <= 1 })
  }
  targets.push(target("Cold start", "ours ≤ 1.0× @temporalio/client", coldChecks, coldBounds))
  const oursHandle = d?.handles.rows.find((row) => row.kind === "ours")
  const theirHandle = d?.handles.rows.find((row) => row.kind === "tc")
  targets.push(target(
    "Heap per idle handle",
    "ours ≤ 0.5× @temporalio/client",
    oursHandle !== undefined && theirHandle !== undefined
      ? [{
        what: "retained bytes per handle",
        ratio: oursHandle.perHandleBytes.median / theirHandle.perHandleBytes.median,
        pass: oursHandle.perHandleBytes.median / theirHandle.perHandleBytes.median <= 0.5
      }]
      : []
  ))
  const oursPolls = d?.polls.rows.find((row) => row.kind === "ours")
  targets.push(target(
    "Long polls: event-loop delay",
    `p99 < 10 ms with ${d?.polls.count ?? 1000} result() long polls held`,
    oursPolls !== undefined
      ? [{
        what: "event-loop delay p99 (ms, not a ratio)",
        ratio: oursPolls.loopDelayP99Ms.median,
        pass: oursPolls.loopDelayP99Ms.median < 10
      }]
      : []
  ))
  targets.push(noRegression(d, reference))
  return targets
}

/**
 * Part D against the reference run: each memory figure of ours over `@temporalio/client`'s in
 * the same run (which cancels most of the machine's drift) at most 1.1× the same ratio in the
 * reference, and the long polls' event-loop delay p99 at most 1 ms above the reference's.
 */
const noRegression = (d: PartD | undefined, reference: Reference | undefined): Target => {
  const name = "No regression: heap and long polls"
  const goal = reference === undefined
    ? "part D against an earlier run (none recorded)"
    : `part D against the run of ${
      reference.date.slice(0, 10)
    } (${reference.commit}): ours ÷ @temporalio/client ≤ 1.1× that run's; event-loop delay p99 over the idle process's ≤ that run's + 1 ms`
  if (d === undefined || reference === undefined) return target(name, goal, [])
  const checks: Array<Check> = []
  const relative = (what: string, figure: (dd: PartD, kind: string) => number | undefined) => {
    const now = (figure(d, "ours") ?? Number.NaN) / (figure(d, "tc") ?? Number.NaN)
    const then = (figure(reference.d, "ours") ?? Number.NaN) / (figure(reference.d, "tc") ?? Number.NaN)
    if (!Number.isFinite(now) || !Number.isFinite(then)) return
    const ratio = now / then
    checks.push({ what, ratio, pass: ratio <= 1.1 })
  }
  relative(
    "retained bytes per idle handle",
    (dd, kind) => dd.handles.rows.find((row) => row.kind === kind)?.perHandleBytes.median
  )
  relative("long polls: heap after GC", (dd, kind) => dd.polls.rows.find((row) => row.kind === kind)?.heapMb.median)
  relative("long polls: RSS peak", (dd, kind) => dd.polls.rows.find((row) => row.kind === kind)?.rssPeakMb.median)
  // The event-loop delay over the idle process's of the same run: a busy machine delays every
  // process's loop, ours included.
  const delayOverIdle = (dd: PartD): number | undefined => {
    const ours = dd.polls.rows.find((row) => row.kind === "ours")?.loopDelayP99Ms.median
    const idle = dd.polls.rows.find((row) => row.kind === "idle")?.loopDelayP99Ms.median
    return ours === undefined || idle === undefined ? undefined : ours - idle
  }
  const delayNow = delayOverIdle(d)
  const delayThen = delayOverIdle(reference.d)
  if (delayNow !== undefined && delayThen !== undefined) {
    checks.push({
      what: `long polls: event-loop delay p99 over the idle process's, ms, now vs ${
        fmt(delayThen, 1)
      } then (not a ratio)`,
      ratio: delayNow,
      pass: delayNow <= delayThen + 1
    })
  }
  return target(name, goal, checks)
}

// ------------------------------------------------------------------------------------------------
// Markdown
// ------------------------------------------------------------------------------------------------

const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–"

const digitsFor = (value: number): number => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2)

const range = (s: Spread, digits?: number): string => {
  const d = digits ?? digitsFor(s.median)
  return `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`
}

const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–")

const checkText = (what: string, check: Check): string =>
  `${what}: ${check.what.includes("not a ratio") ? fmt(check.ratio, 1) : ratio(check.ratio)} ${check.pass ? "✓" : "✗"}`

/** Checks as text; those whose `what` reads `label: item` are grouped under their label. */
const checkList = (checks: ReadonlyArray<Check>): string => {
  const groups = new Map<string, Array<string>>()
  for (const check of checks) {
    const split = check.what.indexOf(": ")
    const label = split < 0 ? "" : check.what.slice(0, split)
    const item = split < 0 ? check.what : check.what.slice(split + 2)
    groups.set(label, [...(groups.get(label) ?? []), checkText(item, check)])
  }
  return [...groups].map(([label, items]) => (label === "" ? items.join("; ") : `${label}: ${items.join(", ")}`))
    .join("; ") || "–"
}

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ].join("\n")

/** The baseline each part-A row is compared with. */
const baselineOf: Readonly<Record<FakeKind, FakeKind | undefined>> = {
  "http2": undefined,
  "grpc": "http2",
  "grpc-wire": "grpc",
  "grpc-effect": "grpc",
  "tc-raw": "grpc",
  "tc-high": "grpc",
  "ours-raw": "http2",
  "ours-batch": "tc-high",
  "ours-call": "tc-high",
  "ours-raw-grpcjs": "http2",
  "ours-batch-grpcjs": "tc-high",
  "ours-call-grpcjs": "tc-high"
}

const shortLabel: Readonly<Record<string, string>> = {
  "http2": "node:http2 floor",
  "grpc": "grpc-js floor",
  "grpc-wire": "wire floor",
  "grpc-effect": "Effect floor",
  "tc-raw": "tc raw",
  "tc-high": "tc high",
  "ours-raw": "ours raw",
  "ours-batch": "ours batch",
  "ours-call": "ours per call",
  "ours-raw-grpcjs": "ours raw, grpc-js",
  "ours-batch-grpcjs": "ours batch, grpc-js",
  "ours-call-grpcjs": "ours per call, grpc-js",
  "ours": "ours",
  "tc": "@temporalio/client",
  "python": "Python"
}

const partAMarkdown = (a: PartA): string => {
  const rows: Array<Array<string>> = []
  const effectFloor = a.cells.some((c) => c.kind === "grpc-effect")
    ? (c: Cell): Cell => find(a.cells, "grpc-effect", c.op, c.conc) ?? c
    : undefined
  for (const c of a.cells) {
    const base = baselineOf[c.kind as FakeKind]
    const baseCell = base !== undefined ? find(a.cells, base, c.op, c.conc) : undefined
    rows.push([
      c.op,
      String(c.conc),
      kindLabels[c.kind as FakeKind] ?? c.kind,
      range(c.opsPerSec, 0),
      fmt(c.p50Ms.median, 2),
      fmt(c.p99Ms.median, 2),
      range(c.cpuUsPerOp, 0),
      baseCell !== undefined ? shortLabel[baseCell.kind]! : "–",
      baseCell !== undefined ? ratio(c.cpuUsPerOp.median / baseCell.cpuUsPerOp.median) : "–",
      baseCell !== undefined ? ratio(c.opsPerSec.median / baseCell.opsPerSec.median) : "–",
      effectFloor !== undefined && c.kind.startsWith("ours")
        ? ratio(c.cpuUsPerOp.median / effectFloor(c).cpuUsPerOp.median)
        : "",
      c.errors > 0 ? String(c.errors) : ""
    ])
  }
  return table(
    [
      "op",
      "conc",
      "client",
      "ops/s median (min–max)",
      "p50 ms",
      "p99 ms",
      "CPU µs/op median (min–max)",
      "baseline",
      "CPU ×",
      "ops/s ×",
      "CPU × Effect floor",
      "errors"
    ],
    rows
  )
}

const partBMarkdown = (b: PartB): string => {
  const rows = b.cells.map((c) => {
    const base = c.kind === "ours" ? find(b.cells, "tc", c.op, c.conc) : undefined
    const py = c.kind === "ours" ? find(b.cells, "python", c.op, c.conc) : undefined
    return [
      c.op,
      String(c.conc),
      kindLabels[c.kind as "ours"] ?? c.kind,
      range(c.opsPerSec, 0),
      fmt(c.p50Ms.median, 2),
      fmt(c.p99Ms.median, 2),
      range(c.cpuUsPerOp, 0),
      base !== undefined ? ratio(c.opsPerSec.median / base.opsPerSec.median) : "–",
      py !== undefined ? ratio(c.opsPerSec.median / py.opsPerSec.median) : "–",
      String(c.errors),
      String(c.resourceExhausted)
    ]
  })
  return table(
    [
      "op",
      "conc",
      "client",
      "ops/s median (min–max)",
      "p50 ms",
      "p99 ms",
      "client CPU µs/op",
      "ops/s × tc",
      "ops/s × Python",
      "errors",
      "RESOURCE_EXHAUSTED"
    ],
    rows
  )
}

const partCMarkdown = (c: PartC): string => {
  const tc = c.imports.find((row) => row.name === "@temporalio/client")
  const imports = table(
    ["module", "import ms median (min–max)", "process wall ms", "RSS MB", "× @temporalio/client"],
    c.imports.map((row) => [
      row.name,
      range(row.importMs, 1),
      range(row.wallMs, 0),
      fmt(row.rssMb.median, 0),
      tc !== undefined && row.name !== "node (no import)" ? ratio(row.importMs.median / tc.importMs.median) : "–"
    ])
  )
  const tcStart = c.firstStart.find((row) => row.kind === "tc")
  const starts = table(
    [
      "client",
      "import ms",
      "connect ms",
      "first start ms",
      "process start → started ms",
      "process wall ms",
      "RSS MB",
      "total × tc",
      "import + connect + start × tc"
    ],
    c.firstStart.map((row) => [
      row.kind === "ours"
        ? "ours"
        : row.kind === oursStartInEffectApp
        ? "ours, effect already loaded (untimed)"
        : "@temporalio/client",
      range(row.importMs, 1),
      range(row.connectMs, 1),
      range(row.firstStartMs, 1),
      range(row.totalMs, 0),
      range(row.wallMs, 0),
      fmt(row.rssMb.median, 0),
      tcStart !== undefined ? ratio(row.totalMs.median / tcStart.totalMs.median) : "–",
      tcStart !== undefined ? ratio(addedMs(row) / addedMs(tcStart)) : "–"
    ])
  )
  return `Import only (fresh process each):\n\n${imports}\n\nImport + connect (GetSystemInfo) + first start against the fake server:\n\n${starts}`
}

const partDMarkdown = (d: PartD): string => {
  const tc = d.handles.rows.find((row) => row.kind === "tc")
  const handles = table(
    ["client", `retained bytes per handle (${fmt(d.handles.count)} handles)`, "× @temporalio/client"],
    d.handles.rows.map((row) => [
      row.kind === "ours"
        ? "ours `client.getWorkflowHandle(id)`"
        : "@temporalio/client `client.workflow.getHandle(id)`",
      range(row.perHandleBytes, 0),
      tc !== undefined ? ratio(row.perHandleBytes.median / tc.perHandleBytes.median) : "–"
    ])
  )
  const polls = table(
    [
      "process",
      "RSS peak MB",
      "RSS end MB",
      "heap after GC MB",
      "event-loop delay p99 ms",
      "max ms",
      "polls per handle (expected)",
      "errors"
    ],
    d.polls.rows.map((row) => [
      row.kind === "idle" ? "idle (machine baseline)" : row.kind === "ours" ? "ours" : "@temporalio/client",
      fmt(row.rssPeakMb.median, 0),
      fmt(row.rssEndMb.median, 0),
      fmt(row.heapMb.median, 1),
      range(row.loopDelayP99Ms, 1),
      fmt(row.loopDelayMaxMs.median, 1),
      row.kind === "idle" ? "–" : `${fmt(row.pollsPerHandle.median, 2)} (${row.expectedPollsPerHandle})`,
      String(row.errors)
    ])
  )
  return `${handles}\n\n${fmt(d.polls.count)} concurrent \`result()\` long polls, each held ${
    fmt(d.polls.holdMs / 1000, 0)
  } s by the server and answered empty, watched for ${d.polls.seconds} s:\n\n${polls}`
}

const load = (l: { readonly before: ReadonlyArray<number>; readonly after: ReadonlyArray<number> }): string =>
  `load average ${l.before.join(" / ")} → ${l.after.join(" / ")}`

export const markdown = (results: Results): string => {
  const env = results.environment
  const out: Array<string> = []
  out.push("# effect-temporal benchmarks")
  out.push("")
  out.push(
    `Written by \`npm run bench\`${
      results.mode === "quick" ? " (BENCH_QUICK=1: a smoke run, not figures to quote)" : ""
    } on ${env.date.slice(0, 16).replace("T", " ")} UTC in ${
      fmt(results.totalSeconds / 60, 1)
    } min. See \`bench/README.md\` for what each part measures and how to read the tables; every run of every figure is in \`latest.json\`.`
  )
  out.push("")
  out.push("## Machine")
  out.push("")
  out.push(table(["", ""], [
    ["CPU", `${env.cores} × ${env.cpuModel}`],
    ["memory", `${env.memoryGb} GB`],
    ["OS", env.platform],
    ["Node", env.node],
    [
      "pinning",
      env.pinned
        ? "clients on core 0, servers (fake server, dev server, worker) on core 1 (`taskset`)"
        : "none (no taskset or one core)"
    ],
    [
      "load average (1/5/15 min)",
      `${results.loadAverage.start.join(" / ")} at start → ${results.loadAverage.end.join(" / ")} at end`
    ],
    ["commit", env.gitCommit],
    ...(results.a?.ours !== undefined
      ? [[
        "our rows' transport, compression",
        `${results.a.ours.transport}, ${results.a.ours.compression} (\`EFFECT_TEMPORAL_TRANSPORT\`, \`EFFECT_TEMPORAL_GRPC_COMPRESSION\`; \`default\`: unset, what users get)`
      ]]
      : []),
    ...Object.entries(env.versions).map(([name, version]) => [name, version]),
    ...(results.b?.pythonVersions !== undefined
      ? Object.entries(results.b.pythonVersions).map(([name, version]) => [`Python ${name}`, version])
      : []),
    ...(results.b !== undefined ? [["Temporal dev server", results.b.server.version.replace(/\n/g, " ")]] : [])
  ]))
  out.push("")
  out.push("## Targets")
  out.push("")
  out.push(table(
    [
      "target",
      "goal",
      "measured (ratio; ✓ = meets the goal)",
      "status",
      "reference points in the same run, against the same goal"
    ],
    results.targets.map((t) => [
      t.name,
      t.goal,
      checkList(t.checks),
      t.status === "met" ? "**met**" : t.status === "missed" ? "**missed**" : t.status,
      checkList(t.bounds ?? [])
    ])
  ))
  out.push("")
  if (results.a !== undefined) {
    out.push("## A. Client overhead against a fake gRPC server")
    out.push("")
    out.push(
      `Fake server in a child process answering pre-encoded bytes; each client in its own process; ${
        results.a.cells[0]?.runs.length ?? 0
      } runs per figure, clients interleaved; ${load(results.a.loadAverage)}; ${
        fmt(results.a.seconds, 0)
      } s. CPU is the client process's user + system time over the run divided by the operations; ratios are medians over the baseline's medians.`
    )
    out.push("")
    out.push(partAMarkdown(results.a))
    out.push("")
  }
  if (results.b !== undefined) {
    out.push("## B. End to end against one dev server")
    out.push("")
    out.push(
      `${results.b.server.flags}; ${load(results.b.loadAverage)}; ${fmt(results.b.seconds, 0)} s.${
        results.b.notes.length > 0 ? " " + results.b.notes.join(" ") : ""
      }`
    )
    out.push("")
    out.push(partBMarkdown(results.b))
    out.push("")
  }
  if (results.c !== undefined) {
    out.push("## C. Cold start")
    out.push("")
    out.push(`${load(results.c.loadAverage)}; ${fmt(results.c.seconds, 0)} s.`)
    out.push("")
    out.push(partCMarkdown(results.c))
    out.push("")
  }
  if (results.d !== undefined) {
    out.push("## D. Memory")
    out.push("")
    out.push(`${load(results.d.loadAverage)}; ${fmt(results.d.seconds, 0)} s.`)
    out.push("")
    out.push(partDMarkdown(results.d))
    out.push("")
  }
  if (results.e !== undefined) {
    const base = results.e.rows[0]?.cpuUsPerOp.median ?? 0
    out.push("## E. Our layers in process (diagnostic)")
    out.push("")
    out.push(
      `No network: the real pipeline and \`TemporalClient\` over a transport that answers pre-encoded bytes at once; \`Effect.forEach\` batches of 1000 at concurrency 16; ${
        fmt(results.e.opsPerRun)
      } operations per run, 5 runs; ${
        load(results.e.loadAverage)
      }. This is what our code costs per call on top of grpc-js; the gRPC transport and the request headers are not in it.`
    )
    out.push("")
    out.push(table(
      ["operation", "CPU µs/op median (min–max)", "above the runtime's own cost"],
      results.e.rows.map((
        row,
        i
      ) => [row.name, range(row.cpuUsPerOp, 1), i === 0 ? "–" : fmt(row.cpuUsPerOp.median - base, 1)])
    ))
    out.push("")
  }
  if (results.notes.length > 0) {
    out.push("## Notes")
    out.push("")
    for (const note of results.notes) out.push(`- ${note}`)
    out.push("")
  }
  return out.join("\n")
}
