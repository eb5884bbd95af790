/**
 * Run sizes. `BENCH_QUICK=1` is a smoke run of about two minutes; the default is the full run
 * (about ten minutes on a 2-core machine). `BENCH_PARTS=A,C` runs only some parts. Part A can be
 * narrowed further, for a quick look at a few rows: `BENCH_A_KINDS=http2,grpc,ours-raw` (client
 * kinds, see `lib/workload.ts`), `BENCH_A_OPS=start,describe`, `BENCH_A_CONC=16`.
 */
import { type FakeKind, fakeKinds, type FakeOp, fakeOps } from "./workload.js"

export interface BenchConfig {
  readonly quick: boolean
  readonly parts: ReadonlySet<string>
  /** Measured runs per figure (the median, min and max are reported). */
  readonly runs: number
  readonly a: {
    /** The client kinds of part A (`BENCH_A_KINDS`; default all). */
    readonly kinds: ReadonlyArray<FakeKind>
    /** The operations of part A (`BENCH_A_OPS`; default all). */
    readonly ops: ReadonlyArray<FakeOp>
    readonly conc: ReadonlyArray<number>
    readonly seconds: number
    readonly warmupSeconds: number
  }
  readonly b: {
    readonly conc: ReadonlyArray<number>
    readonly seconds: number
    readonly warmupSeconds: number
    readonly targets: number
  }
  readonly c: { readonly runs: number }
  readonly d: {
    readonly handles: number
    readonly handleRuns: number
    readonly polls: number
    readonly holdMs: number
    readonly pollSeconds: number
    readonly pollRuns: number
  }
}

/** A comma-separated environment variable narrowing `all`, in `all`'s order; unknown names are an error. */
const envList = <A extends string>(name: string, all: ReadonlyArray<A>): ReadonlyArray<A> => {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === "") return all
  const wanted = raw.split(",").map((item) => item.trim()).filter((item) => item !== "")
  const unknown = wanted.filter((item) => !(all as ReadonlyArray<string>).includes(item))
  if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(", ")} (known: ${all.join(", ")})`)
  return all.filter((item) => wanted.includes(item))
}

const aKinds = envList("BENCH_A_KINDS", fakeKinds)
const aOps = envList("BENCH_A_OPS", fakeOps)
const aConc = (fallback: ReadonlyArray<number>): ReadonlyArray<number> => {
  const raw = process.env["BENCH_A_CONC"]
  if (raw === undefined || raw.trim() === "") return fallback
  return raw.split(",").map((item) => Number(item.trim())).filter((n) => Number.isInteger(n) && n > 0)
}

const envParts = (process.env["BENCH_PARTS"] ?? "A,B,C,D,E").toUpperCase().split(",").map((part) => part.trim())

export const config: BenchConfig = process.env["BENCH_QUICK"] === "1"
  ? {
    quick: true,
    parts: new Set(envParts),
    runs: 3,
    a: { kinds: aKinds, ops: aOps, conc: aConc([1, 16, 128]), seconds: 0.15, warmupSeconds: 0.5 },
    b: { conc: [1, 16], seconds: 0.4, warmupSeconds: 0.4, targets: 32 },
    c: { runs: 3 },
    d: { handles: 20_000, handleRuns: 3, polls: 300, holdMs: 3000, pollSeconds: 5, pollRuns: 1 }
  }
  : {
    quick: false,
    parts: new Set(envParts),
    runs: 5,
    a: { kinds: aKinds, ops: aOps, conc: aConc([1, 16, 128]), seconds: 0.5, warmupSeconds: 1.5 },
    b: { conc: [1, 16, 64], seconds: 1, warmupSeconds: 1, targets: 128 },
    c: { runs: 5 },
    d: { handles: 100_000, handleRuns: 5, polls: 1000, holdMs: 20_000, pollSeconds: 25, pollRuns: 1 }
  }
