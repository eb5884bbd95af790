/**
 * Errors of worker deployments: a deployment or version that does not exist,
 * a write refused because the deployment changed since it was read (its
 * conflict token) or because another client manages it, and a deletion the
 * server refuses while the version or deployment is still in use.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * No worker deployment has this name (the server's NOT_FOUND: a deployment
 * exists once a versioned worker has polled for it).
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkerDeploymentNotFoundError
  extends Schema.TaggedError<WorkerDeploymentNotFoundError>()("WorkerDeploymentNotFoundError", {
    /** The deployment asked for. */
    deploymentName: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Worker deployment ${this.deploymentName} not found`
  }
}

/**
 * The worker deployment has no version with this build ID (the server's
 * NOT_FOUND).
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkerDeploymentVersionNotFoundError
  extends Schema.TaggedError<WorkerDeploymentVersionNotFoundError>()("WorkerDeploymentVersionNotFoundError", {
    /** The deployment of the version. */
    deploymentName: Schema.String,
    /** The build ID asked for. */
    buildId: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Worker deployment version ${this.deploymentName}/${this.buildId} not found`
  }
}

/**
 * A write to a worker deployment carried a conflict token that no longer
 * matches: the deployment changed since the token was read (the server's
 * FAILED_PRECONDITION "conflict token mismatch"). `attempts` is 1 for a
 * single call; for `update` it is how many times the updater ran and its
 * change was refused, up to the update's `maxAttempts`.
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkerDeploymentConflictError
  extends Schema.TaggedError<WorkerDeploymentConflictError>()("WorkerDeploymentConflictError", {
    /** The deployment written to. */
    deploymentName: Schema.String,
    /** How many writes were refused for a stale conflict token. */
    attempts: Schema.Number,
    /** The `RpcError` of the last refused write (FAILED_PRECONDITION "conflict token mismatch"). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return this.attempts <= 1
      ? `Worker deployment ${this.deploymentName} changed since its conflict token was read`
      : `Worker deployment ${this.deploymentName} changed concurrently on each of ${this.attempts} update attempts`
  }
}

/**
 * Another client manages the worker deployment: its manager identity is set
 * and is not this client's identity, so the server refuses changes from here
 * (FAILED_PRECONDITION). Set this client as manager, clear the manager, or
 * wait for the other client to.
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkerDeploymentManagedElsewhereError
  extends Schema.TaggedError<WorkerDeploymentManagedElsewhereError>()("WorkerDeploymentManagedElsewhereError", {
    /** The deployment written to. */
    deploymentName: Schema.String,
    /** The server's message, naming the manager identity. */
    description: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Worker deployment ${this.deploymentName} is managed by another client: ${this.description}`
  }
}

/**
 * Why a worker deployment or version cannot be deleted yet:
 *
 * - `CurrentOrRamping`: the version receives new executions.
 * - `Draining`: pinned workflows may still run on the version (pass
 *   `skipDrainage` to delete it anyway).
 * - `ActivePollers`: workers of the version still poll (or polled within the
 *   server's poller history window, `matching.PollerHistoryTTL`).
 * - `HasVersions`: the deployment still has versions; delete them first.
 *
 * @since 1.0.0
 * @category models
 */
export const WorkerDeploymentInUseReason = Schema.Literals([
  "CurrentOrRamping",
  "Draining",
  "ActivePollers",
  "HasVersions"
])

/**
 * @since 1.0.0
 * @category models
 */
export type WorkerDeploymentInUseReason = typeof WorkerDeploymentInUseReason.Type

/**
 * The server refused to delete a worker deployment version, or a whole
 * deployment, because it is still in use (FAILED_PRECONDITION); `reason`
 * says how.
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkerDeploymentInUseError
  extends Schema.TaggedError<WorkerDeploymentInUseError>()("WorkerDeploymentInUseError", {
    /** The deployment. */
    deploymentName: Schema.String,
    /** The version's build ID, when a version was to be deleted. */
    buildId: Schema.optional(Schema.String),
    /** What keeps it in use. */
    reason: WorkerDeploymentInUseReason,
    /** The server's message. */
    description: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    const what = this.buildId === undefined
      ? `Worker deployment ${this.deploymentName}`
      : `Worker deployment version ${this.deploymentName}/${this.buildId}`
    return `${what} cannot be deleted yet (${this.reason}): ${this.description}`
  }
}
