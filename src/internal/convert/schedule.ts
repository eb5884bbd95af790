/**
 * The schedule model (`schema/TemporalSchedule.ts`) to and from the
 * `temporal.api.schedule.v1` messages, the way the official SDKs map them.
 *
 * Everything here is pure except the `encode*` / `decode*` helpers, which
 * take the payload functions as arguments (the `DataConverter` service fits:
 * its `toPayload` / `toPayloads` / `fromPayload` / `fromPayloads`) so that
 * this module depends on no service. The pure mappers take payloads already
 * encoded and return raw payloads. Search attributes carry their type in
 * payload metadata and need no converter, so they are encoded and decoded
 * here (with `internal/convert/searchAttributes.ts`).
 *
 * @since 0.1.0
 * @internal
 */
import type { google, temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type { Payload, ResolvedRetryPolicy } from "../../schema/Common.js"
import type * as SearchAttributes from "../../schema/SearchAttributes.js"
import type { InvalidArgumentError } from "../../schema/TemporalError.js"
import {
  defaultCatchupWindow,
  type Schedule,
  type ScheduleActionStartWorkflow,
  type ScheduleActionStartWorkflowDescription,
  type ScheduleCalendarSpec,
  type ScheduleIntervalSpec,
  type ScheduleOverlapPolicy,
  type SchedulePolicy,
  type ScheduleRange,
  type ScheduleSpec,
  type ScheduleState,
  workflowTypeName
} from "../../schema/TemporalSchedule.js"
import * as Enums from "../proto/enums.js"
import {
  durationFromProto as durationFromProtoNanos,
  durationToProto,
  int64FromNumber,
  int64ToNumber,
  priorityFromProto,
  priorityToProto,
  retryPolicyFromProto,
  retryPolicyToProto,
  timestampFromProto as dateFromProto,
  timestampToProto as dateToProto,
  versioningOverrideFromProto,
  versioningOverrideToProto
} from "./common.js"
import * as SearchAttributesConvert from "./searchAttributes.js"

type ProtoScheduleSpec = temporal.api.schedule.v1.IScheduleSpec
type ProtoCalendar = temporal.api.schedule.v1.IStructuredCalendarSpec
type ProtoRange = temporal.api.schedule.v1.IRange
type ProtoInterval = temporal.api.schedule.v1.IIntervalSpec
/** @internal */
export type ProtoPolicies = temporal.api.schedule.v1.ISchedulePolicies
/** @internal */
export type ProtoState = temporal.api.schedule.v1.IScheduleState
/** @internal */
export type ProtoAction = temporal.api.schedule.v1.IScheduleAction
/** @internal */
export type ProtoSchedule = temporal.api.schedule.v1.ISchedule
/** @internal */
export type ProtoInfo = temporal.api.schedule.v1.IScheduleInfo
/** @internal */
export type ProtoActionResult = temporal.api.schedule.v1.IScheduleActionResult
/** @internal */
export type ProtoPatch = temporal.api.schedule.v1.ISchedulePatch
/** @internal */
export type ProtoBackfill = temporal.api.schedule.v1.IBackfillRequest
/** @internal */
export type ProtoListEntry = temporal.api.schedule.v1.IScheduleListEntry
/** @internal */
export type ProtoOverlap = temporal.api.enums.v1.ScheduleOverlapPolicy
/** @internal */
export type ProtoDuration = google.protobuf.IDuration

// ---------------------------------------------------------------------------
// scalars
// ---------------------------------------------------------------------------

// Whole milliseconds come back as a millis Duration, so that a round trip
// gives back what `Duration.decode` made ("1 hour", 5000, ...).
const asMillis = (duration: Duration.Duration): Duration.Duration => {
  const nanos = Duration.toNanosUnsafe(duration)
  return nanos % 1_000_000n === 0n ? Duration.millis(Number(nanos / 1_000_000n)) : duration
}

/** @internal */
export const durationFromProto = (value: ProtoDuration | null | undefined): Duration.Duration | undefined => {
  const duration = durationFromProtoNanos(value)
  return duration === undefined ? undefined : asMillis(duration)
}

/** @internal */
export const retryPolicyFromProtoMillis = (
  value: temporal.api.common.v1.IRetryPolicy | null | undefined
): ResolvedRetryPolicy | undefined => {
  const policy = retryPolicyFromProto(value)
  if (policy === undefined) return undefined
  const { initialInterval, maximumInterval, ...rest } = policy
  return {
    ...rest,
    ...(initialInterval !== undefined ? { initialInterval: asMillis(initialInterval) } : {}),
    ...(maximumInterval !== undefined ? { maximumInterval: asMillis(maximumInterval) } : {})
  }
}

/** @internal */
export const nonEmpty = <A>(items: ReadonlyArray<A> | null | undefined): ReadonlyArray<A> => items ?? []

/** @internal */
export const payloadFields = (
  fields: { readonly [k: string]: Payload } | null | undefined
): Record<string, Payload> => ({ ...fields })

// ---------------------------------------------------------------------------
// overlap policy
// ---------------------------------------------------------------------------

const OverlapEnum = Enums.ScheduleOverlapPolicy

const overlapTable: Record<ScheduleOverlapPolicy, ProtoOverlap> = {
  Skip: OverlapEnum.SCHEDULE_OVERLAP_POLICY_SKIP,
  BufferOne: OverlapEnum.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
  BufferAll: OverlapEnum.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL,
  CancelOther: OverlapEnum.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER,
  TerminateOther: OverlapEnum.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER,
  AllowAll: OverlapEnum.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL
}

/**
 * `"Skip"` → `SCHEDULE_OVERLAP_POLICY_SKIP`, and so on; `undefined` →
 * `SCHEDULE_OVERLAP_POLICY_UNSPECIFIED` (the schedule's own policy, for
 * trigger and backfill).
 *
 * @since 0.1.0
 * @category overlap
 * @internal
 */
export const overlapPolicyToProto = (policy: ScheduleOverlapPolicy | undefined): ProtoOverlap =>
  policy === undefined ? OverlapEnum.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED : overlapTable[policy]

/**
 * The reverse of {@link overlapPolicyToProto}; `UNSPECIFIED` (and any value
 * this version does not know) reads as `"Skip"`, the server's default.
 *
 * @since 0.1.0
 * @category overlap
 * @internal
 */
export const overlapPolicyFromProto = (value: ProtoOverlap | number | null | undefined): ScheduleOverlapPolicy => {
  for (const name of Object.keys(overlapTable) as Array<ScheduleOverlapPolicy>) {
    if (overlapTable[name] === value) return name
  }
  return "Skip"
}

// ---------------------------------------------------------------------------
// spec
// ---------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const rangeToProto = (range: ScheduleRange): ProtoRange => ({
  start: range.start,
  end: range.end,
  step: range.step
})

