/**
 * Temporal env config: TOML parsing (lenient and strict), the TOML writer,
 * environment variables read through `Config`, their merge over a profile,
 * and locating and reading the config file. Follows the Rust core SDK's
 * `envconfig` (the one behind the TypeScript, Python, .NET and Ruby SDKs).
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { createRequire } from "node:module"
import * as os from "node:os"
import * as nodePath from "node:path"
import type * as Toml from "smol-toml"
import type { LoadOptions, LoadProfileOptions } from "../EnvConfig.js"
import {
  type ClientConfig,
  type ClientConfigCodec,
  type ClientConfigProfile,
  type ClientConfigTls,
  type DataSource,
  defaultProfile,
  type SecretDataSource
} from "../schema/EnvConfig.js"
import type { ConnectionOptions } from "../services/Connection.js"
import { fileSystem } from "./fileSystem.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

let loadedToml: typeof Toml | undefined

/** smol-toml, loaded on first use (its CommonJS build: one file, and no config file is read at import). */
const smolToml = (): typeof Toml => (loadedToml ??= createRequire(import.meta.url)("smol-toml") as typeof Toml)

/** Lower-case and turn `_` into `-`, as every SDK does for `grpc_meta` keys and `TEMPORAL_GRPC_META_*`. */
export const normalizeGrpcMetaKey = (key: string): string => key.toLowerCase().replaceAll("_", "-")

// ---------------------------------------------------------------------------
// TOML -> model
// ---------------------------------------------------------------------------

const isTable = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u) && !(u instanceof Date)

const typeName = (u: unknown): string =>
  Array.isArray(u) ? "an array" : u instanceof Date ? "a date" : isTable(u) ? "a table" : `a ${typeof u}`

/** A configuration value that is wrong: its message, at its path. */
export const invalidData = (path: ReadonlyArray<string>, message: string): Config.ConfigError => {
  const issue = new SchemaIssue.InvalidValue({ message })
  return new Config.ConfigError(
    new Schema.SchemaError(path.length === 0 ? issue : new SchemaIssue.Pointer(path, issue))
  )
}

/** A configuration value that is required and missing: its message, at its path. */
export const missingData = (path: ReadonlyArray<string>, message: string): Config.ConfigError => {
  const issue = new SchemaIssue.MissingKey({ messageMissingKey: message })
  return new Config.ConfigError(
    new Schema.SchemaError(path.length === 0 ? issue : new SchemaIssue.Pointer(path, issue))
  )
}

/** A configuration source that cannot be read. */
export const sourceUnavailable = (message: string, cause: unknown): Config.ConfigError =>
  new Config.ConfigError(new ConfigProvider.SourceError({ message, cause }))

class ParseFailure {
  constructor(readonly error: Config.ConfigError) {}
}

interface Ctx {
  readonly origin: string
  readonly strict: boolean
}

const invalid = (ctx: Ctx, path: ReadonlyArray<string>, message: string): never => {
  throw new ParseFailure(invalidData([...path], `${message} (in ${ctx.origin})`))
}

const optString = (ctx: Ctx, table: Record<string, unknown>, key: string, path: ReadonlyArray<string>) => {
  const value = table[key]
  if (value === undefined) return undefined
  // Never print the value: it may be a secret.
  if (typeof value !== "string") {
    return invalid(ctx, [...path, key], `Expected ${key} to be a string, got ${typeName(value)}`)
  }
  return value
}

const optBoolean = (ctx: Ctx, table: Record<string, unknown>, key: string, path: ReadonlyArray<string>) => {
  const value = table[key]
  if (value === undefined) return undefined
  if (typeof value !== "boolean") {
    return invalid(ctx, [...path, key], `Expected ${key} to be a boolean, got ${typeName(value)}`)
  }
  return value
}

const optTable = (ctx: Ctx, table: Record<string, unknown>, key: string, path: ReadonlyArray<string>) => {
  const value = table[key]
  if (value === undefined) return undefined
  if (!isTable(value)) return invalid(ctx, [...path, key], `Expected ${key} to be a table, got ${typeName(value)}`)
  return value
}

