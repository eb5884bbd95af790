/**
 * Starts a Temporal dev server (`temporal server start-dev`) on free loopback ports, with a SQLite
 * file in a private temporary directory, and waits until it answers gRPC.
 *
 * - `startDevServer(options?)`: Promise form, used by the vitest global setup and the reliability tests
 *   (`restart()` stops and starts the server on the same port with the same SQLite file).
 * - `DevServerResource` / `devServerResource(options?)`: scoped Effect form, used by the examples.
 * - `tsx scripts/devServer.ts [--port N] [--db-filename FILE]`: starts one, prints its address on
 *   stdout and stays up until SIGINT/SIGTERM.
 *
 * A server is never left behind: `stop()` sends SIGTERM then SIGKILL after 5 s, and a process
 * `exit` hook (plus SIGINT/SIGTERM/SIGHUP when nobody else handles them) kills any that are still
 * running. The child process is unref'd, so a forgotten server does not keep Node alive.
 */
import * as grpc from "@grpc/grpc-js"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { ensureTemporalCli } from "./temporalCli.js"

/** Options of {@link startDevServer}; all optional. */
export interface DevServerOptions {
  /** Path of the `temporal` binary; default: {@link ensureTemporalCli}. */
  readonly cliPath?: string
  /** Front-end gRPC port; default: a free port. */
  readonly port?: number
  /** SQLite file; default: `temporal.sqlite` in a fresh temporary directory (removed by `stop()`). A given file is kept. */
  readonly dbFile?: string
  /** Extra namespaces to create at launch ("default" always exists). */
  readonly namespaces?: ReadonlyArray<string>
  /** Server log level; default "error". */
  readonly logLevel?: "debug" | "info" | "warn" | "error" | "never"
  /** Dynamic config values merged over (or, with `undefined`, removing) {@link defaultDynamicConfig}. */
  readonly dynamicConfig?: Readonly<Record<string, unknown>>
  /** Extra arguments for `temporal server start-dev`. */
  readonly extraArgs?: ReadonlyArray<string>
  /** How long to wait for the server to answer; default 60 s. */
  readonly startTimeoutMs?: number
  /** Called if the server process exits without `stop()`/`restart()` having been called. */
  readonly onUnexpectedExit?: (info: { code: number | null; signal: NodeJS.Signals | null; output: string }) => void
  /** Log start/stop timings to stderr; default true. */
  readonly verbose?: boolean
}

/** A running dev server. */
export interface DevServer {
  /** `127.0.0.1:PORT`; unchanged by `restart()`. */
  readonly address: string
  readonly host: string
  readonly port: number
  readonly namespace: "default"
  /** The SQLite file; unchanged by `restart()`. */
  readonly dbFile: string
  /** Process id of the current server process, if it is running. */
  readonly pid: number | undefined
  /** The last few KiB of the server's stdout and stderr. */
  readonly output: () => string
  /** SIGTERM, then SIGKILL after 5 s; waits for exit; removes the temporary directory. Idempotent. */
  readonly stop: () => Promise<void>
  /** Stops the process (keeping the SQLite file) and starts it again on the same port. */
  readonly restart: () => Promise<void>
}

/** Dynamic config every dev server gets (all accepted by CLI 1.9.1 / Server 1.32.0). */
export const defaultDynamicConfig: Readonly<Record<string, unknown>> = {
  "frontend.workerVersioningDataAPIs": true,
  "frontend.workerVersioningRuleAPIs": true,
  "frontend.enableUpdateWorkflowExecution": true,
  "frontend.enableUpdateWorkflowExecutionAsyncAccepted": true,
  "frontend.enableExecuteMultiOperation": true,
  "system.enableEagerWorkflowStart": true,
  "worker.buildIdScavengerEnabled": false,
  // Server default 1 s: each continue-as-new run would wait ~1 s before its first workflow task, and
  // restarting a workflow ID within 1 s of its last start is refused. 0 keeps tests fast.
  "history.workflowIdReuseMinimalInterval": "0s",
  // Server default 1 s: timers (sleep, retry and cron backoff) fire up to a second late. 10 ms keeps tests fast.
  "history.timerProcessorMaxTimeShift": "10ms",
  // Standalone Nexus operations are off by default in 1.32; endpoints created by a test are seen at once.
  "nexusoperation.enableStandalone": true,
  // Workflow pause is off by default in 1.32.
  "frontend.WorkflowPauseEnabled": true,
  "system.refreshNexusEndpointsMinWait": "0s",
  // Server default 1 running batch operation per namespace: tests start batches side by side.
  "frontend.MaxConcurrentBatchOperationPerNamespace": 100,
  // A worker deployment version can be deleted once no worker polls it: pollers are remembered for
  // `PollerHistoryTTL` (server default 5 min) and refreshed by each long poll (server default 1 min
  // each). 10 s / 5 s let a test delete a version ~10 s after its worker stops, and keep idle pollers seen.
  "matching.PollerHistoryTTL": "10s",
  "matching.longPollExpirationInterval": "5s",
  // Server default 3 min each: a version that stops being current or ramping reads as drained seconds later.
  "matching.wv.VersionDrainageStatusVisibilityGracePeriod": "2s",
  "matching.wv.VersionDrainageStatusRefreshInterval": "1s"
}

