/**
 * Request headers as HTTP/2 sends them: custom metadata (text as it is,
 * binary `-bin` values base64-encoded), then the headers the transport owns
 * (`content-type`, `te`, `user-agent`, the accepted encodings), which win
 * over a caller's header of the same name as in grpc-js; and the
 * `grpc-timeout` header of a deadline. `grpc-encoding` is set per call, on
 * the calls whose message is compressed.
 *
 * @internal
 */
/**
 * The headers of a call but for `:path`, `grpc-timeout` and `grpc-encoding`
 * (added per call, when its header block is encoded).
 *
 * @internal
 */
export type Http2RequestHeaders = Readonly<Record<string, string>>

/**
 * What the transport sends on every call of a connection.
 *
 * @internal
 */
export interface FixedHeaders {
  /** `:authority`: the server's `host:port`, or a `serverNameOverride`. */
  readonly authority: string
  /** `:scheme`: `https` over TLS, else `http`. */
  readonly scheme: "http" | "https"
  /** The `user-agent`. */
  readonly userAgent: string
}

/**
 * The request headers of `metadata` (names lower-case, already checked by
 * the pipeline) with the transport's own.
 *
 * @internal
 */
export const requestHeaders = (
  metadata: Readonly<Record<string, string | Uint8Array>>,
  fixed: FixedHeaders
): Http2RequestHeaders => {
  const headers: Record<string, string> = {}
  for (const name in metadata) {
    const value = metadata[name]!
    headers[name] = typeof value === "string"
      ? value
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64")
  }
  headers[":method"] = "POST"
  headers[":scheme"] = fixed.scheme
  headers[":authority"] = fixed.authority
  headers["content-type"] = "application/grpc"
  headers["te"] = "trailers"
  headers["user-agent"] = fixed.userAgent
  headers["grpc-accept-encoding"] = "identity,deflate,gzip"
  return headers
}

/** grpc-js's units of `grpc-timeout`, finest first: the first that writes the timeout in at most 8 digits. */
const timeoutUnits: ReadonlyArray<readonly [string, number]> = [["m", 1], ["S", 1000], ["M", 60_000], [
  "H",
  3_600_000
]]

/**
 * The `grpc-timeout` value of `millis` from now (rounded up, at least 0),
 * as grpc-js writes it; `undefined` when even hours need more than 8 digits
 * (over 11 000 years: no deadline is sent).
 *
 * @internal
 */
export const grpcTimeout = (millis: number): string | undefined => {
  const timeout = Math.max(millis, 0)
  for (const [unit, factor] of timeoutUnits) {
    const amount = Math.ceil(timeout / factor)
    if (amount < 1e8) return `${amount}${unit}`
  }
  return undefined
}

/**
 * The first value of `name` in a received header block's `fields` (flat:
 * `[name, value, …]`).
 *
 * @internal
 */
export const fieldValue = (fields: ReadonlyArray<string>, name: string): string | undefined => {
  for (let i = 0; i < fields.length; i += 2) {
    if (fields[i] === name) return fields[i + 1]
  }
  return undefined
}
