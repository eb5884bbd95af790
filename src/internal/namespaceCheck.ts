/**
 * The connect-time check that the client's namespace exists.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { NamespaceNotFoundError } from "../schema/TemporalError.js"
import type { ConnectionShape } from "../services/Connection.js"
import { namespaceNotFound } from "./workflowErrors.js"

/**
 * One `DescribeNamespace` of `namespace`, single attempt, bounded by
 * `timeout`. Only its NOT_FOUND fails (`NamespaceNotFoundError`); any other
 * answer (a key not allowed to describe namespaces, a server without the
 * RPC, a failed attempt) leaves the question to the first call, which then
 * fails with `NamespaceNotFoundError` if need be.
 *
 * @internal
 */
export const checkNamespaceExists = (
  connection: ConnectionShape,
  namespace: string,
  timeout: Duration.Input = Duration.seconds(10)
): Effect.Effect<void, NamespaceNotFoundError> =>
  connection.workflowService.describeNamespace({ namespace }, { retry: false, rpcTimeout: timeout }).pipe(
    Effect.asVoid,
    Effect.catch((error) =>
      error._tag === "RpcError" && error.code === "NOT_FOUND"
        ? Effect.fail(namespaceNotFound(namespace, error))
        : Effect.void
    )
  )
