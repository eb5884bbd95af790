/**
 * Vitest global setup: one Temporal dev server and one workflow bundle per test run.
 *
 * - `temporalAddress`: `$TEMPORAL_TEST_ADDRESS` if set (that server is reused and left running),
 *   else a fresh dev server from `scripts/devServer.ts`, stopped by the teardown.
 * - `workflowBundlePath`: `test/fixtures/workflows.ts` bundled with `bundleWorkflowCode` into
 *   `.cache/test-workflow-bundle.js`. The bundle is reused across runs while the fixtures and the
 *   @temporalio versions are unchanged (a hash in `.cache/test-workflow-bundle.hash`);
 *   `TEMPORAL_TEST_REBUILD_BUNDLE=1` forces a rebuild.
 *
 * Tests read both with `inject("temporalAddress")` / `inject("workflowBundlePath")`.
 */
import { bundleWorkflowCode, DefaultLogger } from "@temporalio/worker"
import { createHash, randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { TestProject } from "vitest/node"
import { type DevServer, startDevServer } from "../../scripts/devServer.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** `host:port` of the Temporal frontend (namespace "default"). */
    temporalAddress: string
    /** Absolute path of the bundled `test/fixtures/workflows.ts`, for `workflowBundle: { codePath }`. */
    workflowBundlePath: string
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const fixturesDir = path.join(repoRoot, "test/fixtures")
const workflowsPath = path.join(fixturesDir, "workflows.ts")
const bundlePath = path.join(repoRoot, ".cache/test-workflow-bundle.js")
const hashPath = path.join(repoRoot, ".cache/test-workflow-bundle.hash")

const log = (message: string): void => {
  process.stderr.write(`[globalSetup] ${message}\n`)
}

const timed = async <A>(label: string, f: () => Promise<A>): Promise<A> => {
  const started = Date.now()
  const result = await f()
  log(`${label}: ${Date.now() - started} ms`)
  return result
}

const packageVersion = (name: string): string => {
  const file = path.join(repoRoot, "node_modules", name, "package.json")
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version
}

/** Hash of everything the bundle depends on: the fixture sources and the SDK versions. */
const bundleInputsHash = (): string => {
  const hash = createHash("sha256")
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) hash.update(path.relative(repoRoot, full)).update("\0").update(fs.readFileSync(full))
    }
  }
  walk(fixturesDir)
  for (const name of ["@temporalio/workflow", "@temporalio/worker", "@temporalio/common"]) {
    hash.update(`${name}@${packageVersion(name)}\0`)
  }
  return hash.digest("hex")
}

/** Writes a file atomically (temp file + rename), so concurrent runs never see half a file. */
const writeAtomic = (file: string, content: string): void => {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`
  fs.writeFileSync(tmp, content)
  fs.renameSync(tmp, file)
}

const ensureWorkflowBundle = async (): Promise<string> => {
  const inputs = bundleInputsHash()
  const cached = fs.existsSync(bundlePath) && fs.existsSync(hashPath) &&
    fs.readFileSync(hashPath, "utf8") === inputs
  if (cached && process.env["TEMPORAL_TEST_REBUILD_BUNDLE"] !== "1") {
    log(`workflow bundle unchanged, reusing ${path.relative(repoRoot, bundlePath)}`)
    return bundlePath
  }
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger("WARN") })
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true })
  writeAtomic(bundlePath, code)
  writeAtomic(hashPath, inputs)
  return bundlePath
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now()
  const external = process.env["TEMPORAL_TEST_ADDRESS"]

  const serverPromise: Promise<DevServer | undefined> = external !== undefined && external !== ""
    ? Promise.resolve(undefined)
    : timed("dev server start (incl. CLI lookup)", () => startDevServer())
  const bundlePromise = timed("workflow bundle", ensureWorkflowBundle)

  const [serverResult, bundleResult] = await Promise.allSettled([serverPromise, bundlePromise])
  const server = serverResult.status === "fulfilled" ? serverResult.value : undefined
  if (serverResult.status === "rejected" || bundleResult.status === "rejected") {
    await server?.stop()
    throw serverResult.status === "rejected" ? serverResult.reason : (bundleResult as PromiseRejectedResult).reason
  }

  const address = server?.address ?? external!
  if (server === undefined) log(`reusing the Temporal server at ${address} (TEMPORAL_TEST_ADDRESS)`)
  project.provide("temporalAddress", address)
  project.provide("workflowBundlePath", bundleResult.value)
  log(`ready in ${Date.now() - started} ms: ${address}`)

  return async () => {
    if (server !== undefined) await timed("dev server stop", () => server.stop())
  }
}
