/**
 * The transport's own HTTP/2 framing (`http2/wire/connection.ts`) against Node's HTTP/2 server
 * (nghttp2): request and response bodies past the flow-control windows, a 100-octet server window,
 * header blocks split into CONTINUATION frames, the server's MAX_CONCURRENT_STREAMS, GOAWAY
 * refusing streams, RST_STREAM both ways, PING, a stream handler that throws, and peers that do
 * not speak HTTP/2 or send random frames.
 */
import { assert, describe, it } from "@effect/vitest"
import * as http2 from "node:http2"
import * as net from "node:net"
import {
  Http2ClientConnection,
  Http2ProtocolError,
  type StreamHandler
} from "../../src/internal/transport/http2/wire/connection.js"
import { ErrorCode } from "../../src/internal/transport/http2/wire/frames.js"

/** What one stream heard, and a promise of its end. */
interface Heard {
  readonly headers: Array<ReadonlyArray<string>>
  readonly data: Array<Buffer>
  ended: boolean
  reset: number | undefined
  readonly done: Promise<void>
  readonly handler: StreamHandler
}

const listen = (
  server: net.Server
): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)))

const heard = (): Heard => {
  let finish!: () => void
  const done = new Promise<void>((resolve) => {
    finish = resolve
  })
  const state: Heard = {
    headers: [],
    data: [],
    ended: false,
    reset: undefined,
    done,
    handler: {
      headersReceived: (fields) => {
        state.headers.push(fields)
      },
      dataReceived: (chunk) => {
        state.data.push(Buffer.from(chunk))
      },
      streamEnded: () => {
        state.ended = true
        finish()
      },
      streamReset: (code) => {
        state.reset = code
        finish()
      }
    }
  }
  return state
}

/** A connection to `port` once the server's SETTINGS arrived, with the errors and GOAWAYs it reported. */
const connect = (port: number) =>
  new Promise<{
    readonly connection: Http2ClientConnection
    readonly errors: Array<Error>
    readonly goaways: Array<readonly [number, number]>
    readonly closed: Promise<void>
  }>((resolve, reject) => {
    const errors: Array<Error> = []
    const goaways: Array<readonly [number, number]> = []
    let onClosed!: () => void
    const closed = new Promise<void>((r) => {
      onClosed = r
    })
    const socket = net.connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      const connection = new Http2ClientConnection(socket, {
        remoteSettings: () => resolve({ connection, errors, goaways, closed }),
        goaway: (code, last) => goaways.push([code, last]),
        error: (error) => {
          errors.push(error)
          reject(error)
        },
        close: () => onClosed()
      })
    })
    socket.once("error", reject)
  })

const block = (path: string, extra: ReadonlyArray<string> = []): ReadonlyArray<string> => [
  ":method",
  "POST",
  ":scheme",
  "http",
  ":path",
  path,
  ":authority",
  "localhost",
  "content-type",
  "application/grpc",
  ...extra
]

