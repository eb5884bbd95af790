/**
 * The line protocol between the orchestrator and its child processes (client drivers, the fake
 * server, the Python driver): one JSON object per line on stdin, one per line on stdout.
 */

/** A command to a client driver. */
export type DriverCommand =
  | {
    readonly cmd: "run"
    readonly op: string
    readonly conc: number
    /** Issue new operations for this long, then wait for those in flight. */
    readonly seconds: number
  }
  | {
    /** Part B: start `count` workflows (no worker) that signal and describe then target. */
    readonly cmd: "prepare"
    readonly count: number
  }
  | { readonly cmd: "exit" }

/** What a driver answers to `run`. */
export interface RunResult {
  readonly ops: number
  readonly errors: number
  readonly resourceExhausted: number
  readonly elapsedMs: number
  /** User + system CPU of the whole client process over the run. */
  readonly cpuUs: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly firstError?: string | undefined
}

/** The first line every child writes once it is ready. */
export interface Ready {
  readonly ready: true
  readonly port?: number | undefined
  readonly versions?: Readonly<Record<string, string>> | undefined
}
