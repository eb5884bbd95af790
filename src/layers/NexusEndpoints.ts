/**
 * The Nexus endpoint client's Layer.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { derivedClientContext } from "../internal/derivedClientContext.js"
import { makeNexusEndpoints } from "../internal/nexusEndpoints.js"
import { NexusEndpoints } from "../services/NexusEndpoints.js"
import type { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/NexusEndpoints.js"

/**
 * The Nexus endpoint client, from the `TemporalClient` (its connection and
 * data converter) and the `ClientInterceptors` in force where the Layer is
 * built.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<NexusEndpoints, never, TemporalClient> = Layer.effect(
  NexusEndpoints,
  Effect.map(derivedClientContext, (context) => NexusEndpoints.of(makeNexusEndpoints(context)))
)
