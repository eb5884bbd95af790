/**
 * The operator's methods of a workflow handle: reset, delete, pause and
 * unpause, and changing a running workflow's options.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { CheckedReasonOptions, CheckedRpcOptions, type RpcOptions } from "../schema/Common.js"
import { InvalidArgumentError, type RpcError, WorkflowPauseUnavailableError } from "../schema/TemporalError.js"
import {
  CheckedResetWorkflowOptions,
  CheckedUpdateWorkflowOptions,
  type PauseWorkflowOptions,
  type ResetWorkflowOptions,
  type UpdateWorkflowOptions,
  validateWellFormedFields,
  type WorkflowExecutionOptions
} from "../schema/WorkflowOptions.js"
import { callOptionsOf } from "./clientContext.js"
import {
  priorityFromProto,
  priorityToProto,
  versioningOverrideFromProto,
  versioningOverrideToProto
} from "./convert/common.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { makeRequestId } from "./requestId.js"
import { decodeOptions } from "./validation.js"
import { isRpcError, mapWorkflowGone, mapWorkflowNotFound } from "./workflowErrors.js"
import { make as makeWorkflowHandle } from "./workflowHandle.js"
import { contextKey, type HandleSelf, spanOf } from "./workflowHandleSelf.js"

const decodeReset = decodeOptions(CheckedResetWorkflowOptions, "options")
const decodeUpdate = decodeOptions(CheckedUpdateWorkflowOptions, "options")
const decodeReason = decodeOptions(CheckedReasonOptions, "options")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")

const reapplyTypes = { AllEligible: 3, Signal: 1, None: 2 } as const
const excludeTypes = { Signal: 1, Update: 2, Nexus: 3, CancelRequest: 4 } as const
const workflowTaskCompleted = 7 // EVENT_TYPE_WORKFLOW_TASK_COMPLETED

const checkIds = (self: HandleSelf) =>
  validateWellFormedFields([["workflowId", self.workflowId], ["runId", self.runId]])

const executionOf = (self: HandleSelf) => ({ workflowId: self.workflowId, runId: self.runId ?? "" })

/** The event ID of the first or last completed workflow task of the run, read from its history. */
const workflowTaskEventId = (
  self: HandleSelf,
  which: "FirstWorkflowTask" | "LastWorkflowTask",
  options: RpcOptions
) => {
  const context = self[contextKey]
  const completed = pagedStream((token) =>
    Effect.map(
      context.call("fetchWorkflowHistory", {
        namespace: context.namespace,
        execution: executionOf(self),
        nextPageToken: token ?? null
      }, callOptionsOf(options)),
      (response) => ({
        items: (response.history?.events ?? []).filter((event) => event.eventType === workflowTaskCompleted),
        nextPageToken: nextTokenOf(response.nextPageToken)
      })
    )
  )
  return Effect.map(
    which === "FirstWorkflowTask" ? Stream.runHead(completed) : Stream.runLast(completed),
    Option.map((event: temporal.api.history.v1.IHistoryEvent) => Number(event.eventId))
  )
}

/** UNIMPLEMENTED "workflow pause is not enabled" as `WorkflowPauseUnavailableError`. */
const pauseUnavailable = (self: HandleSelf) => <E>(error: E | RpcError) =>
  isRpcError(error) && error.code === "UNIMPLEMENTED" && /pause/i.test(error.message)
    ? new WorkflowPauseUnavailableError({ namespace: self[contextKey].namespace, cause: error })
    : error

const pauseCall = (self: HandleSelf, name: "pause" | "unpause", options: PauseWorkflowOptions) => {
  const context = self[contextKey]
  return Effect.gen(function*() {
    const checked = yield* decodeReason(options)
    yield* validateWellFormedFields([["workflowId", self.workflowId], ["runId", self.runId], [
      "requestId",
      options.requestId
    ]])
    const request = {
      namespace: context.namespace,
      workflowId: self.workflowId,
      runId: self.runId ?? "",
      identity: context.identity,
      reason: checked.reason ?? "",
      requestId: options.requestId ?? (yield* makeRequestId)
    }
    const call = name === "pause" ? "pauseWorkflow" : "unpauseWorkflow"
    yield* context.call(call, request, callOptionsOf(checked)).pipe(
      Effect.mapError(pauseUnavailable(self)),
      mapWorkflowGone(context.namespace, self.workflowId, self.runId)
    )
  }).pipe(spanOf(self, name))
}

