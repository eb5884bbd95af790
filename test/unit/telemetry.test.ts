/**
 * Spans and metrics: with a tracer installed, every operation runs in a span carrying the
 * namespace and workflow ID, with one child span per RPC; every RPC counts in the request,
 * failure and latency metrics, tagged with its service and method.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"

const workflowService = "WorkflowService"

/** A tracer that makes Effect's own spans and keeps every one it made. */
const recordingTracer = Effect.map(Effect.tracer, (native) => {
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span: (options) => {
      const span = native.span(options)
      spans.push(span)
      return span
    },
    ...(native.context !== undefined ? { context: native.context } : {})
  })
  return { spans, tracer }
})

/** The count of an RPC counter, read from the metrics registry as a metrics exporter reads it. */
const rpcCount = (name: string, method: string) =>
  Effect.map(Metric.snapshot, (pairs) => {
    const pair = pairs.find((snapshot) =>
      snapshot.id === name &&
      snapshot.attributes?.["service"] === workflowService &&
      snapshot.attributes?.["method"] === method
    )
    const state = pair?.state as { readonly count?: number | bigint } | undefined
    return Number(state?.count ?? 0)
  })

const fakeServer = FakeGrpcServer.make({
  workflowService: {
    signalWorkflowExecution: () => Effect.succeed({}),
    terminateWorkflowExecution: () => Effect.fail({ code: "NOT_FOUND", message: "workflow not found" })
  }
})

const withClient = <A, E>(
  server: FakeGrpcServer.FakeGrpcServer,
  body: Effect.Effect<A, E, TemporalClient.TemporalClient>
) => Effect.provide(body, Layer.fresh(TemporalClient.layerConnect({ address: server.address, lazy: true, tls: false })))

describe("telemetry", () => {
  it.effect("with a tracer installed, an operation's span is the parent of its RPC's span", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer
      const { spans, tracer } = yield* recordingTracer
      yield* withClient(
        server,
        Effect.flatMap(
          TemporalClient.TemporalClient,
          (client) => client.getWorkflowHandle("wf-span", { runId: "run-1" }).signal("go")
        )
      ).pipe(Effect.withTracer(tracer))

      const operation = spans.find((span) => span.name === "temporal.WorkflowHandle.signal")
      const rpc = spans.find((span) => span.name === `temporal.${workflowService}/SignalWorkflowExecution`)
      assert.isDefined(operation, `spans: ${spans.map((span) => span.name).join(", ")}`)
      assert.isDefined(rpc, `spans: ${spans.map((span) => span.name).join(", ")}`)
      assert.strictEqual(operation!.kind, "client")
      assert.strictEqual(operation!.attributes.get("temporal.workflow_id"), "wf-span")
      assert.strictEqual(operation!.attributes.get("temporal.run_id"), "run-1")
      assert.strictEqual(operation!.attributes.get("temporal.namespace"), "default")
      assert.strictEqual(rpc!.attributes.get("rpc.method"), "SignalWorkflowExecution")
      assert.strictEqual(rpc!.attributes.get("rpc.system"), "grpc")
      assert.strictEqual(rpc!.attributes.get("temporal.namespace"), "default")
      const parent = Option.getOrUndefined(rpc!.parent)
      assert.strictEqual(parent?.spanId, operation!.spanId, "the RPC span is a child of the operation span")
      assert.strictEqual(operation!.status._tag, "Ended")
      assert.strictEqual(rpc!.status._tag, "Ended")
    }))

  it.effect("standalone activity calls run in spans with the activity's IDs, and count in the RPC metrics", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          startActivityExecution: () => Effect.succeed({ runId: "act-run-1", started: true }),
          requestCancelActivityExecution: () => Effect.succeed({})
        }
      })
      const { spans, tracer } = yield* recordingTracer
      const before = yield* rpcCount("temporal_client_rpc_requests", "RequestCancelActivityExecution")
      yield* withClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const handle = yield* client.startActivity("charge", {
            id: "act-span",
            taskQueue: "q",
            startToCloseTimeout: 1000
          })
          yield* handle.cancel()
        })
      ).pipe(Effect.withTracer(tracer))
      const start = spans.find((span) => span.name === "temporal.TemporalClient.startActivity")
      const cancel = spans.find((span) => span.name === "temporal.ActivityHandle.cancel")
      assert.isDefined(start, `spans: ${spans.map((span) => span.name).join(", ")}`)
      assert.isDefined(cancel, `spans: ${spans.map((span) => span.name).join(", ")}`)
      assert.strictEqual(start!.attributes.get("temporal.activity_id"), "act-span")
      assert.strictEqual(cancel!.attributes.get("temporal.activity_id"), "act-span")
      assert.strictEqual(cancel!.attributes.get("temporal.activity_run_id"), "act-run-1")
      const rpc = spans.find((span) => span.name === `temporal.${workflowService}/RequestCancelActivityExecution`)
      assert.strictEqual(Option.getOrUndefined(rpc!.parent)?.spanId, cancel!.spanId)
      assert.strictEqual(yield* rpcCount("temporal_client_rpc_requests", "RequestCancelActivityExecution"), before + 1)
    }))

  it.effect("a failing operation ends its spans with the failure", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer
      const { spans, tracer } = yield* recordingTracer
      const error = yield* withClient(
        server,
        Effect.flatMap(TemporalClient.TemporalClient, (client) => client.getWorkflowHandle("wf-gone").terminate())
      ).pipe(Effect.withTracer(tracer), Effect.flip)
      assert.strictEqual(error._tag, "WorkflowNotFoundError")
      const operation = spans.find((span) => span.name === "temporal.WorkflowHandle.terminate")
      assert.isDefined(operation)
      assert.strictEqual(operation!.status._tag, "Ended")
      if (operation!.status._tag === "Ended") assert.strictEqual(operation!.status.exit._tag, "Failure")
    }))

  it.effect("every RPC counts in the request and failure metrics of its method", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer
      const counts = Effect.all({
        signals: rpcCount("temporal_client_rpc_requests", "SignalWorkflowExecution"),
        terminates: rpcCount("temporal_client_rpc_requests", "TerminateWorkflowExecution"),
        failures: rpcCount("temporal_client_rpc_failures", "TerminateWorkflowExecution"),
        signalFailures: rpcCount("temporal_client_rpc_failures", "SignalWorkflowExecution")
      })
      const before = yield* counts
      yield* withClient(
        server,
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          yield* client.getWorkflowHandle("wf-metrics").signal("go")
          yield* client.getWorkflowHandle("wf-metrics").signal("go")
          yield* Effect.flip(client.getWorkflowHandle("wf-metrics").terminate())
        })
      )
      const after = yield* counts
      assert.deepStrictEqual(
        {
          signals: after.signals - before.signals,
          terminates: after.terminates - before.terminates,
          failures: after.failures - before.failures,
          signalFailures: after.signalFailures - before.signalFailures
        },
        { signals: 2, terminates: 1, failures: 1, signalFailures: 0 }
      )
    }))
})
