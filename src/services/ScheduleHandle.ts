/**
 * A handle to one schedule: a plain value whose methods are Effects that
 * need nothing more. Every call goes through the client interceptors
 * (`describeSchedule`, `updateSchedule`, `patchSchedule`, `deleteSchedule`)
 * and runs in its own span.
 *
 * ```ts
 * const handle = client.getScheduleHandle("nightly-report")
 * yield* handle.update(({ description }) =>
 *   Effect.succeed({ schedule: { ...description.schedule, state: { ...description.schedule.state, note: "moved" } } })
 * )
 * yield* handle.trigger({ overlap: "AllowAll" })
 * ```
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { RpcOptions } from "../schema/Common.js"
import type {
  CallError,
  DataConverterError,
  ExternalStorageError,
  PayloadCodecError,
  ScheduleNotFoundError,
  ScheduleUpdateConflictError,
  SendPayloadsError
} from "../schema/TemporalError.js"
import {
  type ScheduleBackfill,
  type ScheduleDescription,
  type ScheduleOverlapPolicy,
  type ScheduleUpdate,
  type ScheduleUpdateInput
} from "../schema/TemporalSchedule.js"

/**
 * Per-call options every handle method takes.
 *
 * @since 0.1.0
 * @category models
 */
export type ScheduleHandleCallOptions = RpcOptions

/**
 * Errors of `describe`.
 *
 * @since 0.1.0
 * @category errors
 */
export type DescribeScheduleError =
  | ScheduleNotFoundError
  | CallError
  | DataConverterError
  | PayloadCodecError
  | ExternalStorageError

/**
 * Errors of `update` (besides the updater's own). When the schedule changed
 * under the update on every attempt, it fails with
 * `ScheduleUpdateConflictError`; `RpcError` is left for the other failures
 * of its describe and update calls.
 *
 * @since 0.1.0
 * @category errors
 */
export type UpdateScheduleError = ScheduleNotFoundError | ScheduleUpdateConflictError | CallError | SendPayloadsError

/**
 * Errors of `pause`, `unpause`, `trigger` and `delete`.
 *
 * @since 0.1.0
 * @category errors
 */
export type ScheduleCallError = ScheduleNotFoundError | CallError

/**
 * Errors of `backfill`: a bad range is caught before any RPC.
 *
 * @since 0.1.0
 * @category errors
 */
export type BackfillScheduleError = ScheduleCallError

/**
 * The function an update runs: it gets the current description and returns
 * the new schedule (and, optionally, new search attributes), or nothing to
 * leave the schedule as it is.
 *
 * It may run more than once, each time on a fresh description: when the
 * schedule changed between the describe and the update (a conflict), it runs
 * again on the new state. Write it as a change to the description it is
 * given (set this field, add that entry if it is not there), not as a
 * replacement computed beforehand.
 *
 * @since 0.1.0
 * @category models
 */
export type ScheduleUpdater<E = never, R = never> = (
  input: ScheduleUpdateInput
) => Effect.Effect<ScheduleUpdate | undefined | void, E, R>

/**
 * Options of `update`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleUpdateOptions extends ScheduleHandleCallOptions {
  /**
   * How many times to run the updater and send its result when the schedule
   * keeps changing concurrently. Default 10.
   */
  readonly maxAttempts?: number | undefined
}

/**
 * Options of `trigger`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleTriggerOptions extends ScheduleHandleCallOptions {
  /** The overlap policy of this one action; the schedule's own when left out. */
  readonly overlap?: ScheduleOverlapPolicy | undefined
}

/**
 * A handle to one schedule.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleHandle {
  /** The schedule ID. */
  readonly id: string

  /** What the server knows about the schedule, with the conflict token an update sends back. */
  readonly describe: (options?: ScheduleHandleCallOptions) => Effect.Effect<ScheduleDescription, DescribeScheduleError>

  /**
   * Change the schedule: describe it, run `updater` on the description, and
   * send the result with the description's conflict token. When the schedule
   * changed in between, describe again and run the updater again, up to
   * `maxAttempts` times, so a concurrent change is never overwritten; after
   * that, it fails with `ScheduleUpdateConflictError`.
   *
   * The server says so in one of two ways, both handled: the CHASM scheduler
   * refuses the update (FAILED_PRECONDITION "mismatched conflict token");
   * the workflow-based scheduler (Temporal's default up to at least 1.32,
   * and the dev server's) accepts it and drops it. So after each accepted
   * update the schedule is described once more, and the update counts as
   * done only when the server holds what was sent (or when the updater,
   * run on the new state, has nothing left to change).
   */
  readonly update: <E = never, R = never>(
    updater: ScheduleUpdater<E, R>,
    options?: ScheduleUpdateOptions
  ) => Effect.Effect<void, UpdateScheduleError | E, R>

  /** Pause the schedule; `note` defaults to "Paused via effect-temporal". */
  readonly pause: (note?: string, options?: ScheduleHandleCallOptions) => Effect.Effect<void, ScheduleCallError>

  /** Unpause the schedule; `note` defaults to "Unpaused via effect-temporal". */
  readonly unpause: (note?: string, options?: ScheduleHandleCallOptions) => Effect.Effect<void, ScheduleCallError>

  /** Take the action now, with `overlap` (the schedule's own policy when left out). Works while paused too. */
  readonly trigger: (options?: ScheduleTriggerOptions) => Effect.Effect<void, ScheduleCallError>

  /** Take the actions the spec would have taken in each range, now. */
  readonly backfill: (...backfills: ReadonlyArray<ScheduleBackfill>) => Effect.Effect<void, BackfillScheduleError>

  /** Take the actions of each range, with per-call options. */
  readonly backfillWithOptions: (
    backfills: ReadonlyArray<ScheduleBackfill>,
    options?: ScheduleHandleCallOptions
  ) => Effect.Effect<void, BackfillScheduleError>

  /** Delete the schedule. Workflows it started keep running. */
  readonly delete: (options?: ScheduleHandleCallOptions) => Effect.Effect<void, ScheduleCallError>
}
