/**
 * Importing the package loads none of the CommonJS dependencies that only an
 * RPC, a conversion or a config file needs: `@temporalio/proto` (a 1.4 MB
 * descriptor, about 100 ms), protobufjs, grpc-js and smol-toml load on first
 * use (`src/internal/proto/root.ts`, `src/internal/transport/grpcJs.ts`,
 * `src/internal/envConfig/toml.ts`).
 */
import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

const script = `
import { createRequire } from "node:module"
await import("./src/index.ts")
const require = createRequire(import.meta.url)
const packages = new Set()
for (const file of Object.keys(require.cache)) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file.slice(file.lastIndexOf("node_modules/")))
  if (m) packages.add(m[1])
}
console.log(JSON.stringify([...packages].sort()))
`

const loadedPackages = (): Promise<ReadonlyArray<string>> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`))
        else resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as ReadonlyArray<string>)
      }
    )
  })

describe("cold start", () => {
  it("importing the package loads neither @temporalio/proto, protobufjs, grpc-js nor smol-toml", async () => {
    const loaded = await loadedPackages()
    for (const name of ["@temporalio/proto", "protobufjs", "@grpc/grpc-js", "smol-toml"]) {
      assert.notInclude(loaded, name)
    }
  }, 60_000)
})
