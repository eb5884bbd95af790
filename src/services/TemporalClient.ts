/**
 * The Temporal client: start workflows and talk to them through handles,
 * list and count them. Every operation is an Effect whose error channel is
 * the precise union of what it can fail with; paged results are Streams.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import { makeActivityOperations } from "../internal/activityOperations.js"
import { make as makeAsyncActivityHandle } from "../internal/asyncActivityHandle.js"
import * as BuildIdOperations from "../internal/buildIds.js"
import { makeClientContext } from "../internal/clientContext.js"
import { makeNexusOperations } from "../internal/nexusOperations.js"
import { makeScheduleOperations } from "../internal/scheduleOperations.js"
import { makeWorkflowOperations, toDefinition } from "../internal/workflowOperations.js"
import type { BuildIdOp } from "../schema/BuildIdOp.js"
import type {
  GetWorkerBuildIdCompatibilityError,
  GetWorkerBuildIdCompatibilityOptions,
  GetWorkerTaskReachabilityError,
  GetWorkerTaskReachabilityOptions,
  UpdateWorkerBuildIdCompatibilityError,
  VersioningCallOptions,
  WorkerBuildIdVersionSets,
  WorkerTaskReachability
} from "../schema/BuildIds.js"
import type { ListPageOptions, QueryRejectCondition, WorkflowUpdateStage } from "../schema/Common.js"
import type {
  CallError,
  SendPayloadsError,
  WorkflowAlreadyStartedError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { WorkflowExecution, WorkflowExecutionCount } from "../schema/WorkflowExecution.js"
import type { PageOptions, StartWorkflowOptions, WithStartWorkflowOperationOptions } from "../schema/WorkflowOptions.js"
import type { ActivityOperations } from "./ActivityClient.js"
import type * as AsyncActivityHandle from "./AsyncActivityHandle.js"
import { ClientInterceptors } from "./ClientInterceptors.js"
import { Connection, type ConnectionShape } from "./Connection.js"
import { DataConverter, type HeaderCodecBehavior } from "./DataConverter.js"
import type { NexusOperations } from "./NexusClient.js"
import type { ScheduleOperations } from "./ScheduleClient.js"
import type * as WorkflowHandle from "./WorkflowHandle.js"
import type * as WorkflowUpdateHandle from "./WorkflowUpdateHandle.js"

/**
 * Errors of starting a workflow.
 *
 * @since 0.1.0
 * @category errors
 */
export type StartWorkflowError = WorkflowAlreadyStartedError | CallError | SendPayloadsError

/**
 * Errors of starting a workflow and waiting for its result.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExecuteWorkflowError = StartWorkflowError | WorkflowHandle.WorkflowResultError

/**
 * Errors of update-with-start, up to the update handle.
 *
 * @since 0.1.0
 * @category errors
 */
export type StartUpdateWithStartError = StartWorkflowError | WorkflowUpdateRpcTimeoutOrCancelledError

/**
 * Errors of update-with-start, up to the update's result.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExecuteUpdateWithStartError =
  | StartUpdateWithStartError
  | WorkflowUpdateHandle.WorkflowUpdateResultError

/**
 * A workflow given by definition or, untyped, by its type name.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowRef<Def extends WorkflowDefinition.Any> = Def | string

/**
 * The definition a `WorkflowRef` stands for.
 *
 * @since 0.1.0
 * @category models
 */
export type DefinitionOf<W> = W extends WorkflowDefinition.Any ? W : WorkflowDefinition.Untyped

/**
 * The start half of update-with-start: the workflow and how to start it if
 * it is not running.
 *
 * @since 0.1.0
 * @category models
 */
export interface WithStartWorkflowOperation<Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped> {
  /** The workflow to start: its definition (a name given to `withStartWorkflowOperation` becomes an untyped one). */
  readonly workflow: Def
  /** How to start it: ID, task queue, `idConflictPolicy` (required), arguments, ... */
  readonly options: WithStartWorkflowOperationOptions<Def>
}

/**
 * Build the start half of update-with-start.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withStartWorkflowOperation = <W extends WorkflowDefinition.Any | string>(
  workflow: W,
  options: WithStartWorkflowOperationOptions<DefinitionOf<W>>
): WithStartWorkflowOperation<DefinitionOf<W>> => ({
  workflow: toDefinition(workflow) as DefinitionOf<W>,
  options
})

/**
 * Options of update-with-start.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateWithStartOptions<
  Def extends WorkflowDefinition.Any,
  K extends WorkflowDefinition.UpdateNames<Def>
> extends WorkflowHandle.HandleCallOptions {
  /** The update's arguments. */
  readonly args: WorkflowDefinition.UpdateArgs<Def, K>
  /** How to start the workflow when it is not running. */
  readonly startWorkflowOperation: WithStartWorkflowOperation<Def>
  /** Stage to wait for: `Accepted` (default) or `Completed`. */
  readonly waitForStage?: WorkflowUpdateStage | undefined
  /** The update's ID. Default: a fresh UUID. */
  readonly updateId?: string | undefined
}

