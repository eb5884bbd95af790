/**
 * The worker deployment client's Layer, and module-level accessors.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { derivedClientContext } from "../internal/derivedClientContext.js"
import { makeWorkerDeploymentOperations } from "../internal/workerDeploymentOperations.js"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type { WorkerDeploymentVersion } from "../schema/Common/versioning.js"
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
  UpdateWorkerDeploymentOptions
} from "../schema/WorkerDeploymentOptions.js"
import type { TemporalClient } from "../services/TemporalClient.js"
import {
  type DeleteWorkerDeploymentError,
  type DeleteWorkerDeploymentVersionError,
  type DescribeWorkerDeploymentError,
  type DescribeWorkerDeploymentVersionError,
  type ListWorkerDeploymentsError,
  type SetWorkerDeploymentManagerError,
  type SetWorkerDeploymentVersionError,
  type UpdateWorkerDeploymentError,
  type UpdateWorkerDeploymentVersionMetadataError,
  WorkerDeploymentClient,
  type WorkerDeploymentUpdater
} from "../services/WorkerDeploymentClient.js"

export * from "../services/WorkerDeploymentClient.js"

/**
 * The worker deployment client, from the `TemporalClient` (its connection,
 * namespace, identity and data converter) and the `ClientInterceptors` in
 * force where the Layer is built.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<WorkerDeploymentClient, never, TemporalClient> = Layer.effect(
  WorkerDeploymentClient,
  Effect.map(derivedClientContext, (context) => WorkerDeploymentClient.of(makeWorkerDeploymentOperations(context)))
)

/**
 * The namespace's worker deployments, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const list = (
  options?: ListWorkerDeploymentsOptions
): Stream.Stream<WorkerDeploymentSummary, ListWorkerDeploymentsError, WorkerDeploymentClient> =>
  Stream.unwrap(Effect.map(WorkerDeploymentClient, (client) => client.list(options)))

/**
 * Describe a worker deployment, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const describe = (
  deploymentName: string,
  options?: RpcOptions
): Effect.Effect<WorkerDeploymentDescription, DescribeWorkerDeploymentError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.describe(deploymentName, options))

/**
 * Make a version current, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const setCurrentVersion = (
  deploymentName: string,
  options: SetCurrentVersionOptions
): Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentVersionError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.setCurrentVersion(deploymentName, options))

/**
 * Ramp a version, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const setRampingVersion = (
  deploymentName: string,
  options: SetRampingVersionOptions
): Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentVersionError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.setRampingVersion(deploymentName, options))

/**
 * Set or clear a deployment's manager identity, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const setManagerIdentity = (
  deploymentName: string,
  options: SetManagerIdentityOptions
): Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentManagerError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.setManagerIdentity(deploymentName, options))

/**
 * Read, decide and write with the read's conflict token, again on a
 * conflict, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const update = <E = never, R = never>(
  deploymentName: string,
  updater: WorkerDeploymentUpdater<E, R>,
  options?: UpdateWorkerDeploymentOptions
): Effect.Effect<void, UpdateWorkerDeploymentError | E, R | WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.update(deploymentName, updater, options))

/**
 * Delete a worker deployment that has no versions left, with the client in
 * context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const deleteDeployment = (
  deploymentName: string,
  options?: RpcOptions
): Effect.Effect<void, DeleteWorkerDeploymentError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.delete(deploymentName, options))

/**
 * Describe a worker deployment version, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const describeVersion = (
  version: WorkerDeploymentVersion,
  options?: DescribeVersionOptions
): Effect.Effect<WorkerDeploymentVersionDescription, DescribeWorkerDeploymentVersionError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.describeVersion(version, options))

/**
 * Delete a worker deployment version, with the client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const deleteVersion = (
  version: WorkerDeploymentVersion,
  options?: DeleteVersionOptions
): Effect.Effect<void, DeleteWorkerDeploymentVersionError, WorkerDeploymentClient> =>
  Effect.flatMap(WorkerDeploymentClient, (client) => client.deleteVersion(version, options))

/**
 * Upsert and remove metadata entries of a version, with the client in
 * context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const updateVersionMetadata = (
  version: WorkerDeploymentVersion,
  options: UpdateVersionMetadataOptions
): Effect.Effect<
  Readonly<Record<string, unknown>>,
  UpdateWorkerDeploymentVersionMetadataError,
  WorkerDeploymentClient
> => Effect.flatMap(WorkerDeploymentClient, (client) => client.updateVersionMetadata(version, options))
