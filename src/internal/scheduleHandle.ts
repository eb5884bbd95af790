/**
 * Schedule handles: the implementation behind the public `ScheduleHandle` interface.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Payload } from "../schema/Common.js"
import { InvalidArgumentError, type RpcError } from "../schema/TemporalError.js"
import { type ScheduleUpdate, validateSchedule, validateScheduleBackfills } from "../schema/TemporalSchedule.js"
import type {
  ScheduleCallError,
  ScheduleHandle,
  ScheduleHandleCallOptions,
  ScheduleUpdateOptions,
  ScheduleUpdater
} from "../services/ScheduleHandle.js"
import * as SerializationContext from "../services/SerializationContext.js"
import type { ClientContext } from "./clientContext.js"
import { searchAttributesToProto } from "./convert/schedule.js"
import {
  decodeScheduleDescription,
  describeScheduleResponseFromProto,
  SchedulePatch
} from "./convert/scheduleDescriptions.js"
import { makeRequestId } from "./requestId.js"
import {
  callOptionsOf,
  conflictExhausted,
  encodeScheduleForRequest,
  isConflictTokenMismatch,
  mapScheduleNotFound,
  sameSchedule,
  sameScheduleModel,
  scheduleSpan,
  searchAttributesHeld
} from "./schedules.js"

const defaultMaxAttempts = 10

/** The description of a schedule, with the response it was read from. */
const fetchSchedule = (context: ClientContext, id: string, options: ScheduleHandleCallOptions | undefined) =>
  Effect.flatMap(
    context.call("describeSchedule", { namespace: context.namespace, scheduleId: id }, callOptionsOf(options))
      .pipe(mapScheduleNotFound(id)),
    (response) =>
      Effect.map(
        decodeScheduleDescription(describeScheduleResponseFromProto(id, response), {
          fromPayload: (payload: Payload) => context.dataConverter.fromPayload(payload),
          fromPayloads: (payloads: ReadonlyArray<Payload>) => context.dataConverter.fromPayloads(payloads)
        }).pipe(
          SerializationContext.provide(SerializationContext.workflow({
            namespace: context.namespace,
            workflowId: response.schedule?.action?.startWorkflow?.workflowId ?? "",
            workflowType: response.schedule?.action?.startWorkflow?.workflowType?.name || undefined
          }))
        ),
        (description) => ({ response, description })
      )
  )

type Fetched = Effect.Success<ReturnType<typeof fetchSchedule>>

const patchSchedule = (
  context: ClientContext,
  id: string,
  patchMessage: temporal.api.schedule.v1.ISchedulePatch,
  options: ScheduleHandleCallOptions | undefined
): Effect.Effect<void, ScheduleCallError> =>
  Effect.flatMap(makeRequestId, (requestId) =>
    context.call("patchSchedule", {
      namespace: context.namespace,
      scheduleId: id,
      patch: patchMessage,
      identity: context.identity,
      requestId
    }, callOptionsOf(options)).pipe(mapScheduleNotFound(id), Effect.asVoid))

/** What an updater asked for, checked and encoded for the request. */
const encodeUpdate = (context: ClientContext, id: string, result: ScheduleUpdate) =>
  Effect.gen(function*() {
    const schedule = yield* Effect.mapError(
      validateSchedule(result.schedule, id),
      (error) =>
        new InvalidArgumentError({
          field: `schedule.${error.field}`,
          reason: error.reason,
          ...(error.cause !== undefined ? { cause: error.cause } : {})
        })
    )
    const encoded = yield* encodeScheduleForRequest(context, schedule, "UpdateSchedule")
    const searchAttributes: Record<string, Payload> | undefined = result.searchAttributes !== undefined
      ? yield* searchAttributesToProto(result.searchAttributes)
      : undefined
    return { schedule, encoded, searchAttributes }
  })

type EncodedUpdate = Effect.Success<ReturnType<typeof encodeUpdate>>

/**
 * Whether the server holds the update already: after a conflict, the update
 * that looked lost may have been applied after all.
 */
const alreadyApplied = (current: Fetched, update: EncodedUpdate) =>
  Effect.gen(function*() {
    const unchanged = sameSchedule(update.encoded, current.response.schedule) ||
      Option.exists(
        yield* Effect.option(validateSchedule(current.description.schedule)),
        (held) => sameScheduleModel(update.schedule, held)
      )
    const attributesHeld = update.searchAttributes === undefined ||
      searchAttributesHeld(update.searchAttributes, { ...current.response.searchAttributes?.indexedFields })
    return unchanged && attributesHeld
  })

