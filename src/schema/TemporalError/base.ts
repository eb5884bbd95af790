/**
 * What every error of effect-temporal shares: the `TypeId` that marks them,
 * and `InvalidArgumentError`, the error of input refused before any RPC.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The unique symbol that marks the errors of effect-temporal.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/TemporalError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * An argument was rejected before any RPC was made.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidArgumentError extends Schema.TaggedError<InvalidArgumentError>()("InvalidArgumentError", {
  /** The option or argument at fault, as a dotted path. */
  field: Schema.String,
  /** What is wrong with it, e.g. `must be a positive duration (got -1 seconds)`. */
  reason: Schema.String,
  /** The underlying error when there is one (e.g. the JSON parse error of a history read from text); usually absent. */
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Invalid ${this.field}: ${this.reason}`
  }
}
