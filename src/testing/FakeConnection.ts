/**
 * A `Connection` with no network: every RPC of `workflowService`,
 * `operatorService`, `testService` and `healthService` is answered by an
 * Effect the test gives, and RPCs without one fail `UNIMPLEMENTED`.
 *
 * Calls still run the client's whole per-call pipeline: the request is
 * encoded and decoded as protobuf, the headers are built as they would be
 * sent, each attempt has its deadline (on the `Clock`, so `TestClock`
 * drives it), retryable failures are retried with the `RetryConfig`
 * backoff, and the response is encoded and decoded. So `TemporalClient`,
 * its data conversion, interceptors and error mapping run as they do
 * against a server.
 *
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { DataConverter, TemporalClient } from "effect-temporal"
 * import { FakeConnection } from "effect-temporal/testing"
 *
 * const Fake = FakeConnection.layer({
 *   workflowService: {
 *     startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }),
 *     getWorkflowExecutionHistory: () => Effect.succeed(FakeConnection.completedHistory("done"))
 *   }
 * })
 * const TestClient = TemporalClient.layer().pipe(Layer.provideMerge(Fake), Layer.provide(DataConverter.Default))
 * ```
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { root } from "../internal/proto/root.js"
import * as InternalFakeConnection from "../internal/testing/fakeConnection.js"
import type { GrpcStatusName } from "../schema/TemporalError.js"
import {
  Connection,
  type ConnectionShape,
  type HealthServiceClient,
  type OperatorServiceClient,
  type TestServiceClient,
  type WorkflowServiceClient
} from "../services/Connection.js"
import type * as FakeGrpcServer from "./FakeGrpcServer.js"

/**
 * A failure a handler answers with: a gRPC status, a message, and optional
 * details; the same as the in-process server's.
 *
 * @since 0.1.0
 * @category models
 */
export type FakeStatus = FakeGrpcServer.FakeStatus

/**
 * What a handler knows about the call besides the request.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeCallContext {
  /** The RPC's proto name, e.g. `StartWorkflowExecution`. */
  readonly method: string
  /** The headers the call would send, names lower-cased. */
  readonly metadata: Readonly<Record<string, string>>
}

/**
 * The fields of a response message, each optional; 64-bit integers may be
 * given as numbers.
 *
 * @since 0.1.0
 * @category models
 */
export type ResponseInit<Res> = {
  readonly [K in keyof Res as Res[K] extends (...args: ReadonlyArray<never>) => unknown ? never : K]?:
    | Res[K]
    | null
    | (Res[K] extends { readonly low: number; readonly high: number } ? number : never)
}

/**
 * One RPC's handler: the decoded request in, the response's fields (or a
 * `FakeStatus`) out.
 *
 * @since 0.1.0
 * @category models
 */
export type FakeHandler<Req, Res> = (
  request: Req,
  context: FakeCallContext
) => Effect.Effect<ResponseInit<Res>, FakeStatus>

/**
 * Handlers of one service, by RPC property name (`startWorkflowExecution`).
 *
 * @since 0.1.0
 * @category models
 */
export type FakeHandlers<C> = {
  readonly [K in keyof C]?: FakeHandler<FakeGrpcServer.RequestOf<C[K]>, FakeGrpcServer.ResponseOf<C[K]>>
}

/**
 * The handlers of every service; RPCs without one answer `UNIMPLEMENTED`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeServices {
  /** Handlers of the `WorkflowService` RPCs. */
  readonly workflowService?: FakeHandlers<WorkflowServiceClient> | undefined
  /** Handlers of the `OperatorService` RPCs. */
  readonly operatorService?: FakeHandlers<OperatorServiceClient> | undefined
  /** Handlers of the `TestService` RPCs (the time-skipping test server's). */
  readonly testService?: FakeHandlers<TestServiceClient> | undefined
  /** Handlers of the gRPC health service (`grpc.health.v1.Health`). */
  readonly healthService?: FakeHandlers<HealthServiceClient> | undefined
}

