/**
 * Workflow update handles: the implementation behind the public `WorkflowUpdateHandle` interface.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"
import * as SerializationContext from "../services/SerializationContext.js"
import type { WorkflowUpdateHandle } from "../services/WorkflowUpdateHandle.js"
import type { ClientContext } from "./clientContext.js"
import { awaitUpdateOutcome, decodeUpdateOutcome } from "./longPoll.js"

/**
 * Build a handle; `knownOutcome` is the outcome when the start call already
 * returned it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <A, I>(
  context: ClientContext,
  fields: {
    readonly updateId: string
    readonly name: string
    readonly workflowId: string
    readonly workflowRunId: string | undefined
    readonly resultSchema: Schema.Codec<A, I>
    readonly knownOutcome?: temporal.api.update.v1.IOutcome | undefined
  }
): WorkflowUpdateHandle<A> => ({
  updateId: fields.updateId,
  name: fields.name,
  workflowId: fields.workflowId,
  workflowRunId: fields.workflowRunId,
  result: (options = {}) =>
    Effect.flatMap(
      fields.knownOutcome
        ? Effect.succeed(fields.knownOutcome)
        : Effect.andThen(
          validateWellFormedFields([
            ["workflowId", fields.workflowId],
            ["runId", fields.workflowRunId],
            ["updateId", fields.updateId]
          ]),
          awaitUpdateOutcome(context, fields.workflowId, fields.workflowRunId, fields.updateId, options)
        ),
      (outcome) =>
        decodeUpdateOutcome(
          context,
          outcome,
          { workflowId: fields.workflowId, updateId: fields.updateId, updateName: fields.name },
          fields.resultSchema
        )
    ).pipe(
      SerializationContext.provide(
        SerializationContext.workflow({ namespace: context.namespace, workflowId: fields.workflowId })
      ),
      Effect.withSpan("temporal.WorkflowUpdateHandle.result", {
        kind: "client",
        attributes: { "temporal.workflow_id": fields.workflowId, "temporal.update_id": fields.updateId }
      })
    )
})
