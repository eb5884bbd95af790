/**
 * A workflow's memo: named values that go through the data converter (and
 * its codecs) and are decoded only when read, with an optional Schema.
 *
 * ```ts
 * const description = yield* handle.describe()
 * const owner = yield* description.memo.get("owner", Schema.String) // Option<string>
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import type { DataConverter, Payload } from "../services/DataConverter.js"
import type { DataConverterError, ExternalStorageError, PayloadCodecError, SchemaDecodeError } from "./TemporalError.js"

/**
 * The unique symbol that marks a `Memo`.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/Memo")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * A memo read from the server: its raw payloads, decoded on demand.
 *
 * @since 0.1.0
 * @category models
 */
export interface Memo {
  readonly [TypeId]: TypeId
  /** The encoded fields, as the server returned them. */
  readonly fields: Readonly<Record<string, Payload>>
  /** The field names. */
  readonly keys: ReadonlyArray<string>
  /** The value of a field, decoded (and checked by `schema` when given); `None` when absent. */
  readonly get: {
    (key: string): Effect.Effect<Option.Option<unknown>, DataConverterError | PayloadCodecError | ExternalStorageError>
    <A, I>(
      key: string,
      schema: Schema.Codec<A, I, never>
    ): Effect.Effect<Option.Option<A>, DataConverterError | PayloadCodecError | SchemaDecodeError>
  }
  /** Every field, decoded. */
  readonly getAll: Effect.Effect<Record<string, unknown>, DataConverterError | PayloadCodecError | ExternalStorageError>
}

/**
 * A memo over encoded fields, decoded with `converter`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  fields: Readonly<Record<string, Payload>> | null | undefined,
  converter: DataConverter.Service
): Memo => {
  const own: Readonly<Record<string, Payload>> = { ...fields }
  const keys = Object.keys(own)
  const get = (<A, I>(key: string, schema?: Schema.Codec<A, I, never>) => {
    const payload = Object.hasOwn(own, key) ? own[key] : undefined
    if (payload === undefined) return Effect.succeed(Option.none())
    const decoded: Effect.Effect<
      unknown,
      DataConverterError | PayloadCodecError | SchemaDecodeError | ExternalStorageError
    > = schema === undefined ? converter.fromPayload(payload) : converter.fromPayload(payload, schema)
    return Effect.map(decoded, Option.some)
  }) as Memo["get"]
  const getAll = Effect.map(
    Effect.forEach(
      keys,
      (key) => Effect.map(converter.fromPayload(own[key] as Payload), (value) => [key, value] as const)
    ),
    (entries) => Object.fromEntries(entries) as Record<string, unknown>
  )
  return { [TypeId]: TypeId, fields: own, keys, get, getAll }
}

/**
 * The memo fields of a record of values, each through the data converter and its codecs.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (
  values: Readonly<Record<string, unknown>>,
  converter: DataConverter.Service
): Effect.Effect<Record<string, Payload>, DataConverterError | PayloadCodecError | ExternalStorageError> =>
  Effect.map(
    Effect.forEach(Object.entries(values), ([key, value]) =>
      Effect.map(converter.toPayload(value), (payload) => [key, payload] as const)),
    (entries) =>
      Object.fromEntries(entries) as Record<string, Payload>
  )
