/**
 * Standalone Nexus operations from the client: a typed client for one
 * endpoint and service that starts operations, handles to follow them, and
 * listing and counting. The same operations are on `TemporalClient`; this
 * service is for programs that only deal with Nexus.
 *
 * ```ts
 * const nexus = yield* NexusClient.NexusClient
 * const payments = nexus.createNexusClient({ endpoint: "payments-endpoint", service: Payments })
 * const handle = yield* payments.startOperation("charge", { orderId: "42" }, {
 *   id: "charge-42",
 *   scheduleToCloseTimeout: "5 minutes"
 * })
 * const receipt = yield* handle.result()
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { ListOptions, ListPageOptions, RpcOptions } from "../schema/Common.js"
import type { NexusOperationExecution, NexusOperationExecutionCount } from "../schema/NexusOperationExecution.js"
import type { StartNexusOperationOptions } from "../schema/NexusOptions.js"
import type * as NexusServiceDefinition from "../schema/NexusServiceDefinition.js"
import type {
  ConnectionError,
  DataConverterError,
  InvalidArgumentError,
  NamespaceNotFoundError,
  NexusOperationAlreadyStartedError,
  PayloadCodecError,
  PayloadTooLargeError,
  RpcError
} from "../schema/TemporalError.js"
import type { NexusOperationHandle, NexusOperationResultError } from "./NexusOperationHandle.js"

/**
 * Errors of starting a Nexus operation. `InvalidArgumentError`: options
 * refused before any RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type StartNexusOperationError =
  | NexusOperationAlreadyStartedError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of starting a Nexus operation and waiting for its output.
 *
 * @since 1.0.0
 * @category errors
 */
export type ExecuteNexusOperationError = StartNexusOperationError | NexusOperationResultError

/**
 * Errors of listing and counting Nexus operations.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListNexusOperationsError = InvalidArgumentError | NamespaceNotFoundError | RpcError | ConnectionError

/**
 * The definition a service given by definition or by name stands for.
 *
 * @since 1.0.0
 * @category models
 */
export type ServiceDefinitionOf<S> = S extends NexusServiceDefinition.Any ? S : NexusServiceDefinition.Untyped

/**
 * A client for one service behind one endpoint.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusServiceClient<Def extends NexusServiceDefinition.Any> {
  /** The endpoint operations are sent to. */
  readonly endpoint: string
  /** The service's definition (an untyped one for a service given by name). */
  readonly service: Def
  /** Start an operation; fails with `NexusOperationAlreadyStartedError` when its ID is taken. */
  readonly startOperation: <K extends NexusServiceDefinition.OperationNames<Def>>(
    operation: K,
    input: NexusServiceDefinition.Input<Def, K>,
    options: StartNexusOperationOptions
  ) => Effect.Effect<NexusOperationHandle<NexusServiceDefinition.Output<Def, K>>, StartNexusOperationError>
  /** Start an operation and wait for its output. */
  readonly executeOperation: <K extends NexusServiceDefinition.OperationNames<Def>>(
    operation: K,
    input: NexusServiceDefinition.Input<Def, K>,
    options: StartNexusOperationOptions
  ) => Effect.Effect<NexusServiceDefinition.Output<Def, K>, ExecuteNexusOperationError>
  /** A handle to an operation of this service by ID, its output typed. No I/O. */
  readonly getOperationHandle: <K extends NexusServiceDefinition.OperationNames<Def>>(
    operation: K,
    operationId: string,
    options?: { readonly runId?: string | undefined }
  ) => NexusOperationHandle<NexusServiceDefinition.Output<Def, K>>
}

/**
 * One page of `listNexusOperationsPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusOperationExecutionPage {
  /** The operations on this page. */
  readonly operations: ReadonlyArray<NexusOperationExecution>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The standalone Nexus operations, as on `TemporalClient`.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusOperations {
  /** A client for `service` behind `endpoint` (a definition, or a service name for untyped use). No I/O. */
  readonly createNexusClient: <S extends NexusServiceDefinition.Any | string>(
    options: { readonly endpoint: string; readonly service: S }
  ) => NexusServiceClient<ServiceDefinitionOf<S>>
  /** A handle to a Nexus operation by ID (output `unknown`; the latest run unless `runId`). No I/O. */
  readonly getNexusOperationHandle: (
    operationId: string,
    options?: { readonly runId?: string | undefined }
  ) => NexusOperationHandle<unknown>
  /** Nexus operations matching a visibility query, page after page. */
  readonly listNexusOperations: (
    query?: string,
    options?: ListOptions
  ) => Stream.Stream<NexusOperationExecution, ListNexusOperationsError>
  /** One page of Nexus operations matching a visibility query. */
  readonly listNexusOperationsPage: (
    query: string | undefined,
    options?: ListPageOptions
  ) => Effect.Effect<NexusOperationExecutionPage, ListNexusOperationsError>
  /** Count Nexus operations matching a visibility query (with `GROUP BY` groups). */
  readonly countNexusOperations: (
    query?: string,
    options?: RpcOptions
  ) => Effect.Effect<NexusOperationExecutionCount, ListNexusOperationsError>
}

/**
 * The standalone Nexus operation client.
 *
 * @since 1.0.0
 * @category tags
 */
export class NexusClient extends Context.Service<NexusClient, NexusOperations>()("effect-temporal/NexusClient") {}
