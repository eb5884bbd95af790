/**
 * A handle to an activity that completes asynchronously (its function
 * returned "will complete asynchronously"), addressed by its task token or
 * by workflow ID, optional run ID and activity ID: heartbeat it, complete it,
 * fail it or report it cancelled from outside the worker. A plain value whose
 * methods are Effects that need nothing more; every call goes through the
 * client interceptors (`heartbeatActivity`, `heartbeatActivityById`,
 * `completeActivity`, ...).
 *
 * A heartbeat whose answer says the activity was asked to cancel, was
 * paused or was reset fails with `AsyncActivityCancelledError` naming which,
 * by task token and by ID alike. An activity the server does not know (any
 * more) is `ActivityNotFoundError`; a namespace that does not exist is
 * `NamespaceNotFoundError`.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import type * as Effect from "effect/Effect"
import type { RpcOptions } from "../schema/Common.js"
import type {
  ActivityNotFoundError,
  AsyncActivityCancelledError,
  CallError,
  SendPayloadsError
} from "../schema/TemporalError.js"
import { type AsyncActivityCancelReason } from "../schema/TemporalError.js"

/**
 * An activity by its task token, as the worker received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskTokenTarget {
  /** The activity task's token, as the worker received it. */
  readonly taskToken: Uint8Array
}

/**
 * An activity by its ID: the ID of a workflow's activity with that
 * workflow's ID, or the ID of a standalone activity alone.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActivityIdTarget {
  /** The ID of the workflow that scheduled the activity; absent for a standalone activity. */
  readonly workflowId?: string | undefined
  /**
   * With `workflowId`, the workflow's run; without, the standalone
   * activity's run. The current (latest) run when left out.
   */
  readonly runId?: string | undefined
  /** The activity's ID (within its workflow, or among standalone activities). */
  readonly activityId: string
}

/**
 * How a handle addresses its activity.
 *
 * @since 0.1.0
 * @category models
 */
export type AsyncActivityTarget = TaskTokenTarget | ActivityIdTarget

/**
 * Per-call options every handle method takes.
 *
 * @since 0.1.0
 * @category models
 */
export type AsyncActivityCallOptions = RpcOptions

/**
 * Errors of `complete`, `fail` and `reportCancellation`.
 *
 * @since 0.1.0
 * @category errors
 */
export type AsyncActivityError = ActivityNotFoundError | CallError | SendPayloadsError

/**
 * Errors of `heartbeat`: those of every call, and `AsyncActivityCancelledError`
 * when the server says the activity was asked to cancel, was paused or reset.
 *
 * @since 0.1.0
 * @category errors
 */
export type HeartbeatError = AsyncActivityError | AsyncActivityCancelledError

/**
 * A handle to one asynchronously completed activity.
 *
 * @since 0.1.0
 * @category models
 */
export interface AsyncActivityHandle {
  /** How the handle addresses its activity. */
  readonly target: AsyncActivityTarget
  /** The task token, when the handle addresses the activity by token. */
  readonly taskToken: Uint8Array | undefined
  /** The workflow ID, when the handle addresses a workflow's activity by ID. */
  readonly workflowId: string | undefined
  /** The run ID (the workflow's, or the standalone activity's), when the handle addresses the activity by ID with a run. */
  readonly runId: string | undefined
  /** The activity ID, when the handle addresses the activity by ID. */
  readonly activityId: string | undefined

  /**
   * Record a heartbeat with these details. Fails with
   * `AsyncActivityCancelledError` when the activity was asked to cancel, was
   * paused or was reset: stop working on it (and, when cancelled, call
   * `reportCancellation`).
   */
  readonly heartbeat: (...details: ReadonlyArray<unknown>) => Effect.Effect<void, HeartbeatError>
  /** {@link heartbeat} with per-call options. */
  readonly heartbeatWithOptions: (
    options: AsyncActivityCallOptions & { readonly details?: ReadonlyArray<unknown> | undefined }
  ) => Effect.Effect<void, HeartbeatError>
  /** Complete the activity with its result (`undefined` for none). */
  readonly complete: (result?: unknown, options?: AsyncActivityCallOptions) => Effect.Effect<void, AsyncActivityError>
  /**
   * Fail the activity with an error (a `TemporalFailure` such as an
   * `ApplicationFailure`, an `Error`, anything: converted by the data
   * converter's failure converter), optionally storing heartbeat details.
   */
  readonly fail: (
    error: unknown,
    options?: AsyncActivityCallOptions & { readonly lastHeartbeatDetails?: ReadonlyArray<unknown> | undefined }
  ) => Effect.Effect<void, AsyncActivityError>
  /** Report that the activity stopped after it was asked to cancel, with details. */
  readonly reportCancellation: (...details: ReadonlyArray<unknown>) => Effect.Effect<void, AsyncActivityError>
  /** {@link reportCancellation} with per-call options. */
  readonly reportCancellationWithOptions: (
    options: AsyncActivityCallOptions & { readonly details?: ReadonlyArray<unknown> | undefined }
  ) => Effect.Effect<void, AsyncActivityError>
}

/**
 * Whether a target addresses the activity by task token.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTaskTokenTarget = (target: AsyncActivityTarget): target is TaskTokenTarget =>
  "taskToken" in target && target.taskToken !== undefined

/**
 * What a heartbeat RPC answers, by task token or by ID.
 *
 * @since 0.1.0
 * @category models
 */
export type HeartbeatResponse =
  | temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatResponse
  | temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdResponse

/**
 * What a heartbeat's answer says about the activity: cancel requested first,
 * then reset, then paused (the most final one wins when several are set);
 * `undefined` when it may go on.
 *
 * @since 0.1.0
 * @category utils
 */
export const cancelReasonOf = (response: HeartbeatResponse): AsyncActivityCancelReason | undefined =>
  response.cancelRequested
    ? "CancelRequested"
    : response.activityReset
    ? "Reset"
    : response.activityPaused
    ? "Paused"
    : undefined
