/**
 * A config file's text to the model and back: TOML parsed and written with
 * smol-toml (loaded on first use), the document decoded with its Schema.
 *
 * @internal
 */
import type * as Config from "effect/Config"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { createRequire } from "node:module"
import type * as Toml from "smol-toml"
import type { ClientConfig } from "../../schema/EnvConfig.js"
import { configFromToml, configToToml } from "./convert.js"
import { invalidData, invalidDataFromSchemaError } from "./errors.js"
import { TomlDocument } from "./tomlDocument.js"

let loadedToml: typeof Toml | undefined

/** smol-toml, loaded on first use (its CommonJS build: one file, and no config file is read at import). */
const smolToml = (): typeof Toml => (loadedToml ??= createRequire(import.meta.url)("smol-toml") as typeof Toml)

/** The reason of a TOML syntax error, without the excerpt of the document (it may hold secrets). */
const tomlErrorReason = (error: unknown): string => {
  if (error instanceof smolToml().TomlError) {
    const first = error.message.split("\n")[0] ?? ""
    return `${first.replace(/^Invalid TOML document:\s*/, "")} (line ${error.line}, column ${error.column})`
  }
  return "unreadable TOML"
}

const parseToml = (text: string, origin: string): Result.Result<unknown, Config.ConfigError> =>
  Result.try({
    try: () => smolToml().parse(text),
    catch: (error) => invalidData([], `Invalid TOML in ${origin}: ${tomlErrorReason(error)}`)
  })

/** The document decoders: lenient (unknown keys ignored) and strict (unknown keys fail). */
const decodeLenient = Schema.decodeUnknownResult(TomlDocument)
const decodeStrict = Schema.decodeUnknownResult(TomlDocument, { onExcessProperty: "error" })

/**
 * Parse a config file's text. Unknown keys are ignored unless `strict`;
 * a value of the wrong type, or a `*_path` and `*_data` pair both given, is
 * always an error, naming the key's path and `origin` (default `config data`).
 *
 * @internal
 */
export const fromToml = (
  text: string,
  options: { readonly strict?: boolean | undefined; readonly origin?: string | undefined } = {}
): Result.Result<ClientConfig, Config.ConfigError> => {
  const origin = options.origin ?? "config data"
  if (text.trim() === "") return Result.succeed({ profiles: {} })
  const decode = options.strict === true ? decodeStrict : decodeLenient
  return Result.flatMap(parseToml(text, origin), (document) =>
    Result.mapBoth(decode(document), {
      onFailure: (error) => invalidDataFromSchemaError(error, origin),
      onSuccess: configFromToml
    }))
}

/**
 * The TOML text of a config, with the keys the CLI and the SDKs read (secrets written in clear).
 *
 * @internal
 */
export const toToml = (config: ClientConfig): string =>
  Object.keys(config.profiles).length === 0 ? "" : smolToml().stringify(configToToml(config))
