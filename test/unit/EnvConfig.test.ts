/**
 * Temporal env config: TOML parsing (lenient and strict), path/data exclusivity, the TOML writer,
 * environment variables through `ConfigProvider` and their precedence over the file,
 * `TEMPORAL_GRPC_META_*`, profile selection, the default file path, TLS decisions and TLS files,
 * secrets kept out of errors, decode errors naming the key's path, and `Connection.layerConfig` against an
 * mTLS fake server.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as nodePath from "node:path"
import { inspect } from "node:util"
import * as Connection from "../../src/Connection.js"
import * as EnvConfig from "../../src/EnvConfig.js"
import { defaultConfigFilePath } from "../../src/internal/envConfig.js"
import { layerConfig } from "../../src/layers/ConnectionConfig.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { makePki } from "../support/certs.js"

/**
 * Run with `vars` as the configuration: one path segment per variable name, or, with
 * `pathDelim: "_"`, names split at `_` as `ConfigProvider.fromEnv` does.
 */
const env = (vars: Record<string, string>, options?: { readonly pathDelim?: string }) =>
  Effect.provideService(
    ConfigProvider.ConfigProvider,
    options?.pathDelim === "_" ? ConfigProvider.fromEnv({ env: vars }) : ConfigProvider.fromUnknown(vars)
  )

/** No variables at all, so the machine's environment never leaks into a test. */
const noEnv = env({})

const parse = (text: string, strict = false) => Result.getOrThrow(EnvConfig.fromToml(text, { strict }))

const parseError = (text: string, strict = false): Config.ConfigError => {
  const result = EnvConfig.fromToml(text, { strict })
  assert.isTrue(Result.isFailure(result), "expected a ConfigError")
  return Result.getFailure(result).pipe((o) => o._tag === "Some" ? o.value : assert.fail("no error"))
}

/** What a `ConfigError` says is wrong: a value (`InvalidData`), a missing value, or a source that cannot be read. */
const kindOf = (error: Config.ConfigError): "InvalidData" | "MissingData" | "SourceUnavailable" => {
  if (error.cause._tag === "SourceError") return "SourceUnavailable"
  let issue = error.cause.issue
  while (issue._tag === "Pointer") issue = issue.issue
  return issue._tag === "MissingKey" ? "MissingData" : "InvalidData"
}

/** The path of the value a `ConfigError` is about. */
const pathOf = (error: Config.ConfigError): ReadonlyArray<PropertyKey> => {
  if (error.cause._tag === "SourceError") return []
  const path: Array<PropertyKey> = []
  let issue = error.cause.issue
  while (issue._tag === "Pointer") {
    path.push(...issue.path)
    issue = issue.issue
  }
  return path
}

/** Every way an error could be shown. */
const renderings = (error: Config.ConfigError): ReadonlyArray<string> => [
  String(error),
  JSON.stringify(error),
  inspect(error, { depth: 10 }),
  Cause.pretty(Cause.fail(error)),
  "message" in error ? String(error.message) : ""
]

const full = `
[profile.default]
address = "localhost:7233"
namespace = "default"
api_key = "key-default-123"

[profile.default.tls]
disabled = false
client_cert_path = "/path/to/cert"
client_key_data = "KEY-PEM-SECRET"
server_ca_cert_data = "CA-PEM"
server_name = "my-server"
disable_host_verification = true

[profile.default.codec]
endpoint = "https://codec.example"
auth = "Bearer codec-secret"

[profile.default.grpc_meta]
custom_header = "v1"
Another-Header = "v2"

[profile.prod]
address = "prod.tmprl.cloud:7233"
namespace = "prod.ns"
`

