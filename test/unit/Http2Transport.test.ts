/**
 * The HTTP/2 transport itself (`transport: "http2"`), against the in-process fake server
 * (a grpc-js server) and against a raw HTTP/2 server for what only the wire shows: framing,
 * deadlines, cancellation, status details, gzip both ways, binary and text metadata, trailers-only
 * and HTTP-status responses, GOAWAY and reconnects, message-size limits, and the options it refuses;
 * and, on either transport, which requests are gzipped (`grpcCompressionMinBytes`).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import * as http2 from "node:http2"
import type * as net from "node:net"
import * as zlib from "node:zlib"
import { methodsOf, serviceNames } from "../../src/internal/proto/services.js"
import { decodeConnectionOptions } from "../../src/internal/transport/channelOptions.js"
import { transportOf } from "../../src/internal/transport/grpcChannel.js"
import { frameMessage, makeMessageDecoder } from "../../src/internal/transport/http2/framing.js"
import { grpcTimeout } from "../../src/internal/transport/http2/metadata.js"
import { percentDecode } from "../../src/internal/transport/http2/status.js"
import { type Http2Tunables, openHttp2Transport } from "../../src/internal/transport/http2/transport.js"
import type { RpcError } from "../../src/schema/TemporalError.js"
import * as Connection from "../../src/services/Connection.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import * as TcpProxy from "../support/tcpProxy.js"

const getSystemInfo = methodsOf(serviceNames.workflowService).find((m) => m.name === "GetSystemInfo")!
const systemInfoBytes = (serverVersion: string): Uint8Array =>
  getSystemInfo.responseType().encode(getSystemInfo.responseType().fromObject({ serverVersion })).finish()
const serverVersionOf = (bytes: Uint8Array): string =>
  (getSystemInfo.responseType().decode(bytes) as unknown as { serverVersion: string }).serverVersion

/** A request the raw server received: headers, and each message with its compressed flag. */
interface RawRequest {
  readonly headers: http2.IncomingHttpHeaders
  readonly messages: ReadonlyArray<{ readonly compressed: boolean; readonly bytes: Buffer }>
}

/** How the raw server answers one request. */
type RawAnswer = (request: RawRequest, stream: http2.ServerHttp2Stream, session: http2.ServerHttp2Session) => void

/** Answer OK with one message (gzip-compressed when `gzip`); an empty one to other methods than GetSystemInfo. */
const answerOk =
  (systemInfo: Uint8Array, options: { readonly gzip?: boolean } = {}): RawAnswer => (request, stream) => {
    const bytes = request.headers[":path"] === getSystemInfo.path ? systemInfo : new Uint8Array(0)
    stream.respond(
      { ":status": 200, "content-type": "application/grpc", ...(options.gzip ? { "grpc-encoding": "gzip" } : {}) },
      { waitForTrailers: true }
    )
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }))
    stream.end(options.gzip ? frameMessage(zlib.gzipSync(bytes), true) : frameMessage(bytes, false))
  }

/** An h2c server answering each request with `answer`; records requests and sessions. */
const rawServer = (
  answer: RawAnswer
): Effect.Effect<
  {
    readonly address: string
    readonly requests: Array<RawRequest>
    readonly sessions: Array<http2.ServerHttp2Session>
  },
  never,
  Scope.Scope
> =>
  Effect.acquireRelease(
    Effect.callback<{
      readonly server: http2.Http2Server
      readonly address: string
      readonly requests: Array<RawRequest>
      readonly sessions: Array<http2.ServerHttp2Session>
    }>((resume) => {
      const requests: Array<RawRequest> = []
      const sessions: Array<http2.ServerHttp2Session> = []
      const server = http2.createServer()
      server.on("session", (session) => sessions.push(session))
      server.on("stream", (stream, headers) => {
        const chunks: Array<Buffer> = []
        stream.on("error", () => {})
        stream.on("data", (chunk: Buffer) => chunks.push(chunk))
        stream.on("end", () => {
          const decoder = makeMessageDecoder(Infinity)
          const decoded = decoder.write(Buffer.concat(chunks))
          const request = { headers, messages: decoded._tag === "Messages" ? decoded.messages : [] }
          requests.push(request)
          answer(request, stream, stream.session as http2.ServerHttp2Session)
        })
      })
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({
          server,
          address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
          requests,
          sessions
        })))
    }),
    ({ server, sessions }) =>
      Effect.callback<void>((resume) => {
        for (const session of sessions) session.destroy()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ address, requests, sessions }) => ({ address, requests, sessions })))

