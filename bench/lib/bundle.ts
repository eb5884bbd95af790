/**
 * The workflow bundle of part B's worker: `bench/workflows.ts` bundled with `bundleWorkflowCode`
 * into `.cache/bench-workflow-bundle.js`, rebuilt only when the source or the SDK version changes.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import type { BenchContext } from "./context.js"

export const ensureBenchBundle = async (ctx: BenchContext): Promise<string> => {
  const source = path.join(ctx.root, "bench/workflows.ts")
  const bundlePath = path.join(ctx.root, ".cache/bench-workflow-bundle.js")
  const hashPath = `${bundlePath}.hash`
  const workerVersion = (JSON.parse(
    fs.readFileSync(path.join(ctx.root, "node_modules/@temporalio/worker/package.json"), "utf8")
  ) as { version: string }).version
  const hash = createHash("sha256").update(fs.readFileSync(source)).update(workerVersion).digest("hex")
  if (fs.existsSync(bundlePath) && fs.existsSync(hashPath) && fs.readFileSync(hashPath, "utf8") === hash) {
    return bundlePath
  }
  ctx.log("B: bundling bench/workflows.ts")
  const { bundleWorkflowCode, DefaultLogger } = await import("@temporalio/worker")
  const { code } = await bundleWorkflowCode({ workflowsPath: source, logger: new DefaultLogger("WARN") })
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true })
  fs.writeFileSync(bundlePath, code)
  fs.writeFileSync(hashPath, hash)
  return bundlePath
}
