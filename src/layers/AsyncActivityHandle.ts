/**
 * Async activity handles, and the derived-service form.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { AsyncActivityHandle, AsyncActivityTarget } from "../services/AsyncActivityHandle.js"
import { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/AsyncActivityHandle.js"

/**
 * An async activity handle declared as a service of its own.
 *
 * @since 0.1.0
 * @category models
 */
export interface HandleTag<Self> extends Context.Service<Self, AsyncActivityHandle> {
  /** Provide the handle of this activity. */
  readonly layer: (target: AsyncActivityTarget) => Layer.Layer<Self, never, TemporalClient>
}

/**
 * Declare an async activity handle as a service:
 *
 * ```ts
 * class Payment extends AsyncActivityHandle.Tag<Payment>()("app/Payment") {}
 * const program = Effect.flatMap(Payment, (activity) => activity.complete("paid"))
 * program.pipe(Effect.provide(Payment.layer({ taskToken })))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const Tag = <Self>() =>
<const Key extends string>(
  key: Key
): HandleTag<Self> & Context.ServiceClass<Self, Key, AsyncActivityHandle> => {
  const tag = Context.Service<Self, AsyncActivityHandle>()(key)
  const layer = (target: AsyncActivityTarget) =>
    Layer.effect(
      tag,
      Effect.map(TemporalClient, (client) => client.getAsyncActivityHandle(target))
    )
  return Object.assign(tag, { layer })
}
