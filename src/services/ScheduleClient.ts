/**
 * Schedules: create them, get handles to them, list them. The same three
 * operations are on `TemporalClient`; this service is for programs that
 * only deal with schedules.
 *
 * ```ts
 * const schedules = yield* ScheduleClient.ScheduleClient
 * const handle = yield* schedules.createSchedule("nightly-report", {
 *   action: { workflow: "report", id: "report", taskQueue: "reports", args: ["daily"] },
 *   spec: { calendars: [{ hour: 2 }] }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { ClientContext } from "../internal/clientContext.js"
import { scheduleListEntryFromProto, SchedulePatch, searchAttributesToProto } from "../internal/convert/schedule.js"
import { makeRequestId } from "../internal/requestId.js"
import {
  callOptionsOf,
  encodeScheduleForRequest,
  mapScheduleAlreadyRunning,
  scheduleSpan
} from "../internal/schedules.js"
import * as Memo from "../schema/Memo.js"
import type { SearchAttributesInput } from "../schema/SearchAttributes.js"
import {
  type ConnectionError,
  type DataConverterError,
  InvalidArgumentError,
  type NamespaceNotFoundError,
  type PayloadCodecError,
  type PayloadTooLargeError,
  type RpcError,
  type ScheduleAlreadyRunningError
} from "../schema/TemporalError.js"
import {
  type ScheduleBackfill,
  type ScheduleInput,
  type ScheduleListDescription,
  validateSchedule,
  validateScheduleBackfills
} from "../schema/TemporalSchedule.js"
import { validatePageOptions, validateVisibilityQuery, validateWellFormed } from "../schema/WorkflowOptions.js"
import * as ScheduleHandle from "./ScheduleHandle.js"

/**
 * Errors of creating a schedule.
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateScheduleError =
  | ScheduleAlreadyRunningError
  | NamespaceNotFoundError
  | InvalidArgumentError
  | RpcError
  | ConnectionError
  | DataConverterError
  | PayloadCodecError
  | PayloadTooLargeError

/**
 * Errors of listing schedules: bad options are caught before any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListSchedulesError = InvalidArgumentError | NamespaceNotFoundError | RpcError | ConnectionError

/**
 * Options of `createSchedule`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateScheduleOptions extends ScheduleHandle.ScheduleHandleCallOptions {
  /** Take the action once right away, with the schedule's overlap policy. */
  readonly triggerImmediately?: boolean | undefined
  /** Take the actions the spec would have taken in these past ranges, right away. */
  readonly backfill?: ReadonlyArray<ScheduleBackfill> | undefined
  /** The schedule's own memo (not the started workflows'), through the data converter. */
  readonly memo?: Readonly<Record<string, unknown>> | undefined
  /** The schedule's own search attributes (not the started workflows'). */
  readonly searchAttributes?: SearchAttributesInput | undefined
}

/**
 * Options of `listSchedules`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListSchedulesOptions extends ScheduleHandle.ScheduleHandleCallOptions {
  /** A visibility query over the schedules' search attributes, e.g. `TemporalSchedulePaused = true`. */
  readonly query?: string | undefined
  /** Schedules per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many schedules. A non-negative integer. */
  readonly limit?: number | undefined
}

/**
 * The schedule operations, as on `TemporalClient`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleOperations {
  /**
   * Create a schedule; fails with `ScheduleAlreadyRunningError` when one
   * with this ID exists. The schedule is checked (and its defaults filled
   * in) before any RPC.
   */
  readonly createSchedule: (
    id: string,
    schedule: ScheduleInput,
    options?: CreateScheduleOptions
  ) => Effect.Effect<ScheduleHandle.ScheduleHandle, CreateScheduleError>
  /** A handle to a schedule by ID. No I/O. */
  readonly getScheduleHandle: (id: string) => ScheduleHandle.ScheduleHandle
  /**
   * Schedules, page after page. Visibility is eventually consistent: a
   * schedule just created (or changed) may take a moment to show.
   */
  readonly listSchedules: (
    options?: ListSchedulesOptions
  ) => Stream.Stream<ScheduleListDescription, ListSchedulesError>
}

/**
 * The schedule client.
 *
 * @since 0.1.0
 * @category tags
 */
export class ScheduleClient extends Context.Service<
  ScheduleClient,
  ScheduleOperations
>()("effect-temporal/ScheduleClient") {}

const invalid = (field: string, reason: string) => new InvalidArgumentError({ field, reason })

const checkListSchedulesOptions = (options: ListSchedulesOptions) =>
  Effect.tap(validatePageOptions(options), validateVisibilityQuery(options.query))

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
        validateSchedule(input),
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
      return ScheduleHandle.make(context, id)
    }).pipe(scheduleSpan(context, "temporal.ScheduleClient.createSchedule", id))

  const listSchedules: ScheduleOperations["listSchedules"] = (listOptions = {}) =>
    Stream.unwrap(Effect.map(checkListSchedulesOptions(listOptions), (options) => {
      const pages = Stream.paginate(
        Option.none<Uint8Array>(),
        (token: Option.Option<Uint8Array>) =>
          context.call("listSchedules", {
            namespace: context.namespace,
            maximumPageSize: options.pageSize ?? 0,
            nextPageToken: Option.getOrNull(token),
            query: options.query ?? ""
          }, callOptionsOf(options)).pipe(
            Effect.map((response) =>
              [
                (response.schedules ?? []).map(scheduleListEntryFromProto),
                response.nextPageToken && response.nextPageToken.length > 0
                  ? Option.some(Option.some(response.nextPageToken))
                  : Option.none()
              ] as const
            ),
            scheduleSpan(context, "temporal.ScheduleClient.listSchedules", undefined)
          )
      )
      return options.limit !== undefined ? Stream.take(pages, options.limit) : pages
    }))

  return {
    createSchedule,
    getScheduleHandle: (id) => ScheduleHandle.make(context, id),
    listSchedules
  }
}
