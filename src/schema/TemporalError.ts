/**
 * Every expected failure of effect-temporal, as tagged errors.
 *
 * Each operation's error channel is a union of the classes below; match them
 * with `Effect.catchTag` / `Effect.catchTags`. Defects are bugs, never an
 * expected outcome.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { RetryState, TemporalFailure } from "./Failure.js"

/**
 * The unique symbol that marks the errors of effect-temporal.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/TemporalError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * The gRPC status codes, by the names gRPC gives them.
 *
 * @since 0.1.0
 * @category models
 */
export const GrpcStatusName = Schema.Literals([
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED"
])

/**
 * @since 0.1.0
 * @category models
 */
export type GrpcStatusName = typeof GrpcStatusName.Type

/**
 * One decoded entry of a gRPC status's details: the protobuf type name (for
 * example `temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure`)
 * and the message decoded to a plain object (or the raw bytes when the type is
 * not known).
 *
 * @since 0.1.0
 * @category models
 */
export const RpcErrorDetail = Schema.Struct({
  typeName: Schema.String,
  value: Schema.Unknown
})

/**
 * @since 0.1.0
 * @category models
 */
export type RpcErrorDetail = typeof RpcErrorDetail.Type

/**
 * A gRPC call failed with a status other than OK, after any retries.
 *
 * @since 0.1.0
 * @category errors
 */
export class RpcError extends Schema.TaggedError<RpcError>()("RpcError", {
  /** The gRPC status, by name. */
  code: GrpcStatusName,
  /** The server's (or transport's) status message. */
  message: Schema.String,
  /** The RPC, e.g. `StartWorkflowExecution`. */
  method: Schema.String,
  /** The decoded `grpc-status-details-bin` entries (Temporal's `errordetails` messages). */
  details: Schema.Array(RpcErrorDetail),
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * Why a connection could not be established.
 *
 * @since 0.1.0
 * @category models
 */
export const ConnectionErrorReason = Schema.Literals([
  "Unreachable",
  "Timeout",
  "Tls",
  "Unauthenticated",
  "InvalidConfig",
  "Closed"
])

/**
 * @since 0.1.0
 * @category models
 */
export type ConnectionErrorReason = typeof ConnectionErrorReason.Type

/**
 * The client could not connect to the server, or the connection options are
 * unusable.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionError extends Schema.TaggedError<ConnectionError>()(
  "ConnectionError",
  {
    reason: ConnectionErrorReason,
    address: Schema.String,
    description: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Cannot connect to ${this.address} (${this.reason}): ${this.description}`
  }
}

/**
 * An argument was rejected before any RPC was made.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidArgumentError extends Schema.TaggedError<InvalidArgumentError>()("InvalidArgumentError", {
  /** The option or argument at fault, as a dotted path. */
  field: Schema.String,
  reason: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Invalid ${this.field}: ${this.reason}`
  }
}

/**
 * A workflow with this ID is already running (or, per the ID reuse policy,
 * may not be started again).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowAlreadyStartedError
  extends Schema.TaggedError<WorkflowAlreadyStartedError>()("WorkflowAlreadyStartedError", {
    workflowId: Schema.String,
    workflowType: Schema.String,
    /** The run ID of the execution that already exists, when the server names it. */
    runId: Schema.optional(Schema.String),
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Workflow ${this.workflowId} (${this.workflowType}) is already started${
      this.runId ? ` as run ${this.runId}` : ""
    }`
  }
}

