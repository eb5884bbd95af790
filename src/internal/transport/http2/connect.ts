/**
 * One connection attempt, as grpc-js's `Http2SubchannelConnector` makes it:
 * a TCP socket (or an HTTP CONNECT tunnel), the TLS handshake on it when TLS
 * is on (ALPN `h2`, the server's certificate checked), then an HTTP/2
 * session over that socket, ready once the server's SETTINGS arrive.
 *
 * @internal
 */
import * as http2 from "node:http2"
import * as net from "node:net"
import * as tls from "node:tls"
import { openHttpConnectTunnel } from "../httpConnectProxy.js"
import type { Http2Target } from "./target.js"

/**
 * The outcome of an attempt: a ready session, or the error that ended it.
 *
 * @internal
 */
export type ConnectResult =
  | { readonly _tag: "Ready"; readonly session: http2.ClientHttp2Session }
  | { readonly _tag: "Failed"; readonly error: Error }

/** Session settings as grpc-js sets them: no limit on header blocks, none on session memory. */
const sessionOptions = (socket: net.Socket): http2.ClientSessionOptions => ({
  createConnection: () => socket,
  maxSendHeaderBlockLength: Number.MAX_SAFE_INTEGER,
  maxSessionMemory: Number.MAX_SAFE_INTEGER
})

/**
 * Connect to `target`, calling back once with the ready session or the
 * failure (within `timeoutMillis`). The returned function abandons the
 * attempt and destroys what it opened.
 *
 * @internal
 */
export const connectSession = (
  target: Http2Target,
  timeoutMillis: number,
  callback: (result: ConnectResult) => void
): () => void => {
  let done = false
  let socket: net.Socket | undefined
  let session: http2.ClientHttp2Session | undefined
  let abandonTunnel: (() => void) | undefined
  const fail = (error: Error) => {
    if (done) return
    done = true
    clearTimeout(timer)
    abandonTunnel?.()
    session?.destroy()
    socket?.destroy()
    callback({ _tag: "Failed", error })
  }
  const timer = setTimeout(
    () => fail(new Error(`Connection attempt timed out after ${timeoutMillis} ms`)),
    timeoutMillis
  )
  timer.unref()

  const startSession = (connected: net.Socket) => {
    if (done) {
      connected.destroy()
      return
    }
    const scheme = target.tls !== undefined ? "https" : "http"
    const opened = http2.connect(`${scheme}://${target.hostPort}`, sessionOptions(connected))
    session = opened
    const onError = (error: Error) => fail(error)
    const onClose = () => fail(new Error("Connection closed before the server's HTTP/2 settings arrived"))
    opened.once("error", onError)
    opened.once("close", onClose)
    opened.once("remoteSettings", () => {
      if (done) return
      done = true
      clearTimeout(timer)
      opened.removeListener("error", onError)
      opened.removeListener("close", onClose)
      connected.removeListener("error", onError)
      callback({ _tag: "Ready", session: opened })
    })
    connected.once("error", onError)
  }

  const startTls = (raw: net.Socket) => {
    if (target.tls === undefined) {
      startSession(raw)
      return
    }
    const secure = tls.connect({ ...target.tls, socket: raw })
    socket = secure
    const onError = (error: Error) => fail(error)
    secure.once("error", onError)
    secure.once("secureConnect", () => {
      secure.removeListener("error", onError)
      if (!secure.authorized) {
        fail(secure.authorizationError ?? new Error("The server's certificate was not authorized"))
        return
      }
      startSession(secure)
    })
  }

  if (target.proxy !== undefined) {
    abandonTunnel = openHttpConnectTunnel(
      target.proxy.targetHost,
      target.hostPort,
      target.proxy.basicAuth,
      (result) => {
        abandonTunnel = undefined
        if ("error" in result) fail(result.error)
        else if (done) result.socket.destroy()
        else {
          socket = result.socket
          startTls(result.socket)
        }
      }
    )
  } else {
    const raw = target.socketPath !== undefined
      ? net.connect({ path: target.socketPath })
      : net.connect({ host: target.host, port: target.port, noDelay: true })
    socket = raw
    const onError = (error: Error) => fail(error)
    raw.once("error", onError)
    raw.once("connect", () => {
      raw.removeListener("error", onError)
      startTls(raw)
    })
  }
  return () => fail(new Error("Connection attempt abandoned"))
}
