/**
 * The measuring loop shared by the Node drivers: latencies into a preallocated array, CPU from
 * `process.cpuUsage()`, errors counted by kind.
 */
import type { RunResult } from "./protocol.js"

const capacity = 1 << 21
const latencies = new Float64Array(capacity)

/** Accumulates one run. */
export class Recorder {
  private count = 0
  errors = 0
  resourceExhausted = 0
  firstError: string | undefined = undefined
  private startedAt = 0
  private cpuStart: NodeJS.CpuUsage = { user: 0, system: 0 }

  start(): void {
    this.count = 0
    this.errors = 0
    this.resourceExhausted = 0
    this.firstError = undefined
    this.cpuStart = process.cpuUsage()
    this.startedAt = performance.now()
  }

  /** A successful operation that took `ms`. */
  ok(ms: number): void {
    if (this.count < capacity) latencies[this.count] = ms
    this.count++
  }

  /** A failed operation. */
  fail(error: unknown): void {
    this.errors++
    const text = errorText(error)
    if (text.includes("RESOURCE_EXHAUSTED")) this.resourceExhausted++
    this.firstError ??= text.slice(0, 300)
  }

  finish(): RunResult {
    const elapsedMs = performance.now() - this.startedAt
    const cpu = process.cpuUsage(this.cpuStart)
    const n = Math.min(this.count, capacity)
    const sorted = latencies.slice(0, n).sort()
    const at = (q: number): number => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(q * n))]!)
    return {
      ops: this.count,
      errors: this.errors,
      resourceExhausted: this.resourceExhausted,
      elapsedMs,
      cpuUs: cpu.user + cpu.system,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      firstError: this.firstError
    }
  }
}

const grpcCodeNames: Readonly<Record<number, string>> = {
  4: "DEADLINE_EXCEEDED",
  8: "RESOURCE_EXHAUSTED",
  14: "UNAVAILABLE"
}

/** A one-line description of any error, with its code and causes (gRPC status names spelled out). */
export const errorText = (error: unknown, depth = 0): string => {
  if (depth > 3) return ""
  if (typeof error !== "object" || error === null) return String(error)
  const record = error as { _tag?: unknown; code?: unknown; message?: unknown; cause?: unknown; name?: unknown }
  const code = typeof record.code === "number" ? (grpcCodeNames[record.code] ?? `code ${record.code}`) : record.code
  const head = [record._tag ?? record.name, code, record.message].filter((part) => part !== undefined && part !== "")
    .map(String).join(": ")
  const cause = record.cause !== undefined ? ` <- ${errorText(record.cause, depth + 1)}` : ""
  return head + cause
}

/** Run `gc()` when the process was started with `--expose-gc`. */
export const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc !== undefined) {
    gc()
    gc()
  }
}
