import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Connection from "../../src/Connection.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { makePki } from "../support/certs.js"
import * as ConnectProxy from "../support/connectProxy.js"

const systemInfo = { workflowService: { getSystemInfo: () => Effect.succeed({ serverVersion: "fake-proxied" }) } }

const basicAuth = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`

describe("Connection through an HTTP CONNECT proxy", () => {
  it.effect("reaches the server through the proxy, with basic auth", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const proxy = yield* ConnectProxy.make({ requireAuthorization: basicAuth("temporal-user", "proxy-pass-1") })
      const connection = yield* Connection.make({
        address: server.address,
        httpConnectProxy: {
          targetHost: proxy.address,
          basicAuth: { username: "temporal-user", password: Redacted.make("proxy-pass-1") }
        }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-proxied")
      yield* connection.workflowService.getSystemInfo({})
      const requests = yield* proxy.requests
      assert.isAtLeast(requests.length, 1)
      for (const request of requests) {
        assert.strictEqual(request.target, server.address, "the tunnel goes to the server's address")
        assert.strictEqual(request.proxyAuthorization, basicAuth("temporal-user", "proxy-pass-1"))
        assert.isTrue(request.accepted)
      }
      assert.isAtLeast(yield* proxy.tunnels, 1)
      assert.strictEqual((yield* server.calls).length, 2)
    }))

  it.effect("without basic auth sends no Proxy-Authorization header", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const proxy = yield* ConnectProxy.make()
      const connection = yield* Connection.make({
        address: server.address,
        httpConnectProxy: { targetHost: proxy.address }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-proxied")
      const requests = yield* proxy.requests
      assert.isAtLeast(requests.length, 1)
      assert.strictEqual(requests[0]!.target, server.address)
      assert.isUndefined(requests[0]!.proxyAuthorization)
    }))

  it.effect("TLS goes end to end through the tunnel, checked against the server's name", () =>
    Effect.gen(function*() {
      const pki = makePki()
      const server = yield* FakeGrpcServer.make(systemInfo, {
        tls: { certChain: pki.server.cert, privateKey: pki.server.key }
      })
      const port = server.address.split(":")[1]!
      const proxy = yield* ConnectProxy.make()
      const connection = yield* Connection.make({
        address: `localhost:${port}`,
        tls: { serverRootCaCert: pki.ca.cert },
        httpConnectProxy: { targetHost: proxy.address }
      })
      assert.strictEqual((yield* connection.systemInfo).serverVersion, "fake-proxied")
      const requests = yield* proxy.requests
      assert.isAtLeast(requests.length, 1)
      assert.strictEqual(requests[0]!.target, `localhost:${port}`)
    }))

  it.effect("a proxy refusing the credentials fails the connect, and the password never prints", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const proxy = yield* ConnectProxy.make({ requireAuthorization: basicAuth("temporal-user", "right-password") })
      const password = "wrong-password-7f3a9c"
      const error = yield* Effect.flip(Effect.scoped(Connection.make({
        address: server.address,
        connectTimeout: "5 seconds",
        httpConnectProxy: {
          targetHost: proxy.address,
          basicAuth: { username: "temporal-user", password: Redacted.make(password) }
        }
      }))).pipe(Effect.provide(RetryConfig.layer({ maxRetries: 0 })))
      assert.strictEqual(error._tag, "ConnectionError")
      assert.strictEqual(error.address, server.address)
      const encoded = Buffer.from(`temporal-user:${password}`).toString("base64")
      for (const text of [error.message, String(error), JSON.stringify(error), String(error.cause)]) {
        assert.notInclude(text, password)
        assert.notInclude(text, encoded)
      }
      assert.strictEqual(yield* proxy.tunnels, 0)
      assert.isAtLeast((yield* proxy.requests).length, 1)
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("wrong proxy credentials end the connect at once with the proxy's 407, as Unauthenticated", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(systemInfo)
      const proxy = yield* ConnectProxy.make({ requireAuthorization: basicAuth("temporal-user", "right-password") })
      const password = "wrong-password-0c41d2"
      const started = Date.now()
      // The default RetryConfig: the check used to retry until the connect timeout and then say
      // "No connection established. Last error: undefined".
      const error = yield* Effect.flip(Effect.scoped(Connection.make({
        address: server.address,
        connectTimeout: "5 seconds",
        httpConnectProxy: {
          targetHost: proxy.address,
          basicAuth: { username: "temporal-user", password: Redacted.make(password) }
        }
      })))
      const millis = Date.now() - started
      assert.strictEqual(error.reason, "Unauthenticated", error.message)
      assert.include(error.description, "407")
      assert.include(error.description, proxy.address)
      assert.notInclude(error.message, "undefined")
      assert.isBelow(millis, 2000, `ended after ${millis} ms`)
      const encoded = Buffer.from(`temporal-user:${password}`).toString("base64")
      for (const text of [error.message, String(error), JSON.stringify(error), String(error.cause)]) {
        assert.notInclude(text, password)
        assert.notInclude(text, encoded)
      }
      assert.strictEqual(yield* proxy.tunnels, 0)
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("a proxy that refuses the target (403) is named in the error", () =>
    Effect.gen(function*() {
      const proxy = yield* ConnectProxy.make()
      // The test proxy serves loopback targets only.
      const error = yield* Effect.flip(Effect.scoped(Connection.make({
        address: "temporal.example:7233",
        connectTimeout: "5 seconds",
        httpConnectProxy: { targetHost: proxy.address }
      })))
      assert.strictEqual(error.reason, "Unreachable", error.message)
      assert.include(error.description, "403")
    }))
})
