/**
 * Standalone Nexus operations of the in-memory Temporal: handlers
 * registered as Effect functions, started by the client, run as fibers on
 * the `Clock` (synchronous when they answer before the start returns,
 * asynchronous otherwise), with ID policies, the schedule-to-close timeout,
 * cancel, terminate, describe, poll, list and count.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import { TimeoutFailure } from "../../schema/Failure.js"
import * as FakeConnection from "../../testing/FakeConnection.js"
import * as Enums from "../proto/enums.js"
import { startOver } from "./idPolicies.js"
import { durationMillis, type Handlers, longPollWindow, serverFailure, timestamp } from "./protocol.js"
import {
  addRun,
  forkInRun,
  freshExecution,
  interruptFork,
  type NexusOperationRun,
  type NexusStatus,
  type Server,
  settle,
  signalChange
} from "./state.js"
import { countAnswer, queryMatcher } from "./visibility.js"

type OperationRequest = { operationId?: string | null; runId?: string | null }

const latestOf = (server: Server, operationId: string) => {
  const runs = server.nexusOperations.get(operationId)
  return runs?.[runs.length - 1]
}

const findOperation = (server: Server, request: OperationRequest) =>
  Effect.suspend(() => {
    const operationId = request.operationId ?? ""
    const run = request.runId
      ? server.nexusOperations.get(operationId)?.find((r) => r.runId === request.runId)
      : latestOf(server, operationId)
    return run
      ? Effect.succeed(run)
      : Effect.fail(FakeConnection.notFound(`Nexus operation execution not found for operation ID "${operationId}"`))
  })

const isOpen = (run: NexusOperationRun) => run.status === "Running"

const changed = signalChange

/** Close an open operation with its outcome; its fibers end. */
const close = (
  run: NexusOperationRun,
  status: Exclude<NexusStatus, "Running">,
  outcome: { readonly result?: temporal.api.common.v1.IPayload; readonly failure?: temporal.api.failure.v1.IFailure }
) =>
  Effect.gen(function*() {
    if (!isOpen(run)) return
    run.status = status
    run.state = undefined
    run.result = outcome.result
    run.failure = outcome.failure
    run.closeTime = yield* Clock.currentTimeMillis
    yield* Deferred.succeed(run.closed, undefined)
    yield* changed(run)
    yield* Effect.forkDetach(Scope.close(run.scope, Exit.void))
  })

/** The handler's fiber: its answer closes the operation. */
const runHandler = (server: Server, run: NexusOperationRun): Effect.Effect<void> =>
  Effect.gen(function*() {
    const fn = server.options.nexusServices?.[run.service]?.[run.operation]
    const input = run.input === undefined
      ? undefined
      : yield* server.dataConverter.fromPayload(run.input).pipe(Effect.orDie)
    const body = fn === undefined
      ? Effect.fail(serverFailure(`No handler for ${run.service}/${run.operation}`, "NexusOperationNotRegistered"))
      : fn(input, {
        operationId: run.operationId,
        runId: run.runId,
        endpoint: run.endpoint,
        service: run.service,
        operation: run.operation,
        headers: { ...run.startRequest.nexusHeader }
      })
    const exit = yield* Effect.exit(body)
    if (Exit.isSuccess(exit)) {
      const result = yield* server.dataConverter.toPayload(exit.value).pipe(Effect.orDie)
      return yield* close(run, "Completed", { result })
    }
    if (Cause.hasInterruptsOnly(exit.cause)) return
    const error = Option.getOrElse(
      Cause.findErrorOption(exit.cause),
      () => serverFailure(`Nexus handler died: ${Cause.pretty(exit.cause)}`, "Defect")
    )
    const failure = yield* server.dataConverter.toFailure(error).pipe(Effect.orDie)
    yield* close(run, "Failed", { failure })
  })

const scheduleToCloseTimer = (server: Server, run: NexusOperationRun) => {
  const millis = durationMillis(run.startRequest.scheduleToCloseTimeout)
  if (millis <= 0) return Effect.void
  return Effect.asVoid(forkInRun(
    run,
    Effect.gen(function*() {
      yield* Effect.sleep(Duration.millis(millis))
      yield* interruptFork(run.handler)
      const failure = yield* server.dataConverter.toFailure(
        new TimeoutFailure({ message: "operation timed out", timeoutType: "TIMEOUT_TYPE_SCHEDULE_TO_CLOSE" })
      ).pipe(Effect.orDie)
      yield* close(run, "TimedOut", { failure })
    })
  ))
}

