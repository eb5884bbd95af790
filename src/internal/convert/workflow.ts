/**
 * Pure conversions for the workflow client: validated start options plus
 * already-encoded payloads → `StartWorkflowExecutionRequest` /
 * `SignalWithStartWorkflowExecutionRequest`, and the server's execution
 * messages → `WorkflowExecution`, `WorkflowExecutionDescription`,
 * `WorkflowExecutionCount`.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { Mutable } from "effect/Types"
import type { Payload } from "../../schema/Common.js"
import type { DataConverterError, ExternalStorageError, PayloadCodecError } from "../../schema/TemporalError.js"
import {
  WorkflowExecution,
  WorkflowExecutionCount,
  WorkflowExecutionCountGroup,
  WorkflowExecutionDescription
} from "../../schema/WorkflowExecution.js"
import type { ValidatedStartWorkflowOptions } from "../../schema/WorkflowOptions.js"
import type { DataConverter } from "../../services/DataConverter.js"
import {
  durationFromProto,
  durationToProto,
  int64ToNumber,
  payloadMapFromProto,
  payloadsToProto,
  priorityToProto,
  retryPolicyToProto,
  timestampFromProto,
  versioningOverrideToProto,
  WorkflowExecutionStatusProto,
  WorkflowIdConflictPolicyProto,
  WorkflowIdReusePolicyProto
} from "./common.js"
import { decodePendingWork, type PendingWork } from "./pendingWork.js"
import * as SearchAttributesConvert from "./searchAttributes.js"
import { trusted } from "./trusted.js"

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest
type SignalWithStartRequest = temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest

// -----------------------------------------------------------------------------
// requests
// -----------------------------------------------------------------------------

/**
 * What a start request is made of: the validated options and everything the
 * data converter has already encoded.
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export interface StartWorkflowRequestInput {
  /** The client's namespace. */
  readonly namespace: string
  /** The client's identity. */
  readonly identity: string
  /** The request ID made once for this logical call (used when the options give none). */
  readonly requestId: string
  /** The workflow type name. */
  readonly workflowType: string
  /** The options, after `validateStartWorkflowOptions`. */
  readonly options: ValidatedStartWorkflowOptions
  /** The encoded workflow arguments (left out of the request when empty, as the Python SDK does). */
  readonly input?: ReadonlyArray<Payload> | undefined
  /** The encoded memo. */
  readonly memo?: Readonly<Record<string, Payload>> | undefined
  /** The encoded search attributes. */
  readonly searchAttributes?: Readonly<Record<string, Payload>> | undefined
  /** The header fields (after interceptors); `options.headers` when absent. */
  readonly header?: Readonly<Record<string, Payload>> | undefined
  /** The encoded static summary. */
  readonly staticSummary?: Payload | undefined
  /** The encoded static details. */
  readonly staticDetails?: Payload | undefined
}

/**
 * What a signal-with-start request is made of.
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export interface SignalWithStartRequestInput extends StartWorkflowRequestInput {
  /** The signal to send. */
  readonly signalName: string
  /** The encoded signal arguments. */
  readonly signalInput?: ReadonlyArray<Payload> | undefined
}

type CommonStartFields = Pick<
  StartRequest,
  | "namespace"
  | "workflowId"
  | "workflowType"
  | "taskQueue"
  | "input"
  | "workflowExecutionTimeout"
  | "workflowRunTimeout"
  | "workflowTaskTimeout"
  | "identity"
  | "requestId"
  | "workflowIdReusePolicy"
  | "workflowIdConflictPolicy"
  | "retryPolicy"
  | "cronSchedule"
  | "memo"
  | "searchAttributes"
  | "header"
  | "workflowStartDelay"
  | "userMetadata"
  | "versioningOverride"
  | "priority"
>

const commonStartFields = (input: StartWorkflowRequestInput): CommonStartFields => {
  const { options } = input
  const out: CommonStartFields = {
    namespace: input.namespace,
    workflowId: options.id,
    workflowType: { name: input.workflowType },
    taskQueue: { name: options.taskQueue },
    identity: input.identity,
    requestId: options.requestId ?? input.requestId
  }
  if (input.input !== undefined && input.input.length > 0) out.input = payloadsToProto(input.input)
  if (options.executionTimeout !== undefined) {
    out.workflowExecutionTimeout = durationToProto(options.executionTimeout)
  }
  if (options.runTimeout !== undefined) out.workflowRunTimeout = durationToProto(options.runTimeout)
  if (options.taskTimeout !== undefined) out.workflowTaskTimeout = durationToProto(options.taskTimeout)
  if (options.idReusePolicy !== undefined) {
    out.workflowIdReusePolicy = WorkflowIdReusePolicyProto.toProto(options.idReusePolicy)
  }
  if (options.idConflictPolicy !== undefined) {
    out.workflowIdConflictPolicy = WorkflowIdConflictPolicyProto.toProto(options.idConflictPolicy)
  }
  if (options.retryPolicy !== undefined) out.retryPolicy = retryPolicyToProto(options.retryPolicy)
  if (options.cronSchedule !== undefined) out.cronSchedule = options.cronSchedule
  if (input.memo !== undefined) out.memo = { fields: { ...input.memo } }
  if (input.searchAttributes !== undefined) out.searchAttributes = { indexedFields: { ...input.searchAttributes } }
  const header = input.header ?? options.headers
  if (header !== undefined) out.header = { fields: { ...header } }
  if (options.startDelay !== undefined) out.workflowStartDelay = durationToProto(options.startDelay)
  if (input.staticSummary !== undefined || input.staticDetails !== undefined) {
    const userMetadata: temporal.api.sdk.v1.IUserMetadata = {}
    if (input.staticSummary !== undefined) userMetadata.summary = input.staticSummary
    if (input.staticDetails !== undefined) userMetadata.details = input.staticDetails
    out.userMetadata = userMetadata
  }
  if (options.versioningOverride !== undefined) {
    out.versioningOverride = versioningOverrideToProto(options.versioningOverride)
  }
  if (options.priority !== undefined) out.priority = priorityToProto(options.priority)
  return out
}

