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
import { fromDecoded } from "../internal/decodedInterceptor.js"
import type { Payload } from "../schema/Common.js"
import type { CallOptions, OperatorServiceClient, RpcCallError, WorkflowServiceClient } from "./Connection.js"
import type { DataConverter } from "./DataConverter.js"

type RpcOf<K extends keyof WorkflowServiceClient> = WorkflowServiceClient[K] extends
  (request: infer Req, options?: CallOptions) => Effect.Effect<infer Res, RpcCallError> ?
  { request: Req; response: Res }
  : never

type OperatorRpcOf<K extends keyof OperatorServiceClient> = OperatorServiceClient[K] extends
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
  /** Reset a workflow to an earlier workflow task: the `ResetWorkflowExecution` RPC. */
  readonly resetWorkflow: RpcOf<"resetWorkflowExecution">
  /** Delete a workflow execution and its history: the `DeleteWorkflowExecution` RPC. */
  readonly deleteWorkflow: RpcOf<"deleteWorkflowExecution">
  /** Pause a workflow: the `PauseWorkflowExecution` RPC. */
  readonly pauseWorkflow: RpcOf<"pauseWorkflowExecution">
  /** Unpause a workflow: the `UnpauseWorkflowExecution` RPC. */
  readonly unpauseWorkflow: RpcOf<"unpauseWorkflowExecution">
  /** Change a running workflow's options (versioning override, priority): the `UpdateWorkflowExecutionOptions` RPC. */
  readonly updateWorkflowOptions: RpcOf<"updateWorkflowExecutionOptions">
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
  /** Start a standalone Nexus operation: the `StartNexusOperationExecution` RPC. */
  readonly startNexusOperation: RpcOf<"startNexusOperationExecution">
  /** One long poll for a Nexus operation's outcome: the `PollNexusOperationExecution` RPC. */
  readonly getNexusOperationResult: RpcOf<"pollNexusOperationExecution">
  /** Describe a standalone Nexus operation: the `DescribeNexusOperationExecution` RPC. */
  readonly describeNexusOperation: RpcOf<"describeNexusOperationExecution">
  /** Request cancellation of a standalone Nexus operation: the `RequestCancelNexusOperationExecution` RPC. */
  readonly cancelNexusOperation: RpcOf<"requestCancelNexusOperationExecution">
  /** Terminate a standalone Nexus operation: the `TerminateNexusOperationExecution` RPC. */
  readonly terminateNexusOperation: RpcOf<"terminateNexusOperationExecution">
  /** List one page of standalone Nexus operations matching a visibility query: the `ListNexusOperationExecutions` RPC. */
  readonly listNexusOperations: RpcOf<"listNexusOperationExecutions">
  /** Count the standalone Nexus operations matching a visibility query: the `CountNexusOperationExecutions` RPC. */
  readonly countNexusOperations: RpcOf<"countNexusOperationExecutions">
  /** Create a Nexus endpoint: the operator service's `CreateNexusEndpoint` RPC. */
  readonly createNexusEndpoint: OperatorRpcOf<"createNexusEndpoint">
  /** Read a Nexus endpoint: the operator service's `GetNexusEndpoint` RPC. */
  readonly getNexusEndpoint: OperatorRpcOf<"getNexusEndpoint">
  /** List one page of Nexus endpoints: the operator service's `ListNexusEndpoints` RPC. */
  readonly listNexusEndpoints: OperatorRpcOf<"listNexusEndpoints">
  /** Replace a Nexus endpoint's spec: the operator service's `UpdateNexusEndpoint` RPC. */
  readonly updateNexusEndpoint: OperatorRpcOf<"updateNexusEndpoint">
  /** Delete a Nexus endpoint: the operator service's `DeleteNexusEndpoint` RPC. */
  readonly deleteNexusEndpoint: OperatorRpcOf<"deleteNexusEndpoint">
  /** Change a task queue's Build ID compatibility sets: the `UpdateWorkerBuildIdCompatibility` RPC. */
  readonly updateWorkerBuildIdCompatibility: RpcOf<"updateWorkerBuildIdCompatibility">
  /** Read a task queue's Build ID compatibility sets: the `GetWorkerBuildIdCompatibility` RPC. */
  readonly getWorkerBuildIdCompatibility: RpcOf<"getWorkerBuildIdCompatibility">
  /** Ask which Build IDs can still receive tasks: the `GetWorkerTaskReachability` RPC. */
  readonly getWorkerTaskReachability: RpcOf<"getWorkerTaskReachability">
  /** Register a namespace: the `RegisterNamespace` RPC. */
  readonly registerNamespace: RpcOf<"registerNamespace">
  /** Describe a namespace: the `DescribeNamespace` RPC. */
  readonly describeNamespace: RpcOf<"describeNamespace">
  /** List one page of namespaces: the `ListNamespaces` RPC. */
  readonly listNamespaces: RpcOf<"listNamespaces">
  /** Change a namespace's description, owner, data, retention or archival: the `UpdateNamespace` RPC. */
  readonly updateNamespace: RpcOf<"updateNamespace">
  /** Add custom search attributes: the operator service's `AddSearchAttributes` RPC. */
  readonly addSearchAttributes: OperatorRpcOf<"addSearchAttributes">
  /** List a namespace's search attributes: the operator service's `ListSearchAttributes` RPC. */
  readonly listSearchAttributes: OperatorRpcOf<"listSearchAttributes">
  /** Remove custom search attributes: the operator service's `RemoveSearchAttributes` RPC. */
  readonly removeSearchAttributes: OperatorRpcOf<"removeSearchAttributes">
  /** Describe one type of a task queue (pollers, backlog, rates): the `DescribeTaskQueue` RPC. */
  readonly describeTaskQueue: RpcOf<"describeTaskQueue">
  /** List one page of the workers that heartbeat to the server: the `ListWorkers` RPC. */
  readonly listWorkers: RpcOf<"listWorkers">
  /** Describe one worker by its instance key: the `DescribeWorker` RPC. */
  readonly describeWorker: RpcOf<"describeWorker">
  /** List one page of worker deployments: the `ListWorkerDeployments` RPC. */
  readonly listWorkerDeployments: RpcOf<"listWorkerDeployments">
  /** Describe a worker deployment (versions, routing, conflict token): the `DescribeWorkerDeployment` RPC. */
  readonly describeWorkerDeployment: RpcOf<"describeWorkerDeployment">
  /** Set a worker deployment's current version: the `SetWorkerDeploymentCurrentVersion` RPC. */
  readonly setWorkerDeploymentCurrentVersion: RpcOf<"setWorkerDeploymentCurrentVersion">
  /** Set a worker deployment's ramping version and percentage: the `SetWorkerDeploymentRampingVersion` RPC. */
  readonly setWorkerDeploymentRampingVersion: RpcOf<"setWorkerDeploymentRampingVersion">
  /** Set or clear a worker deployment's manager identity: the `SetWorkerDeploymentManager` RPC. */
  readonly setWorkerDeploymentManager: RpcOf<"setWorkerDeploymentManager">
  /** Delete a worker deployment: the `DeleteWorkerDeployment` RPC. */
  readonly deleteWorkerDeployment: RpcOf<"deleteWorkerDeployment">
  /** Describe a worker deployment version: the `DescribeWorkerDeploymentVersion` RPC. */
  readonly describeWorkerDeploymentVersion: RpcOf<"describeWorkerDeploymentVersion">
  /** Delete a worker deployment version: the `DeleteWorkerDeploymentVersion` RPC. */
  readonly deleteWorkerDeploymentVersion: RpcOf<"deleteWorkerDeploymentVersion">
  /** Upsert or remove a worker deployment version's metadata: the `UpdateWorkerDeploymentVersionMetadata` RPC. */
  readonly updateWorkerDeploymentVersionMetadata: RpcOf<"updateWorkerDeploymentVersionMetadata">
  /** Start a batch operation: the `StartBatchOperation` RPC. */
  readonly startBatchOperation: RpcOf<"startBatchOperation">
  /** Describe a batch operation (state and counts): the `DescribeBatchOperation` RPC. */
  readonly describeBatchOperation: RpcOf<"describeBatchOperation">
  /** List one page of batch operations: the `ListBatchOperations` RPC. */
  readonly listBatchOperations: RpcOf<"listBatchOperations">
  /** Stop a running batch operation: the `StopBatchOperation` RPC. */
  readonly stopBatchOperation: RpcOf<"stopBatchOperation">
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
  /** The client's data converter, to read or write the request's payloads. */
  readonly dataConverter: DataConverter.Service
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

