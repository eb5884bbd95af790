/**
 * What a workflow handle holds, shared by the modules that implement its
 * methods: its definition and IDs, and the client context under a symbol
 * key (not part of the public handle).
 *
 * @internal
 */
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { ClientContext } from "./clientContext.js"

/** @internal */
export const contextKey: unique symbol = Symbol.for("effect-temporal/WorkflowHandle/context")

/** @internal */
export interface HandleSelf {
  definition: WorkflowDefinition.Any
  workflowId: string
  runId: string | undefined
  resultRunId: string | undefined
  firstExecutionRunId: string | undefined
  [contextKey]: ClientContext
}
