/**
 * A handle to one workflow update: its ID and a way to wait for its result.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { ClientContext } from "../internal/clientContext.js"
import { awaitUpdateOutcome, decodeUpdateOutcome, type UpdateOutcomeError } from "../internal/longPoll.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"

/**
 * Errors of waiting for an update's result.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkflowUpdateResultError = UpdateOutcomeError

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
   */
  readonly result: (options?: {
    /**
     * Deadline of each poll; a poll that reaches it fails with `WorkflowUpdateRpcTimeoutOrCancelledError`.
     * Without it, each poll gets 70 s and one that reaches them polls again. Bound the whole wait with
     * `Effect.timeout`.
     */
    readonly rpcTimeout?: Duration.Input | undefined
    /** Extra request headers. */
    readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
  }) => Effect.Effect<A, WorkflowUpdateResultError>
}

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
      Effect.withSpan("temporal.WorkflowUpdateHandle.result", {
        kind: "client",
        attributes: { "temporal.workflow_id": fields.workflowId, "temporal.update_id": fields.updateId }
      })
    )
})