/**
 * A proto range to the model: `end` below `start` (0 when unset) means
 * `start`, `step` 0 means 1.
 *
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const rangeFromProto = (pb: ProtoRange): ScheduleRange => {
  const start = pb.start ?? 0
  const end = pb.end ?? 0
  const step = pb.step ?? 0
  return { start, end: end < start ? start : end, step: step > 0 ? step : 1 }
}

/**
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const calendarSpecToProto = (calendar: ScheduleCalendarSpec): ProtoCalendar => ({
  second: calendar.second.map(rangeToProto),
  minute: calendar.minute.map(rangeToProto),
  hour: calendar.hour.map(rangeToProto),
  dayOfMonth: calendar.dayOfMonth.map(rangeToProto),
  month: calendar.month.map(rangeToProto),
  year: calendar.year.map(rangeToProto),
  dayOfWeek: calendar.dayOfWeek.map(rangeToProto),
  ...(calendar.comment !== undefined ? { comment: calendar.comment } : {})
})

/**
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const calendarSpecFromProto = (pb: ProtoCalendar): ScheduleCalendarSpec => ({
  second: nonEmpty(pb.second).map(rangeFromProto),
  minute: nonEmpty(pb.minute).map(rangeFromProto),
  hour: nonEmpty(pb.hour).map(rangeFromProto),
  dayOfMonth: nonEmpty(pb.dayOfMonth).map(rangeFromProto),
  month: nonEmpty(pb.month).map(rangeFromProto),
  year: nonEmpty(pb.year).map(rangeFromProto),
  dayOfWeek: nonEmpty(pb.dayOfWeek).map(rangeFromProto),
  ...(pb.comment ? { comment: pb.comment } : {})
})

/**
 * `every` → `interval`, `offset` → `phase` (left out when zero).
 *
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const intervalSpecToProto = (interval: ScheduleIntervalSpec): ProtoInterval => ({
  interval: durationToProto(interval.every),
  ...(Duration.isZero(interval.offset) ? {} : { phase: durationToProto(interval.offset) })
})

/**
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const intervalSpecFromProto = (pb: ProtoInterval): ScheduleIntervalSpec => ({
  every: durationFromProto(pb.interval) ?? Duration.zero,
  offset: durationFromProto(pb.phase) ?? Duration.zero
})

/**
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const scheduleSpecToProto = (spec: ScheduleSpec): ProtoScheduleSpec => ({
  structuredCalendar: spec.calendars.map(calendarSpecToProto),
  interval: spec.intervals.map(intervalSpecToProto),
  cronString: [...spec.cronExpressions],
  excludeStructuredCalendar: spec.skip.map(calendarSpecToProto),
  ...(spec.startAt !== undefined ? { startTime: dateToProto(spec.startAt) } : {}),
  ...(spec.endAt !== undefined ? { endTime: dateToProto(spec.endAt) } : {}),
  ...(spec.jitter !== undefined ? { jitter: durationToProto(spec.jitter) } : {}),
  ...(spec.timeZoneName !== undefined ? { timezoneName: spec.timeZoneName } : {})
})

/**
 * A proto spec to the model. The server compiles cron strings into
 * structured calendars, so a described schedule shows them in `calendars`.
 *
 * @since 0.1.0
 * @category spec
 * @internal
 */
