/**
 * A Schema for a raw proto message kept in a model (`rawInfo`,
 * `rawDescription`, ...): an object of its own shape, declared under the message's name.
 *
 * @since 1.0.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * A raw proto message of type `A`, named `identifier` (its full proto name).
 *
 * @since 1.0.0
 * @category schemas
 */
export const ProtoMessage = <A>(identifier: string): Schema.Codec<A> =>
  Schema.declare((u: unknown): u is A => Predicate.isObject(u), { identifier })
