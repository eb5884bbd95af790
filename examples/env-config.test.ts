/**
 * Runs `tsx examples/env-config.ts` against the shared dev server with a profile file written by
 * our writer and selected by `TEMPORAL_PROFILE`, and checks what it prints: the resolved profile
 * (the API key redacted), the connection, and the file it writes back.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { inject } from "vitest"
import * as EnvConfig from "../src/EnvConfig.js"
import { runExample } from "./support/runExample.js"

const address = inject("temporalAddress")

describe("examples/env-config.ts", () => {
  it.live("connects with the profile named by TEMPORAL_PROFILE and keeps the API key secret", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "env-config-example-"))
      try {
        const file = path.join(dir, "temporal.toml")
        const written = path.join(dir, "written.toml")
        fs.writeFileSync(
          file,
          EnvConfig.toToml({
            profiles: {
              // An API key with TLS explicitly off: the dev server ignores the header.
              example: {
                address,
                namespace: "default",
                apiKey: Redacted.make("example-secret-key"),
                tls: { disabled: true }
              },
              other: { address: "unused:1" }
            }
          })
        )
        const { exitCode, stderr, stdout } = yield* runExample("env-config.ts", {
          TEMPORAL_CONFIG_FILE: file,
          TEMPORAL_PROFILE: "example",
          TEMPORAL_GRPC_META_X_EXAMPLE: "1",
          EXAMPLE_WRITE_CONFIG: written
        })
        assert.strictEqual(exitCode, 0, `exit code 0; stderr:\n${stderr}`)
        assert.include(stdout, `Profile: address ${address}, namespace default`)
        assert.include(stdout, "TLS: false, API key: <redacted>")
        assert.include(stdout, "headers: x-example")
        assert.match(stdout, /namespace default has \d+ workflows/)
        assert.notInclude(stdout + stderr, "example-secret-key")
        const back = Result.getOrThrow(EnvConfig.fromToml(fs.readFileSync(written, "utf8"), { strict: true }))
        assert.strictEqual(back.profiles["resolved"]?.address, address)
        assert.deepStrictEqual(back.profiles["resolved"]?.grpcMeta, { "x-example": "1" })
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }))
})
