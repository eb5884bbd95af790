/**
 * Errors of workflow executions: starting, finding, waiting for a result,
 * querying and updating.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { RetryState, TemporalFailure } from "../Failure.js"
import { TypeId } from "./base.js"

/**
 * A workflow with this ID is already running (or, per the ID reuse policy,
 * may not be started again).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowAlreadyStartedError
  extends Schema.TaggedError<WorkflowAlreadyStartedError>()("WorkflowAlreadyStartedError", {
    /** The workflow ID asked for. */
    workflowId: Schema.String,
    /** The workflow type of the start that was refused. */
    workflowType: Schema.String,
    /** The run ID of the execution that already exists, when the server names it. */
    runId: Schema.optional(Schema.String),
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
  /** The workflow ID looked for. */
  workflowId: Schema.String,
  /** The run ID looked for, when one was given (else the latest run was). */
  runId: Schema.optional(Schema.String),
  /** The namespace looked in. */
  namespace: Schema.String,
  /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The workflow ID. */
    workflowId: Schema.String,
    /** The run ID the call named, when it named one. */
    runId: Schema.optional(Schema.String),
    /** The namespace of the workflow. */
    namespace: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The workflow ID. */
    workflowId: Schema.String,
    /** The run ID the call named, when it named one. */
    runId: Schema.optional(Schema.String),
    /** The update ID looked for. */
    updateId: Schema.String,
    /** The namespace of the workflow. */
    namespace: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
  /** The workflow ID. */
  workflowId: Schema.String,
  /** The run that closed without success (the last one followed, when runs were followed). */
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
    /** The workflow ID. */
    workflowId: Schema.String,
    /** The run that continued as new. */
    runId: Schema.String,
    /** The run ID of the new run it continued as. */
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
    /** The workflow queried. */
    workflowId: Schema.String,
    /** The query's name. */
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
    /** The workflow queried. */
    workflowId: Schema.String,
    /** The query's name. */
    queryType: Schema.String,
    /**
     * The message the server answered with: the handler's error message, or why
     * the query could not run (no such handler).
     */
    reason: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The workflow updated. */
    workflowId: Schema.String,
    /** The update's ID. */
    updateId: Schema.String,
    /** The update's name. */
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
export class WorkflowUpdateRpcTimeoutOrCancelledError
  extends Schema.TaggedError<WorkflowUpdateRpcTimeoutOrCancelledError>()("WorkflowUpdateRpcTimeoutOrCancelledError", {
    /** The workflow updated. */
    workflowId: Schema.String,
    /** The update's ID: use it with `getUpdateHandle` to wait for the update again. */
    updateId: Schema.String,
    /** The `RpcError` (DEADLINE_EXCEEDED or CANCELLED) that ended the wait. */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Update ${this.updateId} on ${this.workflowId}: the RPC timed out or was cancelled`
  }
}

/**
 * The server has workflow pause off (`frontend.WorkflowPauseEnabled`): its
 * UNIMPLEMENTED "workflow pause is not enabled".
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkflowPauseUnavailableError
  extends Schema.TaggedError<WorkflowPauseUnavailableError>()("WorkflowPauseUnavailableError", {
    /** The namespace of the workflow. */
    namespace: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Workflow pause is not enabled on the server for namespace ${this.namespace}`
  }
}
