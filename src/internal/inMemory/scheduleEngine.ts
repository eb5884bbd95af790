/**
 * The schedule engine of the in-memory Temporal: a driver fiber per
 * schedule fires its times on the `Clock`; each action starts the action's
 * workflow under the overlap policy, with the buffer, pause on failure and
 * limited actions.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as FakeConnection from "../../testing/FakeConnection.js"
import { int64ToNumber } from "../convert/common.js"
import { makeRequestId } from "../requestId.js"
import { compileCron, compileSpec, nextSpecTime, protoMillis, rfc3339, specTimesBetween } from "./cron.js"
import { enumValues, type Mutable, type StartRequest, statusNumber, timestamp } from "./protocol.js"
import { interruptFork, latest, type ScheduleEntry, type Server, type StartedChain } from "./state.js"
import { requestCancel, start, terminateRun } from "./workflows.js"

type ActionResult = Mutable<temporal.api.schedule.v1.IScheduleActionResult>

const overlapPolicy = (name: string) =>
  enumValues("temporal.api.enums.v1.ScheduleOverlapPolicy")[`SCHEDULE_OVERLAP_POLICY_${name}`] ?? 0

/** The schedule as the server stores it: cron strings compiled into calendars (or intervals). */
export const storedSchedule = (schedule: temporal.api.schedule.v1.ISchedule | null | undefined) =>
  Effect.gen(function*() {
    if (!schedule?.action?.startWorkflow) {
      return yield* Effect.fail(FakeConnection.status("INVALID_ARGUMENT", "schedule action must start a workflow"))
    }
    const spec = schedule.spec ?? {}
    const calendars = [...(spec.structuredCalendar ?? [])]
    const intervals = [...(spec.interval ?? [])]
    for (const cron of spec.cronString ?? []) {
      const compiled = compileCron(cron)
      if (compiled === undefined) {
        return yield* Effect.fail(
          FakeConnection.status("INVALID_ARGUMENT", `in-memory Temporal cannot parse cron string "${cron}"`)
        )
      }
      if ("calendar" in compiled) calendars.push(compiled.calendar)
      else intervals.push(compiled.interval)
    }
    return { ...schedule, spec: { ...spec, structuredCalendar: calendars, interval: intervals, cronString: [] } }
  })

/** The workflows the schedule started that still run (followed through continue-as-new). */
export const runningOf = (server: Server, entry: ScheduleEntry) =>
  entry.started.filter((started) => {
    const current = latest(server, started.workflowId)
    return current !== undefined && current.status === "Running" && current.firstExecutionRunId === started.runId
  })

const actionRequest = (server: Server, entry: ScheduleEntry, workflowId: string) =>
  Effect.map(makeRequestId, (requestId): StartRequest => {
    const action = entry.schedule.action?.startWorkflow ?? {}
    return {
      namespace: server.namespace,
      workflowId,
      workflowType: action.workflowType ?? null,
      taskQueue: action.taskQueue ?? null,
      input: action.input ?? null,
      workflowExecutionTimeout: action.workflowExecutionTimeout ?? null,
      workflowRunTimeout: action.workflowRunTimeout ?? null,
      workflowTaskTimeout: action.workflowTaskTimeout ?? null,
      retryPolicy: action.retryPolicy ?? null,
      memo: action.memo ?? null,
      searchAttributes: action.searchAttributes ?? null,
      header: action.header ?? null,
      userMetadata: action.userMetadata ?? null,
      identity: "temporal-scheduler",
      requestId
    }
  })

/** Start the action's workflow for nominal time `nominal`; record it. */
const startScheduled = (server: Server, entry: ScheduleEntry, nominal: number): Effect.Effect<void> =>
  Effect.gen(function*() {
    const baseId = entry.schedule.action?.startWorkflow?.workflowId ?? ""
    const workflowId = entry.schedule.policies?.keepOriginalWorkflowId ? baseId : `${baseId}-${rfc3339(nominal)}`
    const started = yield* Effect.result(start(server, yield* actionRequest(server, entry, workflowId), "FAIL", []))
    // the ID is taken by a running workflow: the server drops the action too
    if (Result.isFailure(started)) return
    const run = started.success.run
    entry.actionCount++
    const result: ActionResult = {
      scheduleTime: timestamp(nominal),
      actualTime: timestamp(yield* Clock.currentTimeMillis),
      startWorkflowResult: { workflowId, runId: run.runId },
      startWorkflowStatus: statusNumber(run.status)
    }
    entry.recentActions.push(result)
    if (entry.recentActions.length > 10) entry.recentActions.shift()
    const chain = { workflowId, runId: run.runId }
    entry.started.push(chain)
    yield* Effect.forkIn(Effect.interruptible(watchScheduled(server, entry, chain, result)), server.runsScope)
  })

/** When a started workflow (followed through continue-as-new) closes: status, pause on failure, the buffer. */
const watchScheduled = (
  server: Server,
  entry: ScheduleEntry,
  chain: StartedChain,
  result: ActionResult
): Effect.Effect<void> =>
  Effect.gen(function*() {
    while (true) {
      const current = latest(server, chain.workflowId)
      if (current === undefined || current.firstExecutionRunId !== chain.runId) return
      if (current.status === "Running") {
        yield* Deferred.await(current.closed)
        continue
      }
      result.startWorkflowStatus = statusNumber(current.status)
      entry.started = entry.started.filter((s) => s !== chain)
      if (entry.schedule.policies?.pauseOnFailure && (current.status === "Failed" || current.status === "TimedOut")) {
        entry.schedule = {
          ...entry.schedule,
          state: {
            ...entry.schedule.state,
            paused: true,
            notes: `paused due to workflow failure: ${chain.workflowId}: ${current.status}`
          }
        }
      }
      if (server.schedules.get(entry.id) === entry) yield* drainBuffer(server, entry)
      return
    }
  })

