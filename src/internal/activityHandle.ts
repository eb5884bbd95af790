/**
 * Standalone activity handles: the implementation behind the public
 * `ActivityHandle` interface.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as ActivityDefinition from "../schema/ActivityDefinition.js"
import type { ActivityExecutionOptions } from "../schema/ActivityExecution.js"
import {
  type ActivityReasonOptions,
  DescribeActivityOptionsSchema,
  type UnpauseActivityOptions,
  UnpauseActivityOptionsSchema,
  type UpdateActivityOptions,
  UpdateActivityOptionsSchema
} from "../schema/ActivityOptions.js"
import type { RpcOptions } from "../schema/Common.js"
import { CheckedReasonOptions, CheckedRpcOptions } from "../schema/Common.js"
import type * as Failure from "../schema/Failure.js"
import {
  ActivityFailedError,
  ActivityNotFoundError,
  type InvalidArgumentError,
  type NamespaceNotFoundError,
  type RpcError
} from "../schema/TemporalError.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"
import type { ActivityHandle, ActivityResultError } from "../services/ActivityHandle.js"
import type { RpcCallError } from "../services/Connection.js"
import * as SerializationContext from "../services/SerializationContext.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  activityOptionsFromProto,
  activityOptionsUpdateToProto,
  decodeActivityDescription
} from "./convert/activity.js"
import { durationToProto } from "./convert/common.js"
import { describeCallOptions, pollUntilOutcome } from "./pollUntilOutcome.js"
import { nameOf, RetryState } from "./proto/enums.js"
import { makeRequestId } from "./requestId.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

const contextKey: unique symbol = Symbol.for("effect-temporal/ActivityHandle/context")

/** What a handle holds; the methods read it through `this`. */
interface HandleSelf {
  definition: ActivityDefinition.Any
  activityId: string
  runId: string | undefined
  [contextKey]: ClientContext
}

/**
 * Build a handle. Handles are cheap: no I/O happens here.
 *
 * @internal
 */
export const make = <Def extends ActivityDefinition.Any>(
  context: ClientContext,
  definition: Def,
  ids: { readonly activityId: string; readonly runId?: string | undefined }
): ActivityHandle<Def> => {
  const handle = Object.create(handleProto) as HandleSelf
  handle.definition = definition
  handle.activityId = ids.activityId
  handle.runId = ids.runId || undefined
  handle[contextKey] = context
  return handle as unknown as ActivityHandle<Def>
}

/**
 * An `ActivityNotFoundError` for a NOT_FOUND about this activity.
 *
 * @internal
 */
export const activityNotFound = (activityId: string, runId: string | undefined, cause: RpcError) =>
  new ActivityNotFoundError({
    description: `standalone activity ${activityId}${runId ? ` run ${runId}` : ""}`,
    cause
  })

const notFoundOf = (self: HandleSelf) =>
<A, E, R>(
  effect: Effect.Effect<A, E | RpcError, R>
): Effect.Effect<A, Exclude<E, RpcError> | RpcError | ActivityNotFoundError, R> =>
  Effect.catchIf(
    effect,
    (error): error is RpcError => isRpcError(error) && error.code === "NOT_FOUND",
    (error) => Effect.fail(activityNotFound(self.activityId, self.runId, error))
  ) as Effect.Effect<A, Exclude<E, RpcError> | RpcError | ActivityNotFoundError, R>

