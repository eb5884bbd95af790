/**
 * Errors of batch operations: a job ID already taken, a job that does not
 * exist or has already closed, and batch operations turned off on the
 * server.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * A batch operation with this job ID exists already, running or closed (the
 * server's ALREADY_EXISTS: job IDs are never reused).
 *
 * @since 1.0.0
 * @category errors
 */
export class BatchOperationAlreadyStartedError
  extends Schema.TaggedError<BatchOperationAlreadyStartedError>()("BatchOperationAlreadyStartedError", {
    /** The job ID asked for. */
    jobId: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Batch operation ${this.jobId} already exists`
  }
}

/**
 * No batch operation has this job ID (the server's NOT_FOUND).
 *
 * @since 1.0.0
 * @category errors
 */
export class BatchOperationNotFoundError
  extends Schema.TaggedError<BatchOperationNotFoundError>()("BatchOperationNotFoundError", {
    /** The job ID asked for. */
    jobId: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Batch operation ${this.jobId} not found`
  }
}

/**
 * The batch operation has already closed (completed, failed or stopped), so
 * it cannot be stopped (the server's NOT_FOUND "already completed"). Its
 * description can still be read.
 *
 * @since 1.0.0
 * @category errors
 */
export class BatchOperationAlreadyClosedError
  extends Schema.TaggedError<BatchOperationAlreadyClosedError>()("BatchOperationAlreadyClosedError", {
    /** The job ID. */
    jobId: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Batch operation ${this.jobId} has already closed`
  }
}

/**
 * Why batch operations cannot be used on this server: `Disabled` (the
 * server's PERMISSION_DENIED "Batch operation feature are disabled on this
 * namespace", the dynamic config `frontend.enableBatcher` off) or
 * `Unimplemented` (a server without the RPC).
 *
 * @since 1.0.0
 * @category models
 */
export const BatchOperationsUnavailableReason = Schema.Literals(["Disabled", "Unimplemented"])

/**
 * @since 1.0.0
 * @category models
 */
export type BatchOperationsUnavailableReason = typeof BatchOperationsUnavailableReason.Type

/**
 * A batch operation call was refused because the server has batch
 * operations turned off for the namespace, or does not know the RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export class BatchOperationsUnavailableError
  extends Schema.TaggedError<BatchOperationsUnavailableError>()("BatchOperationsUnavailableError", {
    /** The RPC that was refused, e.g. `StartBatchOperation`. */
    rpc: Schema.String,
    /** Why. */
    reason: BatchOperationsUnavailableReason,
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
    return `${this.rpc} is unavailable on this server (${this.reason}): ${this.description}`
  }
}
