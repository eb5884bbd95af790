/**
 * Endpoints that are not Temporal servers, for tests of what the client makes of them: an HTTP/2
 * server answering every stream in one of several wrong ways, or an HTTP/1.1 server. Each listens
 * on a free loopback port for the lifetime of a Scope.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as http2 from "node:http2"
import * as net from "node:net"

/** How the endpoint answers. */
export type WrongAnswer =
  /** HTTP 200 with an HTML page (read by grpc-js as a message "larger than max"). */
  | "html200"
  /** HTTP 503 with an HTML page, no gRPC status. */
  | "http503"
  /** An HTTP/1.1 server: "400 Bad Request" to the HTTP/2 preface. */
  | "http1"
  /** Every stream reset with INTERNAL_ERROR. */
  | "rstStream"
  /** A gRPC status no version of gRPC defines (99). */
  | "unknownStatus"
  /** HTTP 200, `application/grpc`, ended without any gRPC status. */
  | "noStatus"
  /** A gRPC message whose length prefix says 200 MiB. */
  | "tooLarge"

/** Every wrong answer. */
export const wrongAnswers: ReadonlyArray<WrongAnswer> = [
  "html200",
  "http503",
  "http1",
  "rstStream",
  "unknownStatus",
  "noStatus",
  "tooLarge"
]

const answer = (how: Exclude<WrongAnswer, "http1">, stream: http2.ServerHttp2Stream): void => {
  stream.on("error", () => {})
  switch (how) {
    case "html200":
      stream.respond({ ":status": 200, "content-type": "text/html" })
      stream.end("<html><body>Welcome to nginx!</body></html>")
      return
    case "http503":
      stream.respond({ ":status": 503, "content-type": "text/html" })
      stream.end("<html><body>Service Unavailable</body></html>")
      return
    case "rstStream":
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR)
      return
    case "unknownStatus":
      stream.respond(
        { ":status": 200, "content-type": "application/grpc", "grpc-status": "99", "grpc-message": "no such status" },
        { endStream: true }
      )
      return
    case "noStatus":
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { endStream: true })
      return
    case "tooLarge": {
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true })
      const prefix = Buffer.alloc(5)
      prefix.writeUInt32BE(200 * 1024 * 1024, 1)
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }))
      stream.end(prefix)
      return
    }
  }
}

const listen = (server: net.Server): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<string>((resume) => {
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed(`127.0.0.1:${(server.address() as net.AddressInfo).port}`)))
    }),
    () =>
      Effect.sync(() =>
        server.close()
      )
  )

/** Start an endpoint answering `how`; its `host:port`. */
export const make = (how: WrongAnswer): Effect.Effect<string, never, Scope.Scope> => {
  if (how === "http1") {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((socket) => {
      sockets.add(socket)
      socket.on("error", () => {})
      socket.on("close", () => sockets.delete(socket))
      socket.once(
        "data",
        () => socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      )
    })
    return Effect.tap(
      listen(server),
      () => Effect.addFinalizer(() => Effect.sync(() => sockets.forEach((s) => s.destroy())))
    )
  }
  const server = http2.createServer()
  const sessions = new Set<http2.ServerHttp2Session>()
  server.on("session", (session) => {
    sessions.add(session)
    session.on("error", () => {})
    session.on("close", () => sessions.delete(session))
  })
  server.on("stream", (stream) => answer(how, stream))
  return Effect.tap(
    listen(server),
    () => Effect.addFinalizer(() => Effect.sync(() => sessions.forEach((s) => s.destroy())))
  )
}
