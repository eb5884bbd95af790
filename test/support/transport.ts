/**
 * The transport every test connection uses, from the environment:
 * `EFFECT_TEMPORAL_TRANSPORT=grpc-js` runs the suite on grpc-js, anything
 * else (or nothing) on the library's default (its own HTTP/2, `"http2"`). A vitest setup
 * file (see vitest.config.ts): it wraps the one place a channel is opened, so
 * every `Connection.make`, `Connection.layer`, `TemporalClient.layerConnect`
 * and `CloudOperations.make` of every test picks it up without passing it.
 *
 * A connection that names its transport keeps it; one with a grpc-js-only
 * option (`channelOptions`, `dnsLoadBalancing`) speaks grpc-js either way,
 * as the library decides.
 */
import { vi } from "vitest"
import type * as GrpcChannel from "../../src/internal/transport/grpcChannel.js"

vi.mock("../../src/internal/transport/grpcChannel.js", async (importOriginal) => {
  const original = await importOriginal<typeof GrpcChannel>()
  const { testTransport } = await import("./testTransport.js")
  if (testTransport !== "grpc-js") return original
  return {
    ...original,
    openGrpcChannel: (params: GrpcChannel.GrpcChannelParams) =>
      original.openGrpcChannel(
        params.options.transport !== undefined
          ? params
          : { ...params, options: { ...params.options, transport: "grpc-js" } }
      )
  }
})