/** Send the update; `false` when the conflict token no longer matched (`onConflict` is given the error). */
const sendUpdate = (
  context: ClientContext,
  id: string,
  current: Fetched,
  update: EncodedUpdate,
  options: ScheduleUpdateOptions,
  onConflict: (error: RpcError) => void
) =>
  Effect.flatMap(makeRequestId, (requestId) =>
    context.call("updateSchedule", {
      namespace: context.namespace,
      scheduleId: id,
      schedule: update.encoded,
      conflictToken: current.description.conflictToken,
      identity: context.identity,
      requestId,
      ...(update.searchAttributes !== undefined
        ? { searchAttributes: { indexedFields: update.searchAttributes } }
        : {})
    }, callOptionsOf(options)).pipe(
      mapScheduleNotFound(id),
      Effect.as(true),
      Effect.catchIf(isConflictTokenMismatch, (error) => {
        onConflict(error)
        return Effect.succeed(false)
      })
    ))

const updateSchedule = <E, R>(
  context: ClientContext,
  id: string,
  updater: ScheduleUpdater<E, R>,
  options: ScheduleUpdateOptions
) =>
  Effect.gen(function*() {
    const maxAttempts = options.maxAttempts ?? defaultMaxAttempts
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      return yield* new InvalidArgumentError({
        field: "maxAttempts",
        reason: `must be a positive integer, got ${maxAttempts}`
      })
    }
    let current = yield* fetchSchedule(context, id, options)
    let lastConflict: RpcError | undefined = undefined
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = yield* updater({ description: current.description })
      if (result === undefined || result === null) return
      const update = yield* encodeUpdate(context, id, result)
      // After a conflict the change may be in place already: nothing left to send.
      if (attempt > 1 && (yield* alreadyApplied(current, update))) return
      const sent = yield* sendUpdate(context, id, current, update, options, (error) => {
        lastConflict = error
      })
      current = yield* fetchSchedule(context, id, options)
      // An accepted update may still have been dropped (the workflow-based
      // scheduler drops a stale one silently): it is done when the server
      // holds the schedule it carried (its search attributes came in the
      // same request).
      if (sent && sameSchedule(update.encoded, current.response.schedule)) return
    }
    return yield* conflictExhausted(id, maxAttempts, lastConflict)
  })

/**
 * Build a handle. Handles are cheap: no I/O happens here.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (context: ClientContext, id: string): ScheduleHandle => {
  const span = (name: string) => scheduleSpan(context, `temporal.ScheduleHandle.${name}`, id)
  const patch = (
    patchMessage: temporal.api.schedule.v1.ISchedulePatch,
    options: ScheduleHandleCallOptions | undefined
  ) => patchSchedule(context, id, patchMessage, options)

  const backfillWithOptions: ScheduleHandle["backfillWithOptions"] = (backfills, options) =>
    Effect.gen(function*() {
      const checked = yield* validateScheduleBackfills(backfills)
      if (checked.length === 0) {
        return yield* new InvalidArgumentError({ field: "backfill", reason: "give at least one range" })
      }
      yield* patch(SchedulePatch.backfill(checked), options)
    }).pipe(span("backfill"))

  return {
    id,
    describe: (options) =>
      Effect.map(fetchSchedule(context, id, options), ({ description }) => description).pipe(span("describe")),
    update: (updater, options = {}) => updateSchedule(context, id, updater, options).pipe(span("update")),
    pause: (note, options) => patch(SchedulePatch.pause(note), options).pipe(span("pause")),
    unpause: (note, options) => patch(SchedulePatch.unpause(note), options).pipe(span("unpause")),
    trigger: (options = {}) => patch(SchedulePatch.trigger(options.overlap), options).pipe(span("trigger")),
    backfill: (...backfills) => backfillWithOptions(backfills),
    backfillWithOptions,
    delete: (options) =>
      context.call("deleteSchedule", {
        namespace: context.namespace,
        scheduleId: id,
        identity: context.identity
      }, callOptionsOf(options)).pipe(mapScheduleNotFound(id), Effect.asVoid, span("delete"))
  }
}
