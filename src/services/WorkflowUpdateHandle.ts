/**
 * A handle to one workflow update: its ID and a way to wait for its result.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { RpcOptions } from "../schema/Common.js"
import type {
  CallError,
  ReceivePayloadsError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateNotFoundError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"

/**
 * Errors of waiting for an update's result.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkflowUpdateResultError =
  | WorkflowUpdateFailedError
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowUpdateNotFoundError
  | WorkflowNotFoundError
  | CallError
  | ReceivePayloadsError

/**
 * A handle to an update; `result` waits for its outcome as long as the
 * caller waits.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowUpdateHandle<A = unknown> {
  /** The update's ID. */
  readonly updateId: string
  /** The update's name. */
  readonly name: string
  /** The workflow the update belongs to. */
  readonly workflowId: string
  /** The workflow run, when known. */
  readonly workflowRunId: string | undefined
  /**
   * The update's result, or `WorkflowUpdateFailedError` when its handler failed; `WorkflowUpdateNotFoundError`
   * when the workflow has no update with this ID. Polls for as long as the caller waits, as `result()` does.
   * `rpcTimeout` is the deadline of each poll; a poll that reaches it fails with
   * `WorkflowUpdateRpcTimeoutOrCancelledError`. Without it, each poll gets 70 s and one that reaches them polls
   * again. Bound the whole wait with `Effect.timeout`.
   */
  readonly result: (options?: RpcOptions) => Effect.Effect<A, WorkflowUpdateResultError>
}
