/**
 * Connect the way the `temporal` CLI does: from `TEMPORAL_*` environment
 * variables over a profile of the TOML config file
 * (`<user config dir>/temporalio/temporal.toml`, or `TEMPORAL_CONFIG_FILE`;
 * the profile `default`, or `TEMPORAL_PROFILE`).
 *
 *   temporal config set --profile local --prop address --value localhost:7233
 *   TEMPORAL_PROFILE=local npx tsx examples/env-config.ts
 *
 * Prints the profile it resolved (secrets stay redacted), connects, and counts
 * the namespace's workflows. `EXAMPLE_WRITE_CONFIG=path` first writes the
 * resolved profile to `path` (as profile `resolved`), to show the writer.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as EnvConfig from "../src/EnvConfig.js"
import * as TemporalClient from "../src/TemporalClient.js"

const showProfile = Effect.gen(function*() {
  const profile = yield* EnvConfig.loadProfile()
  yield* Console.log(
    `Profile: address ${profile.address ?? "(default localhost:7233)"}, namespace ${profile.namespace ?? "(default)"}`
  )
  yield* Console.log(`  TLS: ${EnvConfig.tlsEnabled(profile)}, API key: ${profile.apiKey ?? "none"}`)
  const headers = Object.keys(profile.grpcMeta ?? {})
  if (headers.length > 0) yield* Console.log(`  headers: ${headers.join(", ")}`)
  const writeTo = yield* Config.option(Config.String("EXAMPLE_WRITE_CONFIG"))
  if (Option.isSome(writeTo)) {
    yield* EnvConfig.writeFile(writeTo.value, { profiles: { resolved: profile } })
    yield* Console.log(`Wrote the profile to ${writeTo.value} as profile "resolved"`)
  }
})

const countWorkflows = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  const { count } = yield* client.countWorkflows()
  yield* Console.log(`Connected to ${client.connection.address}; namespace ${client.namespace} has ${count} workflows`)
})

const program = Effect.gen(function*() {
  yield* showProfile
  yield* Effect.provide(countWorkflows, TemporalClient.layerConfig())
}).pipe(
  Effect.catchTag(
    "ConfigError",
    (error) => Console.error(`Configuration problem: ${error}`).pipe(Effect.andThen(Effect.fail(error)))
  ),
  Effect.provide(NodeServices.layer)
)

NodeRuntime.runMain(program)