/**
 * No workflow execution matches the ID (and run ID) in the namespace. A
 * namespace that does not exist is a `NamespaceNotFoundError` instead, a
 * closed execution refusing a signal, update or termination a
 * `WorkflowAlreadyCompletedError`, and an unknown update ID a
 * `WorkflowUpdateNotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowNotFoundError extends Schema.TaggedError<WorkflowNotFoundError>()("WorkflowNotFoundError", {
  workflowId: Schema.String,
  runId: Schema.optional(Schema.String),
  namespace: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Workflow ${this.workflowId}${
      this.runId ? ` run ${this.runId}` : ""
    } not found in namespace ${this.namespace}`
  }
}

/**
 * The namespace does not exist on the server (the server's
 * `NamespaceNotFoundFailure`): every call in it fails so, and so does an
 * eager connect (`lazy` off) given this namespace. A misconfiguration, not a
 * fact about any one workflow, which is why it is not a
 * `WorkflowNotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class NamespaceNotFoundError extends Schema.TaggedError<NamespaceNotFoundError>()("NamespaceNotFoundError", {
  namespace: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Namespace ${this.namespace} not found`
  }
}

/**
 * The workflow execution is closed (completed, failed, cancelled, terminated,
 * timed out or continued as new), so it takes no more signals, updates or
 * terminations: the server's NOT_FOUND "workflow execution already
 * completed". Its result and history can still be read.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowAlreadyCompletedError
  extends Schema.TaggedError<WorkflowAlreadyCompletedError>()("WorkflowAlreadyCompletedError", {
    workflowId: Schema.String,
    runId: Schema.optional(Schema.String),
    namespace: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Workflow ${this.workflowId}${
      this.runId ? ` run ${this.runId}` : ""
    } in namespace ${this.namespace} is already closed`
  }
}

/**
 * The workflow exists but has no update with this ID (the server's NOT_FOUND
 * `update "…" not found`): the ID is wrong, or the update was never
 * accepted.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowUpdateNotFoundError
  extends Schema.TaggedError<WorkflowUpdateNotFoundError>()("WorkflowUpdateNotFoundError", {
    workflowId: Schema.String,
    runId: Schema.optional(Schema.String),
    updateId: Schema.String,
    namespace: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Update ${this.updateId} not found on workflow ${this.workflowId}${
      this.runId ? ` run ${this.runId}` : ""
    } in namespace ${this.namespace}`
  }
}

/**
 * The workflow closed without success: failed, cancelled, terminated or timed
 * out. `cause` holds the decoded failure (see `Failure`).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowFailedError extends Schema.TaggedError<WorkflowFailedError>()("WorkflowFailedError", {
  workflowId: Schema.String,
  runId: Schema.String,
  /** The `RetryState` name the server reported, e.g. `RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED`. */
  retryState: RetryState,
  /**
   * The decoded failure (an `ApplicationFailure`, `CanceledFailure`, `TerminatedFailure`, `TimeoutFailure`, ...);
   * absent only when the server's failure event carried none.
   */
  cause: Schema.optionalKey(TemporalFailure)
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    const causeMessage = Predicate.hasProperty(this.cause, "message") ? String(this.cause.message) : ""
    return `Workflow ${this.workflowId} run ${this.runId} failed${causeMessage ? `: ${causeMessage}` : ""}`
  }
}

/**
 * The run continued as new and the caller asked not to follow runs.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowContinuedAsNewError
  extends Schema.TaggedError<WorkflowContinuedAsNewError>()("WorkflowContinuedAsNewError", {
    workflowId: Schema.String,
    runId: Schema.String,
    newExecutionRunId: Schema.String
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Workflow ${this.workflowId} run ${this.runId} continued as new run ${this.newExecutionRunId}`
  }
}

/**
 * The query was rejected by the query reject condition.
 *
 * @since 0.1.0
 * @category errors
 */
export class QueryRejectedError extends Schema.TaggedError<QueryRejectedError>()(
  "QueryRejectedError",
  {
    workflowId: Schema.String,
    queryType: Schema.String,
    /** The workflow's status name at the time, e.g. `WORKFLOW_EXECUTION_STATUS_COMPLETED`. */
    status: Schema.String
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Query ${this.queryType} on ${this.workflowId} rejected: workflow status ${this.status}`
  }
}

/**
 * The workflow's query handler failed (or there is no such handler).
 *
 * @since 0.1.0
 * @category errors
 */
export class QueryFailedError extends Schema.TaggedError<QueryFailedError>()(
  "QueryFailedError",
  {
    workflowId: Schema.String,
    queryType: Schema.String,
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Query ${this.queryType} on ${this.workflowId} failed: ${this.reason}`
  }
}