export const scheduleSpecFromProto = (pb: ProtoScheduleSpec): ScheduleSpec => {
  const startAt = dateFromProto(pb.startTime)
  const endAt = dateFromProto(pb.endTime)
  const jitter = durationFromProto(pb.jitter)
  return {
    calendars: nonEmpty(pb.structuredCalendar).map(calendarSpecFromProto),
    intervals: nonEmpty(pb.interval).map(intervalSpecFromProto),
    cronExpressions: [...nonEmpty(pb.cronString)],
    skip: nonEmpty(pb.excludeStructuredCalendar).map(calendarSpecFromProto),
    ...(startAt !== undefined ? { startAt } : {}),
    ...(endAt !== undefined ? { endAt } : {}),
    ...(jitter !== undefined ? { jitter } : {}),
    ...(pb.timezoneName ? { timeZoneName: pb.timezoneName } : {})
  }
}

// ---------------------------------------------------------------------------
// policy and state
// ---------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category policy
 * @internal
 */
export const schedulePolicyToProto = (policy: SchedulePolicy): ProtoPolicies => ({
  overlapPolicy: overlapPolicyToProto(policy.overlap),
  catchupWindow: durationToProto(policy.catchupWindow),
  pauseOnFailure: policy.pauseOnFailure,
  keepOriginalWorkflowId: policy.keepOriginalWorkflowId
})

/**
 * An absent (or zero) catch-up window reads as the 365-day default.
 *
 * @since 0.1.0
 * @category policy
 * @internal
 */
export const schedulePolicyFromProto = (pb: ProtoPolicies | null | undefined): SchedulePolicy => {
  const catchupWindow = durationFromProto(pb?.catchupWindow)
  return {
    overlap: overlapPolicyFromProto(pb?.overlapPolicy),
    catchupWindow: catchupWindow === undefined || Duration.isZero(catchupWindow) ? defaultCatchupWindow : catchupWindow,
    pauseOnFailure: pb?.pauseOnFailure ?? false,
    keepOriginalWorkflowId: pb?.keepOriginalWorkflowId ?? false
  }
}

/**
 * @since 0.1.0
 * @category state
 * @internal
 */
export const scheduleStateToProto = (state: ScheduleState): ProtoState => ({
  notes: state.note ?? "",
  paused: state.paused,
  limitedActions: state.limitedActions,
  remainingActions: int64FromNumber(state.remainingActions)
})

/**
 * @since 0.1.0
 * @category state
 * @internal
 */
