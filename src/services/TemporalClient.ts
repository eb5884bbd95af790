/**
 * The Temporal client: start workflows and talk to them through handles,
 * list and count them. Every operation is an Effect whose error channel is
 * the precise union of what it can fail with; paged results are Streams.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { makeActivityOperations } from "../internal/activityOperations.js"
import { make as makeAsyncActivityHandle } from "../internal/asyncActivityHandle.js"
import * as BuildIdOperations from "../internal/buildIds.js"
import { callOptionsOf, type ClientContext, makeClientContext } from "../internal/clientContext.js"
import * as SearchAttributesConvert from "../internal/convert/searchAttributes.js"
import * as WorkflowConvert from "../internal/convert/workflow.js"
import { afterEmptyAnswer, makePacing } from "../internal/longPoll.js"
import { UpdateWorkflowExecutionLifecycleStage as updateStages } from "../internal/proto/enums.js"
import { root } from "../internal/proto/root.js"
import { makeRequestId } from "../internal/requestId.js"
import { makeScheduleOperations } from "../internal/scheduleOperations.js"
import { withClientSpan } from "../internal/telemetry.js"
import { findDetail, statusName } from "../internal/transport/status.js"
import { alreadyStarted, isRpcError } from "../internal/workflowErrors.js"
import { make as makeWorkflowHandle } from "../internal/workflowHandle.js"
import { make as makeWorkflowUpdateHandle } from "../internal/workflowUpdateHandle.js"
import type { BuildIdOp } from "../schema/BuildIdOp.js"
import type {
  GetWorkerBuildIdCompatibilityError,
  GetWorkerBuildIdCompatibilityOptions,
  GetWorkerTaskReachabilityError,
  GetWorkerTaskReachabilityOptions,
  UpdateWorkerBuildIdCompatibilityError,
  VersioningCallOptions,
  WorkerBuildIdVersionSets,
  WorkerTaskReachability
} from "../schema/BuildIds.js"
import type { QueryRejectCondition, WorkflowUpdateStage } from "../schema/Common.js"
import * as Memo from "../schema/Memo.js"
import {
  type ConnectionError,
  type DataConverterError,
  InvalidArgumentError,
  type NamespaceNotFoundError,
  type PayloadCodecError,
  type PayloadTooLargeError,
  RpcError,
  type WorkflowAlreadyStartedError,
  WorkflowUpdateRpcTimeoutOrCancelledError
} from "../schema/TemporalError.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { WorkflowExecution, WorkflowExecutionCount } from "../schema/WorkflowExecution.js"
import {
  type StartWorkflowOptions,
  validateCallOptions,
  type ValidatedStartWorkflowOptions,
  validatePageOptions,
  validateStartWorkflowOptions,
  validateVisibilityQuery,
  validateWellFormed,
  validateWellFormedFields,
  validateWithStartWorkflowOperationOptions,
  type WithStartWorkflowOperationOptions
} from "../schema/WorkflowOptions.js"
import type { ActivityOperations } from "./ActivityClient.js"
import type * as AsyncActivityHandle from "./AsyncActivityHandle.js"
import { ClientInterceptors } from "./ClientInterceptors.js"
import { Connection, type ConnectionShape } from "./Connection.js"
import { DataConverter, type HeaderCodecBehavior } from "./DataConverter.js"
import type { ScheduleOperations } from "./ScheduleClient.js"
import type * as WorkflowHandle from "./WorkflowHandle.js"
import type * as WorkflowUpdateHandle from "./WorkflowUpdateHandle.js"

/**
 * Errors of starting a workflow.
 *
 * @since 0.1.0
 * @category errors
 */
export type StartWorkflowError =
  | WorkflowAlreadyStartedError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of starting a workflow and waiting for its result.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExecuteWorkflowError = StartWorkflowError | WorkflowHandle.WorkflowResultError

/**
 * Errors of update-with-start, up to the update handle.
 *
 * @since 0.1.0
 * @category errors
 */