const checkKeys = (
  ctx: Ctx,
  table: Record<string, unknown>,
  known: ReadonlyArray<string>,
  path: ReadonlyArray<string>
): void => {
  if (!ctx.strict) return
  for (const key of Object.keys(table)) {
    if (!known.includes(key)) {
      const where = path.length === 0 ? "at the top level" : `in ${path.join(".")}`
      invalid(ctx, [...path, key], `Unknown key "${key}" ${where} (strict mode; known keys: ${known.join(", ")})`)
    }
  }
}

const dataSourcePair = (
  ctx: Ctx,
  table: Record<string, unknown>,
  name: string,
  path: ReadonlyArray<string>
): { readonly path: string | undefined; readonly data: string | undefined } => {
  const p = optString(ctx, table, `${name}_path`, path)
  const d = optString(ctx, table, `${name}_data`, path)
  if (p !== undefined && d !== undefined) {
    invalid(ctx, [...path, `${name}_path`], `Cannot specify both ${name}_path and ${name}_data`)
  }
  // An empty `*_data` counts as unset, as in the core SDK.
  return { path: p, data: d === "" ? undefined : d }
}

const toDataSource = (pair: { readonly path: string | undefined; readonly data: string | undefined }) =>
  pair.path !== undefined
    ? { _tag: "Path" as const, path: pair.path }
    : pair.data !== undefined
    ? { _tag: "Data" as const, data: pair.data }
    : undefined

const tlsKeys = [
  "disabled",
  "client_cert_path",
  "client_cert_data",
  "client_key_path",
  "client_key_data",
  "server_ca_cert_path",
  "server_ca_cert_data",
  "server_name",
  "disable_host_verification"
] as const

const parseTls = (ctx: Ctx, table: Record<string, unknown>, path: ReadonlyArray<string>): ClientConfigTls => {
  checkKeys(ctx, table, tlsKeys, path)
  const tls: Mutable<ClientConfigTls> = {}
  const disabled = optBoolean(ctx, table, "disabled", path)
  if (disabled !== undefined) tls.disabled = disabled
  const clientCert = toDataSource(dataSourcePair(ctx, table, "client_cert", path))
  if (clientCert !== undefined) tls.clientCert = clientCert
  const key = toDataSource(dataSourcePair(ctx, table, "client_key", path))
  if (key !== undefined) {
    tls.clientKey = key._tag === "Path" ? key : { _tag: "Data", data: Redacted.make(key.data) }
  }
  const ca = toDataSource(dataSourcePair(ctx, table, "server_ca_cert", path))
  if (ca !== undefined) tls.serverCaCert = ca
  const serverName = optString(ctx, table, "server_name", path)
  if (serverName !== undefined) tls.serverName = serverName
  const dhv = optBoolean(ctx, table, "disable_host_verification", path)
  if (dhv !== undefined) tls.disableHostVerification = dhv
  return tls
}

const parseCodec = (ctx: Ctx, table: Record<string, unknown>, path: ReadonlyArray<string>): ClientConfigCodec => {
  checkKeys(ctx, table, ["endpoint", "auth"], path)
  const codec: Mutable<ClientConfigCodec> = {}
  const endpoint = optString(ctx, table, "endpoint", path)
  if (endpoint !== undefined) codec.endpoint = endpoint
  const auth = optString(ctx, table, "auth", path)
  if (auth !== undefined) codec.auth = Redacted.make(auth)
  return codec
}

const profileKeys = ["address", "namespace", "api_key", "tls", "codec", "grpc_meta"] as const

const parseProfile = (ctx: Ctx, table: Record<string, unknown>, path: ReadonlyArray<string>): ClientConfigProfile => {
  checkKeys(ctx, table, profileKeys, path)
  const profile: Mutable<ClientConfigProfile> = {}
  const address = optString(ctx, table, "address", path)
  if (address !== undefined) profile.address = address
  const namespace = optString(ctx, table, "namespace", path)
  if (namespace !== undefined) profile.namespace = namespace
  const apiKey = optString(ctx, table, "api_key", path)
  if (apiKey !== undefined) profile.apiKey = Redacted.make(apiKey)
  const tls = optTable(ctx, table, "tls", path)
  if (tls !== undefined) profile.tls = parseTls(ctx, tls, [...path, "tls"])
  const codec = optTable(ctx, table, "codec", path)
  if (codec !== undefined) profile.codec = parseCodec(ctx, codec, [...path, "codec"])
  const meta = optTable(ctx, table, "grpc_meta", path)
  if (meta !== undefined) {
    const grpcMeta: Record<string, string> = {}
    for (const key of Object.keys(meta)) {
      const value = optString(ctx, meta, key, [...path, "grpc_meta"])
      if (value !== undefined) grpcMeta[normalizeGrpcMetaKey(key)] = value
    }
    profile.grpcMeta = grpcMeta
  }
  return profile
}

