/**
 * What every client operation needs: the connection, the data converter,
 * the namespace and identity, the interceptors, and one way to make a call
 * through them.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type { QueryRejectCondition } from "../schema/Common.js"
import type { NamespaceNotFoundError } from "../schema/TemporalError.js"
import {
  type ClientInterceptor,
  intercept,
  type InterceptedCall,
  type InterceptedCalls
} from "../services/ClientInterceptors.js"
import type {
  CallOptions,
  ConnectionShape,
  OperatorServiceClient,
  RpcCallError,
  WorkflowServiceClient
} from "../services/Connection.js"
import type { DataConverter, HeaderCodecBehavior } from "../services/DataConverter.js"
import { mapNamespaceNotFound } from "./workflowErrors.js"

/** The calls made on the operator service, and the RPC behind each. */
const operatorRpcOf = {
  addSearchAttributes: "addSearchAttributes",
  listSearchAttributes: "listSearchAttributes",
  removeSearchAttributes: "removeSearchAttributes",
  createNexusEndpoint: "createNexusEndpoint",
  getNexusEndpoint: "getNexusEndpoint",
  listNexusEndpoints: "listNexusEndpoints",
  updateNexusEndpoint: "updateNexusEndpoint",
  deleteNexusEndpoint: "deleteNexusEndpoint"
} as const satisfies { readonly [K in InterceptedCall]?: keyof OperatorServiceClient }

type OperatorCall = keyof typeof operatorRpcOf

const isOperatorCall = (call: InterceptedCall): call is OperatorCall => Object.hasOwn(operatorRpcOf, call)

/** The workflow-service RPC behind each other intercepted call. */
const rpcOf: { readonly [K in Exclude<InterceptedCall, OperatorCall>]: keyof WorkflowServiceClient } = {
  startWorkflow: "startWorkflowExecution",
  signalWithStartWorkflow: "signalWithStartWorkflowExecution",
  startUpdateWithStart: "executeMultiOperation",
  signalWorkflow: "signalWorkflowExecution",
  queryWorkflow: "queryWorkflow",
  startWorkflowUpdate: "updateWorkflowExecution",
  pollWorkflowUpdate: "pollWorkflowExecutionUpdate",
  cancelWorkflow: "requestCancelWorkflowExecution",
  terminateWorkflow: "terminateWorkflowExecution",
  describeWorkflow: "describeWorkflowExecution",
  fetchWorkflowHistory: "getWorkflowExecutionHistory",
  getWorkflowResult: "getWorkflowExecutionHistory",
  listWorkflows: "listWorkflowExecutions",
  countWorkflows: "countWorkflowExecutions",
  createSchedule: "createSchedule",
  describeSchedule: "describeSchedule",
  updateSchedule: "updateSchedule",
  patchSchedule: "patchSchedule",
  deleteSchedule: "deleteSchedule",
  listSchedules: "listSchedules",
  heartbeatActivity: "recordActivityTaskHeartbeat",
  heartbeatActivityById: "recordActivityTaskHeartbeatById",
  completeActivity: "respondActivityTaskCompleted",
  completeActivityById: "respondActivityTaskCompletedById",
  failActivity: "respondActivityTaskFailed",
  failActivityById: "respondActivityTaskFailedById",
  reportActivityCancellation: "respondActivityTaskCanceled",
  reportActivityCancellationById: "respondActivityTaskCanceledById",
  resetWorkflow: "resetWorkflowExecution",
  deleteWorkflow: "deleteWorkflowExecution",
  pauseWorkflow: "pauseWorkflowExecution",
  unpauseWorkflow: "unpauseWorkflowExecution",
  updateWorkflowOptions: "updateWorkflowExecutionOptions",
  startActivity: "startActivityExecution",
  getActivityResult: "pollActivityExecution",
  describeActivity: "describeActivityExecution",
  cancelActivity: "requestCancelActivityExecution",
  terminateActivity: "terminateActivityExecution",
  pauseActivity: "pauseActivityExecution",
  unpauseActivity: "unpauseActivityExecution",
  updateActivityOptions: "updateActivityExecutionOptions",
  listActivities: "listActivityExecutions",
  countActivities: "countActivityExecutions",
  startNexusOperation: "startNexusOperationExecution",
  getNexusOperationResult: "pollNexusOperationExecution",
  describeNexusOperation: "describeNexusOperationExecution",
  cancelNexusOperation: "requestCancelNexusOperationExecution",
  terminateNexusOperation: "terminateNexusOperationExecution",
  listNexusOperations: "listNexusOperationExecutions",
  countNexusOperations: "countNexusOperationExecutions",
  updateWorkerBuildIdCompatibility: "updateWorkerBuildIdCompatibility",
  getWorkerBuildIdCompatibility: "getWorkerBuildIdCompatibility",
  getWorkerTaskReachability: "getWorkerTaskReachability",
  registerNamespace: "registerNamespace",
  describeNamespace: "describeNamespace",
  listNamespaces: "listNamespaces",
  updateNamespace: "updateNamespace",
  describeTaskQueue: "describeTaskQueue",
  listWorkers: "listWorkers",
  describeWorker: "describeWorker",
  listWorkerDeployments: "listWorkerDeployments",
  describeWorkerDeployment: "describeWorkerDeployment",
  setWorkerDeploymentCurrentVersion: "setWorkerDeploymentCurrentVersion",
  setWorkerDeploymentRampingVersion: "setWorkerDeploymentRampingVersion",
  setWorkerDeploymentManager: "setWorkerDeploymentManager",
  deleteWorkerDeployment: "deleteWorkerDeployment",
  describeWorkerDeploymentVersion: "describeWorkerDeploymentVersion",
  deleteWorkerDeploymentVersion: "deleteWorkerDeploymentVersion",
  updateWorkerDeploymentVersionMetadata: "updateWorkerDeploymentVersionMetadata",
  startBatchOperation: "startBatchOperation",
  describeBatchOperation: "describeBatchOperation",
  listBatchOperations: "listBatchOperations",
  stopBatchOperation: "stopBatchOperation"
}

