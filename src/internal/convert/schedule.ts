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
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { Payload, ResolvedRetryPolicy } from "../../schema/Common.js"
import type * as SearchAttributes from "../../schema/SearchAttributes.js"
import type { InvalidArgumentError } from "../../schema/TemporalError.js"
import {
  defaultCatchupWindow,
  type Schedule,
  type ScheduleActionExecution,
  type ScheduleActionResult,
  type ScheduleActionStartWorkflow,
  type ScheduleActionStartWorkflowDescription,
  type ScheduleBackfill,
  type ScheduleCalendarSpec,
  type ScheduleDescription,
  type ScheduleInfo,
  type ScheduleIntervalSpec,
  type ScheduleListDescription,
  type ScheduleOverlapPolicy,
  type SchedulePolicy,
  type ScheduleRange,
  type ScheduleSpec,
  type ScheduleState,
  workflowTypeName
} from "../../schema/TemporalSchedule.js"
import { isWorkflowDefinition } from "../../schema/WorkflowDefinition.js"
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
import { plainBytes } from "./payload.js"
import * as SearchAttributesConvert from "./searchAttributes.js"

type ProtoScheduleSpec = temporal.api.schedule.v1.IScheduleSpec
type ProtoCalendar = temporal.api.schedule.v1.IStructuredCalendarSpec
type ProtoRange = temporal.api.schedule.v1.IRange
type ProtoInterval = temporal.api.schedule.v1.IIntervalSpec
type ProtoPolicies = temporal.api.schedule.v1.ISchedulePolicies
type ProtoState = temporal.api.schedule.v1.IScheduleState
type ProtoAction = temporal.api.schedule.v1.IScheduleAction
type ProtoSchedule = temporal.api.schedule.v1.ISchedule
type ProtoInfo = temporal.api.schedule.v1.IScheduleInfo
type ProtoActionResult = temporal.api.schedule.v1.IScheduleActionResult
type ProtoPatch = temporal.api.schedule.v1.ISchedulePatch
type ProtoBackfill = temporal.api.schedule.v1.IBackfillRequest
type ProtoListEntry = temporal.api.schedule.v1.IScheduleListEntry
type ProtoOverlap = temporal.api.enums.v1.ScheduleOverlapPolicy
type ProtoDuration = google.protobuf.IDuration

// ---------------------------------------------------------------------------
// scalars
// ---------------------------------------------------------------------------

// Whole milliseconds come back as a millis Duration, so that a round trip
// gives back what `Duration.decode` made ("1 hour", 5000, ...).
const asMillis = (duration: Duration.Duration): Duration.Duration => {
  const nanos = Duration.toNanosUnsafe(duration)
  return nanos % 1_000_000n === 0n ? Duration.millis(Number(nanos / 1_000_000n)) : duration
}

const durationFromProto = (value: ProtoDuration | null | undefined): Duration.Duration | undefined => {
  const duration = durationFromProtoNanos(value)
  return duration === undefined ? undefined : asMillis(duration)
}