/**
 * The methods, read through `this` as the handle's other methods are.
 *
 * @internal
 */
export const administrationMethods = {
  reset(this: HandleSelf, options: ResetWorkflowOptions) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      const checked = yield* decodeReset(options)
      yield* checkIds(self)
      const notFound = mapWorkflowNotFound(context.namespace, self.workflowId, self.runId)
      const eventId = typeof checked.to === "object"
        ? checked.to.eventId
        : Option.getOrUndefined(yield* workflowTaskEventId(self, checked.to, checked).pipe(notFound))
      if (eventId === undefined) {
        return yield* new InvalidArgumentError({
          field: "options.to",
          reason: "the run has no completed workflow task to reset to"
        })
      }
      const response = yield* context.call("resetWorkflow", {
        namespace: context.namespace,
        workflowExecution: executionOf(self),
        reason: checked.reason,
        workflowTaskFinishEventId: eventId as never,
        requestId: checked.requestId ?? (yield* makeRequestId),
        identity: context.identity,
        ...(checked.reapply !== undefined ? { resetReapplyType: reapplyTypes[checked.reapply] } : {}),
        resetReapplyExcludeTypes: (checked.excludeReapply ?? []).map((kind) => excludeTypes[kind])
      }, callOptionsOf(checked)).pipe(notFound)
      return makeWorkflowHandle(context, self.definition, {
        workflowId: self.workflowId,
        runId: response.runId ?? undefined,
        resultRunId: response.runId ?? undefined
      })
    }).pipe(spanOf(self, "reset"))
  },
  delete(this: HandleSelf, options: RpcOptions = {}) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      const checked = yield* decodeCallOptions(options)
      yield* checkIds(self)
      yield* context.call(
        "deleteWorkflow",
        { namespace: context.namespace, workflowExecution: executionOf(self) },
        callOptionsOf(checked)
      )
        .pipe(mapWorkflowNotFound(context.namespace, self.workflowId, self.runId))
    }).pipe(spanOf(self, "delete"))
  },
  pause(this: HandleSelf, options: PauseWorkflowOptions = {}) {
    return pauseCall(this, "pause", options)
  },
  unpause(this: HandleSelf, options: PauseWorkflowOptions = {}) {
    return pauseCall(this, "unpause", options)
  },
  updateOptions(this: HandleSelf, options: UpdateWorkflowOptions) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      const checked = yield* decodeUpdate(options)
      yield* checkIds(self)
      const paths: Array<string> = []
      const given: temporal.api.workflow.v1.IWorkflowExecutionOptions = {}
      if (checked.versioningOverride !== undefined) {
        paths.push("versioning_override")
        given.versioningOverride = checked.versioningOverride === null
          ? null
          : versioningOverrideToProto(checked.versioningOverride)
      }
      if (checked.priority !== undefined) {
        paths.push("priority")
        given.priority = priorityToProto(checked.priority)
      }
      const response = yield* context.call("updateWorkflowOptions", {
        namespace: context.namespace,
        workflowExecution: executionOf(self),
        workflowExecutionOptions: given,
        updateMask: { paths },
        identity: context.identity
      }, callOptionsOf(checked)).pipe(mapWorkflowGone(context.namespace, self.workflowId, self.runId))
      const answered = response.workflowExecutionOptions
      return {
        versioningOverride: versioningOverrideFromProto(answered?.versioningOverride),
        priority: priorityFromProto(answered?.priority)
      } satisfies WorkflowExecutionOptions
    }).pipe(spanOf(self, "updateOptions"))
  }
}