/** The reason of a TOML syntax error, without the excerpt of the document (it may hold secrets). */
const tomlErrorReason = (error: unknown): string => {
  if (error instanceof smolToml().TomlError) {
    const first = error.message.split("\n")[0] ?? ""
    return `${first.replace(/^Invalid TOML document:\s*/, "")} (line ${error.line}, column ${error.column})`
  }
  return "unreadable TOML"
}

/**
 * Parse a config file's text. Unknown keys are ignored unless `strict`;
 * a value of the wrong type, or a `*_path` and `*_data` pair both given, is
 * always an error.
 */
export const fromToml = (
  text: string,
  options: { readonly strict?: boolean | undefined; readonly origin?: string | undefined } = {}
): Result.Result<ClientConfig, Config.ConfigError> => {
  const ctx: Ctx = { origin: options.origin ?? "config data", strict: options.strict ?? false }
  if (text.trim() === "") return Result.succeed({ profiles: {} })
  let document: Record<string, unknown>
  try {
    document = smolToml().parse(text)
  } catch (error) {
    return Result.fail(invalidData([], `Invalid TOML in ${ctx.origin}: ${tomlErrorReason(error)}`))
  }
  try {
    checkKeys(ctx, document, ["profile"], [])
    const table = optTable(ctx, document, "profile", []) ?? {}
    const profiles: Record<string, ClientConfigProfile> = {}
    for (const name of Object.keys(table)) {
      const value = table[name]
      if (!isTable(value)) {
        return invalid(ctx, ["profile", name], `Expected profile "${name}" to be a table, got ${typeName(value)}`)
      }
      profiles[name] = parseProfile(ctx, value, ["profile", name])
    }
    return Result.succeed({ profiles })
  } catch (error) {
    if (error instanceof ParseFailure) return Result.fail(error.error)
    throw error
  }
}

// ---------------------------------------------------------------------------
// model -> TOML
// ---------------------------------------------------------------------------

const writeSource = (
  target: Record<string, unknown>,
  name: string,
  source: DataSource | SecretDataSource | undefined
): void => {
  if (source === undefined) return
  if (source._tag === "Path") target[`${name}_path`] = source.path
  else target[`${name}_data`] = Redacted.isRedacted(source.data) ? Redacted.value(source.data) : source.data
}

/** The TOML text of a config, with the keys the CLI and the SDKs read (secrets written in clear). */
export const toToml = (config: ClientConfig): string => {
  const profiles: Record<string, Record<string, unknown>> = {}
  for (const [name, profile] of Object.entries(config.profiles)) {
    const out: Record<string, unknown> = {}
    if (profile.address !== undefined) out["address"] = profile.address
    if (profile.namespace !== undefined) out["namespace"] = profile.namespace
    if (profile.apiKey !== undefined) out["api_key"] = Redacted.value(profile.apiKey)
    if (profile.tls !== undefined) {
      const tls: Record<string, unknown> = {}
      if (profile.tls.disabled !== undefined) tls["disabled"] = profile.tls.disabled
      writeSource(tls, "client_cert", profile.tls.clientCert)
      writeSource(tls, "client_key", profile.tls.clientKey)
      writeSource(tls, "server_ca_cert", profile.tls.serverCaCert)
      if (profile.tls.serverName !== undefined) tls["server_name"] = profile.tls.serverName
      if (profile.tls.disableHostVerification === true) tls["disable_host_verification"] = true
      out["tls"] = tls
    }
    if (profile.codec !== undefined) {
      const codec: Record<string, unknown> = {}
      if (profile.codec.endpoint !== undefined) codec["endpoint"] = profile.codec.endpoint
      if (profile.codec.auth !== undefined) codec["auth"] = Redacted.value(profile.codec.auth)
      out["codec"] = codec
    }
    if (profile.grpcMeta !== undefined && Object.keys(profile.grpcMeta).length > 0) {
      const meta: Record<string, string> = {}
      for (const [key, value] of Object.entries(profile.grpcMeta)) meta[normalizeGrpcMetaKey(key)] = value
      out["grpc_meta"] = meta
    }
    profiles[name] = out
  }
  return Object.keys(profiles).length === 0 ? "" : smolToml().stringify({ profile: profiles })
}