export const scheduleStateFromProto = (pb: ProtoState | null | undefined): ScheduleState => ({
  paused: pb?.paused ?? false,
  ...(pb?.notes ? { note: pb.notes } : {}),
  limitedActions: pb?.limitedActions ?? false,
  remainingActions: int64ToNumber(pb?.remainingActions)
})

// ---------------------------------------------------------------------------
// search attributes
// ---------------------------------------------------------------------------

/**
 * Search attributes (typed or untyped) as the `indexedFields` payload map,
 * types in the payload metadata. Fails on a value unfit for its type.
 *
 * @since 0.1.0
 * @category search attributes
 * @internal
 */
export const searchAttributesToProto = (
  input: SearchAttributes.SearchAttributesInput
): Effect.Effect<Record<string, Payload>, InvalidArgumentError> => SearchAttributesConvert.encode(input)

/**
 * An action's search attributes as read back: the typed collection when
 * every entry carries a known type, else every entry as a plain value (so
 * that sending the action again keeps them all).
 *
 * @since 0.1.0
 * @category search attributes
 * @internal
 */
export const searchAttributesFromProto = (
  fields: Readonly<Record<string, Payload>>
): SearchAttributes.SearchAttributesInput => {
  const typed = SearchAttributesConvert.decode(fields)
  return typed.size === Object.keys(fields).length
    ? typed
    : (SearchAttributesConvert.decodeUntyped(fields) as SearchAttributes.UntypedSearchAttributes)
}

// ---------------------------------------------------------------------------
// action
// ---------------------------------------------------------------------------

/**
 * The payload-carrying fields of an action, already encoded: `args`, `memo`,
 * `staticSummary` and `staticDetails` by the `DataConverter`, search
 * attributes with their type metadata (see {@link searchAttributesToProto}).
 * Give each one the action has.
 *
 * @since 0.1.0
 * @category action
 * @internal
 */
export interface EncodedActionPayloads {
  readonly args: ReadonlyArray<Payload>
  readonly memo?: Readonly<Record<string, Payload>> | undefined
  readonly searchAttributes?: Readonly<Record<string, Payload>> | undefined
  readonly staticSummary?: Payload | undefined
  readonly staticDetails?: Payload | undefined
}

/**
 * An action as read from the server, the payloads that need the
 * `DataConverter` (args, memo, summary, details) not yet decoded; search
 * attributes are decoded already.
 *
 * @since 0.1.0
 * @category action
 * @internal
 */
export interface RawScheduleActionStartWorkflow
  extends Omit<ScheduleActionStartWorkflowDescription, "args" | "memo" | "staticSummary" | "staticDetails">
{
  readonly rawStaticSummary?: Payload | undefined
  readonly rawStaticDetails?: Payload | undefined
}

/**
 * The start-workflow action as `INewWorkflowExecutionInfo`. `payloads`
 * holds what the `DataConverter` made of `args`, `memo`, `searchAttributes`,
 * `staticSummary` and `staticDetails`; headers are sent as they are.
 *
 * @since 0.1.0
 * @category action
 * @internal
 */
export const scheduleActionToProto = (
  action: ScheduleActionStartWorkflow,
  payloads: EncodedActionPayloads
): ProtoAction => {
  const userMetadata = payloads.staticSummary !== undefined || payloads.staticDetails !== undefined
    ? {
      userMetadata: {
        ...(payloads.staticSummary !== undefined ? { summary: payloads.staticSummary } : {}),
        ...(payloads.staticDetails !== undefined ? { details: payloads.staticDetails } : {})
      }
    }
    : {}
  return {
    startWorkflow: {
      workflowId: action.id,
      workflowType: { name: workflowTypeName(action) },
      taskQueue: {
        name: action.taskQueue,
        kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL
      },
      ...(payloads.args.length > 0 ? { input: { payloads: [...payloads.args] } } : {}),
      ...(action.executionTimeout !== undefined
        ? { workflowExecutionTimeout: durationToProto(action.executionTimeout) }
        : {}),
      ...(action.runTimeout !== undefined ? { workflowRunTimeout: durationToProto(action.runTimeout) } : {}),
      ...(action.taskTimeout !== undefined ? { workflowTaskTimeout: durationToProto(action.taskTimeout) } : {}),
      ...(action.retryPolicy !== undefined ? { retryPolicy: retryPolicyToProto(action.retryPolicy) } : {}),
      ...(payloads.memo !== undefined ? { memo: { fields: { ...payloads.memo } } } : {}),
      ...(payloads.searchAttributes !== undefined
        ? { searchAttributes: { indexedFields: { ...payloads.searchAttributes } } }
        : {}),
      ...(action.headers !== undefined ? { header: { fields: { ...action.headers } } } : {}),
      ...userMetadata,
      ...(action.priority !== undefined ? { priority: priorityToProto(action.priority) } : {}),
      ...(action.versioningOverride !== undefined
        ? { versioningOverride: versioningOverrideToProto(action.versioningOverride) }
        : {})
    }
  }
}

