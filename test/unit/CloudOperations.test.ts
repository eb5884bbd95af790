/**
 * The Cloud Operations client against the in-process fake gRPC server, which
 * serves `temporal.api.cloud.cloudservice.v1.CloudService` from the test's
 * handlers: the path, the `authorization` and `temporal-cloud-api-version`
 * headers, requests and responses through protobuf, error statuses as
 * `RpcError`, per-call options, retries, TLS, closing, the options checked
 * before the channel opens, and the API key kept out of every error.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Scope from "effect/Scope"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import * as CloudOperations from "../../src/CloudOperations.js"
import * as Connection from "../../src/Connection.js"
import { root } from "../../src/internal/proto/root.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import type { ConnectionError, RpcError } from "../../src/schema/TemporalError.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { makePki } from "../support/certs.js"

const secret = "cloud-key-that-must-not-print-7c1e"
const apiKey = Redacted.make(secret)

/** Fast retries, so that retried failures settle in milliseconds of real time. */
const fastRetries = RetryConfig.layer({
  initialInterval: "1 millis",
  maxInterval: "5 millis",
  maxElapsedTime: "2 seconds"
})

const namespaces = [
  { namespace: "orders.a1b2c", resourceVersion: "v1", state: "active" },
  { namespace: "billing.a1b2c", resourceVersion: "v7", state: "active" }
]

/** `GetNamespaces` and `GetUsers`, paged by token: `page-2` answers the second page. */
const cloudService: FakeGrpcServer.FakeServices["cloudService"] = {
  getNamespaces: (request) =>
    Effect.succeed(
      request.pageToken === "page-2"
        ? { namespaces: [namespaces[1]!], nextPageToken: "" }
        : { namespaces: [namespaces[0]!], nextPageToken: "page-2" }
    ),
  getUsers: (request) =>
    Effect.succeed({
      users: [{ id: "user-1", resourceVersion: "r1", spec: { email: request.email ?? "" } }],
      nextPageToken: ""
    })
}

/** Every rendering of an error that could end up in a log. */
const renderings = (error: ConnectionError | RpcError | { readonly _tag: string }): ReadonlyArray<string> => [
  String((error as { message?: unknown }).message),
  String(error),
  JSON.stringify(error),
  Cause.pretty(Cause.fail(error))
]

const assertNoKey = (error: ConnectionError | RpcError | { readonly _tag: string }, key = secret) => {
  for (const text of renderings(error)) assert.notInclude(text, key, "the API key leaked into an error rendering")
}

