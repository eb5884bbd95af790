/**
 * A handle to one workflow execution: a plain value whose methods are
 * Effects that need nothing more. Names and argument types come from the
 * workflow's definition when it has one.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { QueryRejectCondition, WorkflowUpdateStage } from "../schema/Common.js"
import type { RpcOptions } from "../schema/Common.js"
import type {
  CallError,
  DataConverterError,
  PayloadCodecError,
  QueryFailedError,
  QueryRejectedError,
  ReceivePayloadsError,
  SendPayloadsError,
  WorkflowAlreadyCompletedError,
  WorkflowContinuedAsNewError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowPauseUnavailableError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { WorkflowExecutionDescription } from "../schema/WorkflowExecution.js"
import type {
  ExecuteUpdateOptions,
  FetchHistoryOptions,
  FetchHistoryPageOptions,
  PauseWorkflowOptions,
  ResetWorkflowOptions,
  UpdateWorkflowOptions,
  WorkflowExecutionOptions
} from "../schema/WorkflowOptions.js"
import type * as WorkflowUpdateHandle from "./WorkflowUpdateHandle.js"

/**
 * Per-call options every handle method takes: `rpcTimeout` and `rpcMetadata`.
 * For the long polls (`result()`, an update's result, the update start)
 * `rpcTimeout` is the deadline of each poll, and a poll that reaches it ends
 * the wait: `result()` with `RpcError` (`DEADLINE_EXCEEDED`), updates with
 * `WorkflowUpdateRpcTimeoutOrCancelledError`. Without it, a poll gets 70 s and
 * one that reaches them simply polls again (the server answers a poll within
 * ~20 s). A server that answers a poll before the deadline with nothing new is
 * polled again either way: bound a whole wait with `Effect.timeout`, which
 * interrupts it.
 *
 * @since 0.1.0
 * @category models
 */
export type HandleCallOptions = RpcOptions

/**
 * Errors of sending a signal. A closed workflow refuses it with
 * `WorkflowAlreadyCompletedError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type SignalError = WorkflowNotFoundError | WorkflowAlreadyCompletedError | CallError | SendPayloadsError

/**
 * Errors of a query.
 *
 * @since 0.1.0
 * @category errors
 */
export type QueryError =
  | QueryRejectedError
  | QueryFailedError
  | WorkflowNotFoundError
  | CallError
  | SendPayloadsError
  | ReceivePayloadsError

/**
 * Errors of starting an update. A closed workflow refuses it with
 * `WorkflowAlreadyCompletedError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type StartUpdateError =
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowNotFoundError
  | WorkflowAlreadyCompletedError
  | CallError
  | SendPayloadsError

/**
 * Errors of running an update to its result.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExecuteUpdateError = StartUpdateError | WorkflowUpdateHandle.WorkflowUpdateResultError

/**
 * Errors of cancel, terminate and describe. (The server accepts a cancel
 * request for a closed workflow and does nothing.) `InvalidArgumentError`:
 * an ID or reason that is not valid Unicode, refused before the RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkflowCallError = WorkflowNotFoundError | CallError

/**
 * Errors of fetching a workflow's history: bad options are caught before
 * any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type FetchHistoryError = WorkflowCallError

/**
 * Errors of terminate: those of the call, of encoding the details, and
 * `WorkflowAlreadyCompletedError` when the workflow is closed.
 *
 * @since 0.1.0
 * @category errors
 */
export type TerminateError = WorkflowCallError | WorkflowAlreadyCompletedError | SendPayloadsError

/**
 * Errors of waiting for a workflow's result.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkflowResultError =
  | WorkflowFailedError
  | WorkflowContinuedAsNewError
  | WorkflowNotFoundError
  | CallError
  | ReceivePayloadsError

/**
 * One page of `fetchHistoryPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface HistoryEventPage {
  /** The events on this page. */
  readonly events: ReadonlyArray<temporal.api.history.v1.HistoryEvent>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * Options of `startUpdate`.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartUpdateOptions<Args> extends HandleCallOptions {
  /** The update's arguments. */
  readonly args: Args
  /**
   * Stage to wait for before returning the handle: `Accepted` (default) or
   * `Completed`. `Admitted` is refused with `InvalidArgumentError` before any
   * RPC: the server does not support waiting only for it.
   */
  readonly waitForStage?: WorkflowUpdateStage | undefined
  /** The update's ID; a second update with the same ID returns the first one. Default: a fresh UUID. */
  readonly updateId?: string | undefined
}