/** A handle method's span, and the activity as the serialization context of what it converts. */
const spanOf = (self: HandleSelf, name: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  SerializationContext.provide(
    effect,
    SerializationContext.activity({
      namespace: self[contextKey].namespace,
      activityId: self.activityId,
      activityType: self.definition.name || undefined
    })
  ).pipe(
    withClientSpan(`temporal.ActivityHandle.${name}`, () => ({
      "temporal.namespace": self[contextKey].namespace,
      "temporal.activity_id": self.activityId,
      ...(self.runId !== undefined ? { "temporal.activity_run_id": self.runId } : {})
    }))
  )

/** The handle's IDs and the call's own strings, checked before each call (not valid Unicode: refused). */
const checkStrings = (
  self: HandleSelf,
  more: ReadonlyArray<readonly [field: string, value: string | undefined]> = []
): Effect.Effect<void, InvalidArgumentError> =>
  validateWellFormedFields([["activityId", self.activityId], ["runId", self.runId], ...more])

const decodeUnpause = decodeOptions(UnpauseActivityOptionsSchema, "options")
const decodeUpdate = decodeOptions(UpdateActivityOptionsSchema, "options")
const decodeDescribe = decodeOptions(DescribeActivityOptionsSchema, "options")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")
const decodeReason = decodeOptions(CheckedReasonOptions, "options")

const binaryNull = new TextEncoder().encode("binary/null")

const retryStateName = (state: number | null | undefined): Failure.RetryState =>
  nameOf(RetryState, state, "RETRY_STATE_UNSPECIFIED") as Failure.RetryState

/** The outcome of a closed activity: its result, or `ActivityFailedError`. */
const decodeOutcome = (
  self: HandleSelf,
  runId: string | undefined,
  outcome: temporal.api.activity.v1.IActivityExecutionOutcome
): Effect.Effect<unknown, ActivityResultError> => {
  const context = self[contextKey]
  if (outcome.failure) {
    return Effect.flatMap(context.dataConverter.fromFailure(outcome.failure), (cause) =>
      Effect.fail(
        new ActivityFailedError({
          activityId: self.activityId,
          retryState: retryStateName(outcome.retryState as number | null | undefined),
          cause,
          ...(runId ? { runId } : {})
        })
      ))
  }
  const payload = outcome.result?.payloads?.[0] ?? { metadata: { encoding: binaryNull } }
  return context.dataConverter.fromPayload(
    payload,
    ActivityDefinition.resultSchema(self.definition) as Schema.Codec<unknown, unknown>
  )
}

/**
 * The result loop: long-poll `PollActivityExecution` until it has an
 * outcome, paced and riding out outages as a workflow's `result()` does.
 */
const awaitResult = (self: HandleSelf, options: RpcOptions) => {
  const context = self[contextKey]
  const request = { namespace: context.namespace, activityId: self.activityId, runId: self.runId ?? "" }
  return pollUntilOutcome(
    context.call("getActivityResult", request, { ...callOptionsOf(options), longPoll: true }),
    (answer) =>
      answer.outcome && (answer.outcome.result || answer.outcome.failure)
        ? decodeOutcome(self, answer.runId || self.runId, answer.outcome)
        : undefined,
    (error) => activityNotFound(self.activityId, self.runId, error),
    options.rpcTimeout !== undefined
  )
}

/** A request naming the handle's activity, with the client's identity and a fresh request ID. */
const targetRequest = (self: HandleSelf) =>
  Effect.map(makeRequestId, (requestId) => ({
    namespace: self[contextKey].namespace,
    activityId: self.activityId,
    runId: self.runId ?? "",
    identity: self[contextKey].identity,
    requestId
  }))

const reasonCall = (
  self: HandleSelf,
  name: "cancel" | "terminate" | "pause",
  options: ActivityReasonOptions
) => {
  const context = self[contextKey]
  const call = name === "cancel" ? "cancelActivity" : name === "terminate" ? "terminateActivity" : "pauseActivity"
  return Effect.gen(function*() {
    const checked = yield* decodeReason(options)
    yield* checkStrings(self)
    const request = { ...(yield* targetRequest(self)), reason: checked.reason ?? "" }
    yield* context.call(call, request, callOptionsOf(checked)).pipe(notFoundOf(self))
  }).pipe(spanOf(self, name))
}

const updateCall = (
  self: HandleSelf,
  name: "updateOptions" | "restoreOriginalOptions",
  build: Effect.Effect<
    {
      readonly fields: Partial<temporal.api.workflowservice.v1.IUpdateActivityExecutionOptionsRequest>
      readonly rpc: RpcOptions
    },
    InvalidArgumentError
  >
): Effect.Effect<
  ActivityExecutionOptions,
  ActivityNotFoundError | NamespaceNotFoundError | InvalidArgumentError | RpcCallError
> => {
  const context = self[contextKey]
  return Effect.gen(function*() {
    const { fields, rpc } = yield* build
    yield* checkStrings(self)
    const request = { ...(yield* targetRequest(self)), ...fields }
    const response = yield* context.call("updateActivityOptions", request, callOptionsOf(rpc)).pipe(notFoundOf(self))
    return activityOptionsFromProto(response.activityOptions)
  }).pipe(spanOf(self, name))
}

const handleProto = {
  result(this: HandleSelf, options: RpcOptions = {}) {
    return Effect.andThen(
      Effect.andThen(decodeCallOptions(options), checkStrings(this)),
      awaitResult(this, options)
    ).pipe(spanOf(this, "result"))
  },
  describe(this: HandleSelf, options: Parameters<ActivityHandle["describe"]>[0] = {}) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      const checked = yield* decodeDescribe(options)
      yield* checkStrings(self)
      const response = yield* context.call("describeActivity", {
        namespace: context.namespace,
        activityId: self.activityId,
        runId: self.runId ?? "",
        includeInput: checked.includeInput ?? false,
        includeOutcome: checked.includeOutcome ?? false,
        includeHeartbeatDetails: checked.includeHeartbeatDetails ?? false,
        includeLastFailure: checked.includeLastFailure ?? false,
        longPollToken: checked.longPollToken ?? null
      }, describeCallOptions(checked)).pipe(notFoundOf(self))
      return yield* decodeActivityDescription(context.dataConverter, response, context.namespace, {
        result: ActivityDefinition.resultSchema(self.definition) as Schema.Codec<unknown, unknown>,
        heartbeatDetails: ActivityDefinition.heartbeatDetailsSchema(self.definition) as Schema.Codec<unknown, unknown>
      })
    }).pipe(spanOf(self, "describe"))
  },
  cancel(this: HandleSelf, options: ActivityReasonOptions = {}) {
    return reasonCall(this, "cancel", options)
  },
  terminate(this: HandleSelf, options: ActivityReasonOptions = {}) {
    return reasonCall(this, "terminate", options)
  },
  pause(this: HandleSelf, options: ActivityReasonOptions = {}) {
    return reasonCall(this, "pause", options)
  },
  unpause(this: HandleSelf, options: UnpauseActivityOptions = {}) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      const checked = yield* decodeUnpause(options)
      yield* checkStrings(self)
      const request = {
        ...(yield* targetRequest(self)),
        reason: checked.reason ?? "",
        ...(checked.jitter !== undefined ? { jitter: durationToProto(checked.jitter) } : {})
      }
      yield* context.call("unpauseActivity", request, callOptionsOf(checked)).pipe(notFoundOf(self))
    }).pipe(spanOf(self, "unpause"))
  },
  updateOptions(this: HandleSelf, options: UpdateActivityOptions) {
    return updateCall(
      this,
      "updateOptions",
      Effect.map(decodeUpdate(options), (checked) => {
        const { activityOptions, paths } = activityOptionsUpdateToProto(checked)
        return { fields: { activityOptions, updateMask: { paths } }, rpc: checked }
      })
    )
  },
  restoreOriginalOptions(this: HandleSelf, options: RpcOptions = {}) {
    return updateCall(
      this,
      "restoreOriginalOptions",
      Effect.map(decodeCallOptions(options), (checked) => ({ fields: { restoreOriginal: true }, rpc: checked }))
    )
  }
}
