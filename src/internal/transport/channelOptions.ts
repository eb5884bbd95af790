/**
 * The connection's options checked and turned into what grpc-js takes: the
 * duration and bound options decoded once (before any network), the TLS
 * credentials (certificates and key parsed first, so a garbled one fails at
 * once instead of on every handshake), and the keep-alive, proxy and
 * channel options.
 *
 * @internal
 */
import type * as grpc from "@grpc/grpc-js"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as crypto from "node:crypto"
import { ConnectionError } from "../../schema/TemporalError.js"
import { type Pem, pemBytes, type TlsConfig } from "../../schema/TlsConfig.js"
import type { ConnectionOptions, HttpConnectProxyConfig } from "../../services/Connection.js"
import { grpcJs } from "./grpcJs.js"
import { clientName, clientVersion } from "./pipeline.js"

/** Node's timers take at most 2³¹ − 1 ms; a longer one fires at once (grpc-js keep-alive would ping without pause). */
const maxTimerMillis = 2_147_483_647

/**
 * A duration option decoded once: `undefined` when not given, or why it
 * cannot be used (not a duration, negative, zero, or longer than a timer can
 * wait).
 */
const decodeDuration = (
  field: string,
  input: Duration.Input | undefined,
  allowInfinite: boolean
): Result.Result<Duration.Duration | undefined, string> => {
  if (input === undefined) return Result.succeed(undefined)
  if (typeof input === "number" && Number.isNaN(input)) return Result.fail(`${field} is NaN, not a duration`)
  const decoded = Duration.fromInput(input as Duration.Input)
  if (Option.isNone(decoded)) return Result.fail(`${field} is not a Duration.Input`)
  const negative = (typeof input === "number" && input < 0) ||
    (typeof input === "string" && input.trimStart().startsWith("-"))
  if (negative || Duration.isZero(decoded.value)) return Result.fail(`${field} must be positive`)
  if (!Duration.isFinite(decoded.value)) {
    return allowInfinite ? Result.succeed(decoded.value) : Result.fail(`${field} must be finite`)
  }
  return Duration.toMillis(decoded.value) > maxTimerMillis
    ? Result.fail(`${field} must be at most 24.8 days (2³¹ − 1 ms)`)
    : Result.succeed(decoded.value)
}

/** Why a bound on calls in flight cannot be used, or `undefined`. */
const boundProblem = (field: string, value: number | undefined): string | undefined =>
  value === undefined || value === Infinity || (Number.isSafeInteger(value) && value > 0)
    ? undefined
    : `${field} must be a positive integer or Infinity`

/**
 * The duration options of a connection, decoded, defaults applied.
 *
 * @internal
 */
export interface ConnectionDurations {
  /** Keep-alive pings, or `false` when disabled. */
  readonly keepAlive: { readonly interval: Duration.Duration; readonly timeout: Duration.Duration } | false
  /** Whether `keepAlive.interval` was given (the warning about frequent pings is only for an explicit one). */
  readonly keepAliveIntervalGiven: boolean
  /** Bound of the connect-time check. */
  readonly connectTimeout: Duration.Duration
  /** The least time between two resolutions of the host name, when DNS load balancing is on; `undefined` when off. */
  readonly dnsResolutionInterval: Duration.Duration | undefined
}

/** Default least time between two resolutions of the host name under DNS load balancing. */
const defaultDnsResolutionInterval = Duration.seconds(30)

