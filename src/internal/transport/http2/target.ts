/**
 * Where and how the HTTP/2 transport connects, from a connection's options:
 * the server's host and port, the `:authority`, the TLS settings (server
 * root CA, client certificate and key, the name the certificate is checked
 * against, SNI) as grpc-js derives them from `TlsConfig`, and the HTTP
 * CONNECT proxy. Checked before any network.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as net from "node:net"
import * as tls from "node:tls"
import { ConnectionError } from "../../../schema/TemporalError.js"
import { pemBytes, type TlsConfig } from "../../../schema/TlsConfig.js"
import type { ConnectionOptions, HttpConnectProxyConfig } from "../../../services/Connection.js"
import { tlsConfigProblem } from "../channelOptions.js"

/**
 * A resolved connection target.
 *
 * @internal
 */
export interface Http2Target {
  /** A Unix domain socket to connect to instead of `host:port` (a `unix:` address). */
  readonly socketPath?: string | undefined
  /** The server's host name or IP address (without brackets). */
  readonly host: string
  /** The server's port. */
  readonly port: number
  /** `host:port` (`[v6]:port`): the CONNECT target of a proxy, the session's origin. */
  readonly hostPort: string
  /** The `:authority` of every request: the address, or a `serverNameOverride`. */
  readonly authority: string
  /** Node's TLS options (certificates, SNI, identity check); `undefined` for plaintext. */
  readonly tls: tls.ConnectionOptions | undefined
  /** The HTTP CONNECT proxy to tunnel through. */
  readonly proxy: HttpConnectProxyConfig | undefined
}

/** gRPC's default port, when the address names none (grpc-js's `DEFAULT_PORT`). */
const defaultPort = 443

const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/
const plain = /^([^:[\]]+)(?::(\d{1,5}))?$/

const unixScheme = /^unix:(?:\/\/)?(.+)$/
const dnsScheme = /^(?:dns|ipv4|ipv6):(?:\/\/[^/]*\/)?(.+)$/

/**
 * Where an address points, as grpc-js reads its targets: a `unix:` socket
 * path, else host and port (a `dns:`, `ipv4:` or `ipv6:` scheme dropped;
 * one address only), or `undefined` for what it cannot be.
 *
 * @internal
 */
export const parseAddress = (
  address: string
):
  | { readonly _tag: "Unix"; readonly path: string }
  | { readonly _tag: "Host"; readonly host: string; readonly port: number }
  | undefined =>
{
  const unix = unixScheme.exec(address)
  if (unix !== null) return { _tag: "Unix", path: unix[1]! }
  const split = splitAddress(dnsScheme.exec(address)?.[1] ?? address)
  return split === undefined ? undefined : { _tag: "Host", ...split }
}

/**
 * The host and port of an address (`host:port`, `[v6]:port`, a bare host or
 * IPv6 address), or `undefined` when it is none of those.
 *
 * @internal
 */
export const splitAddress = (address: string): { readonly host: string; readonly port: number } | undefined => {
  const match = bracketed.exec(address) ?? plain.exec(address)
  if (match === null) {
    return net.isIPv6(address) ? { host: address, port: defaultPort } : undefined
  }
  const port = match[2] === undefined ? defaultPort : Number(match[2])
  return port > 0 && port < 65536 ? { host: match[1]!, port } : undefined
}

/** Node's TLS options of a `TlsConfig`, as grpc-js's `createSsl` and `getConnectionOptions` set them. */
const tlsOptions = (host: string, config: TlsConfig): tls.ConnectionOptions => {
  const checkedName = config.serverNameOverride ?? config.verificationServerName
  // Built once, here: a key that does not match its certificate fails now, not on each handshake.
  const secureContext = tls.createSecureContext({
    ...(config.serverRootCaCert !== undefined ? { ca: pemBytes(config.serverRootCaCert) } : {}),
    ...(config.clientCert !== undefined ? { cert: pemBytes(config.clientCert) } : {}),
    ...(config.clientPrivateKey !== undefined ? { key: pemBytes(Redacted.value(config.clientPrivateKey)) } : {})
  })
  const options: tls.ConnectionOptions = { host, ALPNProtocols: ["h2"], secureContext }
  if (checkedName !== undefined) {
    return {
      ...options,
      servername: checkedName,
      checkServerIdentity: (_host, cert) => tls.checkServerIdentity(checkedName, cert)
    }
  }
  // SNI is a host name (RFC 6066): Node warns about an IP address there.
  return net.isIP(host) === 0 ? { ...options, servername: host } : options
}

/**
 * The target of a connection's options, or `ConnectionError` reason `Tls`
 * for a TLS configuration that cannot be used (the same checks and words as
 * the grpc-js transport) or `InvalidConfig` for an address that is not
 * `host:port`.
 *
 * @internal
 */
export const http2Target = (
  address: string,
  options: ConnectionOptions
): Effect.Effect<Http2Target, ConnectionError> =>
  Effect.suspend(() => {
    const parsed = parseAddress(address)
    if (parsed === undefined) {
      return Effect.fail(
        new ConnectionError({
          reason: "InvalidConfig",
          address,
          description: "the http2 transport takes an address of the form host:port or unix:path"
        })
      )
    }
    const tlsOption = options.tls ?? (options.apiKey !== undefined ? true : false)
    // grpc-js's authority of a unix socket is "localhost".
    const split = parsed._tag === "Unix" ? { host: "localhost", port: defaultPort } : parsed
    const hostPort = parsed._tag === "Unix"
      ? "localhost"
      : net.isIPv6(split.host)
      ? `[${split.host}]:${split.port}`
      : `${split.host}:${split.port}`
    let settings: tls.ConnectionOptions | undefined
    let authority = hostPort
    if (tlsOption !== false) {
      const config: TlsConfig = tlsOption === true ? {} : tlsOption
      let problem: string | undefined
      try {
        problem = tlsConfigProblem(config)
        settings = problem === undefined ? tlsOptions(split.host, config) : undefined
      } catch (cause) {
        problem = cause instanceof Error ? cause.message : String(cause)
      }
      if (problem !== undefined) {
        return Effect.fail(
          new ConnectionError({ reason: "Tls", address, description: `Invalid TLS configuration: ${problem}` })
        )
      }
      if (config.serverNameOverride !== undefined) authority = config.serverNameOverride
    }
    return Effect.succeed({
      ...(parsed._tag === "Unix" ? { socketPath: parsed.path } : {}),
      host: split.host,
      port: split.port,
      hostPort,
      authority,
      tls: settings,
      proxy: options.httpConnectProxy
    })
  })
