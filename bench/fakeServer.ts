/**
 * The fake Temporal frontend of parts A, C and D: a grpc-js `Server` in its own process (pinned
 * to its own core by the orchestrator) that answers every benchmarked RPC with response bytes
 * encoded once at start-up, through identity (de)serializers. Each call costs the server the same
 * whichever client made it, so differences between clients are the clients'.
 *
 * - `GetSystemInfo`, `DescribeNamespace`: fixed answers (all capabilities on).
 * - `StartWorkflowExecution` (a run ID), `SignalWorkflowExecution` (empty),
 *   `DescribeWorkflowExecution` (a running execution), `QueryWorkflow` (a JSON result).
 * - `GetWorkflowExecutionHistory`: the close event (completed, with a JSON result) at once; when
 *   the request names a workflow ID containing `hold-`, the call is held for `--hold-ms` and then
 *   answered with an empty page (what the server does when a long poll times out), so the client
 *   polls again.
 *
 * Usage: `node fakeServer.js [--hold-ms 20000]`. Prints `{"ready":true,"port":N}`, then answers
 * commands on stdin: `{"cmd":"stats"}` → `{"calls":{...},"holdPolls":N,"holding":N}`,
 * `{"cmd":"reset"}`, `{"cmd":"exit"}`.
 */
import * as grpc from "@grpc/grpc-js"
import protoRoot from "@temporalio/proto"
import { randomUUID } from "node:crypto"
import * as readline from "node:readline"
import { parseArgs } from "node:util"
import type * as protobuf from "protobufjs"
import { holdMarker, jsonPayload, namespace, workflowArg, workflowType } from "./lib/workload.js"

const root = protoRoot as unknown as protobuf.Root
const ws = "temporal.api.workflowservice.v1"

const encode = (typeName: string, value: Record<string, unknown>): Buffer => {
  const type = root.lookupType(typeName)
  const bytes = type.encode(type.fromObject(value)).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

const now = { seconds: Math.floor(Date.now() / 1000), nanos: 0 }
const runId = randomUUID()

const responses = {
  GetSystemInfo: encode(`${ws}.GetSystemInfoResponse`, {
    serverVersion: "1.32.0-fake",
    capabilities: {
      signalAndQueryHeader: true,
      internalErrorDifferentiation: true,
      activityFailureIncludeHeartbeat: true,
      supportsSchedules: true,
      encodedFailureAttributes: true,
      buildIdBasedVersioning: true,
      upsertMemo: true,
      eagerWorkflowStart: true,
      sdkMetadata: true,
      countGroupByExecutionStatus: true
    }
  }),
  DescribeNamespace: encode(`${ws}.DescribeNamespaceResponse`, {
    namespaceInfo: { name: namespace, state: 1, id: randomUUID() },
    config: { workflowExecutionRetentionTtl: { seconds: 86400 } }
  }),
  StartWorkflowExecution: encode(`${ws}.StartWorkflowExecutionResponse`, { runId, started: true }),
  SignalWorkflowExecution: encode(`${ws}.SignalWorkflowExecutionResponse`, {}),
  DescribeWorkflowExecution: encode(`${ws}.DescribeWorkflowExecutionResponse`, {
    executionConfig: {
      taskQueue: { name: "bench", kind: 1 },
      workflowExecutionTimeout: { seconds: 0 },
      workflowRunTimeout: { seconds: 0 },
      defaultWorkflowTaskTimeout: { seconds: 10 }
    },
    workflowExecutionInfo: {
      execution: { workflowId: "bench-describe", runId },
      type: { name: workflowType },
      startTime: now,
      executionTime: now,
      status: 1,
      historyLength: 2,
      taskQueue: "bench",
      stateTransitionCount: 2,
      historySizeBytes: 512,
      firstRunId: runId,
      memo: { fields: {} },
      searchAttributes: { indexedFields: {} }
    },
    pendingActivities: [],
    pendingChildren: []
  }),
  QueryWorkflow: encode(`${ws}.QueryWorkflowResponse`, { queryResult: { payloads: [jsonPayload("waiting")] } }),
  GetWorkflowExecutionHistory: encode(`${ws}.GetWorkflowExecutionHistoryResponse`, {
    history: {
      events: [{
        eventId: 5,
        eventTime: now,
        eventType: 2,
        taskId: 1048581,
        workflowExecutionCompletedEventAttributes: {
          result: { payloads: [jsonPayload(workflowArg)] },
          workflowTaskCompletedEventId: 4
        }
      }]
    }
  }),
  EmptyHistory: encode(`${ws}.GetWorkflowExecutionHistoryResponse`, { history: { events: [] } })
}

const { values } = parseArgs({ options: { "hold-ms": { type: "string", default: "20000" } } })
const holdMs = Number(values["hold-ms"])
const hold = Buffer.from(holdMarker)

const calls: Record<string, number> = {}
let holdPolls = 0
let holding = 0
const timers = new Set<NodeJS.Timeout>()

const passThrough = (buffer: Buffer): Buffer => buffer

type Handler = grpc.handleUnaryCall<Buffer, Buffer>

const fixed = (name: keyof typeof responses): Handler => (_call, callback) => {
  calls[name] = (calls[name] ?? 0) + 1
  callback(null, responses[name])
}

const handlers: Record<string, Handler> = {
  GetSystemInfo: fixed("GetSystemInfo"),
  DescribeNamespace: fixed("DescribeNamespace"),
  StartWorkflowExecution: fixed("StartWorkflowExecution"),
  SignalWorkflowExecution: fixed("SignalWorkflowExecution"),
  DescribeWorkflowExecution: fixed("DescribeWorkflowExecution"),
  QueryWorkflow: fixed("QueryWorkflow"),
  GetWorkflowExecutionHistory: (call, callback) => {
    calls["GetWorkflowExecutionHistory"] = (calls["GetWorkflowExecutionHistory"] ?? 0) + 1
    if (call.request.indexOf(hold) < 0) {
      callback(null, responses.GetWorkflowExecutionHistory)
      return
    }
    holdPolls++
    holding++
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      holding--
      timers.delete(timer)
    }
    const timer = setTimeout(() => {
      finish()
      callback(null, responses.EmptyHistory)
    }, holdMs)
    timers.add(timer)
    call.on("cancelled", () => {
      clearTimeout(timer)
      finish()
    })
  }
}

const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {}
const implementation: Record<string, Handler> = {}
for (const [name, handler] of Object.entries(handlers)) {
  definition[name] = {
    path: `/${ws}.WorkflowService/${name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough
  }
  implementation[name] = handler
}

const server = new grpc.Server({ "grpc.max_concurrent_streams": 4096 })
server.addService(definition, implementation as grpc.UntypedServiceImplementation)
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`fake server: ${error.message}\n`)
    process.exit(1)
  }
  process.stdout.write(JSON.stringify({ ready: true, port }) + "\n")
})

const lines = readline.createInterface({ input: process.stdin })
lines.on("line", (line) => {
  const command = JSON.parse(line) as { cmd: string }
  if (command.cmd === "stats") {
    process.stdout.write(JSON.stringify({ calls, holdPolls, holding }) + "\n")
  } else if (command.cmd === "reset") {
    for (const key of Object.keys(calls)) delete calls[key]
    holdPolls = 0
    process.stdout.write(JSON.stringify({ ok: true }) + "\n")
  } else if (command.cmd === "exit") {
    shutdown()
  }
})
lines.on("close", () => shutdown())

const shutdown = (): void => {
  for (const timer of timers) clearTimeout(timer)
  server.forceShutdown()
  process.exit(0)
}