/** Why the DNS load balancing options cannot be used, or the resolution interval (`undefined`: off). */
const decodeDnsLoadBalancing = (options: ConnectionOptions): Result.Result<Duration.Duration | undefined, string> => {
  const config = options.dnsLoadBalancing
  if (config === undefined || config === false) return Result.succeed(undefined)
  if (config !== true && (typeof config !== "object" || config === null)) {
    return Result.fail("dnsLoadBalancing must be a boolean or a DnsLoadBalancingConfig")
  }
  if (options.httpConnectProxy !== undefined) {
    return Result.fail("dnsLoadBalancing and httpConnectProxy cannot both be given: the proxy resolves the name")
  }
  if (options.channelOptions?.["grpc.service_config"] !== undefined) {
    return Result.fail(
      "dnsLoadBalancing and a grpc.service_config channel option cannot both be given: both set the load balancing"
    )
  }
  const interval = decodeDuration(
    "dnsLoadBalancing.resolutionInterval",
    config === true ? undefined : config.resolutionInterval,
    false
  )
  return Result.isFailure(interval)
    ? Result.fail(interval.failure)
    : Result.succeed(interval.success ?? defaultDnsResolutionInterval)
}

/**
 * Check the connection's duration and bound options (in the order the
 * errors name them) and decode the durations once; fails with why they
 * cannot be used.
 *
 * @internal
 */
export const decodeConnectionOptions = (options: ConnectionOptions): Result.Result<ConnectionDurations, string> => {
  const keepAlive = options.keepAlive
  const interval = keepAlive !== undefined && keepAlive !== false
    ? decodeDuration("keepAlive.interval", keepAlive.interval, false)
    : Result.succeed(undefined)
  if (Result.isFailure(interval)) return Result.fail(interval.failure)
  const timeout = keepAlive !== undefined && keepAlive !== false
    ? decodeDuration("keepAlive.timeout", keepAlive.timeout, false)
    : Result.succeed(undefined)
  if (Result.isFailure(timeout)) return Result.fail(timeout.failure)
  const connectTimeout = decodeDuration("connectTimeout", options.connectTimeout, true)
  if (Result.isFailure(connectTimeout)) return Result.fail(connectTimeout.failure)
  const bound = boundProblem("maxConcurrentCalls", options.maxConcurrentCalls) ??
    boundProblem("maxConcurrentLongPolls", options.maxConcurrentLongPolls)
  if (bound !== undefined) return Result.fail(bound)
  if (
    options.grpcCompression !== undefined && options.grpcCompression !== "gzip" && options.grpcCompression !== "none"
  ) {
    return Result.fail(`grpcCompression must be "gzip" or "none"`)
  }
  const minBytes = options.grpcCompressionMinBytes
  if (minBytes !== undefined && minBytes !== Infinity && !(Number.isSafeInteger(minBytes) && minBytes >= 0)) {
    return Result.fail(`grpcCompressionMinBytes must be a non-negative integer or Infinity`)
  }
  if (options.transport !== undefined && options.transport !== "grpc-js" && options.transport !== "http2") {
    return Result.fail(`transport must be "grpc-js" or "http2"`)
  }
  const dnsResolutionInterval = decodeDnsLoadBalancing(options)
  if (Result.isFailure(dnsResolutionInterval)) return Result.fail(dnsResolutionInterval.failure)
  return Result.succeed({
    dnsResolutionInterval: dnsResolutionInterval.success,
    keepAlive: keepAlive === false
      ? false
      : { interval: interval.success ?? Duration.seconds(30), timeout: timeout.success ?? Duration.seconds(15) },
    keepAliveIntervalGiven: interval.success !== undefined,
    connectTimeout: connectTimeout.success ?? defaultConnectTimeout
  })
}

/** The PEM blocks of one kind (`CERTIFICATE`) in a text. */
const pemBlocks = (text: string, label: string): ReadonlyArray<string> =>
  text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, "g")) ?? []

/**
 * Why a PEM certificate option cannot be used, or `undefined`. OpenSSL
 * skips what it cannot read in a CA bundle, so a garbled CA would verify
 * nothing and fail every handshake later: each block is parsed here.
 * Certificates are public; their errors may quote OpenSSL's message.
 */
