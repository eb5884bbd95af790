/**
 * The formatter of `npm run lint` and `npm run format`: dprint's TypeScript and JSON plugins run as
 * WebAssembly through `@dprint/formatter`, with the configuration in `dprint.json`. (The `dprint`
 * CLI package installs its binary through a per-platform optional dependency; a lock file written
 * where only some platforms' packages can be fetched fails `npm ci` elsewhere, so the plugins run
 * in Node instead.)
 *
 *   tsx scripts/format.ts          check: list the files that are not formatted, exit 1 if any
 *   tsx scripts/format.ts --write  format them in place
 *   tsx scripts/format.ts [--write] file...   only these files
 */
import { createContext } from "@dprint/formatter"
import * as jsonPlugin from "@dprint/json"
import * as typescriptPlugin from "@dprint/typescript"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

interface Configuration {
  readonly indentWidth?: number
  readonly lineWidth?: number
  readonly useTabs?: boolean
  readonly typescript?: Record<string, unknown>
  readonly json?: Record<string, unknown>
  readonly includes: ReadonlyArray<string>
  readonly excludes: ReadonlyArray<string>
}

const configuration = JSON.parse(fs.readFileSync(path.join(root, "dprint.json"), "utf8")) as Configuration

/** A glob of `dprint.json` (`**`, `*`) as a regular expression over a path relative to the root. */
const globToRegExp = (glob: string): RegExp => {
  let pattern = ""
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === "*" && glob[i + 1] === "*") {
      pattern += glob[i + 2] === "/" ? "(?:.*/)?" : ".*"
      i += glob[i + 2] === "/" ? 2 : 1
    } else if (c === "*") pattern += "[^/]*"
    else pattern += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&")
  }
  return new RegExp(`^${pattern}$`)
}

const includes = configuration.includes.map(globToRegExp)
const excludes = configuration.excludes.map((glob) => globToRegExp(glob.includes("*") ? glob : `${glob}/**`))
const excluded = (relative: string) =>
  excludes.some((re) => re.test(relative)) || configuration.excludes.includes(relative)

const walk = (dir: string, out: Array<string>): Array<string> => {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir === "" ? entry.name : `${dir}/${entry.name}`
    if (entry.name.startsWith(".") || excluded(relative)) continue
    if (entry.isDirectory()) walk(relative, out)
    else if (includes.some((re) => re.test(relative))) out.push(relative)
  }
  return out
}

const context = createContext({
  ...(configuration.indentWidth !== undefined ? { indentWidth: configuration.indentWidth } : {}),
  ...(configuration.lineWidth !== undefined ? { lineWidth: configuration.lineWidth } : {}),
  ...(configuration.useTabs !== undefined ? { useTabs: configuration.useTabs } : {})
})
context.addPlugin(fs.readFileSync(typescriptPlugin.getPath()), configuration.typescript ?? {})
context.addPlugin(fs.readFileSync(jsonPlugin.getPath()), configuration.json ?? {})
const diagnostics = context.getConfigDiagnostics()
if (diagnostics.length > 0) {
  for (const d of diagnostics) process.stderr.write(`dprint.json: ${d.propertyName}: ${d.message}\n`)
  process.exit(1)
}

const write = process.argv.includes("--write")
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"))
const unformatted: Array<string> = []
for (const relative of only.length > 0 ? only.map((f) => path.relative(root, path.resolve(f))) : walk("", [])) {
  const file = path.join(root, relative)
  const text = fs.readFileSync(file, "utf8")
  const formatted = context.formatText({ filePath: file, fileText: text })
  if (formatted === text) continue
  unformatted.push(relative)
  if (write) fs.writeFileSync(file, formatted)
}
if (write) {
  process.stdout.write(`formatted ${unformatted.length} file${unformatted.length === 1 ? "" : "s"}\n`)
} else if (unformatted.length > 0) {
  process.stderr.write(`not formatted (run npm run format):\n${unformatted.map((f) => `  ${f}`).join("\n")}\n`)
  process.exit(1)
}
