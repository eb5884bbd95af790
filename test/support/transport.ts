/**
 * The transport every test connection uses, from the environment:
 * `EFFECT_TEMPORAL_TRANSPORT=http2` runs the suite on the `node:http2`
 * transport, anything else (or nothing) on grpc-js. A vitest setup file
 * (see vitest.config.ts): it wraps the one place a channel is opened, so
 * every `Connection.make`, `Connection.layer`, `TemporalClient.layerConnect`
 * and `CloudOperations.make` of every test picks it up without passing it.
 *
 * A connection that names its transport keeps it; one with a grpc-js-only
 * option (`channelOptions`, `dnsLoadBalancing`), which the http2 transport
 * refuses, stays on grpc-js: those tests are about grpc-js itself.
 */
import { vi } from "vitest"
import type * as GrpcChannel from "../../src/internal/transport/grpcChannel.js"

vi.mock("../../src/internal/transport/grpcChannel.js", async (importOriginal) => {
  const original = await importOriginal<typeof GrpcChannel>()
  const { testTransport } = await import("./testTransport.js")
  if (testTransport !== "http2") return original
  const grpcJsOnly = (options: GrpcChannel.GrpcChannelParams["options"]): boolean =>
    (options.channelOptions !== undefined && Object.keys(options.channelOptions).length > 0) ||
    (options.dnsLoadBalancing !== undefined && options.dnsLoadBalancing !== false)
  return {
    ...original,
    openGrpcChannel: (params: GrpcChannel.GrpcChannelParams) =>
      original.openGrpcChannel(
        params.options.transport !== undefined || grpcJsOnly(params.options)
          ? params
          : { ...params, options: { ...params.options, transport: "http2" } }
      )
  }
})
