/**
 * The project's own sources as a TypeScript program, for the tests that read them (doc comments
 * on exports, on Schema fields): the repository's root, its `src/`, every `.ts` file below a
 * folder, a path relative to the root, and a program over our own files only.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

/** The repository's root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

/** `src/`. */
export const srcDir = path.join(root, "src")

/** `file` relative to the root, with `/` separators. */
export const rel = (file: string): string => path.relative(root, file).split(path.sep).join("/")

/** Every `.ts` file (not `.d.ts`) below `dir`, sorted. */
export const listTs = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return listTs(full)
    return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : []
  }).sort()

/**
 * A program over `rootNames` only: `noResolve` and `noLib` keep the dependencies' declaration
 * files out (a few hundred files, ten times slower), and nothing the tests read needs them:
 * exports are resolved between our own files.
 */
export const ownSourcesProgram = (rootNames: ReadonlyArray<string>): ts.Program =>
  ts.createProgram({
    rootNames: [...rootNames],
    options: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noResolve: true,
      noLib: true,
      types: [],
      noEmit: true
    }
  })
