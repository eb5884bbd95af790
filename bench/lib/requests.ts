/**
 * The raw requests of the benchmarked RPCs, as plain objects of `@temporalio/proto`'s `I…`
 * interfaces: what a user of a raw `workflowService` passes. Both raw paths (theirs and ours) build
 * one per call, with a fresh workflow ID and request ID, as a real caller would.
 */
import type { temporal } from "@temporalio/proto"
import { randomUUID } from "node:crypto"
import {
  fakeTaskQueue,
  jsonPayload,
  namespace,
  queryName,
  signalArg,
  signalName,
  workflowArg,
  workflowType
} from "./workload.js"

const identity = `${process.pid}@bench`
const argPayload = jsonPayload(workflowArg)
const signalPayload = jsonPayload(signalArg)
const closeEventFilter = 2

export const startRequest = (workflowId: string): temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest => ({
  namespace,
  workflowId,
  workflowType: { name: workflowType },
  taskQueue: { name: fakeTaskQueue },
  input: { payloads: [argPayload] },
  identity,
  requestId: randomUUID()
})

export const signalRequest = (workflowId: string): temporal.api.workflowservice.v1.ISignalWorkflowExecutionRequest => ({
  namespace,
  workflowExecution: { workflowId },
  signalName,
  input: { payloads: [signalPayload] },
  identity,
  requestId: randomUUID()
})

export const describeRequest = (
  workflowId: string
): temporal.api.workflowservice.v1.IDescribeWorkflowExecutionRequest => ({
  namespace,
  execution: { workflowId }
})

export const queryRequest = (workflowId: string): temporal.api.workflowservice.v1.IQueryWorkflowRequest => ({
  namespace,
  execution: { workflowId },
  query: { queryType: queryName }
})

export const resultRequest = (
  workflowId: string
): temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest => ({
  namespace,
  execution: { workflowId },
  waitNewEvent: true,
  historyEventFilterType: closeEventFilter,
  skipArchival: true
})

/** The RPC (proto method name) and request type behind each fake-server operation. */
export const rpcOf = {
  start: { method: "StartWorkflowExecution", request: "StartWorkflowExecutionRequest" },
  signal: { method: "SignalWorkflowExecution", request: "SignalWorkflowExecutionRequest" },
  describe: { method: "DescribeWorkflowExecution", request: "DescribeWorkflowExecutionRequest" },
  query: { method: "QueryWorkflow", request: "QueryWorkflowRequest" },
  result: { method: "GetWorkflowExecutionHistory", request: "GetWorkflowExecutionHistoryRequest" }
} as const
