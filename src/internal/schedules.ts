/**
 * What the schedule client and schedule handles share: call options, error
 * mapping, encoding a schedule for a request, and telling whether the server
 * holds the schedule a request sent.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Payload } from "../schema/Common.js"
import * as SearchAttributes from "../schema/SearchAttributes.js"
import {
  type DataConverterError,
  type ExternalStorageError,
  type InvalidArgumentError,
  type PayloadCodecError,
  type PayloadTooLargeError,
  type RpcError,
  ScheduleAlreadyRunningError,
  ScheduleNotFoundError,
  ScheduleUpdateConflictError
} from "../schema/TemporalError.js"
import { type Schedule, workflowTypeName } from "../schema/TemporalSchedule.js"
import * as SerializationContext from "../services/SerializationContext.js"
import type { ClientContext } from "./clientContext.js"
import { scheduleFromProto } from "./convert/schedule.js"
import { encodeSchedule } from "./convert/scheduleDescriptions.js"
import { isRpcError, mapNotFound } from "./workflowErrors.js"

/**
 * NOT_FOUND becomes `ScheduleNotFoundError`; other failures pass through.
 *
 * @internal
 */
export const mapScheduleNotFound = (scheduleId: string) =>
  mapNotFound((error) => new ScheduleNotFoundError({ scheduleId, cause: error }))

/**
 * ALREADY_EXISTS (the server sends `WorkflowExecutionAlreadyStartedFailure`
 * details with it) becomes `ScheduleAlreadyRunningError`.
 *
 * @internal
 */
export const mapScheduleAlreadyRunning = (scheduleId: string) => <E>(error: E | RpcError) =>
  isRpcError(error) && error.code === "ALREADY_EXISTS"
    ? new ScheduleAlreadyRunningError({ scheduleId, cause: error })
    : error

/**
 * A span around one schedule operation.
 *
 * @internal
 */
export const scheduleSpan = (context: ClientContext, name: string, scheduleId: string | undefined) =>
  Effect.withSpan(name, {
    kind: "client",
    attributes: {
      "temporal.namespace": context.namespace,
      ...(scheduleId !== undefined ? { "temporal.schedule_id": scheduleId } : {})
    }
  })

/**
 * A checked schedule as the request's `Schedule` message: payloads through
 * the data converter, the action's arguments and memo checked against the
 * size limit (`rpc` names the request in the error, e.g. `CreateSchedule`).
 *
 * @internal
 */
export const encodeScheduleForRequest = (
  context: ClientContext,
  schedule: Schedule,
  rpc: string
): Effect.Effect<
  temporal.api.schedule.v1.ISchedule,
  InvalidArgumentError | DataConverterError | PayloadCodecError | PayloadTooLargeError | ExternalStorageError
> =>
  Effect.tap(
    encodeSchedule(schedule, context.dataConverter).pipe(
      SerializationContext.provide(SerializationContext.workflow({
        namespace: context.namespace,
        workflowId: schedule.action.id,
        workflowType: typeof schedule.action.workflow === "string"
          ? schedule.action.workflow
          : schedule.action.workflow.name
      }))
    ),
    (pb) =>
      Effect.andThen(
        context.dataConverter.checkSize(
          pb.action?.startWorkflow?.input?.payloads ?? [],
          `${rpc}.schedule.action.input`
        ),
        context.dataConverter.checkSize(
          Object.values(pb.action?.startWorkflow?.memo?.fields ?? {}),
          `${rpc}.schedule.action.memo`
        )
      )
  )

// ---------------------------------------------------------------------------
// comparing schedules
// ---------------------------------------------------------------------------

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

// A canonical, order-independent form of a model value: durations as
// nanoseconds, dates as epoch milliseconds, bytes as hex, keys sorted.
const canonical = (value: unknown): unknown => {
  if (value === null || value === undefined) return null
  if (value instanceof Uint8Array) return `bytes:${hex(value)}`
  if (value instanceof Date) return `date:${value.getTime()}`
  if (typeof value === "bigint") return `${value}n`
  if (Duration.isDuration(value)) {
    return `duration:${Option.match(Duration.toNanos(value), { onNone: () => "inf", onSome: String })}`
  }
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = canonical(v)
    }
    return out
  }
  return value
}

// A payload by its data (the server may add empty fields, e.g. `externalPayloads`).
const payloadKey = (payload: Payload): string => hex(payload.data ?? new Uint8Array(0))

