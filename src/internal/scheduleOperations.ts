/**
 * Schedule operations (create, get a handle, list), built on a client's context.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { CheckedListOptions } from "../schema/Common.js"
import * as Memo from "../schema/Memo.js"
import { InvalidArgumentError } from "../schema/TemporalError.js"
import { validateSchedule, validateScheduleBackfills } from "../schema/TemporalSchedule.js"
import { validatePageOptions, validateVisibilityQuery, validateWellFormed } from "../schema/WorkflowOptions.js"
import type {
  ListSchedulesOptions,
  ListSchedulesPageOptions,
  ScheduleListPage,
  ScheduleOperations
} from "../services/ScheduleClient.js"
import type { ClientContext } from "./clientContext.js"
import { searchAttributesToProto } from "./convert/schedule.js"
import { scheduleListEntryFromProto, SchedulePatch } from "./convert/scheduleDescriptions.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { makeRequestId } from "./requestId.js"
import { make as makeScheduleHandle } from "./scheduleHandle.js"
import { callOptionsOf, encodeScheduleForRequest, mapScheduleAlreadyRunning, scheduleSpan } from "./schedules.js"
import { decodeOptions } from "./validation.js"

const invalid = (field: string, reason: string) => new InvalidArgumentError({ field, reason })

const checkListSchedulesOptions = (options: ListSchedulesOptions) =>
  Effect.tap(validatePageOptions(options), validateVisibilityQuery(options.query))

const decodeListSchedulesPage = decodeOptions(CheckedListOptions)

/** Checks the options of `listSchedulesPage`, succeeding with them as given. */
const checkListSchedulesPageOptions = (options: ListSchedulesPageOptions) =>
  Effect.as(decodeListSchedulesPage(options), options)

/** One page of schedules, options already checked. */
const fetchSchedulesPage = (
  context: ClientContext,
  options: ListSchedulesPageOptions,
  token: Uint8Array | undefined
) =>
  context.call("listSchedules", {
    namespace: context.namespace,
    maximumPageSize: options.pageSize ?? 0,
    nextPageToken: token ?? null,
    query: options.query ?? ""
  }, callOptionsOf(options)).pipe(
    Effect.map((response) => ({
      items: (response.schedules ?? []).map(scheduleListEntryFromProto),
      nextPageToken: nextTokenOf(response.nextPageToken)
    }))
  )

/**
 * The schedule operations over a client's context (the `context` field of
 * `TemporalClient`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeScheduleOperations = (context: ClientContext): ScheduleOperations => {
  const createSchedule: ScheduleOperations["createSchedule"] = (id, input, options = {}) =>
    Effect.gen(function*() {
      if (id.length === 0) return yield* invalid("id", "must not be empty")
      yield* validateWellFormed("id", id)
      const schedule = yield* Effect.mapError(
        validateSchedule(input, id),
        (error) =>
          new InvalidArgumentError({
            field: `schedule.${error.field}`,
            reason: error.reason,
            ...(error.cause !== undefined ? { cause: error.cause } : {})
          })
      )
      const backfill = options.backfill !== undefined ? yield* validateScheduleBackfills(options.backfill) : undefined
      const encoded = yield* encodeScheduleForRequest(context, schedule, "CreateSchedule")
      const memo = options.memo !== undefined ? yield* Memo.encode(options.memo, context.dataConverter) : undefined
      if (memo !== undefined) yield* context.dataConverter.checkSize(Object.values(memo), "CreateSchedule.memo")
      const searchAttributes = options.searchAttributes !== undefined
        ? yield* searchAttributesToProto(options.searchAttributes)
        : undefined
      const initialPatch = SchedulePatch.initial(schedule, {
        triggerImmediately: options.triggerImmediately,
        backfill
      })
      const requestId = yield* makeRequestId
      yield* context.call("createSchedule", {
        namespace: context.namespace,
        scheduleId: id,
        schedule: encoded,
        identity: context.identity,
        requestId,
        ...(initialPatch !== undefined ? { initialPatch } : {}),
        ...(memo !== undefined ? { memo: { fields: memo } } : {}),
        ...(searchAttributes !== undefined ? { searchAttributes: { indexedFields: searchAttributes } } : {})
      }, callOptionsOf(options)).pipe(Effect.mapError(mapScheduleAlreadyRunning(id)))
      return makeScheduleHandle(context, id)
    }).pipe(scheduleSpan(context, "temporal.ScheduleClient.createSchedule", id))

  const listSchedules: ScheduleOperations["listSchedules"] = (listOptions = {}) =>
    Stream.unwrap(Effect.map(checkListSchedulesOptions(listOptions), (options) =>
      pagedStream(
        (token) =>
          fetchSchedulesPage(context, options, token).pipe(
            scheduleSpan(context, "temporal.ScheduleClient.listSchedules", undefined)
          ),
        options.limit
      )))

  const listSchedulesPage: ScheduleOperations["listSchedulesPage"] = (pageOptions = {}) =>
    Effect.flatMap(checkListSchedulesPageOptions(pageOptions), (options) =>
      Effect.map(
        fetchSchedulesPage(context, options, options.nextPageToken),
        (page): ScheduleListPage => ({ schedules: page.items, nextPageToken: page.nextPageToken })
      )).pipe(scheduleSpan(context, "temporal.ScheduleClient.listSchedulesPage", undefined))

  return {
    createSchedule,
    getScheduleHandle: (id) => makeScheduleHandle(context, id),
    listSchedules,
    listSchedulesPage
  }
}
