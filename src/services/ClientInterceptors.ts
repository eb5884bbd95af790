/**
 * Client interceptors: code that runs around every call the client makes,
 * in the order given (the first is outermost).
 *
 * Each interceptor is a partial record keyed by the client call
 * (`startWorkflow`, `signalWorkflow`, `getWorkflowResult`, `listWorkflows`,
 * `createSchedule`, `heartbeatActivity`, `startActivity`, ...). Its function gets the call's
 * input (the request message it is about to send and the call options) and
 * `next`, and returns an Effect of the response: it may change the request
 * (add headers for propagation), the options (add RPC metadata), wrap the
 * call in a span, retry, or answer without calling `next`. Long polls are
 * intercepted per poll, so `result()` and update results are covered too.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CallOptions, RpcCallError, WorkflowServiceClient } from "./Connection.js"

type RpcOf<K extends keyof WorkflowServiceClient> = WorkflowServiceClient[K] extends
  (request: infer Req, options?: CallOptions) => Effect.Effect<infer Res, RpcCallError> ?
  { request: Req; response: Res }
  : never

/**
 * Every intercepted client call, with the RPC it makes.
 *
 * @since 0.1.0
 * @category models
 */
export interface InterceptedCalls {
  /** Start a workflow: the `StartWorkflowExecution` RPC. */
  readonly startWorkflow: RpcOf<"startWorkflowExecution">
  /** Signal a workflow, starting it if it is not running: the `SignalWithStartWorkflowExecution` RPC. */
  readonly signalWithStartWorkflow: RpcOf<"signalWithStartWorkflowExecution">
  /**
   * Start an update, starting the workflow if needed (update-with-start): the `ExecuteMultiOperation` RPC.
   */
  readonly startUpdateWithStart: RpcOf<"executeMultiOperation">
  /** Send a signal to a workflow: the `SignalWorkflowExecution` RPC. */
  readonly signalWorkflow: RpcOf<"signalWorkflowExecution">
  /** Query a workflow: the `QueryWorkflow` RPC. */
  readonly queryWorkflow: RpcOf<"queryWorkflow">
  /** Send an update to a workflow and wait for the requested stage: the `UpdateWorkflowExecution` RPC. */
  readonly startWorkflowUpdate: RpcOf<"updateWorkflowExecution">
  /** One long poll for an update's outcome: the `PollWorkflowExecutionUpdate` RPC. */
  readonly pollWorkflowUpdate: RpcOf<"pollWorkflowExecutionUpdate">
  /** Request cancellation of a workflow: the `RequestCancelWorkflowExecution` RPC. */
  readonly cancelWorkflow: RpcOf<"requestCancelWorkflowExecution">
  /** Terminate a workflow: the `TerminateWorkflowExecution` RPC. */
  readonly terminateWorkflow: RpcOf<"terminateWorkflowExecution">
  /** Describe a workflow execution: the `DescribeWorkflowExecution` RPC. */
  readonly describeWorkflow: RpcOf<"describeWorkflowExecution">
  /** Fetch one page of a workflow's event history: the `GetWorkflowExecutionHistory` RPC. */
  readonly fetchWorkflowHistory: RpcOf<"getWorkflowExecutionHistory">
  /** One long poll for a workflow's close event, to get its result: the `GetWorkflowExecutionHistory` RPC. */
  readonly getWorkflowResult: RpcOf<"getWorkflowExecutionHistory">
  /** List one page of workflow executions matching a visibility query: the `ListWorkflowExecutions` RPC. */
  readonly listWorkflows: RpcOf<"listWorkflowExecutions">
  /** Count the workflow executions matching a visibility query: the `CountWorkflowExecutions` RPC. */
  readonly countWorkflows: RpcOf<"countWorkflowExecutions">
  /** Create a schedule: the `CreateSchedule` RPC. */
  readonly createSchedule: RpcOf<"createSchedule">
  /** Describe a schedule: the `DescribeSchedule` RPC. */
  readonly describeSchedule: RpcOf<"describeSchedule">
  /** Replace a schedule's definition: the `UpdateSchedule` RPC. */
  readonly updateSchedule: RpcOf<"updateSchedule">
  /** Pause, unpause, trigger or backfill a schedule: the `PatchSchedule` RPC. */
  readonly patchSchedule: RpcOf<"patchSchedule">
  /** Delete a schedule: the `DeleteSchedule` RPC. */
  readonly deleteSchedule: RpcOf<"deleteSchedule">
  /** List one page of schedules: the `ListSchedules` RPC. */
  readonly listSchedules: RpcOf<"listSchedules">
  /** Heartbeat an activity by task token: the `RecordActivityTaskHeartbeat` RPC. */
  readonly heartbeatActivity: RpcOf<"recordActivityTaskHeartbeat">
  /** Heartbeat an activity by workflow and activity id: the `RecordActivityTaskHeartbeatById` RPC. */
  readonly heartbeatActivityById: RpcOf<"recordActivityTaskHeartbeatById">
  /** Complete an activity by task token: the `RespondActivityTaskCompleted` RPC. */
  readonly completeActivity: RpcOf<"respondActivityTaskCompleted">
  /** Complete an activity by workflow and activity id: the `RespondActivityTaskCompletedById` RPC. */
  readonly completeActivityById: RpcOf<"respondActivityTaskCompletedById">
  /** Fail an activity by task token: the `RespondActivityTaskFailed` RPC. */
  readonly failActivity: RpcOf<"respondActivityTaskFailed">
  /** Fail an activity by workflow and activity id: the `RespondActivityTaskFailedById` RPC. */
  readonly failActivityById: RpcOf<"respondActivityTaskFailedById">
  /** Report an activity cancelled, by task token: the `RespondActivityTaskCanceled` RPC. */
  readonly reportActivityCancellation: RpcOf<"respondActivityTaskCanceled">
  /** Report an activity cancelled, by workflow and activity id: the `RespondActivityTaskCanceledById` RPC. */
  readonly reportActivityCancellationById: RpcOf<"respondActivityTaskCanceledById">
  /** Start a standalone activity: the `StartActivityExecution` RPC. */
  readonly startActivity: RpcOf<"startActivityExecution">
  /** One long poll for a standalone activity's outcome, to get its result: the `PollActivityExecution` RPC. */
  readonly getActivityResult: RpcOf<"pollActivityExecution">
  /** Describe a standalone activity: the `DescribeActivityExecution` RPC. */
  readonly describeActivity: RpcOf<"describeActivityExecution">
  /** Request cancellation of a standalone activity: the `RequestCancelActivityExecution` RPC. */
  readonly cancelActivity: RpcOf<"requestCancelActivityExecution">
  /** Terminate a standalone activity: the `TerminateActivityExecution` RPC. */
  readonly terminateActivity: RpcOf<"terminateActivityExecution">
  /** Pause a standalone activity: the `PauseActivityExecution` RPC. */
  readonly pauseActivity: RpcOf<"pauseActivityExecution">
  /** Unpause a standalone activity: the `UnpauseActivityExecution` RPC. */
  readonly unpauseActivity: RpcOf<"unpauseActivityExecution">
  /** Change or restore a standalone activity's options: the `UpdateActivityExecutionOptions` RPC. */
  readonly updateActivityOptions: RpcOf<"updateActivityExecutionOptions">
  /** List one page of standalone activities matching a visibility query: the `ListActivityExecutions` RPC. */
  readonly listActivities: RpcOf<"listActivityExecutions">
  /** Count the standalone activities matching a visibility query: the `CountActivityExecutions` RPC. */
  readonly countActivities: RpcOf<"countActivityExecutions">
  /** Change a task queue's Build ID compatibility sets: the `UpdateWorkerBuildIdCompatibility` RPC. */
  readonly updateWorkerBuildIdCompatibility: RpcOf<"updateWorkerBuildIdCompatibility">
  /** Read a task queue's Build ID compatibility sets: the `GetWorkerBuildIdCompatibility` RPC. */
  readonly getWorkerBuildIdCompatibility: RpcOf<"getWorkerBuildIdCompatibility">
  /** Ask which Build IDs can still receive tasks: the `GetWorkerTaskReachability` RPC. */
  readonly getWorkerTaskReachability: RpcOf<"getWorkerTaskReachability">
}