/**
 * Options of the fake connection.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeConnectionOptions {
  /** Reported as the connection's address. Default `fake:7233`. */
  readonly address?: string | undefined
  /** The namespace. Default `default`. */
  readonly namespace?: string | undefined
  /** The identity. Default `fake-client`. */
  readonly identity?: string | undefined
  /** Headers sent with every call. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
  /** An API key, sent as `authorization: Bearer …`. */
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /**
   * What an RPC without a handler does: fail `UNIMPLEMENTED` (the default,
   * as a server without that RPC would), or die with a defect naming it.
   */
  readonly unhandled?: "unimplemented" | { readonly die: string } | undefined
  /** Ordinary calls in flight at most, as `Connection`'s option. Default 250. */
  readonly maxConcurrentCalls?: number | undefined
  /** Long polls in flight at most, as `Connection`'s option. Default 10 000. */
  readonly maxConcurrentLongPolls?: number | undefined
}

/**
 * One attempt the fake received.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedCall {
  /** The RPC's proto name, e.g. `StartWorkflowExecution`. */
  readonly method: string
  /** The decoded request. */
  readonly request: unknown
  /** The headers sent. */
  readonly metadata: Readonly<Record<string, string>>
}

/**
 * What a test can ask the fake after the fact.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeConnectionShape {
  /** The connection itself. */
  readonly connection: ConnectionShape
  /** Every attempt received, in order (a retried call appears once per attempt). */
  readonly calls: Effect.Effect<ReadonlyArray<RecordedCall>>
  /** The attempts of one RPC, by proto name (`SignalWorkflowExecution`). */
  readonly callsOf: (method: string) => Effect.Effect<ReadonlyArray<RecordedCall>>
  /**
   * Close the connection, as the end of a real connection's scope does:
   * every later call fails with `ConnectionError` reason `Closed`, and so do
   * the calls in flight (their handlers are interrupted). {@link layer}
   * closes it with the Layer's scope.
   */
  readonly close: Effect.Effect<void>
}

/**
 * The fake's recorder, provided next to `Connection` by {@link layer}.
 *
 * @since 0.1.0
 * @category tags
 */
export class FakeConnection extends Context.Service<
  FakeConnection,
  FakeConnectionShape
>()("effect-temporal/testing/FakeConnection") {}

/**
 * Build a fake connection from handlers. Reads `RetryConfig` (its default
 * when no Layer gives it).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  services: FakeServices,
  options: FakeConnectionOptions = {}
): Effect.Effect<FakeConnectionShape> => InternalFakeConnection.make(services, options)

/**
 * The fake as a `Connection`, with its recorder as `FakeConnection`. It
 * closes with the Layer's scope, as a real connection does.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  services: FakeServices,
  options: FakeConnectionOptions = {}
): Layer.Layer<Connection | FakeConnection> =>
  Layer.effectContext(
    Effect.flatMap(make(services, options), (fake) =>
      Effect.as(
        Effect.addFinalizer(() => fake.close),
        Context.make(FakeConnection, fake).pipe(Context.add(Connection, fake.connection))
      ))
  )

/**
 * The attempts the fake received so far.
 *
 * @since 0.1.0
 * @category accessors
 */
export const calls: Effect.Effect<ReadonlyArray<RecordedCall>, never, FakeConnection> = Effect.flatMap(
  FakeConnection,
  (fake) => fake.calls
)

/**
 * The attempts of one RPC, by proto name (`StartWorkflowExecution`).
 *
 * @since 0.1.0
 * @category accessors
 */
export const callsOf = (method: string): Effect.Effect<ReadonlyArray<RecordedCall>, never, FakeConnection> =>
  Effect.flatMap(FakeConnection, (fake) => fake.callsOf(method))

// -----------------------------------------------------------------------------
// statuses
// -----------------------------------------------------------------------------

/**
 * A failure status.
 *
 * @since 0.1.0
 * @category statuses
 */
export const status = (
  code: GrpcStatusName,
  message?: string,
  details?: ReadonlyArray<{ readonly typeName: string; readonly value: object }>
): FakeStatus => ({ code, message: message ?? code, ...(details !== undefined ? { details } : {}) })