/**
 * The workflow's update handler (or validator) failed. `cause` holds the
 * decoded failure.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowUpdateFailedError
  extends Schema.TaggedError<WorkflowUpdateFailedError>()("WorkflowUpdateFailedError", {
    workflowId: Schema.String,
    updateId: Schema.String,
    updateName: Schema.String,
    /** The failure the update handler failed with, decoded. */
    cause: TemporalFailure
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    const causeMessage = Predicate.hasProperty(this.cause, "message") ? String(this.cause.message) : ""
    return `Update ${this.updateName} (${this.updateId}) on ${this.workflowId} failed${
      causeMessage ? `: ${causeMessage}` : ""
    }`
  }
}

/**
 * An update RPC hit its deadline or was cancelled before the update reached
 * the stage that was waited for. The update may still be running.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowUpdateRpcTimeoutOrCancelledError extends Schema.TaggedError<
  WorkflowUpdateRpcTimeoutOrCancelledError
>("effect-temporal/WorkflowUpdateRpcTimeoutOrCancelledError")("WorkflowUpdateRpcTimeoutOrCancelledError", {
  workflowId: Schema.String,
  updateId: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Update ${this.updateId} on ${this.workflowId}: the RPC timed out or was cancelled`
  }
}

/**
 * A schedule with this ID already exists.
 *
 * @since 0.1.0
 * @category errors
 */
export class ScheduleAlreadyRunningError
  extends Schema.TaggedError<ScheduleAlreadyRunningError>()("ScheduleAlreadyRunningError", {
    scheduleId: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Schedule ${this.scheduleId} already exists`
  }
}

/**
 * No schedule has this ID.
 *
 * @since 0.1.0
 * @category errors
 */
export class ScheduleNotFoundError extends Schema.TaggedError<ScheduleNotFoundError>()("ScheduleNotFoundError", {
  scheduleId: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Schedule ${this.scheduleId} not found`
  }
}

/**
 * A schedule update gave up: the schedule changed concurrently on each of
 * its `attempts` (the update's `maxAttempts`), so the updater's result was
 * never applied. `cause` is the server's last refusal (FAILED_PRECONDITION
 * "mismatched conflict token") when it sent one; a server that drops a
 * stale update silently sends none.
 *
 * @since 0.1.0
 * @category errors
 */
export class ScheduleUpdateConflictError
  extends Schema.TaggedError<ScheduleUpdateConflictError>()("ScheduleUpdateConflictError", {
    scheduleId: Schema.String,
    /** How many times the updater ran and its result was sent. */
    attempts: Schema.Number,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Schedule ${this.scheduleId} changed concurrently on each of ${this.attempts} update attempts`
  }
}

/**
 * What a heartbeat learned about its activity.
 *
 * @since 0.1.0
 * @category models
 */
export const AsyncActivityCancelReason = Schema.Literals(["CancelRequested", "Paused", "Reset"])

/**
 * @since 0.1.0
 * @category models
 */
export type AsyncActivityCancelReason = typeof AsyncActivityCancelReason.Type

/**
 * A heartbeat found the activity cancelled, paused or reset: stop working on it.
 *
 * @since 0.1.0
 * @category errors
 */
export class AsyncActivityCancelledError
  extends Schema.TaggedError<AsyncActivityCancelledError>()("AsyncActivityCancelledError", {
    reason: AsyncActivityCancelReason
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Activity ${this.reason === "CancelRequested" ? "cancellation requested" : this.reason.toLowerCase()}`
  }
}

/**
 * The activity does not exist (any more), or its task token is stale.
 *
 * @since 0.1.0
 * @category errors
 */
