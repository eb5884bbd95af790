/**
 * Batch operations of the in-memory Temporal: terminate, cancel and signal
 * the running workflows a query (the list query language: `Field = 'value'`
 * joined by `AND`) or a list of executions selects. A batch runs to the end
 * inside its start RPC, so it is already completed when described; stopping
 * it answers as the server does for a closed batch. Other operations answer
 * UNIMPLEMENTED.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FakeConnection from "../../testing/FakeConnection.js"
import * as OperationEnums from "../proto/operationEnums.js"
import { type Handlers, nextPageToken, pageOffset, pageSize, timestamp } from "./protocol.js"
import { latest, type Run, type Server } from "./state.js"
import { queryMatcher } from "./visibility.js"
import { requestCancel, signalRun, terminateRun } from "./workflows.js"

type StartRequest = temporal.api.workflowservice.v1.IStartBatchOperationRequest

interface Job {
  readonly jobId: string
  readonly operationType: number
  readonly startTime: number
  readonly closeTime: number
  readonly total: number
  readonly failures: number
  readonly identity: string
  readonly reason: string
  readonly query: string
  readonly executions: ReadonlyArray<temporal.api.common.v1.IExecution>
}

/** The batches of each server, newest last. */
const jobsOf = new WeakMap<Server, Map<string, Job>>()

const jobs = (server: Server): Map<string, Job> => {
  let found = jobsOf.get(server)
  if (found === undefined) {
    found = new Map()
    jobsOf.set(server, found)
  }
  return found
}

/** The fields a batch query may name. */
const runFields: Readonly<Record<string, (run: Run) => string>> = {
  WorkflowType: (run) => run.workflowType,
  WorkflowId: (run) => run.workflowId,
  ExecutionStatus: (run) => run.status,
  TaskQueue: (run) => run.taskQueue,
  RunId: (run) => run.runId
}

/** What the batch does to one run, its type, and the identity it records. */
const operationOf = (server: Server, request: StartRequest) => {
  const reason = request.reason ?? ""
  if (request.terminationOperation) {
    const identity = request.terminationOperation.identity ?? ""
    return {
      type: OperationEnums.BatchOperationType.BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW,
      identity,
      apply: (run: Run) => terminateRun(server, run, reason, identity)
    }
  }
  if (request.cancellationOperation) {
    const identity = request.cancellationOperation.identity ?? ""
    return {
      type: OperationEnums.BatchOperationType.BATCH_OPERATION_TYPE_CANCEL_WORKFLOW,
      identity,
      apply: (run: Run) => requestCancel(run, reason, identity)
    }
  }
  if (request.signalOperation) {
    const signal = request.signalOperation
    return {
      type: OperationEnums.BatchOperationType.BATCH_OPERATION_TYPE_SIGNAL_WORKFLOW,
      identity: signal.identity ?? "",
      apply: (run: Run) => signalRun(server, run, signal.signal ?? "", signal.input?.payloads ?? [], "")
    }
  }
  return undefined
}

/** The running workflows a start request selects. */
const selected = (server: Server, request: StartRequest) => {
  const listed = request.executions ?? []
  if (listed.length > 0) {
    return Effect.succeed(listed.flatMap((execution) => {
      const run = latest(server, execution.workflowId ?? "")
      return run !== undefined && run.status === "Running" ? [run] : []
    }))
  }
  return Effect.map(
    queryMatcher(request.visibilityQuery ?? "", runFields),
    ({ match }) => server.all.filter((run) => run.status === "Running" && match(run))
  )
}

const startBatchOperation = (server: Server, request: StartRequest) =>
  Effect.gen(function*() {
    const jobId = request.jobId ?? ""
    const hasQuery = (request.visibilityQuery ?? "") !== ""
    const hasList = (request.executions ?? []).length > 0
    if (jobId === "" || (request.reason ?? "") === "" || hasQuery === hasList) {
      return yield* Effect.fail(FakeConnection.status(
        "INVALID_ARGUMENT",
        "must provide required parameters: BatchType,Reason,Namespace, AND one of (Query OR Executions)"
      ))
    }
    if (jobs(server).has(jobId)) {
      return yield* Effect.fail(FakeConnection.status("ALREADY_EXISTS", `Batch operation ${jobId} already exists.`))
    }
    const operation = operationOf(server, request)
    if (operation === undefined) {
      return yield* Effect.fail(FakeConnection.status(
        "UNIMPLEMENTED",
        "in-memory Temporal runs terminate, cancel and signal batches only"
      ))
    }
    const startTime = yield* Clock.currentTimeMillis
    const runs = yield* selected(server, request)
    let failures = 0
    for (const run of runs) {
      yield* Effect.catchCause(operation.apply(run), () => Effect.sync(() => failures++))
    }
    jobs(server).set(jobId, {
      jobId,
      operationType: operation.type,
      startTime,
      closeTime: yield* Clock.currentTimeMillis,
      total: runs.length,
      failures,
      identity: operation.identity,
      reason: request.reason ?? "",
      query: request.visibilityQuery ?? "",
      executions: (request.executions ?? []).map((execution) => ({
        type: OperationEnums.ExecutionType.EXECUTION_TYPE_WORKFLOW,
        businessId: execution.workflowId ?? "",
        runId: execution.runId ?? ""
      }))
    })
    return {}
  })

const findJob = (server: Server, jobId: string | null | undefined) => {
  const job = jobs(server).get(jobId ?? "")
  return job === undefined
    ? Effect.fail(FakeConnection.notFound(`workflow not found for ID: ${jobId ?? ""}`))
    : Effect.succeed(job)
}

const completed = OperationEnums.BatchOperationState.BATCH_OPERATION_STATE_COMPLETED

/**
 * The batch operation RPCs of the in-memory server.
 *
 * @internal
 */
export const batchHandlers = (server: Server): Handlers => ({
  startBatchOperation: (request) => startBatchOperation(server, request),
  describeBatchOperation: (request) =>
    Effect.map(findJob(server, request.jobId), (job) => ({
      operationType: job.operationType,
      jobId: job.jobId,
      state: completed,
      startTime: timestamp(job.startTime),
      closeTime: timestamp(job.closeTime),
      totalOperationCount: job.total as never,
      completeOperationCount: (job.total - job.failures) as never,
      failureOperationCount: job.failures as never,
      identity: job.identity,
      reason: job.reason,
      query: job.query,
      executions: [...job.executions]
    })),
  listBatchOperations: (request) =>
    Effect.sync(() => {
      const all = [...jobs(server).values()].reverse()
      const offset = pageOffset(request.nextPageToken)
      const size = pageSize(request.pageSize)
      const next = nextPageToken(offset, size, all.length)
      return {
        operationInfo: all.slice(offset, offset + size).map((job) => ({
          jobId: job.jobId,
          state: completed,
          startTime: timestamp(job.startTime),
          closeTime: timestamp(job.closeTime),
          operationType: job.operationType
        })),
        ...(next ? { nextPageToken: next } : {})
      }
    }),
  stopBatchOperation: (request) =>
    Effect.flatMap(
      findJob(server, request.jobId),
      () => Effect.fail(FakeConnection.notFound("workflow execution already completed"))
    )
})
