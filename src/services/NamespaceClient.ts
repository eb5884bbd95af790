/**
 * Namespaces and their custom search attributes: register, describe, list
 * and update namespaces, and add, list and remove search attributes (the
 * operator service). Go's `client.NamespaceClient` and
 * `OperatorService()` calls, as one typed service.
 *
 * ```ts
 * const namespaces = yield* NamespaceClient.NamespaceClient
 * yield* namespaces.registerNamespace("orders", { retention: "7 days", description: "Order workflows" })
 * const described = yield* namespaces.describeNamespace("orders")
 * yield* namespaces.addSearchAttributes([SearchAttributeKey.keyword("CustomerId")], { namespace: "orders" })
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type { NamespaceDescription, NamespaceSearchAttributes } from "../schema/Namespace.js"
import type {
  ListNamespacesOptions,
  ListNamespacesPageOptions,
  RegisterNamespaceOptions,
  SearchAttributeDefinitions,
  SearchAttributeOptions,
  UpdateNamespaceOptions
} from "../schema/NamespaceOptions.js"
import type { SearchAttributeKey } from "../schema/SearchAttributes.js"
import type {
  ConnectionError,
  InvalidArgumentError,
  NamespaceAlreadyExistsError,
  NamespaceNotFoundError,
  RpcError,
  SearchAttributeAlreadyExistsError,
  SearchAttributeNotFoundError
} from "../schema/TemporalError.js"

/**
 * Errors of registering a namespace. `InvalidArgumentError`: options
 * refused before any RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type RegisterNamespaceError = NamespaceAlreadyExistsError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of describing a namespace.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeNamespaceError = NamespaceNotFoundError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of listing namespaces.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListNamespacesError = InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of updating a namespace. `InvalidArgumentError`: options refused
 * before any RPC (an update that changes nothing among them).
 *
 * @since 1.0.0
 * @category errors
 */
export type UpdateNamespaceError = NamespaceNotFoundError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of adding custom search attributes.
 *
 * @since 1.0.0
 * @category errors
 */
export type AddSearchAttributesError =
  | SearchAttributeAlreadyExistsError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError

/**
 * Errors of listing a namespace's search attributes.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListSearchAttributesError = NamespaceNotFoundError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of removing custom search attributes.
 *
 * @since 1.0.0
 * @category errors
 */
export type RemoveSearchAttributesError =
  | SearchAttributeNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError

/**
 * One page of `listNamespacesPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface NamespacePage {
  /** The namespaces on this page. */
  readonly namespaces: ReadonlyArray<NamespaceDescription>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The namespace and search attribute operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface NamespaceClientShape {
  /**
   * Register a namespace; fails with `NamespaceAlreadyExistsError` when the
   * name is taken. A new namespace may take a moment to be usable on every
   * frontend of a cluster.
   */
  readonly registerNamespace: (
    namespace: string,
    options: RegisterNamespaceOptions
  ) => Effect.Effect<void, RegisterNamespaceError>
  /** Describe a namespace by name; fails with `NamespaceNotFoundError` when there is none. */
  readonly describeNamespace: (
    namespace: string,
    options?: RpcOptions
  ) => Effect.Effect<NamespaceDescription, DescribeNamespaceError>
  /** Every namespace, page after page. */
  readonly listNamespaces: (options?: ListNamespacesOptions) => Stream.Stream<NamespaceDescription, ListNamespacesError>
  /** One page of namespaces. */
  readonly listNamespacesPage: (
    options?: ListNamespacesPageOptions
  ) => Effect.Effect<NamespacePage, ListNamespacesError>
  /**
   * Change a namespace (description, owner, data, state, retention,
   * archival, replication): only the fields given change. Answers the
   * namespace as updated.
   */
  readonly updateNamespace: (
    namespace: string,
    options: UpdateNamespaceOptions
  ) => Effect.Effect<NamespaceDescription, UpdateNamespaceError>
  /** Add custom search attributes to a namespace (the client's unless `options.namespace`). */
  readonly addSearchAttributes: (
    attributes: SearchAttributeDefinitions,
    options?: SearchAttributeOptions
  ) => Effect.Effect<void, AddSearchAttributesError>
  /** The custom and system search attributes of a namespace (the client's unless `options.namespace`). */
  readonly listSearchAttributes: (
    options?: SearchAttributeOptions
  ) => Effect.Effect<NamespaceSearchAttributes, ListSearchAttributesError>
  /** Remove custom search attributes, by name or key, from a namespace (the client's unless `options.namespace`). */
  readonly removeSearchAttributes: (
    attributes: ReadonlyArray<string | SearchAttributeKey>,
    options?: SearchAttributeOptions
  ) => Effect.Effect<void, RemoveSearchAttributesError>
}

/**
 * The namespace client.
 *
 * @since 1.0.0
 * @category tags
 */
export class NamespaceClient extends Context.Service<
  NamespaceClient,
  NamespaceClientShape
>()("effect-temporal/NamespaceClient") {}