/**
 * `NOT_FOUND`, as the server answers for an unknown workflow (the client's
 * `WorkflowNotFoundError`).
 *
 * @since 0.1.0
 * @category statuses
 */
export const notFound = (message = "workflow not found"): FakeStatus =>
  status("NOT_FOUND", message, [{ typeName: "temporal.api.errordetails.v1.NotFoundFailure", value: {} }])

/**
 * `NOT_FOUND` with `NamespaceNotFoundFailure`, as the server answers every
 * call in a namespace that does not exist (the client's
 * `NamespaceNotFoundError`).
 *
 * @since 0.1.0
 * @category statuses
 */
export const namespaceNotFound = (namespace: string): FakeStatus =>
  status("NOT_FOUND", `Namespace ${namespace} is not found.`, [{
    typeName: "temporal.api.errordetails.v1.NamespaceNotFoundFailure",
    value: { namespace }
  }])

/**
 * `NOT_FOUND` "workflow execution already completed", as the server answers
 * a signal, update or termination of a closed workflow (the client's
 * `WorkflowAlreadyCompletedError`).
 *
 * @since 0.1.0
 * @category statuses
 */
export const workflowAlreadyCompleted = (): FakeStatus => notFound("workflow execution already completed")

/**
 * `NOT_FOUND` `update "…" not found`, as the server answers a poll for an
 * update the workflow does not have (the client's
 * `WorkflowUpdateNotFoundError`).
 *
 * @since 0.1.0
 * @category statuses
 */
export const updateNotFound = (updateId: string): FakeStatus => notFound(`update "${updateId}" not found`)

/**
 * `ALREADY_EXISTS` with `WorkflowExecutionAlreadyStartedFailure`, as the
 * server answers a start of a running workflow ID.
 *
 * @since 0.1.0
 * @category statuses
 */
export const alreadyStarted = (runId: string, startRequestId = ""): FakeStatus =>
  status("ALREADY_EXISTS", "Workflow execution is already running", [{
    typeName: "temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure",
    value: { runId, startRequestId }
  }])

/**
 * Fail the first `times` calls with `failure`, then answer with `handler`.
 * The count is kept by the returned handler, across every call it gets.
 *
 * ```ts
 * describeNamespace: FakeConnection.failFirst(2, FakeConnection.status("UNAVAILABLE"), () => Effect.succeed({}))
 * ```
 *
 * @since 0.1.0
 * @category failure injection
 */
export const failFirst = <Req, Res>(
  times: number,
  failure: FakeStatus,
  handler: FakeHandler<Req, Res>
): FakeHandler<Req, Res> => {
  let failed = 0
  return (request, context) =>
    Effect.suspend(() => {
      if (failed < times) {
        failed++
        return Effect.fail(failure)
      }
      return handler(request, context)
    })
}

/**
 * Answer the calls in turn with the given handlers; the last one answers
 * every call after that.
 *
 * @since 0.1.0
 * @category failure injection
 */
export const sequence = <Req, Res>(
  first: FakeHandler<Req, Res>,
  ...rest: ReadonlyArray<FakeHandler<Req, Res>>
): FakeHandler<Req, Res> => {
  const all = [first, ...rest]
  let index = 0
  return (request, context) =>
    Effect.suspend(() => {
      const handler = all[Math.min(index, all.length - 1)]!
      index++
      return handler(request, context)
    })
}

// -----------------------------------------------------------------------------
// payloads and histories
// -----------------------------------------------------------------------------

const encoder = new TextEncoder()

/**
 * A payload as the default data converter writes it: `binary/null` for
 * `undefined`, `binary/plain` for bytes, `json/plain` otherwise.
 *
 * @since 0.1.0
 * @category payloads
 */
export const payload = (value: unknown): temporal.api.common.v1.IPayload =>
  value === undefined
    ? { metadata: { encoding: encoder.encode("binary/null") } }
    : value instanceof Uint8Array
    ? { metadata: { encoding: encoder.encode("binary/plain") }, data: value }
    : { metadata: { encoding: encoder.encode("json/plain") }, data: encoder.encode(JSON.stringify(value)) }

