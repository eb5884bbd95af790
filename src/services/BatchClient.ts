/**
 * Batch operations: one server-side job that terminates, cancels, signals,
 * deletes, resets or updates every workflow a visibility query (or a list)
 * selects, or unpauses or resets their activities, or terminates, cancels or
 * deletes standalone activities. Start one, describe it, list them, stop
 * one, and follow one's progress as a `Stream`.
 *
 * ```ts
 * const batches = yield* BatchClient.BatchClient
 * const jobId = yield* batches.start({
 *   operation: { _tag: "Terminate" },
 *   query: "WorkflowType = 'Import' AND ExecutionStatus = 'Running'",
 *   reason: "bad import file"
 * })
 * yield* batches.progress(jobId, { interval: "2 seconds" }).pipe(
 *   Stream.runForEach((p) => Console.log(`${p.completeOperationCount} done, ${p.failureOperationCount} failed`))
 * )
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type {
  BatchOperationDescription,
  BatchOperationProgress,
  BatchOperationSummary
} from "../schema/BatchOperation.js"
import type {
  BatchProgressOptions,
  ListBatchOperationsOptions,
  StartBatchOperationOptions,
  StopBatchOperationOptions
} from "../schema/BatchOperationOptions.js"
import type { RpcOptions } from "../schema/Common/rpc.js"
import type {
  BatchOperationAlreadyClosedError,
  BatchOperationAlreadyStartedError,
  BatchOperationNotFoundError,
  BatchOperationsUnavailableError,
  CallError,
  SendPayloadsError
} from "../schema/TemporalError.js"

/**
 * Errors of starting a batch: the job ID is taken, payloads could not be
 * encoded, or batches are turned off. A start retried after its answer was
 * lost may report `BatchOperationAlreadyStartedError` for the batch it
 * started itself (job IDs are the only idempotency key the server has).
 *
 * @since 1.0.0
 * @category errors
 */
export type StartBatchOperationError =
  | CallError
  | SendPayloadsError
  | BatchOperationAlreadyStartedError
  | BatchOperationsUnavailableError

/**
 * Errors of listing batches.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListBatchOperationsError = CallError | BatchOperationsUnavailableError

/**
 * Errors of describing a batch, and of following its progress.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeBatchOperationError = ListBatchOperationsError | BatchOperationNotFoundError

/**
 * Errors of stopping a batch: it does not exist, or has already closed.
 *
 * @since 1.0.0
 * @category errors
 */
export type StopBatchOperationError = DescribeBatchOperationError | BatchOperationAlreadyClosedError

/**
 * The batch operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface BatchOperations {
  /** Start a batch; answers its job ID. The options are checked before an RPC is sent. */
  readonly start: (options: StartBatchOperationOptions) => Effect.Effect<string, StartBatchOperationError>
  /** A batch's state, times and counts. */
  readonly describe: (
    jobId: string,
    options?: RpcOptions
  ) => Effect.Effect<BatchOperationDescription, DescribeBatchOperationError>
  /** The namespace's batches, newest first, page after page. */
  readonly list: (
    options?: ListBatchOperationsOptions
  ) => Stream.Stream<BatchOperationSummary, ListBatchOperationsError>
  /** Stop a running batch: executions not processed yet are left alone. */
  readonly stop: (jobId: string, options?: StopBatchOperationOptions) => Effect.Effect<void, StopBatchOperationError>
  /**
   * A batch's progress: a snapshot now, then one per `interval` (default 1
   * second), ending with the first that is no longer running.
   */
  readonly progress: (
    jobId: string,
    options?: BatchProgressOptions
  ) => Stream.Stream<BatchOperationProgress, DescribeBatchOperationError>
}

/**
 * The batch operation client.
 *
 * @since 1.0.0
 * @category tags
 */
export class BatchClient extends Context.Service<BatchClient, BatchOperations>()("effect-temporal/BatchClient") {}
