/**
 * The workflow service of the in-memory Temporal: every RPC it answers,
 * in the server's namespace only.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as FakeConnection from "../../testing/FakeConnection.js"
import { cancelActivity, completeActivity, failActivity, heartbeatActivity } from "./activities.js"
import { batchHandlers } from "./batches.js"
import { namespaceHandlers } from "./namespaces.js"
import { nexusOperationHandlers } from "./nexusOperations.js"
import {
  conflictPolicies,
  enumValues,
  type Handlers,
  notFound,
  type ResponseOf,
  type StartRequest,
  statusNumber
} from "./protocol.js"
import { scheduleHandlers } from "./schedules.js"
import { standaloneActivityHandlers } from "./standaloneActivities.js"
import { findOpenRun, findRun, latest, type Server, settle } from "./state.js"
import { executeMultiOperation, pollWorkflowExecutionUpdate, updateWorkflowExecution } from "./updates.js"
import {
  countWorkflowExecutions,
  describeWorkflowExecution,
  getWorkflowExecutionHistory,
  listWorkflowExecutions
} from "./visibility.js"
import { requestCancel, resetRun, signalRun, start, terminateRun } from "./workflows.js"

const systemInfo: ResponseOf<"getSystemInfo"> = {
  serverVersion: "in-memory",
  capabilities: {
    signalAndQueryHeader: true,
    internalErrorDifferentiation: true,
    activityFailureIncludeHeartbeat: true,
    supportsSchedules: true,
    encodedFailureAttributes: true,
    upsertMemo: true,
    eagerWorkflowStart: false,
    sdkMetadata: true,
    countGroupByExecutionStatus: true
  }
}

/** `SignalWithStartWorkflowExecution`: signal the running workflow, or start it with the signal. */
const signalWithStart = (
  server: Server,
  request: temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest
) =>
  Effect.gen(function*() {
    const signal = { name: request.signalName ?? "", input: request.signalInput?.payloads ?? [] }
    const existing = latest(server, request.workflowId ?? "")
    if (
      existing?.status === "Running" &&
      (request.workflowIdConflictPolicy ?? 0) !== conflictPolicies()["WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING"]
    ) {
      yield* signalRun(server, existing, signal.name, signal.input, request.requestId ?? "")
      return { runId: existing.runId, started: false }
    }
    const { run, started } = yield* start(server, request as StartRequest, "USE_EXISTING", [signal])
    yield* settle(run)
    return { runId: run.runId, started }
  })

/** `QueryWorkflow`: the query handler on the live state, with the reject conditions. */
const queryWorkflow = (
  server: Server,
  request: temporal.api.workflowservice.v1.IQueryWorkflowRequest
): Effect.Effect<ResponseOf<"queryWorkflow">, FakeConnection.FakeStatus> =>
  Effect.gen(function*() {
    const run = yield* findRun(server, request.execution)
    yield* settle(run)
    const condition = request.queryRejectCondition ?? 0
    const rejectConditions = enumValues("temporal.api.enums.v1.QueryRejectCondition")
    if (
      (condition === rejectConditions["QUERY_REJECT_CONDITION_NOT_OPEN"] && run.status !== "Running") ||
      (condition === rejectConditions["QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY"] &&
        run.status !== "Running" && run.status !== "Completed")
    ) {
      return { queryRejected: { status: statusNumber(run.status) } }
    }
    const name = request.query?.queryType ?? ""
    const handler = run.queryHandlers.get(name)
    const queryFailed = (message: string) =>
      FakeConnection.status("INVALID_ARGUMENT", message, [
        { typeName: "temporal.api.errordetails.v1.QueryFailedFailure", value: {} }
      ])
    if (handler === undefined) {
      return yield* Effect.fail(
        queryFailed(`unknown queryType ${name}. KnownQueryTypes=[${[...run.queryHandlers.keys()].join(" ")}]`)
      )
    }
    const args = yield* server.dataConverter.fromPayloads(request.query?.queryArgs?.payloads).pipe(Effect.orDie)
    const result = yield* handler(...args).pipe(
      Effect.catchCause((cause) =>
        Effect.fail(queryFailed(
          Option.match(Cause.findErrorOption(cause), {
            onNone: () => Cause.pretty(cause),
            onSome: (failure) => failure.message
          })
        ))
      )
    )
    const payload = yield* server.dataConverter.toPayload(result).pipe(Effect.orDie)
    return { queryResult: { payloads: [payload] } }
  })

/** The run a cancel or terminate request names, checked against its first execution run ID. */
const findChainRun = (
  server: Server,
  request: {
    workflowExecution?: temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionRequest["workflowExecution"]
    firstExecutionRunId?: string | null
  },
  open: boolean
) =>
  Effect.flatMap(
    open ? findOpenRun(server, request.workflowExecution) : findRun(server, request.workflowExecution),
    (run) =>
      request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId
        ? Effect.fail(notFound(run.workflowId))
        : Effect.succeed(run)
  )

