/**
 * One connection attempt, as grpc-js's `Http2SubchannelConnector` makes it:
 * a TCP socket (or an HTTP CONNECT tunnel), the TLS handshake on it when TLS
 * is on (ALPN `h2`, the server's certificate checked), then an HTTP/2
 * connection over that socket (`wire/connection.ts`), ready once the
 * server's SETTINGS arrive.
 *
 * @internal
 */
import * as net from "node:net"
import * as tls from "node:tls"
import { openHttpConnectTunnel } from "../httpConnectProxy.js"
import type { Http2Target } from "./target.js"
import { Http2ClientConnection } from "./wire/connection.js"

/**
 * The outcome of an attempt: a ready session, or the error that ended it.
 *
 * @internal
 */
export type ConnectResult =
  | { readonly _tag: "Ready"; readonly connection: Http2ClientConnection }
  | { readonly _tag: "Failed"; readonly error: Error }

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
  let connection: Http2ClientConnection | undefined
  let abandonTunnel: (() => void) | undefined
  const fail = (error: Error) => {
    if (done) return
    done = true
    clearTimeout(timer)
    abandonTunnel?.()
    connection?.destroy()
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
    connection = new Http2ClientConnection(connected, {
      remoteSettings: () => {
        if (done) return
        done = true
        clearTimeout(timer)
        callback({ _tag: "Ready", connection: connection! })
      },
      goaway: (errorCode) =>
        fail(new Error(`The server sent GOAWAY (code ${errorCode}) before the connection was ready`)),
      error: fail,
      close: () => fail(new Error("Connection closed before the server's HTTP/2 settings arrived"))
    })
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
