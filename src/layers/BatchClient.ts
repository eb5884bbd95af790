/**
 * The batch operation client's Layer, and module-level accessors.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { makeBatchOperations } from "../internal/batchOperations.js"
import { derivedClientContext } from "../internal/derivedClientContext.js"
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
import {
  BatchClient,
  type DescribeBatchOperationError,
  type ListBatchOperationsError,
  type StartBatchOperationError,
  type StopBatchOperationError
} from "../services/BatchClient.js"
import type { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/BatchClient.js"

/**
 * The batch operation client, from the `TemporalClient` (its connection,
 * namespace, identity and data converter, which encodes signal arguments and
 * termination details) and the `ClientInterceptors` in force where the Layer
 * is built.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<BatchClient, never, TemporalClient> = Layer.effect(
  BatchClient,
  Effect.map(derivedClientContext, (context) => BatchClient.of(makeBatchOperations(context)))
)

/**
 * Start a batch operation, with the batch client in context; answers its job
 * ID.
 *
 * @since 1.0.0
 * @category accessors
 */
export const start = (
  options: StartBatchOperationOptions
): Effect.Effect<string, StartBatchOperationError, BatchClient> =>
  Effect.flatMap(BatchClient, (client) => client.start(options))

/**
 * Describe a batch operation, with the batch client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const describe = (
  jobId: string,
  options?: RpcOptions
): Effect.Effect<BatchOperationDescription, DescribeBatchOperationError, BatchClient> =>
  Effect.flatMap(BatchClient, (client) => client.describe(jobId, options))

/**
 * The namespace's batch operations, with the batch client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const list = (
  options?: ListBatchOperationsOptions
): Stream.Stream<BatchOperationSummary, ListBatchOperationsError, BatchClient> =>
  Stream.unwrap(Effect.map(BatchClient, (client) => client.list(options)))

/**
 * Stop a running batch operation, with the batch client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const stop = (
  jobId: string,
  options?: StopBatchOperationOptions
): Effect.Effect<void, StopBatchOperationError, BatchClient> =>
  Effect.flatMap(BatchClient, (client) => client.stop(jobId, options))

/**
 * A batch operation's progress until it ends, with the batch client in
 * context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const progress = (
  jobId: string,
  options?: BatchProgressOptions
): Stream.Stream<BatchOperationProgress, DescribeBatchOperationError, BatchClient> =>
  Stream.unwrap(Effect.map(BatchClient, (client) => client.progress(jobId, options)))
