/**
 * TLS settings of a connection: server CA, client certificate pair for mTLS,
 * and server name override.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type { PlatformError } from "effect/PlatformError"
import * as Redacted from "effect/Redacted"
import { fileSystem } from "../internal/fileSystem.js"

/**
 * PEM text or bytes.
 *
 * @since 0.1.0
 * @category models
 */
export type Pem = string | Uint8Array

/**
 * TLS settings. Every field is optional: `{}` means TLS with the system's
 * root certificates.
 *
 * @since 0.1.0
 * @category models
 */
export interface TlsConfig {
  /** The CA certificate(s) to verify the server with, PEM. Default: the system's roots. */
  readonly serverRootCaCert?: Pem | undefined
  /** The client certificate chain for mTLS, PEM. Needs `clientPrivateKey`. */
  readonly clientCert?: Pem | undefined
  /** The client private key for mTLS, PEM; kept `Redacted` so it never prints. */
  readonly clientPrivateKey?: Redacted.Redacted<Pem> | undefined
  /** The name to check the server's certificate against, and to send as SNI and `:authority`. */
  readonly serverNameOverride?: string | undefined
  /**
   * The name to check the server's certificate against (and send as SNI),
   * leaving `:authority` the address's host: for a server behind a load
   * balancer whose certificate names the service. `serverNameOverride` sets
   * both; give one or the other.
   */
  readonly verificationServerName?: string | undefined
}

/**
 * File paths of the TLS material, read by `fromFiles`.
 *
 * @since 0.1.0
 * @category models
 */
export interface TlsFiles {
  /** Path of the CA certificate(s) to verify the server with, PEM. Default: the system's roots. */
  readonly serverRootCaCertPath?: string | undefined
  /** Path of the client certificate chain for mTLS, PEM. */
  readonly clientCertPath?: string | undefined
  /** Path of the client private key for mTLS, PEM (read into a `Redacted`). */
  readonly clientPrivateKeyPath?: string | undefined
  /** The name to check the server's certificate against, and to send as SNI and `:authority`. */
  readonly serverNameOverride?: string | undefined
}

/**
 * Read TLS material from files, with Effect's `FileSystem` service
 * (`effect/FileSystem`; on Node, provide `NodeServices.layer` or
 * `NodeFileSystem.layer` of the Node platform package).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFiles = (files: TlsFiles): Effect.Effect<TlsConfig, PlatformError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* fileSystem
    const read = (path: string | undefined) => path === undefined ? Effect.succeed(undefined) : fs.readFile(path)
    const serverRootCaCert = yield* read(files.serverRootCaCertPath)
    const clientCert = yield* read(files.clientCertPath)
    const clientPrivateKey = yield* read(files.clientPrivateKeyPath)
    return {
      serverRootCaCert,
      clientCert,
      clientPrivateKey: clientPrivateKey === undefined ? undefined : Redacted.make<Pem>(clientPrivateKey),
      serverNameOverride: files.serverNameOverride
    }
  })

/**
 * PEM input as bytes.
 *
 * @since 0.1.0
 * @category combinators
 */
export const pemBytes = (pem: Pem): Buffer => typeof pem === "string" ? Buffer.from(pem, "utf8") : Buffer.from(pem)
