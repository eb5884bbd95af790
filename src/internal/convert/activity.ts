/**
 * Standalone activities ⇄ protos: the start request, the options mask, and
 * list items, descriptions, options and counts read back.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import {
  ActivityExecution,
  ActivityExecutionCount,
  ActivityExecutionDescription,
  ActivityExecutionOptions,
  ActivityExecutionStatus,
  ActivityIdConflictPolicy,
  ActivityIdReusePolicy,
  ActivityRunState
} from "../../schema/ActivityExecution.js"
import { type CheckedUpdateActivityOptions, updatableFieldPaths } from "../../schema/ActivityOptions.js"
import type { Payload } from "../../schema/Common.js"
import type {
  DataConverterError,
  ExternalStorageError,
  PayloadCodecError,
  SchemaDecodeError
} from "../../schema/TemporalError.js"
import { WorkflowExecutionCountGroup } from "../../schema/WorkflowExecution.js"
import type { DataConverter } from "../../services/DataConverter.js"
import * as Enums from "../proto/enums.js"
import {
  durationFromProto,
  durationToProto,
  int64ToNumber,
  makeEnumConverter,
  priorityFromProto,
  priorityToProto,
  retryPolicyFromProto,
  retryPolicyToProto,
  timestampFromProto
} from "./common.js"
import { positiveDuration, sharedExecutionFields } from "./executionInfo.js"
import { decodeSearchAttributeValue, decodeText } from "./workflow.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** `ActivityIdReusePolicy` ⇄ `temporal.api.enums.v1.ActivityIdReusePolicy`. @internal */
export const ActivityIdReusePolicyProto = makeEnumConverter(Enums.ActivityIdReusePolicy, ActivityIdReusePolicy.literals)

/** `ActivityIdConflictPolicy` ⇄ `temporal.api.enums.v1.ActivityIdConflictPolicy`. @internal */
export const ActivityIdConflictPolicyProto = makeEnumConverter(
  Enums.ActivityIdConflictPolicy,
  ActivityIdConflictPolicy.literals
)

/** `ActivityExecutionStatus` ⇄ `temporal.api.enums.v1.ActivityExecutionStatus`. @internal */
export const ActivityExecutionStatusProto = makeEnumConverter(
  Enums.ActivityExecutionStatus,
  ActivityExecutionStatus.literals
)

/** `ActivityRunState` ⇄ `temporal.api.enums.v1.PendingActivityState`. @internal */
export const ActivityRunStateProto = makeEnumConverter(Enums.PendingActivityState, ActivityRunState.literals)

const enumValue = (value: number | string | null | undefined, table: object): number | undefined =>
  typeof value === "string" ? (table as Record<string, number | undefined>)[value] : value ?? undefined

/** The fields a list item and a description share. */
const listFields = (
  info: temporal.api.activity.v1.IActivityExecutionListInfo | temporal.api.activity.v1.IActivityExecutionInfo,
  namespace: string
) => {
  const fields: Mutable<Omit<ConstructorParameters<typeof ActivityExecution>[0], "rawListInfo">> = {
    activityId: info.activityId ?? "",
    runId: info.runId ?? "",
    activityType: info.activityType?.name ?? "",
    taskQueue: info.taskQueue ?? "",
    ...sharedExecutionFields(info),
    namespace
  }
  const status = ActivityExecutionStatusProto.fromProto(info.status)
  if (status !== undefined) fields.status = status
  const executionTime = timestampFromProto(info.executionTime)
  if (executionTime !== undefined) fields.executionTime = executionTime
  return fields
}

/**
 * An `ActivityExecution` from a list item.
 *
 * @internal
 */
export const activityExecutionFromProto = (
  info: temporal.api.activity.v1.IActivityExecutionListInfo,
  namespace: string
): ActivityExecution =>
  // Built from a decoded proto: the fields are right by construction.
  new ActivityExecution({ ...listFields(info, namespace), rawListInfo: info }, { disableChecks: true })

/**
 * The options an activity runs with, from an `ActivityOptions` message or
 * an execution's info (zero durations, meaning "none", left out).
 *
 * @internal
 */
export const activityOptionsFromProto = (
  proto: temporal.api.activity.v1.IActivityOptions | temporal.api.activity.v1.IActivityExecutionInfo | null | undefined
): ActivityExecutionOptions => {
  const fields: Mutable<ConstructorParameters<typeof ActivityExecutionOptions>[0]> = {}
  const taskQueue = proto?.taskQueue
  const taskQueueName = typeof taskQueue === "string" ? taskQueue : taskQueue?.name
  if (taskQueueName) fields.taskQueue = taskQueueName
  const durations = [
    "scheduleToCloseTimeout",
    "scheduleToStartTimeout",
    "startToCloseTimeout",
    "heartbeatTimeout",
    "startDelay"
  ] as const
  for (const key of durations) {
    const value = positiveDuration(durationFromProto(proto?.[key]))
    if (value !== undefined) fields[key] = value
  }
  const retryPolicy = retryPolicyFromProto(proto?.retryPolicy)
  if (retryPolicy !== undefined) fields.retryPolicy = retryPolicy
  const priority = priorityFromProto(proto?.priority)
  if (priority !== undefined && Object.keys(priority).length > 0) fields.priority = priority
  return new ActivityExecutionOptions(fields, { disableChecks: true })
}

/**
 * The `ActivityOptions` message and field mask of an options update: only
 * the options given.
 *
 * @internal
 */
