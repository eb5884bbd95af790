/**
 * Checks of single strings sent to the server (IDs and names a handle holds,
 * a workflow type), each under the field name its caller gives.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import { malformedStringReason } from "../Common/strings.js"
import { InvalidArgumentError } from "../TemporalError.js"

// Kept here for importers of this module: the one implementation is Common's.
export { malformedStringReason } from "../Common/strings.js"

/**
 * Checks that a string sent to the server (an ID, a name, a task queue, a
 * reason, a query) is valid Unicode: see `malformedStringReason`. Handles
 * check their IDs and names with it on each call; option Schemas use
 * `WellFormedString` instead.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateWellFormed = (field: string, value: string): Effect.Effect<string, InvalidArgumentError> => {
  const reason = malformedStringReason(value)
  return reason === undefined ? Effect.succeed(value) : Effect.fail(new InvalidArgumentError({ field, reason }))
}

/**
 * {@link validateWellFormed} for several strings at once, each with its
 * field name; absent ones are skipped. Fails with the first that is not.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateWellFormedFields = (
  fields: ReadonlyArray<readonly [field: string, value: string | undefined]>
): Effect.Effect<void, InvalidArgumentError> => {
  for (const [field, value] of fields) {
    if (value === undefined) continue
    const reason = malformedStringReason(value)
    if (reason !== undefined) return Effect.fail(new InvalidArgumentError({ field, reason }))
  }
  return Effect.void
}
