/**
 * Async activity handles: the implementation behind the public `AsyncActivityHandle` interface.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import {
  ActivityNotFoundError,
  AsyncActivityCancelledError,
  InvalidArgumentError,
  type RpcError
} from "../schema/TemporalError.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"
import type {
  ActivityIdTarget,
  AsyncActivityCallOptions,
  AsyncActivityHandle,
  AsyncActivityTarget,
  HeartbeatResponse
} from "../services/AsyncActivityHandle.js"
import { cancelReasonOf, isTaskTokenTarget } from "../services/AsyncActivityHandle.js"
import * as SerializationContext from "../services/SerializationContext.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { mapNotFound } from "./workflowErrors.js"

const checkTarget = (target: AsyncActivityTarget): Effect.Effect<void, InvalidArgumentError> => {
  if (isTaskTokenTarget(target)) {
    return target.taskToken instanceof Uint8Array && target.taskToken.length > 0
      ? Effect.void
      : Effect.fail(new InvalidArgumentError({ field: "taskToken", reason: "must be non-empty bytes" }))
  }
  if (target.workflowId !== undefined && (typeof target.workflowId !== "string" || target.workflowId === "")) {
    return Effect.fail(
      new InvalidArgumentError({
        field: "workflowId",
        reason: "must be a non-empty string (leave it out for a standalone activity)"
      })
    )
  }
  if (typeof target.activityId !== "string" || target.activityId === "") {
    return Effect.fail(new InvalidArgumentError({ field: "activityId", reason: "must be a non-empty string" }))
  }
  return validateWellFormedFields([
    ["workflowId", target.workflowId],
    ["runId", target.runId],
    ["activityId", target.activityId]
  ])
}

/** The options of `heartbeatWithOptions` and `reportCancellationWithOptions`. */
type DetailsOptions = Parameters<AsyncActivityHandle["heartbeatWithOptions"]>[0]

/** The options of `fail`. */
type FailOptions = Parameters<AsyncActivityHandle["fail"]>[1]

/** How a handle reaches its activity: the fields of the by-token or of the by-ID requests. */
interface Address {
  readonly taskToken: Uint8Array | undefined
  readonly ids: ActivityIdTarget | undefined
  readonly tokenFields: { readonly namespace: string; readonly taskToken: Uint8Array | null; readonly identity: string }
  readonly idFields: {
    readonly namespace: string
    readonly workflowId: string
    readonly runId: string
    readonly activityId: string
    readonly identity: string
  } | undefined
  /** The activity, as `ActivityNotFoundError` names it. */
  readonly description: string
}

const addressOf = (context: ClientContext, target: AsyncActivityTarget): Address => {
  const taskToken = isTaskTokenTarget(target) ? target.taskToken : undefined
  const ids = isTaskTokenTarget(target) ? undefined : target
  return {
    taskToken,
    ids,
    tokenFields: { namespace: context.namespace, taskToken: taskToken ?? null, identity: context.identity },
    idFields: ids === undefined ? undefined : {
      namespace: context.namespace,
      workflowId: ids.workflowId ?? "",
      runId: ids.runId ?? "",
      activityId: ids.activityId,
      identity: context.identity
    },
    description: ids === undefined
      ? "activity with the given task token (it is unknown, completed, timed out, or its workflow is closed)"
      : ids.workflowId === undefined
      ? `standalone activity ${ids.activityId}${ids.runId ? ` run ${ids.runId}` : ""}`
      : `activity ${ids.activityId} of workflow ${ids.workflowId}${ids.runId ? ` run ${ids.runId}` : ""}`
  }
}

/** The request location of a payload field: in the by-token RPC's message or the by-ID one's. */
const locationOf = (address: Address, rpc: string, field: string): string =>
  `${rpc}${address.idFields === undefined ? "" : "ById"}.${field}`

const notFoundOf = (address: Address) =>
  mapNotFound((error) => new ActivityNotFoundError({ description: address.description, cause: error }))

/**
 * A method's span, and the activity as the serialization context of what it
 * converts (only the namespace for a task token: the client cannot read it).
 */
