/**
 * Standalone Nexus operation handles: the implementation behind the public
 * `NexusOperationHandle` interface.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import { CheckedReasonOptions, CheckedRpcOptions, type ReasonOptions, type RpcOptions } from "../schema/Common.js"
import { CheckedDescribeNexusOperationOptions, type DescribeNexusOperationOptions } from "../schema/NexusOptions.js"
import {
  type InvalidArgumentError,
  NexusOperationFailedError,
  NexusOperationNotFoundError,
  type RpcError
} from "../schema/TemporalError.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"
import type { NexusOperationHandle, NexusOperationResultError } from "../services/NexusOperationHandle.js"
import * as SerializationContext from "../services/SerializationContext.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { decodeNexusOperationDescription } from "./convert/nexus.js"
import { describeCallOptions, pollUntilOutcome } from "./pollUntilOutcome.js"
import { NexusOperationWaitStage } from "./proto/enums.js"
import { makeRequestId } from "./requestId.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

/**
 * What a handle knows: its IDs, and, when it was started or named by this
 * client, the endpoint, service and operation with the operation's Schemas.
 *
 * @internal
 */
export interface NexusOperationTarget {
  readonly operationId: string
  readonly runId?: string | undefined
  readonly endpoint?: string | undefined
  readonly service?: string | undefined
  readonly operation?: string | undefined
  readonly input: Schema.Codec<unknown, unknown>
  readonly output: Schema.Codec<unknown, unknown>
}

const contextKey: unique symbol = Symbol.for("effect-temporal/NexusOperationHandle/context")

/** What a handle holds; the methods read it through `this`. */
interface HandleSelf {
  operationId: string
  runId: string | undefined
  endpoint: string | undefined
  service: string | undefined
  operation: string | undefined
  target: NexusOperationTarget
  [contextKey]: ClientContext
}

/**
 * Build a handle. Handles are cheap: no I/O happens here.
 *
 * @internal
 */
export const make = <Output>(context: ClientContext, target: NexusOperationTarget): NexusOperationHandle<Output> => {
  const handle = Object.create(handleProto) as HandleSelf
  handle.operationId = target.operationId
  handle.runId = target.runId || undefined
  handle.endpoint = target.endpoint
  handle.service = target.service
  handle.operation = target.operation
  handle.target = target
  handle[contextKey] = context
  return handle as unknown as NexusOperationHandle<Output>
}

const notFound = (self: HandleSelf, cause: RpcError) =>
  new NexusOperationNotFoundError({
    operationId: self.operationId,
    namespace: self[contextKey].namespace,
    cause,
    ...(self.runId ? { runId: self.runId } : {})
  })

const notFoundOf = (self: HandleSelf) =>
<A, E, R>(
  effect: Effect.Effect<A, E | RpcError, R>
): Effect.Effect<A, Exclude<E, RpcError> | RpcError | NexusOperationNotFoundError, R> =>
  Effect.catchIf(
    effect,
    (error): error is RpcError => isRpcError(error) && error.code === "NOT_FOUND",
    (error) => Effect.fail(notFound(self, error))
  ) as Effect.Effect<A, Exclude<E, RpcError> | RpcError | NexusOperationNotFoundError, R>

