/**
 * A tiny HTTP CONNECT proxy on loopback, for tests of `httpConnectProxy`.
 *
 * It listens on `127.0.0.1:0`, answers only `CONNECT host:port` requests whose
 * target is a loopback address (`127.0.0.1`, `localhost`, `::1`), pipes the
 * tunnel to the target, and records each tunnel's target and its
 * `Proxy-Authorization` header. Everything else gets a 4xx. At most
 * `maxTunnels` tunnels are served (default 16); the server and every socket
 * close with the scope.
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as http from "node:http"
import * as net from "node:net"

/** One CONNECT request the proxy received. */
export interface TunnelRequest {
  /** The `host:port` asked for. */
  readonly target: string
  /** The `Proxy-Authorization` header, if any. */
  readonly proxyAuthorization: string | undefined
  /** Whether the proxy opened the tunnel. */
  readonly accepted: boolean
}

/** A running proxy. */
export interface ConnectProxy {
  /** `127.0.0.1:PORT`. */
  readonly address: string
  /** Every CONNECT request received, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<TunnelRequest>>
  /** Number of tunnels opened. */
  readonly tunnels: Effect.Effect<number>
}

/** Options of {@link make}. */
export interface ConnectProxyOptions {
  /** When given, tunnels need exactly this `Proxy-Authorization` header, else 407. */
  readonly requireAuthorization?: string | undefined
  /** Tunnels served at most; later requests get 503. Default 16. */
  readonly maxTunnels?: number | undefined
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1", "[::1]"])

const splitTarget = (target: string): { host: string; port: number } | undefined => {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(target)
  if (match === null) return undefined
  const port = Number(match[2])
  if (port < 1 || port > 65535) return undefined
  return { host: match[1]!, port }
}

/** Start a proxy; it stops with the scope. */
export const make = (options: ConnectProxyOptions = {}): Effect.Effect<ConnectProxy, never, Scope.Scope> =>
  Effect.gen(function*() {
    const maxTunnels = options.maxTunnels ?? 16
    const requests = yield* Ref.make<ReadonlyArray<TunnelRequest>>([])
    const sockets = new Set<net.Socket>()
    let opened = 0
    const track = (socket: net.Socket) => {
      sockets.add(socket)
      socket.once("close", () => sockets.delete(socket))
    }
    const record = (request: TunnelRequest) => Effect.runSync(Ref.update(requests, (all) => [...all, request]))

    const server = http.createServer((_req, res) => {
      res.writeHead(405, { connection: "close" }).end()
    })
    server.on("connection", track)
    server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const target = req.url ?? ""
      const header = req.headers["proxy-authorization"]
      const proxyAuthorization = Array.isArray(header) ? header.join(", ") : header
      const refuse = (status: number, text: string) => {
        record({ target, proxyAuthorization, accepted: false })
        client.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      }
      const parsed = splitTarget(target)
      if (parsed === undefined || !loopbackHosts.has(parsed.host)) return refuse(403, "Forbidden")
      if (options.requireAuthorization !== undefined && proxyAuthorization !== options.requireAuthorization) {
        return refuse(407, "Proxy Authentication Required")
      }
      if (opened >= maxTunnels) return refuse(503, "Service Unavailable")
      opened++
      record({ target, proxyAuthorization, accepted: true })
      const host = parsed.host.replace(/^\[|\]$/g, "")
      const upstream = net.connect({ host, port: parsed.port })
      track(upstream)
      upstream.once("connect", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
        if (head.length > 0) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on("error", () => {
        if (!client.writableEnded && upstream.pending) {
          client.end("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        } else client.destroy()
      })
      client.on("error", () => upstream.destroy())
      client.once("close", () => upstream.destroy())
      upstream.once("close", () => client.destroy())
    })

    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.once("error", (error) => resume(Effect.die(error)))
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
        })
      }),
      () =>
        Effect.callback<void>((resume) => {
          for (const socket of sockets) socket.destroy()
          server.close(() => resume(Effect.void))
        })
    )
    return {
      address: `127.0.0.1:${port}`,
      requests: Ref.get(requests),
      tunnels: Effect.map(Ref.get(requests), (all) => all.filter((r) => r.accepted).length)
    }
  })
