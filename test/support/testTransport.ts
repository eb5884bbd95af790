/**
 * The transport the test run asks for: `EFFECT_TEMPORAL_TRANSPORT=grpc-js` for grpc-js, the
 * library's default (`"http2"`, its own HTTP/2) otherwise (see test/support/transport.ts, the setup file that
 * applies it).
 */
export const testTransport: "grpc-js" | "http2" = process.env["EFFECT_TEMPORAL_TRANSPORT"] === "grpc-js"
  ? "grpc-js"
  : "http2"