/** A handle method's span, and the operation as the serialization context of what it converts. */
const spanOf = (self: HandleSelf, name: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  SerializationContext.provide(
    effect,
    SerializationContext.nexusOperation({
      namespace: self[contextKey].namespace,
      endpoint: self.endpoint,
      service: self.service,
      operation: self.operation,
      operationId: self.operationId
    })
  ).pipe(
    withClientSpan(`temporal.NexusOperationHandle.${name}`, () => ({
      "temporal.namespace": self[contextKey].namespace,
      "temporal.nexus_operation_id": self.operationId,
      ...(self.runId !== undefined ? { "temporal.nexus_operation_run_id": self.runId } : {}),
      ...(self.endpoint !== undefined ? { "temporal.nexus_endpoint": self.endpoint } : {}),
      ...(self.service !== undefined ? { "temporal.nexus_service": self.service } : {}),
      ...(self.operation !== undefined ? { "temporal.nexus_operation": self.operation } : {})
    }))
  )

const checkStrings = (self: HandleSelf): Effect.Effect<void, InvalidArgumentError> =>
  validateWellFormedFields([["operationId", self.operationId], ["runId", self.runId]])

const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")
const decodeReason = decodeOptions(CheckedReasonOptions, "options")
const decodeDescribe = decodeOptions(CheckedDescribeNexusOperationOptions, "options")

const closedStage = NexusOperationWaitStage.NEXUS_OPERATION_WAIT_STAGE_CLOSED

/** The outcome of a closed operation: its output, or `NexusOperationFailedError`. */
const decodeOutcome = (
  self: HandleSelf,
  response: temporal.api.workflowservice.v1.IPollNexusOperationExecutionResponse
): Effect.Effect<unknown, NexusOperationResultError> => {
  const converter = self[contextKey].dataConverter
  const runId = response.runId || self.runId
  if (response.failure) {
    return Effect.flatMap(converter.fromFailure(response.failure), (cause) =>
      Effect.fail(
        new NexusOperationFailedError({ operationId: self.operationId, cause, ...(runId ? { runId } : {}) })
      ))
  }
  return converter.fromPayload(response.result ?? { metadata: { encoding: binaryNull } }, self.target.output)
}

const binaryNull = new TextEncoder().encode("binary/null")

/**
 * The result loop: long-poll `PollNexusOperationExecution` for the closed
 * stage until it has an outcome, paced and riding out outages as a
 * workflow's `result()` does.
 */
const awaitResult = (self: HandleSelf, options: RpcOptions) => {
  const context = self[contextKey]
  const request = {
    namespace: context.namespace,
    operationId: self.operationId,
    runId: self.runId ?? "",
    waitStage: closedStage
  }
  return pollUntilOutcome(
    context.call("getNexusOperationResult", request, { ...callOptionsOf(options), longPoll: true }),
    (answer) => answer.result || answer.failure ? decodeOutcome(self, answer) : undefined,
    (error) => notFound(self, error),
    options.rpcTimeout !== undefined
  )
}

/** Cancel or terminate: a request naming the operation, with a reason and a fresh request ID. */
const reasonCall = (self: HandleSelf, name: "cancel" | "terminate", options: ReasonOptions) => {
  const context = self[contextKey]
  return Effect.gen(function*() {
    const checked = yield* decodeReason(options)
    yield* checkStrings(self)
    const request = {
      namespace: context.namespace,
      operationId: self.operationId,
      runId: self.runId ?? "",
      identity: context.identity,
      requestId: yield* makeRequestId,
      reason: checked.reason ?? ""
    }
    yield* context.call(
      name === "cancel" ? "cancelNexusOperation" : "terminateNexusOperation",
      request,
      callOptionsOf(checked)
    )
      .pipe(notFoundOf(self))
  }).pipe(spanOf(self, name))
}

const handleProto = {
  result(this: HandleSelf, options: RpcOptions = {}) {
    return Effect.andThen(
      Effect.andThen(decodeCallOptions(options), checkStrings(this)),
      awaitResult(this, options)
    ).pipe(spanOf(this, "result"))
  },
  describe(this: HandleSelf, options: DescribeNexusOperationOptions = {}) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      const checked = yield* decodeDescribe(options)
      yield* checkStrings(self)
      const response = yield* context.call("describeNexusOperation", {
        namespace: context.namespace,
        operationId: self.operationId,
        runId: self.runId ?? "",
        includeInput: checked.includeInput ?? false,
        includeOutcome: checked.includeOutcome ?? false,
        longPollToken: checked.longPollToken ?? null
      }, describeCallOptions(checked)).pipe(notFoundOf(self))
      return yield* decodeNexusOperationDescription(context.dataConverter, response, context.namespace, self.target)
    }).pipe(spanOf(self, "describe"))
  },
  cancel(this: HandleSelf, options: ReasonOptions = {}) {
    return reasonCall(this, "cancel", options)
  },
  terminate(this: HandleSelf, options: ReasonOptions = {}) {
    return reasonCall(this, "terminate", options)
  }
}
