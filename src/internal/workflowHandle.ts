/**
 * Workflow handles: the implementation behind the public `WorkflowHandle` interface.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  type InvalidArgumentError,
  QueryFailedError,
  QueryRejectedError,
  type RpcError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import {
  type FetchHistoryOptions,
  type FetchHistoryPageOptions,
  validateExecuteUpdateOptions,
  validateFetchHistoryOptions,
  validateFetchHistoryPageOptions,
  validateStartUpdateOptions,
  validateWellFormedFields
} from "../schema/WorkflowOptions.js"
import type { HistoryEventPage, StartUpdateOptions, WorkflowHandle } from "../services/WorkflowHandle.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  QueryRejectConditionProto,
  WorkflowHistoryEventFilterTypeProto,
  WorkflowUpdateStageProto
} from "./convert/common.js"
import { decodeDescription } from "./convert/workflow.js"
import { afterEmptyAnswer, awaitResult, makePacing } from "./longPoll.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { nameOf, WorkflowExecutionStatus } from "./proto/enums.js"
import { makeRequestId } from "./requestId.js"
import { findDetail } from "./transport/status.js"
import { administrationMethods } from "./workflowAdministration.js"
import { isRpcError, mapWorkflowGone, mapWorkflowNotFound } from "./workflowErrors.js"
import { contextKey, type HandleSelf, spanOf } from "./workflowHandleSelf.js"
import { make as makeWorkflowUpdateHandle } from "./workflowUpdateHandle.js"

/** The options of the handle's method `K`: its first parameter, or the second when the first is a name. */
type OptionsOf<K extends keyof WorkflowHandle> = WorkflowHandle[K] extends (name: string, options: infer O) => unknown
  ? O
  : WorkflowHandle[K] extends (options?: infer O) => unknown ? NonNullable<O>
  : never

const workflowStatusName = (status: number | null | undefined): string =>
  nameOf(WorkflowExecutionStatus, status, "WORKFLOW_EXECUTION_STATUS_UNSPECIFIED")

/**
 * Build a handle. Handles are cheap: no I/O happens here.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <Def extends WorkflowDefinition.Any>(
  context: ClientContext,
  definition: Def,
  ids: {
    readonly workflowId: string
    readonly runId?: string | undefined
    readonly resultRunId?: string | undefined
    readonly firstExecutionRunId?: string | undefined
  }
): WorkflowHandle<Def> => {
  // A handle is its data plus a shared prototype holding the methods: an idle
  // handle costs one small object, not a closure per method.
  const handle = Object.create(handleProto) as HandleSelf
  handle.definition = definition
  handle.workflowId = ids.workflowId
  handle.runId = ids.runId
  handle.resultRunId = ids.resultRunId ?? ids.runId
  handle.firstExecutionRunId = ids.firstExecutionRunId
  handle[contextKey] = context
  return handle as unknown as WorkflowHandle<Def>
}

const executionOf = (self: HandleSelf) => ({ workflowId: self.workflowId, runId: self.runId ?? "" })

/**
 * The handle's IDs, and the call's own strings, checked before each call:
 * `getWorkflowHandle` is synchronous, so a workflow ID the server could not
 * decode (not valid Unicode) is refused here, with `InvalidArgumentError`.
 */
const checkStrings = (
  self: HandleSelf,
  more: ReadonlyArray<readonly [field: string, value: string | undefined]> = []
): Effect.Effect<void, InvalidArgumentError> =>
  validateWellFormedFields([
    ["workflowId", self.workflowId],
    ["runId", self.runId],
    ["firstExecutionRunId", self.firstExecutionRunId],
    ...more
  ])

const notFoundOf = (self: HandleSelf) => mapWorkflowNotFound(self[contextKey].namespace, self.workflowId, self.runId)

/** NOT_FOUND of the calls a closed workflow refuses: "already completed" or "not found". */
const goneOf = (self: HandleSelf) => mapWorkflowGone(self[contextKey].namespace, self.workflowId, self.runId)

const updateHandleOf = (
  self: HandleSelf,
  updateId: string,
  name: string,
  knownOutcome?: temporal.api.update.v1.IOutcome | null
) =>
  makeWorkflowUpdateHandle(self[contextKey], {
    updateId,
    name,
    workflowId: self.workflowId,
    workflowRunId: self.runId,
    resultSchema: WorkflowDefinition.updateResultSchema(self.definition, name as never),
    knownOutcome: knownOutcome ?? undefined
  })

function signalWithOptions(
  this: HandleSelf,
  name: string,
  options: OptionsOf<"signalWithOptions">
) {
  const self = this
  const context = self[contextKey]
  return Effect.gen(function*() {
    yield* checkStrings(self, [["signalName", name], ["requestId", options.requestId]])
    const args = options.args
    const input = yield* context.dataConverter.toPayloads(
      args,
      WorkflowDefinition.argSchemasFor(self.definition, args.length, "signal", name)
    )
    yield* context.dataConverter.checkSize(input, "SignalWorkflowExecution.input")
    const requestId = options.requestId ?? (yield* makeRequestId)
    yield* context.call("signalWorkflow", {
      namespace: context.namespace,
      workflowExecution: executionOf(self),
      signalName: name,
      input: { payloads: input },
      identity: context.identity,
      requestId
    }, callOptionsOf(options)).pipe(goneOf(self))
  }).pipe(spanOf(self, "signal"))
}

