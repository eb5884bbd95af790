/**
 * The workflow operations of the client: start (and signal-with-start),
 * update-with-start, handles by ID, list and count.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Memo from "../schema/Memo.js"
import {
  type NamespaceNotFoundError,
  RpcError,
  type WorkflowAlreadyStartedError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import {
  type StartWorkflowOptions,
  validateCallOptions,
  type ValidatedStartWorkflowOptions,
  validatePageOptions,
  validateStartUpdateOptions,
  validateStartWorkflowOptions,
  validateVisibilityQuery,
  validateWellFormed,
  validateWellFormedFields,
  validateWithStartWorkflowOperationOptions
} from "../schema/WorkflowOptions.js"
import * as SerializationContext from "../services/SerializationContext.js"
import type {
  DefinitionOf,
  ListWorkflowsOptions,
  StartWorkflowError,
  TemporalClientShape,
  UpdateWithStartOptions,
  WorkflowExecutionPage
} from "../services/TemporalClient.js"
import type * as WorkflowHandle from "../services/WorkflowHandle.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { WorkflowUpdateStageProto } from "./convert/common.js"
import * as SearchAttributesConvert from "./convert/searchAttributes.js"
import * as WorkflowConvert from "./convert/workflow.js"
import { afterEmptyAnswer, makePacing } from "./longPoll.js"
import { pagedStream } from "./paging.js"
import { makeRequestId } from "./requestId.js"
import { withClientSpan } from "./telemetry.js"
import { findDetail, statusCode, statusDetails, type StatusMessage, statusName } from "./transport/status.js"
import { alreadyStarted, isRpcError } from "./workflowErrors.js"
import { make as makeWorkflowHandle } from "./workflowHandle.js"
import { make as makeWorkflowUpdateHandle } from "./workflowUpdateHandle.js"

/**
 * The workflow operations of `TemporalClientShape`.
 *
 * @internal
 */
export type WorkflowOperations = Pick<
  TemporalClientShape,
  | "startWorkflow"
  | "executeWorkflow"
  | "signalWithStart"
  | "startUpdateWithStart"
  | "executeUpdateWithStart"
  | "getWorkflowHandle"
  | "getWorkflowHandleFor"
  | "listWorkflows"
  | "listWorkflowsPage"
  | "countWorkflows"
>

/** The definition of handles got by ID alone: one shared value, not one per handle. */
const untypedByIdDefinition = WorkflowDefinition.untyped("")

/**
 * A workflow given by definition or by type name, as a definition (an
 * untyped one for a name).
 *
 * @internal
 */
export const toDefinition = (workflow: WorkflowDefinition.Any | string): WorkflowDefinition.Any =>
  typeof workflow === "string" ? WorkflowDefinition.untyped(workflow) : workflow

