import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import * as Redacted from "effect/Redacted"
import * as http from "node:http"
import type * as net from "node:net"
import * as os from "node:os"
import * as Connection from "../../src/Connection.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import type { ConnectionError } from "../../src/schema/TemporalError.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import * as TlsConfig from "../../src/TlsConfig.js"
import { makePki, pemBodyLines } from "../support/certs.js"

const pki = makePki()

const systemInfo = { workflowService: { getSystemInfo: () => Effect.succeed({ serverVersion: "fake-tls" }) } }

/** A TLS fake server for `localhost`, `temporal.test` and 127.0.0.1. */
const tlsServer = FakeGrpcServer.make(systemInfo, { tls: { certChain: pki.server.cert, privateKey: pki.server.key } })

/** A TLS fake server that also requires a client certificate signed by the test CA. */
const mtlsServer = FakeGrpcServer.make(systemInfo, {
  tls: { certChain: pki.server.cert, privateKey: pki.server.key, clientCa: pki.ca.cert }
})

/**
 * Connect eagerly and hand back the ConnectionError. With the default RetryConfig: certificate
 * failures are not retried, so they must come back at once as "Tls", well before the 5 s bound
 * (which would make the reason "Timeout").
 */
const connectError = (options: Connection.ConnectionOptions) =>
  Effect.flip(Effect.scoped(Connection.make({ connectTimeout: "5 seconds", ...options })))

/** The same without retries, for failures that look like any dropped connection (and so are retried). */
const connectErrorNoRetry = (options: Connection.ConnectionOptions) =>
  Effect.provide(connectError(options), RetryConfig.layer({ maxRetries: 0 }))

/** Every rendering of an error that could end up in a log. */
const renderings = (error: ConnectionError): ReadonlyArray<string> => [
  error.message,
  error.description,
  String(error),
  JSON.stringify(error),
  String(error.cause),
  JSON.stringify(error.cause) ?? "",
  error.cause instanceof Error ? `${error.cause.message}\n${error.cause.stack ?? ""}` : "",
  Cause.pretty(Cause.fail(error))
]

const assertNoSecret = (error: ConnectionError, secretPem: string) => {
  const lines = pemBodyLines(secretPem)
  assert.isAbove(lines.length, 0)
  const body = lines.join("")
  for (const text of renderings(error)) {
    assert.notInclude(text, body)
    for (const line of lines) assert.notInclude(text, line, "a line of the private key leaked into an error rendering")
  }
}