const payloadRecordKey = (record: Readonly<Record<string, Payload>> | undefined): unknown =>
  record === undefined
    ? null
    : canonical(Object.fromEntries(Object.entries(record).map(([k, p]) => [k, payloadKey(p)])))

/**
 * Whether the server's schedule `held` is the schedule `sent`, as far as
 * the server keeps what it is given. The server compiles cron strings into
 * calendars (so with cron strings, calendars are not compared), fills in
 * range defaults (both sides are read the same way), and keeps payloads as
 * they are (compared by their data).
 *
 * @internal
 */
export const sameSchedule = (
  sent: temporal.api.schedule.v1.ISchedule,
  held: temporal.api.schedule.v1.ISchedule | null | undefined
): boolean => {
  const a = scheduleFromProto(sent)
  const b = scheduleFromProto(held)
  const withCron = a.spec.cronExpressions.length > 0 || b.spec.cronExpressions.length > 0
  const form = (s: typeof a) => {
    const { cronExpressions: _cron, calendars, ...spec } = s.spec
    const {
      headers,
      rawArgs,
      rawMemo,
      rawSearchAttributes,
      rawStaticDetails,
      rawStaticSummary,
      searchAttributes: _sa,
      ...action
    } = s.action
    return canonical({
      spec: withCron ? spec : { ...spec, calendars },
      action: {
        ...action,
        rawArgs: rawArgs.map(payloadKey),
        rawMemo: payloadRecordKey(rawMemo),
        rawSearchAttributes: payloadRecordKey(rawSearchAttributes),
        headers: payloadRecordKey(headers),
        rawStaticSummary: rawStaticSummary === undefined ? null : payloadKey(rawStaticSummary),
        rawStaticDetails: rawStaticDetails === undefined ? null : payloadKey(rawStaticDetails)
      },
      policy: s.policy,
      state: s.state
    })
  }
  return JSON.stringify(form(a)) === JSON.stringify(form(b))
}

/**
 * Whether two checked schedules are the same, compared as values before any
 * payload is encoded (so payload codecs that encrypt with a fresh nonce do
 * not make equal schedules look different).
 *
 * @internal
 */
export const sameScheduleModel = (a: Schedule, b: Schedule): boolean => {
  const form = (s: Schedule) => {
    const sa = s.action.searchAttributes
    return JSON.stringify(canonical({
      ...s,
      action: {
        ...s.action,
        workflow: workflowTypeName(s.action),
        searchAttributes: sa === undefined
          ? null
          : SearchAttributes.isSearchAttributes(sa)
          ? Object.fromEntries(sa.pairs.map(([key, value]) => [key.name, [key.type, value]]))
          : sa
      }
    }))
  }
  return form(a) === form(b)
}

/**
 * Whether every search attribute in `sent` is in `held` with the same data.
 *
 * @internal
 */
export const searchAttributesHeld = (
  sent: Readonly<Record<string, Payload>>,
  held: Readonly<Record<string, Payload>>
): boolean =>
  Object.entries(sent).every(([key, payload]) => {
    const other = Object.hasOwn(held, key) ? held[key] : undefined
    const data = payload.data ?? new Uint8Array(0)
    // an empty value removes the attribute
    if (data.length === 0 || hex(data) === hex(new TextEncoder().encode("null"))) return other === undefined
    return other !== undefined && hex(other.data ?? new Uint8Array(0)) === hex(data)
  })

/**
 * The server's answer to an update built on a stale conflict token: the
 * CHASM scheduler refuses it with FAILED_PRECONDITION "mismatched conflict
 * token". (The workflow-based scheduler, the dev server's default, accepts
 * it and drops it silently; see `ScheduleHandle.update`.)
 *
 * @internal
 */
export const isConflictTokenMismatch = (error: unknown): error is RpcError =>
  isRpcError(error) && error.code === "FAILED_PRECONDITION" && /conflict token/i.test(error.message)

/**
 * The error an update fails with when the schedule changed under it on
 * every attempt, with the server's last conflict error as its cause when it
 * sent one.
 *
 * @internal
 */
export const conflictExhausted = (
  scheduleId: string,
  attempts: number,
  last: RpcError | undefined
): ScheduleUpdateConflictError =>
  new ScheduleUpdateConflictError({ scheduleId, attempts, ...(last !== undefined ? { cause: last } : {}) })

/** @internal */
export { callOptionsOf } from "./clientContext.js"