const certificateProblem = (field: string, pem: Pem): string | undefined => {
  const blocks = pemBlocks(pemBytes(pem).toString("latin1"), "CERTIFICATE")
  if (blocks.length === 0) return `${field} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`
  for (let i = 0; i < blocks.length; i++) {
    try {
      new crypto.X509Certificate(blocks[i]!)
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      return `${field}: certificate ${i + 1} of ${blocks.length} cannot be read (${reason})`
    }
  }
  return undefined
}

/** Why the private key cannot be used, or `undefined`; never quotes the key. */
const privateKeyProblem = (key: Pem): string | undefined => {
  try {
    crypto.createPrivateKey(pemBytes(key))
    return undefined
  } catch (cause) {
    const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : ""
    return `clientPrivateKey cannot be read as a PEM private key${code.length > 0 ? ` (${code})` : ""}`
  }
}

/**
 * Why a TLS configuration cannot be used, checked before any network, or
 * `undefined` (shared by both transports).
 *
 * @internal
 */
export const tlsConfigProblem = (config: TlsConfig): string | undefined => {
  if ((config.clientCert === undefined) !== (config.clientPrivateKey === undefined)) {
    return "clientCert and clientPrivateKey must be given together"
  }
  if (config.serverNameOverride !== undefined && config.verificationServerName !== undefined) {
    return "serverNameOverride and verificationServerName cannot both be given (serverNameOverride sets both names)"
  }
  return (config.serverRootCaCert !== undefined
    ? certificateProblem("serverRootCaCert", config.serverRootCaCert)
    : undefined) ??
    (config.clientCert !== undefined ? certificateProblem("clientCert", config.clientCert) : undefined) ??
    (config.clientPrivateKey !== undefined ? privateKeyProblem(Redacted.value(config.clientPrivateKey)) : undefined)
}

/**
 * How long the connect-time check waits by default: long enough for a TLS
 * handshake across the world, short enough that a wrong address fails fast.
 *
 * @internal
 */
export const defaultConnectTimeout: Duration.Duration = Duration.seconds(5)

/**
 * The channel credentials of the `tls` option (on by default when an API
 * key is given), and the channel options a `serverNameOverride` or a
 * `verificationServerName` needs.
 * Fails with `ConnectionError` reason `Tls` when the configuration cannot be
 * used.
 *
 * @internal
 */
export const channelCredentials = (
  address: string,
  options: ConnectionOptions
): Effect.Effect<{ credentials: grpc.ChannelCredentials; channelOptions: grpc.ChannelOptions }, ConnectionError> =>
  Effect.try({
    try: () => {
      const tls = options.tls ?? (options.apiKey !== undefined ? true : false)
      if (tls === false) return { credentials: grpcJs().credentials.createInsecure(), channelOptions: {} }
      const config: TlsConfig = tls === true ? {} : tls
      const problem = tlsConfigProblem(config)
      if (problem !== undefined) throw new Error(problem)
      const credentials = grpcJs().credentials.createSsl(
        config.serverRootCaCert !== undefined ? pemBytes(config.serverRootCaCert) : null,
        config.clientPrivateKey !== undefined ? pemBytes(Redacted.value(config.clientPrivateKey)) : null,
        config.clientCert !== undefined ? pemBytes(config.clientCert) : null
      )
      const channelOptions: grpc.ChannelOptions = config.serverNameOverride !== undefined
        ? {
          "grpc.ssl_target_name_override": config.serverNameOverride,
          "grpc.default_authority": config.serverNameOverride
        }
        : config.verificationServerName !== undefined
        ? { "grpc.ssl_target_name_override": config.verificationServerName }
        : {}
      return { credentials, channelOptions }
    },
    catch: (cause) =>
      new ConnectionError({
        reason: "Tls",
        address,
        description: `Invalid TLS configuration: ${cause instanceof Error ? cause.message : String(cause)}`
      })
  })