/**
 * The RPC options of a call's options: its deadline and extra headers, when
 * given.
 *
 * @internal
 */
export const callOptionsOf = (
  options: {
    readonly rpcTimeout?: CallOptions["rpcTimeout"]
    readonly rpcMetadata?: CallOptions["rpcMetadata"]
  } | undefined
): CallOptions => ({
  ...(options?.rpcTimeout !== undefined ? { rpcTimeout: options.rpcTimeout } : {}),
  ...(options?.rpcMetadata !== undefined ? { rpcMetadata: options.rpcMetadata } : {})
})

/** @internal */
export interface ClientContext {
  readonly connection: ConnectionShape
  readonly dataConverter: DataConverter.Service
  readonly namespace: string
  readonly identity: string
  readonly interceptors: ReadonlyArray<ClientInterceptor>
  readonly defaultQueryRejectCondition: QueryRejectCondition | undefined
  readonly headerCodecBehavior: HeaderCodecBehavior
  /**
   * Make an intercepted call. A NOT_FOUND saying the namespace does not
   * exist becomes `NamespaceNotFoundError` here, after the interceptors (which
   * see the `RpcError`), so no operation mistakes it for a missing workflow,
   * schedule or activity.
   */
  readonly call: <K extends InterceptedCall>(
    call: K,
    request: InterceptedCalls[K]["request"],
    options?: CallOptions
  ) => Effect.Effect<InterceptedCalls[K]["response"], RpcCallError | NamespaceNotFoundError>
}

/** @internal */
export const makeClientContext = (
  fields: Omit<ClientContext, "call">
): ClientContext => {
  type Rpc = (request: unknown, options?: CallOptions) => Effect.Effect<unknown, RpcCallError>
  const service = fields.connection.workflowService as unknown as Record<string, Rpc>
  const operator = fields.connection.operatorService as unknown as Record<string, Rpc>
  const rpcFor = (call: InterceptedCall): Rpc =>
    isOperatorCall(call) ? operator[operatorRpcOf[call]]! : service[rpcOf[call]]!
  const namespaceNotFound = mapNamespaceNotFound(fields.namespace)
  return {
    ...fields,
    call: (call, request, options = {}) =>
      namespaceNotFound(
        intercept(fields.interceptors, { call, request, options, dataConverter: fields.dataConverter }, (input) =>
          rpcFor(input.call)(input.request, input.options) as Effect.Effect<
            InterceptedCalls[typeof call]["response"],
            RpcCallError
          >)
      )
  }
}