/**
 * An application failure as a worker reports it.
 *
 * @since 0.1.0
 * @category payloads
 */
export interface ApplicationFailureInit {
  /** The failure's message. */
  readonly message: string
  /** The error type. Default `Error`. */
  readonly type?: string | undefined
  /** Whether the failure is non-retryable. Default `false`. */
  readonly nonRetryable?: boolean | undefined
  /** Details, each written as a JSON payload. */
  readonly details?: ReadonlyArray<unknown> | undefined
  /** The failure that caused this one, written as the `cause` failure. */
  readonly cause?: ApplicationFailureInit | undefined
}

/**
 * The `Failure` message of an application failure.
 *
 * @since 0.1.0
 * @category payloads
 */
export const applicationFailure = (init: ApplicationFailureInit): temporal.api.failure.v1.IFailure => ({
  message: init.message,
  source: "TypeScriptSDK",
  applicationFailureInfo: {
    type: init.type ?? "Error",
    nonRetryable: init.nonRetryable ?? false,
    ...(init.details !== undefined ? { details: { payloads: init.details.map(payload) } } : {})
  },
  ...(init.cause !== undefined ? { cause: applicationFailure(init.cause) } : {})
})

/**
 * A `GetWorkflowExecutionHistory` response, as the history builders below
 * give it to a handler.
 *
 * @since 1.0.0
 * @category models
 */
export type HistoryResponse = ResponseInit<temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse>

const eventTypes = () => (root().lookupEnum("temporal.api.enums.v1.EventType").values as Record<string, number>)

const closeHistory = (eventType: string, attributes: Record<string, object>): HistoryResponse => ({
  history: {
    events: [{ eventId: 1 as never, eventType: eventTypes()[eventType] ?? 0, ...attributes }]
  }
})

/**
 * A `GetWorkflowExecutionHistory` answer whose close event is a completion
 * with `result` (written as `payload(result)`); with `newExecutionRunId`,
 * the run continued (cron, retry).
 *
 * @since 0.1.0
 * @category histories
 */
export const completedHistory = (result: unknown, newExecutionRunId?: string): HistoryResponse =>
  closeHistory("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", {
    workflowExecutionCompletedEventAttributes: {
      result: { payloads: [payload(result)] },
      ...(newExecutionRunId !== undefined ? { newExecutionRunId } : {})
    }
  })

/**
 * A `GetWorkflowExecutionHistory` answer whose close event is a failure.
 *
 * @since 0.1.0
 * @category histories
 */
export const failedHistory = (
  failure: ApplicationFailureInit | temporal.api.failure.v1.IFailure,
  retryState = "RETRY_STATE_NON_RETRYABLE_FAILURE"
): HistoryResponse =>
  closeHistory("EVENT_TYPE_WORKFLOW_EXECUTION_FAILED", {
    workflowExecutionFailedEventAttributes: {
      failure: Object.keys(failure).some((key) => key.endsWith("FailureInfo") || key === "source")
        ? failure
        : applicationFailure(failure as ApplicationFailureInit),
      retryState:
        (root().lookupEnum("temporal.api.enums.v1.RetryState").values as Record<string, number>)[retryState] ?? 0
    }
  })

/**
 * A `GetWorkflowExecutionHistory` answer whose close event is a
 * continue-as-new to `newExecutionRunId`.
 *
 * @since 0.1.0
 * @category histories
 */
export const continuedAsNewHistory = (newExecutionRunId: string): HistoryResponse =>
  closeHistory("EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW", {
    workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId }
  })

/**
 * A `GetWorkflowExecutionHistory` answer whose close event is a
 * cancellation.
 *
 * @since 0.1.0
 * @category histories
 */
export const canceledHistory = (): HistoryResponse =>
  closeHistory("EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED", { workflowExecutionCanceledEventAttributes: {} })

/**
 * A `GetWorkflowExecutionHistory` answer whose close event is a
 * termination.
 *
 * @since 0.1.0
 * @category histories
 */
export const terminatedHistory = (reason = ""): HistoryResponse =>
  closeHistory("EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED", {
    workflowExecutionTerminatedEventAttributes: { reason }
  })