const workflowHandlers = (server: Server): Handlers => ({
  getSystemInfo: () => Effect.succeed(systemInfo),
  describeNamespace: (request) =>
    Effect.succeed({ namespaceInfo: { name: request.namespace ?? server.namespace, state: 1 } }),
  startWorkflowExecution: (request) =>
    Effect.map(start(server, request, "FAIL", []), ({ run, started }) => ({ runId: run.runId, started })),
  signalWithStartWorkflowExecution: (request) => signalWithStart(server, request),
  signalWorkflowExecution: (request) =>
    Effect.flatMap(findOpenRun(server, request.workflowExecution), (run) =>
      Effect.as(
        signalRun(server, run, request.signalName ?? "", request.input?.payloads ?? [], request.requestId ?? ""),
        {}
      )),
  queryWorkflow: (request) => queryWorkflow(server, request),
  updateWorkflowExecution: (request) => updateWorkflowExecution(server, request),
  pollWorkflowExecutionUpdate: (request) => pollWorkflowExecutionUpdate(server, request),
  executeMultiOperation: (request) => executeMultiOperation(server, request),
  // As the server: asking a closed workflow to cancel succeeds and does nothing.
  requestCancelWorkflowExecution: (request) =>
    Effect.flatMap(findChainRun(server, request, false), (run) =>
      Effect.as(
        run.status === "Running" ? requestCancel(run, request.reason ?? "", request.identity ?? "") : Effect.void,
        {}
      )),
  terminateWorkflowExecution: (request) =>
    Effect.flatMap(
      findChainRun(server, request, true),
      (run) => Effect.as(terminateRun(server, run, request.reason ?? "", request.identity ?? ""), {})
    ),
  // As the server: a running workflow is terminated, then every run of the ID is forgotten.
  deleteWorkflowExecution: (request) =>
    Effect.gen(function*() {
      const run = yield* findRun(server, request.workflowExecution)
      if (run.status === "Running") yield* terminateRun(server, run, "Delete workflow execution", "in-memory")
      const runs = request.workflowExecution?.runId ? [run] : server.byId.get(run.workflowId) ?? []
      for (const gone of runs) {
        const index = server.all.indexOf(gone)
        if (index >= 0) server.all.splice(index, 1)
      }
      const left = (server.byId.get(run.workflowId) ?? []).filter((r) => !runs.includes(r))
      if (left.length > 0) server.byId.set(run.workflowId, left)
      else server.byId.delete(run.workflowId)
      return {}
    }),
  resetWorkflowExecution: (request) =>
    Effect.flatMap(findRun(server, request.workflowExecution), (run) => resetRun(server, run, request)),
  describeWorkflowExecution: (request) => describeWorkflowExecution(server, request),
  getWorkflowExecutionHistory: (request) => getWorkflowExecutionHistory(server, request),
  listWorkflowExecutions: (request) => listWorkflowExecutions(server, request),
  countWorkflowExecutions: (request) => countWorkflowExecutions(server, request)
})

const activityHandlers = (server: Server): Handlers => ({
  recordActivityTaskHeartbeat: (request) => heartbeatActivity(server, request),
  recordActivityTaskHeartbeatById: (request) => heartbeatActivity(server, request),
  respondActivityTaskCompleted: (request) => completeActivity(server, request),
  respondActivityTaskCompletedById: (request) => completeActivity(server, request),
  respondActivityTaskFailed: (request) => failActivity(server, request),
  respondActivityTaskFailedById: (request) => failActivity(server, request),
  respondActivityTaskCanceled: (request) => cancelActivity(server, request),
  respondActivityTaskCanceledById: (request) => cancelActivity(server, request)
})

type AnyHandler = (
  request: unknown,
  context: FakeConnection.FakeCallContext
) => Effect.Effect<object, FakeConnection.FakeStatus>

/**
 * The handlers, answering a request for any other namespace than the
 * server's as the server answers for a namespace that does not exist.
 */
const inNamespace = (namespace: string, handlers: Handlers): Handlers =>
  Object.fromEntries(
    Object.entries(handlers).map(([key, handler]) => [
      key,
      (request: { readonly namespace?: string | null }, context: FakeConnection.FakeCallContext) => {
        const requested = request.namespace
        return typeof requested === "string" && requested !== "" && requested !== namespace
          ? Effect.fail(FakeConnection.namespaceNotFound(requested))
          : (handler as AnyHandler)(request, context)
      }
    ])
  ) as Handlers

/** Every RPC the in-memory server answers. */
export const workflowService = (server: Server): Handlers =>
  inNamespace(server.namespace, {
    ...scheduleHandlers(server),
    ...activityHandlers(server),
    ...standaloneActivityHandlers(server),
    ...nexusOperationHandlers(server),
    ...workflowHandlers(server),
    ...namespaceHandlers(server),
    ...batchHandlers(server)
  })