/**
 * The name of an intercepted call.
 *
 * @since 0.1.0
 * @category models
 */
export type InterceptedCall = keyof InterceptedCalls

/**
 * What an interceptor receives for a call.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallInput<K extends InterceptedCall> {
  /** The call, e.g. `startWorkflow`. */
  readonly call: K
  /** The request message about to be sent. */
  readonly request: InterceptedCalls[K]["request"]
  /** Per-call options: deadline, metadata, retry. */
  readonly options: CallOptions
}

/**
 * The rest of the chain, down to the RPC.
 *
 * @since 0.1.0
 * @category models
 */
export type Next<K extends InterceptedCall> = (
  input: CallInput<K>
) => Effect.Effect<InterceptedCalls[K]["response"], RpcCallError>

/**
 * One interceptor: a function for any calls it cares about.
 *
 * @since 0.1.0
 * @category models
 */
export type ClientInterceptor = {
  readonly [K in InterceptedCall]?: (
    input: CallInput<K>,
    next: Next<K>
  ) => Effect.Effect<InterceptedCalls[K]["response"], RpcCallError>
}

/**
 * The interceptors in force; none by default.
 *
 * @since 0.1.0
 * @category tags
 */
export const ClientInterceptors: Context.Reference<ReadonlyArray<ClientInterceptor>> = Context.Reference<
  ReadonlyArray<ClientInterceptor>
>("effect-temporal/ClientInterceptors", { defaultValue: () => [] })

/**
 * Run a call through the interceptors, outermost first, ending in `run`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const intercept = <K extends InterceptedCall>(
  interceptors: ReadonlyArray<ClientInterceptor>,
  input: CallInput<K>,
  run: Next<K>
): Effect.Effect<InterceptedCalls[K]["response"], RpcCallError> => {
  let next = run
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const handler = interceptors[i]![input.call] as
      | ((input: CallInput<K>, next: Next<K>) => Effect.Effect<InterceptedCalls[K]["response"], RpcCallError>)
      | undefined
    if (handler !== undefined) {
      const inner = next
      next = (callInput) => handler(callInput, inner)
    }
  }
  return next(input)
}
