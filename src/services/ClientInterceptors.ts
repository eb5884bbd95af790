/**
 * Client interceptors: code that runs around every call the client makes,
 * in the order given (the first is outermost).
 *
 * Each interceptor is a partial record keyed by the client call
 * (`startWorkflow`, `signalWorkflow`, `getWorkflowResult`, `listWorkflows`,
 * `createSchedule`, `heartbeatActivity`, ...). Its function gets the call's
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
import type { RpcError } from "../schema/errors.js"
import type { CallOptions, WorkflowServiceClient } from "./Connection.js"

type RpcOf<K extends keyof WorkflowServiceClient> = WorkflowServiceClient[K] extends
  (request: infer Req, options?: CallOptions) => Effect.Effect<infer Res, RpcError> ? { request: Req; response: Res }
  : never

/**
 * Every intercepted client call, with the RPC it makes.
 *
 * @since 0.1.0
 * @category models
 */
export interface InterceptedCalls {
  readonly startWorkflow: RpcOf<"startWorkflowExecution">
  readonly signalWithStartWorkflow: RpcOf<"signalWithStartWorkflowExecution">
  readonly startUpdateWithStart: RpcOf<"executeMultiOperation">
  readonly signalWorkflow: RpcOf<"signalWorkflowExecution">
  readonly queryWorkflow: RpcOf<"queryWorkflow">
  readonly startWorkflowUpdate: RpcOf<"updateWorkflowExecution">
  readonly pollWorkflowUpdate: RpcOf<"pollWorkflowExecutionUpdate">
  readonly cancelWorkflow: RpcOf<"requestCancelWorkflowExecution">
  readonly terminateWorkflow: RpcOf<"terminateWorkflowExecution">
  readonly describeWorkflow: RpcOf<"describeWorkflowExecution">
  readonly fetchWorkflowHistory: RpcOf<"getWorkflowExecutionHistory">
  readonly getWorkflowResult: RpcOf<"getWorkflowExecutionHistory">
  readonly listWorkflows: RpcOf<"listWorkflowExecutions">
  readonly countWorkflows: RpcOf<"countWorkflowExecutions">
  readonly createSchedule: RpcOf<"createSchedule">
  readonly describeSchedule: RpcOf<"describeSchedule">
  readonly updateSchedule: RpcOf<"updateSchedule">
  readonly patchSchedule: RpcOf<"patchSchedule">
  readonly deleteSchedule: RpcOf<"deleteSchedule">
  readonly listSchedules: RpcOf<"listSchedules">
  readonly heartbeatActivity: RpcOf<"recordActivityTaskHeartbeat">
  readonly heartbeatActivityById: RpcOf<"recordActivityTaskHeartbeatById">
  readonly completeActivity: RpcOf<"respondActivityTaskCompleted">
  readonly completeActivityById: RpcOf<"respondActivityTaskCompletedById">
  readonly failActivity: RpcOf<"respondActivityTaskFailed">
  readonly failActivityById: RpcOf<"respondActivityTaskFailedById">
  readonly reportActivityCancellation: RpcOf<"respondActivityTaskCanceled">
  readonly reportActivityCancellationById: RpcOf<"respondActivityTaskCanceledById">
  readonly updateWorkerBuildIdCompatibility: RpcOf<"updateWorkerBuildIdCompatibility">
  readonly getWorkerBuildIdCompatibility: RpcOf<"getWorkerBuildIdCompatibility">
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
) => Effect.Effect<InterceptedCalls[K]["response"], RpcError>

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
  ) => Effect.Effect<InterceptedCalls[K]["response"], RpcError>
}

/**
 * The interceptors in force; none by default.
 *
 * @since 0.1.0
 * @category tags
 */
export class ClientInterceptors extends Context.Reference<ClientInterceptors>()(
  "effect-temporal/ClientInterceptors",
  { defaultValue: (): ReadonlyArray<ClientInterceptor> => [] }
) {}

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
): Effect.Effect<InterceptedCalls[K]["response"], RpcError> => {
  let next = run
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const handler = interceptors[i]![input.call] as
      | ((input: CallInput<K>, next: Next<K>) => Effect.Effect<InterceptedCalls[K]["response"], RpcError>)
      | undefined
    if (handler !== undefined) {
      const inner = next
      next = (callInput) => handler(callInput, inner)
    }
  }
  return next(input)
}
