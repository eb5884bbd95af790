/** Medians with min and max over runs, and the cells the report prints. */
import type { RunResult } from "./protocol.js"

export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
}

export const spread = (values: ReadonlyArray<number>): Spread => {
  const sorted = [...values].filter((value) => Number.isFinite(value)).sort((a, b) => a - b)
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN }
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

/** One figure of a throughput benchmark: one client, one operation, one concurrency. */
export interface Cell {
  readonly kind: string
  readonly op: string
  readonly conc: number
  readonly runs: ReadonlyArray<RunResult>
  readonly opsPerSec: Spread
  readonly cpuUsPerOp: Spread
  readonly p50Ms: Spread
  readonly p99Ms: Spread
  readonly errors: number
  readonly resourceExhausted: number
  readonly firstError?: string | undefined
}

export const cell = (kind: string, op: string, conc: number, runs: ReadonlyArray<RunResult>): Cell => ({
  kind,
  op,
  conc,
  runs,
  opsPerSec: spread(runs.map((run) => (run.ops * 1000) / run.elapsedMs)),
  cpuUsPerOp: spread(runs.map((run) => run.cpuUs / Math.max(1, run.ops + run.errors))),
  p50Ms: spread(runs.map((run) => run.p50Ms)),
  p99Ms: spread(runs.map((run) => run.p99Ms)),
  errors: runs.reduce((sum, run) => sum + run.errors, 0),
  resourceExhausted: runs.reduce((sum, run) => sum + run.resourceExhausted, 0),
  firstError: runs.find((run) => run.firstError !== undefined)?.firstError
})
