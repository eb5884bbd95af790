/**
 * The in-memory Temporal's view of the wire protocol: enum values, times,
 * the status names of runs and the NOT_FOUND answers as the server words
 * them.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import { ApplicationFailure } from "../../schema/Failure.js"
import type { WorkflowServiceClient } from "../../services/Connection.js"
import * as FakeConnection from "../../testing/FakeConnection.js"
import { root } from "../proto/root.js"

/** A payload on the wire. */
export type Payload = temporal.api.common.v1.IPayload
/** A history event on the wire. */
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent
/** A history event before the server numbers and dates it. */
export type NewEvent = Omit<HistoryEvent, "eventId" | "eventTime">
/** A start request (also the start part of signal-with-start and of a schedule's action). */
export type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest
/** The handlers of the workflow service. */
export type Handlers = FakeConnection.FakeHandlers<WorkflowServiceClient>
/** The response (fields) of workflow service RPC `K`. */
export type ResponseOf<K extends keyof temporal.api.workflowservice.v1.WorkflowService> = FakeConnection.ResponseInit<
  Awaited<
    ReturnType<Extract<temporal.api.workflowservice.v1.WorkflowService[K], (...args: ReadonlyArray<never>) => unknown>>
  >
>
/** A proto message built field by field. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The values of a proto enum, by name. */
export const enumValues = (name: string) => root().lookupEnum(name).values as Record<string, number>
/** The value of `EVENT_TYPE_<name>`. */
export const eventType = (name: string) => enumValues("temporal.api.enums.v1.EventType")[`EVENT_TYPE_${name}`] ?? 0

const statusNames = ["Running", "Completed", "Failed", "Canceled", "Terminated", "ContinuedAsNew", "TimedOut"] as const
/** A run's execution status. */
export type Status = typeof statusNames[number]
/** The `WorkflowExecutionStatus` value of a status. */
export const statusNumber = (status: Status) => statusNames.indexOf(status) + 1
/** The `WorkflowIdReusePolicy` values. */
export const reusePolicies = () => enumValues("temporal.api.enums.v1.WorkflowIdReusePolicy")
/** The `WorkflowIdConflictPolicy` values. */
export const conflictPolicies = () => enumValues("temporal.api.enums.v1.WorkflowIdConflictPolicy")
/** The value of an update lifecycle stage. */
export const stage = (name: "ADMITTED" | "ACCEPTED" | "COMPLETED") =>
  enumValues("temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage")[
    `UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_${name}`
  ] ?? 0

/** The longest a long poll waits before answering "nothing yet" (a server uses about 20 s; fewer polls keep `TestClock.adjust` by hours fast). */
export const longPollWindow = Duration.seconds(60)

/** Milliseconds since the epoch as a proto timestamp. */
export const timestamp = (millis: number): NonNullable<HistoryEvent["eventTime"]> =>
  ({ seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 }) as never
/** A proto duration in milliseconds (0 when absent). */
export const durationMillis = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1_000_000) : 0

/** A page token: the offset of the next page, as text. */
export const pageOffset = (token: Uint8Array | null | undefined): number =>
  token && token.length > 0 ? Number(new TextDecoder().decode(token)) : 0
/** The token of the page after `[offset, offset + size)`, when there is one. */
export const nextPageToken = (offset: number, size: number, total: number): Uint8Array | null =>
  offset + size < total ? new TextEncoder().encode(String(offset + size)) : null
/** The page size of a request (1000 when not given). */
export const pageSize = (maximumPageSize: number | null | undefined): number =>
  maximumPageSize && maximumPageSize > 0 ? maximumPageSize : 1000

/** NOT_FOUND for a workflow, as the server words it. */
export const notFound = (workflowId: string, runId?: string | null) =>
  FakeConnection.notFound(
    `workflow execution not found for workflow ID "${workflowId}"${runId ? ` and run ID "${runId}"` : ""}`
  )
/** The answer to a signal, update or termination of a closed workflow. */
export const closedStatus = () => FakeConnection.workflowAlreadyCompleted()

/** A non-retryable `ApplicationFailure` raised by the in-memory server itself. */
export const serverFailure = (message: string, type: string) =>
  new ApplicationFailure({
    message,
    type,
    nonRetryable: true,
    details: [],
    category: "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
    stackTrace: ""
  })
