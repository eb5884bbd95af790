/**
 * The fake connection of `testing/FakeConnection.ts` built: each service's
 * transport answers from the test's handlers (recording every attempt), and
 * the client's own per-call pipeline runs on top of it.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { RpcMetadata } from "../../schema/Common.js"
import { RpcError, type RpcErrorDetail } from "../../schema/TemporalError.js"
import {
  Connection,
  type ConnectionShape,
  type HealthServiceClient,
  type OperatorServiceClient,
  type SystemInfo,
  type TestServiceClient,
  type WorkflowServiceClient
} from "../../services/Connection.js"
import * as RetryConfig from "../../services/RetryConfig.js"
import type {
  FakeCallContext,
  FakeConnectionOptions,
  FakeConnectionShape,
  FakeServices,
  FakeStatus,
  RecordedCall
} from "../../testing/FakeConnection.js"
import { root } from "../proto/root.js"
import { type MethodDescriptor, type ServiceKey, serviceNames } from "../proto/services.js"
import {
  type ChannelState,
  defaultMaxConcurrentCalls,
  defaultMaxConcurrentLongPolls,
  makeChannelState
} from "../transport/channelState.js"
import { textHeaders } from "../transport/headers.js"
import { apiKeyOfCall, makeHeaderCache, makeServiceClientWith, type RpcTransport } from "../transport/pipeline.js"

const statusToRpcError = (method: string, status: FakeStatus): RpcError => {
  const details: Array<RpcErrorDetail> = (status.details ?? []).map((detail) => {
    const type = root().lookupType(detail.typeName)
    return { typeName: detail.typeName, value: type.decode(type.encode(type.fromObject(detail.value)).finish()) }
  })
  return new RpcError({ code: status.code, message: status.message ?? status.code, method, details })
}

/** What every service's transport shares. */
interface TransportContext {
  readonly services: FakeServices
  readonly options: FakeConnectionOptions
  readonly calls: Ref.Ref<ReadonlyArray<RecordedCall>>
  readonly state: ChannelState
}

type Handler = (request: unknown, context: FakeCallContext) => Effect.Effect<object, FakeStatus>

/**
 * A handler still running when the connection closes is interrupted; the
 * pipeline turns the failure into `ConnectionError` reason `Closed`.
 * Interruptible even when the call runs uninterruptibly: the race stops it
 * when the handler ends.
 */
const whenClosed = (state: ChannelState, method: string) =>
  Effect.interruptible(Effect.andThen(
    state.closed,
    Effect.fail(new RpcError({ code: "CANCELLED", message: "The connection closed", method, details: [] }))
  ))

/** An RPC without a handler: `UNIMPLEMENTED`, or the defect the options ask for. */
const unhandled = (options: FakeConnectionOptions, key: ServiceKey, method: MethodDescriptor) =>
  typeof options.unhandled === "object"
    ? Effect.die(new Error(`${options.unhandled.die}: ${method.name} (${key}.${method.key})`))
    : Effect.fail(
      new RpcError({
        code: "UNIMPLEMENTED",
        message: `${method.name} is not faked: give FakeConnection a ${key}.${method.key} handler`,
        method: method.name,
        details: []
      })
    )

/** The handler's answer, bounded by the connection's close and the attempt's deadline. */
const answer = (
  handler: Handler,
  request: unknown,
  context: FakeCallContext,
  state: ChannelState,
  timeoutMillis: number
) =>
  handler(request, context).pipe(
    Effect.mapError((status) => statusToRpcError(context.method, status)),
    Effect.raceFirst(whenClosed(state, context.method)),
    Effect.timeoutOrElse({
      duration: timeoutMillis,
      orElse: () =>
        Effect.fail(
          new RpcError({
            code: "DEADLINE_EXCEEDED",
            message: `Deadline of ${timeoutMillis} ms exceeded`,
            method: context.method,
            details: []
          })
        )
    })
  )

