/**
 * The script of `TestTemporalClient`: the operations it records, the calls
 * it logs, and the replies a test scripts for workflows, standalone
 * activities and Nexus operations, re-exported by `TestTemporalClient`.
 *
 * @since 1.0.0
 */
import type * as Effect from "effect/Effect"
import type {
  ActivityExecution,
  ActivityExecutionCount,
  ActivityExecutionDescription,
  ActivityExecutionOptions
} from "../../schema/ActivityExecution.js"
import type {
  NexusOperationExecution,
  NexusOperationExecutionCount,
  NexusOperationExecutionDescription
} from "../../schema/NexusOperationExecution.js"
import type { RpcError, WorkflowAlreadyCompletedError } from "../../schema/TemporalError.js"
import type {
  WorkflowExecution,
  WorkflowExecutionCount,
  WorkflowExecutionDescription
} from "../../schema/WorkflowExecution.js"
import type { WorkflowExecutionOptions } from "../../schema/WorkflowOptions.js"
import type * as ActivityClient from "../../services/ActivityClient.js"
import type * as ActivityHandle from "../../services/ActivityHandle.js"
import type * as NexusClient from "../../services/NexusClient.js"
import type * as NexusOperationHandle from "../../services/NexusOperationHandle.js"
import type * as TemporalClient from "../../services/TemporalClient.js"
import type * as WorkflowHandle from "../../services/WorkflowHandle.js"
import type * as WorkflowUpdateHandle from "../../services/WorkflowUpdateHandle.js"

/**
 * The operations the mock records.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation =
  | "startWorkflow"
  | "signalWithStart"
  | "result"
  | "signal"
  | "query"
  | "startUpdate"
  | "updateResult"
  | "cancel"
  | "terminate"
  | "describe"
  | "reset"
  | "delete"
  | "pause"
  | "unpause"
  | "updateOptions"
  | "listWorkflows"
  | "countWorkflows"
  | "startActivity"
  | "activityResult"
  | "describeActivity"
  | "cancelActivity"
  | "terminateActivity"
  | "pauseActivity"
  | "unpauseActivity"
  | "updateActivityOptions"
  | "restoreActivityOptions"
  | "listActivities"
  | "countActivities"
  | "startNexusOperation"
  | "nexusOperationResult"
  | "describeNexusOperation"
  | "cancelNexusOperation"
  | "terminateNexusOperation"
  | "listNexusOperations"
  | "countNexusOperations"

/**
 * One call the mock got.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockCall {
  /** The operation called, e.g. `startWorkflow`, `signal`, `listWorkflows`. */
  readonly operation: Operation
  /** The workflow ID (empty for list and count, and for standalone activity calls). */
  readonly workflowId: string
  /** The workflow type, when known. */
  readonly workflowType: string | undefined
  /** The signal, query or update name; the query string of list and count. */
  readonly name: string | undefined
  /** The arguments of the call (workflow, signal, query or update arguments). */
  readonly args: ReadonlyArray<unknown>
  /** The options the call was given. */
  readonly options: unknown
  /** The activity ID, for standalone activity calls. */
  readonly activityId?: string | undefined
  /** The activity type, for standalone activity calls, when known. */
  readonly activityType?: string | undefined
  /** The operation ID, for Nexus operation calls. */
  readonly operationId?: string | undefined
  /** The endpoint, for Nexus operation calls, when known. */
  readonly endpoint?: string | undefined
}

/**
 * A scripted answer: an Effect, or a function of the call to an Effect.
 *
 * @since 0.1.0
 * @category models
 */
export type Reply<A, E> = Effect.Effect<A, E> | ((call: MockCall) => Effect.Effect<A, E>)

/**
 * The script of one workflow (by ID or type). Each field is optional;
 * unscripted calls die naming the call.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowScript {
  /** Answer of `startWorkflow` / `signalWithStart`; may fail with a start error. Default: success. */
  readonly start?: Reply<void, TemporalClient.StartWorkflowError> | undefined
  /** Answer of `handle.result()` (and so `executeWorkflow`). */
  readonly result?: Reply<unknown, WorkflowHandle.WorkflowResultError> | undefined
  /** Answers of `handle.signal(name, ...)`, by signal name. */
  readonly signal?: Readonly<Record<string, Reply<void, WorkflowHandle.SignalError>>> | undefined
  /** Answers of `handle.query(name, ...)`, by query name. */
  readonly query?: Readonly<Record<string, Reply<unknown, WorkflowHandle.QueryError>>> | undefined
  /** Answers of updates (`executeUpdate`, and `startUpdate` then `result`), by update name. */
  readonly update?: Readonly<Record<string, Reply<unknown, WorkflowUpdateHandle.WorkflowUpdateResultError>>> | undefined
  /** Answer of `handle.cancel()`. */
  readonly cancel?: Reply<void, WorkflowHandle.WorkflowCallError> | undefined
  /** Answer of `handle.terminate()`; may fail with `WorkflowAlreadyCompletedError`, as a closed workflow does. */
  readonly terminate?: Reply<void, WorkflowHandle.TerminateError> | undefined
  /** Answer of `handle.describe()`. */
  readonly describe?: Reply<WorkflowExecutionDescription, WorkflowHandle.WorkflowCallError> | undefined
  /** Answer of `handle.reset()`: the new run's ID. */
  readonly reset?: Reply<string, WorkflowHandle.WorkflowCallError> | undefined
  /** Answer of `handle.delete()`. */
  readonly delete?: Reply<void, WorkflowHandle.WorkflowCallError> | undefined
  /** Answer of `handle.pause()`. */
  readonly pause?: Reply<void, WorkflowHandle.PauseWorkflowError> | undefined
  /** Answer of `handle.unpause()`. */
  readonly unpause?: Reply<void, WorkflowHandle.PauseWorkflowError> | undefined
  /** Answer of `handle.updateOptions()`: the options in force. */
  readonly updateOptions?:
    | Reply<WorkflowExecutionOptions, WorkflowHandle.WorkflowCallError | WorkflowAlreadyCompletedError>
    | undefined
}