/**
 * A `StartWorkflowExecutionRequest` (also the start operation of
 * update-with-start).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const toStartWorkflowExecutionRequest = (input: StartWorkflowRequestInput): StartRequest =>
  // `requestEagerStart` is never forwarded (`requestEagerExecution` stays
  // unset, i.e. false): the server would hand the first workflow task back in
  // the response, to a worker in this process, and this library has none;
  // the task would wait out its timeout.
  commonStartFields(input)

/**
 * A `SignalWithStartWorkflowExecutionRequest`.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const toSignalWithStartWorkflowExecutionRequest = (
  input: SignalWithStartRequestInput
): SignalWithStartRequest => {
  const request: SignalWithStartRequest = { ...commonStartFields(input), signalName: input.signalName }
  if (input.signalInput !== undefined && input.signalInput.length > 0) {
    request.signalInput = payloadsToProto(input.signalInput)
  }
  return request
}

// -----------------------------------------------------------------------------
// executions
// -----------------------------------------------------------------------------

/** What `new WorkflowExecutionDescription(...)` takes. */
type DescriptionFields = ConstructorParameters<typeof WorkflowExecutionDescription>[0]

/**
 * The constructor fields of a `WorkflowExecution`.
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export type WorkflowExecutionFields = ConstructorParameters<typeof WorkflowExecution>[0]

/**
 * The fields of a `WorkflowExecution` from a `WorkflowExecutionInfo`
 * message; int64 values become numbers, timestamps `Date`s, search attributes
 * are decoded (plain and typed), memo values stay raw payloads.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const workflowExecutionFieldsFromProto = (
  info: temporal.api.workflow.v1.IWorkflowExecutionInfo,
  namespace: string
): WorkflowExecutionFields => {
  const rawSearchAttributes = payloadMapFromProto(info.searchAttributes?.indexedFields)
  const fields: Mutable<WorkflowExecutionFields> = {
    id: info.execution?.workflowId ?? "",
    runId: info.execution?.runId ?? "",
    workflowType: info.type?.name ?? "",
    taskQueue: info.taskQueue ?? "",
    startTime: timestampFromProto(info.startTime) ?? new Date(0),
    historyLength: int64ToNumber(info.historyLength),
    historySizeBytes: int64ToNumber(info.historySizeBytes),
    namespace,
    searchAttributes: SearchAttributesConvert.decodeUntyped(rawSearchAttributes),
    typedSearchAttributes: SearchAttributesConvert.decode(rawSearchAttributes),
    rawSearchAttributes,
    rawMemo: payloadMapFromProto(info.memo?.fields),
    rawInfo: info
  }
  const status = WorkflowExecutionStatusProto.fromProto(info.status)
  if (status !== undefined) fields.status = status
  const executionTime = timestampFromProto(info.executionTime)
  if (executionTime !== undefined) fields.executionTime = executionTime
  const closeTime = timestampFromProto(info.closeTime)
  if (closeTime !== undefined) fields.closeTime = closeTime
  if (info.parentExecution?.workflowId) fields.parentId = info.parentExecution.workflowId
  if (info.parentExecution?.runId) fields.parentRunId = info.parentExecution.runId
  if (info.rootExecution?.workflowId) fields.rootId = info.rootExecution.workflowId
  if (info.rootExecution?.runId) fields.rootRunId = info.rootExecution.runId
  if (info.firstRunId) fields.firstRunId = info.firstRunId
  return fields
}

/**
 * A `WorkflowExecution` from a `WorkflowExecutionInfo` message (a list item).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const workflowExecutionFromProto = (
  info: temporal.api.workflow.v1.IWorkflowExecutionInfo,
  namespace: string
): WorkflowExecution =>
  // Built from a decoded proto: the fields are right by construction, so skip the Schema parse.
  trusted(WorkflowExecution, workflowExecutionFieldsFromProto(info, namespace))

/**
 * Static summary and details, decoded.
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export interface DecodedUserMetadata {
  readonly staticSummary?: string | undefined
  readonly staticDetails?: string | undefined
}

const positive = (d: Duration.Duration | undefined): Duration.Duration | undefined =>
  d === undefined || Duration.isZero(d) ? undefined : d

/**
 * A `WorkflowExecutionDescription` from a `DescribeWorkflowExecutionResponse`
 * (zero timeouts, which mean "none", are left out), with the static summary
 * and details already decoded by the caller when there are any.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const workflowExecutionDescriptionFromProto = (
  response: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse,
  namespace: string,
  userMetadata: DecodedUserMetadata = {},
  pendingWork: PendingWork = { memo: {}, pendingActivities: [], pendingChildren: [], callbacks: [] }
): WorkflowExecutionDescription => {
  // One object from the list item's fields on, grown by named assignments (see `trusted`).
  const fields: Mutable<WorkflowExecutionFields> & Partial<Mutable<DescriptionFields>> =
    workflowExecutionFieldsFromProto(response.workflowExecutionInfo ?? {}, namespace)
  const config = response.executionConfig
  fields.memo = pendingWork.memo
  fields.pendingActivities = pendingWork.pendingActivities
  fields.pendingChildren = pendingWork.pendingChildren
  fields.callbacks = pendingWork.callbacks
  fields.pendingActivityCount = response.pendingActivities?.length ?? 0
  fields.pendingChildrenCount = response.pendingChildren?.length ?? 0
  fields.pendingNexusOperationCount = response.pendingNexusOperations?.length ?? 0
  fields.rawDescription = response
  const executionTimeout = positive(durationFromProto(config?.workflowExecutionTimeout))
  if (executionTimeout !== undefined) fields.executionTimeout = executionTimeout
  const runTimeout = positive(durationFromProto(config?.workflowRunTimeout))
  if (runTimeout !== undefined) fields.runTimeout = runTimeout
  const taskTimeout = positive(durationFromProto(config?.defaultWorkflowTaskTimeout))
  if (taskTimeout !== undefined) fields.taskTimeout = taskTimeout
  const summary = config?.userMetadata?.summary
  if (summary !== null && summary !== undefined) fields.rawStaticSummary = summary
  const details = config?.userMetadata?.details
  if (details !== null && details !== undefined) fields.rawStaticDetails = details
  if (userMetadata.staticSummary !== undefined) fields.staticSummary = userMetadata.staticSummary
  if (userMetadata.staticDetails !== undefined) fields.staticDetails = userMetadata.staticDetails
  return trusted(WorkflowExecutionDescription, fields as DescriptionFields)
}

/**
 * A text payload (a summary or details) decoded; `undefined` when absent or not text.
 *
 * @internal
 */