describe("CloudOperations", () => {
  it.effect("a call reaches the fake at its path, with the key and the API version", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({ cloudService })
      const cloud = yield* CloudOperations.make({ apiKey, address: server.address, tls: false })
      assert.strictEqual(cloud.address, server.address)
      assert.strictEqual(cloud.version, CloudOperations.defaultVersion)
      const first = yield* cloud.cloudService.getNamespaces({ pageSize: 1 })
      assert.deepStrictEqual(first.namespaces.map((n) => n.namespace), ["orders.a1b2c"])
      assert.strictEqual(first.nextPageToken, "page-2")
      const second = yield* cloud.cloudService.getNamespaces({ pageSize: 1, pageToken: first.nextPageToken })
      assert.deepStrictEqual(second.namespaces.map((n) => [n.namespace, n.resourceVersion]), [["billing.a1b2c", "v7"]])
      assert.strictEqual(second.nextPageToken, "")
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((c) => c.method), ["GetNamespaces", "GetNamespaces"])
      assert.strictEqual((calls[1]!.request as { pageToken: string }).pageToken, "page-2")
      for (const call of calls) {
        assert.strictEqual(call.metadata["authorization"], `Bearer ${secret}`)
        assert.strictEqual(call.metadata["temporal-cloud-api-version"], "v0.17.0")
      }
    }))

  it.effect("the typed client has one method per RPC of the service, at the service's paths", () =>
    Effect.gen(function*() {
      const cloud = yield* CloudOperations.make({ apiKey, address: "127.0.0.1:1", tls: false })
      const service = root().lookupService("temporal.api.cloud.cloudservice.v1.CloudService")
      const expected = service.methodsArray.map((m) => m.name.charAt(0).toLowerCase() + m.name.slice(1)).sort()
      assert.isAtLeast(expected.length, 70)
      assert.deepStrictEqual(Object.keys(cloud.cloudService).sort(), expected)
      for (const key of expected) {
        assert.strictEqual(typeof (cloud.cloudService as unknown as Record<string, unknown>)[key], "function")
      }
    }))

  it.effect("getUsers: the request and the response through protobuf; a version of the caller's", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({ cloudService })
      const cloud = yield* CloudOperations.make({
        apiKey,
        address: server.address,
        tls: false,
        version: "v0.9.0"
      })
      const users = yield* cloud.cloudService.getUsers({ pageSize: 10, email: "ops@example.com" })
      assert.strictEqual(users.users.length, 1)
      assert.strictEqual(users.users[0]!.id, "user-1")
      assert.strictEqual(users.users[0]!.spec?.email, "ops@example.com")
      const [call] = yield* server.calls
      assert.strictEqual(call!.method, "GetUsers")
      assert.strictEqual(call!.metadata["temporal-cloud-api-version"], "v0.9.0")
      assert.strictEqual(cloud.version, "v0.9.0")
    }))

  it.effect("an error status is an RpcError with its details decoded, not retried when not retryable", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        cloudService: {
          getNamespace: () =>
            Effect.fail({
              code: "NOT_FOUND" as const,
              message: "namespace not found",
              details: [{ typeName: "temporal.api.errordetails.v1.NotFoundFailure", value: { currentCluster: "c" } }]
            })
        }
      })
      const cloud = yield* CloudOperations.make({ apiKey, address: server.address, tls: false })
      const error = yield* Effect.flip(cloud.cloudService.getNamespace({ namespace: "missing.a1b2c" }))
      assert.strictEqual(error._tag, "RpcError")
      if (error._tag !== "RpcError") return
      assert.strictEqual(error.code, "NOT_FOUND")
      assert.strictEqual(error.method, "GetNamespace")
      assert.include(error.message, "namespace not found")
      assert.strictEqual(error.details[0]?.typeName, "temporal.api.errordetails.v1.NotFoundFailure")
      assert.strictEqual((yield* server.calls).length, 1)
      assertNoKey(error)
    }))

  it.live(
    "per-call rpcMetadata and per-fiber headers are sent; rpcTimeout bounds the call",
    () =>
      Effect.gen(function*() {
        const server = yield* FakeGrpcServer.make({
          cloudService: {
            getCurrentIdentity: () => Effect.succeed({ serviceAccount: { id: "sa-1" } }),
            getRegions: () => Effect.never
          }
        })
        const cloud = yield* CloudOperations.make({
          apiKey,
          address: server.address,
          tls: false,
          rpcMetadata: { "x-team": "platform" }
        })
        const identity = yield* cloud.cloudService.getCurrentIdentity({}, { rpcMetadata: { "x-request-source": "ci" } })
          .pipe(Connection.withRpcMetadata({ "x-fiber": "yes" }))
        assert.strictEqual(identity.principal, "serviceAccount")
        assert.strictEqual(identity.serviceAccount?.id, "sa-1")
        const [call] = yield* server.calls
        assert.strictEqual(call!.metadata["x-request-source"], "ci")
        assert.strictEqual(call!.metadata["x-fiber"], "yes")
        assert.strictEqual(call!.metadata["x-team"], "platform")
        assert.strictEqual(call!.metadata["temporal-cloud-api-version"], "v0.17.0")
        const timedOut = yield* Effect.flip(cloud.cloudService.getRegions({}, { rpcTimeout: "50 millis" }))
        assert.strictEqual(timedOut._tag, "RpcError")
        if (timedOut._tag === "RpcError") assert.strictEqual(timedOut.code, "DEADLINE_EXCEEDED")
        const refused = yield* Effect.flip(
          cloud.cloudService.getRegions({}, { rpcMetadata: { "grpc-timeout": "1S" } })
        )
        assert.strictEqual(refused._tag, "InvalidArgumentError")
      }).pipe(Effect.provide(fastRetries)),
    { timeout: 10_000 }
  )

  it.live(
    "retries UNAVAILABLE with the RetryConfig, resending the same request and headers",
    () =>
      Effect.gen(function*() {
        const attempts = yield* Ref.make(0)
        const server = yield* FakeGrpcServer.make({
          cloudService: {
            getApiKeys: () =>
              Ref.updateAndGet(attempts, (n) => n + 1).pipe(
                Effect.flatMap((n) =>
                  n <= 2
                    ? Effect.fail({ code: "UNAVAILABLE" as const, message: "try later" })
                    : Effect.succeed({ apiKeys: [{ id: "key-1" }] })
                )
              )
          }
        })
        const cloud = yield* CloudOperations.make({ apiKey, address: server.address, tls: false })
        const answer = yield* cloud.cloudService.getApiKeys({ ownerId: "sa-1" })
        assert.strictEqual(answer.apiKeys[0]!.id, "key-1")
        const calls = yield* server.calls
        assert.strictEqual(calls.length, 3)
        const first = Buffer.from(calls[0]!.requestBytes).toString("hex")
        for (const call of calls) {
          assert.strictEqual(Buffer.from(call.requestBytes).toString("hex"), first)
          assert.strictEqual(call.metadata["authorization"], `Bearer ${secret}`)
          assert.strictEqual(call.metadata["temporal-cloud-api-version"], "v0.17.0")
        }
        yield* Ref.set(attempts, 0)
        const noRetry = yield* Effect.flip(cloud.cloudService.getApiKeys({}, { retry: false }))
        assert.strictEqual(noRetry._tag, "RpcError")
        assert.strictEqual((yield* server.calls).length, 4, "retry: false makes one attempt")
      }).pipe(Effect.provide(fastRetries)),
    { timeout: 10_000 }
  )

  it.effect("the key rotates through the apiKey Ref; an Effect key is read for every call", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({ cloudService })
      const cloud = yield* CloudOperations.make({ apiKey, address: server.address, tls: false })
      yield* Ref.set(cloud.apiKey, Option.some(Redacted.make("rotated")))
      yield* cloud.cloudService.getUsers({})
      const reads = yield* Ref.make(0)
      const provided = yield* CloudOperations.make({
        apiKey: Effect.map(Ref.updateAndGet(reads, (n) => n + 1), (n) => Redacted.make(`key-${n}`)),
        address: server.address,
        tls: false
      })
      yield* provided.cloudService.getUsers({})
      yield* provided.cloudService.getUsers({})
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((c) => c.metadata["authorization"]), [
        "Bearer rotated",
        "Bearer key-1",
        "Bearer key-2"
      ])
    }))

  it.effect("an UNAUTHENTICATED answer never prints the key", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        cloudService: { getUsers: () => Effect.fail({ code: "UNAUTHENTICATED" as const, message: "bad api key" }) }
      })
      const cloud = yield* CloudOperations.make({ apiKey, address: server.address, tls: false })
      const error = yield* Effect.flip(cloud.cloudService.getUsers({}))
      assert.strictEqual(error._tag, "RpcError")
      if (error._tag === "RpcError") assert.strictEqual(error.code, "UNAUTHENTICATED")
      assertNoKey(error)
      assert.notInclude(String(cloud.apiKey), secret)
      assert.notInclude(JSON.stringify(yield* Ref.get(cloud.apiKey)), secret)
    }))

  it.effect("options are checked before the channel opens: InvalidConfig, the key never quoted", () =>
    Effect.gen(function*() {
      const refused = (options: CloudOperations.CloudOperationsOptions) =>
        Effect.flip(Effect.scoped(CloudOperations.make(options)))
      const cases: ReadonlyArray<readonly [string, CloudOperations.CloudOperationsOptions]> = [
        ["address is empty", { apiKey, address: "  " }],
        ["not a URL", { apiKey, address: "https://saas-api.tmprl.cloud:443" }],
        ["address contains whitespace", { apiKey, address: "saas api.tmprl.cloud:443" }],
        ["apiKey is required", { address: "127.0.0.1:7233" } as unknown as CloudOperations.CloudOperationsOptions],
        ["apiKey is empty", { apiKey: Redacted.make(" \n") }],
        ["apiKey must be a Redacted", { apiKey: secret as unknown as Redacted.Redacted<string> }],
        ["apiKey contains a line break", { apiKey: Redacted.make(`${secret}\nx`) }],
        ["apiKey contains a non-ASCII character", { apiKey: Redacted.make(`${secret}é`) }],
        ["version is empty", { apiKey, version: "" }],
        ["version contains a line break", { apiKey, version: "v0.17.0\n" }],
        ["cannot both be given", { apiKey, rpcMetadata: { Authorization: `Bearer ${secret}` } }],
        ["rpcMetadata: header \"x-trace-bin\"", { apiKey, rpcMetadata: { "x-trace-bin": "text" } }],
        ["keepAlive.interval must be positive", { apiKey, keepAlive: { interval: "0 millis" } }],
        ["maxConcurrentCalls must be a positive integer", { apiKey, maxConcurrentCalls: 0 }]
      ]
      for (const [expected, options] of cases) {
        const error = yield* refused(options)
        assert.strictEqual(error._tag, "ConnectionError", expected)
        assert.strictEqual(error.reason, "InvalidConfig", expected)
        assert.include(error.description, expected)
        assertNoKey(error)
      }
      const tls = yield* refused({ apiKey, tls: { clientCert: "not a certificate" } })
      assert.strictEqual(tls.reason, "Tls")
      assertNoKey(tls)
    }))

  it.effect("the default address is the Cloud Operations API, with TLS", () =>
    Effect.gen(function*() {
      const cloud = yield* CloudOperations.make({ apiKey })
      assert.strictEqual(cloud.address, "saas-api.tmprl.cloud:443")
      assert.strictEqual(CloudOperations.defaultAddress, "saas-api.tmprl.cloud:443")
    }))

  it.live(
    "TLS is on by default: a plaintext server is not spoken to in plaintext; a trusted CA works",
    () =>
      Effect.gen(function*() {
        const plain = yield* FakeGrpcServer.make({ cloudService })
        const byDefault = yield* CloudOperations.make({ apiKey, address: plain.address })
        const error = yield* Effect.flip(byDefault.cloudService.getUsers({}, { rpcTimeout: "5 seconds" }))
        assert.strictEqual(error._tag, "RpcError")
        assert.strictEqual((yield* plain.calls).length, 0, "no call reached the plaintext server")
        assertNoKey(error)
        const pki = makePki()
        const tlsServer = yield* FakeGrpcServer.make({ cloudService }, {
          tls: { certChain: pki.server.cert, privateKey: pki.server.key }
        })
        const trusted = yield* CloudOperations.make({
          apiKey,
          address: tlsServer.address,
          tls: { serverRootCaCert: pki.ca.cert }
        })
        const users = yield* trusted.cloudService.getUsers({})
        assert.strictEqual(users.users[0]!.id, "user-1")
        const [call] = yield* tlsServer.calls
        assert.strictEqual(call!.metadata["authorization"], `Bearer ${secret}`)
      }).pipe(Effect.provide(RetryConfig.layer({ maxRetries: 0 }))),
    { timeout: 20_000 }
  )

  it.effect("calls fail with ConnectionError Closed once the scope closes", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({ cloudService })
      const scope = yield* Scope.make()
      const cloud = yield* Scope.provide(
        CloudOperations.make({ apiKey, address: server.address, tls: false }),
        scope
      )
      yield* cloud.cloudService.getUsers({})
      yield* Scope.close(scope, Exit.void)
      const error = yield* Effect.flip(cloud.cloudService.getUsers({}))
      assert.strictEqual(error._tag, "ConnectionError")
      if (error._tag === "ConnectionError") assert.strictEqual(error.reason, "Closed")
    }))

  it.effect("layer and layerConfig build the service", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({ cloudService })
      const program = Effect.gen(function*() {
        const cloud = yield* CloudOperations.CloudOperations
        return yield* cloud.cloudService.getUsers({})
      })
      yield* program.pipe(
        Effect.provide(Layer.fresh(CloudOperations.layer({ apiKey, address: server.address, tls: false })))
      )
      const fromConfig = CloudOperations.layerConfig({
        apiKey: Config.Redacted("TEMPORAL_CLOUD_API_KEY"),
        address: Config.String("CLOUD_ADDRESS"),
        version: Config.String("CLOUD_VERSION"),
        tls: Config.succeed(false)
      })
      yield* program.pipe(
        Effect.provide(fromConfig),
        Effect.provideService(
          ConfigProvider.ConfigProvider,
          ConfigProvider.fromUnknown({
            TEMPORAL_CLOUD_API_KEY: "from-config",
            CLOUD_ADDRESS: server.address,
            CLOUD_VERSION: "v0.16.0"
          })
        )
      )
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((c) => c.metadata["authorization"]), [`Bearer ${secret}`, "Bearer from-config"])
      assert.strictEqual(calls[1]!.metadata["temporal-cloud-api-version"], "v0.16.0")
      const missing = yield* Effect.flip(
        Effect.provide(program, CloudOperations.layerConfig({ apiKey: Config.Redacted("NOT_SET_ANYWHERE") })).pipe(
          Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown({}))
        )
      )
      assert.strictEqual(missing._tag, "ConfigError")
    }))

  it("the default version is the version of the Cloud API protos the installed packages ship", () => {
    // `@temporalio/proto` is generated from the protos of the same release of
    // sdk-core that `@temporalio/core-bridge` ships with their VERSION file.
    const require = createRequire(import.meta.url)
    const protoVersion = (require("@temporalio/proto/package.json") as { version: string }).version
    let bridgeDir: string
    try {
      bridgeDir = path.dirname(require.resolve("@temporalio/core-bridge/package.json"))
    } catch {
      return
    }
    const bridgeVersion = (require(path.join(bridgeDir, "package.json")) as { version: string }).version
    const versionFile = path.join(bridgeDir, "sdk-core/crates/protos/protos/api_cloud_upstream/VERSION")
    if (bridgeVersion !== protoVersion || !fs.existsSync(versionFile)) return
    assert.strictEqual(CloudOperations.defaultVersion, fs.readFileSync(versionFile, "utf8").trim())
  })
})