const alreadyStarted = (existing: NexusOperationRun) =>
  FakeConnection.status("ALREADY_EXISTS", `Nexus operation already started: ${existing.operationId}`, [
    {
      typeName: "temporal.api.errordetails.v1.NexusOperationExecutionAlreadyStartedFailure",
      value: { startRequestId: existing.requestId, runId: existing.runId }
    }
  ])

/** `StartNexusOperationExecution`: ID policies, then the handler; synchronous if it answers at once. */
const startOperation = (
  server: Server,
  request: temporal.api.workflowservice.v1.IStartNexusOperationExecutionRequest
) =>
  Effect.gen(function*() {
    const operationId = request.operationId ?? ""
    if (operationId === "") {
      return yield* Effect.fail(FakeConnection.status("INVALID_ARGUMENT", "operation_id is required"))
    }
    if (durationMillis(request.scheduleToCloseTimeout) <= 0) {
      return yield* Effect.fail(FakeConnection.status("INVALID_ARGUMENT", "schedule_to_close_timeout is required"))
    }
    const existing = latestOf(server, operationId)
    const answer = yield* startOver(existing, request, () => alreadyStarted(existing!))
    if (answer !== undefined) return answer
    const run: NexusOperationRun = {
      operationId,
      runId: crypto.randomUUID(),
      endpoint: request.endpoint ?? "",
      service: request.service ?? "",
      operation: request.operation ?? "",
      requestId: request.requestId ?? "",
      input: request.input ?? undefined,
      startRequest: request,
      status: "Running",
      state: "Scheduled",
      scheduleTime: yield* Clock.currentTimeMillis,
      closeTime: undefined,
      operationToken: undefined,
      cancelRequestedTime: undefined,
      cancelReason: undefined,
      result: undefined,
      failure: undefined,
      handler: undefined,
      ...(yield* freshExecution(server))
    }
    addRun(server.nexusOperations, operationId, run)
    yield* scheduleToCloseTimer(server, run)
    run.handler = yield* forkInRun(run, runHandler(server, run))
    yield* settle(run)
    if (isOpen(run)) {
      run.state = "Started"
      run.operationToken = Buffer.from(JSON.stringify({ operationId, runId: run.runId })).toString("base64url")
    }
    return { runId: run.runId, started: true }
  })

const statusNumbers: Record<NexusStatus, number> = {
  Running: Enums.NexusOperationExecutionStatus.NEXUS_OPERATION_EXECUTION_STATUS_RUNNING,
  Completed: Enums.NexusOperationExecutionStatus.NEXUS_OPERATION_EXECUTION_STATUS_COMPLETED,
  Failed: Enums.NexusOperationExecutionStatus.NEXUS_OPERATION_EXECUTION_STATUS_FAILED,
  Canceled: Enums.NexusOperationExecutionStatus.NEXUS_OPERATION_EXECUTION_STATUS_CANCELED,
  Terminated: Enums.NexusOperationExecutionStatus.NEXUS_OPERATION_EXECUTION_STATUS_TERMINATED,
  TimedOut: Enums.NexusOperationExecutionStatus.NEXUS_OPERATION_EXECUTION_STATUS_TIMED_OUT
}

const optionalTime = (millis: number | undefined) => millis === undefined ? null : timestamp(millis)

const listInfo = (run: NexusOperationRun): temporal.api.nexus.v1.INexusOperationExecutionListInfo => ({
  operationId: run.operationId,
  runId: run.runId,
  endpoint: run.endpoint,
  service: run.service,
  operation: run.operation,
  scheduleTime: timestamp(run.scheduleTime),
  closeTime: optionalTime(run.closeTime),
  status: statusNumbers[run.status],
  searchAttributes: run.startRequest.searchAttributes ?? null
})

