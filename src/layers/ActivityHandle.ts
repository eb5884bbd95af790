/**
 * Standalone activity handles, and the derived-service form for programs
 * that depend on one activity.
 *
 * @since 1.0.0
 */
import type * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import { makeHandleTag } from "../internal/handleTag.js"
import type * as ActivityDefinition from "../schema/ActivityDefinition.js"
import type { StartActivityOptions } from "../schema/ActivityOptions.js"
import type { StartActivityError } from "../services/ActivityClient.js"
import type { ActivityHandle } from "../services/ActivityHandle.js"
import type { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/ActivityHandle.js"

type HandleIds = { readonly runId?: string | undefined }

/**
 * An activity handle declared as a service of its own.
 *
 * @since 1.0.0
 * @category models
 */
export interface HandleTag<Self, Def extends ActivityDefinition.Any>
  extends Context.Service<Self, ActivityHandle<Def>>
{
  /** The activity's definition. */
  readonly definition: Def
  /** Provide the handle of the activity with this ID (the latest run unless `runId`). */
  readonly layer: (
    activityId: string,
    options?: { readonly runId?: string | undefined }
  ) => Layer.Layer<Self, never, TemporalClient>
  /** Start the activity and provide its handle. */
  readonly layerStart: (
    options: StartActivityOptions<Def>
  ) => Layer.Layer<Self, StartActivityError, TemporalClient>
}

/**
 * Declare one standalone activity as a service:
 *
 * ```ts
 * class Charge extends ActivityHandle.Tag<Charge>()("app/Charge", ChargeCard) {}
 * const program = Effect.flatMap(Charge, (charge) => charge.result())
 * program.pipe(Effect.provide(Charge.layer("charge-order-42")))
 * ```
 *
 * @since 1.0.0
 * @category constructors
 */
export const Tag = <Self>() =>
<const Key extends string, Def extends ActivityDefinition.Any>(
  key: Key,
  definition: Def
): HandleTag<Self, Def> & Context.ServiceClass<Self, Key, ActivityHandle<Def>> =>
  makeHandleTag<Self, Key, Def, ActivityHandle<Def>, HandleIds, StartActivityOptions<Def>, StartActivityError>(
    key,
    definition,
    (client, activityId, options) => client.getActivityHandleFor(definition, activityId, options),
    (client, options) => client.startActivity(definition, options as never) as never
  )
