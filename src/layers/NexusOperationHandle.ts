/**
 * Standalone Nexus operation handles, and the derived-service form for
 * programs that depend on one operation.
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { StartNexusOperationOptions } from "../schema/NexusOptions.js"
import type * as NexusServiceDefinition from "../schema/NexusServiceDefinition.js"
import type { StartNexusOperationError } from "../services/NexusClient.js"
import type { NexusOperationHandle } from "../services/NexusOperationHandle.js"
import { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/NexusOperationHandle.js"

/**
 * A Nexus operation handle declared as a service of its own.
 *
 * @since 1.0.0
 * @category models
 */
export interface HandleTag<Self, Output> extends Context.Service<Self, NexusOperationHandle<Output>> {
  /** Provide the handle of the operation with this ID (the latest run unless `runId`). */
  readonly layer: (
    operationId: string,
    options?: { readonly runId?: string | undefined }
  ) => Layer.Layer<Self, never, TemporalClient>
  /** Start the operation with this input and provide its handle. */
  readonly layerStart: (
    input: unknown,
    options: StartNexusOperationOptions
  ) => Layer.Layer<Self, StartNexusOperationError, TemporalClient>
}

/**
 * Declare one Nexus operation of one endpoint as a service:
 *
 * ```ts
 * class Charge extends NexusOperationHandle.Tag<Charge>()("app/Charge", {
 *   endpoint: "payments-endpoint",
 *   service: Payments,
 *   operation: "charge"
 * }) {}
 * const receipt = Effect.flatMap(Charge, (charge) => charge.result())
 * receipt.pipe(Effect.provide(Charge.layer("charge-42")))
 * ```
 *
 * @since 1.0.0
 * @category constructors
 */
export const Tag = <Self>() =>
<
  const Key extends string,
  Def extends NexusServiceDefinition.Any,
  K extends NexusServiceDefinition.OperationNames<Def>
>(
  key: Key,
  target: { readonly endpoint: string; readonly service: Def; readonly operation: K }
):
  & HandleTag<Self, NexusServiceDefinition.Output<Def, K>>
  & Context.ServiceClass<
    Self,
    Key,
    NexusOperationHandle<NexusServiceDefinition.Output<Def, K>>
  > =>
{
  type Output = NexusServiceDefinition.Output<Def, K>
  const tag = Context.Service<Self, NexusOperationHandle<Output>>()(key)
  const serviceClient = (client: TemporalClient["Service"]) =>
    client.createNexusClient({ endpoint: target.endpoint, service: target.service })
  const statics = {
    layer: (operationId: string, options?: { readonly runId?: string | undefined }) =>
      Layer.effect(
        tag,
        Effect.map(TemporalClient, (client) =>
          serviceClient(client).getOperationHandle(
            target.operation as never,
            operationId,
            options
          ) as NexusOperationHandle<
            Output
          >)
      ),
    layerStart: (input: unknown, options: StartNexusOperationOptions) =>
      Layer.effect(
        tag,
        Effect.flatMap(TemporalClient, (client) =>
          serviceClient(client).startOperation(target.operation as never, input as never, options) as Effect.Effect<
            NexusOperationHandle<Output>,
            StartNexusOperationError
          >)
      )
  }
  return Object.assign(tag, statics)
}