const fieldsOf = (fields: ReadonlyArray<string>): Record<string, string> => {
  const record: Record<string, string> = {}
  for (let i = 0; i < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!
  return record
}

/** An HTTP/2 server echoing each request body back, with a trailer of `trailerLength` octets. */
const echoServer = (options: http2.ServerOptions = {}, trailerLength = 1) => {
  let concurrent = 0
  let maxConcurrent = 0
  const server = http2.createServer(options)
  server.on("stream", (stream, headers) => {
    concurrent++
    maxConcurrent = Math.max(maxConcurrent, concurrent)
    const chunks: Array<Buffer> = []
    stream.on("data", (chunk: Buffer) => chunks.push(chunk))
    stream.on("close", () => concurrent--)
    stream.on("end", () => {
      // Answer on a later turn so that concurrent streams overlap.
      setTimeout(() => {
        if (stream.destroyed) return
        stream.respond({ ":status": 200, "x-path": String(headers[":path"]) }, { waitForTrailers: true })
        stream.once("wantTrailers", () => stream.sendTrailers({ "x-trailer": "t".repeat(trailerLength) }))
        stream.end(Buffer.concat(chunks))
      }, 5)
    })
  })
  return { server, maxConcurrent: () => maxConcurrent }
}

describe("HTTP/2 wire", () => {
  it("sends bodies past the server's windows and receives bodies past its own, and long trailers", async () => {
    const { server } = echoServer({}, 40_000)
    const port = await listen(server)
    try {
      const { connection } = await connect(port)
      const body = Buffer.alloc(3 * 1024 * 1024 + 17)
      for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff
      const stream = heard()
      connection.request(block("/echo"), body, stream.handler)
      await stream.done
      assert.isTrue(stream.ended)
      assert.strictEqual(stream.headers.length, 2)
      assert.strictEqual(fieldsOf(stream.headers[0]!)[":status"], "200")
      assert.strictEqual(fieldsOf(stream.headers[0]!)["x-path"], "/echo")
      // The trailer block is longer than a frame: HEADERS and CONTINUATION.
      assert.strictEqual(fieldsOf(stream.headers[1]!)["x-trailer"], "t".repeat(40_000))
      assert.isTrue(Buffer.concat(stream.data).equals(body))
      connection.close()
    } finally {
      server.close()
    }
  })

  it("sends a body through a server window of 100 octets, frame by frame as the window opens", async () => {
    const { server } = echoServer({ settings: { initialWindowSize: 100 } })
    const port = await listen(server)
    try {
      const { connection } = await connect(port)
      const body = Buffer.alloc(200_000, 7)
      const streams = [heard(), heard()]
      for (const stream of streams) connection.request(block("/small-window"), body, stream.handler)
      await Promise.all(streams.map((s) => s.done))
      for (const stream of streams) assert.isTrue(Buffer.concat(stream.data).equals(body))
      connection.close()
    } finally {
      server.close()
    }
  })

  for (const headerTableSize of [4096, 200, 0]) {
    it(`sends the headers the server reads, indexed within its ${headerTableSize}-octet table`, async () => {
      const server = http2.createServer({ settings: { headerTableSize } })
      const received: Array<http2.IncomingHttpHeaders> = []
      server.on("stream", (stream, headers) => {
        received.push(headers)
        stream.on("error", () => {})
        stream.resume()
        stream.respond({ ":status": 200 }, { endStream: true })
      })
      const port = await listen(server)
      try {
        const { connection } = await connect(port)
        // Three header sets, one with a value too long for a small table; each sent many times, in turns.
        const sets = [
          block("/a", ["authorization", `Bearer ${"k".repeat(1500)}`, "temporal-namespace", "default"]),
          block("/b", ["authorization", "Bearer other", "grpc-timeout", "10000m"]),
          block("/a", ["temporal-namespace", "second", "x-id", "1"])
        ]
        const order = Array.from({ length: 30 }, (_, i) => sets[(i * 7) % 3]!)
        for (const fields of order) {
          const stream = heard()
          connection.request(fields, Buffer.from("x"), stream.handler)
          await stream.done
        }
        assert.strictEqual(received.length, order.length)
        received.forEach((headers, i) => {
          const fields = order[i]!
          for (let f = 0; f < fields.length; f += 2) assert.strictEqual(headers[fields[f]!], fields[f + 1], `${i}`)
        })
        connection.close()
      } finally {
        server.close()
      }
    })
  }

  it("keeps to the server's MAX_CONCURRENT_STREAMS, queueing the rest", async () => {
    const { server, maxConcurrent } = echoServer({ settings: { maxConcurrentStreams: 2 } })
    const port = await listen(server)
    try {
      const { connection } = await connect(port)
      const streams = Array.from({ length: 7 }, (_, i) => {
        const stream = heard()
        connection.request(block(`/s${i}`), Buffer.from(`body ${i}`), stream.handler)
        return stream
      })
      await Promise.all(streams.map((s) => s.done))
      streams.forEach((stream, i) => {
        assert.isTrue(stream.ended)
        assert.strictEqual(Buffer.concat(stream.data).toString(), `body ${i}`)
      })
      assert.strictEqual(maxConcurrent(), 2)
      assert.strictEqual(connection.activeStreams, 0)
      connection.close()
    } finally {
      server.close()
    }
  })

  it("refuses the streams a GOAWAY left out, finishes the others, and starts no new one", async () => {
    const server = http2.createServer()
    const held: Array<http2.ServerHttp2Stream> = []
    server.on("stream", (stream) => {
      stream.on("error", () => {})
      stream.resume()
      held.push(stream)
      if (held.length === 3) {
        // Streams 1 and 3 were processed; 5 was not.
        stream.session!.goaway(http2.constants.NGHTTP2_NO_ERROR, 3)
        for (const s of held.slice(0, 2)) {
          s.respond({ ":status": 200 }, { waitForTrailers: true })
          s.once("wantTrailers", () => s.sendTrailers({ "grpc-status": "0" }))
          s.end("ok")
        }
      }
    })
    const port = await listen(server)
    try {
      const { closed, connection, goaways } = await connect(port)
      const streams = [heard(), heard(), heard()]
      for (const stream of streams) connection.request(block("/g"), Buffer.from("x"), stream.handler)
      await Promise.all(streams.map((s) => s.done))
      assert.isTrue(streams[0]!.ended)
      assert.isTrue(streams[1]!.ended)
      assert.strictEqual(streams[2]!.reset, ErrorCode.REFUSED_STREAM)
      assert.deepStrictEqual(goaways, [[ErrorCode.NO_ERROR, 3]])
      assert.isTrue(connection.refusing)
      assert.isUndefined(connection.request(block("/g"), Buffer.from("x"), heard().handler))
      // With no stream left the connection closes itself.
      await closed
    } finally {
      server.close()
    }
  })

  it("resets a stream the client gives up, and hears the server's resets", async () => {
    const server = http2.createServer()
    const resets: Array<number> = []
    server.on("stream", (stream, headers) => {
      stream.on("error", () => {})
      stream.resume()
      stream.on("close", () => resets.push(stream.rstCode))
      if (headers[":path"] === "/reset-by-server") stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM)
    })
    const port = await listen(server)
    try {
      const { connection } = await connect(port)
      const byServer = heard()
      connection.request(block("/reset-by-server"), Buffer.from("x"), byServer.handler)
      await byServer.done
      assert.strictEqual(byServer.reset, ErrorCode.ENHANCE_YOUR_CALM)

      const byClient = heard()
      const stream = connection.request(block("/held"), Buffer.from("x"), byClient.handler)!
      await new Promise((resolve) => setTimeout(resolve, 50))
      connection.reset(stream, ErrorCode.CANCEL)
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.deepStrictEqual(resets, [http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, http2.constants.NGHTTP2_CANCEL])
      assert.isFalse(byClient.ended)
      assert.isUndefined(byClient.reset)
      assert.strictEqual(connection.activeStreams, 0)
      connection.close()
    } finally {
      server.close()
    }
  })

  it("answers PINGs with their acknowledgement, and fails those the connection loses", async () => {
    const server = http2.createServer()
    const port = await listen(server)
    try {
      const { closed, connection } = await connect(port)
      const acknowledged = await new Promise<Error | null>((resolve) => connection.ping(resolve))
      assert.isNull(acknowledged)
      const lost = new Promise<Error | null>((resolve) => connection.ping(resolve))
      connection.destroy()
      assert.instanceOf(await lost, Error)
      await closed
    } finally {
      server.close()
    }
  })

  it("gives up the connection, not the process, when a stream's handler throws", async () => {
    const { server } = echoServer()
    const port = await listen(server)
    try {
      const { closed, connection, errors } = await connect(port)
      const stream = heard()
      connection.request(block("/throws"), Buffer.from("x"), {
        ...stream.handler,
        headersReceived: () => {
          throw new Error("handler bug")
        }
      })
      await closed
      assert.strictEqual(errors.length, 1)
      assert.strictEqual(errors[0]!.message, "handler bug")
      assert.isTrue(connection.destroyed)
    } finally {
      server.close()
    }
  })

  it("ends in an error or a close, never a throw or a hang, whatever frames follow the server's SETTINGS", async () => {
    let seed = 0x2545f491
    const random = () => {
      seed ^= seed << 13
      seed ^= seed >>> 17
      seed ^= seed << 5
      return (seed >>> 0) / 0x1_0000_0000
    }
    // Frames of every type with random flags, stream ids, lengths (some lying) and payloads.
    const garbage = (): Buffer => {
      const frames: Array<Buffer> = []
      for (let i = 0; i < 1 + Math.floor(random() * 6); i++) {
        const payload = Buffer.alloc(Math.floor(random() * 40))
        for (let j = 0; j < payload.length; j++) payload[j] = Math.floor(random() * 256)
        const header = Buffer.alloc(9)
        const length = random() < 0.9 ? payload.length : Math.floor(random() * 70_000)
        header.writeUIntBE(length, 0, 3)
        header[3] = Math.floor(random() * 11)
        header[4] = Math.floor(random() * 256)
        header.writeUInt32BE(random() < 0.5 ? 1 : Math.floor(random() * 8), 5)
        frames.push(header, payload)
      }
      return Buffer.concat(frames)
    }
    const emptySettings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])
    for (let round = 0; round < 500; round++) {
      const bytes = garbage()
      const server = net.createServer((socket) => {
        socket.on("error", () => {})
        socket.once("data", () => {
          socket.write(emptySettings)
          setTimeout(() => socket.end(bytes), 1)
        })
      })
      const port = await listen(server)
      try {
        const { closed, connection } = await connect(port)
        const stream = heard()
        connection.request(block("/fuzz"), Buffer.from("x"), stream.handler)
        await closed
        assert.isTrue(connection.destroyed)
      } finally {
        server.close()
      }
    }
  })

  it("fails with a protocol error on a peer that does not speak HTTP/2", async () => {
    const server = net.createServer((socket) => {
      socket.on("data", () => {})
      socket.write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
    })
    const port = await listen(server)
    try {
      const failure = await connect(port).then(() => undefined, (error: unknown) => error)
      assert.instanceOf(failure, Http2ProtocolError)
    } finally {
      server.close()
    }
  })
})
