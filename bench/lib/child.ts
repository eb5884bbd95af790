/**
 * Child processes of the benchmark, talking JSON lines (see `protocol.ts`), optionally pinned to
 * a CPU core with `taskset`. Their stderr goes to a log file under `.cache/bench-logs/`, and its
 * tail is shown when a child fails.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import * as readline from "node:readline"

let tasksetPath: string | null | undefined

/** `taskset` when it exists and the machine has at least two cores. */
export const taskset = (cores: number): string | undefined => {
  if (tasksetPath === undefined) {
    try {
      tasksetPath = execFileSync("sh", ["-c", "command -v taskset"], { encoding: "utf8" }).trim() || null
    } catch {
      tasksetPath = null
    }
  }
  return tasksetPath !== null && cores >= 2 ? tasksetPath : undefined
}

/** Pin an already running process, with all its threads, to `core`. */
export const pinPid = (pid: number, core: number, cores: number): boolean => {
  const bin = taskset(cores)
  if (bin === undefined) return false
  try {
    execFileSync(bin, ["-a", "-p", "-c", String(core), String(pid)], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

export interface ChildOptions {
  readonly name: string
  readonly command: string
  readonly args: ReadonlyArray<string>
  /** Pin to this core (when `taskset` is there). */
  readonly core?: number | undefined
  readonly cores: number
  readonly env?: NodeJS.ProcessEnv | undefined
  readonly cwd?: string | undefined
  readonly logDir: string
}

/** A child speaking JSON lines. */
export class Child {
  private readonly queue: Array<{ resolve: (value: unknown) => void; reject: (error: Error) => void }> = []
  private readonly lines: Array<unknown> = []
  private tail = ""
  private exited: Error | undefined
  readonly process: ChildProcess

  constructor(readonly options: ChildOptions) {
    const bin = options.core !== undefined ? taskset(options.cores) : undefined
    const [command, args] = bin !== undefined
      ? [bin, ["-c", String(options.core), options.command, ...options.args]]
      : [options.command, [...options.args]]
    fs.mkdirSync(options.logDir, { recursive: true })
    const log = fs.createWriteStream(path.join(options.logDir, `${options.name}.log`), { flags: "a" })
    this.process = spawn(command, args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: options.env ?? process.env,
      cwd: options.cwd
    })
    this.process.stderr!.on("data", (chunk: Buffer) => {
      log.write(chunk)
      this.tail = (this.tail + chunk.toString("utf8")).slice(-4000)
    })
    readline.createInterface({ input: this.process.stdout! }).on("line", (line) => {
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        log.write(`[stdout] ${line}\n`)
        return
      }
      const waiter = this.queue.shift()
      if (waiter) waiter.resolve(value)
      else this.lines.push(value)
    })
    this.process.on("exit", (code, signal) => {
      log.end()
      this.exited = new Error(`${options.name} exited (${code ?? signal}): ${this.tail.slice(-1500)}`)
      for (const waiter of this.queue.splice(0)) waiter.reject(this.exited)
    })
  }

  /** The next line the child writes. */
  next<A>(timeoutMs = 120_000): Promise<A> {
    const buffered = this.lines.shift()
    if (buffered !== undefined) return Promise.resolve(buffered as A)
    if (this.exited) return Promise.reject(this.exited)
    return new Promise<A>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.options.name}: no answer in ${timeoutMs} ms`)), timeoutMs)
      this.queue.push({
        resolve: (value) => {
          clearTimeout(timer)
          resolve(value as A)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        }
      })
    })
  }

  /** Send a command and wait for its answer; an `{ error }` answer rejects. */
  async request<A>(command: unknown, timeoutMs?: number): Promise<A> {
    this.process.stdin!.write(JSON.stringify(command) + "\n")
    const answer = await this.next<A | { error: string }>(timeoutMs)
    if (typeof answer === "object" && answer !== null && "error" in answer) {
      throw new Error(`${this.options.name}: ${(answer as { error: string }).error}`)
    }
    return answer as A
  }

  get pid(): number | undefined {
    return this.process.pid
  }

  /** Ask it to exit (stdin closed), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited || this.process.exitCode !== null) return
    const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()))
    this.process.stdin!.end()
    const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMs)
    await exited
    clearTimeout(timer)
  }
}

/** Run a command to completion; resolves with its stdout, wall time and exit code. */
export const runOnce = (
  command: string,
  args: ReadonlyArray<string>,
  options: {
    readonly core?: number | undefined
    readonly cores: number
    readonly env?: NodeJS.ProcessEnv
    readonly cwd?: string
  }
): Promise<{ stdout: string; stderr: string; wallMs: number; code: number | null }> =>
  new Promise((resolve, reject) => {
    const bin = options.core !== undefined ? taskset(options.cores) : undefined
    const [cmd, argv] = bin !== undefined ? [bin, ["-c", String(options.core), command, ...args]] : [command, [...args]]
    const started = performance.now()
    const child = spawn(cmd, argv, {
      stdio: ["ignore", "pipe", "pipe"],
      env: options.env ?? process.env,
      cwd: options.cwd
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)))
    child.on("error", reject)
    child.on("exit", (code) => resolve({ stdout, stderr, wallMs: performance.now() - started, code }))
  })