/**
 * Every channel option of a connection: message and header limits, the user
 * agent, keep-alive, compression (gzip unless `grpcCompression: "none"`),
 * DNS load balancing, TLS (`tlsOptions`, from `channelCredentials`), the
 * proxy, then the caller's own `channelOptions`, which win.
 *
 * @internal
 */
export const grpcChannelOptions = (
  address: string,
  options: ConnectionOptions,
  durations: ConnectionDurations,
  tlsOptions: grpc.ChannelOptions
): grpc.ChannelOptions => ({
  "grpc.max_receive_message_length": 128 * 1024 * 1024,
  "grpc.max_metadata_size": 4 * 1024 * 1024,
  "grpc.primary_user_agent": `${clientName}/${clientVersion}`,
  ...keepAliveChannelOptions(durations.keepAlive),
  ...(options.grpcCompression !== "none" ? { "grpc.default_compression_algorithm": gzipAlgorithm } : {}),
  ...dnsLoadBalancingChannelOptions(durations.dnsResolutionInterval),
  ...tlsOptions,
  ...proxyChannelOptions(address, options.httpConnectProxy),
  ...options.channelOptions
})

/** The default of `grpcCompressionMinBytes`. */
const defaultCompressionMinBytes = 1024

/**
 * The shortest request message a connection gzips: `grpcCompressionMinBytes`
 * (default 1024), or `Infinity` with `grpcCompression: "none"`.
 *
 * @internal
 */
export const compressFrom = (options: ConnectionOptions): number =>
  options.grpcCompression === "none" ? Infinity : options.grpcCompressionMinBytes ?? defaultCompressionMinBytes

/** grpc-js's number for gzip (`compressionAlgorithms.gzip`). */
const gzipAlgorithm = 2

/**
 * The channel options of DNS load balancing: round-robin across every
 * address the name resolves to, resolved again at most once per
 * `resolutionInterval`; none when it is off.
 *
 * @internal
 */
export const dnsLoadBalancingChannelOptions = (
  resolutionInterval: Duration.Duration | undefined
): grpc.ChannelOptions =>
  resolutionInterval === undefined ? {} : {
    "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    "grpc.dns_min_time_between_resolutions_ms": Duration.toMillis(resolutionInterval)
  }

/**
 * The grpc-js target of a connection: the proxy's address when one is
 * given, else the server's, as a `dns:` target when DNS load balancing is on
 * (the name resolved to every address it has).
 *
 * @internal
 */
export const channelTarget = (
  address: string,
  options: ConnectionOptions,
  durations: ConnectionDurations
): string =>
  options.httpConnectProxy !== undefined
    ? options.httpConnectProxy.targetHost
    : durations.dnsResolutionInterval !== undefined
    ? `dns:${address}`
    : address

/**
 * The channel options of an HTTP CONNECT proxy (grpc-js's own proxy
 * support, with the env-variable proxy off).
 *
 * @internal
 */
export const proxyChannelOptions = (
  address: string,
  proxy: HttpConnectProxyConfig | undefined
): grpc.ChannelOptions => {
  if (proxy === undefined) return {}
  const options: grpc.ChannelOptions = {
    "grpc.enable_http_proxy": 0,
    "grpc.http_connect_target": `dns:///${address}`
  }
  if (proxy.basicAuth !== undefined) {
    options["grpc.http_connect_creds"] = `${proxy.basicAuth.username}:${Redacted.value(proxy.basicAuth.password)}`
  }
  return options
}

/**
 * The channel options of decoded keep-alive settings.
 *
 * @internal
 */
export const keepAliveChannelOptions = (keepAlive: ConnectionDurations["keepAlive"]): grpc.ChannelOptions =>
  keepAlive === false ? {} : {
    "grpc.keepalive_time_ms": Duration.toMillis(keepAlive.interval),
    "grpc.keepalive_timeout_ms": Duration.toMillis(keepAlive.timeout),
    "grpc.keepalive_permit_without_calls": 1
  }
