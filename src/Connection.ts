/**
 * The gRPC connection to a Temporal server.
 *
 * @since 0.1.0
 */
export * from "./layers/Connection.js"
