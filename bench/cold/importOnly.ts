/**
 * Part C: a fresh process that imports one module and reports how long the import took, and the
 * memory after it. `--module none` imports nothing (Node's own start-up). `--preload a,b` imports
 * those first, untimed: what an application that already uses them pays for the module on top.
 *
 * Usage: `node importOnly.js --module SPECIFIER|none [--preload A,B]`; prints one JSON line.
 */
import { parseArgs } from "node:util"

const { values } = parseArgs({ options: { module: { type: "string" }, preload: { type: "string" } } })

const main = async (): Promise<void> => {
  const scriptStart = performance.now()
  const specifier = values.module ?? "none"
  for (const preload of (values.preload ?? "").split(",").filter((name) => name !== "")) await import(preload)
  const t0 = performance.now()
  if (specifier !== "none") await import(specifier)
  const importMs = performance.now() - t0
  const memory = process.memoryUsage()
  process.stdout.write(
    JSON.stringify({
      processStartMs: scriptStart,
      importMs,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20
    }) +
      "\n"
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`importOnly: ${String(error)}\n`)
  process.exit(1)
})
