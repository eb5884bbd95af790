/**
 * Options of the worker deployment operations, and the changes an `update`
 * may make. Each is checked by a Schema before any RPC; a bad value fails
 * with `InvalidArgumentError` naming its field.
 *
 * A build ID of `undefined` in a routing change stands for the unversioned
 * workers of the deployment's task queues (those that poll without
 * versioning).
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { describeInput } from "./Common/duration.js"
import { Count, optionalField, PageSize, PlainRecord, RequiredString, RpcOptionsFields } from "./Common/fields.js"
import type { RpcOptions } from "./Common/rpc.js"

/**
 * Options of listing worker deployments.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListWorkerDeploymentsOptions extends RpcOptions {
  /** Deployments per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many deployments. A non-negative integer. */
  readonly limit?: number | undefined
}

/**
 * The Schema that checks {@link ListWorkerDeploymentsOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const ListWorkerDeploymentsOptionsSchema = Schema.Struct({
  /** Deployments per page (server default when absent). A positive 32-bit integer. */
  pageSize: optionalField(PageSize),
  /** Stop after this many deployments. A non-negative integer. */
  limit: optionalField(Count),
  ...RpcOptionsFields
}).annotate({ identifier: "ListWorkerDeploymentsOptions" })

/**
 * A ramp percentage: a number from 0 to 100.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RampPercentage: Schema.Codec<number> = Schema.Number.check(
  Schema.makeFilter((n) =>
    (Number.isFinite(n) && n >= 0 && n <= 100) || `must be a percentage from 0 to 100 (got ${describeInput(n)})`
  )
).annotateKey({ messageMissingKey: "is required" })

/** A build ID, or `undefined` for the unversioned workers; the key itself is required. */
const TargetBuildId = Schema.UndefinedOr(RequiredString).annotateKey({
  messageMissingKey: "is required (a build ID, or undefined for the unversioned workers)"
})

const routingGuards = {
  /**
   * Make the change even though some task queue the current version's
   * workers poll is not polled by the new version's. Default `false`.
   */
  ignoreMissingTaskQueues: optionalField(Schema.Boolean),
  /** Make the change even though no worker of the version has polled yet. Default `false`. */
  allowNoPollers: optionalField(Schema.Boolean)
}

const conflictToken = {
  /**
   * The `conflictToken` of a description (or of an earlier write): the
   * write fails with `WorkerDeploymentConflictError` if the deployment
   * changed since. Absent: the write applies whatever changed.
   */
  conflictToken: optionalField(Schema.Uint8Array)
}

/**
 * The safety checks a routing change may bypass.
 *
 * @since 1.0.0
 * @category models
 */
export interface RoutingGuardOptions {
  /**
   * Make the change even though some task queue the current version's
   * workers poll is not polled by the new version's. Default `false`.
   */
  readonly ignoreMissingTaskQueues?: boolean | undefined
  /** Make the change even though no worker of the version has polled yet. Default `false`. */
  readonly allowNoPollers?: boolean | undefined
}

/**
 * Options of a single write: the conflict token of an earlier read, if the
 * write must fail when the deployment changed since.
 *
 * @since 1.0.0
 * @category models
 */
export interface ConflictTokenOptions extends RpcOptions {
  /**
   * The `conflictToken` of a description (or of an earlier write): the
   * write fails with `WorkerDeploymentConflictError` if the deployment
   * changed since. Absent: the write applies whatever changed.
   */
  readonly conflictToken?: Uint8Array | undefined
}

/**
 * Make a version current: it takes every new execution (and AutoUpgrade
 * workflows move to it), except the ramp percentage.
 *
 * @since 1.0.0
 * @category models
 */
export interface SetCurrentVersionOptions extends ConflictTokenOptions, RoutingGuardOptions {
  /** The build ID to make current; `undefined` for the unversioned workers. */
  readonly buildId: string | undefined
}

/**
 * The Schema that checks {@link SetCurrentVersionOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SetCurrentVersionOptionsSchema = Schema.Struct({
  /** The build ID to make current; `undefined` for the unversioned workers. */
  buildId: TargetBuildId,
  ...routingGuards,
  ...conflictToken,
  ...RpcOptionsFields
}).annotate({ identifier: "SetCurrentVersionOptions" })

