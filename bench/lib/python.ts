/**
 * The Python SDK for part B: `temporalio` installed with pip into the git-ignored
 * `.cache/py-bench` (once), used through `PYTHONPATH`. Absent Python or a failed install is a
 * note in the report, not a failure.
 */
import { execFileSync } from "node:child_process"
import * as path from "node:path"

export const pythonPackage = "temporalio==1.35.0"

export type PythonSetup =
  | { readonly ok: true; readonly python: string; readonly env: NodeJS.ProcessEnv }
  | { readonly ok: false; readonly note: string }

const canImport = (python: string, env: NodeJS.ProcessEnv): boolean => {
  try {
    execFileSync(python, ["-c", "import temporalio.client"], { env, stdio: "ignore", timeout: 60_000 })
    return true
  } catch {
    return false
  }
}

export const ensurePython = (root: string, log: (message: string) => void): PythonSetup => {
  const python = process.env["BENCH_PYTHON"] ?? "python3"
  try {
    execFileSync(python, ["--version"], { stdio: "ignore" })
  } catch {
    return { ok: false, note: `${python} not found: the Python client was skipped` }
  }
  const target = path.join(root, ".cache/py-bench")
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONPATH: [target, process.env["PYTHONPATH"]].filter((part) => part !== undefined && part !== "").join(
      path.delimiter
    ),
    PYTHONDONTWRITEBYTECODE: "1"
  }
  if (canImport(python, env)) return { ok: true, python, env }
  log(`installing ${pythonPackage} into .cache/py-bench`)
  try {
    execFileSync(
      python,
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-warn-script-location",
        "--target",
        target,
        pythonPackage
      ],
      { stdio: ["ignore", "ignore", "pipe"], timeout: 300_000 }
    )
  } catch (error) {
    return {
      ok: false,
      note: `pip install ${pythonPackage} failed (${String(error).slice(0, 200)}): the Python client was skipped`
    }
  }
  return canImport(python, env)
    ? { ok: true, python, env }
    : { ok: false, note: `${pythonPackage} installed but does not import: the Python client was skipped` }
}
