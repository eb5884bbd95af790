/**
 * Time values at the edge: every `Duration.Input`, checked the way the server
 * would (not negative, finite unless allowed, within a protobuf `Duration`).
 *
 * @since 1.0.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import { InvalidArgumentError } from "../TemporalError/base.js"

/**
 * Schema of any `Duration.Input` (a `Duration`, milliseconds as a
 * number, nanoseconds as a bigint, a `[seconds, nanos]` tuple or a string like
 * `"5 seconds"`). Every time value of the public API is one of these.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DurationInput: Schema.Codec<Duration.Input> = Schema.declare(
  (u: unknown): u is Duration.Input => Option.isSome(Duration.fromInput(u as Duration.Input)),
  { identifier: "DurationInput", description: "a Duration.Input" }
)

/**
 * What a duration option may be, for {@link validateDuration} and
 * {@link DurationFromInput}.
 *
 * @since 0.1.0
 * @category validation
 */
export interface DurationConstraints {
  /** Accept a zero duration (otherwise it must be positive). Default `false`. */
  readonly allowZero?: boolean | undefined
  /** Accept `Duration.infinity` (and `Infinity`). Default `false`. */
  readonly allowInfinite?: boolean | undefined
}

const isNegativeInput = (input: unknown): boolean => {
  if (typeof input === "number") return input < 0
  if (typeof input === "bigint") return input < BigInt(0)
  if (typeof input === "string") return input.trimStart().startsWith("-")
  if (Array.isArray(input) && input.length === 2) {
    const [s, n] = input as ReadonlyArray<unknown>
    if (typeof s === "number" && typeof n === "number") {
      return s * 1e9 + n < 0
    }
  }
  return false
}

/**
 * A caller's value for an error message; never throws, whatever the value
 * (an object whose `toString` is not a function makes `String(value)` throw).
 *
 * @since 0.1.0
 * @category validation
 */
export const describeInput = (value: unknown): string => {
  try {
    return String(value)
  } catch {
    return typeof value === "object" && value !== null ? "an object" : typeof value
  }
}

/** The largest `google.protobuf.Duration`: 10 000 years. */
const maxProtoDurationSeconds = 315_576_000_000
const maxProtoDurationMillis = maxProtoDurationSeconds * 1000

/**
 * Decodes a `Duration.Input`: the `Duration`, or why it is refused (the
 * reason of an `InvalidArgumentError` / a Schema issue).
 */
const checkDuration = (
  input: unknown,
  constraints: DurationConstraints | undefined
): Result.Result<Duration.Duration, string> => {
  if (typeof input === "number" && Number.isNaN(input)) return Result.fail("is NaN, not a duration")
  if (isNegativeInput(input)) return Result.fail(`must not be negative (got ${describeInput(input)})`)
  const decoded = Duration.fromInput(input as Duration.Input)
  if (Option.isNone(decoded)) return Result.fail(`is not a Duration.Input (got ${describeInput(input)})`)
  const duration = decoded.value
  if (!Duration.isFinite(duration) && constraints?.allowInfinite !== true) return Result.fail("must be finite")
  if (Duration.isZero(duration) && constraints?.allowZero !== true) return Result.fail("must be positive (got zero)")
  if (Duration.isFinite(duration) && Duration.toMillis(duration) > maxProtoDurationMillis) {
    return Result.fail(`is longer than a protobuf Duration can carry (at most ${maxProtoDurationSeconds} s)`)
  }
  return Result.succeed(duration)
}

/**
 * Decodes a `Duration.Input` given at the edge, failing with
 * `InvalidArgumentError` (naming `field`) when it is not a duration, is
 * negative (Effect would silently clamp it to zero), is zero when zero is not
 * allowed, or is infinite when infinity is not allowed.
 *
 * Inside an options Schema, use {@link DurationFromInput} (or
 * {@link PositiveDuration} / {@link NonNegativeDuration}) instead.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateDuration = (
  field: string,
  input: Duration.Input,
  constraints?: DurationConstraints
): Effect.Effect<Duration.Duration, InvalidArgumentError> => {
  const checked = checkDuration(input, constraints)
  return Result.isSuccess(checked)
    ? Effect.succeed(checked.success)
    : Effect.fail(new InvalidArgumentError({ field, reason: checked.failure }))
}

/**
 * A Schema that decodes any `Duration.Input` to a `Duration` under the same
 * rules as {@link validateDuration} (same messages); the issue lands at the
 * field's path, so `decodeOptions` names it. Encodes a `Duration` as itself.
 *
 * @since 1.0.0
 * @category schemas
 */
export const DurationFromInput = (
  constraints?: DurationConstraints
): Schema.Codec<Duration.Duration, Duration.Input> =>
  DurationInput.pipe(Schema.decodeTo(Schema.Duration, {
    decode: SchemaGetter.transformEffect((input: Duration.Input, options) => {
      const checked = checkDuration(input, constraints)
      return Result.isSuccess(checked)
        ? Effect.succeed(checked.success)
        : Effect.fail(new SchemaIssue.InvalidValue({ message: checked.failure }, input, options))
    }),
    encode: SchemaGetter.passthroughSubtype<Duration.Input, Duration.Duration>()
  }))

/**
 * A positive, finite `Duration` given as a `Duration.Input` (a timeout, a
 * retry interval).
 *
 * @since 1.0.0
 * @category schemas
 */
export const PositiveDuration: Schema.Codec<Duration.Duration, Duration.Input> = DurationFromInput()

/**
 * A finite `Duration`, zero allowed, given as a `Duration.Input` (a start
 * delay, a jitter).
 *
 * @since 1.0.0
 * @category schemas
 */
export const NonNegativeDuration: Schema.Codec<Duration.Duration, Duration.Input> = DurationFromInput({
  allowZero: true
})

/**
 * An RPC deadline given as a `Duration.Input`: positive, and infinite
 * allowed (no deadline), as `rpcTimeout` options take it.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RpcTimeout: Schema.Codec<Duration.Duration, Duration.Input> = DurationFromInput({
  allowInfinite: true
})