/** Custom search attributes registered on every dev server, one per type. */
export const searchAttributes: Readonly<Record<string, string>> = {
  CustomTextField: "Text",
  CustomKeywordField: "Keyword",
  CustomIntField: "Int",
  CustomDoubleField: "Double",
  CustomBoolField: "Bool",
  CustomDatetimeField: "Datetime",
  CustomKeywordListField: "KeywordList"
}

const HOST = "127.0.0.1"
const KILL_GRACE_MS = 5_000
const OUTPUT_LIMIT = 16 * 1024

// ---------------------------------------------------------------------------------------------
// Orphan protection
// ---------------------------------------------------------------------------------------------

/** Server processes still running, and temporary directories not yet removed. */
const liveChildren = new Set<ChildProcess>()
const tempDirs = new Set<string>()
let hooksInstalled = false

const killAllNow = (): void => {
  for (const child of liveChildren) {
    try {
      child.kill("SIGKILL")
    } catch {
      // already gone
    }
  }
  liveChildren.clear()
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true })
    } catch {
      // best effort
    }
  }
  tempDirs.clear()
}

const installExitHooks = (): void => {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on("exit", killAllNow)
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = (): void => {
      // Someone else handles this signal (vitest, our CLI): they decide whether to exit, and the
      // `exit` hook covers us if they do.
      if (process.listenerCount(signal) > 1) return
      killAllNow()
      process.removeListener(signal, handler)
      process.kill(process.pid, signal)
    }
    process.prependListener(signal, handler)
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const log = (message: string): void => {
  process.stderr.write(`[dev-server] ${message}\n`)
}

/** A delay that can be cancelled, so it never holds the event loop open after it is no longer needed. */
const delay = (ms: number): { promise: Promise<void>; cancel: () => void } => {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  return { promise, cancel: () => clearTimeout(timer) }
}

const sleep = (ms: number): Promise<void> => delay(ms).promise

/** Picks `n` distinct free ports by binding port 0 on 127.0.0.1 (all held open together, then released). */
export const freePorts = async (n: number): Promise<Array<number>> => {
  const servers = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer()
        server.unref()
        server.once("error", reject)
        server.listen(0, HOST, () => resolve(server))
      }))
  )
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
  return ports
}

const canBind = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once("error", () => resolve(false))
    server.listen(port, HOST, () => server.close(() => resolve(true)))
  })

/** Waits until `port` can be bound (so a readiness check cannot be answered by some other server). */
const waitPortFree = async (port: number, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!(await canBind(port))) {
    if (Date.now() > deadline) throw new Error(`port ${HOST}:${port} is still in use after ${timeoutMs} ms`)
    await sleep(100)
  }
}

const identity = (buffer: Buffer): Buffer => buffer

const unary = (client: grpc.Client, method: string, timeoutMs: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method,
      identity,
      identity,
      Buffer.alloc(0),
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, response) => (error ? reject(error) : resolve(response ?? Buffer.alloc(0)))
    )
  })

/** `grpc.health.v1.HealthCheckResponse.status` (field 1, varint): 1 = SERVING. */
const healthStatus = (response: Buffer): number => (response[0] === 0x08 ? response[1] ?? 0 : 0)

interface Process {
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly output: () => string
}

const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null

const launch = (cli: string, args: ReadonlyArray<string>): Process => {
  let output = ""
  const child = spawn(cli, args, { stdio: ["ignore", "pipe", "pipe"] })
  const append = (chunk: Buffer): void => {
    output += chunk.toString("utf8")
    if (output.length > 2 * OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT)
  }
  child.stdout?.on("data", append)
  child.stderr?.on("data", append)
  liveChildren.add(child)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("error", (error) => {
      append(Buffer.from(`\nspawn error: ${String(error)}\n`))
      liveChildren.delete(child)
      resolve({ code: -1, signal: null })
    })
    child.once("exit", (code, signal) => {
      liveChildren.delete(child)
      resolve({ code, signal })
    })
  })
  // A forgotten server must not keep Node alive; the exit hook kills it.
  child.unref()
  ;(child.stdout as net.Socket | null)?.unref?.()
  ;(child.stderr as net.Socket | null)?.unref?.()
  return { child, exited, output: () => output.slice(-OUTPUT_LIMIT) }
}

