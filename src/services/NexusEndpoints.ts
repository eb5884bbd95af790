/**
 * Nexus endpoints: create, read, list, change and delete the endpoints
 * Nexus operations are sent to (the operator service's calls), typed.
 *
 * ```ts
 * const endpoints = yield* NexusEndpoints.NexusEndpoints
 * yield* endpoints.createEndpoint({
 *   name: "payments",
 *   target: { _tag: "Worker", namespace: "default", taskQueue: "payments-nexus" }
 * })
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { RpcOptions } from "../schema/Common.js"
import type {
  ListNexusEndpointsOptions,
  NexusEndpoint,
  NexusEndpointSpec,
  NexusEndpointSpecInput
} from "../schema/NexusEndpoint.js"
import type {
  ConnectionError,
  DataConverterError,
  ExternalStorageError,
  InvalidArgumentError,
  NamespaceNotFoundError,
  NexusEndpointAlreadyExistsError,
  NexusEndpointConflictError,
  NexusEndpointNotFoundError,
  PayloadCodecError,
  RpcError
} from "../schema/TemporalError.js"

/**
 * Errors of reading or listing endpoints.
 *
 * @since 1.0.0
 * @category errors
 */
export type GetNexusEndpointError =
  | NexusEndpointNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | ExternalStorageError

/**
 * Errors of creating an endpoint (`NamespaceNotFoundError`: its worker
 * target names a namespace the server does not have).
 *
 * @since 1.0.0
 * @category errors
 */
export type CreateNexusEndpointError =
  | NexusEndpointAlreadyExistsError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | ExternalStorageError

/**
 * Errors of changing an endpoint.
 *
 * @since 1.0.0
 * @category errors
 */
export type UpdateNexusEndpointError = GetNexusEndpointError | NexusEndpointConflictError

/**
 * Errors of deleting an endpoint.
 *
 * @since 1.0.0
 * @category errors
 */
export type DeleteNexusEndpointError = GetNexusEndpointError | NexusEndpointConflictError

/**
 * Options of `updateEndpoint`.
 *
 * @since 1.0.0
 * @category models
 */
export interface UpdateNexusEndpointOptions extends RpcOptions {
  /** How many times to read, change and write before giving up on a conflict. Default 3. */
  readonly maxAttempts?: number | undefined
}

/**
 * The endpoint operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusEndpointsShape {
  /** Create an endpoint; `NexusEndpointAlreadyExistsError` when the name is taken. The spec is checked before an RPC is sent. */
  readonly createEndpoint: (
    spec: NexusEndpointSpecInput,
    options?: RpcOptions
  ) => Effect.Effect<NexusEndpoint, CreateNexusEndpointError>
  /** Read an endpoint by ID. */
  readonly getEndpoint: (id: string, options?: RpcOptions) => Effect.Effect<NexusEndpoint, GetNexusEndpointError>
  /** Read an endpoint by name. */
  readonly getEndpointByName: (
    name: string,
    options?: RpcOptions
  ) => Effect.Effect<NexusEndpoint, GetNexusEndpointError>
  /** Every endpoint (or the one named), page after page. */
  readonly listEndpoints: (
    options?: ListNexusEndpointsOptions
  ) => Stream.Stream<NexusEndpoint, GetNexusEndpointError>
  /**
   * Change an endpoint: read it, apply `update` to its spec, write it with
   * the version read; on a conflict (it changed meanwhile) read and apply
   * again, up to `maxAttempts`, then `NexusEndpointConflictError`.
   */
  readonly updateEndpoint: (
    id: string,
    update: (current: NexusEndpointSpec) => NexusEndpointSpec,
    options?: UpdateNexusEndpointOptions
  ) => Effect.Effect<NexusEndpoint, UpdateNexusEndpointError>
  /** Delete an endpoint (at the version it has now). */
  readonly deleteEndpoint: (id: string, options?: RpcOptions) => Effect.Effect<void, DeleteNexusEndpointError>
}

/**
 * The Nexus endpoint client.
 *
 * @since 1.0.0
 * @category tags
 */
export class NexusEndpoints
  extends Context.Service<NexusEndpoints, NexusEndpointsShape>()("effect-temporal/NexusEndpoints")
{}
