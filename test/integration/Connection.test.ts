/**
 * `Connection` against the real dev server: the connect-time check, the typed workflow, operator
 * and health service clients, a workflow started and awaited through raw RPCs (run by the official
 * worker), connection failures, and extra request metadata.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { randomUUID } from "node:crypto"
import { inject } from "vitest"
import { freePorts, searchAttributes as registeredSearchAttributes } from "../../scripts/devServer.js"
import * as Connection from "../../src/Connection.js"
import { grpcHealth as loadGrpcHealth, temporal as loadTemporal } from "../../src/internal/proto/root.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

const proto = loadTemporal()
const grpcHealth = loadGrpcHealth()

const address = inject("temporalAddress")
const workflowBundlePath = inject("workflowBundlePath")

const EventType = proto.api.enums.v1.EventType
const HistoryEventFilterType = proto.api.enums.v1.HistoryEventFilterType
const IndexedValueType = proto.api.enums.v1.IndexedValueType
const NamespaceState = proto.api.enums.v1.NamespaceState

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

const jsonPayload = (value: unknown): temporal.api.common.v1.IPayload => ({
  metadata: { encoding: utf8.encode("json/plain") },
  data: utf8.encode(JSON.stringify(value))
})

const decodeJsonPayload = (payload: temporal.api.common.v1.IPayload | null | undefined): unknown => {
  assert.isDefined(payload)
  const encoding = payload?.metadata?.["encoding"]
  assert.strictEqual(encoding !== undefined && encoding !== null ? fromUtf8.decode(encoding) : undefined, "json/plain")
  return JSON.parse(fromUtf8.decode(payload?.data ?? new Uint8Array()))
}

/**
 * Long-polls the history for the close event of `execution` (wait for new event, close-event
 * filter), re-polling while the server answers with no events.
 */
const awaitCloseEvent = (
  connection: Connection.ConnectionShape,
  execution: temporal.api.common.v1.IWorkflowExecution
): Effect.Effect<temporal.api.history.v1.IHistoryEvent, Connection.RpcCallError> => {
  const poll = (
    nextPageToken: Uint8Array
  ): Effect.Effect<temporal.api.history.v1.IHistoryEvent, Connection.RpcCallError> =>
    Effect.flatMap(
      connection.workflowService.getWorkflowExecutionHistory({
        namespace: connection.namespace,
        execution,
        waitNewEvent: true,
        historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
        nextPageToken
      }),
      (response) => {
        const event = response.history?.events?.[0]
        return event !== undefined ? Effect.succeed(event) : poll(response.nextPageToken)
      }
    )
  return poll(new Uint8Array())
}