/** An operation's span, and its workflow as the serialization context of what it converts. */
const spanOf =
  (context: ClientContext, name: string, workflowId: string, workflowType: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    SerializationContext.provide(
      effect,
      SerializationContext.workflow({
        namespace: context.namespace,
        workflowId,
        workflowType: workflowType || undefined
      })
    ).pipe(
      withClientSpan(`temporal.TemporalClient.${name}`, () => ({
        "temporal.namespace": context.namespace,
        "temporal.workflow_id": workflowId
      }))
    )

/** Encode what becomes payloads in a start request. */
const encodeStart = (
  context: ClientContext,
  definition: WorkflowDefinition.Any,
  options: ValidatedStartWorkflowOptions
) =>
  Effect.gen(function*() {
    const converter = context.dataConverter
    const input = yield* converter.toPayloads(
      options.args,
      WorkflowDefinition.argSchemasFor(definition, options.args.length)
    )
    yield* converter.checkSize(input, "StartWorkflowExecution.input")
    const memo = options.memo !== undefined ? yield* Memo.encode(options.memo, converter) : undefined
    if (memo !== undefined) yield* converter.checkSize(Object.values(memo), "StartWorkflowExecution.memo")
    const searchAttributes = options.searchAttributes !== undefined
      ? yield* SearchAttributesConvert.encode(options.searchAttributes as never)
      : undefined
    const header = options.headers !== undefined
      ? yield* converter.encodeHeader(options.headers, context.headerCodecBehavior)
      : undefined
    const staticSummary = options.staticSummary !== undefined
      ? yield* converter.toPayload(options.staticSummary)
      : undefined
    const staticDetails = options.staticDetails !== undefined
      ? yield* converter.toPayload(options.staticDetails)
      : undefined
    const requestId = options.requestId ?? (yield* makeRequestId)
    return {
      namespace: context.namespace,
      identity: context.identity,
      requestId,
      workflowType: definition.name,
      options,
      input,
      memo,
      searchAttributes,
      header,
      staticSummary,
      staticDetails
    } satisfies WorkflowConvert.StartWorkflowRequestInput
  })

/**
 * The first run of the chain a start answered with: the run it started. With
 * `idConflictPolicy: "UseExisting"` the server may answer with the running
 * run instead (`started: false`), which need not be the first of its chain
 * (it may have continued as new); a handle that named it as the first run
 * would have every chain-checked call (cancel, terminate, update) refused.
 */
const firstRunOf = (
  options: ValidatedStartWorkflowOptions,
  response: { readonly runId?: string | null; readonly started?: boolean | null }
): string | undefined =>
  options.idConflictPolicy === "UseExisting" && response.started !== true ? undefined : response.runId || undefined

const mapStartError = (workflowId: string, workflowType: string) => <E>(error: E | RpcError) =>
  isRpcError(error) ? alreadyStarted(error, workflowId, workflowType) ?? error : error

/** Signal-with-start: the start request plus the signal, its arguments encoded. */
const sendSignalWithStart = (
  context: ClientContext,
  definition: WorkflowDefinition.Any,
  validated: ValidatedStartWorkflowOptions & { readonly startSignal: string },
  input: WorkflowConvert.StartWorkflowRequestInput
) =>
  Effect.gen(function*() {
    const signalInput = yield* context.dataConverter.toPayloads(
      validated.startSignalArgs,
      WorkflowDefinition.argSchemasFor(definition, validated.startSignalArgs.length, "signal", validated.startSignal)
    )
    yield* context.dataConverter.checkSize(signalInput, "SignalWithStartWorkflowExecution.signalInput")
    const response = yield* context.call(
      "signalWithStartWorkflow",
      WorkflowConvert.toSignalWithStartWorkflowExecutionRequest({
        ...input,
        signalName: validated.startSignal,
        signalInput
      }),
      callOptionsOf(validated)
    ).pipe(Effect.mapError(mapStartError(validated.id, definition.name)))
    return makeWorkflowHandle(context, definition, {
      workflowId: validated.id,
      resultRunId: response.runId || undefined
    })
  })

const makeStartWorkflow = (context: ClientContext): TemporalClientShape["startWorkflow"] => (workflow, options) => {
  const definition = toDefinition(workflow)
  return Effect.gen(function*() {
    const validated = yield* validateStartWorkflowOptions(options as StartWorkflowOptions)
    yield* validateWellFormed("workflowType", definition.name)
    const input = yield* encodeStart(context, definition, validated)
    const startSignal = validated.startSignal
    if (startSignal !== undefined) {
      return yield* sendSignalWithStart(context, definition, { ...validated, startSignal }, input)
    }
    const response = yield* context.call(
      "startWorkflow",
      WorkflowConvert.toStartWorkflowExecutionRequest(input),
      callOptionsOf(validated)
    ).pipe(Effect.mapError(mapStartError(validated.id, definition.name)))
    return makeWorkflowHandle(context, definition, {
      workflowId: validated.id,
      resultRunId: response.runId || undefined,
      firstExecutionRunId: firstRunOf(validated, response)
    })
  }).pipe(spanOf(context, "startWorkflow", options.id, definition.name)) as unknown as Effect.Effect<
    WorkflowHandle.WorkflowHandle<DefinitionOf<typeof workflow>>,
    StartWorkflowError
  >
}

/**
 * The status of a failed multi-operation that is a failure of its own: not
 * OK, and not ABORTED (the code of an operation stopped because another one
 * failed).
 */
const ownFailureStatus = (error: RpcError): StatusMessage | undefined => {
  const detail = findDetail(error, "MultiOperationExecutionFailure") as
    | { readonly statuses?: ReadonlyArray<StatusMessage> | null }
    | undefined
  return detail?.statuses?.find((status) => status.code !== statusCode("ABORTED") && status.code !== statusCode("OK"))
}

/**
 * A failed multi-operation carries one status per operation; the first that
 * is not ABORTED is the real cause.
 */
const multiOperationError = (
  error: RpcError | NamespaceNotFoundError,
  workflowId: string,
  workflowType: string,
  updateId: string
): RpcError | NamespaceNotFoundError | WorkflowAlreadyStartedError | WorkflowUpdateRpcTimeoutOrCancelledError => {
  if (error._tag === "NamespaceNotFoundError") return error
  if (error.code === "DEADLINE_EXCEEDED" || error.code === "CANCELLED") {
    return new WorkflowUpdateRpcTimeoutOrCancelledError({ workflowId, updateId, cause: error })
  }
  const status = ownFailureStatus(error)
  if (!status) return alreadyStarted(error, workflowId, workflowType) ?? error
  const inner = new RpcError({
    code: statusName(status.code ?? statusCode("UNKNOWN")),
    message: status.message ?? error.message,
    method: error.method,
    details: statusDetails(status),
    cause: error
  })
  return alreadyStarted(inner, workflowId, workflowType) ?? inner
}

/**
 * Update-with-start, checked and encoded: the multi-operation request, and
 * what its answer is read with.
 */
const updateWithStartRequest = <Def extends WorkflowDefinition.Any, K extends WorkflowDefinition.UpdateNames<Def>>(
  context: ClientContext,
  update: K,
  options: UpdateWithStartOptions<Def, K>
) =>
  Effect.gen(function*() {
    const definition = options.startWorkflowOperation.workflow
    const validated = yield* validateWithStartWorkflowOperationOptions(options.startWorkflowOperation.options)
    const { waitForStage } = yield* validateStartUpdateOptions({ waitForStage: options.waitForStage ?? "Accepted" })
    yield* validateWellFormedFields([
      ["workflowType", definition.name],
      ["update", update],
      ["updateId", options.updateId]
    ])
    const input = yield* encodeStart(context, definition, validated)
    const args = options.args as ReadonlyArray<unknown>
    const updateArgs = yield* context.dataConverter.toPayloads(
      args,
      WorkflowDefinition.argSchemasFor(definition, args.length, "update", update)
    )
    yield* context.dataConverter.checkSize(updateArgs, "UpdateWorkflowExecution.input")
    const updateId = options.updateId ?? (yield* makeRequestId)
    const workflowId = validated.id
    const stage = WorkflowUpdateStageProto.toProto(waitForStage)
    const request: temporal.api.workflowservice.v1.IExecuteMultiOperationRequest = {
      namespace: context.namespace,
      operations: [
        { startWorkflow: WorkflowConvert.toStartWorkflowExecutionRequest(input) },
        {
          updateWorkflow: {
            namespace: context.namespace,
            workflowExecution: { workflowId, runId: "" },
            waitPolicy: { lifecycleStage: stage },
            request: {
              meta: { updateId, identity: context.identity },
              input: { name: update, args: { payloads: updateArgs } }
            }
          }
        }
      ]
    }
    return { definition, validated, updateId, workflowId, stage, request }
  })

const makeStartUpdateWithStart =
  (context: ClientContext): TemporalClientShape["startUpdateWithStart"] => (update, options) =>
    Effect.gen(function*() {
      const { definition, request, stage, updateId, validated, workflowId } = yield* updateWithStartRequest(
        context,
        update,
        options
      )
      // Sent again with the same IDs until the update reached the stage,
      // paced as every long poll is.
      const pacing = makePacing()
      while (true) {
        const startedAt = yield* Clock.currentTimeMillis
        const response = yield* context.call("startUpdateWithStart", request, callOptionsOf(options)).pipe(
          Effect.mapError((error) =>
            isRpcError(error) ? multiOperationError(error, workflowId, definition.name, updateId) : error
          )
        )
        const startResponse = response.responses?.[0]?.startWorkflow
        const updateResponse = response.responses?.[1]?.updateWorkflow
        if (updateResponse && (updateResponse.outcome || (updateResponse.stage ?? 0) >= stage)) {
          const runId = startResponse?.runId || undefined
          const workflowHandle = makeWorkflowHandle(context, definition, {
            workflowId,
            resultRunId: runId,
            firstExecutionRunId: startResponse ? firstRunOf(validated, startResponse) : undefined
          })
          const updateHandle = makeWorkflowUpdateHandle(context, {
            updateId,
            name: update,
            workflowId,
            workflowRunId: runId,
            resultSchema: WorkflowDefinition.updateResultSchema(definition, update),
            knownOutcome: updateResponse.outcome ?? undefined
          })
          return { updateHandle, workflowHandle }
        }
        yield* afterEmptyAnswer(pacing, startedAt)
      }
    }).pipe(spanOf(
      context,
      "startUpdateWithStart",
      options.startWorkflowOperation.options.id,
      toDefinition(options.startWorkflowOperation.workflow).name
    ))

/** One page, options already checked. */
const fetchWorkflowsPage = (
  context: ClientContext,
  query: string | undefined,
  options: Parameters<TemporalClientShape["listWorkflowsPage"]>[1] & {}
) =>
  Effect.map(
    context.call("listWorkflows", {
      namespace: context.namespace,
      query: query ?? "",
      pageSize: options.pageSize ?? 0,
      nextPageToken: options.nextPageToken ?? null
    }, callOptionsOf(options)),
    (response): WorkflowExecutionPage => ({
      executions: (response.executions ?? []).map((info) =>
        WorkflowConvert.workflowExecutionFromProto(info, context.namespace)
      ),
      nextPageToken: response.nextPageToken && response.nextPageToken.length > 0
        ? response.nextPageToken
        : undefined
    })
  )

const checkListing = <O extends ListWorkflowsOptions>(query: string | undefined, options: O) =>
  Effect.andThen(validateVisibilityQuery(query), validatePageOptions(options))

const makeListWorkflows = (context: ClientContext): TemporalClientShape["listWorkflows"] => (query, options = {}) =>
  Stream.unwrap(Effect.map(checkListing(query, options), (checked) =>
    pagedStream(
      (nextPageToken) =>
        Effect.map(
          fetchWorkflowsPage(context, query, { ...checked, nextPageToken }),
          (page) => ({ items: page.executions, nextPageToken: page.nextPageToken })
        ),
      checked.limit
    )))

/**
 * The workflow operations of the client, on `context`.
 *
 * @internal
 */
export const makeWorkflowOperations = (context: ClientContext): WorkflowOperations => {
  const startWorkflow = makeStartWorkflow(context)
  const startUpdateWithStart = makeStartUpdateWithStart(context)
  return {
    startWorkflow,
    executeWorkflow: (workflow, options) =>
      Effect.flatMap(startWorkflow(workflow, options), (handle) => handle.result()),
    signalWithStart: (workflow, options) => startWorkflow(workflow, options),
    startUpdateWithStart,
    executeUpdateWithStart: (update, options) =>
      Effect.flatMap(
        startUpdateWithStart(update, { ...options, waitForStage: "Completed" }),
        ({ updateHandle }) => updateHandle.result()
      ),
    getWorkflowHandle: (workflowId, options = {}) =>
      makeWorkflowHandle(context, untypedByIdDefinition, { workflowId, ...options }),
    getWorkflowHandleFor: (definition, workflowId, options = {}) =>
      makeWorkflowHandle(context, definition, { workflowId, ...options }),
    listWorkflowsPage: (query, options = {}) =>
      Effect.flatMap(checkListing(query, options), (checked) => fetchWorkflowsPage(context, query, checked)),
    listWorkflows: makeListWorkflows(context),
    countWorkflows: (query, options = {}) =>
      Effect.andThen(validateVisibilityQuery(query), validateCallOptions(options)).pipe(
        Effect.flatMap((checked) =>
          context.call("countWorkflows", { namespace: context.namespace, query: query ?? "" }, callOptionsOf(checked))
        ),
        Effect.map(WorkflowConvert.workflowExecutionCountFromProto)
      )
  }
}
