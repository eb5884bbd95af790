/**
 * Small field Schemas the schedule model shares.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { NonNegativeDuration, Payload } from "../Common.js"

// ---------------------------------------------------------------------------
// small building blocks
// ---------------------------------------------------------------------------

/**
 * A time value given as a `Duration.Input` of whatever form and held as a finite,
 * non-negative `Duration`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScheduleDuration: Schema.Codec<Duration.Duration, Duration.Input> = NonNegativeDuration

/**
 * Raw header payloads by name.
 *
 * @internal
 */
export const PayloadRecord = Schema.Record(Schema.String, Payload)

/**
 * A string that must not be empty; `what` names it in the message.
 *
 * @internal
 */
export const NonEmptyString = (what: string) =>
  Schema.String.check(Schema.makeFilter((s) => s.length > 0 || `${what} must not be empty`))