export const activityOptionsUpdateToProto = (
  options: CheckedUpdateActivityOptions
): { readonly activityOptions: temporal.api.activity.v1.IActivityOptions; readonly paths: Array<string> } => {
  const activityOptions: temporal.api.activity.v1.IActivityOptions = {}
  const paths: Array<string> = []
  for (const key of Object.keys(updatableFieldPaths) as Array<keyof typeof updatableFieldPaths>) {
    const value = options[key]
    if (value === undefined) continue
    paths.push(updatableFieldPaths[key])
    switch (key) {
      case "taskQueue":
        activityOptions.taskQueue = { name: options.taskQueue! }
        break
      case "retryPolicy":
        activityOptions.retryPolicy = retryPolicyToProto(options.retryPolicy!)
        break
      case "priority":
        activityOptions.priority = priorityToProto(options.priority!)
        break
      default:
        activityOptions[key] = durationToProto(options[key]!)
    }
  }
  return { activityOptions, paths }
}

/**
 * An `ActivityExecutionCount` from a `CountActivityExecutionsResponse`.
 *
 * @internal
 */
export const activityExecutionCountFromProto = (
  response: temporal.api.workflowservice.v1.ICountActivityExecutionsResponse
): ActivityExecutionCount =>
  new ActivityExecutionCount({
    count: int64ToNumber(response.count),
    groups: (response.groups ?? []).map((group) =>
      new WorkflowExecutionCountGroup({
        groupValues: (group.groupValues ?? []).map(decodeSearchAttributeValue),
        count: int64ToNumber(group.count)
      })
    )
  })

/**
 * How to decode a description's payloads: the definition's Schemas.
 *
 * @internal
 */
export interface DescriptionSchemas {
  readonly result: Schema.Codec<unknown, unknown>
  /** The first heartbeat detail's Schema (the rest are decoded as they are). */
  readonly heartbeatDetails: Schema.Codec<unknown, unknown>
}

const payloadsOf = (payloads: temporal.api.common.v1.IPayloads | null | undefined): Array<Payload> | undefined =>
  payloads?.payloads && payloads.payloads.length > 0 ? payloads.payloads : undefined

/**
 * An `ActivityExecutionDescription` from a `DescribeActivityExecutionResponse`,
 * decoding the payloads it includes with the data converter.
 *
 * @internal
 */
export const decodeActivityDescription = (
  converter: DataConverter.Service,
  response: temporal.api.workflowservice.v1.IDescribeActivityExecutionResponse,
  namespace: string,
  schemas: DescriptionSchemas
): Effect.Effect<
  ActivityExecutionDescription,
  DataConverterError | PayloadCodecError | SchemaDecodeError | ExternalStorageError
> =>
  Effect.gen(function*() {
    const info = response.info ?? {}
    const fields: Mutable<ConstructorParameters<typeof ActivityExecutionDescription>[0]> = {
      ...listFields(info, namespace),
      rawListInfo: info,
      options: activityOptionsFromProto(info),
      attempt: info.attempt ?? 0,
      totalHeartbeatCount: int64ToNumber(info.totalHeartbeatCount),
      rawDescription: response
    }
    const runState = ActivityRunStateProto.fromProto(info.runState)
    if (runState !== undefined) fields.runState = runState
    const times = [
      "lastHeartbeatTime",
      "lastStartedTime",
      "lastAttemptCompleteTime",
      "nextAttemptScheduleTime",
      "expirationTime"
    ] as const
    for (const key of times) {
      const value = timestampFromProto(info[key])
      if (value !== undefined) fields[key] = value
    }
    const retryInterval = positiveDuration(durationFromProto(info.currentRetryInterval))
    if (retryInterval !== undefined) fields.currentRetryInterval = retryInterval
    if (info.lastWorkerIdentity) fields.lastWorkerIdentity = info.lastWorkerIdentity
    if (info.lastDeploymentVersion?.buildId) {
      fields.lastDeploymentVersion = {
        deploymentName: info.lastDeploymentVersion.deploymentName ?? "",
        buildId: info.lastDeploymentVersion.buildId
      }
    }
    if (info.canceledReason) fields.canceledReason = info.canceledReason
    if (info.sdkName) fields.sdkName = info.sdkName
    if (info.sdkVersion) fields.sdkVersion = info.sdkVersion
    const summary = yield* decodeText(converter, info.userMetadata?.summary)
    if (summary !== undefined) fields.summary = summary
    const input = payloadsOf(response.input)
    if (input !== undefined) fields.input = yield* converter.fromPayloads(input)
    const outcome = response.outcome
    const result = payloadsOf(outcome?.result)
    if (result !== undefined) fields.result = yield* converter.fromPayload(result[0]!, schemas.result)
    if (outcome?.failure) fields.outcomeFailure = yield* converter.fromFailure(outcome.failure)
    if (outcome && (outcome.result || outcome.failure)) {
      fields.retryState = Enums.nameOf(
        Enums.RetryState,
        enumValue(outcome.retryState, Enums.RetryState),
        "RETRY_STATE_UNSPECIFIED"
      )
    }
    const details = payloadsOf(info.heartbeatDetails)
    if (details !== undefined) {
      fields.rawHeartbeatDetails = details
      const [first, ...rest] = details
      fields.heartbeatDetails = [
        yield* converter.fromPayload(first!, schemas.heartbeatDetails),
        ...(yield* converter.fromPayloads(rest))
      ]
    }
    if (info.lastFailure) fields.lastFailure = yield* converter.fromFailure(info.lastFailure)
    if (response.longPollToken && response.longPollToken.length > 0) fields.longPollToken = response.longPollToken
    return new ActivityExecutionDescription(fields, { disableChecks: true })
  })