export type StartUpdateWithStartError = StartWorkflowError | WorkflowUpdateRpcTimeoutOrCancelledError

/**
 * Errors of update-with-start, up to the update's result.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExecuteUpdateWithStartError =
  | StartUpdateWithStartError
  | WorkflowUpdateHandle.WorkflowUpdateResultError

/**
 * A workflow given by definition or, untyped, by its type name.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowRef<Def extends WorkflowDefinition.Any> = Def | string

/**
 * The definition a `WorkflowRef` stands for.
 *
 * @since 0.1.0
 * @category models
 */
export type DefinitionOf<W> = W extends WorkflowDefinition.Any ? W : WorkflowDefinition.Untyped

/**
 * The start half of update-with-start: the workflow and how to start it if
 * it is not running.
 *
 * @since 0.1.0
 * @category models
 */
export interface WithStartWorkflowOperation<Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped> {
  /** The workflow to start: its definition (a name given to `withStartWorkflowOperation` becomes an untyped one). */
  readonly workflow: Def
  /** How to start it: ID, task queue, `idConflictPolicy` (required), arguments, ... */
  readonly options: WithStartWorkflowOperationOptions<Def>
}

/**
 * Build the start half of update-with-start.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withStartWorkflowOperation = <W extends WorkflowDefinition.Any | string>(
  workflow: W,
  options: WithStartWorkflowOperationOptions<DefinitionOf<W>>
): WithStartWorkflowOperation<DefinitionOf<W>> => ({
  workflow: toDefinition(workflow) as DefinitionOf<W>,
  options
})

/**
 * Options of update-with-start.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateWithStartOptions<
  Def extends WorkflowDefinition.Any,
  K extends WorkflowDefinition.UpdateNames<Def>
> extends WorkflowHandle.HandleCallOptions {
  /** The update's arguments. */
  readonly args: WorkflowDefinition.UpdateArgs<Def, K>
  /** How to start the workflow when it is not running. */
  readonly startWorkflowOperation: WithStartWorkflowOperation<Def>
  /** Stage to wait for: `Accepted` (default) or `Completed`. */
  readonly waitForStage?: WorkflowUpdateStage | undefined
  /** The update's ID. Default: a fresh UUID. */
  readonly updateId?: string | undefined
}

/**
 * What update-with-start gives back: the update's handle and the workflow's.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateWithStartHandles<Def extends WorkflowDefinition.Any, A> {
  /** The handle of the update sent. */
  readonly updateHandle: WorkflowUpdateHandle.WorkflowUpdateHandle<A>
  /** The handle of the workflow, started by this call or already running. */
  readonly workflowHandle: WorkflowHandle.WorkflowHandle<Def>
}

/**
 * Options of `listWorkflows`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListWorkflowsOptions extends WorkflowHandle.HandleCallOptions {
  /** Executions per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many executions. A non-negative integer. */
  readonly limit?: number | undefined
}

/**
 * Errors of listing and counting workflows: bad options are caught before
 * any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListWorkflowsError = InvalidArgumentError | NamespaceNotFoundError | RpcError | ConnectionError

/**
 * One page of `listWorkflowsPage`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowExecutionPage {
  /** The executions on this page. */
  readonly executions: ReadonlyArray<WorkflowExecution>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The client service.
 *
 * @since 0.1.0
 * @category models
 */
