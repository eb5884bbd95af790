/**
 * `Priority`: task priority and fairness, as the user writes it and checked
 * with the server's rules.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { InvalidArgumentError } from "../TemporalError/base.js"
import { describeInput } from "./duration.js"

/**
 * Task priority and fairness; the Python SDK's `temporalio.common.Priority`.
 *
 * - `priorityKey`: lower is more urgent; `0` or absent means the default
 *   (the middle of the server's range, 3 with the default 1…5).
 * - `fairnessKey`: tasks sharing a key share a fair portion of dispatch (at
 *   most 64 bytes).
 * - `fairnessWeight`: the key's weight in fair dispatch (the server clamps it
 *   to 0.001…1000; absent means 1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Priority = Schema.Struct({
  /**
   * Lower is more urgent (1 first). `0` or absent: the default, the middle of
   * the server's range (3 with the default 1…5).
   */
  priorityKey: Schema.optional(Schema.Int),
  /**
   * Tasks sharing this key share a fair portion of dispatch with other keys (at
   * most 64 bytes). Absent: no fairness key.
   */
  fairnessKey: Schema.optional(Schema.String),
  /** The weight of `fairnessKey` in fair dispatch (the server clamps it to 0.001…1000). Absent: 1. */
  fairnessWeight: Schema.optional(Schema.Number)
}).annotate({ identifier: "Priority" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Priority extends Schema.Schema.Type<typeof Priority> {}

/**
 * Checks a priority with the server's rules (`priorities.Validate`):
 * `priorityKey` a non-negative 32-bit integer, `fairnessKey` at most 64
 * bytes, `fairnessWeight` finite and not negative.
 *
 * @since 0.1.0
 * @category validation
 */
export const validatePriority = (
  priority: Priority,
  path: string = "priority"
): Effect.Effect<Priority, InvalidArgumentError> => {
  if (!Predicate.isObject(priority)) {
    return Effect.fail(new InvalidArgumentError({ field: path, reason: "must be an object" }))
  }
  const { fairnessKey, fairnessWeight, priorityKey } = priority
  if (
    priorityKey !== undefined &&
    (typeof priorityKey !== "number" || !Number.isInteger(priorityKey) || priorityKey < 0 ||
      priorityKey > 2_147_483_647)
  ) {
    return Effect.fail(
      new InvalidArgumentError({
        field: `${path}.priorityKey`,
        reason: `must be a non-negative integer (got ${describeInput(priorityKey)})`
      })
    )
  }
  if (fairnessKey !== undefined) {
    if (typeof fairnessKey !== "string") {
      return Effect.fail(new InvalidArgumentError({ field: `${path}.fairnessKey`, reason: "must be a string" }))
    }
    const bytes = new TextEncoder().encode(fairnessKey).length
    if (bytes > 64) {
      return Effect.fail(
        new InvalidArgumentError({ field: `${path}.fairnessKey`, reason: `must be at most 64 bytes (got ${bytes})` })
      )
    }
  }
  if (
    fairnessWeight !== undefined &&
    (typeof fairnessWeight !== "number" || !Number.isFinite(fairnessWeight) || fairnessWeight < 0)
  ) {
    return Effect.fail(
      new InvalidArgumentError({
        field: `${path}.fairnessWeight`,
        reason: `must be a finite, non-negative number (got ${describeInput(fairnessWeight)})`
      })
    )
  }
  return Effect.succeed(priority)
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length

/**
 * A {@link Priority} checked with the server's rules (the same rules and
 * messages as {@link validatePriority}): use it inside an options Schema
 * decoded by `decodeOptions`, which names the field at fault.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedPriority: Schema.Codec<Priority> = Schema.Struct({
  /**
   * Lower is more urgent: a non-negative 32-bit integer, `0` or absent meaning
   * the default (the middle of the range, 3 of 1…5).
   */
  priorityKey: Schema.optional(
    Schema.Number.check(Schema.makeFilter((k) =>
      (Number.isInteger(k) && k >= 0 && k <= 2_147_483_647) ||
      `must be a non-negative integer (got ${describeInput(k)})`
    ))
  ),
  /** Tasks sharing this key share a fair portion of dispatch with other keys; at most 64 bytes of UTF-8. */
  fairnessKey: Schema.optional(
    Schema.String.check(Schema.makeFilter((key) => {
      const bytes = utf8Length(key)
      return bytes <= 64 || `must be at most 64 bytes (got ${bytes})`
    }))
  ),
  /**
   * The weight of `fairnessKey` in fair dispatch: finite, not negative (the
   * server clamps it to 0.001…1000). Absent: 1.
   */
  fairnessWeight: Schema.optional(
    Schema.Number.check(
      Schema.makeFilter((w) =>
        (Number.isFinite(w) && w >= 0) || `must be a finite, non-negative number (got ${describeInput(w)})`
      )
    )
  )
}).annotate({ identifier: "Priority" })
