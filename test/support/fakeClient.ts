/**
 * What the unit tests against the in-process fake gRPC server share: a JSON payload as the
 * server's handlers answer them, and a client of the fake server.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TemporalClient from "../../src/TemporalClient.js"
import type * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const utf8 = new TextEncoder()

/** `value` as a `json/plain` payload. */
export const jsonPayload = (value: unknown) => ({
  metadata: { encoding: utf8.encode("json/plain") },
  data: utf8.encode(JSON.stringify(value))
})

/** Run `body` with a client of `server` (lazy, fresh for this run), with `options` added. */
export const withFakeClient = <A, E>(
  server: FakeGrpcServer.FakeGrpcServer,
  body: Effect.Effect<A, E, TemporalClient.TemporalClient>,
  options: TemporalClient.ConnectOptions = {}
) => Effect.provide(body, Layer.fresh(TemporalClient.layerConnect({ address: server.address, lazy: true, ...options })))
