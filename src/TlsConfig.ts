/**
 * TLS settings of a connection.
 *
 * @since 0.1.0
 */
export * from "./schema/TlsConfig.js"
