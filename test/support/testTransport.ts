/**
 * The transport the test run asks for: `EFFECT_TEMPORAL_TRANSPORT=http2` for the `node:http2`
 * transport, grpc-js otherwise (see test/support/transport.ts, the setup file that applies it).
 */
export const testTransport: "grpc-js" | "http2" = process.env["EFFECT_TEMPORAL_TRANSPORT"] === "http2"
  ? "http2"
  : "grpc-js"
