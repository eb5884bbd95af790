/**
 * Schedule descriptions, list entries, backfills and patches from and to the protos, and schedules through a DataConverter.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { Payload } from "../../schema/Common.js"
import type { InvalidArgumentError } from "../../schema/TemporalError.js"
import {
  type Schedule,
  type ScheduleActionExecution,
  type ScheduleActionResult,
  type ScheduleActionStartWorkflow,
  type ScheduleActionStartWorkflowDescription,
  type ScheduleBackfill,
  type ScheduleDescription,
  type ScheduleInfo,
  type ScheduleListDescription,
  type ScheduleOverlapPolicy
} from "../../schema/TemporalSchedule.js"
import { isWorkflowDefinition } from "../../schema/WorkflowDefinition.js"
import { int64ToNumber, timestampFromProto as dateFromProto, timestampToProto as dateToProto } from "./common.js"
import { plainBytes } from "./payload.js"
import type {
  EncodedActionPayloads,
  ProtoActionResult,
  ProtoBackfill,
  ProtoInfo,
  ProtoListEntry,
  ProtoPatch,
  ProtoSchedule,
  RawSchedule,
  RawScheduleActionStartWorkflow
} from "./schedule.js"
import {
  nonEmpty,
  overlapPolicyToProto,
  payloadFields,
  scheduleFromProto,
  scheduleSpecFromProto,
  scheduleToProto,
  searchAttributesToProto
} from "./schedule.js"
import * as SearchAttributesConvert from "./searchAttributes.js"

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