/** One GetSystemInfo attempt straight through the transport, with lowered limits. */
const rawCall = (
  address: string,
  tunables: Http2Tunables,
  options: Connection.ConnectionOptions = {}
): Effect.Effect<Uint8Array, RpcError, Scope.Scope> =>
  Effect.gen(function*() {
    const durations = Result.getOrThrow(decodeConnectionOptions(options))
    const { buildHeaders, transport } = yield* Effect.orDie(openHttp2Transport(address, options, durations, tunables))
    return yield* transport({
      method: getSystemInfo,
      request: {},
      bytes: new Uint8Array(0),
      headers: buildHeaders({}),
      timeoutMillis: 5000,
      onCancel: () => {}
    })
  })

const services: FakeGrpcServer.FakeServices = {
  workflowService: {
    getSystemInfo: () => Effect.succeed({ serverVersion: "fake-h2" }),
    describeNamespace: () =>
      Effect.fail({
        code: "NOT_FOUND",
        message: "Namespace x is not found: 100% ünknown",
        details: [{ typeName: "temporal.api.errordetails.v1.NamespaceNotFoundFailure", value: { namespace: "x" } }]
      }),
    getWorkflowExecutionHistory: () => Effect.never
  }
}

const connect = (address: string, options: Connection.ConnectionOptions = {}) =>
  Connection.make({ address, transport: "http2", lazy: true, ...options })