export interface TemporalClientShape extends ScheduleOperations, ActivityOperations {
  /** The namespace every call is made in. */
  readonly namespace: string
  /** The identity recorded in histories. */
  readonly identity: string
  /** The connection underneath, for raw RPCs. */
  readonly connection: ConnectionShape
  /** The data converter in use. */
  readonly dataConverter: DataConverter.Service
  /** Start a workflow; with `startSignal`, signal-with-start. */
  readonly startWorkflow: <W extends WorkflowDefinition.Any | string>(
    workflow: W,
    options: StartWorkflowOptions<DefinitionOf<W>>
  ) => Effect.Effect<WorkflowHandle.WorkflowHandle<DefinitionOf<W>>, StartWorkflowError>
  /** Start a workflow and wait for its result. */
  readonly executeWorkflow: <W extends WorkflowDefinition.Any | string>(
    workflow: W,
    options: StartWorkflowOptions<DefinitionOf<W>>
  ) => Effect.Effect<WorkflowDefinition.Result<DefinitionOf<W>>, ExecuteWorkflowError>
  /** Signal a workflow, starting it first if it is not running. */
  readonly signalWithStart: <W extends WorkflowDefinition.Any | string>(
    workflow: W,
    options: StartWorkflowOptions<DefinitionOf<W>> & { readonly startSignal: string }
  ) => Effect.Effect<WorkflowHandle.WorkflowHandle<DefinitionOf<W>>, StartWorkflowError>
  /** Send an update, starting the workflow first if it is not running; returns once the update is accepted. */
  readonly startUpdateWithStart: <Def extends WorkflowDefinition.Any, K extends WorkflowDefinition.UpdateNames<Def>>(
    update: K,
    options: UpdateWithStartOptions<Def, K>
  ) => Effect.Effect<UpdateWithStartHandles<Def, WorkflowDefinition.UpdateResult<Def, K>>, StartUpdateWithStartError>
  /** Send an update, starting the workflow first if it is not running, and wait for its result. */
  readonly executeUpdateWithStart: <Def extends WorkflowDefinition.Any, K extends WorkflowDefinition.UpdateNames<Def>>(
    update: K,
    options: Omit<UpdateWithStartOptions<Def, K>, "waitForStage">
  ) => Effect.Effect<WorkflowDefinition.UpdateResult<Def, K>, ExecuteUpdateWithStartError>
  /** A handle to a workflow by ID (untyped). No I/O. */
  readonly getWorkflowHandle: (
    workflowId: string,
    options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
  ) => WorkflowHandle.WorkflowHandle<WorkflowDefinition.Untyped>
  /** A handle to a workflow by ID, typed by its definition. No I/O. */
  readonly getWorkflowHandleFor: <Def extends WorkflowDefinition.Any>(
    definition: Def,
    workflowId: string,
    options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
  ) => WorkflowHandle.WorkflowHandle<Def>
  /** Executions matching a visibility query, page after page. The options are checked before the first RPC. */
  readonly listWorkflows: (
    query?: string,
    options?: ListWorkflowsOptions
  ) => Stream.Stream<WorkflowExecution, ListWorkflowsError>
  /** One page of executions matching a visibility query. */
  readonly listWorkflowsPage: (
    query: string | undefined,
    options?: WorkflowHandle.HandleCallOptions & {
      readonly pageSize?: number | undefined
      readonly nextPageToken?: Uint8Array | undefined
    }
  ) => Effect.Effect<WorkflowExecutionPage, ListWorkflowsError>
  /** Count executions matching a visibility query (with `GROUP BY` groups). */
  readonly countWorkflows: (
    query?: string,
    options?: WorkflowHandle.HandleCallOptions
  ) => Effect.Effect<WorkflowExecutionCount, ListWorkflowsError>
  /** A handle to complete, fail or heartbeat an activity from outside its worker. No I/O. */
  readonly getAsyncActivityHandle: (
    target: AsyncActivityHandle.AsyncActivityTarget
  ) => AsyncActivityHandle.AsyncActivityHandle
  /** Change a task queue's build-ID version sets (worker versioning v0.1). */
  readonly updateWorkerBuildIdCompatibility: (
    taskQueue: string,
    operation: BuildIdOp,
    options?: VersioningCallOptions
  ) => Effect.Effect<void, UpdateWorkerBuildIdCompatibilityError>
  /** A task queue's build-ID version sets. */
  readonly getWorkerBuildIdCompatibility: (
    taskQueue: string,
    options?: GetWorkerBuildIdCompatibilityOptions
  ) => Effect.Effect<WorkerBuildIdVersionSets, GetWorkerBuildIdCompatibilityError>
  /** Which build IDs can still receive tasks, per task queue. */
  readonly getWorkerTaskReachability: (
    options: GetWorkerTaskReachabilityOptions
  ) => Effect.Effect<WorkerTaskReachability, GetWorkerTaskReachabilityError>
}