// ---------------------------------------------------------------------------
// environment variables
// ---------------------------------------------------------------------------

/** The environment variables of Temporal's env config, as read through `Config`. */
export interface EnvVars {
  readonly configFile: Option.Option<string>
  readonly profile: Option.Option<string>
  readonly address: Option.Option<string>
  readonly namespace: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly tls: Option.Option<string>
  readonly tlsClientCertPath: Option.Option<string>
  readonly tlsClientCertData: Option.Option<string>
  readonly tlsClientKeyPath: Option.Option<string>
  readonly tlsClientKeyData: Option.Option<Redacted.Redacted<string>>
  readonly tlsServerCaCertPath: Option.Option<string>
  readonly tlsServerCaCertData: Option.Option<string>
  readonly tlsServerName: Option.Option<string>
  readonly tlsDisableHostVerification: Option.Option<string>
  readonly codecEndpoint: Option.Option<string>
  readonly codecAuth: Option.Option<Redacted.Redacted<string>>
  /** `TEMPORAL_GRPC_META_<NAME>` entries: `[NAME, value]`, in no particular order. */
  readonly grpcMeta: ReadonlyArray<readonly [string, string]>
}

const str = (name: string) => Config.option(Config.String(name))
const secret = (name: string) => Config.option(Config.Redacted(name))

/** Every fixed-name variable; `TEMPORAL_GRPC_META_*` needs enumeration and is read by `readEnvVars`. */
export const fixedEnvVars = Config.all({
  configFile: str("TEMPORAL_CONFIG_FILE"),
  profile: str("TEMPORAL_PROFILE"),
  address: str("TEMPORAL_ADDRESS"),
  namespace: str("TEMPORAL_NAMESPACE"),
  apiKey: secret("TEMPORAL_API_KEY"),
  tls: str("TEMPORAL_TLS"),
  tlsClientCertPath: str("TEMPORAL_TLS_CLIENT_CERT_PATH"),
  tlsClientCertData: str("TEMPORAL_TLS_CLIENT_CERT_DATA"),
  tlsClientKeyPath: str("TEMPORAL_TLS_CLIENT_KEY_PATH"),
  tlsClientKeyData: secret("TEMPORAL_TLS_CLIENT_KEY_DATA"),
  tlsServerCaCertPath: str("TEMPORAL_TLS_SERVER_CA_CERT_PATH"),
  tlsServerCaCertData: str("TEMPORAL_TLS_SERVER_CA_CERT_DATA"),
  tlsServerName: str("TEMPORAL_TLS_SERVER_NAME"),
  tlsDisableHostVerification: str("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"),
  codecEndpoint: str("TEMPORAL_CODEC_ENDPOINT"),
  codecAuth: secret("TEMPORAL_CODEC_AUTH")
})

export const grpcMetaPrefix = "TEMPORAL_GRPC_META_"

/**
 * The value of a listed child, if it holds one (a variable can also have children). A child a
 * provider lists but loads as nothing is a variable set to the empty string (providers hide
 * empty values but still list their names), which removes a header.
 */
const valueOf = (node: ConfigProvider.Node | undefined): Option.Option<string> =>
  node === undefined
    ? Option.some("")
    : node._tag === "Array" || node.value === undefined
    ? Option.none()
    : Option.some(node.value)

/**
 * `TEMPORAL_GRPC_META_*` through the current `ConfigProvider`. A provider
 * lists the children of a path (`fromEnv` splits names at `_`; a nested
 * source at its own levels), so this walks the tree down every branch whose
 * `_`-joined name can still begin with the prefix, and takes every value
 * under it: that works whatever the provider's structure.
 */
