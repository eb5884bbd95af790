/**
 * The derived-service form of a handle, shared by workflow and activity
 * handles: a Tag that also carries the definition and the Layers that
 * provide the handle (of an execution by ID, or of one it starts).
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TemporalClient, type TemporalClientShape } from "../services/TemporalClient.js"

/**
 * A Tag keyed `key` for the handles `byId` and `start` make, with
 * `definition`, `layer` (the handle of an execution by ID) and `layerStart`
 * (start one and provide its handle).
 *
 * @internal
 */
export const makeHandleTag = <Self, const Key extends string, Def, Handle, IdOptions, StartOptions, E>(
  key: Key,
  definition: Def,
  byId: (client: TemporalClientShape, id: string, options: IdOptions | undefined) => Handle,
  start: (client: TemporalClientShape, options: StartOptions) => Effect.Effect<Handle, E>
) => {
  const tag = Context.Service<Self, Handle>()(key)
  const statics = {
    definition,
    layer: (id: string, options?: IdOptions) =>
      Layer.effect(tag, Effect.map(TemporalClient, (client) => byId(client, id, options))),
    layerStart: (options: StartOptions) =>
      Layer.effect(tag, Effect.flatMap(TemporalClient, (client) => start(client, options)))
  }
  return Object.assign(tag, statics)
}