/**
 * A handle to one workflow execution.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowHandle<Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped> {
  /** The workflow definition this handle is typed by. */
  readonly definition: Def
  /** The workflow ID. */
  readonly workflowId: string
  /** The run this handle targets, or `undefined` for the latest run. */
  readonly runId: string | undefined
  /** The run `result()` starts waiting from. */
  readonly resultRunId: string | undefined
  /** The first run of the chain; calls fail if the workflow is not part of this chain. */
  readonly firstExecutionRunId: string | undefined

  /**
   * Wait for the workflow's result; follows continue-as-new, retry and cron runs unless `followRuns: false`.
   * Long-polls for as long as the caller waits, through server restarts and outages; ends with a typed error
   * when the endpoint is not a (working) gRPC server, and per poll at `rpcTimeout` when given.
   */
  readonly result: (
    options?: HandleCallOptions & { readonly followRuns?: boolean | undefined }
  ) => Effect.Effect<WorkflowDefinition.Result<Def>, WorkflowResultError>

  /** Send a signal. */
  readonly signal: <K extends WorkflowDefinition.SignalNames<Def>>(
    name: K,
    ...args: WorkflowDefinition.SignalArgs<Def, K>
  ) => Effect.Effect<void, SignalError>
  /** Send a signal, with per-call options. */
  readonly signalWithOptions: <K extends WorkflowDefinition.SignalNames<Def>>(
    name: K,
    options: HandleCallOptions & {
      /** The signal's arguments. */
      readonly args: WorkflowDefinition.SignalArgs<Def, K>
      /**
       * The request ID; give the same one when re-sending a signal whose
       * outcome is unknown, so the server can drop the duplicate. Default: a
       * fresh UUID per call.
       */
      readonly requestId?: string | undefined
    }
  ) => Effect.Effect<void, SignalError>

  /** Run a query. */
  readonly query: <K extends WorkflowDefinition.QueryNames<Def>>(
    name: K,
    ...args: WorkflowDefinition.QueryArgs<Def, K>
  ) => Effect.Effect<WorkflowDefinition.QueryResult<Def, K>, QueryError>
  /** Run a query, with a reject condition and per-call options. */
  readonly queryWithOptions: <K extends WorkflowDefinition.QueryNames<Def>>(
    name: K,
    options: HandleCallOptions & {
      readonly args: WorkflowDefinition.QueryArgs<Def, K>
      readonly rejectCondition?: QueryRejectCondition | undefined
    }
  ) => Effect.Effect<WorkflowDefinition.QueryResult<Def, K>, QueryError>

  /** Run an update and wait for its result. */
  readonly executeUpdate: <K extends WorkflowDefinition.UpdateNames<Def>>(
    name: K,
    ...args: WorkflowDefinition.UpdateArgs<Def, K>
  ) => Effect.Effect<WorkflowDefinition.UpdateResult<Def, K>, ExecuteUpdateError>
  /** Run an update and wait for its result, with its ID and per-call options. The options are checked before an RPC is sent. */
  readonly executeUpdateWithOptions: <K extends WorkflowDefinition.UpdateNames<Def>>(
    name: K,
    options: ExecuteUpdateOptions<WorkflowDefinition.UpdateArgs<Def, K>>
  ) => Effect.Effect<WorkflowDefinition.UpdateResult<Def, K>, ExecuteUpdateError>
  /** Start an update; the handle is returned once the update reached `waitForStage`. */
  readonly startUpdate: <K extends WorkflowDefinition.UpdateNames<Def>>(
    name: K,
    options: StartUpdateOptions<WorkflowDefinition.UpdateArgs<Def, K>>
  ) => Effect.Effect<
    WorkflowUpdateHandle.WorkflowUpdateHandle<WorkflowDefinition.UpdateResult<Def, K>>,
    StartUpdateError
  >
  /** A handle to an update already started, by ID. */
  readonly getUpdateHandle: <K extends WorkflowDefinition.UpdateNames<Def>>(
    updateId: string,
    name?: K
  ) => WorkflowUpdateHandle.WorkflowUpdateHandle<WorkflowDefinition.UpdateResult<Def, K>>

  /** Ask the workflow to cancel. */
  readonly cancel: (
    options?: HandleCallOptions & {
      /** Why the workflow is asked to cancel, recorded in its history. */
      readonly reason?: string | undefined
      /** The request ID; give the same one when re-sending a cancel request. Default: a fresh UUID per call. */
      readonly requestId?: string | undefined
    }
  ) => Effect.Effect<void, WorkflowCallError>
  /** Terminate the workflow. Details over the payload size limit fail before the RPC. */
  readonly terminate: (
    options?: HandleCallOptions & {
      readonly reason?: string | undefined
      readonly details?: ReadonlyArray<unknown> | undefined
    }
  ) => Effect.Effect<void, TerminateError>
  /** Describe the execution. */
  readonly describe: (
    options?: HandleCallOptions
  ) => Effect.Effect<WorkflowExecutionDescription, WorkflowCallError | DataConverterError | PayloadCodecError>
  /** The history's events, page by page. The options are checked before the first RPC. */
  readonly fetchHistory: (
    options?: FetchHistoryOptions
  ) => Stream.Stream<temporal.api.history.v1.HistoryEvent, FetchHistoryError>
  /**
   * One page of the history's events and the token of the next, to resume a
   * reading later (give `nextPageToken` back). The options are checked before
   * the RPC.
   */
  readonly fetchHistoryPage: (options?: FetchHistoryPageOptions) => Effect.Effect<HistoryEventPage, FetchHistoryError>
  /**
   * Reset the run to an earlier workflow task (the first or last completed
   * one, or one by event ID): the server ends this run and starts a new one
   * from there, applying again the events `reapply` names. Answers a handle
   * to the new run.
   */
  readonly reset: (options: ResetWorkflowOptions) => Effect.Effect<WorkflowHandle<Def>, WorkflowCallError>
  /** Delete the execution and its history (a running one is terminated first). */
  readonly delete: (options?: HandleCallOptions) => Effect.Effect<void, WorkflowCallError>
  /**
   * Pause the workflow: no workflow task runs until `unpause`. The server
   * must have it enabled (`WorkflowPauseUnavailableError` otherwise).
   */
  readonly pause: (options?: PauseWorkflowOptions) => Effect.Effect<void, PauseWorkflowError>
  /** Unpause a paused workflow. */
  readonly unpause: (options?: PauseWorkflowOptions) => Effect.Effect<void, PauseWorkflowError>
  /**
   * Change the running workflow's options (its versioning override,
   * priority); only the options given change. Answers the options in force.
   */
  readonly updateOptions: (
    options: UpdateWorkflowOptions
  ) => Effect.Effect<WorkflowExecutionOptions, WorkflowCallError | WorkflowAlreadyCompletedError>
}

/**
 * Errors of pausing or unpausing a workflow.
 *
 * @since 1.0.0
 * @category errors
 */
export type PauseWorkflowError = WorkflowCallError | WorkflowAlreadyCompletedError | WorkflowPauseUnavailableError