export const decodeText = (
  converter: Pick<DataConverter.Service, "fromPayload">,
  payload: Payload | null | undefined
): Effect.Effect<string | undefined, DataConverterError | PayloadCodecError | ExternalStorageError> =>
  payload === null || payload === undefined
    ? Effect.succeed(undefined)
    : Effect.map(converter.fromPayload(payload), (value) => (typeof value === "string" ? value : undefined))

/**
 * A `WorkflowExecutionDescription` from a `DescribeWorkflowExecutionResponse`,
 * decoding the static summary and details with the data converter.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const decodeDescription = (
  converter: Pick<DataConverter.Service, "fromPayload" | "fromPayloads" | "fromFailure">,
  response: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse,
  namespace: string
): Effect.Effect<
  WorkflowExecutionDescription,
  DataConverterError | PayloadCodecError | ExternalStorageError
> =>
  Effect.gen(function*() {
    const metadata = response.executionConfig?.userMetadata
    const staticSummary = yield* decodeText(converter, metadata?.summary)
    const staticDetails = yield* decodeText(converter, metadata?.details)
    const decoded: Mutable<DecodedUserMetadata> = {}
    if (staticSummary !== undefined) decoded.staticSummary = staticSummary
    if (staticDetails !== undefined) decoded.staticDetails = staticDetails
    return workflowExecutionDescriptionFromProto(
      response,
      namespace,
      decoded,
      yield* decodePendingWork(converter, response)
    )
  })

/**
 * One search attribute value (as in a `GROUP BY` group) decoded to a plain
 * value; `undefined` when it is not JSON.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const decodeSearchAttributeValue = (payload: Payload): unknown =>
  SearchAttributesConvert.decodeUntyped({ value: payload })["value"]

/**
 * A `WorkflowExecutionCount` from a `CountWorkflowExecutionsResponse`.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const workflowExecutionCountFromProto = (
  response: temporal.api.workflowservice.v1.ICountWorkflowExecutionsResponse
): WorkflowExecutionCount =>
  new WorkflowExecutionCount({
    count: int64ToNumber(response.count),
    groups: (response.groups ?? []).map((group) =>
      new WorkflowExecutionCountGroup({
        groupValues: (group.groupValues ?? []).map(decodeSearchAttributeValue),
        count: int64ToNumber(group.count)
      })
    )
  })