describe("EnvConfig.fromToml", () => {
  it("reads every key of every profile, secrets Redacted", () => {
    const config = parse(full)
    assert.deepStrictEqual(Object.keys(config.profiles).sort(), ["default", "prod"])
    const p = config.profiles["default"]!
    assert.strictEqual(p.address, "localhost:7233")
    assert.strictEqual(p.namespace, "default")
    assert.isTrue(Redacted.isRedacted(p.apiKey))
    assert.strictEqual(Redacted.value(p.apiKey!), "key-default-123")
    assert.strictEqual(p.tls?.disabled, false)
    assert.deepStrictEqual(p.tls?.clientCert, { _tag: "Path", path: "/path/to/cert" })
    assert.strictEqual(p.tls?.clientKey?._tag, "Data")
    assert.strictEqual(
      p.tls?.clientKey?._tag === "Data" ? Redacted.value(p.tls.clientKey.data) : undefined,
      "KEY-PEM-SECRET"
    )
    assert.deepStrictEqual(p.tls?.serverCaCert, { _tag: "Data", data: "CA-PEM" })
    assert.strictEqual(p.tls?.serverName, "my-server")
    assert.strictEqual(p.tls?.disableHostVerification, true)
    assert.strictEqual(p.codec?.endpoint, "https://codec.example")
    assert.strictEqual(Redacted.value(p.codec!.auth!), "Bearer codec-secret")
    assert.deepStrictEqual(p.grpcMeta, { "custom-header": "v1", "another-header": "v2" })
    assert.deepStrictEqual(config.profiles["prod"], { address: "prod.tmprl.cloud:7233", namespace: "prod.ns" })
  })

  it("an empty document has no profiles", () => {
    assert.deepStrictEqual(parse(""), { profiles: {} })
    assert.deepStrictEqual(parse("  \n# only a comment\n"), { profiles: {} })
  })

  it("ignores unknown keys unless strict; strict mode names the key", () => {
    const text = `[profile.a]\naddress = "x"\nbogus_key = 1\n[profile.a.tls]\nserver_nme = "typo"\n`
    assert.deepStrictEqual(parse(text), { profiles: { a: { address: "x", tls: {} } } })
    const error = parseError(text, true)
    assert.strictEqual(kindOf(error), "InvalidData")
    assert.include(String(error), "bogus_key")
    assert.deepStrictEqual(pathOf(error), ["profile", "a", "bogus_key"])

    const tlsError = parseError(`[profile.a.tls]\nserver_nme = "typo"\n`, true)
    assert.include(String(tlsError), "server_nme")
    const topError = parseError(`[profiles.a]\naddress = "x"\n`, true)
    assert.include(String(topError), "profiles")
    const codecError = parseError(`[profile.a.codec]\nendpont = "x"\n`, true)
    assert.include(String(codecError), "endpont")
    // grpc_meta takes any header name, strict or not.
    assert.deepStrictEqual(parse(`[profile.a.grpc_meta]\nanything_goes = "1"\n`, true).profiles["a"]?.grpcMeta, {
      "anything-goes": "1"
    })
  })

  it("a path and data pair both given is an error naming both keys", () => {
    for (const name of ["client_cert", "client_key", "server_ca_cert"]) {
      const error = parseError(`[profile.a.tls]\n${name}_path = "/x"\n${name}_data = "secret-data"\n`)
      const text = String(error)
      assert.include(text, `${name}_path`)
      assert.include(text, `${name}_data`)
      assert.notInclude(text, "secret-data")
    }
  })

  it("a value of the wrong type is an error that does not show the value", () => {
    const error = parseError(`[profile.a]\napi_key = 12345678\n`)
    assert.include(String(error), "api_key")
    assert.include(String(error), "string")
    for (const text of renderings(error)) assert.notInclude(text, "12345678")
    assert.include(String(parseError(`[profile.a.tls]\ndisabled = "yes"\n`)), "boolean")
    assert.include(String(parseError(`profile = 1\n`)), "table")
  })

  it("a value of the wrong kind at a nested key names the key's path, the kinds and the origin", () => {
    const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, string]> = [
      [`[profile.a.tls]\ndisabled = "yes"\n`, ["profile", "a", "tls", "disabled"], "Expected a boolean, got a string"],
      [`[profile.a.codec]\nauth = 42\n`, ["profile", "a", "codec", "auth"], "Expected a string, got a number"],
      [`[profile.a]\ntls = 1979-05-27\n`, ["profile", "a", "tls"], "Expected a table, got a date"],
      [`[profile.a]\ncodec = ["x"]\n`, ["profile", "a", "codec"], "Expected a table, got an array"],
      [`[profile]\na = true\n`, ["profile", "a"], "Expected a table, got a boolean"]
    ]
    for (const [text, path, message] of cases) {
      const error = parseError(text)
      assert.strictEqual(kindOf(error), "InvalidData")
      assert.deepStrictEqual(pathOf(error), path)
      assert.include(String(error), `${path.join(".")}: ${message} (in config data)`)
    }
    const odd = parseError(`[profile."my p".grpc_meta]\nsome-key = 7\n`)
    assert.deepStrictEqual(pathOf(odd), ["profile", "my p", "grpc_meta", "some-key"])
    assert.include(String(odd), `profile["my p"].grpc_meta["some-key"]: Expected a string, got a number`)
  })

  it.effect("a decode error names the file it comes from", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const file = nodePath.join(dir, "temporal.toml")
      yield* fs.writeFileString(file, `[profile.default.tls]\nserver_name = false\n`)
      const error = yield* Effect.flip(EnvConfig.load({ configFile: file }))
      assert.deepStrictEqual(pathOf(error), ["profile", "default", "tls", "server_name"])
      assert.include(String(error), `profile.default.tls.server_name: Expected a string, got a boolean (in ${file})`)
    }).pipe(Effect.scoped, noEnv, Effect.provide(NodeServices.layer)))

  it("strict mode and path/data pairs fail at the key's path", () => {
    const unknown = parseError(`[profile.a.tls]\nserver_nme = "typo"\n`, true)
    assert.deepStrictEqual(pathOf(unknown), ["profile", "a", "tls", "server_nme"])
    assert.include(String(unknown), "profile.a.tls.server_nme: Unknown key (strict mode; known keys: disabled,")
    const top = parseError(`[profiles.a]\naddress = "x"\n`, true)
    assert.deepStrictEqual(pathOf(top), ["profiles"])
    assert.include(String(top), "known keys: profile)")
    const pair = parseError(`[profile.a.tls]\nserver_ca_cert_path = "/ca"\nserver_ca_cert_data = ""\n`)
    assert.deepStrictEqual(pathOf(pair), ["profile", "a", "tls", "server_ca_cert_path"])
  })

  it("a TOML syntax error gives line and column but never the text around it", () => {
    const error = parseError(`[profile.a]\napi_key = "super-secret-key\n`)
    assert.include(String(error), "line 2")
    for (const text of renderings(error)) assert.notInclude(text, "super-secret-key")
  })

  it("empty *_data counts as unset", () => {
    assert.deepStrictEqual(parse(`[profile.a.tls]\nclient_cert_data = ""\n`).profiles["a"]?.tls, {})
  })

  it("reads what the temporal CLI writes (indented tables, normalized grpc_meta)", () => {
    // Written by `temporal config set` (CLI 1.9.1).
    const written = `[profile]
  [profile.p1]
    address = "h:1"
    api_key = "sekret"
    namespace = "ns1"
    [profile.p1.codec]
      auth = "tok"
      endpoint = "http://c"
    [profile.p1.grpc_meta]
      some-key = "v2"
      x-foo = "bar"
    [profile.p1.tls]
      client_cert_path = "/a/c.pem"
      client_key_data = "KEYDATA"
      disable_host_verification = true
      server_ca_cert_path = "/a/ca.pem"
      server_name = "sn"
`
    const p = parse(written, true).profiles["p1"]!
    assert.strictEqual(p.address, "h:1")
    assert.strictEqual(p.namespace, "ns1")
    assert.deepStrictEqual(p.grpcMeta, { "some-key": "v2", "x-foo": "bar" })
    assert.deepStrictEqual(p.tls?.serverCaCert, { _tag: "Path", path: "/a/ca.pem" })
  })
})

