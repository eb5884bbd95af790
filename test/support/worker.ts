/**
 * The official @temporalio/worker running the test fixtures, for integration tests.
 *
 * - `runWorker(opts, fn)`: runs a worker while `fn()` runs, then shuts it down (Promise form).
 * - `withWorker(opts)`: a worker for the lifetime of a Scope (Effect form).
 * - `freshTaskQueue(prefix)` / `freshId(prefix)`: unique names, so tests never share state.
 *
 * The worker's Runtime logs at WARN, leaving out the "Workflow failed" / "Activity failed" lines that
 * tests provoke on purpose (set `TEMPORAL_TEST_WORKER_LOG_LEVEL`, e.g. to WARN or DEBUG, to see
 * everything at that level), and installs no signal handlers.
 */
import {
  DefaultLogger,
  type LogEntry,
  type LogLevel,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions
} from "@temporalio/worker"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { randomBytes } from "node:crypto"
import { inspect } from "node:util"
import * as fixtureActivities from "../fixtures/activities.js"

/** Options of {@link runWorker} and {@link withWorker}. */
export interface WorkerOpts {
  /** `host:port` of the Temporal frontend, e.g. `inject("temporalAddress")`. */
  readonly address: string
  readonly taskQueue: string
  /** The bundled workflows, e.g. `inject("workflowBundlePath")`. */
  readonly workflowBundlePath: string
  /** Activities to register; default: `test/fixtures/activities.ts`. */
  readonly activities?: object
  readonly dataConverter?: WorkerOptions["dataConverter"]
  /** Default "default". */
  readonly namespace?: string
  /** Any other worker options (override the ones above). */
  readonly workerOptions?: Partial<Omit<WorkerOptions, "connection" | "taskQueue" | "workflowBundle" | "workflowsPath">>
}

let runtimeInstalled = false

/** Tests provoke these on purpose (and see them through the client), so they are only shown when asked for. */
const expectedFailureMessages = new Set([
  "Workflow failed",
  "Activity failed",
  "Activity function failed",
  "Nexus handler invocation failed"
])

const logEntry = (verbose: boolean) => (entry: LogEntry): void => {
  if (!verbose && expectedFailureMessages.has(entry.message)) return
  const meta = entry.meta === undefined ? "" : ` ${inspect(entry.meta, { depth: 5, breakLength: Infinity })}`
  process.stderr.write(`[test worker ${entry.level}] ${entry.message}${meta}\n`)
}

const installRuntime = (): void => {
  if (runtimeInstalled) return
  runtimeInstalled = true
  const requested = process.env["TEMPORAL_TEST_WORKER_LOG_LEVEL"]
  const level = (requested ?? "WARN") as LogLevel
  try {
    Runtime.install({
      logger: new DefaultLogger(level, logEntry(requested !== undefined)),
      telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
      shutdownSignals: [],
      workerHeartbeatInterval: 0
    })
  } catch {
    // A Runtime already exists in this process (someone else installed one): use it as it is.
  }
}

interface Started {
  readonly connection: NativeConnection
  readonly worker: Worker
}

const createWorker = async (opts: WorkerOpts): Promise<Started> => {
  installRuntime()
  const connection = await NativeConnection.connect({ address: opts.address })
  try {
    const worker = await Worker.create({
      connection,
      namespace: opts.namespace ?? "default",
      taskQueue: opts.taskQueue,
      workflowBundle: { codePath: opts.workflowBundlePath },
      activities: opts.activities ?? fixtureActivities,
      ...(opts.dataConverter !== undefined ? { dataConverter: opts.dataConverter } : {}),
      shutdownGraceTime: "2s",
      ...opts.workerOptions
    })
    return { connection, worker }
  } catch (error) {
    await connection.close()
    throw error
  }
}

/** Runs a worker on `opts.taskQueue` while `fn()` runs; shuts it down when `fn` settles and returns `fn`'s result. */
export const runWorker = async <A>(opts: WorkerOpts, fn: () => Promise<A>): Promise<A> => {
  const { connection, worker } = await createWorker(opts)
  try {
    return await worker.runUntil(fn)
  } finally {
    await connection.close()
  }
}

/**
 * A worker on `opts.taskQueue` running in the background for the lifetime of the Scope: it is
 * started on acquire, shut down on release (and the release waits until it has stopped).
 */
export const withWorker = (opts: WorkerOpts): Effect.Effect<void, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const started = await createWorker(opts)
      const running = started.worker.run().catch((error: unknown) => {
        process.stderr.write(`[test worker ${opts.taskQueue}] stopped with an error: ${String(error)}\n`)
      })
      return { ...started, running }
    }),
    ({ connection, worker, running }) =>
      Effect.promise(async () => {
        if (worker.getState() === "RUNNING") worker.shutdown()
        await running
        await connection.close()
      })
  ).pipe(Effect.asVoid)

const suffix = (): string => randomBytes(6).toString("hex")

/** A task queue name no other test uses: `${prefix}-<random>`. */
export const freshTaskQueue = (prefix: string = "tq"): string => `${prefix}-${suffix()}`

/** A workflow (or schedule, or request) ID no other test uses: `${prefix}-<random>`. */
export const freshId = (prefix: string = "id"): string => `${prefix}-${suffix()}`
