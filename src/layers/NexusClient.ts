/**
 * The standalone Nexus client's Layer, and module-level accessors.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type { ListOptions, RpcOptions } from "../schema/Common.js"
import type { NexusOperationExecution, NexusOperationExecutionCount } from "../schema/NexusOperationExecution.js"
import type * as NexusServiceDefinition from "../schema/NexusServiceDefinition.js"
import {
  type ListNexusOperationsError,
  NexusClient,
  type NexusServiceClient,
  type ServiceDefinitionOf
} from "../services/NexusClient.js"
import { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/NexusClient.js"

/**
 * The Nexus client, from the `TemporalClient` (same namespace, identity,
 * data converter and interceptors).
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<NexusClient, never, TemporalClient> = Layer.effect(
  NexusClient,
  Effect.map(TemporalClient, (client) =>
    NexusClient.of({
      createNexusClient: client.createNexusClient,
      getNexusOperationHandle: client.getNexusOperationHandle,
      listNexusOperations: client.listNexusOperations,
      listNexusOperationsPage: client.listNexusOperationsPage,
      countNexusOperations: client.countNexusOperations
    }))
)

/**
 * A client for `service` behind `endpoint`, with the Nexus client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const createNexusClient = <S extends NexusServiceDefinition.Any | string>(
  options: { readonly endpoint: string; readonly service: S }
): Effect.Effect<NexusServiceClient<ServiceDefinitionOf<S>>, never, NexusClient> =>
  Effect.map(NexusClient, (client) => client.createNexusClient(options))

/**
 * Nexus operations matching a query, page after page, with the Nexus
 * client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const listNexusOperations = (
  query?: string,
  options?: ListOptions
): Stream.Stream<NexusOperationExecution, ListNexusOperationsError, NexusClient> =>
  Stream.unwrap(Effect.map(NexusClient, (client) => client.listNexusOperations(query, options)))

/**
 * Count Nexus operations matching a query, with the Nexus client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const countNexusOperations = (
  query?: string,
  options?: RpcOptions
): Effect.Effect<NexusOperationExecutionCount, ListNexusOperationsError, NexusClient> =>
  Effect.flatMap(NexusClient, (client) => client.countNexusOperations(query, options))
