/**
 * Run sizes. `BENCH_QUICK=1` is a smoke run of about two minutes; the default is the full run
 * (about ten minutes on a 2-core machine). `BENCH_PARTS=A,C` runs only some parts.
 */
export interface BenchConfig {
  readonly quick: boolean
  readonly parts: ReadonlySet<string>
  /** Measured runs per figure (the median, min and max are reported). */
  readonly runs: number
  readonly a: {
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

const envParts = (process.env["BENCH_PARTS"] ?? "A,B,C,D,E").toUpperCase().split(",").map((part) => part.trim())

export const config: BenchConfig = process.env["BENCH_QUICK"] === "1"
  ? {
    quick: true,
    parts: new Set(envParts),
    runs: 3,
    a: { conc: [1, 16, 128], seconds: 0.15, warmupSeconds: 0.5 },
    b: { conc: [1, 16], seconds: 0.4, warmupSeconds: 0.4, targets: 32 },
    c: { runs: 3 },
    d: { handles: 20_000, handleRuns: 3, polls: 300, holdMs: 3000, pollSeconds: 5, pollRuns: 1 }
  }
  : {
    quick: false,
    parts: new Set(envParts),
    runs: 5,
    a: { conc: [1, 16, 128], seconds: 0.5, warmupSeconds: 1.5 },
    b: { conc: [1, 16, 64], seconds: 1, warmupSeconds: 1, targets: 128 },
    c: { runs: 5 },
    d: { handles: 100_000, handleRuns: 5, polls: 1000, holdMs: 20_000, pollSeconds: 25, pollRuns: 1 }
  }
