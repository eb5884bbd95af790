/**
 * Env config interop with the `temporal` CLI (scripts/temporalCli.ts, CLI 1.9.1) and the dev server:
 *
 * - the CLI writes a profile file (`temporal config set`) and our loader reads the same values
 *   (strict mode, so the CLI writes nothing we do not know);
 * - our writer writes a file and the CLI reads it back (`config list`, `config get -o json`) and
 *   connects with it to the dev server (`workflow list --profile`);
 * - for the same file and environment variables, the CLI's effective address, namespace and TLS
 *   (as it reports them when it cannot connect) are ours;
 * - `TemporalClient.layerConfig` with `TEMPORAL_ADDRESS` from a `ConfigProvider` connects to the
 *   dev server and makes a call.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as nodePath from "node:path"
import { parse as parseToml } from "smol-toml"
import { afterAll, beforeAll, inject } from "vitest"
import { freePorts } from "../../scripts/devServer.js"
import { ensureTemporalCli } from "../../scripts/temporalCli.js"
import * as EnvConfig from "../../src/EnvConfig.js"
import { layerConfig as temporalClientLayerConfig } from "../../src/layers/TemporalClientConfig.js"
import * as TemporalClient from "../../src/TemporalClient.js"

const address = inject("temporalAddress")

let cli = ""
let dir = ""
let closedAddress = ""

beforeAll(async () => {
  cli = await ensureTemporalCli()
  dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), "envconfig-"))
  const [port] = await freePorts(1)
  closedAddress = `127.0.0.1:${port}`
})

afterAll(() => {
  if (dir !== "") fs.rmSync(dir, { recursive: true, force: true })
})

interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the CLI with only the given variables (plus PATH, and HOME pointing into the temp dir so
 * the user's own config file is never read).
 */
const runCli = (args: ReadonlyArray<string>, vars: Record<string, string> = {}): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(
      cli,
      [...args],
      {
        env: { PATH: process.env["PATH"] ?? "", HOME: dir, XDG_CONFIG_HOME: nodePath.join(dir, "xdg"), ...vars },
        timeout: 30_000
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1
        resolve({ code, stdout, stderr })
      }
    )
  })

const cliOk = async (args: ReadonlyArray<string>, vars?: Record<string, string>): Promise<string> => {
  const result = await runCli(args, vars)
  assert.strictEqual(result.code, 0, `temporal ${args.join(" ")} failed: ${result.stderr}`)
  return result.stdout
}

const withVars = (vars: Record<string, string>) =>
  Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(vars))

/** One profile as TOML keys (the shape `temporal config get -o json` prints). */
const tomlShape = (profile: EnvConfig.ClientConfigProfile): unknown =>
  (parseToml(EnvConfig.toToml({ profiles: { p: profile } })) as { profile: Record<string, unknown> }).profile["p"]

/** The effective address, namespace and TLS of the CLI, from the report it prints when it cannot connect. */
const cliEffective = async (args: ReadonlyArray<string>, vars: Record<string, string>) => {
  const result = await runCli(["workflow", "list", ...args], vars)
  assert.notStrictEqual(result.code, 0, "expected the CLI to fail to connect")
  const out = `${result.stdout}\n${result.stderr}`
  const address = /failed connecting to Temporal server at (\S+?):\s/.exec(out)?.[1]
  const namespace = /Namespace: (\S+)/.exec(out)?.[1]
  const tls = /TLS: (true|false)/.exec(out)?.[1]
  assert.isDefined(address, `no address in CLI output: ${out}`)
  return { address, namespace, tls: tls === "true" }
}

const ourEffective = (options: EnvConfig.LoadProfileOptions, vars: Record<string, string>) =>
  Effect.runPromise(
    EnvConfig.loadConnectionOptions(options).pipe(
      Effect.map((o) => ({
        address: o.address ?? "localhost:7233",
        namespace: o.namespace ?? "default",
        tls: o.tls !== false && o.tls !== undefined
      })),
      withVars(vars),
      Effect.provide(NodeServices.layer)
    )
  )

