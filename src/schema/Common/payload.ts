/**
 * The wire payload: what headers, raw memo values and raw search attribute
 * values are.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * A Temporal payload as it travels on the wire: metadata (encoding and the
 * like) and bytes. Headers, raw memo values and raw search attribute values
 * are payloads.
 *
 * @since 0.1.0
 * @category models
 */
export type Payload = temporal.api.common.v1.IPayload

/**
 * Schema of a {@link Payload} (checked to be an object; the bytes are kept as
 * they are).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Payload: Schema.Codec<Payload> = Schema.declare(
  (u: unknown): u is Payload => Predicate.isObject(u) && !Array.isArray(u),
  { identifier: "Payload", description: "a temporal.api.common.v1.Payload" }
)
