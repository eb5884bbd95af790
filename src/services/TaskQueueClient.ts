/**
 * Task queues and workers: describe a task queue's pollers, backlog and
 * rates per task queue type, and list and describe the workers that
 * heartbeat to the server. Go's `DescribeTaskQueueEnhanced` and the
 * `ListWorkers` / `DescribeWorker` calls, as one typed service.
 *
 * ```ts
 * const taskQueues = yield* TaskQueueClient.TaskQueueClient
 * const described = yield* taskQueues.describeTaskQueue("payments")
 * described.activity?.stats?.approximateBacklogCount
 * const workers = yield* Stream.runCollect(taskQueues.listWorkers(`TaskQueue = "payments"`))
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type { TaskQueueDescription } from "../schema/TaskQueue.js"
import type {
  DescribeTaskQueueOptions,
  ListWorkersOptions,
  ListWorkersPageOptions
} from "../schema/TaskQueueOptions.js"
import type {
  ConnectionError,
  InvalidArgumentError,
  NamespaceNotFoundError,
  RpcError,
  WorkerNotFoundError
} from "../schema/TemporalError.js"
import type { WorkerDescription, WorkerSummary } from "../schema/Worker.js"

/**
 * Errors of describing a task queue. `InvalidArgumentError`: options
 * refused before any RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeTaskQueueError = NamespaceNotFoundError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of listing workers. A server without worker heartbeats (or with
 * them turned off) answers with an `RpcError`, or with no workers.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListWorkersError = NamespaceNotFoundError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of describing a worker.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeWorkerError =
  | WorkerNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError

/**
 * One page of `listWorkersPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface WorkerPage {
  /** The workers on this page. */
  readonly workers: ReadonlyArray<WorkerSummary>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The task queue and worker operations, in the client's namespace.
 *
 * @since 1.0.0
 * @category models
 */
export interface TaskQueueClientShape {
  /**
   * Describe a task queue: for each type asked for (all three by default,
   * one RPC each) its pollers, and its backlog and rates unless
   * `reportStats: false`. A task queue nobody used is described as empty:
   * the server creates task queues on first use.
   */
  readonly describeTaskQueue: (
    taskQueue: string,
    options?: DescribeTaskQueueOptions
  ) => Effect.Effect<TaskQueueDescription, DescribeTaskQueueError>
  /**
   * The workers that heartbeat to the namespace, matching a query on
   * `WorkerInstanceKey`, `WorkerIdentity`, `HostName`, `TaskQueue`,
   * `DeploymentName`, `BuildId`, `SdkName`, `SdkVersion`, `StartTime` or
   * `Status` (all when absent), page after page. Workers show up once
   * they have sent a heartbeat.
   */
  readonly listWorkers: (query?: string, options?: ListWorkersOptions) => Stream.Stream<WorkerSummary, ListWorkersError>
  /** One page of the workers matching a query. */
  readonly listWorkersPage: (
    query: string | undefined,
    options?: ListWorkersPageOptions
  ) => Effect.Effect<WorkerPage, ListWorkersError>
  /** Describe a worker by its instance key, from its last heartbeat. */
  readonly describeWorker: (
    workerInstanceKey: string,
    options?: RpcOptions
  ) => Effect.Effect<WorkerDescription, DescribeWorkerError>
}

/**
 * The task queue client.
 *
 * @since 1.0.0
 * @category tags
 */
export class TaskQueueClient extends Context.Service<
  TaskQueueClient,
  TaskQueueClientShape
>()("effect-temporal/TaskQueueClient") {}
