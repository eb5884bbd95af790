/**
 * What a workflow's description tells of its pending work, decoded: its
 * activities (heartbeat details and failures through the data converter),
 * its child workflows and its callbacks; and its memo.
 *
 * @internal
 */
import type { google, temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type { DataConverterError, ExternalStorageError, PayloadCodecError } from "../../schema/TemporalError.js"
import { PendingActivity, PendingChildWorkflow, WorkflowCallback } from "../../schema/WorkflowExecution.js"
import type { DataConverter } from "../../services/DataConverter.js"
import * as Enums from "../proto/enums.js"
import { int64ToNumber, timestampFromProto } from "./common.js"
import { trusted } from "./trusted.js"

type Converter = Pick<DataConverter.Service, "fromPayload" | "fromPayloads" | "fromFailure">
type Decoded<A> = Effect.Effect<A, DataConverterError | PayloadCodecError | ExternalStorageError>

const activityStates = ["Scheduled", "Started", "CancelRequested", "Paused", "PauseRequested"] as const
const parentClosePolicies = ["Terminate", "Abandon", "RequestCancel"] as const
const callbackStates = ["Standby", "Scheduled", "BackingOff", "Failed", "Succeeded", "Blocked"] as const

/** The literal of an enum value numbered from 1 in `names`' order (`undefined` for 0 or unknown). */
const byNumber = <L extends string>(
  names: ReadonlyArray<L>,
  value: number | string | null | undefined,
  table: object
) => {
  const n = typeof value === "string" ? (table as Record<string, number | undefined>)[value] : value
  return typeof n === "number" && n > 0 ? names[n - 1] : undefined
}

const timeFields = <K extends string>(
  entries: ReadonlyArray<readonly [K, google.protobuf.ITimestamp | null | undefined]>
) =>
  Object.fromEntries(
    entries.flatMap(([key, value]) => {
      const date = timestampFromProto(value)
      return date === undefined ? [] : [[key, date]]
    })
  ) as { readonly [P in K]?: Date }

const failureOf = (converter: Converter, failure: temporal.api.failure.v1.IFailure | null | undefined) =>
  failure ? Effect.map(converter.fromFailure(failure), (decoded) => ({ value: decoded })) : Effect.succeed(undefined)

const pendingActivity = (
  converter: Converter,
  info: temporal.api.workflow.v1.IPendingActivityInfo
): Decoded<PendingActivity> =>
  Effect.gen(function*() {
    const heartbeatDetails = yield* converter.fromPayloads(info.heartbeatDetails?.payloads ?? [])
    const lastFailure = yield* failureOf(converter, info.lastFailure)
    const state = byNumber(activityStates, info.state, Enums.PendingActivityState)
    return trusted(PendingActivity, {
      activityId: info.activityId ?? "",
      activityType: info.activityType?.name ?? "",
      attempt: info.attempt ?? 0,
      maximumAttempts: info.maximumAttempts ?? 0,
      paused: info.paused ?? false,
      heartbeatDetails,
      ...(state !== undefined ? { state } : {}),
      ...timeFields([
        ["scheduledTime", info.scheduledTime],
        ["lastStartedTime", info.lastStartedTime],
        ["lastHeartbeatTime", info.lastHeartbeatTime],
        ["nextAttemptScheduleTime", info.nextAttemptScheduleTime],
        ["expirationTime", info.expirationTime]
      ]),
      ...(lastFailure !== undefined ? { lastFailure: lastFailure.value } : {}),
      ...(info.lastWorkerIdentity ? { lastWorkerIdentity: info.lastWorkerIdentity } : {})
    })
  })

const pendingChild = (info: temporal.api.workflow.v1.IPendingChildExecutionInfo): PendingChildWorkflow => {
  const policy = byNumber(parentClosePolicies, info.parentClosePolicy, { PARENT_CLOSE_POLICY_TERMINATE: 1 })
  return trusted(PendingChildWorkflow, {
    workflowId: info.workflowId ?? "",
    runId: info.runId ?? "",
    workflowType: info.workflowTypeName ?? "",
    initiatedEventId: int64ToNumber(info.initiatedId),
    ...(policy !== undefined ? { parentClosePolicy: policy } : {})
  })
}

const callback = (converter: Converter, info: temporal.api.workflow.v1.ICallbackInfo): Decoded<WorkflowCallback> =>
  Effect.map(failureOf(converter, info.lastAttemptFailure), (lastAttemptFailure) => {
    const state = byNumber(callbackStates, info.state, {})
    return trusted(WorkflowCallback, {
      attempt: info.attempt ?? 0,
      ...(info.callback?.nexus?.url ? { url: info.callback.nexus.url } : {}),
      ...(state !== undefined ? { state } : {}),
      ...timeFields([["registrationTime", info.registrationTime], [
        "nextAttemptScheduleTime",
        info.nextAttemptScheduleTime
      ]]),
      ...(lastAttemptFailure !== undefined ? { lastAttemptFailure: lastAttemptFailure.value } : {}),
      ...(info.blockedReason ? { blockedReason: info.blockedReason } : {})
    })
  })

/**
 * The decoded parts of a description: memo, pending activities, pending
 * children and callbacks.
 *
 * @internal
 */
export interface PendingWork {
  readonly memo: Readonly<Record<string, unknown>>
  readonly pendingActivities: ReadonlyArray<PendingActivity>
  readonly pendingChildren: ReadonlyArray<PendingChildWorkflow>
  readonly callbacks: ReadonlyArray<WorkflowCallback>
}

/**
 * The decoded parts of a `DescribeWorkflowExecutionResponse`.
 *
 * @internal
 */
export const decodePendingWork = (
  converter: Converter,
  response: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse
): Decoded<PendingWork> =>
  Effect.gen(function*() {
    const memo: Record<string, unknown> = {}
    for (const [key, payload] of Object.entries(response.workflowExecutionInfo?.memo?.fields ?? {})) {
      memo[key] = yield* converter.fromPayload(payload)
    }
    return {
      memo,
      pendingActivities: yield* Effect.forEach(response.pendingActivities ?? [], (info) =>
        pendingActivity(converter, info)),
      pendingChildren: (response.pendingChildren ?? []).map(pendingChild),
      callbacks: yield* Effect.forEach(response.callbacks ?? [], (info) =>
        callback(converter, info))
    }
  })