/**
 * A proto action to the model, payloads kept raw. A missing `startWorkflow`
 * (an action kind this version does not know) reads as empty fields.
 *
 * @since 0.1.0
 * @category action
 * @internal
 */
export const scheduleActionFromProto = (pb: ProtoAction | null | undefined): RawScheduleActionStartWorkflow => {
  const sw = pb?.startWorkflow ?? {}
  const executionTimeout = durationFromProto(sw.workflowExecutionTimeout)
  const runTimeout = durationFromProto(sw.workflowRunTimeout)
  const taskTimeout = durationFromProto(sw.workflowTaskTimeout)
  const retryPolicy = retryPolicyFromProtoMillis(sw.retryPolicy)
  const priority = priorityFromProto(sw.priority)
  const versioningOverride = versioningOverrideFromProto(sw.versioningOverride)
  const summary = sw.userMetadata?.summary
  const details = sw.userMetadata?.details
  return {
    _tag: "StartWorkflow",
    workflow: sw.workflowType?.name ?? "",
    id: sw.workflowId ?? "",
    taskQueue: sw.taskQueue?.name ?? "",
    rawArgs: [...nonEmpty(sw.input?.payloads)],
    ...(executionTimeout !== undefined ? { executionTimeout } : {}),
    ...(runTimeout !== undefined ? { runTimeout } : {}),
    ...(taskTimeout !== undefined ? { taskTimeout } : {}),
    ...(retryPolicy !== undefined ? { retryPolicy } : {}),
    ...(sw.memo?.fields ? { rawMemo: payloadFields(sw.memo.fields) } : {}),
    ...(sw.searchAttributes?.indexedFields
      ? {
        rawSearchAttributes: payloadFields(sw.searchAttributes.indexedFields),
        searchAttributes: searchAttributesFromProto(sw.searchAttributes.indexedFields)
      }
      : {}),
    ...(sw.header?.fields && Object.keys(sw.header.fields).length > 0
      ? { headers: payloadFields(sw.header.fields) }
      : {}),
    ...(summary ? { rawStaticSummary: summary } : {}),
    ...(details ? { rawStaticDetails: details } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(versioningOverride !== undefined ? { versioningOverride } : {})
  }
}

// ---------------------------------------------------------------------------
// schedule
// ---------------------------------------------------------------------------

/**
 * A checked schedule as `temporal.api.schedule.v1.Schedule`.
 *
 * @since 0.1.0
 * @category schedule
 * @internal
 */
export const scheduleToProto = (schedule: Schedule, payloads: EncodedActionPayloads): ProtoSchedule => ({
  spec: scheduleSpecToProto(schedule.spec),
  action: scheduleActionToProto(schedule.action, payloads),
  policies: schedulePolicyToProto(schedule.policy),
  state: scheduleStateToProto(schedule.state)
})

/**
 * A schedule as read from the server, its action's payloads still raw.
 *
 * @since 0.1.0
 * @category schedule
 * @internal
 */
export interface RawSchedule {
  readonly action: RawScheduleActionStartWorkflow
  readonly spec: ScheduleSpec
  readonly policy: SchedulePolicy
  readonly state: ScheduleState
}

/**
 * @since 0.1.0
 * @category schedule
 * @internal
 */
export const scheduleFromProto = (pb: ProtoSchedule | null | undefined): RawSchedule => ({
  action: scheduleActionFromProto(pb?.action),
  spec: scheduleSpecFromProto(pb?.spec ?? {}),
  policy: schedulePolicyFromProto(pb?.policies),
  state: scheduleStateFromProto(pb?.state)
})
