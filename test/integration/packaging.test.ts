/**
 * The published package, as `npm pack` makes it (its `prepack` builds
 * `dist/` first):
 *
 * - what the tarball holds: ESM JavaScript, `.d.ts` and source maps of both
 *   entry points, the sources the maps point at, and no tests, examples,
 *   benchmarks, scripts, caches or fixtures;
 * - its `package.json`: `exports` for `effect-temporal` and
 *   `effect-temporal/testing` (with a `default` condition, so `require` works too), `effect` as
 *   the one peer,
 *   `@temporalio/proto` at an exact version;
 * - its imports: only dependencies, peers and Node builtins, by paths Node's
 *   ESM loader resolves (`.js` suffixes, no JSON imports, `@temporalio/proto`
 *   never imported, only required on first use in one place);
 * - a smoke test: the tarball installed into a fresh project runs
 *   `packaging.smoke.mjs` (the example: a small program against the
 *   in-memory Temporal and against the fake gRPC server) with plain `node`,
 *   `require("effect-temporal")` works from CommonJS, and a TypeScript program and the README's
 *   snippets type-check against its declarations under `moduleResolution` NodeNext and Bundler.
 *
 * It needs no Temporal server. It may contact the npm registry to install
 * the tarball's dependencies (mostly served from the npm cache `npm ci` filled).
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import { createRequire, isBuiltin } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const require = createRequire(import.meta.url)

interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly millis: number
}

const run = (command: string, args: ReadonlyArray<string>, cwd: string, timeoutMs: number): Promise<RunResult> =>
  new Promise((resolve) => {
    const started = Date.now()
    execFile(
      command,
      [...args],
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const exited = error === null || typeof error.code === "number"
        resolve({
          code: error === null ? 0 : typeof error.code === "number" ? error.code : 1,
          stdout,
          // A command that could not start or was killed (timeout) says so.
          stderr: exited ? stderr : `${stderr}\n${String(error)}`,
          millis: Date.now() - started
        })
      }
    )
  })

const mustSucceed = (what: string, result: RunResult): RunResult => {
  if (result.code !== 0) {
    throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)
  }
  return result
}

const timings: Array<string> = []
const timed = (label: string, result: RunResult): RunResult => {
  timings.push(`${label}: ${(result.millis / 1000).toFixed(1)} s`)
  return result
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"))

interface PackageJson {
  readonly name: string
  readonly version: string
  readonly type?: string
  readonly exports?: Record<string, unknown>
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
  readonly scripts?: Record<string, string>
}

const installedVersion = (name: string): string =>
  (readJson(require.resolve(`${name}/package.json`, { paths: [repoRoot] })) as PackageJson).version

/** The package a bare specifier names: `effect/Schema` → `effect`, `@effect/platform-node/NodeRuntime` → `@effect/platform-node`. */
const packageOf = (specifier: string): string => {
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0] ?? specifier
}

/** The public modules `src/index.ts` (or `src/testing/index.ts`) re-exports as namespaces. */
const namespacesOf = (index: string): Array<string> =>
  [...fs.readFileSync(path.join(repoRoot, index), "utf8").matchAll(/^export \* as (\w+) from /gm)]
    .map((m) => m[1] ?? "")
    .sort()

const work = fs.mkdtempSync(path.join(os.tmpdir(), "effect-temporal-pack-"))
const packDir = path.join(work, "pack")
const unpackedDir = path.join(work, "unpacked")
const smokeDir = path.join(work, "smoke")

let tarball = ""
let files: Array<string> = []
let fileSet = new Set<string>()
let pkg: PackageJson = { name: "", version: "" }
const pkgRoot = path.join(unpackedDir, "package")

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true })
  if (timings.length > 0) process.stderr.write(`[packaging] ${timings.join(", ")}\n`)
})

