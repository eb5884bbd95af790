/**
 * effect-temporal/testing: test programs that use the Temporal client by
 * swapping Layers.
 *
 * @since 0.1.0
 */

/**
 * A scripted `TemporalClient` that records every call: for unit tests of
 * programs that use the client.
 *
 * @since 0.1.0
 */
export * as TestTemporalClient from "./TestTemporalClient.js"

/**
 * A `Connection` whose RPCs are Effects the test gives, with response
 * builders and failure injection: the whole real client stack runs without
 * a network.
 *
 * @since 0.1.0
 */
export * as FakeConnection from "./FakeConnection.js"

/**
 * A Temporal server in memory, running workflows written as Effect
 * functions, with the real `TemporalClient` on top.
 *
 * @since 0.1.0
 */
export * as InMemoryTemporal from "./InMemoryTemporal.js"

/**
 * An in-process gRPC server speaking Temporal's services, for tests of the
 * transport itself (headers, TLS, deadlines, cancellation).
 *
 * @since 0.1.0
 */
export * as FakeGrpcServer from "./FakeGrpcServer.js"
