/** The machine and versions a run measured, for the report. */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export interface Environment {
  readonly date: string
  readonly cores: number
  readonly cpuModel: string
  readonly memoryGb: number
  readonly platform: string
  readonly node: string
  readonly pinned: boolean
  readonly versions: Readonly<Record<string, string>>
  readonly gitCommit: string
}

const packageVersion = (root: string, name: string): string => {
  try {
    const file = name === "." ? path.join(root, "package.json") : path.join(root, "node_modules", name, "package.json")
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version
  } catch {
    return "absent"
  }
}

const cpuModel = (): string => {
  const fromOs = os.cpus()[0]?.model?.trim()
  if (fromOs !== undefined && fromOs !== "") return fromOs
  try {
    const info = fs.readFileSync("/proc/cpuinfo", "utf8")
    return /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? "unknown"
  } catch {
    return "unknown"
  }
}

export const environment = (root: string, pinned: boolean): Environment => {
  let gitCommit = "unknown"
  try {
    gitCommit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim()
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd: root, encoding: "utf8" }).trim()
    if (dirty !== "") gitCommit += " (src/ has uncommitted changes)"
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpuModel: cpuModel(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pinned,
    versions: {
      "effect-temporal": packageVersion(root, "."),
      "@temporalio/client": packageVersion(root, "@temporalio/client"),
      "@temporalio/worker": packageVersion(root, "@temporalio/worker"),
      "@temporalio/proto": packageVersion(root, "@temporalio/proto"),
      "@grpc/grpc-js": packageVersion(root, "@grpc/grpc-js"),
      "protobufjs": packageVersion(root, "protobufjs"),
      "effect": packageVersion(root, "effect")
    },
    gitCommit
  }
}
