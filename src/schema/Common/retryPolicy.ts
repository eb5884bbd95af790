/**
 * `RetryPolicy`: how a workflow or activity is retried, as the user writes
 * it, and checked with the server's rules.
 *
 * @since 1.0.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { InvalidArgumentError } from "../TemporalError/base.js"
import { describeInput, DurationInput, PositiveDuration, validateDuration } from "./duration.js"

/**
 * How a workflow (or activity) is retried; the Python SDK's
 * `temporalio.common.RetryPolicy`. Fields left out take the server's defaults
 * (initial interval 1 s, backoff coefficient 2, maximum interval 100 × the
 * initial interval, unlimited attempts).
 *
 * - `initialInterval`: backoff before the first retry.
 * - `backoffCoefficient`: multiplier of the interval on each retry; at least 1.
 * - `maximumInterval`: cap on the interval; at least `initialInterval`.
 * - `maximumAttempts`: total attempts including the first; `0` means unlimited.
 * - `nonRetryableErrorTypes`: application failure types that are not retried.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RetryPolicy = Schema.Struct({
  /** Backoff before the first retry, a `Duration.Input`. Absent: the server's 1 second. */
  initialInterval: Schema.optional(DurationInput),
  /** How much the interval is multiplied by on each retry; at least 1. Absent: the server's 2. */
  backoffCoefficient: Schema.optional(Schema.Number),
  /** Cap on the interval between retries; at least `initialInterval`. Absent: 100 × `initialInterval`. */
  maximumInterval: Schema.optional(DurationInput),
  /** Total attempts, the first included; `0` or absent means unlimited (then bounded only by the timeouts). */
  maximumAttempts: Schema.optional(Schema.Number),
  /** `ApplicationFailure` types that are not retried: a failure whose `type` is one of them fails at once. */
  nonRetryableErrorTypes: Schema.optional(Schema.Array(Schema.String))
}).annotate({ identifier: "RetryPolicy" })

/**
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy extends Schema.Schema.Type<typeof RetryPolicy> {}

/**
 * A {@link RetryPolicy} whose intervals are decoded `Duration`s: what
 * {@link validateRetryPolicy} returns and what is read back from the server.
 * It is itself a valid `RetryPolicy`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedRetryPolicy {
  /** Backoff before the first retry. */
  readonly initialInterval?: Duration.Duration | undefined
  /** Multiplier of the interval on each retry. */
  readonly backoffCoefficient?: number | undefined
  /** Cap on the interval. */
  readonly maximumInterval?: Duration.Duration | undefined
  /** Total attempts including the first; `0` means unlimited. */
  readonly maximumAttempts?: number | undefined
  /** Application failure types that are not retried. */
  readonly nonRetryableErrorTypes?: ReadonlyArray<string> | undefined
}

/**
 * Checks a retry policy with the rules the server applies
 * (`retrypolicy.Validate`): `backoffCoefficient` ≥ 1, `initialInterval` and
 * `maximumInterval` positive durations, `maximumInterval` ≥
 * `initialInterval` when both are given, `maximumAttempts` a non-negative
 * integer. `path` prefixes the field names in the error.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateRetryPolicy = (
  policy: RetryPolicy,
  path: string = "retryPolicy"
): Effect.Effect<ResolvedRetryPolicy, InvalidArgumentError> =>
  Effect.gen(function*() {
    if (!Predicate.isObject(policy)) {
      return yield* new InvalidArgumentError({ field: path, reason: "must be an object" })
    }
    const out: {
      -readonly [K in keyof ResolvedRetryPolicy]: ResolvedRetryPolicy[K]
    } = {}
    if (policy.initialInterval !== undefined) {
      out.initialInterval = yield* validateDuration(`${path}.initialInterval`, policy.initialInterval)
    }
    if (policy.maximumInterval !== undefined) {
      out.maximumInterval = yield* validateDuration(`${path}.maximumInterval`, policy.maximumInterval)
    }
    if (
      out.initialInterval !== undefined && out.maximumInterval !== undefined &&
      Duration.isLessThan(out.maximumInterval, out.initialInterval)
    ) {
      return yield* new InvalidArgumentError({
        field: `${path}.maximumInterval`,
        reason: `must not be less than initialInterval (${Duration.format(out.maximumInterval)} < ${
          Duration.format(out.initialInterval)
        })`
      })
    }
    if (policy.backoffCoefficient !== undefined) {
      const c = policy.backoffCoefficient
      if (typeof c !== "number" || !Number.isFinite(c) || c < 1) {
        return yield* new InvalidArgumentError({
          field: `${path}.backoffCoefficient`,
          reason: `must be a finite number of at least 1 (got ${describeInput(c)})`
        })
      }
      out.backoffCoefficient = c
    }
    if (policy.maximumAttempts !== undefined) {
      const n = policy.maximumAttempts
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 2_147_483_647) {
        return yield* new InvalidArgumentError({
          field: `${path}.maximumAttempts`,
          reason: `must be a non-negative 32-bit integer, 0 meaning unlimited (got ${describeInput(n)})`
        })
      }
      out.maximumAttempts = n
    }
    if (policy.nonRetryableErrorTypes !== undefined) {
      const types = policy.nonRetryableErrorTypes
      if (!Array.isArray(types) || !types.every(Predicate.isString)) {
        return yield* new InvalidArgumentError({
          field: `${path}.nonRetryableErrorTypes`,
          reason: "must be an array of strings"
        })
      }
      out.nonRetryableErrorTypes = types
    }
    return out
  })

const maxInt32 = 2_147_483_647

/**
 * A {@link RetryPolicy} checked with the server's rules (the same rules and
 * messages as {@link validateRetryPolicy}), decoding to a
 * {@link ResolvedRetryPolicy}: use it inside an options Schema decoded by
 * `decodeOptions`, which names the field at fault.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedRetryPolicy: Schema.Codec<ResolvedRetryPolicy, RetryPolicy> = Schema.Struct({
  /** Backoff before the first retry, a positive duration. Absent: the server's 1 second. */
  initialInterval: Schema.optional(PositiveDuration),
  /** How much the interval is multiplied by on each retry: finite, at least 1. Absent: the server's 2. */
  backoffCoefficient: Schema.optional(
    Schema.Number.check(
      Schema.makeFilter((c) =>
        (Number.isFinite(c) && c >= 1) || `must be a finite number of at least 1 (got ${describeInput(c)})`
      )
    )
  ),
  /** Cap on the interval between retries, not less than `initialInterval`. Absent: 100 × `initialInterval`. */
  maximumInterval: Schema.optional(PositiveDuration),
  /** Total attempts, the first included: a non-negative 32-bit integer, `0` or absent meaning unlimited. */
  maximumAttempts: Schema.optional(
    Schema.Number.check(Schema.makeFilter((n) =>
      (Number.isInteger(n) && n >= 0 && n <= maxInt32) ||
      `must be a non-negative 32-bit integer, 0 meaning unlimited (got ${describeInput(n)})`
    ))
  ),
  /** `ApplicationFailure` types that are not retried: a failure whose `type` is one of them fails at once. */
  nonRetryableErrorTypes: Schema.optional(Schema.Array(Schema.String))
}).check(
  Schema.makeFilter(({ initialInterval, maximumInterval }) =>
    initialInterval === undefined || maximumInterval === undefined ||
    !Duration.isLessThan(maximumInterval, initialInterval) || {
      path: ["maximumInterval"],
      issue: `must not be less than initialInterval (${Duration.format(maximumInterval)} < ${
        Duration.format(initialInterval)
      })`
    }
  )
).annotate({ identifier: "RetryPolicy" })