describe("Connection (dev server)", () => {
  it.live("connects eagerly and reads the server's system info", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({ address })
      assert.strictEqual(connection.address, address)
      assert.strictEqual(connection.namespace, "default")
      const info = yield* connection.systemInfo
      assert.match(info.serverVersion, /^\d+\.\d+\.\d+/)
      const capabilities = info.capabilities
      assert.isNotNull(capabilities)
      assert.isDefined(capabilities)
      assert.isTrue(capabilities?.signalAndQueryHeader)
      assert.isTrue(capabilities?.internalErrorDifferentiation)
      assert.isTrue(capabilities?.activityFailureIncludeHeartbeat)
      assert.isTrue(capabilities?.supportsSchedules)
      assert.isTrue(capabilities?.encodedFailureAttributes)
      assert.isTrue(capabilities?.upsertMemo)
      assert.isTrue(capabilities?.eagerWorkflowStart)
      assert.isTrue(capabilities?.sdkMetadata)
      assert.isTrue(capabilities?.countGroupByExecutionStatus)
      // Fetched once at connect time and kept: the same object comes back.
      assert.strictEqual(yield* connection.systemInfo, info)
    }))

  it.live("Connection.layer provides a checked connection", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.Connection
      const info = yield* connection.systemInfo
      assert.isNotEmpty(info.serverVersion)
    }).pipe(Effect.provide(Connection.layer({ address, namespace: "default" }))))

  it.live("describes the default namespace", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({ address })
      const response = yield* connection.workflowService.describeNamespace({ namespace: "default" })
      assert.strictEqual(response.namespaceInfo?.name, "default")
      assert.strictEqual(response.namespaceInfo?.state, NamespaceState.NAMESPACE_STATE_REGISTERED)
      assert.isNotEmpty(response.namespaceInfo?.id)
      const retention = response.config?.workflowExecutionRetentionTtl
      assert.isDefined(retention)
      assert.isAbove(Number(retention?.seconds), 0)
    }))

  it.live("reports health through checkHealth and the raw health service", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({ address })
      assert.isTrue(yield* connection.checkHealth())
      assert.isTrue(yield* connection.checkHealth("temporal.api.workflowservice.v1.WorkflowService"))
      const response = yield* connection.healthService.check({
        service: "temporal.api.workflowservice.v1.WorkflowService"
      })
      assert.strictEqual(response.status, grpcHealth.health.v1.HealthCheckResponse.ServingStatus.SERVING)
    }))

  it.live("lists the custom search attributes the dev server registers (operator service)", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({ address })
      const response = yield* connection.operatorService.listSearchAttributes({ namespace: "default" })
      const custom = response.customAttributes ?? {}
      const expectedTypes: Record<string, number> = {
        Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
        Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
        Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
        Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
        Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
        KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST
      }
      assert.isAbove(Object.keys(registeredSearchAttributes).length, 0)
      for (const [name, type] of Object.entries(registeredSearchAttributes)) {
        assert.strictEqual(custom[name], expectedTypes[type], `${name} is registered as ${type}`)
      }
      // System attributes are listed apart from the custom ones.
      assert.strictEqual(response.systemAttributes?.["WorkflowId"], IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
    }))

  it.live("starts the echo workflow with a raw StartWorkflowExecution and long-polls its result", () =>
    Effect.gen(function*() {
      const taskQueue = freshTaskQueue("connection-echo")
      yield* withWorker({ address, taskQueue, workflowBundlePath })
      const connection = yield* Connection.make({ address })
      const workflowId = freshId("echo")
      const input = { greeting: "hello", numbers: [1, 2.5, -3], nested: { ok: true, none: null }, text: "żółw ✓" }
      const started = yield* connection.workflowService.startWorkflowExecution({
        namespace: "default",
        workflowId,
        workflowType: { name: "echo" },
        taskQueue: { name: taskQueue },
        input: { payloads: [jsonPayload(input)] },
        identity: connection.identity,
        requestId: randomUUID()
      })
      assert.isNotEmpty(started.runId)
      const closeEvent = yield* awaitCloseEvent(connection, { workflowId, runId: started.runId })
      assert.strictEqual(closeEvent.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
      const payloads = closeEvent.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []
      assert.strictEqual(payloads.length, 1)
      assert.deepStrictEqual(decodeJsonPayload(payloads[0]), input)

      // The full history agrees: started with our identity and input, then completed.
      const history = yield* connection.workflowService.getWorkflowExecutionHistory({
        namespace: "default",
        execution: { workflowId, runId: started.runId }
      })
      const events = history.history?.events ?? []
      const first = events[0]
      assert.strictEqual(first?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
      const startedAttributes = first?.workflowExecutionStartedEventAttributes
      assert.strictEqual(startedAttributes?.identity, connection.identity)
      assert.deepStrictEqual(decodeJsonPayload(startedAttributes?.input?.payloads?.[0]), input)
      assert.strictEqual(events.at(-1)?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
    }))

  it.live("a repeated StartWorkflowExecution with the same request id starts nothing new", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({ address })
      const request = {
        namespace: "default",
        workflowId: freshId("dedup"),
        workflowType: { name: "echo" },
        // No worker polls this queue: the workflow stays running until terminated.
        taskQueue: { name: freshTaskQueue("connection-dedup") },
        input: { payloads: [jsonPayload("once")] },
        identity: connection.identity,
        requestId: randomUUID()
      }
      const first = yield* connection.workflowService.startWorkflowExecution(request)
      const second = yield* connection.workflowService.startWorkflowExecution(request)
      assert.strictEqual(second.runId, first.runId)
      yield* connection.workflowService.terminateWorkflowExecution({
        namespace: "default",
        workflowExecution: { workflowId: request.workflowId, runId: first.runId },
        reason: "test cleanup",
        identity: connection.identity
      })
    }))

  it.live("a server error comes back as a typed RpcError", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({ address })
      const error = yield* Effect.flip(
        connection.workflowService.describeWorkflowExecution({
          namespace: "default",
          execution: { workflowId: freshId("missing") }
        })
      )
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "NOT_FOUND")
      assert.strictEqual(error.method, "DescribeWorkflowExecution")
    }))

  it.live("fails with ConnectionError when nothing listens on the port", () =>
    Effect.gen(function*() {
      const [port] = yield* Effect.promise(() => freePorts(1))
      const closed = `127.0.0.1:${port}`
      const error = yield* Effect.flip(Effect.scoped(Connection.make({ address: closed, connectTimeout: "2 seconds" })))
      assert.strictEqual(error._tag, "ConnectionError")
      assert.include(["Unreachable", "Timeout"], error.reason)
      assert.strictEqual(error.address, closed)
      assert.include(error.message, closed)
    }))

  it.live("Connection.layer fails with ConnectionError when nothing listens on the port", () =>
    Effect.gen(function*() {
      const [port] = yield* Effect.promise(() => freePorts(1))
      const closed = `127.0.0.1:${port}`
      const error = yield* Effect.flip(
        Layer.build(Connection.layer({ address: closed, connectTimeout: "2 seconds" })).pipe(Effect.scoped)
      )
      assert.strictEqual(error._tag, "ConnectionError")
      assert.include(["Unreachable", "Timeout"], error.reason)
    }))

  it.live("a lazy connection to a closed port connects without a call, then its first RPC fails", () =>
    Effect.gen(function*() {
      const [port] = yield* Effect.promise(() => freePorts(1))
      const connection = yield* Connection.make({ address: `127.0.0.1:${port}`, lazy: true })
      const error = yield* Effect.flip(
        connection.workflowService.describeNamespace({ namespace: "default" }, {
          retry: false,
          rpcTimeout: "2 seconds"
        })
      )
      assert(error._tag === "RpcError")
      assert.include(["UNAVAILABLE", "DEADLINE_EXCEEDED"], error.code)
    }))

  it.live("calls with extra rpcMetadata (connection-wide, per call and per fiber) work", () =>
    Effect.gen(function*() {
      const connection = yield* Connection.make({
        address,
        rpcMetadata: { "x-effect-temporal-test": "connection", "x-team": "core" }
      })
      const described = yield* connection.workflowService.describeNamespace(
        { namespace: "default" },
        { rpcMetadata: { "x-request-tag": "per-call" } }
      )
      assert.strictEqual(described.namespaceInfo?.name, "default")

      yield* Ref.set(connection.rpcMetadata, { "x-effect-temporal-test": "changed" })
      const info = yield* connection.workflowService.getSystemInfo({}).pipe(
        Connection.withRpcMetadata({ "x-fiber-tag": "fiber" })
      )
      assert.isNotEmpty(info.serverVersion)
      assert.isTrue(Option.isNone(yield* Ref.get(connection.apiKey)))
      assert.isTrue(yield* connection.checkHealth())
    }))
})
