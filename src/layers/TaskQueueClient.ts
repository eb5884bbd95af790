/**
 * The task queue client's Layer, and module-level accessors.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { derivedClientContext } from "../internal/derivedClientContext.js"
import { makeTaskQueueOperations } from "../internal/taskQueueOperations.js"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type { TaskQueueDescription } from "../schema/TaskQueue.js"
import type { DescribeTaskQueueOptions, ListWorkersOptions } from "../schema/TaskQueueOptions.js"
import type { WorkerDescription, WorkerSummary } from "../schema/Worker.js"
import {
  type DescribeTaskQueueError,
  type DescribeWorkerError,
  type ListWorkersError,
  TaskQueueClient
} from "../services/TaskQueueClient.js"
import type { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/TaskQueueClient.js"

/**
 * The task queue client, from the `TemporalClient` (its connection,
 * namespace and identity) and the `ClientInterceptors` in force where the
 * Layer is built.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<TaskQueueClient, never, TemporalClient> = Layer.effect(
  TaskQueueClient,
  Effect.map(derivedClientContext, (context) => TaskQueueClient.of(makeTaskQueueOperations(context)))
)

/**
 * Describe a task queue, with the task queue client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const describeTaskQueue = (
  taskQueue: string,
  options?: DescribeTaskQueueOptions
): Effect.Effect<TaskQueueDescription, DescribeTaskQueueError, TaskQueueClient> =>
  Effect.flatMap(TaskQueueClient, (client) => client.describeTaskQueue(taskQueue, options))

/**
 * The workers matching a query, page after page, with the task queue
 * client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const listWorkers = (
  query?: string,
  options?: ListWorkersOptions
): Stream.Stream<WorkerSummary, ListWorkersError, TaskQueueClient> =>
  Stream.unwrap(Effect.map(TaskQueueClient, (client) => client.listWorkers(query, options)))

/**
 * Describe a worker, with the task queue client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const describeWorker = (
  workerInstanceKey: string,
  options?: RpcOptions
): Effect.Effect<WorkerDescription, DescribeWorkerError, TaskQueueClient> =>
  Effect.flatMap(TaskQueueClient, (client) => client.describeWorker(workerInstanceKey, options))
