/**
 * What the list items and descriptions of standalone activities and Nexus
 * operations share: state counters, search attributes, the schedule and
 * close times and the execution duration, decoded once for both.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import { durationFromProto, int64ToNumber, payloadMapFromProto, timestampFromProto } from "./common.js"
import * as SearchAttributesConvert from "./searchAttributes.js"

/** The fields of an execution's info message read here. @internal */
export interface ExecutionInfoProto {
  readonly stateTransitionCount?: Parameters<typeof int64ToNumber>[0]
  readonly stateSizeBytes?: Parameters<typeof int64ToNumber>[0]
  readonly searchAttributes?: temporal.api.common.v1.ISearchAttributes | null
  readonly scheduleTime?: Parameters<typeof timestampFromProto>[0]
  readonly closeTime?: Parameters<typeof timestampFromProto>[0]
  readonly executionDuration?: Parameters<typeof durationFromProto>[0]
}

/**
 * The shared fields of an execution's info; times and duration only when
 * set.
 *
 * @internal
 */
export const sharedExecutionFields = (info: ExecutionInfoProto) => {
  const rawSearchAttributes = payloadMapFromProto(info.searchAttributes?.indexedFields)
  const scheduleTime = timestampFromProto(info.scheduleTime)
  const closeTime = timestampFromProto(info.closeTime)
  const executionDuration = durationFromProto(info.executionDuration)
  return {
    stateTransitionCount: int64ToNumber(info.stateTransitionCount),
    stateSizeBytes: int64ToNumber(info.stateSizeBytes),
    searchAttributes: SearchAttributesConvert.decodeUntyped(rawSearchAttributes),
    typedSearchAttributes: SearchAttributesConvert.decode(rawSearchAttributes),
    ...(scheduleTime !== undefined ? { scheduleTime } : {}),
    ...(closeTime !== undefined ? { closeTime } : {}),
    ...(executionDuration !== undefined ? { executionDuration } : {})
  }
}

/**
 * A duration, or `undefined` for zero (proto's "not set").
 *
 * @internal
 */
export const positiveDuration = (d: Duration.Duration | undefined): Duration.Duration | undefined =>
  d === undefined || Duration.isZero(d) ? undefined : d