/**
 * Ramp a version: it takes `percentage` of the new executions from the
 * current version. A ramp of `buildId: undefined` at 0 % removes the ramp.
 *
 * @since 1.0.0
 * @category models
 */
export interface SetRampingVersionOptions extends ConflictTokenOptions, RoutingGuardOptions {
  /** The build ID to ramp; `undefined` for the unversioned workers. */
  readonly buildId: string | undefined
  /** The share of new executions it takes, 0 to 100. */
  readonly percentage: number
}

/**
 * The Schema that checks {@link SetRampingVersionOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SetRampingVersionOptionsSchema = Schema.Struct({
  /** The build ID to ramp; `undefined` for the unversioned workers. */
  buildId: TargetBuildId,
  /** The share of new executions it takes, 0 to 100. */
  percentage: RampPercentage,
  ...routingGuards,
  ...conflictToken,
  ...RpcOptionsFields
}).annotate({ identifier: "SetRampingVersionOptions" })

/**
 * Who manages a deployment: once a manager identity is set, the server
 * refuses changes from clients of other identities
 * (`WorkerDeploymentManagedElsewhereError`). Give exactly one of `self`
 * (this client's identity) and `managerIdentity` (`""` clears it).
 *
 * @since 1.0.0
 * @category models
 */
export interface SetManagerIdentityOptions extends ConflictTokenOptions {
  /** Make this client's identity the manager. */
  readonly self?: boolean | undefined
  /** The manager identity to set; `""` clears it. */
  readonly managerIdentity?: string | undefined
}

const exactlyOneManager = Schema.makeFilter((
  options: { readonly self?: boolean | undefined; readonly managerIdentity?: string | undefined }
) =>
  (options.self === true) !== (options.managerIdentity !== undefined) ||
  "needs exactly one of self: true and managerIdentity (\"\" clears the manager)"
)

/**
 * The Schema that checks {@link SetManagerIdentityOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SetManagerIdentityOptionsSchema = Schema.Struct({
  /** Make this client's identity the manager. */
  self: optionalField(Schema.Boolean),
  /** The manager identity to set; `""` clears it. */
  managerIdentity: optionalField(Schema.String),
  ...conflictToken,
  ...RpcOptionsFields
}).check(exactlyOneManager).annotate({ identifier: "SetManagerIdentityOptions" })

/**
 * Options of describing a version.
 *
 * @since 1.0.0
 * @category models
 */
export interface DescribeVersionOptions extends RpcOptions {
  /** Include each task queue's backlog and rates. Default `false`. */
  readonly reportTaskQueueStats?: boolean | undefined
}

/**
 * The Schema that checks {@link DescribeVersionOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const DescribeVersionOptionsSchema = Schema.Struct({
  /** Include each task queue's backlog and rates. Default `false`. */
  reportTaskQueueStats: optionalField(Schema.Boolean),
  ...RpcOptionsFields
}).annotate({ identifier: "DescribeVersionOptions" })

/**
 * Options of deleting a version. The server refuses while the version is
 * current or ramping, while it drains (unless `skipDrainage`), and while
 * its workers poll (`WorkerDeploymentInUseError`).
 *
 * @since 1.0.0
 * @category models
 */
export interface DeleteVersionOptions extends RpcOptions {
  /**
   * Delete it even while pinned workflows may still run on it (they stay
   * stuck until moved to another version). Default `false`.
   */
  readonly skipDrainage?: boolean | undefined
}

/**
 * The Schema that checks {@link DeleteVersionOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const DeleteVersionOptionsSchema = Schema.Struct({
  /**
   * Delete it even while pinned workflows may still run on it (they stay
   * stuck until moved to another version). Default `false`.
   */
  skipDrainage: optionalField(Schema.Boolean),
  ...RpcOptionsFields
}).annotate({ identifier: "DeleteVersionOptions" })

/**
 * A change to a version's metadata: entries to set (each value encoded by
 * the client's data converter) and keys to remove. At least one of them.
 *
 * @since 1.0.0
 * @category models
 */
export interface UpdateVersionMetadataOptions extends RpcOptions {
  /** Entries to add or replace. */
  readonly upsert?: Readonly<Record<string, unknown>> | undefined
  /** Keys to remove. */
  readonly remove?: ReadonlyArray<string> | undefined
}

