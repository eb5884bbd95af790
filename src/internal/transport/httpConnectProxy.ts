/**
 * A probe of an HTTP CONNECT proxy: asks for the same tunnel grpc-js asks
 * for, with the same credentials, and tells what the proxy answered. grpc-js
 * drops the proxy's answer (a refused tunnel reaches the caller as "No
 * connection established. Last error: undefined"), so a failed connect
 * through a proxy asks the proxy itself. The same CONNECT request opens
 * the tunnel the HTTP/2 transport connects through.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as http from "node:http"
import type * as net from "node:net"

/**
 * What the proxy did with a CONNECT request.
 *
 * @internal
 */
export type ProxyAnswer =
  | { readonly _tag: "Tunnel" }
  | { readonly _tag: "Refused"; readonly status: number; readonly statusText: string }
  | { readonly _tag: "Unreachable"; readonly description: string }
  | { readonly _tag: "Unknown" }

const hostPort = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/

/** The CONNECT request for a tunnel to `target`, with Basic credentials when given. */
const connectRequest = (
  host: string,
  port: number,
  target: string,
  basicAuth: { readonly username: string; readonly password: Redacted.Redacted<string> } | undefined
): http.ClientRequest => {
  const headers: Record<string, string> = { Host: target }
  if (basicAuth !== undefined) {
    headers["Proxy-Authorization"] = `Basic ${
      Buffer.from(`${basicAuth.username}:${Redacted.value(basicAuth.password)}`).toString("base64")
    }`
  }
  return http.request({ host, port, method: "CONNECT", path: target, headers, agent: false })
}

/**
 * Open a tunnel to `target` through the proxy at `proxyHost` (`host:port`),
 * the same CONNECT request as the probe's, and call back once with the
 * tunnel's socket or why there is none (the proxy's status when it refused;
 * never the credentials). The returned function abandons the attempt.
 *
 * @internal
 */
export const openHttpConnectTunnel = (
  proxyHost: string,
  target: string,
  basicAuth: { readonly username: string; readonly password: Redacted.Redacted<string> } | undefined,
  callback: (result: { readonly socket: net.Socket } | { readonly error: Error }) => void
): () => void => {
  const match = hostPort.exec(proxyHost)
  if (match === null) {
    callback({ error: new Error(`the HTTP CONNECT proxy address ${JSON.stringify(proxyHost)} is not host:port`) })
    return () => {}
  }
  const request = connectRequest(match[1] ?? match[2]!, Number(match[3]), target, basicAuth)
  let done = false
  const finish = (result: { readonly socket: net.Socket } | { readonly error: Error }) => {
    if (done) return
    done = true
    callback(result)
  }
  request.once("connect", (response: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const status = response.statusCode ?? 0
    if (status >= 200 && status < 300) {
      // Bytes the proxy sent past its answer belong to the tunnel.
      if (head.length > 0) socket.unshift(head)
      finish({ socket })
    } else {
      socket.destroy()
      finish({
        error: new Error(
          `the HTTP CONNECT proxy ${proxyHost} refused the tunnel to ${target}: ${status} ${
            response.statusMessage ?? ""
          }`
            .trim()
        )
      })
    }
  })
  request.once("response", (response: http.IncomingMessage) => {
    response.resume()
    request.destroy()
    finish({ error: new Error(`the HTTP CONNECT proxy ${proxyHost} answered ${response.statusCode ?? 0} to CONNECT`) })
  })
  request.once("error", (error: Error) => finish({ error }))
  request.end()
  return () => {
    if (done) return
    done = true
    request.destroy()
  }
}

/**
 * Ask the proxy at `proxyHost` (`host:port`) for a tunnel to `target`, with
 * Basic credentials when given, and tell what it answered within
 * `timeoutMillis`. The tunnel is closed at once; nothing is sent through it.
 * The credentials never appear in the answer.
 *
 * @internal
 */
export const probeHttpConnectProxy = (
  proxyHost: string,
  target: string,
  basicAuth: { readonly username: string; readonly password: Redacted.Redacted<string> } | undefined,
  timeoutMillis: number
): Effect.Effect<ProxyAnswer> => {
  const match = hostPort.exec(proxyHost)
  if (match === null) return Effect.succeed({ _tag: "Unknown" })
  const host = match[1] ?? match[2]!
  const port = Number(match[3])
  return Effect.callback<ProxyAnswer>((resume) => {
    const request = connectRequest(host, port, target, basicAuth)
    let done = false
    const finish = (answer: ProxyAnswer) => {
      if (done) return
      done = true
      request.destroy()
      resume(Effect.succeed(answer))
    }
    request.once("connect", (response: http.IncomingMessage, socket) => {
      socket.destroy()
      const status = response.statusCode ?? 0
      finish(
        status >= 200 && status < 300
          ? { _tag: "Tunnel" }
          : { _tag: "Refused", status, statusText: response.statusMessage ?? "" }
      )
    })
    request.once("response", (response: http.IncomingMessage) => {
      response.resume()
      finish({ _tag: "Refused", status: response.statusCode ?? 0, statusText: response.statusMessage ?? "" })
    })
    request.once("error", (error: NodeJS.ErrnoException) => {
      finish({ _tag: "Unreachable", description: error.code ?? error.message })
    })
    request.setTimeout(timeoutMillis, () => finish({ _tag: "Unknown" }))
    request.end()
    return Effect.sync(() => {
      done = true
      request.destroy()
    })
  })
}
