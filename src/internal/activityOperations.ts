/**
 * The standalone activity operations of the client: start, execute, get a
 * handle, list and count.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as ActivityDefinition from "../schema/ActivityDefinition.js"
import { type CheckedStartActivityOptions, StartActivityOptionsSchema } from "../schema/ActivityOptions.js"
import { CheckedListOptions, CheckedRpcOptions } from "../schema/Common.js"
import { ActivityAlreadyStartedError, type RpcError } from "../schema/TemporalError.js"
import type { ActivityExecutionPage, ActivityOperations } from "../services/ActivityClient.js"
import * as SerializationContext from "../services/SerializationContext.js"
import { make as makeActivityHandle } from "./activityHandle.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  activityExecutionCountFromProto,
  activityExecutionFromProto,
  ActivityIdConflictPolicyProto,
  ActivityIdReusePolicyProto
} from "./convert/activity.js"
import { durationToProto, priorityToProto, retryPolicyToProto } from "./convert/common.js"
import * as SearchAttributesConvert from "./convert/searchAttributes.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { makeRequestId } from "./requestId.js"
import { withClientSpan } from "./telemetry.js"
import { findDetail } from "./transport/status.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

const decodeStart = decodeOptions(StartActivityOptionsSchema, "options")
const decodeList = decodeOptions(CheckedListOptions, "options")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")
const decodeActivityType = decodeOptions(StartActivityOptionsSchema.fields.id, "activityType")

const toDefinition = (activity: ActivityDefinition.Any | string): ActivityDefinition.Any =>
  typeof activity === "string" ? ActivityDefinition.untyped(activity) : activity

/** An ALREADY_EXISTS naming the running activity, as `ActivityAlreadyStartedError`. */
const alreadyStarted = (error: RpcError, activityId: string, activityType: string) => {
  if (error.code !== "ALREADY_EXISTS") return undefined
  const detail = findDetail(error, "ActivityExecutionAlreadyStartedFailure") as { runId?: string } | undefined
  return new ActivityAlreadyStartedError({
    activityId,
    activityType,
    cause: error,
    ...(detail?.runId ? { runId: detail.runId } : {})
  })
}

/** `f(value)`, or `null` (a proto field left unset) when there is no value. */
const orNull = <A, B>(value: A | undefined, f: (a: A) => B): B | null => value === undefined ? null : f(value)

/** The `StartActivityExecution` request of checked options, payloads encoded. */
const startRequest = (
  context: ClientContext,
  definition: ActivityDefinition.Any,
  options: CheckedStartActivityOptions
) =>
  Effect.gen(function*() {
    const converter = context.dataConverter
    const input = yield* converter.toPayloads(
      options.args,
      ActivityDefinition.argSchemasFor(definition, options.args.length)
    )
    yield* converter.checkSize(input, "StartActivityExecution.input")
    const searchAttributes = options.searchAttributes !== undefined
      ? { indexedFields: yield* SearchAttributesConvert.encode(options.searchAttributes) }
      : null
    const summary = options.summary !== undefined ? yield* converter.toPayload(options.summary) : undefined
    return {
      namespace: context.namespace,
      identity: context.identity,
      requestId: options.requestId ?? (yield* makeRequestId),
      activityId: options.id,
      activityType: { name: definition.name },
      taskQueue: { name: options.taskQueue },
      scheduleToCloseTimeout: orNull(options.scheduleToCloseTimeout, durationToProto),
      scheduleToStartTimeout: orNull(options.scheduleToStartTimeout, durationToProto),
      startToCloseTimeout: orNull(options.startToCloseTimeout, durationToProto),
      heartbeatTimeout: orNull(options.heartbeatTimeout, durationToProto),
      retryPolicy: orNull(options.retryPolicy, retryPolicyToProto),
      input: { payloads: input },
      idReusePolicy: orNull(options.idReusePolicy, ActivityIdReusePolicyProto.toProto),
      idConflictPolicy: orNull(options.idConflictPolicy, ActivityIdConflictPolicyProto.toProto),
      searchAttributes,
      userMetadata: summary !== undefined ? { summary } : null,
      priority: orNull(options.priority, priorityToProto),
      startDelay: orNull(options.startDelay, durationToProto)
    }
  })

