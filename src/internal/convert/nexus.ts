/**
 * Standalone Nexus operations ⇄ protos: list items, descriptions and counts
 * read back, and the enum numbers of the start request.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import {
  NexusOperationExecution,
  NexusOperationExecutionCount,
  NexusOperationExecutionDescription,
  NexusOperationIdConflictPolicy,
  NexusOperationIdReusePolicy,
  NexusOperationState,
  NexusOperationStatus
} from "../../schema/NexusOperationExecution.js"
import type {
  DataConverterError,
  ExternalStorageError,
  PayloadCodecError,
  SchemaDecodeError
} from "../../schema/TemporalError.js"
import { WorkflowExecutionCountGroup } from "../../schema/WorkflowExecution.js"
import type { DataConverter } from "../../services/DataConverter.js"
import * as Enums from "../proto/enums.js"
import { durationFromProto, int64ToNumber, makeEnumConverter, timestampFromProto } from "./common.js"
import { positiveDuration, sharedExecutionFields } from "./executionInfo.js"
import { decodeSearchAttributeValue, decodeText } from "./workflow.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** `NexusOperationIdReusePolicy` ⇄ `temporal.api.enums.v1.NexusOperationIdReusePolicy`. @internal */
export const NexusOperationIdReusePolicyProto = makeEnumConverter(
  Enums.NexusOperationIdReusePolicy,
  NexusOperationIdReusePolicy.literals
)

/** `NexusOperationIdConflictPolicy` ⇄ `temporal.api.enums.v1.NexusOperationIdConflictPolicy`. @internal */
export const NexusOperationIdConflictPolicyProto = makeEnumConverter(
  Enums.NexusOperationIdConflictPolicy,
  NexusOperationIdConflictPolicy.literals
)

/** `NexusOperationStatus` ⇄ `temporal.api.enums.v1.NexusOperationExecutionStatus`. @internal */
const NexusOperationStatusProto = makeEnumConverter(Enums.NexusOperationExecutionStatus, NexusOperationStatus.literals)

/** `NexusOperationState` ⇄ `temporal.api.enums.v1.PendingNexusOperationState`. @internal */
const NexusOperationStateProto = makeEnumConverter(Enums.PendingNexusOperationState, NexusOperationState.literals)

/** The fields a list item and a description share. */
const listFields = (
  info: temporal.api.nexus.v1.INexusOperationExecutionListInfo | temporal.api.nexus.v1.INexusOperationExecutionInfo,
  namespace: string
) => {
  const fields: Mutable<Omit<ConstructorParameters<typeof NexusOperationExecution>[0], "rawListInfo">> = {
    operationId: info.operationId ?? "",
    runId: info.runId ?? "",
    endpoint: info.endpoint ?? "",
    service: info.service ?? "",
    operation: info.operation ?? "",
    ...sharedExecutionFields(info),
    namespace
  }
  const status = NexusOperationStatusProto.fromProto(info.status)
  if (status !== undefined) fields.status = status
  return fields
}

/**
 * A `NexusOperationExecution` from a list item.
 *
 * @internal
 */
export const nexusOperationFromProto = (
  info: temporal.api.nexus.v1.INexusOperationExecutionListInfo,
  namespace: string
): NexusOperationExecution =>
  new NexusOperationExecution({ ...listFields(info, namespace), rawListInfo: info }, { disableChecks: true })

/**
 * A `NexusOperationExecutionCount` from a `CountNexusOperationExecutionsResponse`.
 *
 * @internal
 */
export const nexusOperationCountFromProto = (
  response: temporal.api.workflowservice.v1.ICountNexusOperationExecutionsResponse
): NexusOperationExecutionCount =>
  new NexusOperationExecutionCount({
    count: int64ToNumber(response.count),
    groups: (response.groups ?? []).map((group) =>
      new WorkflowExecutionCountGroup({
        groupValues: (group.groupValues ?? []).map(decodeSearchAttributeValue),
        count: int64ToNumber(group.count)
      })
    )
  })

/**
 * A `NexusOperationExecutionDescription` from a
 * `DescribeNexusOperationExecutionResponse`, decoding the payloads it
 * includes with the operation's Schemas.
 *
 * @internal
 */
export const decodeNexusOperationDescription = (
  converter: DataConverter.Service,
  response: temporal.api.workflowservice.v1.IDescribeNexusOperationExecutionResponse,
  namespace: string,
  schemas: { readonly input: Schema.Codec<unknown, unknown>; readonly output: Schema.Codec<unknown, unknown> }
): Effect.Effect<
  NexusOperationExecutionDescription,
  DataConverterError | PayloadCodecError | SchemaDecodeError | ExternalStorageError
> =>
  Effect.gen(function*() {
    const info = response.info ?? {}
    const fields: Mutable<ConstructorParameters<typeof NexusOperationExecutionDescription>[0]> = {
      ...listFields(info, namespace),
      rawListInfo: info,
      attempt: info.attempt ?? 0,
      headers: { ...info.nexusHeader },
      rawDescription: response
    }
    const state = NexusOperationStateProto.fromProto(info.state)
    if (state !== undefined) fields.state = state
    for (const key of ["scheduleToCloseTimeout", "scheduleToStartTimeout", "startToCloseTimeout"] as const) {
      const value = positiveDuration(durationFromProto(info[key]))
      if (value !== undefined) fields[key] = value
    }
    for (const key of ["expirationTime", "lastAttemptCompleteTime", "nextAttemptScheduleTime"] as const) {
      const value = timestampFromProto(info[key])
      if (value !== undefined) fields[key] = value
    }
    if (info.lastAttemptFailure) fields.lastAttemptFailure = yield* converter.fromFailure(info.lastAttemptFailure)
    if (info.blockedReason) fields.blockedReason = info.blockedReason
    if (info.requestId) fields.requestId = info.requestId
    if (info.operationToken) fields.operationToken = info.operationToken
    if (info.identity) fields.identity = info.identity
    const summary = yield* decodeText(converter, info.userMetadata?.summary)
    if (summary !== undefined) fields.summary = summary
    const cancellation = info.cancellationInfo
    if (cancellation) {
      const requested = timestampFromProto(cancellation.requestedTime)
      if (requested !== undefined) fields.cancelRequestedTime = requested
      if (cancellation.reason) fields.cancelReason = cancellation.reason
    }
    if (response.input) fields.input = yield* converter.fromPayload(response.input, schemas.input)
    if (response.result) fields.result = yield* converter.fromPayload(response.result, schemas.output)
    if (response.failure) fields.outcomeFailure = yield* converter.fromFailure(response.failure)
    if (response.longPollToken && response.longPollToken.length > 0) fields.longPollToken = response.longPollToken
    return new NexusOperationExecutionDescription(fields, { disableChecks: true })
  })