/** Start buffered actions while nothing the schedule started runs. */
const drainBuffer = (server: Server, entry: ScheduleEntry): Effect.Effect<void> =>
  Effect.gen(function*() {
    while (entry.buffer.length > 0 && runningOf(server, entry).length === 0) {
      yield* startScheduled(server, entry, entry.buffer.shift()!)
    }
  })

/** Take one action (scheduled, triggered or backfilled) under an overlap policy (0: the schedule's). */
const takeAction = (server: Server, entry: ScheduleEntry, nominal: number, overlap: number) =>
  Effect.gen(function*() {
    const policy = overlap || entry.schedule.policies?.overlapPolicy || overlapPolicy("SKIP")
    const running = runningOf(server, entry)
    if (running.length === 0 && entry.buffer.length === 0) return yield* startScheduled(server, entry, nominal)
    const runsOf = (chains: ReadonlyArray<StartedChain>) =>
      chains.flatMap((chain) => latest(server, chain.workflowId) ?? [])
    switch (policy) {
      case overlapPolicy("ALLOW_ALL"):
        return yield* startScheduled(server, entry, nominal)
      case overlapPolicy("BUFFER_ONE"):
        if (entry.buffer.length > 0) entry.bufferDropped++
        else entry.buffer.push(nominal)
        break
      case overlapPolicy("BUFFER_ALL"):
        entry.buffer.push(nominal)
        break
      case overlapPolicy("CANCEL_OTHER"):
        entry.buffer.push(nominal)
        for (const run of runsOf(running)) {
          yield* Effect.ignore(requestCancel(run, "cancelled by schedule overlap policy", "temporal-scheduler"))
        }
        break
      case overlapPolicy("TERMINATE_OTHER"):
        for (const run of runsOf(running)) {
          yield* terminateRun(server, run, "terminated by schedule overlap policy", "temporal-scheduler")
        }
        entry.buffer.push(nominal)
        break
      default:
        if (running.length > 0) {
          entry.overlapSkipped++
          return
        }
        entry.buffer.push(nominal)
    }
    return yield* drainBuffer(server, entry)
  })

/** Fire the schedule's times on the `Clock`, from `lastProcessed` on. */
const driveSchedule = (server: Server, entry: ScheduleEntry): Effect.Effect<void> =>
  Effect.gen(function*() {
    while (server.schedules.get(entry.id) === entry) {
      const next = nextSpecTime(compileSpec(entry.schedule.spec), entry.lastProcessed)
      if (next === undefined) return
      const now = yield* Clock.currentTimeMillis
      if (next > now) yield* Effect.sleep(Duration.millis(next - now))
      entry.lastProcessed = next
      const state = entry.schedule.state
      if (state?.paused) continue
      if (state?.limitedActions) {
        const remaining = int64ToNumber(state.remainingActions)
        if (remaining <= 0) continue
        entry.schedule = { ...entry.schedule, state: { ...state, remainingActions: (remaining - 1) as never } }
        entry.conflictToken++
      }
      yield* takeAction(server, entry, next, 0)
    }
  })

/** (Re)start the schedule's driver from now. */
export const restartDriver = (server: Server, entry: ScheduleEntry) =>
  Effect.gen(function*() {
    yield* interruptFork(entry.driver)
    entry.lastProcessed = yield* Clock.currentTimeMillis
    entry.driver = yield* Effect.forkIn(Effect.interruptible(driveSchedule(server, entry)), server.runsScope)
  })

/** Apply a patch: pause or unpause (with notes), trigger, backfill. */
export const applyPatch = (
  server: Server,
  entry: ScheduleEntry,
  patch: temporal.api.schedule.v1.ISchedulePatch | null | undefined
) =>
  Effect.gen(function*() {
    if (!patch) return
    const now = yield* Clock.currentTimeMillis
    if (patch.pause || patch.unpause) {
      const paused = !patch.unpause
      const notes = (patch.unpause || patch.pause) ?? ""
      entry.schedule = { ...entry.schedule, state: { ...entry.schedule.state, paused, notes } }
      entry.updateTime = now
    }
    if (patch.triggerImmediately) {
      const at = patch.triggerImmediately.scheduledTime ? protoMillis(patch.triggerImmediately.scheduledTime) : now
      yield* takeAction(server, entry, at, patch.triggerImmediately.overlapPolicy ?? 0)
    }
    const spec = compileSpec(entry.schedule.spec)
    for (const backfill of patch.backfillRequest ?? []) {
      const times = specTimesBetween(spec, protoMillis(backfill.startTime), protoMillis(backfill.endTime))
      for (const t of times) yield* takeAction(server, entry, t, backfill.overlapPolicy ?? 0)
    }
  })

/** The next `count` action times (fewer when the actions are limited). */
export const futureActionTimes = (entry: ScheduleEntry, count: number) => {
  const state = entry.schedule.state
  const n = state?.limitedActions ? Math.min(count, int64ToNumber(state.remainingActions)) : count
  const spec = compileSpec(entry.schedule.spec)
  const times: Array<ReturnType<typeof timestamp>> = []
  let t = entry.lastProcessed
  while (times.length < n) {
    const next = nextSpecTime(spec, t)
    if (next === undefined) break
    times.push(timestamp(next))
    t = next
  }
  return times
}