beforeAll(async () => {
  fs.mkdirSync(packDir, { recursive: true })
  fs.mkdirSync(unpackedDir, { recursive: true })
  const pack = await run("npm", ["pack", "--json", "--pack-destination", packDir], repoRoot, 400_000)
  const packed = mustSucceed("npm pack", timed("npm pack (prepack builds dist/)", pack))
  // With --json the lifecycle scripts' banners go to stderr; be lenient anyway.
  const json = packed.stdout.slice(packed.stdout.search(/^\[/m))
  const [info] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>
  if (info === undefined) throw new Error(`npm pack printed no package:\n${packed.stdout}`)
  tarball = path.join(packDir, info.filename)
  files = info.files.map((f) => f.path).sort()
  fileSet = new Set(files)
  mustSucceed("tar", await run("tar", ["-xzf", tarball, "-C", unpackedDir], work, 60_000))
  pkg = readJson(path.join(pkgRoot, "package.json")) as PackageJson
}, 420_000)

describe("npm pack", () => {
  it("packs the ESM JavaScript, declarations and source maps of both entry points", () => {
    for (const entry of ["dist/src/index", "dist/src/testing/index"]) {
      for (const ext of [".js", ".d.ts", ".js.map", ".d.ts.map"]) expect(files).toContain(`${entry}${ext}`)
    }
    const js = files.filter((f) => f.endsWith(".js"))
    expect(js.length).toBeGreaterThan(20)
    const missing = js.flatMap((f) =>
      [f.replace(/\.js$/, ".d.ts"), `${f}.map`].filter((companion) => !fileSet.has(companion))
    )
    expect(missing, "every .js has its .d.ts and .js.map").toEqual([])
    // Every source module is built: nothing under src/ lacks its dist/src/*.js.
    const unbuilt = files
      .filter((f) => f.startsWith("src/") && f.endsWith(".ts"))
      .map((f) => `dist/${f.replace(/\.ts$/, ".js")}`)
      .filter((f) => !fileSet.has(f))
    expect(unbuilt, "sources without built JavaScript (a stale or partial dist/?)").toEqual([])
  })

  it("packs no tests, examples, benchmarks, scripts, caches or fixtures", () => {
    const forbidden = files.filter((f) =>
      /^(test|tests|examples|bench|scripts|docs|coverage|node_modules|\.cache|\.ci|\.github)\//.test(f) ||
      /(^|\/)(fixtures?|__tests__|__snapshots__)\//.test(f) ||
      /\.(test|spec|bench)\.[cm]?[jt]s(\.map)?$/.test(f) ||
      /\.(d\.)?tmp\.|\.tgz$|\.log$|(^|\/)tsconfig[^/]*\.json$|(^|\/)vitest\.config\./.test(f) ||
      /(^|\/)\.env/.test(f)
    )
    expect(forbidden).toEqual([])
    // Top level: the build, the sources its maps point at, the .proto files we own, the docs.
    const topLevel = [...new Set(files.map((f) => f.split("/")[0] ?? f))].sort()
    expect(topLevel).toEqual(expect.arrayContaining(["README.md", "dist", "package.json", "src"]))
    expect(topLevel.filter((f) => !["README.md", "LICENSE", "dist", "package.json", "protos", "src"].includes(f)))
      .toEqual([])
  })

  it("ships the sources every source map and declaration map points at", () => {
    const dangling: Array<string> = []
    for (const map of files.filter((f) => f.endsWith(".map"))) {
      const { sources } = readJson(path.join(pkgRoot, map)) as { sources: Array<string> }
      for (const source of sources) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), source))
        if (!fileSet.has(target)) dangling.push(`${map} → ${target}`)
      }
    }
    expect(dangling).toEqual([])
  })

  it("declares ESM entry points for effect-temporal and effect-temporal/testing, and hides internal/", () => {
    expect(pkg.name).toBe("effect-temporal")
    expect(pkg.type).toBe("module")
    const exports = pkg.exports ?? {}
    expect(exports["."]).toEqual({ types: "./dist/src/index.d.ts", default: "./dist/src/index.js" })
    expect(exports["./testing"]).toEqual({
      types: "./dist/src/testing/index.d.ts",
      default: "./dist/src/testing/index.js"
    })
    expect(exports["./internal/*"]).toBeNull()
    const targets = Object.values(exports).flatMap((e) => e !== null && typeof e === "object" ? Object.values(e) : [e])
    for (const target of targets) {
      if (typeof target === "string" && target !== "./package.json") {
        expect(fileSet, target).toContain(target.replace(/^\.\//, ""))
      }
    }
  })

  it("depends on effect as its one peer, and on @temporalio/proto at an exact version", () => {
    const deps = pkg.dependencies ?? {}
    const peers = pkg.peerDependencies ?? {}
    expect(Object.keys(peers).sort()).toEqual(["effect"])
    expect(deps).not.toHaveProperty("effect")
    expect(deps).not.toHaveProperty("@effect/platform")
    expect(peers).not.toHaveProperty("@effect/platform")
    expect(deps["@temporalio/proto"]).toMatch(/^\d+\.\d+\.\d+$/)
    expect(deps["@temporalio/proto"]).toBe(installedVersion("@temporalio/proto"))
    const devOnly = [
      "@effect/language-service",
      "@effect/platform-node",
      "@effect/vitest",
      "@temporalio/activity",
      "@temporalio/client",
      "@temporalio/worker",
      "@temporalio/workflow",
      "@dprint/formatter",
      "oxlint",
      "typedoc",
      "typescript",
      "tsx",
      "vitest"
    ]
    for (const name of devOnly) {
      expect(deps, name).not.toHaveProperty(name)
      expect(peers, name).not.toHaveProperty(name)
    }
    // Our peer ranges accept the versions we develop and test with.
    expect(peers["effect"]).toMatch(/^\^4\./)
  })

  it("imports only its dependencies, peers and Node builtins, by paths Node's ESM loader resolves", () => {
    const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})])
    const problems: Array<string> = []
    for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = fs.readFileSync(path.join(pkgRoot, file), "utf8")
      for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
        if (specifier.startsWith(".")) {
          if (!specifier.endsWith(".js")) {
            problems.push(`${file}: "${specifier}" has no .js suffix`)
            continue
          }
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
          const resolved = file.endsWith(".d.ts") ? target.replace(/\.js$/, ".d.ts") : target
          if (!fileSet.has(resolved)) problems.push(`${file}: "${specifier}" is not in the tarball`)
        } else if (isBuiltin(specifier)) {
          if (!specifier.startsWith("node:")) problems.push(`${file}: "${specifier}" without the node: prefix`)
        } else if (!allowed.has(packageOf(specifier))) {
          problems.push(`${file}: "${specifier}" is neither a dependency nor a peer dependency`)
        }
        if (specifier.endsWith(".json")) problems.push(`${file}: imports JSON "${specifier}"`)
        if (specifier.endsWith(".ts") && !specifier.endsWith(".d.ts")) problems.push(`${file}: imports "${specifier}"`)
      }
      // @temporalio/proto is CommonJS whose named exports Node's ESM loader cannot see, and
      // a 1.4 MB descriptor that must not load at import: JavaScript imports it nowhere and
      // requires it (on first use) only in internal/proto/root.js.
      if (file.endsWith(".js")) {
        if (/^\s*import\s+[^;]*?\s+from\s+["']@temporalio\/proto["']/m.test(text)) {
          problems.push(`${file}: imports @temporalio/proto`)
        }
        if (/require\(["']@temporalio\/proto["']\)/.test(text) && file !== "dist/src/internal/proto/root.js") {
          problems.push(`${file}: requires @temporalio/proto`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})

describe("the packed tarball installed into a new project", () => {
  beforeAll(async () => {
    fs.mkdirSync(smokeDir, { recursive: true })
    fs.writeFileSync(
      path.join(smokeDir, "package.json"),
      JSON.stringify({ name: "effect-temporal-smoke", version: "0.0.0", private: true, type: "module" }, null, 2)
    )
    mustSucceed(
      "npm install",
      timed(
        "npm install",
        await run(
          "npm",
          [
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            "--no-package-lock",
            // @effect/vitest 4 asks for vitest 5, which needs Node 22; this repository tests with vitest
            // 4.1 (on Node 20) through an override, and the scratch project installs the same versions.
            "--legacy-peer-deps",
            tarball,
            `effect@${installedVersion("effect")}`,
            `@effect/platform-node@${installedVersion("@effect/platform-node")}`,
            // the README's test snippets use them
            `@effect/vitest@${installedVersion("@effect/vitest")}`,
            `vitest@${installedVersion("vitest")}`
          ],
          smokeDir,
          400_000
        )
      )
    )
    fs.copyFileSync(path.join(repoRoot, "test/integration/packaging.smoke.mjs"), path.join(smokeDir, "smoke.mjs"))
  }, 420_000)

  it("runs the example with plain node", async () => {
    const result = timed("node smoke.mjs", await run(process.execPath, ["smoke.mjs"], smokeDir, 60_000))
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      "in-memory: order 42 approved by ann\n" +
        "over gRPC: order 7 approved by bob " +
        "(gRPC calls: StartWorkflowExecution, SignalWorkflowExecution, GetWorkflowExecutionHistory)\n"
    )
  }, 90_000)

  it("exposes every public module under both entry points, and no internal module", async () => {
    const script = `
      const main = await import("effect-temporal")
      const testing = await import("effect-temporal/testing")
      let internal = "importable"
      try { await import("effect-temporal/internal/proto/root.js") } catch (e) { internal = e.code }
      console.log(JSON.stringify({ main: Object.keys(main).sort(), testing: Object.keys(testing).sort(), internal }))
    `
    const result = mustSucceed(
      "node --input-type=module",
      await run(process.execPath, ["--input-type=module", "-e", script], smokeDir, 60_000)
    )
    const seen = JSON.parse(result.stdout) as { main: Array<string>; testing: Array<string>; internal: string }
    expect(seen.main).toEqual(namespacesOf("src/index.ts"))
    expect(seen.testing).toEqual(namespacesOf("src/testing/index.ts"))
    expect(seen.internal).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED")
  }, 90_000)

  it("loads from CommonJS: require(\"effect-temporal\") gives the same namespaces", async () => {
    const script = `
      const main = require("effect-temporal")
      const testing = require("effect-temporal/testing")
      console.log(JSON.stringify({ main: Object.keys(main).filter((k) => k !== "__esModule" && k !== "module.exports").sort(), testing: Object.keys(testing).filter((k) => k !== "__esModule" && k !== "module.exports").sort() }))
    `
    const result = mustSucceed(
      "node (CommonJS)",
      await run(process.execPath, ["--no-warnings", "--input-type=commonjs", "-e", script], smokeDir, 60_000)
    )
    const seen = JSON.parse(result.stdout) as { main: Array<string>; testing: Array<string> }
    expect(seen.main).toEqual(namespacesOf("src/index.ts"))
    expect(seen.testing).toEqual(namespacesOf("src/testing/index.ts"))
  }, 90_000)

  for (const resolution of ["NodeNext", "Bundler"] as const) {
    it(
      `type-checks a TypeScript program and the README's snippets against its declarations (${resolution})`,
      async () => {
        const dir = path.join(smokeDir, `check-${resolution}`)
        fs.mkdirSync(dir, { recursive: true })
        fs.writeFileSync(path.join(dir, "program.ts"), consumerProgram)
        const snippets = readmeSnippets()
        expect(snippets.length).toBeGreaterThan(0)
        snippets.forEach((code, i) => fs.writeFileSync(path.join(dir, `readme-${i + 1}.ts`), code))
        const tsconfig = (files: ReadonlyArray<string>, skipLibCheck: boolean) =>
          JSON.stringify({
            compilerOptions: {
              target: "ES2022",
              lib: ["ES2022"],
              module: resolution === "NodeNext" ? "NodeNext" : "ESNext",
              moduleResolution: resolution,
              strict: true,
              exactOptionalPropertyTypes: true,
              noEmit: true,
              skipLibCheck,
              types: ["node"],
              typeRoots: [path.join(repoRoot, "node_modules/@types")]
            },
            files
          })
        // The program also checks our .d.ts files (skipLibCheck off), not only their use; the README's
        // snippets import @effect/platform-node and @effect/vitest, whose own declarations need more
        // than this project has (redis, DOM types), so they are checked with skipLibCheck as users do.
        fs.writeFileSync(path.join(dir, "tsconfig.json"), tsconfig(["program.ts"], false))
        fs.writeFileSync(
          path.join(dir, "tsconfig.readme.json"),
          tsconfig(snippets.map((_, i) => `readme-${i + 1}.ts`), true)
        )
        const tsc = require.resolve("typescript/bin/tsc", { paths: [repoRoot] })
        for (const project of ["tsconfig.json", "tsconfig.readme.json"]) {
          const result = timed(
            `tsc (consumer, ${resolution}, ${project})`,
            await run(process.execPath, [tsc, "-p", project], dir, 240_000)
          )
          expect(result.stdout + result.stderr, project).toBe("")
          expect(result.code).toBe(0)
        }
      },
      300_000
    )
  }
})

/** A consumer's program: typed results and arguments must hold (and our declarations must not be any). */
const consumerProgram = `import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { TemporalClient, TemporalError, WorkflowDefinition } from "effect-temporal"
import { InMemoryTemporal } from "effect-temporal/testing"

const Greet = WorkflowDefinition.make("greet", { args: [Schema.String], result: Schema.Number })

export const program = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  const handle = yield* client.startWorkflow(Greet, { id: "greet-1", taskQueue: "q", args: ["ann"] })
  const result: number = yield* handle.result()
  // @ts-expect-error the result is a number, not a string
  const wrong: string = yield* handle.result()
  return [result, wrong] as const
})

export const wrongArgs = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  // @ts-expect-error the argument is a string
  yield* client.startWorkflow(Greet, { id: "greet-2", taskQueue: "q", args: [42] })
})

export const isError: (u: unknown) => boolean = TemporalError.isTemporalError
export const layer = InMemoryTemporal.layer({ workflows: {} })
export const runnable: Effect.Effect<unknown, unknown, never> = Effect.provide(program, layer)
`

/**
 * The README's TypeScript snippets (the fenced \`\`\`ts blocks), each a module that imports
 * from the package by its published name.
 */
const readmeSnippets = (): Array<string> =>
  [...fs.readFileSync(path.join(repoRoot, "README.md"), "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1] ?? "")
    .filter((code) => /from "effect-temporal(\/testing)?"/.test(code))
    .map((code) => `${code}\nexport {}\n`)
