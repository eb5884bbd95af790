/**
 * Workflow updates in the in-memory Temporal: validation, the Accepted and
 * Completed stages, update IDs deduplicated, polling an update's outcome,
 * and update-with-start.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as FakeConnection from "../../testing/FakeConnection.js"
import { closedStatus, longPollWindow, notFound, type ResponseOf, serverFailure, stage } from "./protocol.js"
import { findRun, forkInRun, type Run, type Server, settle, type Update } from "./state.js"
import { defectFailure, failureOf, runHandler, start } from "./workflows.js"

type UpdateRequest = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest

/** Admit a new update: rejected (no handler, or the validator fails) or accepted and its handler forked. */
const admit = (server: Server, run: Run, request: UpdateRequest, updateId: string) =>
  Effect.gen(function*() {
    yield* settle(run)
    const name = request.request?.input?.name ?? ""
    const created: Update = {
      name,
      accepted: false,
      outcome: yield* Deferred.make<temporal.api.update.v1.IOutcome>()
    }
    run.updates.set(updateId, created)
    const args = yield* server.dataConverter.fromPayloads(request.request?.input?.args?.payloads).pipe(Effect.orDie)
    const reject = (error: unknown) =>
      Effect.flatMap(failureOf(server, error), (failure) => Deferred.succeed(created.outcome, { failure }))
    const rejectCause = (cause: Cause.Cause<unknown>) =>
      reject(Option.getOrElse(Cause.findErrorOption(cause), () => defectFailure(cause)))
    const registered = run.updateHandlers.get(name)
    if (registered === undefined) {
      const known = [...run.updateHandlers.keys()].join(", ") || "none"
      yield* reject(serverFailure(`No handler for update "${name}" (known: ${known})`, "NotFoundError"))
      return created
    }
    const validation = registered.validator ? yield* Effect.exit(registered.validator(...args)) : Exit.void
    if (Exit.isFailure(validation)) {
      yield* rejectCause(validation.cause)
      return created
    }
    created.accepted = true
    yield* forkInRun(
      run,
      runHandler(run, registered.handler(...args)).pipe(
        Effect.onExit((exit) =>
          Exit.isSuccess(exit)
            ? Effect.flatMap(
              server.dataConverter.toPayload(exit.value).pipe(Effect.orDie),
              (payload) => Deferred.succeed(created.outcome, { success: { payloads: [payload] } })
            )
            : Exit.hasInterrupts(exit)
            ? Effect.void
            : rejectCause(exit.cause)
        )
      )
    )
    yield* settle(run)
    return created
  })

/** Send an update to a run (or find the one with its ID) and answer at the stage the request waits for. */
export const update = (
  server: Server,
  run: Run,
  request: UpdateRequest
): Effect.Effect<ResponseOf<"updateWorkflowExecution">, FakeConnection.FakeStatus> =>
  Effect.gen(function*() {
    const updateId = request.request?.meta?.updateId ?? ""
    let entry = run.updates.get(updateId)
    if (entry === undefined) {
      if (run.status !== "Running") return yield* Effect.fail(closedStatus())
      entry = yield* admit(server, run, request, updateId)
    }
    const outcome = (request.waitPolicy?.lifecycleStage ?? 0) >= stage("COMPLETED")
      ? yield* Effect.timeoutOption(Deferred.await(entry.outcome), longPollWindow)
      : (yield* Deferred.isDone(entry.outcome))
      ? Option.some(yield* Deferred.await(entry.outcome))
      : Option.none()
    return {
      updateRef: { workflowExecution: { workflowId: run.workflowId, runId: run.runId }, updateId },
      stage: Option.isSome(outcome) ? stage("COMPLETED") : stage("ACCEPTED"),
      ...(Option.isSome(outcome) ? { outcome: outcome.value } : {})
    }
  })

/** `UpdateWorkflowExecution`. */
export const updateWorkflowExecution = (server: Server, request: UpdateRequest) =>
  Effect.gen(function*() {
    const run = yield* findRun(server, request.workflowExecution)
    if (request.firstExecutionRunId && request.firstExecutionRunId !== run.firstExecutionRunId) {
      return yield* Effect.fail(notFound(run.workflowId))
    }
    return yield* update(server, run, request)
  })

/** `PollWorkflowExecutionUpdate`: a long poll for the outcome. */
export const pollWorkflowExecutionUpdate = (
  server: Server,
  request: temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateRequest
) =>
  Effect.gen(function*() {
    const run = yield* findRun(server, request.updateRef?.workflowExecution)
    const entry = run.updates.get(request.updateRef?.updateId ?? "")
    if (entry === undefined) {
      return yield* Effect.fail(FakeConnection.updateNotFound(request.updateRef?.updateId ?? ""))
    }
    const outcome = yield* Effect.timeoutOption(Deferred.await(entry.outcome), longPollWindow)
    return Option.isSome(outcome)
      ? { outcome: outcome.value, stage: stage("COMPLETED"), updateRef: request.updateRef ?? null }
      : { stage: stage("ACCEPTED"), updateRef: request.updateRef ?? null }
  })

/** `ExecuteMultiOperation`: update-with-start. */
export const executeMultiOperation = (
  server: Server,
  request: temporal.api.workflowservice.v1.IExecuteMultiOperationRequest
) =>
  Effect.gen(function*() {
    const startRequest = request.operations?.[0]?.startWorkflow
    const updateRequest = request.operations?.[1]?.updateWorkflow
    if (!startRequest || !updateRequest) {
      return yield* Effect.fail(FakeConnection.status("INVALID_ARGUMENT", "expected [startWorkflow, updateWorkflow]"))
    }
    const { run, started } = yield* start(server, startRequest, "USE_EXISTING", [])
    const updateResponse = yield* update(server, run, updateRequest)
    return {
      responses: [
        { startWorkflow: { runId: run.runId, started } },
        { updateWorkflow: updateResponse as temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse }
      ]
    }
  })