/**
 * The Schema that checks {@link UpdateVersionMetadataOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const UpdateVersionMetadataOptionsSchema = Schema.Struct({
  /** Entries to add or replace. */
  upsert: optionalField(PlainRecord),
  /** Keys to remove. */
  remove: optionalField(Schema.Array(RequiredString)),
  ...RpcOptionsFields
}).check(
  Schema.makeFilter((options) =>
    Object.keys(options.upsert ?? {}).length > 0 || (options.remove ?? []).length > 0 ||
    "needs an entry to upsert or a key to remove"
  )
).annotate({ identifier: "UpdateVersionMetadataOptions" })

/**
 * One change an `update` makes, with the conflict token of the description
 * its updater was given: make a version current, ramp one, or set the
 * manager identity. `buildId: undefined` stands for the unversioned workers.
 *
 * @since 1.0.0
 * @category models
 */
export type WorkerDeploymentChange =
  | {
    /** Make a version current. */
    readonly _tag: "SetCurrentVersion"
    /** The build ID to make current; `undefined` for the unversioned workers. */
    readonly buildId: string | undefined
    /** See {@link RoutingGuardOptions}. */
    readonly ignoreMissingTaskQueues?: boolean | undefined
    /** See {@link RoutingGuardOptions}. */
    readonly allowNoPollers?: boolean | undefined
  }
  | {
    /** Ramp a version. */
    readonly _tag: "SetRampingVersion"
    /** The build ID to ramp; `undefined` for the unversioned workers. */
    readonly buildId: string | undefined
    /** The share of new executions it takes, 0 to 100. */
    readonly percentage: number
    /** See {@link RoutingGuardOptions}. */
    readonly ignoreMissingTaskQueues?: boolean | undefined
    /** See {@link RoutingGuardOptions}. */
    readonly allowNoPollers?: boolean | undefined
  }
  | {
    /** Set or clear the manager identity. */
    readonly _tag: "SetManagerIdentity"
    /** Make this client's identity the manager. */
    readonly self?: boolean | undefined
    /** The manager identity to set; `""` clears it. */
    readonly managerIdentity?: string | undefined
  }

/**
 * The Schema that checks a {@link WorkerDeploymentChange}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const WorkerDeploymentChangeSchema = Schema.Union([
  Schema.TaggedStruct("SetCurrentVersion", {
    /** The build ID to make current; `undefined` for the unversioned workers. */
    buildId: TargetBuildId,
    ...routingGuards
  }),
  Schema.TaggedStruct("SetRampingVersion", {
    /** The build ID to ramp; `undefined` for the unversioned workers. */
    buildId: TargetBuildId,
    /** The share of new executions the ramping version takes, from 0 to 100 (the rest go to the current version). */
    percentage: RampPercentage,
    ...routingGuards
  }),
  Schema.TaggedStruct("SetManagerIdentity", {
    /** Make this client's identity the manager (exactly one of `self` and `managerIdentity`). */
    self: optionalField(Schema.Boolean),
    /** The manager identity to set; `""` clears it, so every client may change the deployment. */
    managerIdentity: optionalField(Schema.String)
  }).check(exactlyOneManager)
]).annotate({ identifier: "WorkerDeploymentChange" })

/**
 * Options of `update`.
 *
 * @since 1.0.0
 * @category models
 */
export interface UpdateWorkerDeploymentOptions extends RpcOptions {
  /**
   * How many times to run the updater and send its change before failing
   * with `WorkerDeploymentConflictError`. Default 10.
   */
  readonly maxAttempts?: number | undefined
}

/**
 * The Schema that checks {@link UpdateWorkerDeploymentOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const UpdateWorkerDeploymentOptionsSchema = Schema.Struct({
  /**
   * How many times to run the updater and send its change before failing
   * with `WorkerDeploymentConflictError`. Default 10.
   */
  maxAttempts: optionalField(
    Schema.Number.check(
      Schema.makeFilter((n) =>
        (Number.isSafeInteger(n) && n >= 1) || `must be a positive integer (got ${describeInput(n)})`
      )
    )
  ),
  ...RpcOptionsFields
}).annotate({ identifier: "UpdateWorkerDeploymentOptions" })
