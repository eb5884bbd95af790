/**
 * Part D: memory. (1) Retained heap per idle handle: fresh processes, interleaved, ours and
 * `@temporalio/client`. (2) Concurrent `result()` long polls held by the fake server: RSS,
 * event-loop delay, and polls per handle counted by the server; `idle` is a process that only
 * watches its event loop, the machine's own baseline.
 */
import { runOnce } from "../lib/child.js"
import { type BenchContext, loadAverage, rotate, script, startFakeServer } from "../lib/context.js"
import { type Spread, spread } from "../lib/stats.js"

export interface HandleRow {
  readonly kind: string
  readonly perHandleBytes: Spread
}

export interface PollRow {
  readonly kind: string
  readonly polls: number
  readonly rssPeakMb: Spread
  readonly rssEndMb: Spread
  readonly heapMb: Spread
  readonly loopDelayP99Ms: Spread
  readonly loopDelayMaxMs: Spread
  /** Polls the server saw per handle over the window. */
  readonly pollsPerHandle: Spread
  readonly expectedPollsPerHandle: number
  readonly errors: number
  readonly firstError?: string | undefined
}

export interface PartD {
  readonly handles: { readonly count: number; readonly rows: ReadonlyArray<HandleRow> }
  readonly polls: {
    readonly count: number
    readonly holdMs: number
    readonly seconds: number
    readonly rows: ReadonlyArray<PollRow>
  }
  readonly loadAverage: { readonly before: ReadonlyArray<number>; readonly after: ReadonlyArray<number> }
  readonly seconds: number
}

interface PollSample {
  readonly rssPeakMb: number
  readonly rssEndMb: number
  readonly heapMb: number
  readonly loopDelayP99Ms: number
  readonly loopDelayMaxMs: number
  readonly errors: number
  readonly firstError?: string | undefined
}

export const runPartD = async (ctx: BenchContext): Promise<PartD> => {
  const started = performance.now()
  const before = loadAverage()
  const { d } = ctx.config
  const node = process.execPath
  const server = await startFakeServer(ctx, d.holdMs)
  try {
    const kinds = ["ours", "tc"] as const
    const perHandle = new Map<string, Array<number>>(kinds.map((kind) => [kind, []]))
    for (let r = 0; r < d.handleRuns; r++) {
      for (const kind of rotate(kinds, r)) {
        const result = await runOnce(
          node,
          [
            "--expose-gc",
            script(ctx, "memory/handles.js"),
            "--kind",
            kind,
            "--address",
            server.address,
            "--count",
            String(d.handles)
          ],
          { core: ctx.clientCore, cores: ctx.cores, cwd: ctx.root }
        )
        if (result.code !== 0) throw new Error(`handles ${kind} failed: ${result.stderr}`)
        perHandle.get(kind)!.push((JSON.parse(result.stdout) as { perHandleBytes: number }).perHandleBytes)
      }
    }
    const handleRows = kinds.map((kind): HandleRow => ({ kind, perHandleBytes: spread(perHandle.get(kind)!) }))
    ctx.log("D handles: " + handleRows.map((row) => `${row.kind} ${row.perHandleBytes.median.toFixed(0)} B`).join(", "))

    const pollKinds = ["idle", "ours", "tc"] as const
    const samples = new Map<string, Array<PollSample & { polls: number }>>(pollKinds.map((kind) => [kind, []]))
    for (let r = 0; r < d.pollRuns; r++) {
      for (const kind of rotate(pollKinds, r)) {
        ctx.log(`D long polls: ${kind} (${d.pollSeconds} s)`)
        await server.child.request({ cmd: "reset" })
        const result = await runOnce(
          node,
          [
            "--expose-gc",
            script(ctx, "memory/longPolls.js"),
            "--kind",
            kind,
            "--address",
            server.address,
            "--count",
            String(d.polls),
            "--seconds",
            String(d.pollSeconds)
          ],
          { core: ctx.clientCore, cores: ctx.cores, cwd: ctx.root }
        )
        if (result.code !== 0) throw new Error(`long polls ${kind} failed: ${result.stderr}`)
        const stats = await server.child.request<{ holdPolls: number }>({ cmd: "stats" })
        samples.get(kind)!.push({ ...(JSON.parse(result.stdout) as PollSample), polls: stats.holdPolls })
      }
    }
    const expected = 1 + Math.floor((d.pollSeconds * 1000 - 500) / d.holdMs)
    const pollRows = pollKinds.map((kind): PollRow => {
      const list = samples.get(kind)!
      return {
        kind,
        polls: d.polls,
        rssPeakMb: spread(list.map((s) => s.rssPeakMb)),
        rssEndMb: spread(list.map((s) => s.rssEndMb)),
        heapMb: spread(list.map((s) => s.heapMb)),
        loopDelayP99Ms: spread(list.map((s) => s.loopDelayP99Ms)),
        loopDelayMaxMs: spread(list.map((s) => s.loopDelayMaxMs)),
        pollsPerHandle: spread(list.map((s) => s.polls / d.polls)),
        expectedPollsPerHandle: kind === "idle" ? 0 : expected,
        errors: list.reduce((sum, s) => sum + s.errors, 0),
        firstError: list.find((s) => s.firstError !== undefined)?.firstError
      }
    })
    return {
      handles: { count: d.handles, rows: handleRows },
      polls: { count: d.polls, holdMs: d.holdMs, seconds: d.pollSeconds, rows: pollRows },
      loadAverage: { before, after: loadAverage() },
      seconds: (performance.now() - started) / 1000
    }
  } finally {
    await server.child.stop()
  }
}