/**
 * The calls a decoded interceptor sees: the ones that send a workflow's,
 * signal's, query's or update's arguments.
 *
 * @since 1.0.0
 * @category models
 */
export type DecodedCall =
  | "startWorkflow"
  | "signalWithStartWorkflow"
  | "signalWorkflow"
  | "queryWorkflow"
  | "startWorkflowUpdate"

/**
 * What a decoded interceptor gets: the call's target and name, its arguments
 * decoded by the client's data converter (without a Schema: JSON values),
 * its header fields and its options. What it passes to `next` is encoded
 * back into the request.
 *
 * @since 1.0.0
 * @category models
 */
export interface DecodedCallInput<K extends DecodedCall> {
  /** The call, e.g. `startWorkflow`. */
  readonly call: K
  /** The workflow ID. */
  readonly workflowId: string
  /** The workflow type (starts), or the signal, query or update name. */
  readonly name: string
  /** The arguments, decoded. */
  readonly args: ReadonlyArray<unknown>
  /** The header fields (raw payloads, as propagation writes them). */
  readonly headers: Readonly<Record<string, Payload>>
  /** Per-call options: deadline, metadata, retry. */
  readonly options: CallOptions
}

/**
 * An interceptor over decoded inputs, for the common cases (add a header for
 * propagation, check or rewrite arguments, time the call): a function per
 * call it cares about, given the decoded input and `next`.
 *
 * @since 1.0.0
 * @category models
 */
export type DecodedInterceptor = {
  readonly [K in DecodedCall]?: (
    input: DecodedCallInput<K>,
    next: (input: DecodedCallInput<K>) => Effect.Effect<InterceptedCalls[K]["response"], RpcCallError>
  ) => Effect.Effect<InterceptedCalls[K]["response"], RpcCallError>
}

/**
 * A client interceptor from an interceptor over decoded inputs: the
 * request's arguments are decoded for it and what it passes on is encoded
 * back (an argument the converter cannot handle fails the call with
 * `InvalidArgumentError`, field `args`).
 *
 * ```ts
 * const tenant = ClientInterceptors.decoded({
 *   startWorkflow: (input, next) =>
 *     next({ ...input, headers: { ...input.headers, tenant: tenantPayload } })
 * })
 * ```
 *
 * @since 1.0.0
 * @category constructors
 */
export const decoded = (interceptor: DecodedInterceptor): ClientInterceptor => fromDecoded(interceptor)
