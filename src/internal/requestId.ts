/**
 * Request IDs: one per logical call, made before any attempt, so every retry
 * carries the same one and the server can deduplicate.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { randomUUID } from "node:crypto"

/** @internal */
export const makeRequestId: Effect.Effect<string> = Effect.sync(() => randomUUID())
