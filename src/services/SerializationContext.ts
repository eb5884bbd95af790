/**
 * What the payloads being converted belong to: the serialization context.
 *
 * Every client call that converts payloads (start, signal, query, update,
 * result, memo, describe, history, heartbeat details and async completion,
 * schedule actions, standalone activities, Nexus operations) runs its
 * conversion with `SerializationContext` set to the workflow, activity or
 * Nexus operation they belong to. Payload converters, payload codecs, the
 * failure converter, a `KeyProvider` and external storage drivers read it
 * with `yield* SerializationContext` (it is a `Context.Reference`: no
 * requirement is added) and may vary by it, e.g. pick a per-tenant key by
 * workflow ID. It is `undefined` where no execution is known (a payload
 * converted outside any client call). The default converters ignore it.
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"

/**
 * Payloads of a workflow: its arguments, result, memo, signal, query and
 * update payloads, and those of a schedule's start-workflow action.
 *
 * @since 1.0.0
 * @category models
 */
export interface WorkflowSerializationContext {
  /** The kind of context: a workflow's payloads. */
  readonly _tag: "Workflow"
  /** The namespace of the workflow. */
  readonly namespace: string
  /** The workflow ID. */
  readonly workflowId: string
  /** The workflow type, where the call knows it (start, a typed handle). */
  readonly workflowType?: string | undefined
}

/**
 * Payloads of an activity: heartbeat details and the result, failure or
 * cancellation details of an asynchronous completion, and the arguments and
 * result of a standalone activity.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivitySerializationContext {
  /** The kind of context: an activity's payloads. */
  readonly _tag: "Activity"
  /** The namespace of the activity. */
  readonly namespace: string
  /** The activity ID, where known (not for a completion by task token). */
  readonly activityId?: string | undefined
  /** The activity type, where known. */
  readonly activityType?: string | undefined
  /** The task queue of the activity, where known. */
  readonly activityTaskQueue?: string | undefined
  /** The workflow the activity belongs to; absent for a standalone activity or a completion by task token. */
  readonly workflowId?: string | undefined
  /** The type of that workflow, where known. */
  readonly workflowType?: string | undefined
  /** Whether it is a local activity: always `false` from a client. */
  readonly isLocal: boolean
}

/**
 * Payloads of a Nexus operation: its input and result.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusSerializationContext {
  /** The kind of context: a Nexus operation's payloads. */
  readonly _tag: "NexusOperation"
  /** The namespace of the caller. */
  readonly namespace: string
  /** The Nexus endpoint name, where known. */
  readonly endpoint?: string | undefined
  /** The Nexus service name, where known. */
  readonly service?: string | undefined
  /** The operation name, where known. */
  readonly operation?: string | undefined
  /** The operation ID of a standalone Nexus operation, where known. */
  readonly operationId?: string | undefined
}

/**
 * The serialization context of a conversion.
 *
 * @since 1.0.0
 * @category models
 */
export type SerializationContext =
  | WorkflowSerializationContext
  | ActivitySerializationContext
  | NexusSerializationContext

/**
 * The serialization context of the conversion in progress: `undefined`
 * unless a client call (or `provide`) set it.
 *
 * @since 1.0.0
 * @category tags
 */
export const SerializationContext: Context.Reference<SerializationContext | undefined> = Context.Reference<
  SerializationContext | undefined
>("effect-temporal/SerializationContext", { defaultValue: () => undefined })

/**
 * The context of a workflow's payloads.
 *
 * @since 1.0.0
 * @category constructors
 */
export const workflow = (fields: Omit<WorkflowSerializationContext, "_tag">): WorkflowSerializationContext => ({
  _tag: "Workflow",
  ...fields
})

/**
 * The context of an activity's payloads (`isLocal` defaults to `false`).
 *
 * @since 1.0.0
 * @category constructors
 */
export const activity = (
  fields: Omit<ActivitySerializationContext, "_tag" | "isLocal"> & { readonly isLocal?: boolean | undefined }
): ActivitySerializationContext => ({ _tag: "Activity", ...fields, isLocal: fields.isLocal ?? false })

/**
 * The context of a Nexus operation's payloads.
 *
 * @since 1.0.0
 * @category constructors
 */
export const nexusOperation = (fields: Omit<NexusSerializationContext, "_tag">): NexusSerializationContext => ({
  _tag: "NexusOperation",
  ...fields
})

/**
 * Run `self` with `context` as its serialization context: what the client
 * does around each call; useful to convert payloads by hand (e.g. with
 * `DataConverter.toPayload`) as a call would.
 *
 * @since 1.0.0
 * @category combinators
 */
export const provide: {
  (context: SerializationContext): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, context: SerializationContext): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, context: SerializationContext): Effect.Effect<A, E, R> =>
    Effect.provideService(self, SerializationContext, context)
)

/**
 * The serialization context of the conversion in progress (`undefined`
 * outside a client call): what a converter, codec or key provider reads.
 *
 * @since 1.0.0
 * @category accessors
 */
export const current: Effect.Effect<SerializationContext | undefined> = Effect.service(SerializationContext)