describe("the http2 transport", () => {
  it("frames messages across DATA chunks and refuses one over the limit", () => {
    const a = frameMessage(Buffer.from("hello"), false)
    const b = frameMessage(Buffer.from("world!"), true)
    const wire = Buffer.concat([a, b])
    for (let cut = 0; cut <= wire.length; cut++) {
      const decoder = makeMessageDecoder(100)
      const first = decoder.write(wire.subarray(0, cut))
      const second = decoder.write(wire.subarray(cut))
      assert(first._tag === "Messages" && second._tag === "Messages")
      const all = [...first.messages, ...second.messages]
      assert.deepStrictEqual(all.map((m) => [m.compressed, m.bytes.toString()]), [[false, "hello"], [true, "world!"]])
    }
    const tooLarge = makeMessageDecoder(5).write(b)
    assert(tooLarge._tag === "TooLarge")
    assert.strictEqual(tooLarge.length, 6)
  })

  it("writes grpc-timeout as grpc-js does, and percent-decodes grpc-message", () => {
    assert.strictEqual(grpcTimeout(250), "250m")
    assert.strictEqual(grpcTimeout(0.5), "1m")
    assert.strictEqual(grpcTimeout(100_000_000), "100000S")
    assert.strictEqual(grpcTimeout(315_576_000_000_000), "87660000H")
    assert.strictEqual(percentDecode("100%25 %C3%BCnknown"), "100% ünknown")
    assert.strictEqual(percentDecode("bad %ZZ"), "bad %ZZ")
  })

  it.effect("answers calls of the fake server, with status, percent-decoded message and decoded details", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* connect(server.address)
      assert.strictEqual((yield* connection.workflowService.getSystemInfo({})).serverVersion, "fake-h2")
      const error = yield* Effect.flip(connection.workflowService.describeNamespace({ namespace: "x" }))
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "NOT_FOUND")
      assert.strictEqual(error.message, "Namespace x is not found: 100% ünknown")
      assert.strictEqual(error.details[0]?.typeName, "temporal.api.errordetails.v1.NamespaceNotFoundFailure")
      assert.strictEqual((error.details[0]!.value as { namespace: string }).namespace, "x")
      const calls = yield* server.calls
      assert.strictEqual(calls[1]?.metadata["temporal-namespace"], "x")
    }).pipe(Effect.scoped))

  it.live("enforces the deadline locally and tells the server (grpc-timeout, then RST_STREAM)", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* connect(server.address)
      const started = Date.now()
      const error = yield* Effect.flip(
        connection.workflowService.getWorkflowExecutionHistory({ namespace: "default" }, {
          rpcTimeout: "300 millis",
          retry: false
        })
      )
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "DEADLINE_EXCEEDED")
      assert.isBelow(Date.now() - started, 2000)
      yield* Effect.sleep("200 millis")
      assert.strictEqual(yield* server.openCalls, 0, "the server stopped the handler")
    }).pipe(Effect.scoped))

  it.live("cancels an interrupted call with RST_STREAM", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const connection = yield* connect(server.address)
      const fiber = yield* Effect.forkChild(
        connection.workflowService.getWorkflowExecutionHistory({ namespace: "default" }, { rpcTimeout: "1 minute" })
      )
      while ((yield* server.openCalls) === 0) yield* Effect.sleep("10 millis")
      yield* Fiber.interrupt(fiber)
      assert(Exit.hasInterrupts(yield* Fiber.await(fiber)))
      for (let i = 0; i < 100 && (yield* server.cancelledCalls) === 0; i++) yield* Effect.sleep("10 millis")
      assert.strictEqual(yield* server.cancelledCalls, 1)
      // The session stays usable.
      assert.strictEqual((yield* connection.workflowService.getSystemInfo({})).serverVersion, "fake-h2")
    }).pipe(Effect.scoped))

  it.effect("sends gRPC's request headers: text and base64 -bin metadata, te, content-type, grpc-timeout", () =>
    Effect.gen(function*() {
      const server = yield* rawServer(answerOk(systemInfoBytes("raw")))
      const connection = yield* connect(server.address, {
        rpcMetadata: { "x-text": "plain value", "x-trace-bin": new Uint8Array([0, 1, 254, 255]) }
      })
      yield* connection.workflowService.getSystemInfo({}, { rpcTimeout: "2 seconds" })
      const headers = server.requests[0]!.headers
      assert.strictEqual(headers[":method"], "POST")
      assert.strictEqual(headers[":path"], getSystemInfo.path)
      assert.strictEqual(headers["content-type"], "application/grpc")
      assert.strictEqual(headers["te"], "trailers")
      assert.strictEqual(headers["x-text"], "plain value")
      assert.strictEqual(headers["x-trace-bin"], Buffer.from([0, 1, 254, 255]).toString("base64"))
      assert.match(String(headers["grpc-timeout"]), /^(?:19\d\d|2000)m$/)
      assert.match(String(headers["user-agent"]), /^effect-temporal\//)
    }).pipe(Effect.scoped))

  it.effect("gzips requests by default, not with grpcCompression: none; decompresses gzip responses", () =>
    Effect.gen(function*() {
      const server = yield* rawServer(answerOk(systemInfoBytes("zipped"), { gzip: true }))
      const request = { namespace: "n".repeat(2000) }
      const gzipped = yield* connect(server.address)
      assert.strictEqual((yield* gzipped.workflowService.describeNamespace(request)).namespaceInfo, null)
      const plain = yield* connect(server.address, { grpcCompression: "none" })
      yield* plain.workflowService.describeNamespace(request)
      const [first, second] = server.requests
      assert.strictEqual(first!.headers["grpc-encoding"], "gzip")
      assert.strictEqual(first!.messages[0]!.compressed, true)
      assert.isAbove(zlib.gunzipSync(first!.messages[0]!.bytes).length, 2000)
      assert.strictEqual(second!.headers["grpc-encoding"], undefined)
      assert.strictEqual(second!.messages[0]!.compressed, false)
      // A gzip response is decompressed.
      assert.strictEqual((yield* plain.workflowService.getSystemInfo({})).serverVersion, "zipped")
    }).pipe(Effect.scoped))

  it.effect("reads trailers-only responses and maps HTTP statuses as grpc-js does", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((request, stream) => {
        if (request.headers[":path"] === getSystemInfo.path) {
          stream.respond({
            ":status": 200,
            "content-type": "application/grpc",
            "grpc-status": "5",
            "grpc-message": "gone%20away"
          }, { endStream: true })
        } else {
          stream.respond({ ":status": 503 }, { endStream: true })
        }
      })
      const connection = yield* connect(server.address)
      const notFound = yield* Effect.flip(connection.workflowService.getSystemInfo({}, { retry: false }))
      assert(notFound._tag === "RpcError")
      assert.strictEqual(notFound.code, "NOT_FOUND")
      assert.strictEqual(notFound.message, "gone away")
      const unavailable = yield* Effect.flip(connection.workflowService.describeNamespace({}, { retry: false }))
      assert(unavailable._tag === "RpcError")
      assert.strictEqual(unavailable.code, "UNAVAILABLE")
      assert.strictEqual(unavailable.message, "Received HTTP status code 503")
    }).pipe(Effect.scoped))

  it.effect("refuses messages over the receive and send limits with RESOURCE_EXHAUSTED", () =>
    Effect.gen(function*() {
      const big = systemInfoBytes("x".repeat(2000))
      const server = yield* rawServer(answerOk(big))
      const received = yield* Effect.flip(rawCall(server.address, { maxReceiveMessageLength: 1000 }))
      assert.strictEqual(received.code, "RESOURCE_EXHAUSTED")
      assert.strictEqual(received.message, `Received message larger than max (${big.length} vs 1000)`)
      const zipped = yield* rawServer(answerOk(big, { gzip: true }))
      const inflated = yield* Effect.flip(rawCall(zipped.address, { maxReceiveMessageLength: 1000 }))
      assert.strictEqual(inflated.code, "RESOURCE_EXHAUSTED")
      assert.include(inflated.message, "decompresses to a size larger than 1000")
      assert.strictEqual(serverVersionOf(yield* rawCall(server.address, {})), "x".repeat(2000))
      const durations = Result.getOrThrow(decodeConnectionOptions({}))
      const { buildHeaders, transport } = yield* Effect.orDie(
        openHttp2Transport(server.address, {}, durations, { maxSendMessageLength: 3 })
      )
      const sent = yield* Effect.flip(transport({
        method: getSystemInfo,
        request: {},
        bytes: new Uint8Array(4),
        headers: buildHeaders({}),
        timeoutMillis: 5000,
        onCancel: () => {}
      }))
      assert.strictEqual(sent.code, "RESOURCE_EXHAUSTED")
      assert.strictEqual(server.requests.length, 2, "the oversized request was not sent")
    }).pipe(Effect.scoped))

  it.effect("after a GOAWAY, new calls go to a new session; a dropped session is opened again", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((request, stream, session) => {
        answerOk(systemInfoBytes("v"))(request, stream, session)
        if (server.requests.length === 1) stream.on("close", () => session.goaway(http2.constants.NGHTTP2_NO_ERROR))
        if (server.requests.length === 2) stream.on("close", () => session.destroy())
      })
      const connection = yield* connect(server.address)
      for (let i = 0; i < 3; i++) {
        assert.strictEqual((yield* connection.workflowService.getSystemInfo({})).serverVersion, "v")
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))
      }
      assert.strictEqual(server.sessions.length, 3)
      assert.strictEqual(server.requests.length, 3)
    }).pipe(Effect.scoped))

  it.live("a refused connection is UNAVAILABLE, fails fast during the backoff, and connects after it", () =>
    Effect.gen(function*() {
      const server = yield* rawServer(answerOk(systemInfoBytes("late")))
      const port = Number(server.address.split(":")[1])
      // A port nothing listens on, then the server's.
      const closed = yield* Effect.flip(
        rawCall("127.0.0.1:1", { backoff: { initialMillis: 50, multiplier: 1, maxMillis: 50 } })
      )
      assert.strictEqual(closed.code, "UNAVAILABLE")
      assert.include(closed.message, "No connection established")
      assert.include(closed.message, "ECONNREFUSED")
      assert.strictEqual(serverVersionOf(yield* rawCall(`127.0.0.1:${port}`, {})), "late")
    }).pipe(Effect.scoped))

  it.effect("refuses grpc-js-only options and unknown transports with InvalidConfig", () =>
    Effect.gen(function*() {
      const refused = [
        { transport: "http2", channelOptions: { "grpc.max_send_message_length": 10 } },
        { transport: "http2", dnsLoadBalancing: true },
        { transport: "quic" as unknown as "http2" }
      ] as const
      for (const options of refused) {
        const error = yield* Effect.flip(Effect.scoped(Connection.make({ address: "127.0.0.1:1", ...options })))
        assert.strictEqual(error.reason, "InvalidConfig", error.message)
      }
      // The grpc-js default keeps taking them.
      yield* Effect.scoped(Connection.make({
        address: "127.0.0.1:1",
        lazy: true,
        transport: "grpc-js",
        channelOptions: { "grpc.max_send_message_length": 10 }
      }))
    }))

  it.live("keep-alive pings drop a session whose peer stopped answering; calls on it fail UNAVAILABLE", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make(services)
      const proxy = yield* TcpProxy.make({ target: server.address })
      const connection = yield* connect(proxy.address, { keepAlive: { interval: "100 millis", timeout: "100 millis" } })
      yield* connection.workflowService.getSystemInfo({})
      // The connection of the next request stops forwarding: its PINGs go unanswered.
      proxy.setFaults({ stallMillis: Infinity })
      proxy.stallNext(1)
      const started = Date.now()
      const error = yield* Effect.flip(
        connection.workflowService.getSystemInfo({}, { rpcTimeout: "10 seconds", retry: false })
      )
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "UNAVAILABLE")
      assert.isBelow(Date.now() - started, 2000, "dropped by keep-alive, not by the deadline")
      assert.strictEqual((yield* connection.workflowService.getSystemInfo({})).serverVersion, "fake-h2")
      assert.strictEqual(proxy.stats().connections, 2)
    }).pipe(Effect.scoped))
})