function queryWithOptions(
  this: HandleSelf,
  name: string,
  options: OptionsOf<"queryWithOptions">
) {
  const self = this
  const context = self[contextKey]
  const { definition, workflowId } = self
  return Effect.gen(function*() {
    yield* checkStrings(self, [["queryType", name]])
    const args = options.args
    const queryArgs = yield* context.dataConverter.toPayloads(
      args,
      WorkflowDefinition.argSchemasFor(definition, args.length, "query", name)
    )
    yield* context.dataConverter.checkSize(queryArgs, "QueryWorkflow.queryArgs")
    const rejectCondition = options.rejectCondition ?? context.defaultQueryRejectCondition
    const response = yield* context.call("queryWorkflow", {
      namespace: context.namespace,
      execution: executionOf(self),
      query: { queryType: name, queryArgs: { payloads: queryArgs } },
      ...(rejectCondition !== undefined
        ? { queryRejectCondition: QueryRejectConditionProto.toProto(rejectCondition) }
        : {})
    }, callOptionsOf(options)).pipe(
      Effect.catchIf(
        (error): error is RpcError =>
          isRpcError(error) &&
          (error.code === "INVALID_ARGUMENT" || findDetail(error, "QueryFailedFailure") !== undefined),
        (error) =>
          Effect.fail(
            new QueryFailedError({ workflowId, queryType: name, reason: error.message, cause: error })
          )
      ),
      notFoundOf(self)
    )
    if (response.queryRejected) {
      return yield* new QueryRejectedError({
        workflowId,
        queryType: name,
        status: workflowStatusName(response.queryRejected.status)
      })
    }
    const payload = response.queryResult?.payloads?.[0]
    const resultSchema = WorkflowDefinition.queryResultSchema(definition, name as never)
    return yield* context.dataConverter.fromPayload(
      payload ?? { metadata: { encoding: binaryNull } },
      resultSchema as Schema.Codec<unknown, unknown, never>
    )
  }).pipe(spanOf(self, "query"))
}

function startUpdate(this: HandleSelf, name: string, options: StartUpdateOptions<ReadonlyArray<unknown>>) {
  const self = this
  const context = self[contextKey]
  const { definition, workflowId } = self
  return Effect.gen(function*() {
    const { waitForStage } = yield* validateStartUpdateOptions({ waitForStage: options.waitForStage ?? "Accepted" })
    const stage = WorkflowUpdateStageProto.toProto(waitForStage)
    yield* checkStrings(self, [["updateName", name], ["updateId", options.updateId]])
    const args = options.args
    const payloads = yield* context.dataConverter.toPayloads(
      args,
      WorkflowDefinition.argSchemasFor(definition, args.length, "update", name)
    )
    yield* context.dataConverter.checkSize(payloads, "UpdateWorkflowExecution.input")
    const updateId = options.updateId ?? (yield* makeRequestId)
    const request = {
      namespace: context.namespace,
      workflowExecution: executionOf(self),
      firstExecutionRunId: self.firstExecutionRunId ?? "",
      waitPolicy: { lifecycleStage: stage },
      request: {
        meta: { updateId, identity: context.identity },
        input: { name, args: { payloads } }
      }
    }
    // The server answers once its long-poll window passes even when the
    // update has not reached the stage yet; ask again with the same ID,
    // paced as every long poll is.
    const pacing = makePacing()
    while (true) {
      const startedAt = yield* Clock.currentTimeMillis
      const response = yield* context.call("startWorkflowUpdate", request, callOptionsOf(options)).pipe(
        Effect.mapError((error) =>
          error._tag === "RpcError" && (error.code === "DEADLINE_EXCEEDED" || error.code === "CANCELLED")
            ? new WorkflowUpdateRpcTimeoutOrCancelledError({ workflowId, updateId, cause: error })
            : error
        ),
        goneOf(self)
      )
      if (response.outcome || (response.stage ?? 0) >= stage) {
        return updateHandleOf(self, updateId, name, response.outcome)
      }
      yield* afterEmptyAnswer(pacing, startedAt)
    }
  }).pipe(spanOf(self, "startUpdate"))
}

const binaryNull = new TextEncoder().encode("binary/null")

