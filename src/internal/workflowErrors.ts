/**
 * Mapping RPC failures of workflow calls to the precise errors users match on.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type RpcError, WorkflowAlreadyStartedError, WorkflowNotFoundError } from "../schema/errors.js"
import { findDetail } from "./status.js"

/**
 * The `WorkflowNotFoundError` of a NOT_FOUND answer.
 *
 * @internal
 */
export const workflowNotFound = (
  namespace: string,
  workflowId: string,
  runId: string | undefined,
  cause: RpcError
): WorkflowNotFoundError =>
  new WorkflowNotFoundError({
    workflowId,
    namespace,
    cause,
    ...(runId ? { runId } : {})
  })

/**
 * NOT_FOUND becomes `WorkflowNotFoundError`; other failures pass through.
 *
 * @internal
 */
export const mapWorkflowNotFound = (namespace: string, workflowId: string, runId: string | undefined) =>
<A, E, R>(self: Effect.Effect<A, E | RpcError, R>): Effect.Effect<A, Exclude<E, RpcError> | RpcError | WorkflowNotFoundError, R> =>
  Effect.catchIf(
    self,
    (error): error is RpcError => isRpcError(error) && error.code === "NOT_FOUND",
    (error) => Effect.fail(workflowNotFound(namespace, workflowId, runId, error))
  ) as Effect.Effect<A, Exclude<E, RpcError> | RpcError | WorkflowNotFoundError, R>

/**
 * ALREADY_EXISTS with `WorkflowExecutionAlreadyStartedFailure` details
 * becomes `WorkflowAlreadyStartedError` carrying the existing run ID.
 *
 * @internal
 */
export const alreadyStarted = (error: RpcError, workflowId: string, workflowType: string) => {
  if (error.code !== "ALREADY_EXISTS") return undefined
  const detail = findDetail(error, "WorkflowExecutionAlreadyStartedFailure") as { runId?: string } | undefined
  return new WorkflowAlreadyStartedError({
    workflowId,
    workflowType,
    cause: error,
    ...(detail?.runId ? { runId: detail.runId } : {})
  })
}

/** @internal */
export const isRpcError = (u: unknown): u is RpcError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "RpcError"