export class ActivityNotFoundError extends Schema.TaggedError<ActivityNotFoundError>()("ActivityNotFoundError", {
  description: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Activity not found: ${this.description}`
  }
}

/**
 * A value could not be converted to or from a payload.
 *
 * @since 0.1.0
 * @category errors
 */
export class DataConverterError extends Schema.TaggedError<DataConverterError>()(
  "DataConverterError",
  {
    /** The payload encoding involved (e.g. `json/plain`), when known. */
    encoding: Schema.optional(Schema.String),
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Data conversion failed${this.encoding ? ` (${this.encoding})` : ""}: ${this.reason}`
  }
}

/**
 * A payload codec failed to encode or decode.
 *
 * @since 0.1.0
 * @category errors
 */
export class PayloadCodecError extends Schema.TaggedError<PayloadCodecError>()(
  "PayloadCodecError",
  {
    codec: Schema.String,
    operation: Schema.Literals(["encode", "decode"]),
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Codec ${this.codec} failed to ${this.operation}: ${this.reason}`
  }
}

/**
 * A payload decoded, but its value does not match the Schema it was read
 * with. `path` names where it failed.
 *
 * @since 0.1.0
 * @category errors
 */
export class SchemaDecodeError extends Schema.TaggedError<SchemaDecodeError>()(
  "SchemaDecodeError",
  {
    path: Schema.String,
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Value at ${this.path || "<root>"} does not match its schema: ${this.reason}`
  }
}

/**
 * A payload is larger than the server accepts (2 MiB by default).
 *
 * @since 0.1.0
 * @category errors
 */
export class PayloadTooLargeError extends Schema.TaggedError<PayloadTooLargeError>()("PayloadTooLargeError", {
  size: Schema.Number,
  limit: Schema.Number,
  /** Where the payload was going, e.g. `StartWorkflowExecution.input`. */
  location: Schema.String
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Payload of ${this.size} bytes in ${this.location} exceeds the ${this.limit}-byte limit`
  }
}

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
  | ScheduleAlreadyRunningError
  | ScheduleNotFoundError
  | ScheduleUpdateConflictError
  | AsyncActivityCancelledError
  | ActivityNotFoundError
  | DataConverterError
  | PayloadCodecError
  | SchemaDecodeError
  | PayloadTooLargeError
  | WorkerVersioningApiUnavailableError

/**
 * Whether a value is one of effect-temporal's errors.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTemporalError = (u: unknown): u is TemporalError => Predicate.hasProperty(u, TypeId)

/**
 * Why a worker versioning API cannot be used on this server.
 *
 * - `Disabled`: the server has the API but it is turned off for the
 *   namespace (`PERMISSION_DENIED` or `FAILED_PRECONDITION` saying so). On
 *   server 1.32 the dynamic config `frontend.workerVersioningDataAPIs`
 *   (default off) turns all three build-ID RPCs on: without it each answers
 *   `PERMISSION_DENIED` "Worker versioning v0.1 (Version Set-based,
 *   deprecated) is disabled on this namespace." (reachability says "v0.2
 *   (Rules-based, deprecated)", but it is the same switch).
 * - `Unimplemented`: the server does not know the RPC (`UNIMPLEMENTED`), as
 *   a server that has dropped the deprecated build-ID based versioning does.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkerVersioningApiUnavailableReason = Schema.Literals(["Disabled", "Unimplemented"])

/**
 * @since 0.1.0
 * @category models
 */
export type WorkerVersioningApiUnavailableReason = typeof WorkerVersioningApiUnavailableReason.Type

/**
 * A build-ID compatibility or task reachability call (the deprecated
 * "legacy" worker versioning API) was refused because the server has that
 * API turned off, or no longer has it.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkerVersioningApiUnavailableError
  extends Schema.TaggedError<WorkerVersioningApiUnavailableError>()("WorkerVersioningApiUnavailableError", {
    /** The RPC that was refused, e.g. `GetWorkerBuildIdCompatibility`. */
    rpc: Schema.String,
    reason: WorkerVersioningApiUnavailableReason,
    /** The server's message. */
    description: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `${this.rpc} is unavailable on this server (${this.reason}): ${this.description}`
  }
}