describe("EnvConfig.toToml", () => {
  const encode = Schema.encodeSync(EnvConfig.ClientConfig)

  it("round-trips every field", () => {
    const config = parse(full)
    const text = EnvConfig.toToml(config)
    assert.deepStrictEqual(encode(parse(text, true)), encode(config))
    assert.include(text, "[profile.default.tls]")
    assert.include(text, `api_key = "key-default-123"`)
    assert.include(text, `client_key_data = "KEY-PEM-SECRET"`)
    assert.include(text, `custom-header = "v1"`)
  })

  it("keeps the tri-state of tls.disabled", () => {
    for (const disabled of [undefined, false, true] as const) {
      const config: EnvConfig.ClientConfig = {
        profiles: { t: { address: "localhost:7233", tls: disabled === undefined ? {} : { disabled } } }
      }
      const text = EnvConfig.toToml(config)
      if (disabled === undefined) assert.notInclude(text, "disabled")
      else assert.include(text, `disabled = ${disabled}`)
      assert.deepStrictEqual(parse(text).profiles["t"]?.tls?.disabled, disabled)
    }
  })

  it("writes grpc_meta keys normalized, quotes odd profile names, and nothing for no profiles", () => {
    const text = EnvConfig.toToml({ profiles: { "my profile": { grpcMeta: { My_Header: "x" } } } })
    assert.deepStrictEqual(parse(text).profiles["my profile"]?.grpcMeta, { "my-header": "x" })
    assert.strictEqual(EnvConfig.toToml({ profiles: {} }), "")
  })

  it.effect("writeFile writes what load reads", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const file = nodePath.join(dir, "temporal.toml")
      const config = parse(full)
      yield* EnvConfig.writeFile(file, config)
      const loaded = yield* EnvConfig.load({ configFile: file, strict: true })
      assert.deepStrictEqual(encode(loaded), encode(config))
    }).pipe(Effect.scoped, noEnv, Effect.provide(NodeServices.layer)))
})

