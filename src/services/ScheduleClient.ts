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
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { ListOptions, ListPageOptions } from "../schema/Common.js"
import type { SearchAttributesInput } from "../schema/SearchAttributes.js"
import type { CallError, ScheduleAlreadyRunningError, SendPayloadsError } from "../schema/TemporalError.js"
import { type ScheduleBackfill, type ScheduleInput, type ScheduleListDescription } from "../schema/TemporalSchedule.js"
import type * as ScheduleHandle from "./ScheduleHandle.js"

/**
 * Errors of creating a schedule.
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateScheduleError = ScheduleAlreadyRunningError | CallError | SendPayloadsError

/**
 * Errors of listing schedules: bad options are caught before any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListSchedulesError = CallError

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
export interface ListSchedulesOptions extends ListOptions {
  /** A visibility query over the schedules' search attributes, e.g. `TemporalSchedulePaused = true`. */
  readonly query?: string | undefined
}

/**
 * Options of `listSchedulesPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListSchedulesPageOptions extends ListPageOptions {
  /** A visibility query over the schedules' search attributes, e.g. `TemporalSchedulePaused = true`. */
  readonly query?: string | undefined
}

/**
 * One page of `listSchedulesPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ScheduleListPage {
  /** The schedules on this page. */
  readonly schedules: ReadonlyArray<ScheduleListDescription>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
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
  /**
   * One page of schedules and the token of the next, to resume a listing
   * later (give `nextPageToken` back). The options are checked before the RPC.
   */
  readonly listSchedulesPage: (
    options?: ListSchedulesPageOptions
  ) => Effect.Effect<ScheduleListPage, ListSchedulesError>
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
