/**
 * The schedule RPCs of the in-memory Temporal: create, describe, update
 * (with the conflict token), patch, delete, list (paged, by schedule ID and
 * paused state) and matching times.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FakeConnection from "../../testing/FakeConnection.js"
import { tokenKey } from "./activities.js"
import { compileSpec, protoMillis, specTimesBetween } from "./cron.js"
import {
  type Handlers,
  nextPageToken,
  pageOffset,
  pageSize,
  type Payload,
  type ResponseOf,
  timestamp
} from "./protocol.js"
import { applyPatch, futureActionTimes, restartDriver, runningOf, storedSchedule } from "./scheduleEngine.js"
import { interruptFork, type ScheduleEntry, type Server } from "./state.js"

const findSchedule = (server: Server, scheduleId: string | null | undefined) =>
  Effect.suspend(() => {
    const entry = server.schedules.get(scheduleId ?? "")
    return entry
      ? Effect.succeed(entry)
      : Effect.fail(FakeConnection.notFound(`schedule "${scheduleId ?? ""}" not found`))
  })

const conflictTokenOf = (entry: ScheduleEntry) => new TextEncoder().encode(String(entry.conflictToken))

const scheduleInfo = (server: Server, entry: ScheduleEntry): temporal.api.schedule.v1.IScheduleInfo => ({
  actionCount: entry.actionCount as never,
  missedCatchupWindow: 0 as never,
  overlapSkipped: entry.overlapSkipped as never,
  bufferDropped: entry.bufferDropped as never,
  bufferSize: entry.buffer.length as never,
  runningWorkflows: runningOf(server, entry).map((s) => ({ workflowId: s.workflowId, runId: s.runId })),
  recentActions: [...entry.recentActions],
  futureActionTimes: futureActionTimes(entry, 10),
  createTime: timestamp(entry.createTime),
  ...(entry.updateTime !== undefined ? { updateTime: timestamp(entry.updateTime) } : {})
})

/** A list query on schedules: `ScheduleId = '…'` and `TemporalSchedulePaused = true|false` joined by AND. */
const scheduleMatcher = (query: string) => {
  const clauses: Array<(entry: ScheduleEntry) => boolean> = []
  for (const clause of query.trim() === "" ? [] : query.split(/\s+AND\s+/i)) {
    const id = /^\s*ScheduleId\s*=\s*(['"])(.*)\1\s*$/.exec(clause)
    const paused = /^\s*TemporalSchedulePaused\s*=\s*(true|false)\s*$/i.exec(clause)
    if (id !== null) clauses.push((entry) => entry.id === id[2])
    else if (paused !== null) {
      const want = paused[1]!.toLowerCase() === "true"
      clauses.push((entry) => (entry.schedule.state?.paused ?? false) === want)
    } else {
      return Effect.fail(
        FakeConnection.status(
          "INVALID_ARGUMENT",
          `in-memory Temporal lists schedules only by \`ScheduleId = '…'\` and \`TemporalSchedulePaused = true|false\` joined by AND; got: ${clause}`
        )
      )
    }
  }
  return Effect.succeed((entry: ScheduleEntry) => clauses.every((c) => c(entry)))
}

const createSchedule = (
  server: Server,
  request: temporal.api.workflowservice.v1.ICreateScheduleRequest
): Effect.Effect<ResponseOf<"createSchedule">, FakeConnection.FakeStatus> =>
  Effect.gen(function*() {
    const scheduleId = request.scheduleId ?? ""
    const existing = server.schedules.get(scheduleId)
    if (existing !== undefined) {
      if (request.requestId && existing.requestId === request.requestId) {
        return { conflictToken: conflictTokenOf(existing) }
      }
      return yield* Effect.fail(
        FakeConnection.status("ALREADY_EXISTS", "Schedule with this ID is already registered", [{
          typeName: "temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure",
          value: { startRequestId: existing.requestId, runId: "" }
        }])
      )
    }
    const now = yield* Clock.currentTimeMillis
    const entry: ScheduleEntry = {
      id: scheduleId,
      requestId: request.requestId ?? "",
      schedule: yield* storedSchedule(request.schedule),
      memo: request.memo ?? null,
      searchAttributes: { ...request.searchAttributes?.indexedFields },
      conflictToken: 1,
      createTime: now,
      updateTime: undefined,
      actionCount: 0,
      overlapSkipped: 0,
      bufferDropped: 0,
      recentActions: [],
      started: [],
      buffer: [],
      lastProcessed: now,
      driver: undefined
    }
    server.schedules.set(scheduleId, entry)
    yield* restartDriver(server, entry)
    yield* applyPatch(server, entry, request.initialPatch)
    return { conflictToken: conflictTokenOf(entry) }
  })

const updateSchedule = (server: Server, request: temporal.api.workflowservice.v1.IUpdateScheduleRequest) =>
  Effect.gen(function*() {
    const entry = yield* findSchedule(server, request.scheduleId)
    if (
      request.conflictToken && request.conflictToken.length > 0 &&
      tokenKey(request.conflictToken) !== tokenKey(conflictTokenOf(entry))
    ) {
      return yield* Effect.fail(FakeConnection.status("FAILED_PRECONDITION", "mismatched conflict token"))
    }
    entry.schedule = yield* storedSchedule(request.schedule)
    if (request.searchAttributes) {
      const empty = (p: Payload) =>
        (p.data?.length ?? 0) === 0 || new TextDecoder().decode(p.data ?? undefined) === "null"
      entry.searchAttributes = Object.fromEntries(
        Object.entries(request.searchAttributes.indexedFields ?? {}).filter(([, p]) => !empty(p))
      )
    }
    entry.conflictToken++
    entry.updateTime = yield* Clock.currentTimeMillis
    yield* restartDriver(server, entry)
    return {}
  })

const listSchedules = (server: Server, request: temporal.api.workflowservice.v1.IListSchedulesRequest) =>
  Effect.gen(function*() {
    const match = yield* scheduleMatcher(request.query ?? "")
    const offset = pageOffset(request.nextPageToken)
    const size = pageSize(request.maximumPageSize)
    const matching = [...server.schedules.values()].filter(match)
    const page = matching.slice(offset, offset + size).map((entry): temporal.api.schedule.v1.IScheduleListEntry => ({
      scheduleId: entry.id,
      memo: entry.memo,
      searchAttributes: { indexedFields: { ...entry.searchAttributes } },
      info: {
        spec: entry.schedule.spec ?? null,
        workflowType: entry.schedule.action?.startWorkflow?.workflowType ?? null,
        notes: entry.schedule.state?.notes ?? "",
        paused: entry.schedule.state?.paused ?? false,
        recentActions: entry.recentActions.slice(-5),
        futureActionTimes: futureActionTimes(entry, 5)
      }
    }))
    const next = nextPageToken(offset, size, matching.length)
    return { schedules: page, ...(next ? { nextPageToken: next } : {}) }
  })

/** The schedule RPCs. */
export const scheduleHandlers = (server: Server): Handlers => ({
  createSchedule: (request) => createSchedule(server, request),
  describeSchedule: (request) =>
    Effect.map(findSchedule(server, request.scheduleId), (entry) => ({
      schedule: entry.schedule,
      info: scheduleInfo(server, entry),
      memo: entry.memo,
      searchAttributes: { indexedFields: { ...entry.searchAttributes } },
      conflictToken: conflictTokenOf(entry)
    })),
  updateSchedule: (request) => updateSchedule(server, request),
  patchSchedule: (request) =>
    Effect.flatMap(
      findSchedule(server, request.scheduleId),
      (entry) => Effect.as(applyPatch(server, entry, request.patch), {})
    ),
  deleteSchedule: (request) =>
    Effect.flatMap(findSchedule(server, request.scheduleId), (entry) => {
      server.schedules.delete(entry.id)
      return Effect.as(interruptFork(entry.driver), {})
    }),
  listSchedules: (request) => listSchedules(server, request),
  listScheduleMatchingTimes: (request) =>
    Effect.map(findSchedule(server, request.scheduleId), (entry) => ({
      startTime: specTimesBetween(
        compileSpec(entry.schedule.spec),
        protoMillis(request.startTime),
        protoMillis(request.endTime),
        1000
      ).map(timestamp)
    }))
})