/**
 * The standalone activity operations over a client context.
 *
 * @internal
 */
export const makeActivityOperations = (context: ClientContext): ActivityOperations => {
  const span = (name: string, activityId: string | undefined) =>
    withClientSpan(`temporal.TemporalClient.${name}`, () => ({
      "temporal.namespace": context.namespace,
      ...(activityId !== undefined ? { "temporal.activity_id": activityId } : {})
    }))

  const startActivity: ActivityOperations["startActivity"] = (activity, options) => {
    const definition = toDefinition(activity)
    return Effect.gen(function*() {
      const checked = yield* decodeStart(options)
      yield* decodeActivityType(definition.name)
      const request = yield* startRequest(context, definition, checked).pipe(
        SerializationContext.provide(SerializationContext.activity({
          namespace: context.namespace,
          activityId: checked.id,
          activityType: definition.name,
          activityTaskQueue: checked.taskQueue
        }))
      )
      const response = yield* context.call("startActivity", request, callOptionsOf(checked)).pipe(
        Effect.mapError((error) =>
          isRpcError(error) ? alreadyStarted(error, checked.id, definition.name) ?? error : error
        )
      )
      return makeActivityHandle(context, definition, { activityId: checked.id, runId: response.runId || undefined })
    }).pipe(span("startActivity", typeof options?.id === "string" ? options.id : undefined)) as never
  }

  const fetchPage = (
    query: string | undefined,
    checked:
      & { readonly pageSize?: number | undefined; readonly nextPageToken?: Uint8Array | undefined }
      & Parameters<typeof callOptionsOf>[0]
  ) =>
    Effect.map(
      context.call("listActivities", {
        namespace: context.namespace,
        query: query ?? "",
        pageSize: checked.pageSize ?? 0,
        nextPageToken: checked.nextPageToken ?? null
      }, callOptionsOf(checked)),
      (response): ActivityExecutionPage => ({
        executions: (response.executions ?? []).map((info) => activityExecutionFromProto(info, context.namespace)),
        nextPageToken: nextTokenOf(response.nextPageToken)
      })
    )

  return {
    startActivity,
    executeActivity: (activity, options) =>
      Effect.flatMap(startActivity(activity, options), (handle) => handle.result()) as never,
    getActivityHandle: (activityId, handleOptions = {}) =>
      makeActivityHandle(context, ActivityDefinition.untyped(""), { activityId, runId: handleOptions.runId }),
    getActivityHandleFor: (definition, activityId, handleOptions = {}) =>
      makeActivityHandle(context, definition, { activityId, runId: handleOptions.runId }),
    listActivitiesPage: (query, pageOptions = {}) =>
      Effect.flatMap(decodeList({ ...pageOptions, query }), (checked) => fetchPage(query, checked)).pipe(
        span("listActivities", undefined)
      ),
    listActivities: (query, listOptions = {}) =>
      Stream.unwrap(Effect.map(decodeList({ ...listOptions, query }), (checked) =>
        pagedStream(
          (nextPageToken) =>
            Effect.map(fetchPage(query, { ...checked, nextPageToken }), (page) => ({
              items: page.executions,
              nextPageToken: page.nextPageToken
            })),
          checked.limit
        ))),
    countActivities: (query, countOptions = {}) =>
      Effect.flatMap(
        Effect.andThen(decodeList({ query }), decodeCallOptions(countOptions)),
        (checked) =>
          context.call("countActivities", { namespace: context.namespace, query: query ?? "" }, callOptionsOf(checked))
      ).pipe(Effect.map(activityExecutionCountFromProto), span("countActivities", undefined))
  }
}
