/**
 * The rules a request header must follow before it is handed to grpc-js,
 * checked by the client itself so that grpc-js never sees (and never prints)
 * a header it would refuse, and no header makes a call spin in grpc-js's
 * transparent retry. Every problem names the header and never its value:
 * values are often secrets (`authorization`, the API key).
 *
 * @internal
 */
import type { RpcMetadata } from "../../schema/Common.js"

/**
 * Names HTTP/2 forbids in a request (RFC 9113 §8.2.2): Node's HTTP/2 client
 * refuses a stream that carries one, and grpc-js then retries the call at
 * once, again and again, until its deadline, without a request reaching the
 * server.
 */
const connectionSpecific: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "http2-settings"
])

/**
 * Names the transport sets itself: the pseudo-headers' plain forms and
 * HTTP's framing headers. A second value would be ignored, or make the
 * server reset the stream (`content-length`).
 */
const transportOwned: ReadonlySet<string> = new Set(["host", "te", "content-type", "content-length"])

/** A header name grpc-js accepts: lower-case letters, digits, `_`, `.` and `-`. */
const legalName = /^[0-9a-z_.-]+$/

/** A text header value grpc-js accepts: printable ASCII (0x20–0x7E). */
const legalValue = /^[ -~]*$/

/** A header name for an error message: quoted and escaped, cut at 64 characters. */
export const quoteName = (name: string): string => JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name)

/**
 * The kind of the first character of `value` that a text header cannot
 * carry ("a line break", "a NUL character", ...), or `undefined` when it is
 * printable ASCII throughout.
 *
 * @internal
 */
export const illegalCharacter = (value: string): string | undefined => {
  if (legalValue.test(value)) return undefined
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code === 0x0a || code === 0x0d) return "a line break"
    if (code === 0) return "a NUL character"
    if (code < 0x20 || code === 0x7f) return "a control character"
    if (code > 0x7e) return "a non-ASCII character"
  }
  return "a character that is not printable ASCII"
}

/** Whether a header of this name is binary (`-bin`): sent as bytes, base64-encoded by gRPC on the wire. */
export const isBinaryName = (name: string): boolean => name.toLowerCase().endsWith("-bin")

/**
 * What is wrong with the value of header `name`, in words that never quote
 * it: a binary (`-bin`) header takes bytes (a `Uint8Array`), every other
 * printable ASCII text.
 *
 * @internal
 */
export const valueProblem = (name: string, value: unknown): string | undefined => {
  if (isBinaryName(name)) {
    if (value instanceof Uint8Array) return undefined
    return typeof value === "string"
      ? "is a binary header (-bin), which takes bytes (a Uint8Array), not text"
      : `is a binary header (-bin) with a value that is not a Uint8Array (${typeof value})`
  }
  if (value instanceof Uint8Array) {
    return "has bytes (a Uint8Array) as its value; only binary headers (names ending in -bin) take bytes"
  }
  if (typeof value !== "string") return `has a value that is not a string (${typeof value})`
  const illegal = illegalCharacter(value)
  return illegal === undefined ? undefined : `has ${illegal} in its value; header values must be printable ASCII`
}

/**
 * What is wrong with a header name (compared lower-cased, as it is sent).
 *
 * @internal
 */
export const nameProblem = (name: string): string | undefined => {
  const lower = name.toLowerCase()
  if (lower.length === 0) return "has an empty name"
  if (lower.startsWith(":")) return "is an HTTP/2 pseudo-header, which only the transport sets"
  if (connectionSpecific.has(lower)) return "is a connection-specific header, which HTTP/2 forbids"
  if (transportOwned.has(lower)) return "is set by the gRPC transport itself"
  if (lower.startsWith("grpc-")) return "is reserved by gRPC (names starting with grpc-)"
  if (!legalName.test(lower)) {
    return "has a name with characters gRPC does not allow (only letters, digits, _, . and -)"
  }
  return undefined
}

/**
 * The first header of `headers` that cannot be sent, with the reason, or
 * `undefined` when every one can.
 *
 * @internal
 */
export const headersProblem = (
  headers: RpcMetadata
): { readonly name: string; readonly problem: string } | undefined => {
  if (typeof headers !== "object" || headers === null) {
    return { name: "", problem: "is not a record of header names to values" }
  }
  for (const name in headers) {
    const problem = nameProblem(name) ?? valueProblem(name, headers[name])
    if (problem !== undefined) return { name, problem }
  }
  return undefined
}

/** ASCII whitespace around an API key: a line break read from a file, a space pasted along. */
const surroundingWhitespace = /^[ \t\r\n]+|[ \t\r\n]+$/g

/**
 * The API key as it is sent: without the whitespace (line breaks included)
 * around it, which cannot be part of an HTTP header value anyway.
 *
 * @internal
 */
export const normalizeApiKey = (key: string): string => key.replace(surroundingWhitespace, "")

/**
 * What is wrong with an API key (after {@link normalizeApiKey}), never
 * quoting it. An empty key is left alone: it was sent as it is before, and
 * the server answers it.
 *
 * @internal
 */
export const apiKeyProblem = (key: unknown): string | undefined => {
  if (typeof key !== "string") return `is not a string (${typeof key})`
  const illegal = illegalCharacter(normalizeApiKey(key))
  return illegal === undefined
    ? undefined
    : `contains ${illegal}; it is sent in the authorization header, which takes printable ASCII only`
}

/**
 * Headers as text, each binary (`-bin`) value base64-encoded as gRPC writes
 * it on the wire: what a transport that records headers as text keeps.
 *
 * @internal
 */
export const textHeaders = (headers: Readonly<Record<string, string | Uint8Array>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]!
    out[name] = typeof value === "string" ? value : Buffer.from(value).toString("base64")
  }
  return out
}
