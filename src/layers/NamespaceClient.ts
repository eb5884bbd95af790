/**
 * The namespace client's Layer, and module-level accessors.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { derivedClientContext } from "../internal/derivedClientContext.js"
import { makeNamespaceOperations } from "../internal/namespaceOperations.js"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type { NamespaceDescription, NamespaceSearchAttributes } from "../schema/Namespace.js"
import type {
  ListNamespacesOptions,
  RegisterNamespaceOptions,
  SearchAttributeDefinitions,
  SearchAttributeOptions,
  UpdateNamespaceOptions
} from "../schema/NamespaceOptions.js"
import type { SearchAttributeKey } from "../schema/SearchAttributes.js"
import {
  type AddSearchAttributesError,
  type DescribeNamespaceError,
  type ListNamespacesError,
  type ListSearchAttributesError,
  NamespaceClient,
  type RegisterNamespaceError,
  type RemoveSearchAttributesError,
  type UpdateNamespaceError
} from "../services/NamespaceClient.js"
import type { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/NamespaceClient.js"

/**
 * The namespace client, from the `TemporalClient` (its connection,
 * namespace and identity) and the `ClientInterceptors` in force where the
 * Layer is built.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<NamespaceClient, never, TemporalClient> = Layer.effect(
  NamespaceClient,
  Effect.map(derivedClientContext, (context) => NamespaceClient.of(makeNamespaceOperations(context)))
)

/**
 * Register a namespace, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const registerNamespace = (
  namespace: string,
  options: RegisterNamespaceOptions
): Effect.Effect<void, RegisterNamespaceError, NamespaceClient> =>
  Effect.flatMap(NamespaceClient, (client) => client.registerNamespace(namespace, options))

/**
 * Describe a namespace, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const describeNamespace = (
  namespace: string,
  options?: RpcOptions
): Effect.Effect<NamespaceDescription, DescribeNamespaceError, NamespaceClient> =>
  Effect.flatMap(NamespaceClient, (client) => client.describeNamespace(namespace, options))

/**
 * Every namespace, page after page, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const listNamespaces = (
  options?: ListNamespacesOptions
): Stream.Stream<NamespaceDescription, ListNamespacesError, NamespaceClient> =>
  Stream.unwrap(Effect.map(NamespaceClient, (client) => client.listNamespaces(options)))

/**
 * Update a namespace, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const updateNamespace = (
  namespace: string,
  options: UpdateNamespaceOptions
): Effect.Effect<NamespaceDescription, UpdateNamespaceError, NamespaceClient> =>
  Effect.flatMap(NamespaceClient, (client) => client.updateNamespace(namespace, options))

/**
 * Add custom search attributes, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const addSearchAttributes = (
  attributes: SearchAttributeDefinitions,
  options?: SearchAttributeOptions
): Effect.Effect<void, AddSearchAttributesError, NamespaceClient> =>
  Effect.flatMap(NamespaceClient, (client) => client.addSearchAttributes(attributes, options))

/**
 * A namespace's search attributes, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const listSearchAttributes = (
  options?: SearchAttributeOptions
): Effect.Effect<NamespaceSearchAttributes, ListSearchAttributesError, NamespaceClient> =>
  Effect.flatMap(NamespaceClient, (client) => client.listSearchAttributes(options))

/**
 * Remove custom search attributes, with the namespace client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const removeSearchAttributes = (
  attributes: ReadonlyArray<string | SearchAttributeKey>,
  options?: SearchAttributeOptions
): Effect.Effect<void, RemoveSearchAttributesError, NamespaceClient> =>
  Effect.flatMap(NamespaceClient, (client) => client.removeSearchAttributes(attributes, options))