describe("grpcCompressionMinBytes, on either transport", () => {
  /** The compressed flag of each message the server received, and whether it reads as the request sent. */
  const sentCompressed = (
    transport: "grpc-js" | "http2",
    options: Connection.ConnectionOptions,
    namespaces: ReadonlyArray<string>
  ) =>
    Effect.gen(function*() {
      const server = yield* rawServer(answerOk(systemInfoBytes("any")))
      const connection = yield* Connection.make({ address: server.address, transport, lazy: true, ...options })
      for (const namespace of namespaces) yield* connection.workflowService.describeNamespace({ namespace })
      return server.requests.map((request, i) => {
        const message = request.messages[0]!
        const bytes = message.compressed ? zlib.gunzipSync(message.bytes) : message.bytes
        assert.include(bytes.toString("latin1"), namespaces[i]!, "the server reads the request sent")
        return message.compressed
      })
    }).pipe(Effect.scoped)

  for (const transport of ["grpc-js", "http2"] as const) {
    it.effect(`${transport}: a request under 1024 bytes goes uncompressed, a longer one gzipped, by default`, () =>
      Effect.gen(function*() {
        const flags = yield* sentCompressed(transport, {}, ["small", "l".repeat(1100)])
        assert.deepStrictEqual(flags, [false, true])
      }))

    it.effect(`${transport}: 0 compresses every request; "none" none; a threshold of its own is kept`, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* sentCompressed(transport, { grpcCompressionMinBytes: 0 }, ["small"]), [true])
        assert.deepStrictEqual(
          yield* sentCompressed(transport, { grpcCompression: "none", grpcCompressionMinBytes: 0 }, ["small"]),
          [false]
        )
        assert.deepStrictEqual(
          yield* sentCompressed(transport, { grpcCompressionMinBytes: 200 }, ["s".repeat(150), "s".repeat(250)]),
          [false, true]
        )
      }))
  }

  it.effect("a threshold that is not a non-negative integer is refused before connecting", () =>
    Effect.gen(function*() {
      for (const grpcCompressionMinBytes of [-1, 1.5, Number.NaN]) {
        const error = yield* Effect.flip(
          Connection.make({ address: "127.0.0.1:1", lazy: true, grpcCompressionMinBytes })
        )
        assert.strictEqual(error.reason, "InvalidConfig")
        assert.include(error.description, "grpcCompressionMinBytes")
      }
    }))
})

describe("the default transport", () => {
  it("is http2, or grpc-js for a connection with an option only grpc-js takes; a named one is kept", () => {
    assert.strictEqual(transportOf({}), "http2")
    assert.strictEqual(transportOf({ channelOptions: {} }), "http2")
    assert.strictEqual(transportOf({ dnsLoadBalancing: false }), "http2")
    assert.strictEqual(transportOf({ channelOptions: { "grpc.max_send_message_length": 1024 } }), "grpc-js")
    assert.strictEqual(transportOf({ dnsLoadBalancing: true }), "grpc-js")
    assert.strictEqual(transportOf({ transport: "grpc-js" }), "grpc-js")
    assert.strictEqual(transportOf({ transport: "http2", dnsLoadBalancing: true }), "http2")
  })
})
