/**
 * `dnsLoadBalancing`: the host name resolved to all its addresses and calls balanced round-robin
 * across them (two servers on one port, on 127.0.0.1 and 127.0.0.2, under one name), the channel
 * options it gives, and the option checks before connecting.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as dns from "node:dns"
import * as http2 from "node:http2"
import type * as net from "node:net"
import { vi } from "vitest"
import * as Connection from "../../src/Connection.js"
import {
  channelTarget,
  decodeConnectionOptions,
  grpcChannelOptions
} from "../../src/internal/transport/channelOptions.js"

/** An h2c server on `host:port` answering every request with an empty OK gRPC response; counts them. */
const countingServer = (host: string, port: number) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: http2.Http2Server; readonly port: number; readonly requests: () => number }>(
      (resume) => {
        let requests = 0
        const server = http2.createServer()
        server.on("stream", (stream) => {
          requests++
          stream.on("error", () => {})
          stream.on("data", () => {})
          stream.on("end", () => {
            stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true })
            stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }))
            stream.end(Buffer.alloc(5))
          })
        })
        server.listen(port, host, () =>
          resume(Effect.succeed({
            server,
            port: (server.address() as net.AddressInfo).port,
            requests: () => requests
          })))
      }
    ),
    ({ server }) => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
  )

/** `name` resolves to 127.0.0.1 and 127.0.0.2 while the scope is open; other names as usual. */
const resolveName = (name: string) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const lookup = dns.promises.lookup.bind(dns.promises)
      return vi.spyOn(dns.promises, "lookup").mockImplementation(
        ((hostname: string, options: dns.LookupOptions) =>
          hostname === name
            ? Promise.resolve([{ address: "127.0.0.1", family: 4 }, { address: "127.0.0.2", family: 4 }])
            : lookup(hostname, options as dns.LookupAllOptions)) as typeof dns.promises.lookup
      )
    }),
    (spy) => Effect.sync(() => spy.mockRestore())
  )

describe("dnsLoadBalancing", () => {
  it.effect("balances calls round-robin across every address of the name", () =>
    Effect.gen(function*() {
      const first = yield* countingServer("127.0.0.1", 0)
      const second = yield* countingServer("127.0.0.2", first.port)
      yield* resolveName("temporal-lb.test")
      const connection = yield* Connection.make({
        address: `temporal-lb.test:${first.port}`,
        dnsLoadBalancing: { resolutionInterval: "1 second" }
      })
      // The connect check went through; calls now go to both servers once both connections are up.
      for (let i = 0; i < 100 && (first.requests() < 3 || second.requests() < 3); i++) {
        yield* connection.workflowService.getSystemInfo({})
        if (i > 10) yield* Effect.sleep("10 millis")
      }
      assert.isAtLeast(first.requests(), 3)
      assert.isAtLeast(second.requests(), 3)
    }), 15_000)

  it("gives a dns: target, the round_robin service config and the resolution interval", () => {
    const options: Connection.ConnectionOptions = {
      address: "temporal.example:7233",
      dnsLoadBalancing: { resolutionInterval: "45 seconds" }
    }
    const durations = decodeConnectionOptions(options)
    assert(Result.isSuccess(durations))
    assert.strictEqual(channelTarget("temporal.example:7233", options, durations.success), "dns:temporal.example:7233")
    const channel = grpcChannelOptions("temporal.example:7233", options, durations.success, {})
    assert.deepStrictEqual(JSON.parse(String(channel["grpc.service_config"])), {
      loadBalancingConfig: [{ round_robin: {} }]
    })
    assert.strictEqual(channel["grpc.dns_min_time_between_resolutions_ms"], 45_000)

    const byDefault = decodeConnectionOptions({ dnsLoadBalancing: true })
    assert(Result.isSuccess(byDefault))
    assert.isTrue(Duration.equals(byDefault.success.dnsResolutionInterval!, Duration.seconds(30)))
    const off = decodeConnectionOptions({})
    assert(Result.isSuccess(off))
    assert.isUndefined(off.success.dnsResolutionInterval)
    const plain = grpcChannelOptions("h:1", {}, off.success, {})
    assert.isUndefined(plain["grpc.service_config"])
    assert.strictEqual(channelTarget("h:1", {}, off.success), "h:1")
  })

  it.effect("conflicting or malformed options are refused before connecting", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, Connection.ConnectionOptions]> = [
        ["httpConnectProxy", { dnsLoadBalancing: true, httpConnectProxy: { targetHost: "127.0.0.1:1" } }],
        ["grpc.service_config", { dnsLoadBalancing: true, channelOptions: { "grpc.service_config": "{}" } }],
        ["dnsLoadBalancing.resolutionInterval must be positive", {
          dnsLoadBalancing: { resolutionInterval: -1 }
        }],
        ["dnsLoadBalancing.resolutionInterval is not a Duration.Input", {
          dnsLoadBalancing: { resolutionInterval: "soon" as never }
        }],
        ["dnsLoadBalancing must be a boolean", { dnsLoadBalancing: "yes" as never }]
      ]
      for (const [expected, options] of cases) {
        const error = yield* Effect.flip(Connection.make({ address: "127.0.0.1:1", lazy: true, ...options }))
        assert.strictEqual(error.reason, "InvalidConfig", expected)
        assert.include(error.description, expected)
      }
    }))
})
