/**
 * What the in-memory Temporal shows of its runs: describe, history (paged,
 * or the close event by long poll), and list and count with their small
 * query language (`Field = 'value'` joined by `AND`, `GROUP BY
 * ExecutionStatus` for count).
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as FakeConnection from "../../testing/FakeConnection.js"
import { pendingActivityInfo } from "./activities.js"
import {
  enumValues,
  longPollWindow,
  nextPageToken,
  pageOffset,
  pageSize,
  type Status,
  statusNumber,
  timestamp
} from "./protocol.js"
import { findRun, type Run, type Server } from "./state.js"

/** A run as describe and list show it. */
const executionInfo = (run: Run): temporal.api.workflow.v1.IWorkflowExecutionInfo => ({
  execution: { workflowId: run.workflowId, runId: run.runId },
  type: { name: run.workflowType },
  startTime: timestamp(run.startTime),
  executionTime: timestamp(run.startTime),
  ...(run.closeTime !== undefined ? { closeTime: timestamp(run.closeTime) } : {}),
  status: statusNumber(run.status),
  historyLength: run.events.length as never,
  taskQueue: run.taskQueue,
  memo: run.memo ?? null,
  searchAttributes: run.searchAttributes ?? null,
  firstRunId: run.firstExecutionRunId,
  rootExecution: { workflowId: run.workflowId, runId: run.runId }
})

const fieldOf = (run: Run, field: string): string =>
  field === "WorkflowType"
    ? run.workflowType
    : field === "WorkflowId"
    ? run.workflowId
    : field === "ExecutionStatus"
    ? run.status
    : field === "TaskQueue"
    ? run.taskQueue
    : run.runId

/** A list or count query as a predicate on runs (and whether count groups by status). */
const matcher = (query: string) => {
  const text = query.trim()
  if (text === "") return Effect.succeed({ match: (_: Run) => true, groupByStatus: false })
  const [where, groupBy] = text.split(/\s+GROUP\s+BY\s+/i) as [string, string | undefined]
  if (groupBy !== undefined && groupBy.trim() !== "ExecutionStatus") {
    return Effect.fail(
      FakeConnection.status("INVALID_ARGUMENT", `in-memory Temporal: GROUP BY ${groupBy} is not supported`)
    )
  }
  const clauses: Array<(run: Run) => boolean> = []
  for (const clause of where.trim() === "" ? [] : where.split(/\s+AND\s+/i)) {
    const m = /^\s*\(?\s*(WorkflowType|WorkflowId|ExecutionStatus|TaskQueue|RunId)\s*=\s*(['"])(.*)\2\s*\)?\s*$/
      .exec(clause)
    if (m === null) {
      return Effect.fail(
        FakeConnection.status(
          "INVALID_ARGUMENT",
          `in-memory Temporal supports only \`Field = 'value'\` on WorkflowType, WorkflowId, ExecutionStatus, TaskQueue, RunId joined by AND; got: ${clause}`
        )
      )
    }
    const [, field = "", , value] = m
    clauses.push((run) => fieldOf(run, field) === value)
  }
  return Effect.succeed({ match: (run: Run) => clauses.every((c) => c(run)), groupByStatus: groupBy !== undefined })
}

/** `DescribeWorkflowExecution`. */
export const describeWorkflowExecution = (
  server: Server,
  request: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionRequest
) =>
  Effect.map(findRun(server, request.execution), (run) => ({
    executionConfig: {
      taskQueue: { name: run.taskQueue },
      workflowExecutionTimeout: run.startRequest.workflowExecutionTimeout ?? null,
      workflowRunTimeout: run.startRequest.workflowRunTimeout ?? null,
      defaultWorkflowTaskTimeout: run.startRequest.workflowTaskTimeout ?? null,
      userMetadata: run.startRequest.userMetadata ?? null
    },
    workflowExecutionInfo: executionInfo(run),
    pendingActivities: [...run.activities.values()].map(pendingActivityInfo)
  }))

/** `GetWorkflowExecutionHistory`: pages of events, or the close event (long-polled). */
export const getWorkflowExecutionHistory = (
  server: Server,
  request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest
) =>
  Effect.gen(function*() {
    const run = yield* findRun(server, request.execution)
    const closeOnly = request.historyEventFilterType ===
      enumValues("temporal.api.enums.v1.HistoryEventFilterType")["HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT"]
    if (closeOnly) {
      if (run.status === "Running" && request.waitNewEvent) {
        yield* Effect.timeoutOption(Deferred.await(run.closed), longPollWindow)
      }
      return { history: { events: run.closeEvent ? [run.closeEvent] : [] } }
    }
    const offset = pageOffset(request.nextPageToken)
    const size = pageSize(request.maximumPageSize)
    const next = nextPageToken(offset, size, run.events.length)
    return { history: { events: run.events.slice(offset, offset + size) }, ...(next ? { nextPageToken: next } : {}) }
  })

/** `ListWorkflowExecutions`: every match, newest first, in one page. */
export const listWorkflowExecutions = (
  server: Server,
  request: temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest
) =>
  Effect.map(matcher(request.query ?? ""), ({ match }) => ({
    executions: server.all.filter(match).reverse().map(executionInfo)
  }))

/** `CountWorkflowExecutions`, grouped by status on request. */
export const countWorkflowExecutions = (
  server: Server,
  request: temporal.api.workflowservice.v1.ICountWorkflowExecutionsRequest
) =>
  Effect.map(matcher(request.query ?? ""), ({ groupByStatus, match }) => {
    const matching = server.all.filter(match)
    if (!groupByStatus) return { count: matching.length }
    const groups = new Map<Status, number>()
    for (const run of matching) groups.set(run.status, (groups.get(run.status) ?? 0) + 1)
    const encoder = new TextEncoder()
    return {
      count: matching.length,
      groups: [...groups].map(([status, count]) => ({
        groupValues: [{
          metadata: { encoding: encoder.encode("json/plain"), type: encoder.encode("Keyword") },
          data: encoder.encode(JSON.stringify(status))
        }],
        count: count as never
      }))
    }
  })
