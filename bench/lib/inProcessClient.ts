/**
 * Our `TemporalClient` over an in-process transport, for the in-process diagnostics (part E's
 * `inProcess.ts`, `forms.ts`): a `Connection` whose transport the caller gives runs the real
 * per-call pipeline (`makeServiceClientWith`: encode, deadline, retry, decode, metrics, span)
 * under the real client; the transport answers the pre-encoded responses below.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as protobuf from "protobufjs"
import * as DataConverter from "../../src/DataConverter.js"
import { root } from "../../src/internal/proto/root.js"
import { serviceNames } from "../../src/internal/proto/services.js"
import { makeServiceClientWith, type RpcTransport } from "../../src/internal/transport/pipeline.js"
import { Connection, type WorkflowServiceClient } from "../../src/services/Connection.js"
import * as RetryConfig from "../../src/services/RetryConfig.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { jsonPayload, workflowArg, workflowType } from "./workload.js"

/** The response bytes of each method the diagnostics call, by method name (what the fake server answers). */
const ws = "temporal.api.workflowservice.v1"
const encode = (typeName: string, value: Record<string, unknown>): Uint8Array => {
  const type: protobuf.Type = root().lookupType(`${ws}.${typeName}`)
  return type.encode(type.fromObject(value)).finish()
}
const now = { seconds: 1_700_000_000, nanos: 0 }
export const cannedResponses: Readonly<Record<string, Uint8Array>> = {
  StartWorkflowExecution: encode("StartWorkflowExecutionResponse", {
    runId: "5f0c0d58-2f57-4b4a-9d8e-0c3c2f1f2b1a",
    started: true
  }),
  SignalWorkflowExecution: encode("SignalWorkflowExecutionResponse", {}),
  DescribeWorkflowExecution: encode("DescribeWorkflowExecutionResponse", {
    executionConfig: { taskQueue: { name: "bench", kind: 1 }, defaultWorkflowTaskTimeout: { seconds: 10 } },
    workflowExecutionInfo: {
      execution: { workflowId: "bench-describe", runId: "r" },
      type: { name: workflowType },
      startTime: now,
      executionTime: now,
      status: 1,
      historyLength: 2,
      taskQueue: "bench",
      memo: { fields: {} },
      searchAttributes: { indexedFields: {} }
    }
  }),
  QueryWorkflow: encode("QueryWorkflowResponse", { queryResult: { payloads: [jsonPayload("waiting")] } }),
  GetWorkflowExecutionHistory: encode("GetWorkflowExecutionHistoryResponse", {
    history: {
      events: [{
        eventId: 5,
        eventTime: now,
        eventType: 2,
        workflowExecutionCompletedEventAttributes: {
          result: { payloads: [jsonPayload(workflowArg)] },
          workflowTaskCompletedEventId: 4
        }
      }]
    }
  })
}

/** Our client, and its raw workflow service, over `transport`. */
export const inProcessClient = async (transport: RpcTransport): Promise<{
  readonly client: TemporalClient.TemporalClient["Service"]
  readonly workflowService: WorkflowServiceClient
}> => {
  const schedule = RetryConfig.toSchedule(await Effect.runPromise(RetryConfig.RetryConfig))
  const workflowService = makeServiceClientWith<WorkflowServiceClient>(
    serviceNames.workflowService,
    transport,
    schedule
  )
  const connection = Connection.of({
    address: "in-process",
    namespace: "default",
    identity: "bench@in-process",
    workflowService,
    operatorService: makeServiceClientWith(serviceNames.operatorService, transport, schedule),
    testService: makeServiceClientWith(serviceNames.testService, transport, schedule),
    healthService: makeServiceClientWith(serviceNames.healthService, transport, schedule),
    rpcMetadata: await Effect.runPromise(Ref.make<Readonly<Record<string, string | Uint8Array>>>({})),
    apiKey: await Effect.runPromise(Ref.make(Option.none())),
    systemInfo: Effect.die(new Error("not in this benchmark")),
    checkHealth: () => Effect.succeed(true)
  })
  const layer = TemporalClient.layer().pipe(
    Layer.provide(Layer.merge(Layer.succeed(Connection, connection), DataConverter.Default))
  )
  const client = await Effect.runPromise(Effect.provide(TemporalClient.TemporalClient, layer))
  return { client, workflowService }
}