export const grpcMetaEnvVars: Effect.Effect<ReadonlyArray<readonly [string, string]>, Config.ConfigError> = Effect
  .gen(function*() {
    const provider = yield* ConfigProvider.ConfigProvider
    const load = (path: ReadonlyArray<string>) =>
      Effect.mapError(provider.load(path), (error) => new Config.ConfigError(error))
    const walk = (
      path: ReadonlyArray<string>,
      depth: number
    ): Effect.Effect<Array<readonly [string, string]>, Config.ConfigError> =>
      depth > 64 ?
        Effect.succeed([]) :
        Effect.flatMap(load(path), (node) =>
          node === undefined || node._tag !== "Record" ? Effect.succeed([]) : Effect.map(
            Effect.forEach([...node.keys], (name) => {
              const segments = [...path, name]
              const joined = segments.join("_")
              const under = joined.startsWith(grpcMetaPrefix)
              const here = under && joined.length > grpcMetaPrefix.length
                ? Effect.map(load(segments), (child) =>
                  Option.match(valueOf(child), {
                    onNone: (): Array<readonly [string, string]> => [],
                    onSome: (value) => [[joined.slice(grpcMetaPrefix.length), value] as const]
                  }))
                : Effect.succeed<Array<readonly [string, string]>>([])
              return under || grpcMetaPrefix.startsWith(`${joined}_`)
                ? Effect.zipWith(here, walk(segments, depth + 1), (a, b) => [...a, ...b])
                : here
            }),
            (nested) =>
              nested.flat()
          ))
    const entries = yield* walk([], 0)
    // Deduplicate (a provider may list one key twice, as `orElse` can).
    const seen = new Map<string, string>()
    for (const [name, value] of entries) if (!seen.has(name)) seen.set(name, value)
    return [...seen.entries()]
  })

/** Every env config variable, through the current `ConfigProvider`. */
export const readEnvVars: Effect.Effect<EnvVars, Config.ConfigError> = Effect.zipWith(
  fixedEnvVars,
  grpcMetaEnvVars,
  (fixed, grpcMeta) => ({ ...fixed, grpcMeta })
)

/** `true`/`1`/`false`/`0`, any case; anything else is ignored (as the CLI and the core SDK do). */
export const parseEnvBool = (value: string): Option.Option<boolean> => {
  switch (value.toLowerCase()) {
    case "true":
    case "1":
      return Option.some(true)
    case "false":
    case "0":
      return Option.some(false)
    default:
      return Option.none()
  }
}

const applySource = <S extends DataSource | SecretDataSource, A>(
  current: S | undefined,
  what: string,
  pathVar: string,
  path: Option.Option<string>,
  dataVar: string,
  data: Option.Option<A>,
  makePath: (path: string) => S,
  makeData: (data: A) => S
): Result.Result<S | undefined, Config.ConfigError> => {
  const tomlName = what.toLowerCase().replaceAll(" ", "_")
  if (Option.isSome(path) && Option.isSome(data)) {
    return Result.fail(invalidData([pathVar], `Cannot specify both ${pathVar} and ${dataVar}`))
  }
  if (Option.isSome(path)) {
    if (current?._tag === "Data") {
      return Result.fail(invalidData(
        [pathVar],
        `Cannot specify the ${what} path with ${pathVar} when ${tomlName}_data is already given`
      ))
    }
    return Result.succeed(makePath(path.value))
  }
  if (Option.isSome(data)) {
    if (current?._tag === "Path") {
      return Result.fail(invalidData(
        [dataVar],
        `Cannot specify the ${what} data with ${dataVar} when ${tomlName}_path is already given`
      ))
    }
    return Result.succeed(makeData(data.value))
  }
  return Result.succeed(current)
}

const pathSource = (path: string) => ({ _tag: "Path" as const, path })

