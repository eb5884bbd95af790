/**
 * A handle to one standalone activity execution: a plain value whose
 * methods are Effects that need nothing more. The result and heartbeat
 * details are decoded with the activity's definition when it has one.
 *
 * @since 1.0.0
 */
import type * as Effect from "effect/Effect"
import type * as ActivityDefinition from "../schema/ActivityDefinition.js"
import type { ActivityExecutionDescription, ActivityExecutionOptions } from "../schema/ActivityExecution.js"
import type {
  ActivityReasonOptions,
  DescribeActivityOptions,
  UnpauseActivityOptions,
  UpdateActivityOptions
} from "../schema/ActivityOptions.js"
import type { RpcOptions } from "../schema/Common.js"
import type {
  ActivityFailedError,
  ActivityNotFoundError,
  CallError,
  ReceivePayloadsError
} from "../schema/TemporalError.js"

/**
 * Errors of the calls that change a standalone activity (cancel, terminate,
 * pause, unpause, update or restore options). `InvalidArgumentError`: bad
 * options, or IDs that are not valid Unicode, caught before the RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type ActivityCallError = ActivityNotFoundError | CallError

/**
 * Errors of describing a standalone activity: a call's errors, and those of
 * decoding the payloads it includes.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeActivityError = ActivityCallError | ReceivePayloadsError

/**
 * Errors of waiting for a standalone activity's result.
 *
 * @since 1.0.0
 * @category errors
 */
export type ActivityResultError = ActivityFailedError | DescribeActivityError

/**
 * A handle to a standalone activity execution.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityHandle<Def extends ActivityDefinition.Any = ActivityDefinition.Untyped> {
  /** The activity's definition (an untyped one for handles got by ID alone). */
  readonly definition: Def
  /** The activity ID. */
  readonly activityId: string
  /** The run this handle targets; absent: the latest run with the ID. */
  readonly runId: string | undefined
  /**
   * Wait for the result: long polls, paced and riding out server outages as
   * a workflow's `result()` does. Fails with `ActivityFailedError` when the
   * activity failed, was cancelled, terminated or timed out.
   */
  readonly result: (options?: RpcOptions) => Effect.Effect<ActivityDefinition.Result<Def>, ActivityResultError>
  /** Describe it: state, options, attempts and, when asked for, decoded input, outcome and heartbeat details. */
  readonly describe: (
    options?: DescribeActivityOptions
  ) => Effect.Effect<ActivityExecutionDescription, DescribeActivityError>
  /** Request cancellation: a heartbeating activity learns of it on its next heartbeat. */
  readonly cancel: (options?: ActivityReasonOptions) => Effect.Effect<void, ActivityCallError>
  /** Terminate it at once: no worker is told, its result becomes a `TerminatedFailure`. */
  readonly terminate: (options?: ActivityReasonOptions) => Effect.Effect<void, ActivityCallError>
  /** Pause it: no new attempt starts until unpaused; a running attempt learns of it on its next heartbeat. */
  readonly pause: (options?: ActivityReasonOptions) => Effect.Effect<void, ActivityCallError>
  /** Unpause it: the next attempt is scheduled (within `jitter` when given). */
  readonly unpause: (options?: UnpauseActivityOptions) => Effect.Effect<void, ActivityCallError>
  /** Change some of its options; answers the options it now runs with. */
  readonly updateOptions: (
    options: UpdateActivityOptions
  ) => Effect.Effect<ActivityExecutionOptions, ActivityCallError>
  /** Undo every `updateOptions`; answers the options it now runs with. */
  readonly restoreOriginalOptions: (
    options?: RpcOptions
  ) => Effect.Effect<ActivityExecutionOptions, ActivityCallError>
}
