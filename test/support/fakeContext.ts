/**
 * A client context over the in-process fake gRPC server, for unit tests of
 * the services built on it (schedules, async activity handles, build IDs):
 * a lazy connection to the fake, the default data converter, namespace
 * `ns-1`, identity `tester@host`.
 */
import * as Effect from "effect/Effect"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import * as Connection from "../../src/Connection.js"
import * as DataConverter from "../../src/DataConverter.js"
import { makeClientContext } from "../../src/internal/clientContext.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

/** The namespace every call of the context is made in. */
export const namespace = "ns-1"

/** The identity every call of the context carries. */
export const identity = "tester@host"

/**
 * Start the fake server with `services` (in the test's scope) and build a
 * client context over it, going through `interceptors`. `callsTo(method)`
 * gives the calls the fake got of one RPC, e.g. `"UpdateSchedule"`.
 */
export const fakeClientContext = (
  services: FakeGrpcServer.FakeServices,
  interceptors: ReadonlyArray<ClientInterceptor> = []
) =>
  Effect.gen(function*() {
    const server = yield* FakeGrpcServer.make(services)
    const connection = yield* Connection.make({ address: server.address, lazy: true })
    const dataConverter = yield* DataConverter.DataConverter
    const context = makeClientContext({
      connection,
      dataConverter,
      namespace,
      identity,
      interceptors,
      defaultQueryRejectCondition: undefined,
      headerCodecBehavior: "NoCodec"
    })
    const callsTo = (method: string) =>
      Effect.map(server.calls, (calls) => calls.filter((call) => call.method === method))
    return { server, context, dataConverter, callsTo }
  }).pipe(Effect.provide(DataConverter.Default))