/**
 * The script of one standalone activity (by activity ID or type). Each
 * field is optional; unscripted calls die naming the call.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityScript {
  /** Answer of `startActivity`; may fail with a start error. Default: success. */
  readonly start?: Reply<void, ActivityClient.StartActivityError> | undefined
  /** Answer of `handle.result()` (and so `executeActivity`). */
  readonly result?: Reply<unknown, ActivityHandle.ActivityResultError> | undefined
  /** Answer of `handle.describe()`. */
  readonly describe?: Reply<ActivityExecutionDescription, ActivityHandle.DescribeActivityError> | undefined
  /** Answer of `handle.cancel()`. */
  readonly cancel?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.terminate()`. */
  readonly terminate?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.pause()`. */
  readonly pause?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.unpause()`. */
  readonly unpause?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.updateOptions()` and `handle.restoreOriginalOptions()`. */
  readonly updateOptions?: Reply<ActivityExecutionOptions, ActivityHandle.ActivityCallError> | undefined
}

/**
 * The script of one Nexus operation (by operation ID, or by
 * `"service/operation"`). Each field is optional; unscripted calls die
 * naming the call.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusOperationScript {
  /** Answer of `startOperation`; may fail with a start error. Default: success. */
  readonly start?: Reply<void, NexusClient.StartNexusOperationError> | undefined
  /** Answer of `handle.result()` (and so `executeOperation`). */
  readonly result?: Reply<unknown, NexusOperationHandle.NexusOperationResultError> | undefined
  /** Answer of `handle.describe()`. */
  readonly describe?:
    | Reply<NexusOperationExecutionDescription, NexusOperationHandle.DescribeNexusOperationError>
    | undefined
  /** Answer of `handle.cancel()`. */
  readonly cancel?: Reply<void, NexusOperationHandle.NexusOperationCallError> | undefined
  /** Answer of `handle.terminate()`. */
  readonly terminate?: Reply<void, NexusOperationHandle.NexusOperationCallError> | undefined
}

/**
 * The whole script: workflow scripts by workflow ID or type, activity
 * scripts by activity ID or type, and the answers of the list and count
 * calls.
 *
 * @since 0.1.0
 * @category models
 */
export interface Script {
  /** Workflow scripts, keyed by workflow ID or workflow type (the ID is looked up first). */
  readonly workflows?: Readonly<Record<string, WorkflowScript>> | undefined
  /** Answer of `listWorkflows` and `listWorkflowsPage`: every matching execution (one page; `limit` still applies). */
  readonly listWorkflows?: Reply<ReadonlyArray<WorkflowExecution>, RpcError> | undefined
  /** Answer of `countWorkflows`. */
  readonly countWorkflows?: Reply<WorkflowExecutionCount, RpcError> | undefined
  /** Standalone activity scripts, keyed by activity ID or type (the ID is looked up first). */
  readonly activities?: Readonly<Record<string, ActivityScript>> | undefined
  /** Answer of `listActivities` and `listActivitiesPage`: every matching execution (one page; `limit` still applies). */
  readonly listActivities?: Reply<ReadonlyArray<ActivityExecution>, RpcError> | undefined
  /** Answer of `countActivities`. */
  readonly countActivities?: Reply<ActivityExecutionCount, RpcError> | undefined
  /** Nexus operation scripts, keyed by operation ID or `"service/operation"` (the ID is looked up first). */
  readonly nexusOperations?: Readonly<Record<string, NexusOperationScript>> | undefined
  /** Answer of `listNexusOperations` and `listNexusOperationsPage`. */
  readonly listNexusOperations?: Reply<ReadonlyArray<NexusOperationExecution>, RpcError> | undefined
  /** Answer of `countNexusOperations`. */
  readonly countNexusOperations?: Reply<NexusOperationExecutionCount, RpcError> | undefined
}