/**
 * What update-with-start gives back: the update's handle and the workflow's.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateWithStartHandles<Def extends WorkflowDefinition.Any, A> {
  /** The handle of the update sent. */
  readonly updateHandle: WorkflowUpdateHandle.WorkflowUpdateHandle<A>
  /** The handle of the workflow, started by this call or already running. */
  readonly workflowHandle: WorkflowHandle.WorkflowHandle<Def>
}

/**
 * Options of `listWorkflows`: `pageSize` (server default when absent) and
 * `limit` (all when absent), and the call options.
 *
 * @since 0.1.0
 * @category models
 */
export type ListWorkflowsOptions = PageOptions

/**
 * Errors of listing and counting workflows: bad options are caught before
 * any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListWorkflowsError = CallError

/**
 * One page of `listWorkflowsPage`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowExecutionPage {
  /** The executions on this page. */
  readonly executions: ReadonlyArray<WorkflowExecution>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The whole history of one execution, as `intoHistories` gives it.
 *
 * @since 1.0.0
 * @category models
 */
export interface WorkflowExecutionHistory {
  /** The workflow ID. */
  readonly workflowId: string
  /** The run ID. */
  readonly runId: string
  /** Every event of the run's history, in order. */
  readonly events: ReadonlyArray<temporal.api.history.v1.HistoryEvent>
}

/**
 * The client service.
 *
 * @since 0.1.0
 * @category models
 */
export interface TemporalClientShape extends ScheduleOperations, ActivityOperations, NexusOperations {
  /** The namespace every call is made in. */
  readonly namespace: string
  /** The identity recorded in histories. */
  readonly identity: string
  /** The connection underneath, for raw RPCs. */
  readonly connection: ConnectionShape
  /** The data converter in use. */
  readonly dataConverter: DataConverter.Service
  /** Start a workflow; with `startSignal`, signal-with-start. */
  readonly startWorkflow: <W extends WorkflowDefinition.Any | string>(
    workflow: W,
    options: StartWorkflowOptions<DefinitionOf<W>>
  ) => Effect.Effect<WorkflowHandle.WorkflowHandle<DefinitionOf<W>>, StartWorkflowError>
  /** Start a workflow and wait for its result. */
  readonly executeWorkflow: <W extends WorkflowDefinition.Any | string>(
    workflow: W,
    options: StartWorkflowOptions<DefinitionOf<W>>
  ) => Effect.Effect<WorkflowDefinition.Result<DefinitionOf<W>>, ExecuteWorkflowError>
  /** Signal a workflow, starting it first if it is not running. */
  readonly signalWithStart: <W extends WorkflowDefinition.Any | string>(
    workflow: W,
    options: StartWorkflowOptions<DefinitionOf<W>> & { readonly startSignal: string }
  ) => Effect.Effect<WorkflowHandle.WorkflowHandle<DefinitionOf<W>>, StartWorkflowError>
  /** Send an update, starting the workflow first if it is not running; returns once the update is accepted. */
  readonly startUpdateWithStart: <Def extends WorkflowDefinition.Any, K extends WorkflowDefinition.UpdateNames<Def>>(
    update: K,
    options: UpdateWithStartOptions<Def, K>
  ) => Effect.Effect<UpdateWithStartHandles<Def, WorkflowDefinition.UpdateResult<Def, K>>, StartUpdateWithStartError>
  /** Send an update, starting the workflow first if it is not running, and wait for its result. */
  readonly executeUpdateWithStart: <Def extends WorkflowDefinition.Any, K extends WorkflowDefinition.UpdateNames<Def>>(
    update: K,
    options: Omit<UpdateWithStartOptions<Def, K>, "waitForStage">
  ) => Effect.Effect<WorkflowDefinition.UpdateResult<Def, K>, ExecuteUpdateWithStartError>
  /** A handle to a workflow by ID (untyped). No I/O. */
  readonly getWorkflowHandle: (
    workflowId: string,
    options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
  ) => WorkflowHandle.WorkflowHandle<WorkflowDefinition.Untyped>
  /** A handle to a workflow by ID, typed by its definition. No I/O. */
  readonly getWorkflowHandleFor: <Def extends WorkflowDefinition.Any>(
    definition: Def,
    workflowId: string,
    options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
  ) => WorkflowHandle.WorkflowHandle<Def>
  /** Executions matching a visibility query, page after page. The options are checked before the first RPC. */
  readonly listWorkflows: (
    query?: string,
    options?: ListWorkflowsOptions
  ) => Stream.Stream<WorkflowExecution, ListWorkflowsError>
  /** One page of executions matching a visibility query. */
  readonly listWorkflowsPage: (
    query: string | undefined,
    options?: ListPageOptions
  ) => Effect.Effect<WorkflowExecutionPage, ListWorkflowsError>
  /** Count executions matching a visibility query (with `GROUP BY` groups). */
  readonly countWorkflows: (
    query?: string,
    options?: WorkflowHandle.HandleCallOptions
  ) => Effect.Effect<WorkflowExecutionCount, ListWorkflowsError>
  /** A handle to complete, fail or heartbeat an activity from outside its worker. No I/O. */
  readonly getAsyncActivityHandle: (
    target: AsyncActivityHandle.AsyncActivityTarget
  ) => AsyncActivityHandle.AsyncActivityHandle
  /** Change a task queue's build-ID version sets (worker versioning v0.1). */
  readonly updateWorkerBuildIdCompatibility: (
    taskQueue: string,
    operation: BuildIdOp,
    options?: VersioningCallOptions
  ) => Effect.Effect<void, UpdateWorkerBuildIdCompatibilityError>
  /** A task queue's build-ID version sets. */
  readonly getWorkerBuildIdCompatibility: (
    taskQueue: string,
    options?: GetWorkerBuildIdCompatibilityOptions
  ) => Effect.Effect<WorkerBuildIdVersionSets, GetWorkerBuildIdCompatibilityError>
  /** Which build IDs can still receive tasks, per task queue. */
  readonly getWorkerTaskReachability: (
    options: GetWorkerTaskReachabilityOptions
  ) => Effect.Effect<WorkerTaskReachability, GetWorkerTaskReachabilityError>
}