const retryPolicyFromProtoMillis = (
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

const nonEmpty = <A>(items: ReadonlyArray<A> | null | undefined): ReadonlyArray<A> => items ?? []

const payloadFields = (
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

// ---------------------------------------------------------------------------
// info and descriptions
// ---------------------------------------------------------------------------

const executionFromProto = (
  pb: temporal.api.common.v1.IWorkflowExecution | null | undefined
): ScheduleActionExecution => ({
  _tag: "StartWorkflow",
  workflowId: pb?.workflowId ?? "",
  firstExecutionRunId: pb?.runId ?? ""
})

/**
 * @since 0.1.0
 * @category info
 * @internal
 */
export const scheduleActionResultFromProto = (pb: ProtoActionResult): ScheduleActionResult => ({
  scheduledAt: dateFromProto(pb.scheduleTime) ?? new Date(0),
  startedAt: dateFromProto(pb.actualTime) ?? new Date(0),
  action: executionFromProto(pb.startWorkflowResult)
})

/**
 * @since 0.1.0
 * @category info
 * @internal
 */
export const scheduleInfoFromProto = (pb: ProtoInfo | null | undefined): ScheduleInfo => {
  const lastUpdatedAt = dateFromProto(pb?.updateTime)
  return {
    numActions: int64ToNumber(pb?.actionCount),
    numActionsMissedCatchupWindow: int64ToNumber(pb?.missedCatchupWindow),
    numActionsSkippedOverlap: int64ToNumber(pb?.overlapSkipped),
    bufferSize: int64ToNumber(pb?.bufferSize),
    numActionsDroppedFromBuffer: int64ToNumber(pb?.bufferDropped),
    runningActions: nonEmpty(pb?.runningWorkflows).map(executionFromProto),
    recentActions: nonEmpty(pb?.recentActions).map(scheduleActionResultFromProto),
    nextActionTimes: nonEmpty(pb?.futureActionTimes).map((t) => dateFromProto(t) ?? new Date(0)),
    createdAt: dateFromProto(pb?.createTime) ?? new Date(0),
    ...(lastUpdatedAt !== undefined ? { lastUpdatedAt } : {})
  }
}

/**
 * A `DescribeScheduleResponse` whose action payloads (args, memo, summary,
 * details) are not yet decoded.
 *
 * @since 0.1.0
 * @category descriptions
 * @internal
 */
export interface RawScheduleDescription extends Omit<ScheduleDescription, "schedule"> {
  readonly schedule: RawSchedule
}

/**
 * `DescribeScheduleResponse` (plus the schedule ID the request named) to a
 * raw description; the conflict token is kept as it came.
 *
 * @since 0.1.0
 * @category descriptions
 * @internal
 */
export const describeScheduleResponseFromProto = (
  id: string,
  pb: temporal.api.workflowservice.v1.IDescribeScheduleResponse
): RawScheduleDescription => {
  const rawSearchAttributes = payloadFields(pb.searchAttributes?.indexedFields)
  return {
    id,
    schedule: scheduleFromProto(pb.schedule),
    info: scheduleInfoFromProto(pb.info),
    searchAttributes: SearchAttributesConvert.decodeUntyped(rawSearchAttributes),
    typedSearchAttributes: SearchAttributesConvert.decode(rawSearchAttributes),
    rawMemo: payloadFields(pb.memo?.fields),
    rawSearchAttributes,
    conflictToken: plainBytes(pb.conflictToken ?? new Uint8Array(0))
  }
}

/**
 * A `ScheduleListEntry` to a list description; without `info` (as the
 * server sends for a schedule still being created), `schedule` and `info`
 * are absent, as in the Python SDK.
 *
 * @since 0.1.0
 * @category descriptions
 * @internal
 */
export const scheduleListEntryFromProto = (pb: ProtoListEntry): ScheduleListDescription => {
  const rawSearchAttributes = payloadFields(pb.searchAttributes?.indexedFields)
  const base = {
    id: pb.scheduleId ?? "",
    searchAttributes: SearchAttributesConvert.decodeUntyped(rawSearchAttributes),
    typedSearchAttributes: SearchAttributesConvert.decode(rawSearchAttributes),
    rawMemo: payloadFields(pb.memo?.fields),
    rawSearchAttributes
  }
  const info = pb.info
  if (info === null || info === undefined) return base
  return {
    ...base,
    schedule: {
      action: { _tag: "StartWorkflow", workflow: info.workflowType?.name ?? "" },
      spec: scheduleSpecFromProto(info.spec ?? {}),
      state: { paused: info.paused ?? false, ...(info.notes ? { note: info.notes } : {}) }
    },
    info: {
      recentActions: nonEmpty(info.recentActions).map(scheduleActionResultFromProto),
      nextActionTimes: nonEmpty(info.futureActionTimes).map((t) => dateFromProto(t) ?? new Date(0))
    }
  }
}

// ---------------------------------------------------------------------------
// backfill and patches
// ---------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category patches
 * @internal
 */
export const backfillToProto = (backfill: ScheduleBackfill): ProtoBackfill => ({
  startTime: dateToProto(backfill.startAt),
  endTime: dateToProto(backfill.endAt),
  overlapPolicy: overlapPolicyToProto(backfill.overlap)
})

/**
 * The note a pause or unpause sends when none is given.
 *
 * @since 0.1.0
 * @category patches
 * @internal
 */
export const defaultPauseNote = "Paused via effect-temporal"

/**
 * @since 0.1.0
 * @category patches
 * @internal
 */
export const defaultUnpauseNote = "Unpaused via effect-temporal"

/**
 * Builders of `SchedulePatch` messages for `PatchSchedule` (and the initial
 * patch of `CreateSchedule`).
 *
 * @since 0.1.0
 * @category patches
 * @internal
 */
export const SchedulePatch = {
  /** Take an action now; `overlap` left out means the schedule's policy. */
  trigger: (overlap?: ScheduleOverlapPolicy | undefined): ProtoPatch => ({
    triggerImmediately: { overlapPolicy: overlapPolicyToProto(overlap) }
  }),
  pause: (note?: string | undefined): ProtoPatch => ({ pause: note || defaultPauseNote }),
  unpause: (note?: string | undefined): ProtoPatch => ({ unpause: note || defaultUnpauseNote }),
  backfill: (backfills: ReadonlyArray<ScheduleBackfill>): ProtoPatch => ({
    backfillRequest: backfills.map(backfillToProto)
  }),
  /**
   * The initial patch of `createSchedule`: trigger now with the schedule's
   * overlap policy and/or backfill; `undefined` when neither is asked.
   */
  initial: (
    schedule: Schedule,
    options: {
      readonly triggerImmediately?: boolean | undefined
      readonly backfill?: ReadonlyArray<ScheduleBackfill> | undefined
    }
  ): ProtoPatch | undefined => {
    const backfill = options.backfill ?? []
    if (options.triggerImmediately !== true && backfill.length === 0) return undefined
    return {
      ...(options.triggerImmediately === true
        ? { triggerImmediately: { overlapPolicy: overlapPolicyToProto(schedule.policy.overlap) } }
        : {}),
      ...(backfill.length > 0 ? { backfillRequest: backfill.map(backfillToProto) } : {})
    }
  }
} as const

// ---------------------------------------------------------------------------
// with a DataConverter
// ---------------------------------------------------------------------------

/**
 * The encoding half of the `DataConverter` (the service fits as it is).
 * `toPayloads` gets the workflow definition's argument Schemas when the
 * action names a `WorkflowDefinition`.
 *
 * @since 0.1.0
 * @category codecs
 * @internal
 */
export interface ActionPayloadEncoder<E> {
  readonly toPayload: (value: unknown) => Effect.Effect<Payload, E>
  readonly toPayloads: (
    values: ReadonlyArray<unknown>,
    schemas?: ReadonlyArray<Schema.Codec<unknown, unknown>>
  ) => Effect.Effect<ReadonlyArray<Payload>, E>
}

/**
 * The decoding half of the `DataConverter` (the service fits as it is).
 *
 * @since 0.1.0
 * @category codecs
 * @internal
 */
export interface ActionPayloadDecoder<E> {
  readonly fromPayload: (payload: Payload) => Effect.Effect<unknown, E>
  readonly fromPayloads: (payloads: ReadonlyArray<Payload>) => Effect.Effect<ReadonlyArray<unknown>, E>
}

const encodeRecord = <E>(
  record: Readonly<Record<string, unknown>>,
  toPayload: (value: unknown) => Effect.Effect<Payload, E>
): Effect.Effect<Record<string, Payload>, E> =>
  Effect.map(
    Effect.forEach(Object.entries(record), ([key, value]) => Effect.map(toPayload(value), (p) => [key, p] as const)),
    Object.fromEntries
  )

const decodeRecord = <E>(
  record: Readonly<Record<string, Payload>>,
  fromPayload: (payload: Payload) => Effect.Effect<unknown, E>
): Effect.Effect<Record<string, unknown>, E> =>
  Effect.map(
    Effect.forEach(Object.entries(record), ([key, p]) => Effect.map(fromPayload(p), (value) => [key, value] as const)),
    Object.fromEntries
  )

const optional = <A, B, E>(
  value: A | undefined,
  f: (a: A) => Effect.Effect<B, E>
): Effect.Effect<B | undefined, E> => (value === undefined ? Effect.succeed(undefined) : f(value))

/**
 * Encodes an action's payload-carrying fields: args (with the definition's
 * Schemas when `workflow` is a `WorkflowDefinition`), memo, summary and
 * details with `encoder`; search attributes with their types.
 *
 * @since 0.1.0
 * @category codecs
 * @internal
 */
export const encodeActionPayloads = <E>(
  action: ScheduleActionStartWorkflow,
  encoder: ActionPayloadEncoder<E>
): Effect.Effect<EncodedActionPayloads, E | InvalidArgumentError> =>
  Effect.all({
    args: isWorkflowDefinition(action.workflow)
      ? encoder.toPayloads(action.args, action.workflow.args)
      : encoder.toPayloads(action.args),
    memo: optional(action.memo, (memo) => encodeRecord(memo, encoder.toPayload)),
    searchAttributes: optional(action.searchAttributes, searchAttributesToProto),
    staticSummary: optional(action.staticSummary, encoder.toPayload),
    staticDetails: optional(action.staticDetails, encoder.toPayload)
  })

/**
 * {@link scheduleToProto} with the payloads encoded by `encoder`.
 *
 * @since 0.1.0
 * @category codecs
 * @internal
 */
export const encodeSchedule = <E>(
  schedule: Schedule,
  encoder: ActionPayloadEncoder<E>
): Effect.Effect<ProtoSchedule, E | InvalidArgumentError> =>
  Effect.map(encodeActionPayloads(schedule.action, encoder), (payloads) => scheduleToProto(schedule, payloads))

/**
 * Decodes a raw action's payloads with `decoder` (without type hints; the
 * raw payloads stay on the result for decoding with a Schema). A summary or
 * details that is not a string is left out.
 *
 * @since 0.1.0
 * @category codecs
 * @internal
 */
export const decodeScheduleAction = <E>(
  raw: RawScheduleActionStartWorkflow,
  decoder: ActionPayloadDecoder<E>
): Effect.Effect<ScheduleActionStartWorkflowDescription, E> =>
  Effect.map(
    Effect.all({
      args: decoder.fromPayloads(raw.rawArgs),
      memo: optional(raw.rawMemo, (memo) => decodeRecord(memo, decoder.fromPayload)),
      staticSummary: optional(raw.rawStaticSummary, decoder.fromPayload),
      staticDetails: optional(raw.rawStaticDetails, decoder.fromPayload)
    }),
    (decoded): ScheduleActionStartWorkflowDescription => {
      const { rawStaticDetails: _details, rawStaticSummary: _summary, ...rest } = raw
      return {
        ...rest,
        args: [...decoded.args],
        ...(decoded.memo !== undefined ? { memo: decoded.memo } : {}),
        ...(typeof decoded.staticSummary === "string" ? { staticSummary: decoded.staticSummary } : {}),
        ...(typeof decoded.staticDetails === "string" ? { staticDetails: decoded.staticDetails } : {})
      }
    }
  )

/**
 * Decodes a raw description's action payloads with `decoder`.
 *
 * @since 0.1.0
 * @category codecs
 * @internal
 */
export const decodeScheduleDescription = <E>(
  raw: RawScheduleDescription,
  decoder: ActionPayloadDecoder<E>
): Effect.Effect<ScheduleDescription, E> =>
  Effect.map(
    decodeScheduleAction(raw.schedule.action, decoder),
    (action): ScheduleDescription => ({ ...raw, schedule: { ...raw.schedule, action } })
  )