/** Resolves once Health/Check says SERVING and GetSystemInfo answers OK; rejects if the process exits or time runs out. */
const waitReady = async (address: string, proc: Process, timeoutMs: number): Promise<void> => {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    "grpc.initial_reconnect_backoff_ms": 50,
    "grpc.max_reconnect_backoff_ms": 250,
    "grpc.min_reconnect_backoff_ms": 50
  })
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined
  void proc.exited.then((info) => {
    exitInfo = info
  })
  const deadline = Date.now() + timeoutMs
  let lastError = "no answer yet"
  try {
    while (true) {
      if (exitInfo !== undefined) {
        throw new Error(
          `Temporal dev server exited during startup (code ${exitInfo.code}, signal ${exitInfo.signal}). ` +
            `Output:\n${proc.output()}`
        )
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Temporal dev server at ${address} not ready after ${timeoutMs} ms (last: ${lastError}). Output:\n${proc.output()}`
        )
      }
      try {
        const health = await unary(client, "/grpc.health.v1.Health/Check", 2_000)
        const status = healthStatus(health)
        if (status !== 1) {
          lastError = `health status ${status}`
        } else {
          await unary(client, "/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo", 2_000)
          return
        }
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error)
      }
      const wait = delay(100)
      await Promise.race([wait.promise, proc.exited])
      wait.cancel()
    }
  } finally {
    client.close()
  }
}

/** SIGTERM, then SIGKILL after the grace period; resolves when the process has exited. */
const terminate = async (proc: Process): Promise<void> => {
  proc.child.ref()
  if (isRunning(proc.child)) {
    proc.child.kill("SIGTERM")
    const grace = delay(KILL_GRACE_MS)
    const exitedInTime = await Promise.race([proc.exited.then(() => true), grace.promise.then(() => false)])
    grace.cancel()
    if (!exitedInTime && isRunning(proc.child)) proc.child.kill("SIGKILL")
  }
  await proc.exited
  proc.child.unref()
}

const isPortInUse = (output: string): boolean => /address already in use|bind: /i.test(output)

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/** Starts a Temporal dev server and waits until it is ready. */
export const startDevServer = async (options: DevServerOptions = {}): Promise<DevServer> => {
  installExitHooks()
  const verbose = options.verbose ?? true
  const timeoutMs = options.startTimeoutMs ?? 60_000
  const cliStarted = Date.now()
  const cli = options.cliPath ?? (await ensureTemporalCli())
  const cliMs = Date.now() - cliStarted

  const tempDir = options.dbFile === undefined
    ? fs.mkdtempSync(path.join(os.tmpdir(), "effect-temporal-dev-"))
    : undefined
  if (tempDir !== undefined) tempDirs.add(tempDir)
  const dbFile = options.dbFile ?? path.join(tempDir!, "temporal.sqlite")
  const removeTempDir = (): void => {
    if (tempDir === undefined) return
    fs.rmSync(tempDir, { recursive: true, force: true })
    tempDirs.delete(tempDir)
  }

  const dynamicConfig = { ...defaultDynamicConfig, ...options.dynamicConfig }
  const argsFor = (port: number, httpPort: number, metricsPort: number): Array<string> => [
    "server",
    "start-dev",
    "--headless",
    "--ip",
    HOST,
    "--port",
    String(port),
    "--http-port",
    String(httpPort),
    "--metrics-port",
    String(metricsPort),
    "--db-filename",
    dbFile,
    "--sqlite-pragma",
    "journal_mode=WAL",
    "--sqlite-pragma",
    "synchronous=OFF",
    "--log-level",
    options.logLevel ?? "error",
    ...Object.entries(dynamicConfig).flatMap(([key, value]) =>
      value === undefined ? [] : ["--dynamic-config-value", `${key}=${JSON.stringify(value)}`]
    ),
    ...Object.entries(searchAttributes).flatMap(([key, type]) => ["--search-attribute", `${key}=${type}`]),
    ...(options.namespaces ?? []).flatMap((ns) => ["--namespace", ns]),
    ...(options.extraArgs ?? [])
  ]

  let current: Process | undefined
  let stopping = false
  let stopped = false

  const watch = (proc: Process): void => {
    void proc.exited.then(({ code, signal }) => {
      if (current === proc && !stopping) {
        if (verbose) log(`server ${address} exited unexpectedly (code ${code}, signal ${signal})`)
        options.onUnexpectedExit?.({ code, signal, output: proc.output() })
      }
    })
  }

  /** Launches on the given gRPC port; retries a few times if a port turns out to be taken. */
  const boot = async (fixedPort: number | undefined): Promise<{ proc: Process; port: number }> => {
    for (let attempt = 1;; attempt++) {
      const [picked, httpPort, metricsPort] = (await freePorts(3)) as [number, number, number]
      const port = fixedPort ?? picked
      if (fixedPort !== undefined) await waitPortFree(fixedPort, 10_000)
      const proc = launch(cli, argsFor(port, httpPort, metricsPort))
      try {
        await waitReady(`${HOST}:${port}`, proc, timeoutMs)
        return { proc, port }
      } catch (error) {
        await terminate(proc)
        if (attempt < 5 && isPortInUse(proc.output())) {
          if (verbose) log(`port in use, retrying (attempt ${attempt})`)
          await sleep(200 * attempt)
          continue
        }
        throw error
      }
    }
  }

  const started = Date.now()
  let booted: { proc: Process; port: number }
  try {
    booted = await boot(options.port)
  } catch (error) {
    removeTempDir()
    throw error
  }
  current = booted.proc
  const port = booted.port
  const address = `${HOST}:${port}`
  watch(current)
  if (verbose) {
    log(
      `started ${address} in ${
        Date.now() - started
      } ms (pid ${current.child.pid}; cli lookup ${cliMs} ms; db ${dbFile})`
    )
  }

  const stop = async (): Promise<void> => {
    if (stopped) return
    stopping = true
    const t0 = Date.now()
    if (current !== undefined) await terminate(current)
    stopped = true
    removeTempDir()
    if (verbose) log(`stopped ${address} in ${Date.now() - t0} ms`)
  }

  const restart = async (): Promise<void> => {
    if (stopped) throw new Error(`dev server ${address} was stopped; it cannot be restarted`)
    const t0 = Date.now()
    stopping = true
    if (current !== undefined) await terminate(current)
    const next = await boot(port)
    current = next.proc
    stopping = false
    watch(current)
    if (verbose) log(`restarted ${address} in ${Date.now() - t0} ms (pid ${current.child.pid})`)
  }

  return {
    address,
    host: HOST,
    port,
    namespace: "default",
    dbFile,
    get pid() {
      return current !== undefined && isRunning(current.child) ? current.child.pid : undefined
    },
    output: () => current?.output() ?? "",
    stop,
    restart
  }
}

/** A dev server for the lifetime of a scope. */
export const devServerResource = (options?: DevServerOptions): Effect.Effect<DevServer, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: () => startDevServer(options),
      catch: (error) => (error instanceof Error ? error : new Error(String(error)))
    }),
    (server) => Effect.promise(() => server.stop())
  )

/** A dev server with default options for the lifetime of a scope. */
export const DevServerResource: Effect.Effect<DevServer, Error, Scope.Scope> = devServerResource()

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

const isMain = (() => {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return fs.realpathSync(entry) === fs.realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
})()

if (isMain) {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "db-filename": { type: "string" },
      "log-level": { type: "string" }
    }
  })
  const keepAlive = setInterval(() => {}, 1 << 30)
  const dbFile = values["db-filename"]
  const logLevel = values["log-level"] as DevServerOptions["logLevel"] | undefined
  startDevServer({
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(dbFile !== undefined ? { dbFile: path.resolve(dbFile) } : {}),
    ...(logLevel !== undefined ? { logLevel } : {}),
    onUnexpectedExit: ({ code, signal, output }) => {
      process.stderr.write(`Temporal dev server exited (code ${code}, signal ${signal}):\n${output}\n`)
      process.exit(1)
    }
  }).then(
    (server) => {
      process.stdout.write(`${server.address}\n`)
      let shuttingDown = false
      const shutdown = (): void => {
        if (shuttingDown) return
        shuttingDown = true
        server.stop().finally(() => {
          clearInterval(keepAlive)
          process.exit(0)
        })
      }
      process.on("SIGINT", shutdown)
      process.on("SIGTERM", shutdown)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      clearInterval(keepAlive)
      process.exitCode = 1
    }
  )
}