/** Apply the environment variables over a profile: a set variable wins over the file's value. */
export const applyEnvVars = (
  profile: ClientConfigProfile,
  env: EnvVars
): Result.Result<ClientConfigProfile, Config.ConfigError> =>
  Result.gen(function*() {
    const out: Mutable<ClientConfigProfile> = { ...profile }
    if (Option.isSome(env.address)) out.address = env.address.value
    if (Option.isSome(env.namespace)) out.namespace = env.namespace.value
    if (Option.isSome(env.apiKey)) out.apiKey = env.apiKey.value

    // A boolean variable counts only with a boolean value: the CLI does not turn TLS on for
    // `TEMPORAL_TLS=` or `TEMPORAL_TLS=junk` (the core SDK would).
    const enabled = Option.flatMap(env.tls, parseEnvBool)
    const dhv = Option.flatMap(env.tlsDisableHostVerification, parseEnvBool)
    const anyTls = [
      enabled,
      dhv,
      env.tlsClientCertPath,
      env.tlsClientCertData,
      env.tlsClientKeyPath,
      env.tlsClientKeyData,
      env.tlsServerCaCertPath,
      env.tlsServerCaCertData,
      env.tlsServerName
    ].some((value: Option.Option<unknown>) => Option.isSome(value))
    if (out.tls !== undefined || anyTls) {
      const tls: Mutable<ClientConfigTls> = { ...out.tls }
      if (Option.isSome(enabled)) tls.disabled = !enabled.value
      const clientCert = yield* applySource(
        tls.clientCert,
        "client cert",
        "TEMPORAL_TLS_CLIENT_CERT_PATH",
        env.tlsClientCertPath,
        "TEMPORAL_TLS_CLIENT_CERT_DATA",
        env.tlsClientCertData,
        pathSource,
        (data) => ({ _tag: "Data" as const, data })
      )
      if (clientCert !== undefined) tls.clientCert = clientCert
      const clientKey = yield* applySource(
        tls.clientKey,
        "client key",
        "TEMPORAL_TLS_CLIENT_KEY_PATH",
        env.tlsClientKeyPath,
        "TEMPORAL_TLS_CLIENT_KEY_DATA",
        env.tlsClientKeyData,
        pathSource,
        (data) => ({ _tag: "Data" as const, data })
      )
      if (clientKey !== undefined) tls.clientKey = clientKey
      const ca = yield* applySource(
        tls.serverCaCert,
        "server CA cert",
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
        env.tlsServerCaCertPath,
        "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
        env.tlsServerCaCertData,
        pathSource,
        (data) => ({ _tag: "Data" as const, data })
      )
      if (ca !== undefined) tls.serverCaCert = ca
      if (Option.isSome(env.tlsServerName)) tls.serverName = env.tlsServerName.value
      if (Option.isSome(dhv)) tls.disableHostVerification = dhv.value
      out.tls = tls
    }

    if (out.codec !== undefined || Option.isSome(env.codecEndpoint) || Option.isSome(env.codecAuth)) {
      const codec: Mutable<ClientConfigCodec> = { ...out.codec }
      if (Option.isSome(env.codecEndpoint)) codec.endpoint = env.codecEndpoint.value
      if (Option.isSome(env.codecAuth)) codec.auth = env.codecAuth.value
      out.codec = codec
    }

    if (env.grpcMeta.length > 0) {
      const meta: Record<string, string> = { ...out.grpcMeta }
      for (const [name, value] of env.grpcMeta) {
        const key = normalizeGrpcMetaKey(name)
        // An empty value removes the header.
        if (value === "") delete meta[key]
        else meta[key] = value
      }
      out.grpcMeta = meta
    }
    return out
  })

/** Variables that were set to something other than a boolean where a boolean is expected. */
export const invalidBooleans = (env: EnvVars): ReadonlyArray<string> => {
  const invalid = (value: Option.Option<string>) =>
    Option.isSome(value) && value.value !== "" && Option.isNone(parseEnvBool(value.value))
  return [
    ...(invalid(env.tls) ? ["TEMPORAL_TLS"] : []),
    ...(invalid(env.tlsDisableHostVerification) ? ["TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"] : [])
  ]
}

// ---------------------------------------------------------------------------
// locating and reading the file
// ---------------------------------------------------------------------------

/**
 * `<user config dir>/temporalio/temporal.toml`: `%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` (when absolute)
 * or `~/.config` elsewhere, as Go's `os.UserConfigDir` and Rust's `dirs` say.
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

/** The default config file path, with `HOME`, `XDG_CONFIG_HOME` and `APPDATA` read through `Config`. */
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
      safeHomedir()
    )
)

const safeHomedir = (): string => {
  try {
    return os.homedir()
  } catch {
    return ""
  }
}

const decoder = new TextDecoder()

/** The config file's text and where it came from; a missing file reads as empty. */
const readConfigText = (
  options: LoadOptions,
  env: Pick<EnvVars, "configFile">
): Effect.Effect<{ readonly text: string; readonly origin: string }, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    if (options.configData !== undefined) {
      const text = typeof options.configData === "string" ? options.configData : decoder.decode(options.configData)
      return { text, origin: "config data" }
    }
    const fromEnv = Option.filter(env.configFile, (p) => p !== "")
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