describe("EnvConfig.loadProfile", () => {
  const file = `
[profile.default]
address = "file-address:7233"
namespace = "file-ns"
[profile.default.grpc_meta]
from_file = "f"
keep = "k"
[profile.other]
address = "other:7233"
`
  const run = <A, E>(
    effect: Effect.Effect<A, E, FileSystem.FileSystem>,
    vars: Record<string, string>,
    options?: { readonly pathDelim?: string }
  ) => effect.pipe(env(vars, options), Effect.provide(NodeServices.layer))

  it.effect("environment variables win over the file, field by field", () =>
    Effect.gen(function*() {
      const p = yield* run(EnvConfig.loadProfile({ configData: file }), {
        TEMPORAL_ADDRESS: "env-address:7233",
        TEMPORAL_API_KEY: "env-key",
        TEMPORAL_CODEC_ENDPOINT: "http://codec"
      })
      assert.strictEqual(p.address, "env-address:7233")
      assert.strictEqual(p.namespace, "file-ns")
      assert.strictEqual(Redacted.value(p.apiKey!), "env-key")
      assert.strictEqual(p.codec?.endpoint, "http://codec")
      assert.deepStrictEqual(p.grpcMeta, { "from-file": "f", keep: "k" })
    }))

  it.effect("TEMPORAL_GRPC_META_X_FOO is header x-foo, with either ConfigProvider delimiter; empty removes", () =>
    Effect.gen(function*() {
      const vars = {
        TEMPORAL_GRPC_META_X_FOO: "bar",
        TEMPORAL_GRPC_META_SOME_LONG_NAME: "v",
        TEMPORAL_GRPC_META_FROM_FILE: "",
        TEMPORAL_GRPC_METADATA: "not a header",
        OTHER_VAR: "x"
      }
      const expected = { "x-foo": "bar", "some-long-name": "v", keep: "k" }
      // fromMap's default delimiter "." (each variable one path segment)
      assert.deepStrictEqual((yield* run(EnvConfig.loadProfile({ configData: file }), vars)).grpcMeta, expected)
      // "_" as ConfigProvider.fromEnv splits names
      assert.deepStrictEqual(
        (yield* run(EnvConfig.loadProfile({ configData: file }), vars, { pathDelim: "_" })).grpcMeta,
        expected
      )
      // and the other variables also read with "_" as delimiter
      const p = yield* run(EnvConfig.loadProfile({ disableFile: true }), {
        TEMPORAL_ADDRESS: "a:1",
        TEMPORAL_TLS_SERVER_NAME: "sni"
      }, { pathDelim: "_" })
      assert.strictEqual(p.address, "a:1")
      assert.strictEqual(p.tls?.serverName, "sni")
    }))

  it.effect("the profile comes from the option, else TEMPORAL_PROFILE, else default", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* run(EnvConfig.loadProfile({ configData: file }), {})).address, "file-address:7233")
      assert.strictEqual(
        (yield* run(EnvConfig.loadProfile({ configData: file }), { TEMPORAL_PROFILE: "other" })).address,
        "other:7233"
      )
      assert.strictEqual(
        (yield* run(EnvConfig.loadProfile({ configData: file, profile: "default" }), { TEMPORAL_PROFILE: "other" }))
          .address,
        "file-address:7233"
      )
      const missing = yield* Effect.flip(run(EnvConfig.loadProfile({ configData: file, profile: "nope" }), {}))
      assert.strictEqual(kindOf(missing), "MissingData")
      assert.include(String(missing), "nope")
      // a missing default profile is fine
      assert.deepStrictEqual(yield* run(EnvConfig.loadProfile({ configData: "[profile.x]\n" }), {}), {})
    }))

  it.effect("TEMPORAL_CONFIG_FILE locates the file; a missing file is empty; the default path uses HOME", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const path = nodePath.join(dir, "custom.toml")
      yield* fs.writeFileString(path, file)
      assert.strictEqual(
        (yield* run(EnvConfig.loadProfile(), { TEMPORAL_CONFIG_FILE: path })).address,
        "file-address:7233"
      )
      assert.deepStrictEqual(
        yield* run(EnvConfig.loadProfile(), { TEMPORAL_CONFIG_FILE: nodePath.join(dir, "absent.toml") }),
        {}
      )
      if (process.platform === "linux") {
        yield* fs.makeDirectory(nodePath.join(dir, ".config", "temporalio"), { recursive: true })
        yield* fs.writeFileString(nodePath.join(dir, ".config", "temporalio", "temporal.toml"), file)
        assert.strictEqual((yield* run(EnvConfig.loadProfile(), { HOME: dir })).namespace, "file-ns")
        const xdg = nodePath.join(dir, "xdg")
        yield* fs.makeDirectory(nodePath.join(xdg, "temporalio"), { recursive: true })
        yield* fs.writeFileString(
          nodePath.join(xdg, "temporalio", "temporal.toml"),
          "[profile.default]\nnamespace = \"xdg\"\n"
        )
        assert.strictEqual((yield* run(EnvConfig.loadProfile(), { HOME: dir, XDG_CONFIG_HOME: xdg })).namespace, "xdg")
      }
    }).pipe(Effect.scoped, Effect.provide(NodeServices.layer)))

  it("the default path is the user config dir of each platform", () => {
    assert.strictEqual(
      defaultConfigFilePath("linux", { HOME: "/home/u" }, "/x"),
      "/home/u/.config/temporalio/temporal.toml"
    )
    assert.strictEqual(
      defaultConfigFilePath("linux", { HOME: "/home/u", XDG_CONFIG_HOME: "/cfg" }, "/x"),
      "/cfg/temporalio/temporal.toml"
    )
    assert.strictEqual(
      defaultConfigFilePath("linux", { XDG_CONFIG_HOME: "relative" }, "/h"),
      "/h/.config/temporalio/temporal.toml"
    )
    assert.strictEqual(
      defaultConfigFilePath("darwin", { HOME: "/Users/u" }, "/x"),
      "/Users/u/Library/Application Support/temporalio/temporal.toml"
    )
    assert.strictEqual(
      defaultConfigFilePath("win32", { APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "C:\\Users\\u"),
      "C:\\Users\\u\\AppData\\Roaming\\temporalio\\temporal.toml"
    )
  })

  it.effect("strict mode applies to the file", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        run(EnvConfig.loadProfile({ configData: `[profile.default]\nadress = "typo"\n`, strict: true }), {})
      )
      assert.include(String(error), "adress")
      assert.deepStrictEqual(
        yield* run(EnvConfig.loadProfile({ configData: `[profile.default]\nadress = "typo"\n` }), {}),
        {}
      )
    }))

  it.effect("TLS variables: path and data exclusive, also across file and environment", () =>
    Effect.gen(function*() {
      const both = yield* Effect.flip(run(EnvConfig.loadProfile({ disableFile: true }), {
        TEMPORAL_TLS_CLIENT_CERT_PATH: "/c.pem",
        TEMPORAL_TLS_CLIENT_CERT_DATA: "data"
      }))
      assert.include(String(both), "TEMPORAL_TLS_CLIENT_CERT_PATH")
      assert.include(String(both), "TEMPORAL_TLS_CLIENT_CERT_DATA")
      const across = yield* Effect.flip(
        run(EnvConfig.loadProfile({ configData: `[profile.default.tls]\nclient_key_data = "KEY"\n` }), {
          TEMPORAL_TLS_CLIENT_KEY_PATH: "/k.pem"
        })
      )
      assert.include(String(across), "TEMPORAL_TLS_CLIENT_KEY_PATH")
      assert.include(String(across), "client_key_data")
      // a variable of the same kind replaces the file's value
      const p = yield* run(
        EnvConfig.loadProfile({ configData: `[profile.default.tls]\nserver_ca_cert_path = "/file.pem"\n` }),
        { TEMPORAL_TLS_SERVER_CA_CERT_PATH: "/env.pem", TEMPORAL_TLS_CLIENT_KEY_DATA: "ENV-KEY" }
      )
      assert.deepStrictEqual(p.tls?.serverCaCert, { _tag: "Path", path: "/env.pem" })
      assert.isTrue(p.tls?.clientKey?._tag === "Data" && Redacted.isRedacted(p.tls.clientKey.data))
    }))

  it.effect("TEMPORAL_TLS sets tls.disabled the other way round; non-booleans are ignored", () =>
    Effect.gen(function*() {
      const on = yield* run(EnvConfig.loadProfile({ disableFile: true }), { TEMPORAL_TLS: "true" })
      assert.deepStrictEqual(on.tls, { disabled: false })
      const off = yield* run(EnvConfig.loadProfile({ disableFile: true }), { TEMPORAL_TLS: "0" })
      assert.deepStrictEqual(off.tls, { disabled: true })
      // As the CLI: a variable without a boolean value does not count as set (no tls table).
      const junk = yield* run(EnvConfig.loadProfile({ disableFile: true }), { TEMPORAL_TLS: "garbage" })
      assert.isUndefined(junk.tls)
      const empty = yield* run(EnvConfig.loadProfile({ disableFile: true }), { TEMPORAL_TLS: "" })
      assert.isUndefined(empty.tls)
      const kept = yield* run(EnvConfig.loadProfile({ configData: "[profile.default.tls]\ndisabled = true\n" }), {
        TEMPORAL_TLS: "junk"
      })
      assert.deepStrictEqual(kept.tls, { disabled: true })
    }))

  it.effect("disableEnv ignores the variables; disabling both is an error", () =>
    Effect.gen(function*() {
      const p = yield* run(EnvConfig.loadProfile({ configData: file, disableEnv: true }), {
        TEMPORAL_ADDRESS: "env:1",
        TEMPORAL_PROFILE: "other"
      })
      assert.strictEqual(p.address, "file-address:7233")
      const error = yield* Effect.flip(run(EnvConfig.loadProfile({ disableEnv: true, disableFile: true }), {}))
      assert.strictEqual(error._tag, "ConfigError")
    }))
})

