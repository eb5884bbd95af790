/**
 * Binary (`-bin`) request headers: bytes sent binary at every level (the connection's `rpcMetadata`,
 * a fiber's `withRpcMetadata`, a call's), text for a `-bin` name and bytes for any other refused
 * with typed errors that never quote the value; and the `grpc-encoding` header of compressed requests.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as http2 from "node:http2"
import type * as net from "node:net"
import * as Connection from "../../src/Connection.js"

/** An h2c server answering every request with an empty OK gRPC response; keeps each request's headers. */
const recordingServer = Effect.acquireRelease(
  Effect.callback<
    {
      readonly address: string
      readonly server: http2.Http2Server
      readonly headers: () => ReadonlyArray<http2.IncomingHttpHeaders>
    }
  >(
    (resume) => {
      const seen: Array<http2.IncomingHttpHeaders> = []
      const server = http2.createServer()
      server.on("stream", (stream, headers) => {
        seen.push(headers)
        stream.on("error", () => {})
        stream.on("data", () => {})
        stream.on("end", () => {
          stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true })
          stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }))
          stream.end(Buffer.alloc(5))
        })
      })
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({
          address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
          server,
          headers: () => seen.slice()
        })))
    }
  ),
  ({ server }) => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
)

const bytesOf = (header: string | Array<string> | undefined): Array<number> =>
  Array.from(Buffer.from(String(header), "base64"))

const secret = new Uint8Array([0, 1, 2, 253, 254, 255])

describe("binary (-bin) rpcMetadata", () => {
  it.effect("bytes are sent binary from the connection, the fiber and the call; later sources win", () =>
    Effect.gen(function*() {
      const server = yield* recordingServer
      const connection = yield* Connection.make({
        address: server.address,
        lazy: true,
        rpcMetadata: { "x-conn-bin": secret, "x-shared-bin": new Uint8Array([1]), "x-text": "plain" }
      })
      yield* connection.workflowService.getSystemInfo({}, {
        rpcMetadata: { "x-call-bin": Buffer.from([9, 8, 7]), "x-shared-bin": new Uint8Array([3]) }
      }).pipe(
        Connection.withRpcMetadata({ "x-fiber-bin": new Uint8Array([5, 6]), "x-shared-bin": new Uint8Array([2]) })
      )
      const [headers] = server.headers()
      assert.deepStrictEqual(bytesOf(headers!["x-conn-bin"]), Array.from(secret))
      assert.deepStrictEqual(bytesOf(headers!["x-fiber-bin"]), [5, 6])
      assert.deepStrictEqual(bytesOf(headers!["x-call-bin"]), [9, 8, 7])
      assert.deepStrictEqual(bytesOf(headers!["x-shared-bin"]), [3])
      assert.strictEqual(headers!["x-text"], "plain")

      // A view on part of a larger buffer sends only its own bytes.
      const backing = new Uint8Array([100, 101, 102, 103, 104])
      yield* Ref.set(connection.rpcMetadata, { "x-conn-bin": backing.subarray(1, 3) })
      yield* connection.workflowService.getSystemInfo({})
      assert.deepStrictEqual(bytesOf(server.headers()[1]!["x-conn-bin"]), [101, 102])
    }))

  it.effect("text for a -bin name and bytes for another are refused, typed, naming the header only", () =>
    Effect.gen(function*() {
      const server = yield* recordingServer
      const atConnect = yield* Effect.flip(
        Connection.make({ address: server.address, lazy: true, rpcMetadata: { "x-trace": secret } })
      )
      assert.strictEqual(atConnect._tag, "ConnectionError")
      assert(atConnect._tag === "ConnectionError")
      assert.strictEqual(atConnect.reason, "InvalidConfig")
      assert.include(atConnect.description, "\"x-trace\"")
      assert.include(atConnect.description, "only binary headers (names ending in -bin) take bytes")

      const connection = yield* Connection.make({ address: server.address, lazy: true })
      const perCall = yield* Effect.flip(
        connection.workflowService.getSystemInfo({}, { rpcMetadata: { "x-id": new Uint8Array([1]) } })
      )
      assert.strictEqual(perCall._tag, "InvalidArgumentError")
      const fiberText = yield* Effect.flip(
        connection.workflowService.getSystemInfo({}).pipe(
          Connection.withRpcMetadata({ "x-trace-bin": "s3cr3t-text" })
        )
      )
      assert.strictEqual(fiberText._tag, "InvalidArgumentError")
      assert(fiberText._tag === "InvalidArgumentError")
      assert.include(fiberText.reason, "takes bytes (a Uint8Array), not text")
      assert.notInclude(JSON.stringify(fiberText), "s3cr3t-text")

      yield* Ref.set(connection.rpcMetadata, { "x-later-bin": "text" })
      const changed = yield* Effect.flip(connection.workflowService.getSystemInfo({}))
      assert(changed._tag === "ConnectionError")
      assert.strictEqual(changed.reason, "InvalidConfig")
      assert.lengthOf(server.headers(), 0, "nothing was sent")
    }))
})

describe("grpcCompression", () => {
  // Which requests are compressed by default (1024 bytes and longer), on either transport: Http2Transport.test.ts.
  it.effect("gzip is announced with every compressed request; \"none\" sends none", () =>
    Effect.gen(function*() {
      const server = yield* recordingServer
      const byDefault = yield* Connection.make({ address: server.address, lazy: true, grpcCompressionMinBytes: 0 })
      yield* byDefault.workflowService.getSystemInfo({})
      const none = yield* Connection.make({ address: server.address, lazy: true, grpcCompression: "none" })
      yield* none.workflowService.getSystemInfo({})
      const [gzip, plain] = server.headers()
      assert.strictEqual(gzip!["grpc-encoding"], "gzip")
      assert.notStrictEqual(plain!["grpc-encoding"], "gzip")
    }))

  it.effect("a value other than \"gzip\" or \"none\" is refused before connecting", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Connection.make({ address: "127.0.0.1:1", lazy: true, grpcCompression: "zstd" as never })
      )
      assert.strictEqual(error.reason, "InvalidConfig")
      assert.include(error.description, "grpcCompression")
    }))
})
