/**
 * Worker deployments: the versions of a fleet of versioned workers, and
 * where new executions go (the current version, and a ramping version taking
 * a percentage). List and describe deployments, make a version current or
 * ramp it, name the client that manages a deployment, describe and delete
 * versions, edit a version's metadata, delete a deployment.
 *
 * Every write sends the conflict token it is given (a description's, or an
 * earlier write's) and fails with `WorkerDeploymentConflictError` when the
 * deployment changed since; `update` reads, runs an updater and writes with
 * the read's token, again on each conflict.
 *
 * ```ts
 * const deployments = yield* WorkerDeploymentClient.WorkerDeploymentClient
 * const { conflictToken } = yield* deployments.describe("orders")
 * yield* deployments.setRampingVersion("orders", { buildId: "v2", percentage: 25, conflictToken })
 * yield* deployments.update("orders", ({ routingConfig }) =>
 *   Effect.succeed((routingConfig.ramping?.percentage ?? 0) >= 25
 *     ? { _tag: "SetCurrentVersion" as const, buildId: "v2" }
 *     : undefined))
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type { WorkerDeploymentVersion } from "../schema/Common/versioning.js"
import type {
  CallError,
  DataConverterError,
  PayloadCodecError,
  SendPayloadsError,
  WorkerDeploymentConflictError,
  WorkerDeploymentInUseError,
  WorkerDeploymentManagedElsewhereError,
  WorkerDeploymentNotFoundError,
  WorkerDeploymentVersionNotFoundError,
  WorkerVersioningApiUnavailableError
} from "../schema/TemporalError.js"
import type {
  WorkerDeploymentDescription,
  WorkerDeploymentSummary,
  WorkerDeploymentUpdated,
  WorkerDeploymentVersionDescription
} from "../schema/WorkerDeployment.js"
import type {
  DeleteVersionOptions,
  DescribeVersionOptions,
  ListWorkerDeploymentsOptions,
  SetCurrentVersionOptions,
  SetManagerIdentityOptions,
  SetRampingVersionOptions,
  UpdateVersionMetadataOptions,
  UpdateWorkerDeploymentOptions,
  WorkerDeploymentChange
} from "../schema/WorkerDeploymentOptions.js"

/**
 * Errors of reading worker deployments: those of every call, and the API turned off
 * on the server.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListWorkerDeploymentsError = CallError | WorkerVersioningApiUnavailableError

/**
 * Errors of describing a worker deployment.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeWorkerDeploymentError = ListWorkerDeploymentsError | WorkerDeploymentNotFoundError

/**
 * Errors of making a version current or ramping it: the deployment or the
 * version does not exist, the conflict token is stale, or another client
 * manages the deployment.
 *
 * @since 1.0.0
 * @category errors
 */
export type SetWorkerDeploymentVersionError =
  | DescribeWorkerDeploymentError
  | WorkerDeploymentVersionNotFoundError
  | WorkerDeploymentConflictError
  | WorkerDeploymentManagedElsewhereError

/**
 * Errors of setting a deployment's manager identity.
 *
 * @since 1.0.0
 * @category errors
 */
export type SetWorkerDeploymentManagerError = DescribeWorkerDeploymentError | WorkerDeploymentConflictError

/**
 * Errors of `update`: reading the deployment, and writing any change (after
 * `maxAttempts` refusals for a stale token, `WorkerDeploymentConflictError`).
 *
 * @since 1.0.0
 * @category errors
 */
export type UpdateWorkerDeploymentError = SetWorkerDeploymentVersionError

/**
 * Errors of deleting a deployment: it still has versions, or another client
 * manages it.
 *
 * @since 1.0.0
 * @category errors
 */
export type DeleteWorkerDeploymentError =
  | ListWorkerDeploymentsError
  | WorkerDeploymentInUseError
  | WorkerDeploymentManagedElsewhereError

/**
 * Errors of describing a version (its metadata is decoded).
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeWorkerDeploymentVersionError =
  | ListWorkerDeploymentsError
  | WorkerDeploymentVersionNotFoundError
  | DataConverterError
  | PayloadCodecError

/**
 * Errors of deleting a version: its deployment does not exist, or the
 * version is still in use.
 *
 * @since 1.0.0
 * @category errors
 */
