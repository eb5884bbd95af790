/**
 * Answers a gRPC server should not give, from a raw HTTP/2 server on loopback: each ends in a typed,
 * truthful error. A message flagged compressed without a `grpc-encoding` header used to give
 * "undefined undefined: undefined" (grpc-js ends such a call with an empty status).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as http2 from "node:http2"
import type * as net from "node:net"
import * as Connection from "../../src/Connection.js"

/** An h2c server answering every stream with `answer`; counts the requests. */
const rawServer = (answer: (stream: http2.ServerHttp2Stream) => void) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: http2.Http2Server; readonly requests: () => number }>((resume) => {
      let requests = 0
      const server = http2.createServer()
      server.on("stream", (stream) => {
        requests++
        stream.on("error", () => {})
        answer(stream)
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, requests: () => requests })))
    }),
    ({ server }) => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
  )

const addressOf = (server: http2.Http2Server) => `127.0.0.1:${(server.address() as net.AddressInfo).port}`

/** A gRPC message frame: the compressed flag, the length, the bytes. */
const frame = (compressed: boolean, body: Uint8Array) => {
  const out = Buffer.alloc(5 + body.length)
  out.writeUInt8(compressed ? 1 : 0, 0)
  out.writeUInt32BE(body.length, 1)
  Buffer.from(body).copy(out, 5)
  return out
}

describe("malformed answers", () => {
  it.effect("a compressed message without grpc-encoding is an INTERNAL RpcError that says so, not retried", () =>
    Effect.gen(function*() {
      const { requests, server } = yield* rawServer((stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true })
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }))
        stream.end(frame(true, new Uint8Array([1, 2, 3, 4])))
      })
      const connection = yield* Connection.make({ address: addressOf(server), lazy: true })
      const error = yield* Effect.flip(connection.workflowService.getSystemInfo({}))
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "INTERNAL")
      assert.include(error.message, "grpc-encoding")
      assert.notInclude(error.message, "undefined")
      assert.strictEqual(requests(), 1, "a response that cannot be decompressed is not asked for again")
    }))
})