describe("EnvConfig and the temporal CLI", () => {
  it("reads the profile file the CLI writes (temporal config set)", async () => {
    const file = nodePath.join(dir, "cli-written.toml")
    const props: ReadonlyArray<readonly [string, string]> = [
      ["address", "cli.example:7233"],
      ["namespace", "cli-ns"],
      ["api_key", "cli-secret-key"],
      ["tls.client_cert_path", "/certs/client.pem"],
      ["tls.client_key_data", "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n"],
      ["tls.server_ca_cert_path", "/certs/ca.pem"],
      ["tls.server_name", "sni.example"],
      ["tls.disable_host_verification", "true"],
      ["codec.endpoint", "https://codec.example"],
      ["codec.auth", "Bearer codec-token"],
      ["grpc_meta.x_custom_header", "v1"],
      ["grpc_meta.Other-Header", "v2"]
    ]
    for (const [prop, value] of props) {
      await cliOk(["config", "set", "--config-file", file, "--profile", "written", "--prop", prop, "--value", value])
    }
    await cliOk(["config", "set", "--config-file", file, "--profile", "second", "--prop", "address", "--value", "b:1"])

    const config = await Effect.runPromise(
      EnvConfig.load({ configFile: file, strict: true }).pipe(withVars({}), Effect.provide(NodeServices.layer))
    )
    assert.deepStrictEqual(Object.keys(config.profiles).sort(), ["second", "written"])
    const p = config.profiles["written"]!
    assert.strictEqual(p.address, "cli.example:7233")
    assert.strictEqual(p.namespace, "cli-ns")
    assert.strictEqual(Redacted.value(p.apiKey!), "cli-secret-key")
    assert.deepStrictEqual(p.tls?.clientCert, { _tag: "Path", path: "/certs/client.pem" })
    assert.strictEqual(
      p.tls?.clientKey?._tag === "Data" ? Redacted.value(p.tls.clientKey.data) : undefined,
      "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n"
    )
    assert.deepStrictEqual(p.tls?.serverCaCert, { _tag: "Path", path: "/certs/ca.pem" })
    assert.strictEqual(p.tls?.serverName, "sni.example")
    assert.strictEqual(p.tls?.disableHostVerification, true)
    assert.strictEqual(p.codec?.endpoint, "https://codec.example")
    assert.strictEqual(Redacted.value(p.codec!.auth!), "Bearer codec-token")
    assert.deepStrictEqual(p.grpcMeta, { "x-custom-header": "v1", "other-header": "v2" })

    // And the CLI's own view of the profile is exactly ours, key by key.
    const cliView = JSON.parse(
      await cliOk(["config", "get", "--config-file", file, "--profile", "written", "-o", "json"])
    ) as unknown
    assert.deepStrictEqual(cliView, tomlShape(p))
  })

  it("the CLI reads the file our writer writes, and connects to the dev server with it", async () => {
    const file = nodePath.join(dir, "ours.toml")
    const config: EnvConfig.ClientConfig = {
      profiles: {
        dev: { address, namespace: "default", grpcMeta: { "x-written-by": "effect-temporal" } },
        cloud: {
          address: "acct.tmprl.cloud:7233",
          namespace: "ns.acct",
          apiKey: Redacted.make("our-secret-key"),
          tls: {
            serverName: "acct.tmprl.cloud",
            serverCaCert: { _tag: "Path", path: "/certs/ca.pem" },
            clientCert: { _tag: "Data", data: "CERT-PEM" },
            clientKey: { _tag: "Path", path: "/certs/client.key" }
          },
          codec: { endpoint: "https://codec", auth: Redacted.make("codec-auth") }
        },
        "tls off": { address: "x:1", tls: { disabled: true } }
      }
    }
    await Effect.runPromise(
      EnvConfig.writeFile(file, config).pipe(withVars({}), Effect.provide(NodeServices.layer))
    )

    const names = (JSON.parse(await cliOk(["config", "list", "--config-file", file, "-o", "json"])) as ReadonlyArray<
      { readonly name: string }
    >).map((entry) => entry.name).sort()
    assert.deepStrictEqual(names, Object.keys(config.profiles).sort())

    for (const [name, profile] of Object.entries(config.profiles)) {
      const cliView = JSON.parse(
        await cliOk(["config", "get", "--config-file", file, "--profile", name, "-o", "json"])
      ) as Record<string, unknown>
      // The CLI drops `disabled` when printing (it keeps it in its model); compare the rest.
      const ours = tomlShape(profile) as Record<string, unknown>
      const strip = (view: Record<string, unknown>) => {
        const tls = view["tls"] as Record<string, unknown> | undefined
        if (tls === undefined) return view
        const { disabled: _disabled, ...rest } = tls
        return Object.keys(rest).length === 0 ? (({ tls: _tls, ...v }) => v)(view) : { ...view, tls: rest }
      }
      assert.deepStrictEqual(strip(cliView), strip(ours), `profile ${name}`)
    }

    // The CLI connects with our "dev" profile.
    await cliOk(["workflow", "list", "--config-file", file, "--profile", "dev", "--limit", "1"])
    // ... and honours our `tls.disabled = true` and the API key's TLS default the way we do.
    for (const name of ["tls off", "cloud"]) {
      const withClosed = nodePath.join(dir, `closed-${name.replace(" ", "-")}.toml`)
      const closed: EnvConfig.ClientConfig = {
        profiles: {
          [name]: {
            ...config.profiles[name]!,
            address: closedAddress,
            tls: name === "cloud" ? undefined : { disabled: true }
          }
        }
      }
      fs.writeFileSync(withClosed, EnvConfig.toToml(closed))
      const theirs = await cliEffective(["--config-file", withClosed, "--profile", name], {})
      const ours = await ourEffective({ configFile: withClosed, profile: name }, {})
      assert.deepStrictEqual(ours, theirs, `profile ${name}`)
    }
  })

  it("for the same file and environment variables, the CLI and we connect the same way", async () => {
    const [otherPort] = await freePorts(1)
    const other = `127.0.0.1:${otherPort}`
    const file = nodePath.join(dir, "precedence.toml")
    fs.writeFileSync(
      file,
      EnvConfig.toToml({
        profiles: {
          default: { address: closedAddress, namespace: "file-ns" },
          keyed: { address: closedAddress, apiKey: Redacted.make("k") },
          keyedNoTls: { address: closedAddress, apiKey: Redacted.make("k"), tls: { disabled: true } },
          tlsTable: { address: closedAddress, namespace: "tls-ns", tls: {} }
        }
      })
    )
    const scenarios: ReadonlyArray<{ readonly name: string; readonly vars: Record<string, string> }> = [
      { name: "file only", vars: {} },
      { name: "TEMPORAL_ADDRESS wins", vars: { TEMPORAL_ADDRESS: other } },
      { name: "TEMPORAL_NAMESPACE wins", vars: { TEMPORAL_NAMESPACE: "env-ns" } },
      { name: "TEMPORAL_PROFILE picks", vars: { TEMPORAL_PROFILE: "tlsTable" } },
      { name: "api key turns TLS on", vars: { TEMPORAL_PROFILE: "keyed" } },
      { name: "tls.disabled beats the api key", vars: { TEMPORAL_PROFILE: "keyedNoTls" } },
      { name: "TEMPORAL_TLS=false beats the api key", vars: { TEMPORAL_PROFILE: "keyed", TEMPORAL_TLS: "false" } },
      { name: "TEMPORAL_TLS=true", vars: { TEMPORAL_TLS: "true" } },
      { name: "TEMPORAL_API_KEY from env", vars: { TEMPORAL_API_KEY: "env-key" } },
      { name: "TEMPORAL_TLS junk is ignored", vars: { TEMPORAL_TLS: "maybe" } },
      { name: "TEMPORAL_TLS empty is ignored", vars: { TEMPORAL_TLS: "" } },
      { name: "TEMPORAL_TLS_SERVER_NAME alone turns TLS on", vars: { TEMPORAL_TLS_SERVER_NAME: "sni" } },
      {
        name: "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION=true turns TLS on",
        vars: { TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: "true" }
      },
      {
        name: "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION junk is ignored",
        vars: { TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: "junk" }
      },
      { name: "TEMPORAL_TLS=0 turns a tls table off", vars: { TEMPORAL_PROFILE: "tlsTable", TEMPORAL_TLS: "0" } },
      { name: "TEMPORAL_GRPC_META does not change the target", vars: { TEMPORAL_GRPC_META_X_A: "1" } },
      { name: "env only", vars: { TEMPORAL_ADDRESS: other, TEMPORAL_NAMESPACE: "only-env" } }
    ]
    for (const { name, vars } of scenarios) {
      const fileVars = name === "env only" ? {} : { TEMPORAL_CONFIG_FILE: file }
      const all = { ...fileVars, ...vars }
      const theirs = await cliEffective([], all)
      const ours = await ourEffective({}, all)
      assert.deepStrictEqual(ours, theirs, name)
    }
    // A named profile the file does not have: both refuse.
    const cliMissing = await runCli(["workflow", "list"], { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: "nope" })
    assert.notStrictEqual(cliMissing.code, 0)
    assert.include(cliMissing.stderr, "nope")
    const ourMissing = await Effect.runPromise(
      Effect.flip(EnvConfig.loadProfile()).pipe(
        withVars({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: "nope" }),
        Effect.provide(NodeServices.layer)
      )
    )
    // a missing profile is a missing value (a MissingKey issue at profile.nope), not a bad one
    assert.strictEqual(ourMissing.cause._tag, "SchemaError")
    if (ourMissing.cause._tag === "SchemaError") {
      let issue = ourMissing.cause.issue
      while (issue._tag === "Pointer") issue = issue.issue
      assert.strictEqual(issue._tag, "MissingKey")
    }
  })
})

describe("TemporalClient.layerConfig", () => {
  it.effect("connects with TEMPORAL_ADDRESS from a ConfigProvider and makes a call", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      assert.strictEqual(client.namespace, "default")
      const count = yield* client.countWorkflows("WorkflowType = 'no-such-type-envconfig'")
      assert.strictEqual(Number(count.count), 0)
    }).pipe(
      Effect.provide(
        temporalClientLayerConfig({ disableFile: Config.succeed(false) }).pipe(
          Layer.provide(NodeServices.layer),
          Layer.provide(
            ConfigProvider.layer(
              ConfigProvider.fromUnknown({
                TEMPORAL_ADDRESS: address,
                TEMPORAL_NAMESPACE: "default",
                // a config file that does not exist: env only
                TEMPORAL_CONFIG_FILE: nodePath.join(os.tmpdir(), "effect-temporal-no-such-config.toml"),
                TEMPORAL_GRPC_META_X_ENV_CONFIG_TEST: "1"
              })
            )
          )
        )
      )
    ))
})