/**
 * The Temporal client.
 *
 * @since 0.1.0
 * @category tags
 */
export class TemporalClient extends Context.Service<
  TemporalClient,
  TemporalClientShape
>()("effect-temporal/TemporalClient") {}

/**
 * Options of the client itself (the connection has its own).
 *
 * @since 0.1.0
 * @category models
 */
export interface TemporalClientOptions {
  /** The namespace. Default: the connection's. */
  readonly namespace?: string | undefined
  /** The identity. Default: the connection's (`pid@hostname`). */
  readonly identity?: string | undefined
  /** Reject condition for queries that do not give their own. Default: the server's (none). */
  readonly defaultQueryRejectCondition?: QueryRejectCondition | undefined
  /** Whether the payload codecs also run on headers. Default `NoCodec`. */
  readonly headerCodecBehavior?: HeaderCodecBehavior | undefined
}

/**
 * Build the client from a connection and a data converter. `RetryConfig`
 * (through the connection) and `ClientInterceptors` are read when present.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: TemporalClientOptions = {}
): Effect.Effect<TemporalClientShape, never, Connection | DataConverter> =>
  Effect.gen(function*() {
    const connection = yield* Connection
    const dataConverter = yield* DataConverter
    const interceptors = yield* ClientInterceptors
    const context = makeClientContext({
      connection,
      dataConverter,
      namespace: options.namespace ?? connection.namespace,
      identity: options.identity ?? connection.identity,
      interceptors,
      defaultQueryRejectCondition: options.defaultQueryRejectCondition,
      headerCodecBehavior: options.headerCodecBehavior ?? "NoCodec"
    })
    const service: TemporalClientShape = {
      ...makeScheduleOperations(context),
      ...makeActivityOperations(context),
      ...makeNexusOperations(context),
      ...makeWorkflowOperations(context),
      namespace: context.namespace,
      identity: context.identity,
      connection,
      dataConverter,
      getAsyncActivityHandle: (target) => makeAsyncActivityHandle(context, target),
      updateWorkerBuildIdCompatibility: (taskQueue, operation, versioningOptions) =>
        BuildIdOperations.updateWorkerBuildIdCompatibility(context, taskQueue, operation, versioningOptions),
      getWorkerBuildIdCompatibility: (taskQueue, versioningOptions) =>
        BuildIdOperations.getWorkerBuildIdCompatibility(context, taskQueue, versioningOptions),
      getWorkerTaskReachability: (reachabilityOptions) =>
        BuildIdOperations.getWorkerTaskReachability(context, reachabilityOptions)
    }
    return TemporalClient.of(service)
  })