const handleProto = {
  ...administrationMethods,
  result(this: HandleSelf, options: OptionsOf<"result"> = {}) {
    return Effect.andThen(
      checkStrings(this, [["resultRunId", this.resultRunId]]),
      awaitResult(
        this[contextKey],
        this.workflowId,
        this.resultRunId,
        WorkflowDefinition.resultSchema(this.definition),
        options.followRuns ?? true,
        callOptionsOf(options)
      )
    ).pipe(spanOf(this, "result"))
  },
  signal(this: HandleSelf, name: string, ...args: ReadonlyArray<unknown>) {
    return signalWithOptions.call(this, name, { args })
  },
  signalWithOptions,
  query(this: HandleSelf, name: string, ...args: ReadonlyArray<unknown>) {
    return queryWithOptions.call(this, name, { args })
  },
  queryWithOptions,
  executeUpdate(this: HandleSelf, name: string, ...args: ReadonlyArray<unknown>) {
    return Effect.flatMap(
      startUpdate.call(this, name, { args, waitForStage: "Completed" }),
      (update) => update.result()
    )
  },
  executeUpdateWithOptions(this: HandleSelf, name: string, options: OptionsOf<"executeUpdateWithOptions">) {
    const self = this
    return Effect.flatMap(validateExecuteUpdateOptions(options), (checked) => {
      const rpc = { rpcTimeout: checked.rpcTimeout, rpcMetadata: checked.rpcMetadata }
      return Effect.flatMap(
        startUpdate.call(self, name, {
          ...rpc,
          args: checked.args,
          updateId: checked.updateId,
          waitForStage: "Completed"
        }),
        (update) => update.result(rpc)
      )
    })
  },
  startUpdate,
  getUpdateHandle(this: HandleSelf, updateId: string, name?: string) {
    return updateHandleOf(this, updateId, name ?? "")
  },
  cancel(
    this: HandleSelf,
    options: OptionsOf<"cancel"> = {}
  ) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      yield* checkStrings(self, [["reason", options.reason], ["requestId", options.requestId]])
      const requestId = options.requestId ?? (yield* makeRequestId)
      yield* context.call("cancelWorkflow", {
        namespace: context.namespace,
        workflowExecution: executionOf(self),
        identity: context.identity,
        requestId,
        firstExecutionRunId: self.firstExecutionRunId ?? "",
        reason: options.reason ?? ""
      }, callOptionsOf(options)).pipe(notFoundOf(self))
    }).pipe(spanOf(self, "cancel"))
  },
  terminate(
    this: HandleSelf,
    options: OptionsOf<"terminate"> = {}
  ) {
    const self = this
    const context = self[contextKey]
    return Effect.gen(function*() {
      yield* checkStrings(self, [["reason", options.reason]])
      const details = options.details !== undefined && options.details.length > 0
        ? yield* context.dataConverter.toPayloads(options.details)
        : []
      yield* context.dataConverter.checkSize(details, "TerminateWorkflowExecution.details")
      yield* context.call("terminateWorkflow", {
        namespace: context.namespace,
        workflowExecution: executionOf(self),
        reason: options.reason ?? "",
        details: details.length > 0 ? { payloads: details } : null,
        identity: context.identity,
        firstExecutionRunId: self.firstExecutionRunId ?? ""
      }, callOptionsOf(options)).pipe(goneOf(self))
    }).pipe(spanOf(self, "terminate"))
  },
  describe(this: HandleSelf, options: OptionsOf<"describe"> = {}) {
    const context = this[contextKey]
    return Effect.flatMap(
      Effect.andThen(
        checkStrings(this),
        context.call(
          "describeWorkflow",
          { namespace: context.namespace, execution: executionOf(this) },
          callOptionsOf(options)
        )
      ).pipe(notFoundOf(this)),
      (response) => decodeDescription(context.dataConverter, response, context.namespace)
    ).pipe(spanOf(this, "describe"))
  },
  fetchHistory(this: HandleSelf, options: FetchHistoryOptions = {}) {
    const self = this
    return Stream.unwrap(
      Effect.map(
        Effect.andThen(checkStrings(self), validateFetchHistoryOptions(options)),
        (checked) => pagedStream((token) => fetchHistoryPageOf(self, checked, token))
      )
    )
  },
  fetchHistoryPage(this: HandleSelf, options: FetchHistoryPageOptions = {}) {
    const self = this
    return Effect.flatMap(
      Effect.andThen(checkStrings(self), validateFetchHistoryPageOptions(options)),
      (checked) =>
        Effect.map(
          fetchHistoryPageOf(self, checked, checked.nextPageToken),
          (page): HistoryEventPage => ({ events: page.items, nextPageToken: page.nextPageToken })
        )
    ).pipe(spanOf(self, "fetchHistoryPage"))
  }
}

/** One page of the history, options already checked. */
const fetchHistoryPageOf = (self: HandleSelf, options: FetchHistoryOptions, token: Uint8Array | undefined) => {
  const context = self[contextKey]
  return context.call("fetchWorkflowHistory", {
    namespace: context.namespace,
    execution: executionOf(self),
    maximumPageSize: options.pageSize ?? 0,
    nextPageToken: token ?? null,
    waitNewEvent: options.waitNewEvent ?? false,
    historyEventFilterType: WorkflowHistoryEventFilterTypeProto.toProto(options.eventFilter ?? "AllEvent"),
    skipArchival: options.skipArchival ?? false
  }, callOptionsOf(options)).pipe(
    notFoundOf(self),
    Effect.map((response) => ({
      items: (response.history?.events ?? []) as Array<temporal.api.history.v1.HistoryEvent>,
      nextPageToken: nextTokenOf(response.nextPageToken)
    }))
  )
}
