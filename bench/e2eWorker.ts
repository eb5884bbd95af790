/**
 * The official `@temporalio/worker` for part B's `execute`, in its own process (pinned to the
 * server's core by the orchestrator, so the client core measures only the client). It runs the
 * bundled `bench/workflows.ts` on one task queue until its stdin closes.
 *
 * Usage: `node e2eWorker.js --address HOST:PORT --task-queue Q --bundle FILE`
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from "@temporalio/worker"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: { "address": { type: "string" }, "task-queue": { type: "string" }, "bundle": { type: "string" } }
})

const main = async (): Promise<void> => {
  Runtime.install({
    logger: new DefaultLogger(
      "WARN",
      (entry) => process.stderr.write(`[bench worker ${entry.level}] ${entry.message}\n`)
    ),
    telemetryOptions: { logging: { filter: { core: "WARN", other: "WARN" }, forward: {} } },
    shutdownSignals: [],
    workerHeartbeatInterval: 0
  })
  const connection = await NativeConnection.connect({ address: values.address ?? "" })
  const worker = await Worker.create({
    connection,
    namespace: "default",
    taskQueue: values["task-queue"] ?? "bench",
    workflowBundle: { codePath: values.bundle ?? "" },
    maxConcurrentWorkflowTaskExecutions: 100,
    maxCachedWorkflows: 1000,
    shutdownGraceTime: "1s"
  })
  const running = worker.run()
  process.stdout.write(JSON.stringify({ ready: true }) + "\n")
  process.stdin.resume()
  process.stdin.on("end", () => worker.shutdown())
  await running
  await connection.close()
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench worker: ${String(error)}\n`)
  process.exit(1)
})