describe("EnvConfig.toConnectionOptions", () => {
  const options = (profile: EnvConfig.ClientConfigProfile) =>
    EnvConfig.toConnectionOptions(profile).pipe(Effect.provide(NodeServices.layer))

  it.effect("an API key turns TLS on, unless tls.disabled", () =>
    Effect.gen(function*() {
      const key = Redacted.make("k")
      assert.strictEqual((yield* options({ apiKey: key })).tls, true)
      assert.strictEqual((yield* options({ apiKey: key, tls: { disabled: true } })).tls, false)
      assert.strictEqual((yield* options({})).tls, false)
      assert.deepStrictEqual((yield* options({ tls: {} })).tls, {})
      assert.strictEqual((yield* options({ tls: { disabled: true } })).tls, false)
      // through the environment alone
      const fromEnv = yield* EnvConfig.loadConnectionOptions({ disableFile: true }).pipe(
        env({ TEMPORAL_API_KEY: "secret-api-key", TEMPORAL_ADDRESS: "cloud:7233", TEMPORAL_NAMESPACE: "ns.acct" }),
        Effect.provide(NodeServices.layer)
      )
      assert.strictEqual(fromEnv.tls, true)
      assert.strictEqual(fromEnv.address, "cloud:7233")
      assert.strictEqual(fromEnv.namespace, "ns.acct")
      assert.strictEqual(Redacted.value(fromEnv.apiKey as Redacted.Redacted<string>), "secret-api-key")
      assert.notInclude(inspect(fromEnv, { depth: 10 }), "secret-api-key")
      assert.notInclude(JSON.stringify(fromEnv), "secret-api-key")
      const off = yield* EnvConfig.loadConnectionOptions({ disableFile: true }).pipe(
        env({ TEMPORAL_API_KEY: "k", TEMPORAL_TLS: "false" }),
        Effect.provide(NodeServices.layer)
      )
      assert.strictEqual(off.tls, false)
    }))

  it.effect("grpc_meta is rpcMetadata; server_name is serverNameOverride; data is used as is", () =>
    Effect.gen(function*() {
      const o = yield* options({
        grpcMeta: { "x-a": "1" },
        tls: {
          serverName: "sni",
          serverCaCert: { _tag: "Data", data: "CA" },
          clientCert: { _tag: "Data", data: "CERT" },
          clientKey: { _tag: "Data", data: Redacted.make("KEY") }
        }
      })
      assert.deepStrictEqual(o.rpcMetadata, { "x-a": "1" })
      assert.isTrue(typeof o.tls === "object")
      if (typeof o.tls === "object") {
        assert.strictEqual(o.tls.serverNameOverride, "sni")
        assert.strictEqual(o.tls.serverRootCaCert, "CA")
        assert.strictEqual(o.tls.clientCert, "CERT")
        assert.strictEqual(Redacted.value(o.tls.clientPrivateKey!), "KEY")
      }
    }))

  it.effect("certificate and key files are read with FileSystem (NodeServices.layer)", () =>
    Effect.gen(function*() {
      const pki = makePki()
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const path = (name: string) => nodePath.join(dir, name)
      yield* fs.writeFileString(path("ca.pem"), pki.ca.cert)
      yield* fs.writeFileString(path("client.pem"), pki.client.cert)
      yield* fs.writeFileString(path("client.key"), pki.client.key)
      const o = yield* EnvConfig.loadConnectionOptions({ disableFile: true }).pipe(
        env({
          TEMPORAL_TLS_SERVER_CA_CERT_PATH: path("ca.pem"),
          TEMPORAL_TLS_CLIENT_CERT_PATH: path("client.pem"),
          TEMPORAL_TLS_CLIENT_KEY_PATH: path("client.key")
        })
      )
      assert.isTrue(typeof o.tls === "object")
      if (typeof o.tls === "object") {
        const text = (pem: unknown) => new TextDecoder().decode(pem as Uint8Array)
        assert.strictEqual(text(o.tls.serverRootCaCert), pki.ca.cert)
        assert.strictEqual(text(o.tls.clientCert), pki.client.cert)
        assert.strictEqual(text(Redacted.value(o.tls.clientPrivateKey!)), pki.client.key)
      }
      const missing = yield* Effect.flip(options({ tls: { serverCaCert: { _tag: "Path", path: path("absent.pem") } } }))
      assert.strictEqual(kindOf(missing), "SourceUnavailable")
      assert.include(String(missing), "absent.pem")
    }).pipe(Effect.scoped, Effect.provide(NodeServices.layer)))

  it.effect("a client certificate without its key (or the reverse) is an error", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(options({ tls: { clientCert: { _tag: "Data", data: "CERT" } } }))
      assert.strictEqual(kindOf(error), "InvalidData")
      assert.include(String(error), "client_key")
      const reverse = yield* Effect.flip(
        options({ tls: { clientKey: { _tag: "Data", data: Redacted.make("SECRET-KEY") } } })
      )
      for (const text of renderings(reverse)) assert.notInclude(text, "SECRET-KEY")
    }))

  it("a loaded profile never shows its secrets", () => {
    const p = parse(full).profiles["default"]!
    for (const text of [JSON.stringify(p), inspect(p, { depth: 10 }), String(p)]) {
      assert.notInclude(text, "key-default-123")
      assert.notInclude(text, "KEY-PEM-SECRET")
      assert.notInclude(text, "codec-secret")
    }
  })
})