/** The whole config file (located by option, `TEMPORAL_CONFIG_FILE`, or the default path). */
export const load = (
  options: LoadOptions = {}
): Effect.Effect<ClientConfig, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const configFile = options.configFile !== undefined || options.configData !== undefined
      ? Option.none<string>()
      : yield* str("TEMPORAL_CONFIG_FILE")
    return yield* loadWith(options, { configFile })
  })

const loadWith = (options: LoadOptions, env: Pick<EnvVars, "configFile">) =>
  Effect.flatMap(
    readConfigText(options, env),
    ({ origin, text }) => Effect.fromResult(fromToml(text, { strict: options.strict, origin }))
  )

/**
 * One profile: from the file (the profile named by option, `TEMPORAL_PROFILE`
 * or `default`; a missing `default` profile is empty, a missing named one an
 * error), then the environment variables over it.
 */
export const loadProfile = (
  options: LoadProfileOptions = {}
): Effect.Effect<ClientConfigProfile, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    if (options.disableFile === true && options.disableEnv === true) {
      return yield* Effect.fail(invalidData([], "Cannot disable both file and environment loading"))
    }
    const env = yield* readEnvVars
    let profile: ClientConfigProfile = {}
    if (options.disableFile !== true) {
      const { origin, text } = yield* readConfigText(options, env)
      const config = yield* Effect.fromResult(fromToml(text, { strict: options.strict, origin }))
      const fromEnv = options.disableEnv === true ? Option.none() : Option.filter(env.profile, (p) => p !== "")
      const name = options.profile ?? (Option.isSome(fromEnv) ? fromEnv.value : undefined)
      const found = config.profiles[name ?? defaultProfile]
      if (found !== undefined) profile = found
      else if (name !== undefined) {
        return yield* Effect.fail(missingData(["profile", name], `Profile "${name}" not found in ${origin}`))
      }
    }
    if (options.disableEnv !== true) {
      const bad = invalidBooleans(env)
      if (bad.length > 0) {
        yield* Effect.logWarning(`envconfig: ${bad.join(", ")} is not true/false/1/0; ignored`)
      }
      profile = yield* Effect.fromResult(applyEnvVars(profile, env))
    }
    return profile
  })

/** Write a config as TOML (mode 0600: it may hold secrets). */
export const writeFile = (
  path: string,
  config: ClientConfig
): Effect.Effect<void, Config.ConfigError, FileSystem.FileSystem> =>
  Effect.flatMap(fileSystem, (fs) =>
    fs.writeFileString(path, toToml(config), { mode: 0o600 }).pipe(
      Effect.mapError((error) => sourceUnavailable(`Cannot write config file ${path}`, error))
    ))

// ---------------------------------------------------------------------------
// layerConfig options
// ---------------------------------------------------------------------------

const loadKeys = ["profile", "configFile", "configData", "strict", "disableFile", "disableEnv"] as const

/** Split `layerConfig` options into what says where to load from and the explicit overrides. */
export const splitLayerConfigOptions = <O extends LoadProfileOptions>(
  options: O
): { readonly load: LoadProfileOptions; readonly overrides: Omit<O, (typeof loadKeys)[number]> } => {
  const load: Record<string, unknown> = {}
  const overrides: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    if ((loadKeys as ReadonlyArray<string>).includes(key)) load[key] = value
    else overrides[key] = value
  }
  return { load: load as LoadProfileOptions, overrides: overrides as Omit<O, (typeof loadKeys)[number]> }
}

/** Explicit options over the loaded ones; `rpcMetadata` merged header by header. */
export const mergeConnectionOptions = <O extends ConnectionOptions>(
  loaded: ConnectionOptions,
  overrides: O
): ConnectionOptions & O => {
  const merged = Object.assign({}, loaded, overrides) as Record<string, unknown>
  if (loaded.rpcMetadata !== undefined && overrides.rpcMetadata !== undefined) {
    merged["rpcMetadata"] = { ...loaded.rpcMetadata, ...overrides.rpcMetadata }
  }
  return merged as ConnectionOptions & O
}
