/**
 * Building blocks of options Schemas: optional fields with a plain message
 * for a value of the wrong type, required strings, one-of string literals,
 * records checked key by key, page sizes and counts, and the per-call RPC
 * options. Options decoded by `decodeOptions` are made of these.
 *
 * @since 1.0.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { describeInput, RpcTimeout } from "./duration.js"
import { malformedStringReason } from "./strings.js"

/**
 * An optional field of an options Schema: absent, `undefined`, or a value of
 * `schema`. A value of another type is refused with
 * `Expected <expected>, got <value>` (not `Expected X | undefined`);
 * `expected` defaults to the `expected` annotation of `schema`, as
 * {@link oneOf} and {@link recordOf} set it.
 *
 * @since 1.0.0
 * @category schemas
 */
export const optionalField = <S extends Schema.Top>(schema: S, expected?: string) => {
  const text = expected ?? schema.ast.annotations?.expected
  const member = Schema.UndefinedOr(schema)
  return Schema.optionalKey(typeof text === "string" ? member.annotate({ expected: text }) : member)
}

const wellFormed = Schema.makeFilter((s: string) => malformedStringReason(s) ?? true)

/**
 * A required string field: present (`is required` otherwise), not empty,
 * and valid Unicode (see `malformedStringReason`). An ID, a task queue.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RequiredString: Schema.Codec<string> = Schema.String.check(
  Schema.makeFilter((s) => s.length > 0 || "must not be empty"),
  wellFormed
).annotateKey({ messageMissingKey: "is required" })

/**
 * The `expected` text of {@link oneOf}: `one of "A", "B"`.
 *
 * @since 1.0.0
 * @category schemas
 */
export const oneOfText = (literals: ReadonlyArray<string>): string =>
  `one of ${literals.map((literal) => JSON.stringify(literal)).join(", ")}`

/**
 * One of `literals` (an enum's values), refused otherwise with
 * `Expected one of "A", "B", got "C"`.
 *
 * @since 1.0.0
 * @category schemas
 */
export const oneOf = <const L extends ReadonlyArray<string>>(literals: L) =>
  Schema.Literals(literals).annotate({ expected: oneOfText(literals) })

/**
 * A record (a plain object, not an array) whose keys are valid Unicode and
 * whose values pass `isValue`. A bad value is refused at its key's path with
 * `must be <what>` (the value itself is not repeated: headers and metadata
 * can hold secrets). The record is passed through as it is, not copied.
 *
 * @since 1.0.0
 * @category schemas
 */
export const recordOf = <A>(
  isValue: (u: unknown) => u is A,
  what: string
): Schema.Codec<Readonly<Record<string, A>>> =>
  Schema.declare(
    (u: unknown): u is Readonly<Record<string, A>> => Predicate.isObject(u),
    { expected: "a record (a plain object)" }
  ).check(Schema.makeFilter((record) => {
    for (const [key, value] of Object.entries(record)) {
      const keyReason = malformedStringReason(key)
      if (keyReason !== undefined) return { path: [key], issue: `key ${keyReason}` }
      if (!isValue(value)) return { path: [key], issue: `must be ${what}` }
    }
    return undefined
  }))

/**
 * A record of any values, keys valid Unicode (a memo, untyped values).
 *
 * @since 1.0.0
 * @category schemas
 */
export const PlainRecord: Schema.Codec<Readonly<Record<string, unknown>>> = recordOf(Predicate.isUnknown, "a value")

const maxInt32 = 2_147_483_647

/**
 * A page size as a request's `int32` field carries it: a positive integer of
 * at most 2³¹ − 1.
 *
 * @since 1.0.0
 * @category schemas
 */
export const PageSize: Schema.Codec<number> = Schema.Number.check(
  Schema.makeFilter((n) =>
    (Number.isInteger(n) && n > 0 && n <= maxInt32) ||
    `must be a positive integer of at most ${maxInt32} (got ${describeInput(n)})`
  )
)

/**
 * A count kept by the client (a listing's `limit`): a non-negative safe
 * integer.
 *
 * @since 1.0.0
 * @category schemas
 */
export const Count: Schema.Codec<number> = Schema.Number.check(
  Schema.makeFilter((n) =>
    (Number.isSafeInteger(n) && n >= 0) || `must be a non-negative integer (got ${describeInput(n)})`
  )
)

/**
 * The fields of `RpcOptions`, checked: `rpcTimeout` a positive duration
 * (infinite = no deadline), `rpcMetadata` a record of strings (`Uint8Array`s
 * for `-bin` names, checked with the headers before any RPC). Spread them
 * into an operation's options Schema.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RpcOptionsFields = {
  /**
   * The deadline of each RPC the call makes: a positive `Duration.Input`,
   * `Duration.infinity` for none. Absent: the connection's default.
   */
  rpcTimeout: optionalField(RpcTimeout, "a Duration.Input"),
  /**
   * gRPC metadata (headers) added to each RPC the call makes, on top of the
   * connection's and the fiber's: a string per name, a `Uint8Array` for a
   * `-bin` name (sent binary).
   */
  rpcMetadata: optionalField(
    recordOf(
      (u: unknown): u is string | Uint8Array => Predicate.isString(u) || u instanceof Uint8Array,
      "a string (a Uint8Array for a -bin header)"
    )
  )
}

/**
 * `RpcOptions` alone, checked (see {@link RpcOptionsFields}).
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedRpcOptions = Schema.Struct(RpcOptionsFields).annotate({ identifier: "RpcOptions" })
