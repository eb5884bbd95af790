/**
 * A handle to one workflow execution: a plain value whose methods are
 * Effects that need nothing more. Names and argument types come from the
 * workflow's definition when it has one.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { callOptionsOf, type ClientContext } from "../internal/clientContext.js"
import { decodeDescription } from "../internal/convert/workflow.js"
import { afterEmptyAnswer, awaitResult, makePacing, type ResultError } from "../internal/longPoll.js"
import {
  HistoryEventFilterType,
  nameOf,
  QueryRejectCondition as QueryRejectConditions,
  UpdateWorkflowExecutionLifecycleStage as updateStages,
  WorkflowExecutionStatus
} from "../internal/proto/enums.js"
import { makeRequestId } from "../internal/requestId.js"
import { withClientSpan } from "../internal/telemetry.js"
import { findDetail } from "../internal/transport/status.js"
import { isRpcError, mapWorkflowGone, mapWorkflowNotFound } from "../internal/workflowErrors.js"
import type { QueryRejectCondition, WorkflowHistoryEventFilterType, WorkflowUpdateStage } from "../schema/Common.js"
import {
  type ConnectionError,
  type DataConverterError,
  InvalidArgumentError,
  type NamespaceNotFoundError,
  type PayloadCodecError,
  type PayloadTooLargeError,
  QueryFailedError,
  QueryRejectedError,
  type RpcError,
  type SchemaDecodeError,
  type WorkflowAlreadyCompletedError,
  type WorkflowNotFoundError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { WorkflowExecutionDescription } from "../schema/WorkflowExecution.js"
import { validateFetchHistoryOptions, validateWellFormedFields } from "../schema/WorkflowOptions.js"
import * as WorkflowUpdateHandle from "./WorkflowUpdateHandle.js"

/**
 * Per-call options every handle method takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface HandleCallOptions {
  /**
   * Deadline of each RPC attempt. For the long polls (`result()`, an update's
   * result, the update start) it is the deadline of each poll, and a poll
   * that reaches it ends the wait: `result()` with `RpcError`
   * (`DEADLINE_EXCEEDED`), updates with `WorkflowUpdateRpcTimeoutOrCancelledError`.
   * Without it, a poll gets 70 s and one that reaches them simply polls again
   * (the server answers a poll within ~20 s). A server that answers a poll
   * before the deadline with nothing new is polled again either way: bound a
   * whole wait with `Effect.timeout`, which interrupts it.
   */
  readonly rpcTimeout?: Duration.Input | undefined
  /** Extra request headers. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
}

/**
 * Errors of sending a signal. A closed workflow refuses it with
 * `WorkflowAlreadyCompletedError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type SignalError =
  | WorkflowNotFoundError
  | WorkflowAlreadyCompletedError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of a query.
 *
 * @since 0.1.0
 * @category errors
 */
export type QueryError =
  | QueryRejectedError
  | QueryFailedError
  | WorkflowNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError
  | SchemaDecodeError

/**
 * Errors of starting an update. A closed workflow refuses it with
 * `WorkflowAlreadyCompletedError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type StartUpdateError =
  | InvalidArgumentError
  | WorkflowUpdateRpcTimeoutOrCancelledError
  | WorkflowNotFoundError
  | WorkflowAlreadyCompletedError
  | NamespaceNotFoundError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of running an update to its result.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExecuteUpdateError = StartUpdateError | WorkflowUpdateHandle.WorkflowUpdateResultError

/**
 * Errors of cancel, terminate and describe. (The server accepts a cancel
 * request for a closed workflow and does nothing.) `InvalidArgumentError`:
 * an ID or reason that is not valid Unicode, refused before the RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkflowCallError =
  | WorkflowNotFoundError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError

/**
 * Errors of fetching a workflow's history: bad options are caught before
 * any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type FetchHistoryError = WorkflowCallError | InvalidArgumentError

/**
 * Errors of terminate: those of the call, of encoding the details, and
 * `WorkflowAlreadyCompletedError` when the workflow is closed.
 *
 * @since 0.1.0
 * @category errors
 */
export type TerminateError =
  | WorkflowCallError
  | WorkflowAlreadyCompletedError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of waiting for a workflow's result.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkflowResultError = ResultError

/**
 * Options of `startUpdate`.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartUpdateOptions<Args> extends HandleCallOptions {
  /** The update's arguments. */
  readonly args: Args
  /** Stage to wait for before returning the handle: `Accepted` (default) or `Completed`. */
  readonly waitForStage?: WorkflowUpdateStage | undefined
  /** The update's ID; a second update with the same ID returns the first one. Default: a fresh UUID. */
  readonly updateId?: string | undefined
}