const describeOperation = (
  server: Server,
  request: temporal.api.workflowservice.v1.IDescribeNexusOperationExecutionRequest
) =>
  Effect.gen(function*() {
    const run = yield* findOperation(server, request)
    if (request.longPollToken && request.longPollToken.length > 0) {
      yield* Effect.timeoutOption(Deferred.await(run.changed), longPollWindow)
    }
    const states = Enums.PendingNexusOperationState
    const info: temporal.api.nexus.v1.INexusOperationExecutionInfo = {
      ...listInfo(run),
      state: run.state === "Started"
        ? states.PENDING_NEXUS_OPERATION_STATE_STARTED
        : run.state === "Scheduled"
        ? states.PENDING_NEXUS_OPERATION_STATE_SCHEDULED
        : states.PENDING_NEXUS_OPERATION_STATE_UNSPECIFIED,
      scheduleToCloseTimeout: run.startRequest.scheduleToCloseTimeout ?? null,
      scheduleToStartTimeout: run.startRequest.scheduleToStartTimeout ?? null,
      startToCloseTimeout: run.startRequest.startToCloseTimeout ?? null,
      attempt: 1,
      requestId: run.requestId,
      operationToken: run.operationToken ?? "",
      nexusHeader: { ...run.startRequest.nexusHeader },
      userMetadata: run.startRequest.userMetadata ?? null,
      identity: run.startRequest.identity ?? "",
      ...(run.cancelRequestedTime !== undefined
        ? { cancellationInfo: { requestedTime: timestamp(run.cancelRequestedTime), reason: run.cancelReason ?? "" } }
        : {})
    }
    return {
      runId: run.runId,
      info,
      ...(request.includeInput && run.input ? { input: run.input } : {}),
      ...(request.includeOutcome && run.result ? { result: run.result } : {}),
      ...(request.includeOutcome && run.failure ? { failure: run.failure } : {}),
      longPollToken: new TextEncoder().encode(run.runId)
    }
  })

const operationFields: Readonly<Record<string, (run: NexusOperationRun) => string>> = {
  OperationId: (run) => run.operationId,
  Endpoint: (run) => run.endpoint,
  Service: (run) => run.service,
  Operation: (run) => run.operation,
  ExecutionStatus: (run) => run.status,
  RunId: (run) => run.runId
}

const allOperations = (server: Server) => [...server.nexusOperations.values()].flat()

/** Stop every running handler when the server's scope closes. */
export const closeNexusOnExit = (server: Server) =>
  Effect.addFinalizer(() =>
    Effect.forEach(allOperations(server), (run) => interruptFork(run.handler), { discard: true })
  )

/** The standalone Nexus operation RPCs of the in-memory server. */
export const nexusOperationHandlers = (server: Server): Handlers => ({
  startNexusOperationExecution: (request) => startOperation(server, request),
  pollNexusOperationExecution: (request) =>
    Effect.gen(function*() {
      const run = yield* findOperation(server, request)
      if (isOpen(run)) yield* Effect.timeoutOption(Deferred.await(run.closed), longPollWindow)
      const closedStage = Enums.NexusOperationWaitStage.NEXUS_OPERATION_WAIT_STAGE_CLOSED
      return {
        runId: run.runId,
        ...(isOpen(run) ? {} : { waitStage: closedStage }),
        ...(run.operationToken ? { operationToken: run.operationToken } : {}),
        ...(run.result ? { result: run.result } : {}),
        ...(run.failure ? { failure: run.failure } : {})
      }
    }),
  describeNexusOperationExecution: (request) => describeOperation(server, request),
  // As for activities: asking a closed operation to cancel succeeds and does nothing.
  requestCancelNexusOperationExecution: (request) =>
    Effect.gen(function*() {
      const run = yield* findOperation(server, request)
      if (!isOpen(run)) return {}
      run.cancelRequestedTime = yield* Clock.currentTimeMillis
      run.cancelReason = request.reason ?? ""
      yield* interruptFork(run.handler)
      yield* close(run, "Canceled", {
        failure: { message: "operation canceled", source: "in-memory", canceledFailureInfo: {} }
      })
      return {}
    }),
  terminateNexusOperationExecution: (request) =>
    Effect.gen(function*() {
      const run = yield* findOperation(server, request)
      if (!isOpen(run)) {
        return yield* Effect.fail(FakeConnection.status("FAILED_PRECONDITION", "operation already closed"))
      }
      yield* interruptFork(run.handler)
      yield* close(run, "Terminated", {
        failure: {
          message: request.reason || "operation terminated",
          source: "in-memory",
          terminatedFailureInfo: { identity: request.identity ?? "" }
        }
      })
      return {}
    }),
  listNexusOperationExecutions: (request) =>
    Effect.map(queryMatcher(request.query ?? "", operationFields), ({ match }) => ({
      operations: allOperations(server).filter(match).reverse().map(listInfo)
    })),
  countNexusOperationExecutions: (request) =>
    Effect.map(
      queryMatcher(request.query ?? "", operationFields),
      ({ groupByStatus, match }) => countAnswer(allOperations(server).filter(match), groupByStatus, (run) => run.status)
    )
})
