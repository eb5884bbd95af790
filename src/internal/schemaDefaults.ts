/**
 * A struct or class field that may be left out, both when decoding and when
 * constructing: the default fills it in either way.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * `schema`, optional on input (decoded or constructed), `value()` when absent.
 *
 * @internal
 */
export const withDefault = <S extends Schema.Constraint>(
  schema: S,
  value: () => S["Type"] & S["Encoded"]
) => {
  const base = schema as S & Schema.WithoutConstructorDefault
  return Schema.withConstructorDefault<Schema.withDecodingDefaultKey<typeof base>>(Effect.sync(value))(
    Schema.withDecodingDefaultKey<typeof base>(Effect.sync(value))(base)
  )
}