/**
 * The Temporal client.
 *
 * @since 0.1.0
 * @category tags
 */
export class TemporalClient extends Context.Service<
  TemporalClient,
  TemporalClientShape
>()("effect-temporal/TemporalClient") {}

/**
 * Options of the client itself (the connection has its own).
 *
 * @since 0.1.0
 * @category models
 */
export interface TemporalClientOptions {
  /** The namespace. Default: the connection's. */
  readonly namespace?: string | undefined
  /** The identity. Default: the connection's (`pid@hostname`). */
  readonly identity?: string | undefined
  /** Reject condition for queries that do not give their own. Default: the server's (none). */
  readonly defaultQueryRejectCondition?: QueryRejectCondition | undefined
  /** Whether the payload codecs also run on headers. Default `NoCodec`. */
  readonly headerCodecBehavior?: HeaderCodecBehavior | undefined
}

/** The definition of handles got by ID alone: one shared value, not one per handle. */
const untypedByIdDefinition = WorkflowDefinition.untyped("")

const toDefinition = (workflow: WorkflowDefinition.Any | string): WorkflowDefinition.Any =>
  typeof workflow === "string" ? WorkflowDefinition.untyped(workflow) : workflow

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

/**
 * Build the client from a connection and a data converter. `RetryConfig`
 * (through the connection) and `ClientInterceptors` are read when present.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: TemporalClientOptions = {}
): Effect.Effect<TemporalClientShape, never, Connection | DataConverter> =>
  Effect.gen(function*() {
    const connection = yield* Connection
    const dataConverter = yield* DataConverter
    const interceptors = yield* ClientInterceptors
    const context = makeClientContext({
      connection,
      dataConverter,
      namespace: options.namespace ?? connection.namespace,
      identity: options.identity ?? connection.identity,
      interceptors,
      defaultQueryRejectCondition: options.defaultQueryRejectCondition,
      headerCodecBehavior: options.headerCodecBehavior ?? "NoCodec"
    })
    const span = (name: string, workflowId: string) =>
      withClientSpan(`temporal.TemporalClient.${name}`, () => ({
        "temporal.namespace": context.namespace,
        "temporal.workflow_id": workflowId
      }))

    const startWorkflow: TemporalClientShape["startWorkflow"] = (workflow, startOptions) => {
      const definition = toDefinition(workflow)
      return Effect.gen(function*() {
        const validated = yield* validateStartWorkflowOptions(startOptions as StartWorkflowOptions)
        yield* validateWellFormed("workflowType", definition.name)
        const input = yield* encodeStart(context, definition, validated)
        const callOptions = callOptionsOf(validated)
        const workflowId = validated.id
        if (validated.startSignal !== undefined) {
          const signalInput = yield* context.dataConverter.toPayloads(
            validated.startSignalArgs,
            WorkflowDefinition.argSchemasFor(
              definition,
              validated.startSignalArgs.length,
              "signal",
              validated.startSignal
            )
          )
          yield* context.dataConverter.checkSize(signalInput, "SignalWithStartWorkflowExecution.signalInput")
          const response = yield* context.call(
            "signalWithStartWorkflow",
            WorkflowConvert.toSignalWithStartWorkflowExecutionRequest({
              ...input,
              signalName: validated.startSignal,
              signalInput
            }),
            callOptions
          ).pipe(Effect.mapError(mapStartError(workflowId, definition.name)))
          return makeWorkflowHandle(context, definition, {
            workflowId,
            resultRunId: response.runId || undefined
          })
        }
        const response = yield* context.call(
          "startWorkflow",
          WorkflowConvert.toStartWorkflowExecutionRequest(input),
          callOptions
        ).pipe(Effect.mapError(mapStartError(workflowId, definition.name)))
        return makeWorkflowHandle(context, definition, {
          workflowId,
          resultRunId: response.runId || undefined,
          firstExecutionRunId: firstRunOf(validated, response)
        })
      }).pipe(span("startWorkflow", startOptions.id)) as unknown as Effect.Effect<
        WorkflowHandle.WorkflowHandle<DefinitionOf<typeof workflow>>,
        StartWorkflowError
      >
    }

    const startUpdateWithStart: TemporalClientShape["startUpdateWithStart"] = (update, updateOptions) =>
      Effect.gen(function*() {
        const operation = updateOptions.startWorkflowOperation
        const definition = operation.workflow
        const validated = yield* validateWithStartWorkflowOperationOptions(operation.options)
        const waitForStage = updateOptions.waitForStage ?? "Accepted"
        if (waitForStage === "Admitted") {
          return yield* new InvalidArgumentError({
            field: "waitForStage",
            reason: "Admitted is not supported: a handle is returned once the update is at least Accepted"
          })
        }
        yield* validateWellFormedFields([
          ["workflowType", definition.name],
          ["update", update],
          ["updateId", updateOptions.updateId]
        ])
        const input = yield* encodeStart(context, definition, validated)
        const args = updateOptions.args as ReadonlyArray<unknown>
        const updateArgs = yield* context.dataConverter.toPayloads(
          args,
          WorkflowDefinition.argSchemasFor(definition, args.length, "update", update)
        )
        yield* context.dataConverter.checkSize(updateArgs, "UpdateWorkflowExecution.input")
        const updateId = updateOptions.updateId ?? (yield* makeRequestId)
        const workflowId = validated.id
        const stage = stageNumbers[waitForStage]
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
        // Sent again with the same IDs until the update reached the stage,
        // paced as every long poll is.
        const pacing = makePacing()
        while (true) {
          const startedAt = yield* Clock.currentTimeMillis
          const response = yield* context.call("startUpdateWithStart", request, callOptionsOf(updateOptions)).pipe(
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
      }).pipe(span("startUpdateWithStart", updateOptions.startWorkflowOperation.options.id))

    /** One page, options already checked. */
    const fetchWorkflowsPage = (
      query: string | undefined,
      pageOptions: Parameters<TemporalClientShape["listWorkflowsPage"]>[1] & {}
    ) =>
      Effect.map(
        context.call("listWorkflows", {
          namespace: context.namespace,
          query: query ?? "",
          pageSize: pageOptions.pageSize ?? 0,
          nextPageToken: pageOptions.nextPageToken ?? null
        }, callOptionsOf(pageOptions)),
        (response): WorkflowExecutionPage => ({
          executions: (response.executions ?? []).map((info) =>
            WorkflowConvert.workflowExecutionFromProto(info, context.namespace)
          ),
          nextPageToken: response.nextPageToken && response.nextPageToken.length > 0
            ? response.nextPageToken
            : undefined
        })
      )

    const checkListing = <O extends ListWorkflowsOptions>(query: string | undefined, listOptions: O) =>
      Effect.andThen(validateVisibilityQuery(query), validatePageOptions(listOptions))

    const listWorkflowsPage: TemporalClientShape["listWorkflowsPage"] = (query, pageOptions = {}) =>
      Effect.flatMap(checkListing(query, pageOptions), (checked) => fetchWorkflowsPage(query, checked))

    const service: TemporalClientShape = {
      ...makeScheduleOperations(context),
      ...makeActivityOperations(context),
      namespace: context.namespace,
      identity: context.identity,
      connection,
      dataConverter,
      startWorkflow,
      executeWorkflow: (workflow, startOptions) =>
        Effect.flatMap(startWorkflow(workflow, startOptions), (handle) => handle.result()),
      signalWithStart: (workflow, startOptions) => startWorkflow(workflow, startOptions),
      startUpdateWithStart,
      executeUpdateWithStart: (update, updateOptions) =>
        Effect.flatMap(
          startUpdateWithStart(update, { ...updateOptions, waitForStage: "Completed" }),
          ({ updateHandle }) => updateHandle.result()
        ),
      getWorkflowHandle: (workflowId, handleOptions = {}) =>
        makeWorkflowHandle(context, untypedByIdDefinition, { workflowId, ...handleOptions }),
      getWorkflowHandleFor: (definition, workflowId, handleOptions = {}) =>
        makeWorkflowHandle(context, definition, { workflowId, ...handleOptions }),
      listWorkflowsPage,
      listWorkflows: (query, listOptions = {}) =>
        Stream.unwrap(Effect.map(checkListing(query, listOptions), (checked) => {
          const pages = Stream.paginate(Option.none<Uint8Array>(), (token: Option.Option<Uint8Array>) =>
            Effect.map(
              fetchWorkflowsPage(query, { ...checked, nextPageToken: Option.getOrUndefined(token) }),
              (page) =>
                [
                  page.executions as Array<WorkflowExecution>,
                  page.nextPageToken === undefined ? Option.none() : Option.some(Option.some(page.nextPageToken))
                ] as const
            ))
          return checked.limit !== undefined ? Stream.take(pages, checked.limit) : pages
        })),
      getAsyncActivityHandle: (target) => makeAsyncActivityHandle(context, target),
      updateWorkerBuildIdCompatibility: (taskQueue, operation, versioningOptions) =>
        BuildIdOperations.updateWorkerBuildIdCompatibility(context, taskQueue, operation, versioningOptions),
      getWorkerBuildIdCompatibility: (taskQueue, versioningOptions) =>
        BuildIdOperations.getWorkerBuildIdCompatibility(context, taskQueue, versioningOptions),
      getWorkerTaskReachability: (reachabilityOptions) =>
        BuildIdOperations.getWorkerTaskReachability(context, reachabilityOptions),
      countWorkflows: (query, countOptions = {}) =>
        Effect.andThen(validateVisibilityQuery(query), validateCallOptions(countOptions)).pipe(
          Effect.flatMap((checked) =>
            context.call("countWorkflows", { namespace: context.namespace, query: query ?? "" }, callOptionsOf(checked))
          ),
          Effect.map(WorkflowConvert.workflowExecutionCountFromProto)
        )
    }
    return TemporalClient.of(service)
  })

