/**
 * Strings the server can decode: valid Unicode, with no lone UTF-16
 * surrogate.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"

/** A UTF-16 surrogate without its other half: a string that is not valid Unicode. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why a string is not valid Unicode (it holds a lone UTF-16 surrogate, which
 * the server cannot decode), or `undefined` when it is.
 *
 * @since 1.0.0
 * @category validation
 */
export const malformedStringReason = (value: string): string | undefined => {
  const found = loneSurrogate.exec(value)
  return found === null
    ? undefined
    : `contains a lone UTF-16 surrogate (\\u${
      found[0].charCodeAt(0).toString(16).toUpperCase()
    }) at index ${found.index}: not valid Unicode, which the server cannot decode`
}

/**
 * A string that is valid Unicode (see {@link malformedStringReason}): every
 * ID, name, task queue, reason or query sent to the server.
 *
 * @since 1.0.0
 * @category schemas
 */
export const WellFormedString: Schema.Codec<string> = Schema.String.check(
  Schema.makeFilter((s) => malformedStringReason(s) ?? true)
).annotate({ identifier: "WellFormedString" })

/**
 * A non-empty {@link WellFormedString}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const NonEmptyWellFormedString: Schema.Codec<string> = Schema.String.check(
  Schema.makeFilter((s) => s.length > 0 || "must not be empty"),
  Schema.makeFilter((s) => malformedStringReason(s) ?? true)
).annotate({ identifier: "NonEmptyWellFormedString" })
