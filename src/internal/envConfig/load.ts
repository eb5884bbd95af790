/**
 * Loading the env config: the whole file, or one profile with the
 * environment variables over it.
 *
 * @internal
 */
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import type { LoadOptions, LoadProfileOptions } from "../../EnvConfig.js"
import { type ClientConfig, type ClientConfigProfile, defaultProfile } from "../../schema/EnvConfig.js"
import { applyEnvVars } from "./applyEnv.js"
import { type EnvVars, invalidBooleans, optionalVar, readEnvVars } from "./env.js"
import { invalidData, missingData } from "./errors.js"
import { readConfigText } from "./file.js"
import { fromToml } from "./toml.js"

/** The config file, read and parsed. */
const loadFile = (
  options: LoadOptions,
  env: Pick<EnvVars, "configFile">
): Effect.Effect<
  { readonly config: ClientConfig; readonly origin: string },
  Config.ConfigError,
  FileSystem.FileSystem
> =>
  Effect.flatMap(readConfigText(options, env), ({ origin, text }) =>
    Effect.map(
      Effect.fromResult(fromToml(text, { strict: options.strict, origin })),
      (config) => ({ config, origin })
    ))

/**
 * The whole config file (located by option, `TEMPORAL_CONFIG_FILE`, or the default path).
 *
 * @internal
 */
export const load = (
  options: LoadOptions = {}
): Effect.Effect<ClientConfig, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const configFile = options.configFile !== undefined || options.configData !== undefined
      ? Option.none<string>()
      : yield* optionalVar("TEMPORAL_CONFIG_FILE")
    const { config } = yield* loadFile(options, { configFile })
    return config
  })

/** The file's profile named by option, `TEMPORAL_PROFILE` or `default`; a missing named one fails. */
const profileFromFile = (
  options: LoadProfileOptions,
  env: EnvVars
): Effect.Effect<ClientConfigProfile, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const { config, origin } = yield* loadFile(options, env)
    const fromEnv = options.disableEnv === true ? Option.none() : Option.filter(env.profile, (name) => name !== "")
    const name = options.profile ?? Option.getOrUndefined(fromEnv)
    const found = config.profiles[name ?? defaultProfile]
    if (found !== undefined) return found
    if (name === undefined) return {}
    return yield* Effect.fail(missingData(["profile", name], `Profile "${name}" not found in ${origin}`))
  })

/**
 * One profile: from the file (the profile named by option, `TEMPORAL_PROFILE`
 * or `default`; a missing `default` profile is empty, a missing named one an
 * error), then the environment variables over it.
 *
 * @internal
 */
export const loadProfile = (
  options: LoadProfileOptions = {}
): Effect.Effect<ClientConfigProfile, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    if (options.disableFile === true && options.disableEnv === true) {
      return yield* Effect.fail(invalidData([], "Cannot disable both file and environment loading"))
    }
    const env = yield* readEnvVars
    const profile = options.disableFile === true ? {} : yield* profileFromFile(options, env)
    if (options.disableEnv === true) return profile
    const invalid = invalidBooleans(env)
    if (invalid.length > 0) {
      yield* Effect.logWarning(`envconfig: ${invalid.join(", ")} is not true/false/1/0; ignored`)
    }
    return yield* Effect.fromResult(applyEnvVars(profile, env))
  })
