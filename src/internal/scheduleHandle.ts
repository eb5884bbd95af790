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
import { validateSchedule, validateScheduleBackfills } from "../schema/TemporalSchedule.js"
import type {
  ScheduleCallError,
  ScheduleHandle,
  ScheduleHandleCallOptions,
  ScheduleUpdateOptions,
  ScheduleUpdater
} from "../services/ScheduleHandle.js"
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

/**
 * Build a handle. Handles are cheap: no I/O happens here.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (context: ClientContext, id: string): ScheduleHandle => {
  const notFound = mapScheduleNotFound(id)
  const span = (name: string) => scheduleSpan(context, `temporal.ScheduleHandle.${name}`, id)

  const decoder = {
    fromPayload: (payload: Payload) => context.dataConverter.fromPayload(payload),
    fromPayloads: (payloads: ReadonlyArray<Payload>) => context.dataConverter.fromPayloads(payloads)
  }

  const fetch = (options: ScheduleHandleCallOptions | undefined) =>
    Effect.flatMap(
      context.call("describeSchedule", { namespace: context.namespace, scheduleId: id }, callOptionsOf(options))
        .pipe(notFound),
      (response) =>
        Effect.map(
          decodeScheduleDescription(describeScheduleResponseFromProto(id, response), decoder),
          (description) => ({ response, description })
        )
    )

  const patch = (
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
      }, callOptionsOf(options)).pipe(notFound, Effect.asVoid))

  const update: ScheduleHandle["update"] = <E, R>(
    updater: ScheduleUpdater<E, R>,
    options: ScheduleUpdateOptions = {}
  ) =>
    Effect.gen(function*() {
      const maxAttempts = options.maxAttempts ?? defaultMaxAttempts
      if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
        return yield* new InvalidArgumentError({
          field: "maxAttempts",
          reason: `must be a positive integer, got ${maxAttempts}`
        })
      }
      const callOptions = callOptionsOf(options)
      let current = yield* fetch(options)
      let lastConflict: RpcError | undefined = undefined
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const result = yield* updater({ description: current.description })
        if (result === undefined || result === null) return
        const schedule = yield* Effect.mapError(
          validateSchedule(result.schedule),
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
        // After a conflict the change may be in place already (the update
        // that looked lost was applied after all): nothing left to send.
        if (attempt > 1) {
          const unchanged = sameSchedule(encoded, current.response.schedule) ||
            Option.exists(
              yield* Effect.option(validateSchedule(current.description.schedule)),
              (held) => sameScheduleModel(schedule, held)
            )
          const attributesHeld = searchAttributes === undefined ||
            searchAttributesHeld(searchAttributes, { ...current.response.searchAttributes?.indexedFields })
          if (unchanged && attributesHeld) return
        }
        const requestId = yield* makeRequestId
        const sent = yield* context.call("updateSchedule", {
          namespace: context.namespace,
          scheduleId: id,
          schedule: encoded,
          conflictToken: current.description.conflictToken,
          identity: context.identity,
          requestId,
          ...(searchAttributes !== undefined ? { searchAttributes: { indexedFields: searchAttributes } } : {})
        }, callOptions).pipe(
          notFound,
          Effect.as(true),
          Effect.catchIf(isConflictTokenMismatch, (error) => {
            lastConflict = error
            return Effect.succeed(false)
          })
        )
        current = yield* fetch(options)
        // An accepted update may still have been dropped (the workflow-based
        // scheduler drops a stale one silently): it is done when the server
        // holds the schedule it carried (its search attributes came in the
        // same request).
        if (sent && sameSchedule(encoded, current.response.schedule)) return
      }
      return yield* conflictExhausted(id, maxAttempts, lastConflict)
    }).pipe(span("update"))

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
    describe: (options) => Effect.map(fetch(options), ({ description }) => description).pipe(span("describe")),
    update,
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
      }, callOptionsOf(options)).pipe(notFound, Effect.asVoid, span("delete"))
  }
}