describe("Connection over TLS", () => {
  it.effect("connects with the right CA and answers systemInfo", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const connection = yield* Connection.make({
        address: server.address,
        tls: { serverRootCaCert: pki.ca.cert }
      })
      const info = yield* connection.systemInfo
      assert.strictEqual(info.serverVersion, "fake-tls")
      assert.strictEqual((yield* server.calls).length, 1)
    }))

  it.effect("connects to localhost:PORT with the CA given as bytes", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const port = server.address.split(":")[1]!
      const connection = yield* Connection.make({
        address: `localhost:${port}`,
        tls: { serverRootCaCert: new TextEncoder().encode(pki.ca.cert) }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-tls")
    }))

  it.effect("`tls: true` (system roots) refuses the test CA's server with reason Tls", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const error = yield* connectError({ address: server.address, tls: true })
      assert.strictEqual(error._tag, "ConnectionError")
      assert.strictEqual(error.reason, "Tls", error.message)
      assert.strictEqual(error.address, server.address)
      assert.strictEqual((yield* server.calls).length, 0, "no RPC reached the server")
    }))

  it.effect("a wrong CA fails with reason Tls", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const error = yield* connectError({ address: server.address, tls: { serverRootCaCert: pki.otherCa.cert } })
      assert.strictEqual(error.reason, "Tls", error.message)
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("a plaintext client against a TLS server is not reported as connected", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const error = yield* connectErrorNoRetry({ address: server.address, tls: false })
      assert.strictEqual(error._tag, "ConnectionError")
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("mTLS: connects with the client certificate and key", () =>
    Effect.gen(function*() {
      const server = yield* mtlsServer
      const connection = yield* Connection.make({
        address: server.address,
        tls: {
          serverRootCaCert: pki.ca.cert,
          clientCert: pki.client.cert,
          clientPrivateKey: Redacted.make(pki.client.key)
        }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-tls")
      assert.strictEqual((yield* server.calls).length, 1)
    }))

  it.effect("mTLS: without a client certificate the connect fails with reason Tls", () =>
    Effect.gen(function*() {
      const server = yield* mtlsServer
      const error = yield* connectError({ address: server.address, tls: { serverRootCaCert: pki.ca.cert } })
      assert.strictEqual(error._tag, "ConnectionError")
      assert.strictEqual(error.reason, "Tls", error.message)
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("mTLS: a client certificate from another CA is refused, and the key never prints", () =>
    Effect.gen(function*() {
      const server = yield* mtlsServer
      // Node's TLS server (the fake) drops a connection whose client certificate it cannot verify
      // without sending an alert, so grpc-js only sees "Failed to connect" after a completed
      // handshake: nothing on the client side says TLS. (Servers that send the alert, like
      // Temporal's Go frontend, give "Tls".)
      const error = yield* connectErrorNoRetry({
        address: server.address,
        tls: {
          serverRootCaCert: pki.ca.cert,
          clientCert: pki.otherClient.cert,
          clientPrivateKey: Redacted.make(pki.otherClient.key)
        }
      })
      assert.strictEqual(error._tag, "ConnectionError")
      assert.include(["Tls", "Unreachable"], error.reason, error.message)
      assert.strictEqual((yield* server.calls).length, 0)
      assertNoSecret(error, pki.otherClient.key)
    }))

  it.effect("a TLS client against a plaintext server fails with reason Tls", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const error = yield* connectErrorNoRetry({ address: server.address, tls: { serverRootCaCert: pki.ca.cert } })
      assert.strictEqual(error.reason, "Tls", error.message)
    }))

  it.effect("a TLS client against a plaintext server or an HTTP/1.1 server fails as Tls at once, without retries", () =>
    Effect.gen(function*() {
      const grpcServer = yield* FakeGrpcServer.make(systemInfo)
      const httpServer = yield* Effect.acquireRelease(
        Effect.callback<http.Server>((resume) => {
          const server = http.createServer((_request, response) => response.end("hello"))
          server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
        }),
        (server) =>
          Effect.callback<void>((resume) => {
            server.close(() => resume(Effect.void))
            server.closeAllConnections()
          })
      )
      const httpAddress = `127.0.0.1:${(httpServer.address() as net.AddressInfo).port}`
      for (const address of [grpcServer.address, httpAddress]) {
        const started = Date.now()
        // The default RetryConfig: "wrong version number" used to be retried until the connect timeout.
        const error = yield* connectError({ address, tls: { serverRootCaCert: pki.ca.cert } })
        const millis = Date.now() - started
        assert.strictEqual(error.reason, "Tls", error.message)
        assert.include(error.description, "wrong version number")
        assert.isBelow(millis, 1500, `ended after ${millis} ms`)
      }
      assert.strictEqual((yield* grpcServer.calls).length, 0)
    }))

  it.effect("a CA, client certificate or key that is not PEM is refused as Tls before any network", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const garbledBody = pki.ca.cert.replace(/^(M.{10}).{8}/m, "$1!!!!!!!!")
      const cases: ReadonlyArray<readonly [string, TlsConfig.TlsConfig, string]> = [
        ["CA that is not PEM", { serverRootCaCert: "not a certificate" }, "serverRootCaCert"],
        ["CA with a garbled body", { serverRootCaCert: garbledBody }, "serverRootCaCert"],
        ["empty CA", { serverRootCaCert: "" }, "serverRootCaCert"],
        ["CA bytes of random data", { serverRootCaCert: new Uint8Array([1, 2, 3, 4, 5]) }, "serverRootCaCert"],
        [
          "CA bundle with one bad certificate",
          { serverRootCaCert: `${pki.ca.cert}\n${garbledBody}` },
          "certificate 2 of 2"
        ],
        [
          "client certificate that is not PEM",
          { serverRootCaCert: pki.ca.cert, clientCert: "garbage", clientPrivateKey: Redacted.make(pki.client.key) },
          "clientCert"
        ],
        [
          "client key that is not PEM",
          { serverRootCaCert: pki.ca.cert, clientCert: pki.client.cert, clientPrivateKey: Redacted.make("garbage") },
          "clientPrivateKey"
        ]
      ]
      for (const [label, tls, names] of cases) {
        for (const lazy of [false, true]) {
          const error = yield* Effect.flip(Effect.scoped(Connection.make({ address: server.address, tls, lazy })))
          assert.strictEqual(error.reason, "Tls", `${label}: ${error.message}`)
          assert.include(error.description, names, label)
        }
      }
      assert.strictEqual((yield* server.calls).length, 0, "no handshake, no RPC")
      // A CA bundle with comments around the certificates is still fine.
      const connection = yield* Connection.make({
        address: server.address,
        tls: { serverRootCaCert: `# test CA\n${pki.ca.cert}\n# end\n` }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-tls")
    }))

  it.effect("an address that merely looks like TLS words is not taken for a TLS failure", () =>
    Effect.gen(function*() {
      const error = yield* connectErrorNoRetry({
        address: `unix:${os.tmpdir()}/effect-temporal-no-such-tls-ssl-alert-certificate-${process.pid}.sock`
      })
      assert.strictEqual(error.reason, "Unreachable", error.message)
    }))

  it.effect("serverNameOverride connects to 127.0.0.1 with a certificate issued for temporal.test only", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo, {
        tls: { certChain: pki.serverNamedOnly.cert, privateKey: pki.serverNamedOnly.key }
      })
      const withoutOverride = yield* connectError({
        address: server.address,
        tls: { serverRootCaCert: pki.ca.cert }
      })
      assert.strictEqual(withoutOverride.reason, "Tls", "the certificate does not name 127.0.0.1")
      const connection = yield* Connection.make({
        address: server.address,
        tls: { serverRootCaCert: pki.ca.cert, serverNameOverride: "temporal.test" }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-tls")
      const calls = yield* server.calls
      assert.strictEqual(calls.length, 1)
    }))

  it.effect("verificationServerName checks the certificate against temporal.test; with serverNameOverride too it is refused", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo, {
        tls: { certChain: pki.serverNamedOnly.cert, privateKey: pki.serverNamedOnly.key }
      })
      const connection = yield* Connection.make({
        address: server.address,
        tls: { serverRootCaCert: pki.ca.cert, verificationServerName: "temporal.test" }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-tls")
      const both = yield* connectError({
        address: server.address,
        tls: { serverRootCaCert: pki.ca.cert, verificationServerName: "a", serverNameOverride: "b" }
      })
      assert.strictEqual(both.reason, "Tls")
      assert.include(both.description, "cannot both be given")
    }))

  it.effect("the Redacted private key never appears in a handshake failure", () =>
    Effect.gen(function*() {
      const server = yield* tlsServer
      const error = yield* connectError({
        address: server.address,
        tls: {
          serverRootCaCert: pki.otherCa.cert,
          clientCert: pki.client.cert,
          clientPrivateKey: Redacted.make(pki.client.key)
        }
      })
      assert.strictEqual(error.reason, "Tls", error.message)
      assertNoSecret(error, pki.client.key)
    }))

  it.effect("the Redacted private key never appears when it does not match the certificate", () =>
    Effect.gen(function*() {
      const error = yield* connectError({
        address: "127.0.0.1:1",
        tls: {
          serverRootCaCert: pki.ca.cert,
          clientCert: pki.client.cert,
          clientPrivateKey: Redacted.make(pki.otherClient.key)
        }
      })
      assert.strictEqual(error.reason, "Tls", error.message)
      assertNoSecret(error, pki.otherClient.key)
    }))

  it.effect("a garbled private key is a Tls error that does not print the key", () =>
    Effect.gen(function*() {
      const garbled = pki.client.key.replace(/^(M.{20})/m, "$1!!")
      const error = yield* connectError({
        address: "127.0.0.1:1",
        tls: { clientCert: pki.client.cert, clientPrivateKey: Redacted.make(garbled) }
      })
      assert.strictEqual(error.reason, "Tls", error.message)
      assertNoSecret(error, garbled)
    }))

  it.effect("clientCert without clientPrivateKey is a Tls error before any network", () =>
    Effect.gen(function*() {
      const server = yield* mtlsServer
      const error = yield* Effect.flip(Connection.make({
        address: server.address,
        tls: { serverRootCaCert: pki.ca.cert, clientCert: pki.client.cert }
      }))
      assert.strictEqual(error.reason, "Tls")
      assert.include(error.description, "clientPrivateKey")
      assert.strictEqual((yield* server.calls).length, 0)
      const keyOnly = yield* Effect.flip(Connection.make({
        address: server.address,
        lazy: true,
        tls: { clientPrivateKey: Redacted.make(pki.client.key) }
      }))
      assert.strictEqual(keyOnly.reason, "Tls")
      assertNoSecret(keyOnly, pki.client.key)
    }))
})

describe("TlsConfig.fromFiles", () => {
  it.effect("reads the CA, client certificate and key with the platform FileSystem, then connects over mTLS", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const path = yield* Path.Path
      const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-temporal-tls-" })
      const files = {
        serverRootCaCertPath: path.join(dir, "ca.pem"),
        clientCertPath: path.join(dir, "client.pem"),
        clientPrivateKeyPath: path.join(dir, "client.key")
      }
      yield* fs.writeFileString(files.serverRootCaCertPath, pki.ca.cert)
      yield* fs.writeFileString(files.clientCertPath, pki.client.cert)
      yield* fs.writeFileString(files.clientPrivateKeyPath, pki.client.key)

      const tls = yield* TlsConfig.fromFiles({ ...files, serverNameOverride: "temporal.test" })
      assert.strictEqual(new TextDecoder().decode(tls.serverRootCaCert as Uint8Array), pki.ca.cert)
      assert.strictEqual(new TextDecoder().decode(tls.clientCert as Uint8Array), pki.client.cert)
      assert.isTrue(Redacted.isRedacted(tls.clientPrivateKey))
      assert.strictEqual(new TextDecoder().decode(Redacted.value(tls.clientPrivateKey!) as Uint8Array), pki.client.key)
      assert.strictEqual(tls.serverNameOverride, "temporal.test")
      assert.notInclude(String(tls.clientPrivateKey), "PRIVATE KEY")

      const server = yield* mtlsServer
      const connection = yield* Connection.make({ address: server.address, tls })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-tls")
    }).pipe(Effect.provide(NodeServices.layer)))

  it.effect("leaves out what is not given", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const path = yield* Path.Path
      const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-temporal-tls-" })
      const caPath = path.join(dir, "ca.pem")
      yield* fs.writeFileString(caPath, pki.ca.cert)
      const tls = yield* TlsConfig.fromFiles({ serverRootCaCertPath: caPath })
      assert.isDefined(tls.serverRootCaCert)
      assert.isUndefined(tls.clientCert)
      assert.isUndefined(tls.clientPrivateKey)
      assert.isUndefined(tls.serverNameOverride)
    }).pipe(Effect.provide(NodeServices.layer)))

  it.effect("a missing file fails with the platform's error", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const path = yield* Path.Path
      const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-temporal-tls-" })
      const error = yield* Effect.flip(TlsConfig.fromFiles({ clientCertPath: path.join(dir, "nope.pem") }))
      assert.strictEqual(error._tag, "PlatformError")
      assert.strictEqual(error.reason._tag, "NotFound")
    }).pipe(Effect.provide(NodeServices.layer)))
})