/**
 * A handle to one workflow execution.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowHandle<Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped> {
  /** The workflow definition this handle is typed by. */
  readonly definition: Def
  /** The workflow ID. */
  readonly workflowId: string
  /** The run this handle targets, or `undefined` for the latest run. */
  readonly runId: string | undefined
  /** The run `result()` starts waiting from. */
  readonly resultRunId: string | undefined
  /** The first run of the chain; calls fail if the workflow is not part of this chain. */
  readonly firstExecutionRunId: string | undefined

  /**
   * Wait for the workflow's result; follows continue-as-new, retry and cron runs unless `followRuns: false`.
   * Long-polls for as long as the caller waits, through server restarts and outages; ends with a typed error
   * when the endpoint is not a (working) gRPC server, and per poll at `rpcTimeout` when given.
   */
  readonly result: (
    options?: HandleCallOptions & { readonly followRuns?: boolean | undefined }
  ) => Effect.Effect<WorkflowDefinition.Result<Def>, WorkflowResultError>

  /** Send a signal. */
  readonly signal: <K extends WorkflowDefinition.SignalNames<Def>>(
    name: K,
    ...args: WorkflowDefinition.SignalArgs<Def, K>
  ) => Effect.Effect<void, SignalError>
  /** Send a signal, with per-call options. */
  readonly signalWithOptions: <K extends WorkflowDefinition.SignalNames<Def>>(
    name: K,
    options: HandleCallOptions & {
      /** The signal's arguments. */
      readonly args: WorkflowDefinition.SignalArgs<Def, K>
      /**
       * The request ID; give the same one when re-sending a signal whose
       * outcome is unknown, so the server can drop the duplicate. Default: a
       * fresh UUID per call.
       */
      readonly requestId?: string | undefined
    }
  ) => Effect.Effect<void, SignalError>

  /** Run a query. */
  readonly query: <K extends WorkflowDefinition.QueryNames<Def>>(
    name: K,
    ...args: WorkflowDefinition.QueryArgs<Def, K>
  ) => Effect.Effect<WorkflowDefinition.QueryResult<Def, K>, QueryError>
  /** Run a query, with a reject condition and per-call options. */
  readonly queryWithOptions: <K extends WorkflowDefinition.QueryNames<Def>>(
    name: K,
    options: HandleCallOptions & {
      readonly args: WorkflowDefinition.QueryArgs<Def, K>
      readonly rejectCondition?: QueryRejectCondition | undefined
    }
  ) => Effect.Effect<WorkflowDefinition.QueryResult<Def, K>, QueryError>

  /** Run an update and wait for its result. */
  readonly executeUpdate: <K extends WorkflowDefinition.UpdateNames<Def>>(
    name: K,
    ...args: WorkflowDefinition.UpdateArgs<Def, K>
  ) => Effect.Effect<WorkflowDefinition.UpdateResult<Def, K>, ExecuteUpdateError>
  /** Start an update; the handle is returned once the update reached `waitForStage`. */
  readonly startUpdate: <K extends WorkflowDefinition.UpdateNames<Def>>(
    name: K,
    options: StartUpdateOptions<WorkflowDefinition.UpdateArgs<Def, K>>
  ) => Effect.Effect<
    WorkflowUpdateHandle.WorkflowUpdateHandle<WorkflowDefinition.UpdateResult<Def, K>>,
    StartUpdateError
  >
  /** A handle to an update already started, by ID. */
  readonly getUpdateHandle: <K extends WorkflowDefinition.UpdateNames<Def>>(
    updateId: string,
    name?: K
  ) => WorkflowUpdateHandle.WorkflowUpdateHandle<WorkflowDefinition.UpdateResult<Def, K>>

  /** Ask the workflow to cancel. */
  readonly cancel: (
    options?: HandleCallOptions & {
      /** Why the workflow is asked to cancel, recorded in its history. */
      readonly reason?: string | undefined
      /** The request ID; give the same one when re-sending a cancel request. Default: a fresh UUID per call. */
      readonly requestId?: string | undefined
    }
  ) => Effect.Effect<void, WorkflowCallError>
  /** Terminate the workflow. Details over the payload size limit fail before the RPC. */
  readonly terminate: (
    options?: HandleCallOptions & {
      readonly reason?: string | undefined
      readonly details?: ReadonlyArray<unknown> | undefined
    }
  ) => Effect.Effect<void, TerminateError>
  /** Describe the execution. */
  readonly describe: (
    options?: HandleCallOptions
  ) => Effect.Effect<WorkflowExecutionDescription, WorkflowCallError | DataConverterError | PayloadCodecError>
  /** The history's events, page by page. The options are checked before the first RPC. */
  readonly fetchHistory: (
    options?: HandleCallOptions & {
      readonly eventFilter?: WorkflowHistoryEventFilterType | undefined
      readonly waitNewEvent?: boolean | undefined
      readonly skipArchival?: boolean | undefined
      /** Events per page (server default when absent). A positive 32-bit integer. */
      readonly pageSize?: number | undefined
    }
  ) => Stream.Stream<temporal.api.history.v1.HistoryEvent, FetchHistoryError>
}

