/** What every part of the benchmark needs: paths, cores, logging, and how to start its children. */
import * as os from "node:os"
import * as path from "node:path"
import { Child, taskset } from "./child.js"
import type { BenchConfig } from "./config.js"
import type { Ready } from "./protocol.js"

export interface BenchContext {
  readonly root: string
  /** The transpiled tree (`src/` and `bench/` as plain JS). */
  readonly build: string
  readonly logDir: string
  readonly cores: number
  /** The core clients run on, when pinning is possible. */
  readonly clientCore: number | undefined
  /** The core servers (fake server, dev server, worker) run on, when pinning is possible. */
  readonly serverCore: number | undefined
  readonly config: BenchConfig
  readonly log: (message: string) => void
}

export const makeContext = (root: string, config: BenchConfig): BenchContext => {
  const cores = os.cpus().length
  const pin = taskset(cores) !== undefined
  return {
    root,
    build: path.join(root, ".cache/bench-build"),
    logDir: path.join(root, ".cache/bench-logs"),
    cores,
    clientCore: pin ? 0 : undefined,
    serverCore: pin ? 1 : undefined,
    config,
    log: (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
  }
}

/** A transpiled bench script, run by plain `node`. */
export const script = (ctx: BenchContext, relative: string): string => path.join(ctx.build, "bench", relative)

/** Start a Node child on `core` and wait for its ready line. */
export const startNode = async (
  ctx: BenchContext,
  name: string,
  relative: string,
  args: ReadonlyArray<string>,
  core: number | undefined,
  nodeFlags: ReadonlyArray<string> = []
): Promise<{ child: Child; ready: Ready }> => {
  const child = new Child({
    name,
    command: process.execPath,
    args: [...nodeFlags, script(ctx, relative), ...args],
    core,
    cores: ctx.cores,
    cwd: ctx.root,
    logDir: ctx.logDir
  })
  const ready = await child.next<Ready>(120_000)
  return { child, ready }
}

/** The fake gRPC server, on the server core. */
export const startFakeServer = async (
  ctx: BenchContext,
  holdMs = 20_000
): Promise<{ child: Child; address: string }> => {
  const { child, ready } = await startNode(
    ctx,
    "fake-server",
    "fakeServer.js",
    ["--hold-ms", String(holdMs)],
    ctx.serverCore
  )
  return { child, address: `127.0.0.1:${ready.port}` }
}

/** `[a, b, c]` rotated by `n`: run `r` of an interleaved series starts with a different client. */
export const rotate = <A>(items: ReadonlyArray<A>, n: number): Array<A> =>
  items.map((_, i) => items[(i + n) % items.length]!)

export const loadAverage = (): ReadonlyArray<number> => os.loadavg().map((value) => Math.round(value * 100) / 100)