/** The transport of one service: each attempt recorded, then answered by its handler. */
const transportFor = (transport: TransportContext, key: ServiceKey): RpcTransport => {
  const handlers = (transport.services[key] ?? {}) as Record<string, Handler>
  return (call) =>
    Effect.gen(function*() {
      const method: MethodDescriptor = call.method
      const metadata = call.headers
      const request = method.requestType().decode(call.bytes)
      yield* Ref.update(transport.calls, (all) => [...all, { method: method.name, request, metadata }])
      const handler = handlers[method.key]
      if (handler === undefined) return yield* unhandled(transport.options, key, method)
      const response = yield* answer(
        handler,
        request,
        { method: method.name, metadata },
        transport.state,
        call.timeoutMillis
      )
      const type = method.responseType()
      return type.encode(type.fromObject(response)).finish()
    })
}

/** The answer of `GetSystemInfo` when the test gives no handler for it. */
const defaultSystemInfo = (): SystemInfo =>
  root().lookupType("temporal.api.workflowservice.v1.GetSystemInfoResponse").create({
    serverVersion: "fake",
    capabilities: {}
  }) as unknown as SystemInfo

/**
 * Build a fake connection from handlers. Reads `RetryConfig` (its default
 * when no Layer gives it).
 *
 * @internal
 */
export const make = (
  services: FakeServices,
  options: FakeConnectionOptions
): Effect.Effect<FakeConnectionShape> =>
  Effect.gen(function*() {
    const address = options.address ?? "fake:7233"
    const retrySchedule = RetryConfig.toSchedule(yield* RetryConfig.RetryConfig)
    const rpcMetadata = yield* Ref.make<RpcMetadata>(options.rpcMetadata ?? {})
    const apiKey = yield* Ref.make(Option.fromNullishOr(options.apiKey))
    const calls = yield* Ref.make<ReadonlyArray<RecordedCall>>([])
    // Calls with the same header sources share one (frozen) record of headers.
    const headersOf = makeHeaderCache(
      address,
      rpcMetadata,
      apiKeyOfCall(apiKey),
      (headers): Readonly<Record<string, string>> => Object.freeze(textHeaders(headers))
    )
    const state: ChannelState = makeChannelState({
      address,
      maxConcurrentCalls: options.maxConcurrentCalls ?? defaultMaxConcurrentCalls,
      maxConcurrentLongPolls: options.maxConcurrentLongPolls ?? defaultMaxConcurrentLongPolls
    })
    const transport: TransportContext = { services, options, calls, state }
    const clientOf = <C>(key: ServiceKey) =>
      makeServiceClientWith<C>(serviceNames[key], transportFor(transport, key), retrySchedule, { headersOf, state })
    const workflowService = clientOf<WorkflowServiceClient>("workflowService")
    const healthService = clientOf<HealthServiceClient>("healthService")
    const connection: ConnectionShape = Connection.of({
      address,
      namespace: options.namespace ?? "default",
      identity: options.identity ?? "fake-client",
      workflowService,
      operatorService: clientOf<OperatorServiceClient>("operatorService"),
      testService: clientOf<TestServiceClient>("testService"),
      healthService,
      rpcMetadata,
      apiKey,
      systemInfo: services.workflowService?.getSystemInfo !== undefined
        ? workflowService.getSystemInfo({})
        : Effect.succeed(defaultSystemInfo()),
      checkHealth: (service = "") =>
        services.healthService?.check !== undefined
          ? Effect.map(healthService.check({ service }), (response) => response.status === 1)
          : Effect.suspend(() => state.isClosed() ? Effect.fail(state.closedError()) : Effect.succeed(true))
    })
    return {
      connection,
      calls: Ref.get(calls),
      callsOf: (name) => Effect.map(Ref.get(calls), (all) => all.filter((call) => call.method === name)),
      close: state.close
    }
  })