const rejectConditions: Record<QueryRejectCondition, number> = {
  None: QueryRejectConditions.QUERY_REJECT_CONDITION_NONE,
  NotOpen: QueryRejectConditions.QUERY_REJECT_CONDITION_NOT_OPEN,
  NotCompletedCleanly: QueryRejectConditions.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY
}

const stageNumbers: Record<WorkflowUpdateStage, number> = {
  Admitted: updateStages.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  Accepted: updateStages.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
  Completed: updateStages.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
}

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

const contextKey: unique symbol = Symbol.for("effect-temporal/WorkflowHandle/context")

/** What a handle holds; the methods below read it through `this`. */
interface HandleSelf {
  definition: WorkflowDefinition.Any
  workflowId: string
  runId: string | undefined
  resultRunId: string | undefined
  firstExecutionRunId: string | undefined
  [contextKey]: ClientContext
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

const spanOf = (self: HandleSelf, name: string) =>
  withClientSpan(`temporal.WorkflowHandle.${name}`, () => ({
    "temporal.namespace": self[contextKey].namespace,
    "temporal.workflow_id": self.workflowId,
    ...(self.runId !== undefined ? { "temporal.run_id": self.runId } : {})
  }))

const updateHandleOf = (
  self: HandleSelf,
  updateId: string,
  name: string,
  knownOutcome?: temporal.api.update.v1.IOutcome | null
) =>
  WorkflowUpdateHandle.make(self[contextKey], {
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
  options: HandleCallOptions & { readonly args: ReadonlyArray<unknown>; readonly requestId?: string | undefined }
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
  options: HandleCallOptions & {
    readonly args: ReadonlyArray<unknown>
    readonly rejectCondition?: QueryRejectCondition | undefined
  }
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
      ...(rejectCondition !== undefined ? { queryRejectCondition: rejectConditions[rejectCondition] } : {})
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
    const waitForStage = options.waitForStage ?? "Accepted"
    if (waitForStage === "Admitted") {
      return yield* new InvalidArgumentError({
        field: "waitForStage",
        reason: "Admitted is not supported: an update handle is returned once the update is at least Accepted"
      })
    }
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
      waitPolicy: { lifecycleStage: stageNumbers[waitForStage] },
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
      if (response.outcome || (response.stage ?? 0) >= stageNumbers[waitForStage]) {
        return updateHandleOf(self, updateId, name, response.outcome)
      }
      yield* afterEmptyAnswer(pacing, startedAt)
    }
  }).pipe(spanOf(self, "startUpdate"))
}

const binaryNull = new TextEncoder().encode("binary/null")

const handleProto = {
  result(this: HandleSelf, options: HandleCallOptions & { readonly followRuns?: boolean | undefined } = {}) {
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
  startUpdate,
  getUpdateHandle(this: HandleSelf, updateId: string, name?: string) {
    return updateHandleOf(this, updateId, name ?? "")
  },
  cancel(
    this: HandleSelf,
    options: HandleCallOptions & { readonly reason?: string | undefined; readonly requestId?: string | undefined } = {}
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
    options: HandleCallOptions & {
      readonly reason?: string | undefined
      readonly details?: ReadonlyArray<unknown> | undefined
    } = {}
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
  describe(this: HandleSelf, options: HandleCallOptions = {}) {
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
  fetchHistory(
    this: HandleSelf,
    options: HandleCallOptions & {
      readonly eventFilter?: WorkflowHistoryEventFilterType | undefined
      readonly waitNewEvent?: boolean | undefined
      readonly skipArchival?: boolean | undefined
      readonly pageSize?: number | undefined
    } = {}
  ) {
    const context = this[contextKey]
    const execution = executionOf(this)
    const notFound = notFoundOf(this)
    return Stream.unwrap(
      Effect.map(
        Effect.andThen(checkStrings(this), validateFetchHistoryOptions(options)),
        (checked) =>
          Stream.paginate(
            Option.none<Uint8Array>(),
            (token: Option.Option<Uint8Array>) =>
              context.call("fetchWorkflowHistory", {
                namespace: context.namespace,
                execution,
                maximumPageSize: checked.pageSize ?? 0,
                nextPageToken: Option.getOrNull(token),
                waitNewEvent: checked.waitNewEvent ?? false,
                historyEventFilterType: checked.eventFilter === "CloseEvent"
                  ? HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
                  : HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT,
                skipArchival: checked.skipArchival ?? false
              }, callOptionsOf(checked)).pipe(
                notFound,
                Effect.map((response) => {
                  const events = (response.history?.events ?? []) as Array<temporal.api.history.v1.HistoryEvent>
                  const next = response.nextPageToken && response.nextPageToken.length > 0
                    ? Option.some(response.nextPageToken)
                    : Option.none()
                  return [
                    events,
                    Option.map(next, (token) => Option.some(token))
                  ] as const
                })
              )
          )
      )
    )
  }
}