describe("Connection.layerConfig", () => {
  it.effect("connects over mTLS with certificate files and headers from the environment", () =>
    Effect.gen(function*() {
      const pki = makePki()
      const server = yield* FakeGrpcServer.make(
        { workflowService: { getSystemInfo: () => Effect.succeed({ serverVersion: "fake-env" }) } },
        { tls: { certChain: pki.server.cert, privateKey: pki.server.key, clientCa: pki.ca.cert } }
      )
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const path = (name: string) => nodePath.join(dir, name)
      yield* fs.writeFileString(path("ca.pem"), pki.ca.cert)
      yield* fs.writeFileString(path("client.pem"), pki.client.cert)
      yield* fs.writeFileString(path("client.key"), pki.client.key)
      yield* fs.writeFileString(
        path("temporal.toml"),
        EnvConfig.toToml({
          profiles: {
            fake: {
              address: "unused:1",
              namespace: "from-file",
              tls: {
                serverCaCert: { _tag: "Path", path: path("ca.pem") },
                clientCert: { _tag: "Path", path: path("client.pem") },
                clientKey: { _tag: "Path", path: path("client.key") }
              },
              grpcMeta: { "x-from-file": "1" }
            }
          }
        })
      )
      const vars = {
        TEMPORAL_CONFIG_FILE: path("temporal.toml"),
        TEMPORAL_PROFILE: "fake",
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_GRPC_META_X_FROM_ENV: "2"
      }
      const connection = yield* Layer.build(layerConfig(Config.succeed({ identity: "env-test" }))).pipe(
        Effect.map((context) => Context.get(context, Connection.Connection)),
        env(vars)
      )
      assert.strictEqual(connection.namespace, "from-file")
      assert.strictEqual(connection.identity, "env-test")
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-env")
      const calls = yield* server.calls
      assert.isAbove(calls.length, 0)
      assert.strictEqual(calls[0]!.metadata["x-from-file"], "1")
      assert.strictEqual(calls[0]!.metadata["x-from-env"], "2")
    }).pipe(Effect.scoped, Effect.provide(NodeServices.layer)))

  it.effect("fails with a ConfigError, catchable by tag, for a bad config", () =>
    Effect.gen(function*() {
      const result = yield* Layer.build(layerConfig({ configData: Config.succeed("[profile.default]\naddress = 1\n") }))
        .pipe(
          Effect.as("built"),
          Effect.catchTag("ConfigError", (error) => Effect.succeed(`config error: ${String(error)}`)),
          Effect.catchTag("ConnectionError", () => Effect.succeed("connection error")),
          noEnv
        )
      assert.include(result, "config error")
      assert.include(result, "address")
    }).pipe(Effect.scoped, Effect.provide(NodeServices.layer)))
})
