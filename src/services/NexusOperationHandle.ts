/**
 * A handle to one standalone Nexus operation execution: a plain value whose
 * methods are Effects that need nothing more. The output is decoded with the
 * operation's Schema when the handle knows it.
 *
 * @since 1.0.0
 */
import type * as Effect from "effect/Effect"
import type { ReasonOptions, RpcOptions } from "../schema/Common.js"
import type { NexusOperationExecutionDescription } from "../schema/NexusOperationExecution.js"
import type { DescribeNexusOperationOptions } from "../schema/NexusOptions.js"
import type {
  ConnectionError,
  DataConverterError,
  ExternalStorageError,
  InvalidArgumentError,
  NamespaceNotFoundError,
  NexusOperationFailedError,
  NexusOperationNotFoundError,
  PayloadCodecError,
  RpcError,
  SchemaDecodeError
} from "../schema/TemporalError.js"

/**
 * Errors of cancelling or terminating a Nexus operation.
 *
 * @since 1.0.0
 * @category errors
 */
export type NexusOperationCallError =
  | NexusOperationNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError

/**
 * Errors of describing a Nexus operation.
 *
 * @since 1.0.0
 * @category errors
 */
export type DescribeNexusOperationError =
  | NexusOperationCallError
  | DataConverterError
  | PayloadCodecError
  | ExternalStorageError
  | SchemaDecodeError

/**
 * Errors of waiting for a Nexus operation's output.
 *
 * @since 1.0.0
 * @category errors
 */
export type NexusOperationResultError = NexusOperationFailedError | DescribeNexusOperationError

/**
 * A handle to a standalone Nexus operation execution.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusOperationHandle<Output = unknown> {
  /** The operation ID. */
  readonly operationId: string
  /** The run this handle targets; absent: the latest run with the ID. */
  readonly runId: string | undefined
  /** The endpoint it was sent to, when the handle knows it. */
  readonly endpoint: string | undefined
  /** The service name, when the handle knows it. */
  readonly service: string | undefined
  /** The operation name, when the handle knows it. */
  readonly operation: string | undefined
  /**
   * Wait for the output: long polls, paced and riding out server outages as
   * a workflow's `result()` does. Fails with `NexusOperationFailedError`
   * when the operation failed, was cancelled, terminated or timed out.
   */
  readonly result: (options?: RpcOptions) => Effect.Effect<Output, NexusOperationResultError>
  /** Describe it: state, attempts, timeouts and, when asked for, decoded input and outcome. */
  readonly describe: (
    options?: DescribeNexusOperationOptions
  ) => Effect.Effect<NexusOperationExecutionDescription, DescribeNexusOperationError>
  /** Request cancellation: the server asks the handler to cancel an asynchronous operation. */
  readonly cancel: (options?: ReasonOptions) => Effect.Effect<void, NexusOperationCallError>
  /** Terminate it at once: the handler is not told. */
  readonly terminate: (options?: ReasonOptions) => Effect.Effect<void, NexusOperationCallError>
}
