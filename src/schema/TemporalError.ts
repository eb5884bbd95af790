/**
 * Every expected failure of effect-temporal, as tagged errors.
 *
 * Each operation's error channel is a union of the classes below; match them
 * with `Effect.catchTag` / `Effect.catchTags`. Defects are bugs, never an
 * expected outcome. The classes live in `TemporalError/` by concern
 * (connection and server, workflows, schedules, activities, data
 * conversion, operations); this module gathers them.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import {
  ActivityAlreadyStartedError,
  ActivityFailedError,
  ActivityNotFoundError,
  AsyncActivityCancelledError
} from "./TemporalError/activity.js"
import { InvalidArgumentError, TypeId } from "./TemporalError/base.js"
import {
  BatchOperationAlreadyClosedError,
  BatchOperationAlreadyStartedError,
  BatchOperationNotFoundError,
  BatchOperationsUnavailableError
} from "./TemporalError/batch.js"
import {
  ConnectionError,
  NamespaceNotFoundError,
  RpcError,
  WorkerVersioningApiUnavailableError
} from "./TemporalError/connection.js"
import {
  DataConverterError,
  PayloadCodecError,
  PayloadTooLargeError,
  SchemaDecodeError
} from "./TemporalError/dataConversion.js"
import { ExternalStorageError } from "./TemporalError/externalStorage.js"
import {
  NexusEndpointAlreadyExistsError,
  NexusEndpointConflictError,
  NexusEndpointNotFoundError,
  NexusOperationAlreadyStartedError,
  NexusOperationFailedError,
  NexusOperationNotFoundError
} from "./TemporalError/nexus.js"
import {
  NamespaceAlreadyExistsError,
  SearchAttributeAlreadyExistsError,
  SearchAttributeNotFoundError,
  WorkerNotFoundError
} from "./TemporalError/operations.js"
import {
  ScheduleAlreadyRunningError,
  ScheduleNotFoundError,
  ScheduleUpdateConflictError
} from "./TemporalError/schedule.js"
import {
  WorkerDeploymentConflictError,
  WorkerDeploymentInUseError,
  WorkerDeploymentManagedElsewhereError,
  WorkerDeploymentNotFoundError,
  WorkerDeploymentVersionNotFoundError
} from "./TemporalError/workerDeployment.js"
import {
  QueryFailedError,
  QueryRejectedError,
  WorkflowAlreadyCompletedError,
  WorkflowAlreadyStartedError,
  WorkflowContinuedAsNewError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowPauseUnavailableError,
  WorkflowUpdateFailedError,
  WorkflowUpdateNotFoundError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "./TemporalError/workflow.js"

export * from "./TemporalError/activity.js"
export * from "./TemporalError/base.js"
export * from "./TemporalError/batch.js"
export * from "./TemporalError/connection.js"
export * from "./TemporalError/dataConversion.js"
export * from "./TemporalError/externalStorage.js"
export * from "./TemporalError/nexus.js"
export * from "./TemporalError/operations.js"
export * from "./TemporalError/schedule.js"
export * from "./TemporalError/unions.js"
export * from "./TemporalError/workerDeployment.js"
export * from "./TemporalError/workflow.js"

/**
 * Any error of effect-temporal.
 *
 * @since 0.1.0
 * @category models
 */
export type TemporalError =
  | RpcError
  | ConnectionError
  | InvalidArgumentError
  | WorkflowAlreadyStartedError
  | WorkflowNotFoundError
  | NamespaceNotFoundError
  | WorkflowAlreadyCompletedError
  | WorkflowUpdateNotFoundError
  | WorkflowFailedError
  | WorkflowContinuedAsNewError
  | QueryRejectedError
  | QueryFailedError
  | WorkflowUpdateFailedError
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowPauseUnavailableError
  | ScheduleAlreadyRunningError
  | ScheduleNotFoundError
  | ScheduleUpdateConflictError
  | AsyncActivityCancelledError
  | ActivityNotFoundError
  | ActivityAlreadyStartedError
  | ActivityFailedError
  | NexusOperationAlreadyStartedError
  | NexusOperationFailedError
  | NexusOperationNotFoundError
  | NexusEndpointNotFoundError
  | NexusEndpointAlreadyExistsError
  | NexusEndpointConflictError
  | DataConverterError
  | PayloadCodecError
  | SchemaDecodeError
  | PayloadTooLargeError
  | ExternalStorageError
  | WorkerVersioningApiUnavailableError
  | NamespaceAlreadyExistsError
  | SearchAttributeAlreadyExistsError
  | SearchAttributeNotFoundError
  | WorkerNotFoundError
  | WorkerDeploymentNotFoundError
  | WorkerDeploymentVersionNotFoundError
  | WorkerDeploymentConflictError
  | WorkerDeploymentManagedElsewhereError
  | WorkerDeploymentInUseError
  | BatchOperationAlreadyStartedError
  | BatchOperationNotFoundError
  | BatchOperationAlreadyClosedError
  | BatchOperationsUnavailableError

/**
 * Schema of any {@link TemporalError} (a union of every error class), e.g. to
 * carry an error across an RPC or a worker boundary, or to check an unknown
 * value with `Schema.is(TemporalError)`.
 *
 * @since 1.0.0
 * @category schemas
 */
export const TemporalError: Schema.Codec<TemporalError, unknown> = Schema.Union([
  RpcError,
  ConnectionError,
  InvalidArgumentError,
  WorkflowAlreadyStartedError,
  WorkflowNotFoundError,
  NamespaceNotFoundError,
  WorkflowAlreadyCompletedError,
  WorkflowUpdateNotFoundError,
  WorkflowFailedError,
  WorkflowContinuedAsNewError,
  QueryRejectedError,
  QueryFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRpcTimeoutOrCancelledError,
  WorkflowPauseUnavailableError,
  ScheduleAlreadyRunningError,
  ScheduleNotFoundError,
  ScheduleUpdateConflictError,
  AsyncActivityCancelledError,
  ActivityNotFoundError,
  ActivityAlreadyStartedError,
  ActivityFailedError,
  NexusOperationAlreadyStartedError,
  NexusOperationFailedError,
  NexusOperationNotFoundError,
  NexusEndpointNotFoundError,
  NexusEndpointAlreadyExistsError,
  NexusEndpointConflictError,
  DataConverterError,
  PayloadCodecError,
  SchemaDecodeError,
  PayloadTooLargeError,
  ExternalStorageError,
  WorkerVersioningApiUnavailableError,
  NamespaceAlreadyExistsError,
  SearchAttributeAlreadyExistsError,
  SearchAttributeNotFoundError,
  WorkerNotFoundError,
  WorkerDeploymentNotFoundError,
  WorkerDeploymentVersionNotFoundError,
  WorkerDeploymentConflictError,
  WorkerDeploymentManagedElsewhereError,
  WorkerDeploymentInUseError,
  BatchOperationAlreadyStartedError,
  BatchOperationNotFoundError,
  BatchOperationAlreadyClosedError,
  BatchOperationsUnavailableError
]).annotate({ identifier: "TemporalError" })

/**
 * Whether a value is one of effect-temporal's errors.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTemporalError = (u: unknown): u is TemporalError => Predicate.hasProperty(u, TypeId)
