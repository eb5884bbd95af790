/**
 * Search attributes to and from the `indexedFields` payload map: `json/plain`
 * with the type in `metadata.type`, datetimes as ISO-8601 text, as the
 * official SDKs write them.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as SA from "../../schema/SearchAttributes.js"
import { InvalidArgumentError } from "../../schema/TemporalError.js"
import { Encoding, fromUtf8, makePayload, metadataText, utf8 } from "./payload.js"
import type { Payload } from "./payload.js"

/** @internal */
export const metadataTypeKey = "type"

const jsonValue = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value)

/** One typed value as its payload. @internal */
export const encodeTyped = (key: SA.SearchAttributeKey, value: unknown): Effect.Effect<Payload, InvalidArgumentError> =>
  SA.isValidValue(key.type, value)
    ? Effect.succeed(
      makePayload(Encoding.Json, utf8(JSON.stringify(jsonValue(value))), { [metadataTypeKey]: key.type })
    )
    : Effect.fail(
      new InvalidArgumentError({
        field: `searchAttributes.${key.name}`,
        reason: `${JSON.stringify(jsonValue(value)) ?? String(value)} is not a valid ${key.type} value`
      })
    )

const isUntypedScalar = (u: unknown): boolean =>
  typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u)) ||
  (u instanceof Date && !Number.isNaN(u.getTime()))

/** One untyped value as its payload (no `metadata.type`). @internal */
export const encodeUntyped = (name: string, value: SA.UntypedValue): Effect.Effect<Payload, InvalidArgumentError> => {
  const valid = Array.isArray(value) ? value.every(isUntypedScalar) : isUntypedScalar(value)
  if (!valid) {
    return Effect.fail(
      new InvalidArgumentError({
        field: `searchAttributes.${name}`,
        reason: "A search attribute value is a string, number, boolean, Date, or an array of them"
      })
    )
  }
  const json = Array.isArray(value) ? value.map(jsonValue) : jsonValue(value)
  return Effect.succeed(makePayload(Encoding.Json, utf8(JSON.stringify(json))))
}

/** Typed or untyped search attributes as the `indexedFields` map. @internal */
export const encode = (
  input: SA.SearchAttributesInput
): Effect.Effect<Record<string, Payload>, InvalidArgumentError> =>
  Effect.gen(function*() {
    const out: Record<string, Payload> = {}
    if (SA.isSearchAttributes(input)) {
      for (const [key, value] of input) out[key.name] = yield* encodeTyped(key, value)
    } else {
      for (const [name, value] of Object.entries(input)) out[name] = yield* encodeUntyped(name, value)
    }
    return out
  })

const parse = (payload: Payload): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(fromUtf8(payload.data ?? new Uint8Array(0))) }
  } catch {
    return { ok: false }
  }
}

/** One payload as a typed pair; `undefined` when it has no (known) type or a value unfit for it. @internal */
export const decodeTyped = (name: string, payload: Payload): SA.SearchAttributePair | undefined => {
  const typeName = metadataText(payload, metadataTypeKey)
  if (typeName === undefined || !SA.SearchAttributeType.literals.includes(typeName as SA.SearchAttributeType)) {
    return undefined
  }
  const type = typeName as SA.SearchAttributeType
  const parsed = parse(payload)
  if (!parsed.ok) return undefined
  let value = parsed.value
  // Older servers and SDKs wrap single values in arrays.
  if (type !== "KeywordList" && Array.isArray(value)) {
    if (value.length !== 1) return undefined
    value = value[0]
  }
  if (type === "Datetime" && typeof value === "string") value = new Date(value)
  if (!SA.isValidValue(type, value)) return undefined
  return [SA.SearchAttributeKey.make(name, type), value] as unknown as SA.SearchAttributePair
}

/**
 * The typed collection of an `indexedFields` map (from describe or list);
 * entries without a known `metadata.type` are left out (see {@link decodeUntyped}).
 *
 * @internal
 */
export const decode = (indexedFields: Readonly<Record<string, Payload>> | null | undefined): SA.SearchAttributes => {
  const pairs: Array<SA.SearchAttributePair> = []
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const pair = decodeTyped(name, payload)
    if (pair !== undefined) pairs.push(pair)
  }
  return SA.make(pairs)
}

/**
 * Every entry of an `indexedFields` map as its JSON value (datetimes as
 * `Date`s when typed so), whatever its metadata.
 *
 * @internal
 */
export const decodeUntyped = (
  indexedFields: Readonly<Record<string, Payload>> | null | undefined
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const typed = decodeTyped(name, payload)
    if (typed !== undefined) {
      out[name] = typed[1]
      continue
    }
    const parsed = parse(payload)
    if (parsed.ok) out[name] = parsed.value
  }
  return out
}