export type DeleteWorkerDeploymentVersionError =
  | ListWorkerDeploymentsError
  | WorkerDeploymentNotFoundError
  | WorkerDeploymentInUseError
  | WorkerDeploymentManagedElsewhereError

/**
 * Errors of changing a version's metadata (values encoded, the answer
 * decoded).
 *
 * @since 1.0.0
 * @category errors
 */
export type UpdateWorkerDeploymentVersionMetadataError =
  | ListWorkerDeploymentsError
  | WorkerDeploymentVersionNotFoundError
  | SendPayloadsError

/**
 * What `update`'s updater decides, given the deployment as just read: one
 * change to make with that read's conflict token, or nothing (`undefined`)
 * when the deployment is as wanted. After a conflict it runs again on a
 * fresh read, so it should say what is still to change.
 *
 * @since 1.0.0
 * @category models
 */
export type WorkerDeploymentUpdater<E = never, R = never> = (
  description: WorkerDeploymentDescription
) => Effect.Effect<WorkerDeploymentChange | undefined | void, E, R>

/**
 * The worker deployment operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface WorkerDeploymentOperations {
  /** The namespace's worker deployments, page after page. */
  readonly list: (
    options?: ListWorkerDeploymentsOptions
  ) => Stream.Stream<WorkerDeploymentSummary, ListWorkerDeploymentsError>
  /** A deployment's versions and routing, with the conflict token of the read. */
  readonly describe: (
    deploymentName: string,
    options?: RpcOptions
  ) => Effect.Effect<WorkerDeploymentDescription, DescribeWorkerDeploymentError>
  /** Make a version (or the unversioned workers) current. */
  readonly setCurrentVersion: (
    deploymentName: string,
    options: SetCurrentVersionOptions
  ) => Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentVersionError>
  /** Ramp a version (or the unversioned workers) at a percentage; `undefined` at 0 % removes the ramp. */
  readonly setRampingVersion: (
    deploymentName: string,
    options: SetRampingVersionOptions
  ) => Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentVersionError>
  /** Set the client that alone may change the deployment, or clear it. */
  readonly setManagerIdentity: (
    deploymentName: string,
    options: SetManagerIdentityOptions
  ) => Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentManagerError>
  /**
   * Read the deployment, run `updater` on it and make the change it returns
   * with the read's conflict token; on a conflict, read and run it again,
   * up to `maxAttempts` (default 10) times, then fail with
   * `WorkerDeploymentConflictError`.
   */
  readonly update: <E = never, R = never>(
    deploymentName: string,
    updater: WorkerDeploymentUpdater<E, R>,
    options?: UpdateWorkerDeploymentOptions
  ) => Effect.Effect<void, UpdateWorkerDeploymentError | E, R>
  /** Delete a deployment that has no versions left (one that does not exist is no error). */
  readonly delete: (
    deploymentName: string,
    options?: RpcOptions
  ) => Effect.Effect<void, DeleteWorkerDeploymentError>
  /** A version's status, drainage, metadata and task queues. */
  readonly describeVersion: (
    version: WorkerDeploymentVersion,
    options?: DescribeVersionOptions
  ) => Effect.Effect<WorkerDeploymentVersionDescription, DescribeWorkerDeploymentVersionError>
  /** Delete a version that is neither current nor ramping nor polled (one that does not exist is no error). */
  readonly deleteVersion: (
    version: WorkerDeploymentVersion,
    options?: DeleteVersionOptions
  ) => Effect.Effect<void, DeleteWorkerDeploymentVersionError>
  /** Upsert and remove metadata entries of a version; answers the whole metadata after the change, decoded. */
  readonly updateVersionMetadata: (
    version: WorkerDeploymentVersion,
    options: UpdateVersionMetadataOptions
  ) => Effect.Effect<Readonly<Record<string, unknown>>, UpdateWorkerDeploymentVersionMetadataError>
}

/**
 * The worker deployment client.
 *
 * @since 1.0.0
 * @category tags
 */
export class WorkerDeploymentClient extends Context.Service<
  WorkerDeploymentClient,
  WorkerDeploymentOperations
>()("effect-temporal/WorkerDeploymentClient") {}
