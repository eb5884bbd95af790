/**
 * Mapping RPC failures of workflow calls to the precise errors users match on.
 *
 * The server answers NOT_FOUND for several different facts; they are told
 * apart by the status details and message, as the server writes them
 * (server 1.29):
 *
 * - a namespace that does not exist: details `NamespaceNotFoundFailure`,
 *   "Namespace x is not found." (every namespaced RPC);
 * - a closed execution refusing a signal, update or termination: details
 *   `NotFoundFailure`, "workflow execution already completed";
 * - an update ID the workflow does not have: details `NotFoundFailure`,
 *   `update "x" not found` (`PollWorkflowExecutionUpdate`);
 * - no such execution: details `NotFoundFailure`, "workflow not found for
 *   ID: x".
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import {
  NamespaceNotFoundError,
  type RpcError,
  WorkflowAlreadyCompletedError,
  WorkflowAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateNotFoundError
} from "../schema/TemporalError.js"
import { findDetail } from "./transport/status.js"

/** @internal */
export const isRpcError = (u: unknown): u is RpcError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "RpcError"

const namespaceNotFoundMessage = /^Namespace .* is not found/
const alreadyCompletedMessage = /workflow execution already completed/i
const updateNotFoundMessage = /^update .* not found/i

/**
 * Whether a failure says the namespace does not exist.
 *
 * @internal
 */
export const isNamespaceNotFound = (error: RpcError): boolean =>
  error.code === "NOT_FOUND" &&
  (findDetail(error, "NamespaceNotFoundFailure") !== undefined || namespaceNotFoundMessage.test(error.message))

/**
 * The `NamespaceNotFoundError` of a failure that says so; `namespace` is the
 * one the request named, used when the details do not name it.
 *
 * @internal
 */
export const namespaceNotFound = (namespace: string, error: RpcError): NamespaceNotFoundError => {
  const detail = findDetail(error, "NamespaceNotFoundFailure") as { namespace?: string } | undefined
  return new NamespaceNotFoundError({ namespace: detail?.namespace || namespace, cause: error })
}

/**
 * A missing namespace becomes `NamespaceNotFoundError`; other failures pass
 * through. Every call of the client goes through this.
 *
 * @internal
 */
export const mapNamespaceNotFound =
  (namespace: string) =>
  <A, E, R>(self: Effect.Effect<A, E | RpcError, R>): Effect.Effect<A, E | RpcError | NamespaceNotFoundError, R> =>
    Effect.catchIf(
      self,
      (error): error is RpcError => isRpcError(error) && isNamespaceNotFound(error),
      (error) => Effect.fail(namespaceNotFound(namespace, error))
    )

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

const isNotFound = (error: unknown): error is RpcError => isRpcError(error) && error.code === "NOT_FOUND"

/**
 * NOT_FOUND becomes the error `onNotFound` makes of it; other failures pass
 * through.
 *
 * @internal
 */
export const mapNotFound = <X>(onNotFound: (error: RpcError) => X) =>
<A, E, R>(
  self: Effect.Effect<A, E | RpcError, R>
): Effect.Effect<A, Exclude<E, RpcError> | RpcError | X, R> =>
  Effect.catchIf(self, isNotFound, (error) => Effect.fail(onNotFound(error))) as Effect.Effect<
    A,
    Exclude<E, RpcError> | RpcError | X,
    R
  >

/**
 * NOT_FOUND becomes `WorkflowNotFoundError`; other failures pass through.
 * For the calls the server answers on closed executions too (describe,
 * query, history, result, cancel).
 *
 * @internal
 */
export const mapWorkflowNotFound = (namespace: string, workflowId: string, runId: string | undefined) =>
  mapNotFound((error) => workflowNotFound(namespace, workflowId, runId, error))

/**
 * NOT_FOUND becomes `WorkflowAlreadyCompletedError` when the server says
 * the execution is closed, else `WorkflowNotFoundError`. For the calls a
 * closed execution refuses: signal, update, terminate.
 *
 * @internal
 */
export const mapWorkflowGone = (namespace: string, workflowId: string, runId: string | undefined) =>
  mapNotFound((error): WorkflowNotFoundError | WorkflowAlreadyCompletedError =>
    alreadyCompletedMessage.test(error.message)
      ? new WorkflowAlreadyCompletedError({ workflowId, namespace, cause: error, ...(runId ? { runId } : {}) })
      : workflowNotFound(namespace, workflowId, runId, error)
  )

/**
 * The error of a NOT_FOUND answer to an update poll: the update is unknown
 * (`WorkflowUpdateNotFoundError`), or the workflow is (`WorkflowNotFoundError`).
 *
 * @internal
 */
export const updateNotFound = (
  ids: {
    readonly namespace: string
    readonly workflowId: string
    readonly runId: string | undefined
    readonly updateId: string
  },
  error: RpcError
): WorkflowUpdateNotFoundError | WorkflowNotFoundError =>
  updateNotFoundMessage.test(error.message)
    ? new WorkflowUpdateNotFoundError({
      workflowId: ids.workflowId,
      updateId: ids.updateId,
      namespace: ids.namespace,
      cause: error,
      ...(ids.runId ? { runId: ids.runId } : {})
    })
    : workflowNotFound(ids.namespace, ids.workflowId, ids.runId, error)

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
