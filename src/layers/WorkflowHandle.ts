/**
 * Workflow handles, and the derived-service form for programs that depend on
 * one long-lived workflow.
 *
 * @since 0.1.0
 */
import type * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import { makeHandleTag } from "../internal/handleTag.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { StartWorkflowOptions } from "../schema/WorkflowOptions.js"
import type { StartWorkflowError, TemporalClient } from "../services/TemporalClient.js"
import type { WorkflowHandle } from "../services/WorkflowHandle.js"

export * from "../services/WorkflowHandle.js"

type HandleIds = { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }

/**
 * A workflow handle declared as a service of its own.
 *
 * @since 0.1.0
 * @category models
 */
export interface HandleTag<Self, Def extends WorkflowDefinition.Any>
  extends Context.Service<Self, WorkflowHandle<Def>>
{
  /** The workflow's definition. */
  readonly definition: Def
  /** Provide the handle of the workflow with this ID. */
  readonly layer: (
    workflowId: string,
    options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
  ) => Layer.Layer<Self, never, TemporalClient>
  /** Start the workflow and provide its handle. */
  readonly layerStart: (
    options: StartWorkflowOptions<Def>
  ) => Layer.Layer<Self, StartWorkflowError, TemporalClient>
}

/**
 * Declare one workflow as a service:
 *
 * ```ts
 * class Order extends WorkflowHandle.Tag<Order>()("app/Order", OrderWorkflow) {}
 * const program = Effect.flatMap(Order, (order) => order.signal("approve", { by: "ops" }))
 * program.pipe(Effect.provide(Order.layer("order-42")))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const Tag = <Self>() =>
<const Key extends string, Def extends WorkflowDefinition.Any>(
  key: Key,
  definition: Def
): HandleTag<Self, Def> & Context.ServiceClass<Self, Key, WorkflowHandle<Def>> =>
  makeHandleTag<Self, Key, Def, WorkflowHandle<Def>, HandleIds, StartWorkflowOptions<Def>, StartWorkflowError>(
    key,
    definition,
    (client, workflowId, options) => client.getWorkflowHandleFor(definition, workflowId, options),
    (client, options) => client.startWorkflow(definition, options as never) as never
  )
