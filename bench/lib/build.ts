/**
 * Transpiles the sources the benchmark runs as plain Node ESM (no tsx loader, no source maps at
 * run time): `src/**` and `bench/**` into `.cache/bench-build/`, file by file, with
 * `ts.transpileModule` (no type check, the same module structure `tsc` emits). Node resolves the
 * packages from the repository's `node_modules`, so what runs is what users get from `dist/`.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"

const walk = (dir: string, out: Array<string>): Array<string> => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== "results" && entry.name !== "node_modules") walk(full, out)
    } else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full)
  }
  return out
}

/** Transpile every `.ts` file under `sourceDir` into the same relative place under `targetDir`. */
export const transpileDir = (sourceDir: string, targetDir: string): number => {
  let count = 0
  for (const file of walk(sourceDir, [])) {
    const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        esModuleInterop: true,
        sourceMap: false
      }
    })
    const target = path.join(targetDir, path.relative(sourceDir, file)).replace(/\.ts$/, ".js")
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, output.outputText)
    count++
  }
  return count
}

/**
 * Transpile `src/` (or `srcDir`, to measure a candidate change without touching `src/`) and
 * `bench/` into `outDir/src` and `outDir/bench`; returns the number of files written.
 */
export const transpileTree = (root: string, outDir: string, srcDir: string = path.join(root, "src")): number => {
  const count = transpileDir(srcDir, path.join(outDir, "src")) +
    transpileDir(path.join(root, "bench"), path.join(outDir, "bench"))
  // Mark the tree as ESM regardless of where it sits.
  fs.writeFileSync(path.join(outDir, "package.json"), JSON.stringify({ type: "module" }) + "\n")
  return count
}
