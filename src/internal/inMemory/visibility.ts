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
import { enumValues, longPollWindow, nextPageToken, pageOffset, pageSize, statusNumber, timestamp } from "./protocol.js"
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

/** The fields a workflow list or count query may name. */
const runFields: Readonly<Record<string, (run: Run) => string>> = {
  WorkflowType: (run) => run.workflowType,
  WorkflowId: (run) => run.workflowId,
  ExecutionStatus: (run) => run.status,
  TaskQueue: (run) => run.taskQueue,
  RunId: (run) => run.runId
}

/**
 * A list or count query as a predicate on `T` (and whether count groups by
 * status): `Field = 'value'` clauses on `fields` joined by `AND`, and
 * `GROUP BY ExecutionStatus`.
 */
export const queryMatcher = <T>(query: string, fields: Readonly<Record<string, (t: T) => string>>) => {
  const text = query.trim()
  if (text === "") return Effect.succeed({ match: (_: T) => true, groupByStatus: false })
  const [where, groupBy] = text.split(/\s+GROUP\s+BY\s+/i) as [string, string | undefined]
  if (groupBy !== undefined && groupBy.trim() !== "ExecutionStatus") {
    return Effect.fail(
      FakeConnection.status("INVALID_ARGUMENT", `in-memory Temporal: GROUP BY ${groupBy} is not supported`)
    )
  }
  const clauses: Array<(t: T) => boolean> = []
  for (const clause of where.trim() === "" ? [] : where.split(/\s+AND\s+/i)) {
    const m = /^\s*\(?\s*(\w+)\s*=\s*(['"])(.*)\2\s*\)?\s*$/.exec(clause)
    const field = m === null ? undefined : fields[m[1]!]
    if (m === null || field === undefined) {
      return Effect.fail(
        FakeConnection.status(
          "INVALID_ARGUMENT",
          `in-memory Temporal supports only \`Field = 'value'\` on ${
            Object.keys(fields).join(", ")
          } joined by AND; got: ${clause}`
        )
      )
    }
    const value = m[3]
    clauses.push((t) => field(t) === value)
  }
  return Effect.succeed({ match: (t: T) => clauses.every((c) => c(t)), groupByStatus: groupBy !== undefined })
}

/**
 * A count answer: the total, and per status when grouped.
 */
export const countAnswer = <T>(matching: ReadonlyArray<T>, groupByStatus: boolean, statusOf: (t: T) => string) => {
  if (!groupByStatus) return { count: matching.length }
  const groups = new Map<string, number>()
  for (const t of matching) groups.set(statusOf(t), (groups.get(statusOf(t)) ?? 0) + 1)
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
}

const matcher = (query: string) => queryMatcher(query, runFields)

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
  Effect.map(
    matcher(request.query ?? ""),
    ({ groupByStatus, match }) => countAnswer(server.all.filter(match), groupByStatus, (run) => run.status)
  )
