/**
 * The config file: where it is by default, reading its text (a missing file
 * reads as empty), and writing it.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as os from "node:os"
import * as nodePath from "node:path"
import type { LoadOptions } from "../../EnvConfig.js"
import type { ClientConfig } from "../../schema/EnvConfig.js"
import { fileSystem } from "../fileSystem.js"
import type { EnvVars } from "./env.js"
import { sourceUnavailable } from "./errors.js"
import { toToml } from "./toml.js"

/**
 * `<user config dir>/temporalio/temporal.toml`: `%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` (when absolute)
 * or `~/.config` elsewhere.
 *
 * @internal
 */
export const defaultConfigFilePath = (
  platform: NodeJS.Platform,
  vars: {
    readonly XDG_CONFIG_HOME?: string | undefined
    readonly APPDATA?: string | undefined
    readonly HOME?: string | undefined
  },
  homedir: string
): string | undefined => {
  const file = ["temporalio", "temporal.toml"] as const
  if (platform === "win32") {
    return vars.APPDATA !== undefined && vars.APPDATA !== "" ? nodePath.win32.join(vars.APPDATA, ...file) : undefined
  }
  const home = vars.HOME !== undefined && vars.HOME !== "" ? vars.HOME : homedir
  if (platform === "darwin") {
    return home === "" ? undefined : nodePath.posix.join(home, "Library", "Application Support", ...file)
  }
  const xdg = vars.XDG_CONFIG_HOME
  if (xdg !== undefined && nodePath.posix.isAbsolute(xdg)) return nodePath.posix.join(xdg, ...file)
  return home === "" ? undefined : nodePath.posix.join(home, ".config", ...file)
}

/** The user's home directory, or `""` when the system has none. */
const homedirOrEmpty = (): string => Result.getOrElse(Result.try(() => os.homedir()), () => "")

/**
 * The default config file path, with `HOME`, `XDG_CONFIG_HOME` and `APPDATA` read through `Config`.
 *
 * @internal
 */
export const defaultConfigFile: Effect.Effect<string | undefined, Config.ConfigError> = Effect.map(
  Config.all({
    XDG_CONFIG_HOME: Config.option(Config.String("XDG_CONFIG_HOME")),
    APPDATA: Config.option(Config.String("APPDATA")),
    HOME: Config.option(Config.String("HOME"))
  }),
  (vars) =>
    defaultConfigFilePath(
      process.platform,
      {
        XDG_CONFIG_HOME: Option.getOrUndefined(vars.XDG_CONFIG_HOME),
        APPDATA: Option.getOrUndefined(vars.APPDATA),
        HOME: Option.getOrUndefined(vars.HOME)
      },
      homedirOrEmpty()
    )
)

const decoder = new TextDecoder()

/**
 * The config file's text and where it came from (`origin`: its path, or
 * `config data`); the file is `configData`, `configFile`,
 * `TEMPORAL_CONFIG_FILE` or the default path, and a missing one reads as empty.
 *
 * @internal
 */
export const readConfigText = (
  options: LoadOptions,
  env: Pick<EnvVars, "configFile">
): Effect.Effect<{ readonly text: string; readonly origin: string }, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    if (options.configData !== undefined) {
      const text = typeof options.configData === "string" ? options.configData : decoder.decode(options.configData)
      return { text, origin: "config data" }
    }
    const fromEnv = Option.filter(env.configFile, (path) => path !== "")
    const path = options.configFile ?? (Option.isSome(fromEnv) ? fromEnv.value : yield* defaultConfigFile)
    if (path === undefined) return { text: "", origin: "no config file" }
    const fs = yield* fileSystem
    const text = yield* fs.readFileString(path).pipe(
      Effect.catchIf(
        (error) => error.reason._tag === "NotFound",
        () => Effect.succeed("")
      ),
      Effect.mapError((error) => sourceUnavailable(`Cannot read config file ${path}`, error))
    )
    return { text, origin: path }
  })

/**
 * Write a config as TOML (mode 0600: it may hold secrets).
 *
 * @internal
 */
export const writeFile = (
  path: string,
  config: ClientConfig
): Effect.Effect<void, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.flatMap(fileSystem, (fs) =>
    fs.writeFileString(path, toToml(config), { mode: 0o600 }).pipe(
      Effect.mapError((error) => sourceUnavailable(`Cannot write config file ${path}`, error))
    ))
