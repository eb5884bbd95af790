/**
 * What the server says about standalone Nexus operation executions: list
 * items (`NexusOperationExecution`), descriptions
 * (`NexusOperationExecutionDescription`) and counts, plus the enums they
 * use.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Schema from "effect/Schema"
import { ProtoMessage } from "./Common/protoMessage.js"
import { TemporalFailure } from "./Failure.js"
import { TypedSearchAttributes, WorkflowExecutionCountGroup } from "./WorkflowExecution.js"

/**
 * The status of a Nexus operation execution.
 *
 * @since 1.0.0
 * @category enums
 */
export const NexusOperationStatus = Schema.Literals([
  "Running",
  "Completed",
  "Failed",
  "Canceled",
  "Terminated",
  "TimedOut"
]).annotate({ identifier: "NexusOperationStatus" })

/**
 * @since 1.0.0
 * @category enums
 */
export type NexusOperationStatus = typeof NexusOperationStatus.Type

/**
 * Where a running Nexus operation is: `Scheduled` (its start request is
 * waiting to be sent), `BackingOff` (waiting to retry the start),
 * `Started` (the handler started it asynchronously), `Blocked` (the
 * server will not send the request, e.g. the endpoint is gone).
 *
 * @since 1.0.0
 * @category enums
 */
export const NexusOperationState = Schema.Literals(["Scheduled", "BackingOff", "Started", "Blocked"]).annotate({
  identifier: "NexusOperationState"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type NexusOperationState = typeof NexusOperationState.Type

export {
  /** @since 1.0.0 */
  StandaloneIdConflictPolicy as NexusOperationIdConflictPolicy,
  /** @since 1.0.0 */
  StandaloneIdReusePolicy as NexusOperationIdReusePolicy
} from "./Common/enums.js"

/**
 * Schema of the raw `temporal.api.nexus.v1.NexusOperationExecutionListInfo` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawNexusOperationListInfo: Schema.Codec<temporal.api.nexus.v1.INexusOperationExecutionListInfo> =
  ProtoMessage("temporal.api.nexus.v1.NexusOperationExecutionListInfo")

/**
 * Schema of the raw `DescribeNexusOperationExecutionResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeNexusOperationResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeNexusOperationExecutionResponse
> = ProtoMessage("temporal.api.workflowservice.v1.DescribeNexusOperationExecutionResponse")

/**
 * A standalone Nexus operation execution as listed.
 *
 * @since 1.0.0
 * @category models
 */
export class NexusOperationExecution
  extends Schema.Class<NexusOperationExecution>("effect-temporal/NexusOperationExecution")({
    /** The operation ID. */
    operationId: Schema.String,
    /** The run ID. */
    runId: Schema.String,
    /** The endpoint it was sent to. */
    endpoint: Schema.String,
    /** The service name. */
    service: Schema.String,
    /** The operation name. */
    operation: Schema.String,
    /** The status (absent when the server sends one this client does not know). */
    status: Schema.optional(NexusOperationStatus),
    /** When it was scheduled. */
    scheduleTime: Schema.optional(Schema.Date),
    /** When it closed; absent while running. */
    closeTime: Schema.optional(Schema.Date),
    /** How long it ran, once closed. */
    executionDuration: Schema.optional(Schema.Duration),
    /** State transitions so far. */
    stateTransitionCount: Schema.Number,
    /** Size of its state in bytes. */
    stateSizeBytes: Schema.Number,
    /** Search attributes, decoded to plain values. */
    searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
    /** Search attributes with a known type, as a typed collection. */
    typedSearchAttributes: TypedSearchAttributes,
    /** The namespace. */
    namespace: Schema.String,
    /** The raw `NexusOperationExecutionListInfo` message. */
    rawListInfo: RawNexusOperationListInfo
  })
{}

/**
 * A description of a standalone Nexus operation: the listing fields, its
 * state and attempts, its timeouts, and, when asked for, its decoded input
 * and outcome.
 *
 * @since 1.0.0
 * @category models
 */
export class NexusOperationExecutionDescription
  extends NexusOperationExecution.extend<NexusOperationExecutionDescription>(
    "effect-temporal/NexusOperationExecutionDescription"
  )({
    /** Where a running operation is. */
    state: Schema.optional(NexusOperationState),
    /** Limit on the whole operation, retries included. */
    scheduleToCloseTimeout: Schema.optional(Schema.Duration),
    /** Limit on the wait for the handler to start it. */
    scheduleToStartTimeout: Schema.optional(Schema.Duration),
    /** Limit on an asynchronous operation once started. */
    startToCloseTimeout: Schema.optional(Schema.Duration),
    /** The current attempt to start it, from 1. */
    attempt: Schema.Number,
    /** When the schedule-to-close timeout expires. */
    expirationTime: Schema.optional(Schema.Date),
    /** When the last attempt ended. */
    lastAttemptCompleteTime: Schema.optional(Schema.Date),
    /** The last attempt's failure. */
    lastAttemptFailure: Schema.optional(TemporalFailure),
    /** When the next attempt is scheduled, while backing off. */
    nextAttemptScheduleTime: Schema.optional(Schema.Date),
    /** Why the server will not send the request, when `Blocked`. */
    blockedReason: Schema.optional(Schema.String),
    /** The request ID of the start. */
    requestId: Schema.optional(Schema.String),
    /** The token an asynchronous handler answered with. */
    operationToken: Schema.optional(Schema.String),
    /** The Nexus headers it was started with. */
    headers: Schema.Record(Schema.String, Schema.String),
    /** The summary given at start, decoded (when it is text). */
    summary: Schema.optional(Schema.String),
    /** The identity of the client that started it. */
    identity: Schema.optional(Schema.String),
    /** When cancellation was requested, if it was. */
    cancelRequestedTime: Schema.optional(Schema.Date),
    /** The reason given with the cancellation request. */
    cancelReason: Schema.optional(Schema.String),
    /** The input, decoded by the operation's Schema (with `includeInput`). */
    input: Schema.optional(Schema.Unknown),
    /** The output, decoded by the operation's Schema (with `includeOutcome`, once completed). */
    result: Schema.optional(Schema.Unknown),
    /** The failure it closed with (with `includeOutcome`, once failed, cancelled, terminated or timed out). */
    outcomeFailure: Schema.optional(TemporalFailure),
    /** The token of a long poll for the next change (`describe({ longPollToken })`). */
    longPollToken: Schema.optional(Schema.Uint8Array),
    /** The raw `DescribeNexusOperationExecutionResponse` message. */
    rawDescription: RawDescribeNexusOperationResponse
  })
{}

/**
 * The result of `countNexusOperations`.
 *
 * @since 1.0.0
 * @category models
 */
export class NexusOperationExecutionCount
  extends Schema.Class<NexusOperationExecutionCount>("effect-temporal/NexusOperationExecutionCount")({
    /** Operations matching the query. */
    count: Schema.Number,
    /** Per group, when the query has `GROUP BY`. */
    groups: Schema.Array(WorkflowExecutionCountGroup)
  })
{}
