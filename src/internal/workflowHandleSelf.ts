/**
 * What a workflow handle holds, shared by the modules that implement its
 * methods: its definition and IDs, and the client context under a symbol
 * key (not part of the public handle).
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import * as SerializationContext from "../services/SerializationContext.js"
import type { ClientContext } from "./clientContext.js"
import { withClientSpan } from "./telemetry.js"

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

/**
 * The serialization context of a handle's payloads: its workflow.
 *
 * @internal
 */
export const serializationContextOf = (self: HandleSelf): SerializationContext.WorkflowSerializationContext =>
  SerializationContext.workflow({
    namespace: self[contextKey].namespace,
    workflowId: self.workflowId,
    workflowType: self.definition.name || undefined
  })

/**
 * A handle method's span, and its workflow as the serialization context of
 * what it converts.
 *
 * @internal
 */
export const spanOf = (self: HandleSelf, name: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  SerializationContext.provide(effect, serializationContextOf(self)).pipe(
    withClientSpan(`temporal.WorkflowHandle.${name}`, () => ({
      "temporal.namespace": self[contextKey].namespace,
      "temporal.workflow_id": self.workflowId,
      ...(self.runId !== undefined ? { "temporal.run_id": self.runId } : {})
    }))
  )
