/**
 * Client interceptors: code around every call the client makes.
 *
 * - `propagateCorrelationId` copies a value from the Effect context (a `Context.Reference`) into
 *   the header of every StartWorkflowExecution request, where the workflow (and its history) sees
 *   it: context propagation, as tracing interceptors do.
 * - `annotateSpans` adds attributes to the span the client opens for each operation, with
 *   `Effect.annotateCurrentSpan`; a small tracer here prints those spans when they end.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker (the official
 *   `@temporalio/worker` running `test/fixtures/workflows.ts`), and stops both before exiting.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. Nothing runs the example workflow on that
 *   server unless `EXAMPLE_START_WORKER=1`, which starts the worker against it too.
 * - `TEMPORAL_NAMESPACE`: the namespace to use; default `default`.
 *
 * (examples/support/environment.ts sets this up.) Run it with `npx tsx examples/interceptors.ts`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { randomUUID } from "node:crypto"
import type * as ClientInterceptors from "../src/ClientInterceptors.js"
import * as TemporalClient from "../src/TemporalClient.js"
import * as WorkflowDefinition from "../src/WorkflowDefinition.js"
import * as Environment from "./support/environment.js"

// -----------------------------------------------------------------------------
// The interceptors
// -----------------------------------------------------------------------------

/** The correlation ID of the work at hand, carried in the Effect context. */
const CorrelationId = Context.Reference<string>("example/CorrelationId", {
  defaultValue: () => "none"
})

/** A `json/plain` payload, the encoding every Temporal SDK reads. */
const jsonPayload = (value: unknown) => ({
  metadata: { encoding: new TextEncoder().encode("json/plain") },
  data: new TextEncoder().encode(JSON.stringify(value))
})

/** Puts the context's correlation ID into the header of every workflow start. */
const propagateCorrelationId: ClientInterceptors.ClientInterceptor = {
  startWorkflow: (input, next) =>
    Effect.flatMap(CorrelationId, (correlationId) =>
      next({
        ...input,
        request: {
          ...input.request,
          header: { fields: { ...input.request.header?.fields, "correlation-id": jsonPayload(correlationId) } }
        }
      }))
}

/** Adds the call's name and the correlation ID to the span of each operation. */
const annotate = <A, E>(call: string, effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.andThen(
    Effect.flatMap(CorrelationId, (correlationId) =>
      Effect.annotateCurrentSpan({ "example.call": call, "example.correlation_id": correlationId })),
    effect
  )

const annotateSpans: ClientInterceptors.ClientInterceptor = {
  startWorkflow: (input, next) => annotate(input.call, next(input)),
  signalWorkflow: (input, next) => annotate(input.call, next(input)),
  getWorkflowResult: (input, next) => annotate(input.call, next(input))
}

// -----------------------------------------------------------------------------
// A tracer that prints the client's spans (use @effect/opentelemetry in an application)
// -----------------------------------------------------------------------------

const PrintingTracer = Layer.unwrap(
  Effect.map(Effect.tracer, (base) =>
    Layer.succeed(
      Tracer.Tracer,
      Tracer.make({
        span: (options) => {
          const span = base.span(options)
          const end = span.end.bind(span)
          span.end = (endTime, exit) => {
            end(endTime, exit)
            const attributes = [...span.attributes].filter(([key]) => key.startsWith("example."))
            if (attributes.length > 0) {
              const text = attributes.map(([key, value]) => `${key}=${String(value)}`).join(" ")
              process.stdout.write(`span ${span.name} ${text}\n`)
            }
          }
          return span
        },
        ...(base.context !== undefined ? { context: base.context } : {})
      })
    ))
)

/** The client with both interceptors (outermost first), and the printing tracer. */
const MainLive = Layer.merge(
  Environment.clientLayer({ interceptors: [propagateCorrelationId, annotateSpans] }),
  PrintingTracer
)

// -----------------------------------------------------------------------------
// The program
// -----------------------------------------------------------------------------

/** `echo(value)` returns its argument. */
const Echo = WorkflowDefinition.make("echo", { args: [Schema.Unknown], result: Schema.Unknown })

const runExample = (taskQueue: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const correlationId = `order-${randomUUID().slice(0, 8)}`
    const result = yield* Effect.gen(function*() {
      const handle = yield* client.startWorkflow(Echo, { id: `example-echo-${randomUUID()}`, taskQueue, args: ["hi"] })
      yield* Console.log(`Started echo ${handle.workflowId} with correlation ID ${correlationId}`)
      const value = yield* handle.result()
      // The header is part of the workflow's first event: read it back from the history.
      const started = yield* Stream.runHead(handle.fetchHistory())
      const header = Option.getOrUndefined(started)?.workflowExecutionStartedEventAttributes?.header?.fields
      const propagated = header?.["correlation-id"]
      const seen = propagated === undefined ? "nothing" : yield* client.dataConverter.fromPayload(propagated)
      yield* Console.log(`The workflow's start header carried correlation-id=${String(seen)}`)
      return value
    }).pipe(Effect.provideService(CorrelationId, correlationId))
    yield* Console.log(`Result: ${JSON.stringify(result)}`)
  })

const program = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  yield* Console.log(`Connected to ${client.connection.address}`)
  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return
  yield* runExample(taskQueue.value).pipe(Effect.timeout("60 seconds"))
  yield* Console.log("Done.")
})

program.pipe(
  Effect.provide(MainLive),
  NodeRuntime.runMain
)