const stageNumbers: Record<WorkflowUpdateStage, number> = {
  Admitted: updateStages.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  Accepted: updateStages.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
  Completed: updateStages.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
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
  const detail = findDetail(error, "MultiOperationExecutionFailure") as
    | {
      statuses?: Array<{
        code?: number
        message?: string
        // protobufjs names the built-in `google.protobuf.Any` field `type_url`.
        details?: Array<{ typeUrl?: string; type_url?: string; value?: Uint8Array }>
      }>
    }
    | undefined
  const status = detail?.statuses?.find((s) => s.code !== 10 && s.code !== 0)
  if (!status) return alreadyStarted(error, workflowId, workflowType) ?? error
  const details = (status.details ?? []).map((packed) => {
    const typeName = (packed.typeUrl ?? packed.type_url ?? "").replace(/^.*\//, "")
    try {
      return { typeName, value: protoLookup(typeName, packed.value ?? new Uint8Array()) }
    } catch {
      return { typeName, value: packed.value }
    }
  })
  const inner = new RpcError({
    code: statusName(status.code ?? 2),
    message: status.message ?? error.message,
    method: error.method,
    details,
    cause: error
  })
  return alreadyStarted(inner, workflowId, workflowType) ?? inner
}

const protoLookup = (typeName: string, bytes: Uint8Array): unknown => root().lookupType(typeName).decode(bytes)