const spanOf =
  (context: ClientContext, ids: ActivityIdTarget | undefined) =>
  (name: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    SerializationContext.provide(
      effect,
      SerializationContext.activity({
        namespace: context.namespace,
        activityId: ids?.activityId,
        workflowId: ids?.workflowId
      })
    ).pipe(spanOnly(context, ids, name))

const spanOnly = (context: ClientContext, ids: ActivityIdTarget | undefined, name: string) =>
  Effect.withSpan(`temporal.AsyncActivityHandle.${name}`, {
    kind: "client",
    attributes: {
      "temporal.namespace": context.namespace,
      ...(ids !== undefined
        ? {
          ...(ids.workflowId !== undefined ? { "temporal.workflow_id": ids.workflowId } : {}),
          "temporal.activity_id": ids.activityId,
          ...(ids.runId !== undefined
            ? { [ids.workflowId !== undefined ? "temporal.run_id" : "temporal.activity_run_id"]: ids.runId }
            : {})
        }
        : {})
    }
  })

/** Values as the payloads of a request field (`null`, the field left unset, for none), their size checked. */
const payloadsOf = (
  context: ClientContext,
  address: Address,
  values: ReadonlyArray<unknown> | undefined,
  rpc: string,
  field: string
) =>
  Effect.gen(function*() {
    if (values === undefined || values.length === 0) return null
    const payloads = yield* context.dataConverter.toPayloads(values)
    yield* context.dataConverter.checkSize(payloads, locationOf(address, rpc, field))
    return { payloads }
  })

/** The by-token call or the by-ID one, as the handle addresses its activity; NOT_FOUND as `ActivityNotFoundError`. */
const send = <A, B, E1, E2>(
  address: Address,
  byToken: (fields: Address["tokenFields"]) => Effect.Effect<A, E1 | RpcError>,
  byId: (fields: NonNullable<Address["idFields"]>) => Effect.Effect<B, E2 | RpcError>
): Effect.Effect<A | B, Exclude<E1 | E2, RpcError> | RpcError | ActivityNotFoundError> =>
  notFoundOf(address)<A | B, E1 | E2, never>(
    address.idFields === undefined ? byToken(address.tokenFields) : byId(address.idFields)
  )

const heartbeat = (context: ClientContext, address: Address, options: DetailsOptions) =>
  Effect.gen(function*() {
    const details = yield* payloadsOf(context, address, options.details, "RecordActivityTaskHeartbeat", "details")
    const response: HeartbeatResponse = yield* send(
      address,
      (fields) => context.call("heartbeatActivity", { ...fields, details }, callOptionsOf(options)),
      (fields) => context.call("heartbeatActivityById", { ...fields, details }, callOptionsOf(options))
    )
    const reason = cancelReasonOf(response)
    if (reason !== undefined) return yield* new AsyncActivityCancelledError({ reason })
  })

const reportCancellation = (context: ClientContext, address: Address, options: DetailsOptions) =>
  Effect.gen(function*() {
    const details = yield* payloadsOf(context, address, options.details, "RespondActivityTaskCanceled", "details")
    yield* send(
      address,
      (fields) => context.call("reportActivityCancellation", { ...fields, details }, callOptionsOf(options)),
      (fields) => context.call("reportActivityCancellationById", { ...fields, details }, callOptionsOf(options))
    )
  })

const complete = (
  context: ClientContext,
  address: Address,
  value: unknown,
  options: AsyncActivityCallOptions | undefined
) =>
  Effect.gen(function*() {
    const payloads = yield* context.dataConverter.toPayloads([value])
    yield* context.dataConverter.checkSize(payloads, locationOf(address, "RespondActivityTaskCompleted", "result"))
    const result = { payloads }
    yield* send(
      address,
      (fields) => context.call("completeActivity", { ...fields, result }, callOptionsOf(options)),
      (fields) => context.call("completeActivityById", { ...fields, result }, callOptionsOf(options))
    )
  })

const fail = (context: ClientContext, address: Address, error: unknown, options: FailOptions) =>
  Effect.gen(function*() {
    const failure = yield* context.dataConverter.toFailure(error)
    const lastHeartbeatDetails = yield* payloadsOf(
      context,
      address,
      options?.lastHeartbeatDetails,
      "RespondActivityTaskFailed",
      "lastHeartbeatDetails"
    )
    yield* send(
      address,
      (fields) => context.call("failActivity", { ...fields, failure, lastHeartbeatDetails }, callOptionsOf(options)),
      (fields) => context.call("failActivityById", { ...fields, failure, lastHeartbeatDetails }, callOptionsOf(options))
    )
  })

/**
 * Build a handle. Handles are cheap: no I/O happens here; the target is
 * checked by each call (an empty token or ID fails with
 * `InvalidArgumentError` before any RPC).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (context: ClientContext, target: AsyncActivityTarget): AsyncActivityHandle => {
  const address = addressOf(context, target)
  const checked = checkTarget(target)
  const span = spanOf(context, address.ids)
  const heartbeatWithOptions: AsyncActivityHandle["heartbeatWithOptions"] = (options) =>
    Effect.andThen(checked, heartbeat(context, address, options)).pipe(span("heartbeat"))
  const reportCancellationWithOptions: AsyncActivityHandle["reportCancellationWithOptions"] = (options) =>
    Effect.andThen(checked, reportCancellation(context, address, options)).pipe(span("reportCancellation"))
  return {
    target,
    taskToken: address.taskToken,
    workflowId: address.ids?.workflowId,
    runId: address.ids?.runId,
    activityId: address.ids?.activityId,
    heartbeat: (...details) => heartbeatWithOptions({ details }),
    heartbeatWithOptions,
    complete: (result, options) =>
      Effect.andThen(checked, complete(context, address, result, options)).pipe(span("complete")),
    fail: (error, options) => Effect.andThen(checked, fail(context, address, error, options)).pipe(span("fail")),
    reportCancellation: (...details) => reportCancellationWithOptions({ details }),
    reportCancellationWithOptions
  }
}
