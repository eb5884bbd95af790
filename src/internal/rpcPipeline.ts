/** A request that protobufjs could not encode, or a response it could not decode. */
const codecError = (code: "INTERNAL" | "INVALID_ARGUMENT", what: string, method: string, cause: unknown): RpcError =>
  new RpcError({
    code,
    message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    method,
    details: [],
    cause
  })

/**
 * The per-call pipeline every RPC method runs, whatever the transport (the
 * gRPC channel, or a test fake): encode, deadline, retry, decode, metrics,
 * span, and the request headers.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Schedule from "effect/Schedule"
import { RpcError } from "../schema/errors.js"
import type { CallOptions } from "../services/Connection.js"
import { type MethodDescriptor, methodsOf } from "./proto/services.js"
import { rpcMetrics, withClientSpan } from "./telemetry.js"

/** @internal */
export const currentRpcMetadata: FiberRef.FiberRef<Readonly<Record<string, string>>> = FiberRef.unsafeMake<
  Readonly<Record<string, string>>
>({})

/** The package's own identification, sent with every call. */
export const clientName = "effect-temporal"
export const clientVersion = "0.1.0"

const defaultTimeoutMillis = 30_000
const longPollTimeoutMillis = 70_000

const alwaysLongPoll = new Set(["UpdateWorkflowExecution", "PollWorkflowExecutionUpdate", "ExecuteMultiOperation"])

const isLongPoll = (method: string, request: unknown): boolean =>
  alwaysLongPoll.has(method) ||
  (method === "GetWorkflowExecutionHistory" && typeof request === "object" && request !== null &&
    (request as { waitNewEvent?: unknown }).waitNewEvent === true)

const namespaceOf = (method: string, request: unknown): string | undefined => {
  if (method === "GetSystemInfo" || typeof request !== "object" || request === null) return undefined
  const ns = (request as { namespace?: unknown }).namespace
  return typeof ns === "string" && ns.length > 0 ? ns : undefined
}

/**
 * The headers of one call: the package's own, then the connection's, the
 * fiber's and the call's (later ones win), the API key unless an
 * `authorization` header is given, and the namespace header.
 */
const mergeHeaders = (
  connectionHeaders: Readonly<Record<string, string>>,
  key: Option.Option<Redacted.Redacted<string>>,
  fiberHeaders: Readonly<Record<string, string>>,
  ns: string | undefined,
  perCall: Readonly<Record<string, string>> | undefined
): Record<string, string> => {
  const headers: Record<string, string> = { "client-name": clientName, "client-version": clientVersion }
  for (const source of [connectionHeaders, fiberHeaders, perCall]) {
    if (source === undefined) continue
    for (const name in source) headers[name.toLowerCase()] = source[name]!
  }
  if (Option.isSome(key) && headers["authorization"] === undefined) {
    headers["authorization"] = `Bearer ${Redacted.value(key.value)}`
  }
  if (ns !== undefined) headers["temporal-namespace"] = ns
  return headers
}

/**
 * The headers of each call of one connection, merged (the package's own,
 * then the connection's, the fiber's and the call's, later ones winning; the
 * API key unless an `authorization` header is given; the namespace header)
 * and put in the transport's own form, built again only when one of their sources changed:
 * the connection's headers, the API key, the fiber's headers, the namespace
 * and the call's headers are compared by identity with the last call's. A
 * steady stream of calls thus builds its headers once.
 *
 * @internal
 */
export const makeHeaderCache = <M>(
  rpcMetadata: Ref.Ref<Readonly<Record<string, string>>>,
  apiKey: Ref.Ref<Option.Option<Redacted.Redacted<string>>>,
  build: (headers: Record<string, string>) => M
) => {
  let last:
    | {
      readonly connectionHeaders: Readonly<Record<string, string>>
      readonly key: Option.Option<Redacted.Redacted<string>>
      readonly fiberHeaders: Readonly<Record<string, string>>
      readonly ns: string | undefined
      readonly perCall: Readonly<Record<string, string>> | undefined
      readonly value: M
    }
    | undefined
  return (ns: string | undefined, perCall: Readonly<Record<string, string>> | undefined): Effect.Effect<M> =>
    Effect.flatMap(Ref.get(rpcMetadata), (connectionHeaders) =>
      Effect.flatMap(Ref.get(apiKey), (key) =>
        Effect.withFiberRuntime<M>((fiber) => {
          const fiberHeaders = fiber.getFiberRef(currentRpcMetadata)
          if (
            last !== undefined && last.connectionHeaders === connectionHeaders && last.key === key &&
            last.fiberHeaders === fiberHeaders && last.ns === ns && last.perCall === perCall
          ) {
            return Effect.succeed(last.value)
          }
          const value = build(mergeHeaders(connectionHeaders, key, fiberHeaders, ns, perCall))
          last = { connectionHeaders, key, fiberHeaders, ns, perCall, value }
          return Effect.succeed(value)
        })))
}

/**
 * One attempt of one RPC, given the encoded request: answers the encoded
 * response. The gRPC channel is one transport; the test fakes are another.
 *
 * @internal
 */
export type RpcTransport = (call: {
  readonly method: MethodDescriptor
  /** The request as given by the caller. */
  readonly request: unknown
  /** The request, encoded. */
  readonly bytes: Uint8Array
  /** The namespace header's value, if the call carries one. */
  readonly namespace: string | undefined
  /** The deadline of this attempt. */
  readonly timeoutMillis: number
  readonly options: CallOptions | undefined
  /**
   * Takes the cancellation of this attempt's call, for a transport whose
   * Effect does not cancel the call on interruption itself: the pipeline
   * calls the last one given when the RPC ends (on interruption; a no-op for
   * a call that already ended), from the continuation that records the RPC's
   * metrics. A pending call then holds one interruption handler, not two.
   * A transport whose Effect cancels on interruption ignores it.
   */
  readonly onCancel: (cancel: () => void) => void
}) => Effect.Effect<Uint8Array, RpcError>

/**
 * `Effect.retry(attempt, schedule)` after the attempt already failed with
 * `first`: the schedule sees that failure as its first input, as it would
 * under `Effect.retry`, and decides from there. A call that succeeds at once
 * (nearly every call) never sets up a schedule driver and its `Ref`.
 */
const retryAfter = <A>(
  first: RpcError,
  attempt: Effect.Effect<A, RpcError>,
  schedule: Schedule.Schedule<unknown, RpcError>
): Effect.Effect<A, RpcError> => {
  let replayed = false
  return Effect.retry(
    Effect.suspend(() => {
      if (replayed) return attempt
      replayed = true
      return Effect.fail(first)
    }),
    schedule
  )
}

/**
 * The per-call pipeline every RPC method runs, whatever the transport:
 * encode the request, pick the deadline (long polls get 70 s), retry with
 * the `RetryConfig` schedule unless `retry: false`, decode the response,
 * record metrics, and run in a client span.
 *
 * @internal
 */
export const makeServiceClientWith = <C>(
  fullName: string,
  transport: RpcTransport,
  retrySchedule: Schedule.Schedule<unknown, RpcError>
): C => {
  const methods: Record<string, (request: unknown, callOptions?: CallOptions) => Effect.Effect<unknown, RpcError>> = {}
  for (const method of methodsOf(fullName)) {
    const metrics = rpcMetrics(method.service, method.name)
    const spanName = `temporal.${method.service}/${method.name}`
    const decode = (response: Uint8Array): Effect.Effect<unknown, RpcError> => {
      try {
        return Effect.succeed(method.responseType().decode(response))
      } catch (cause) {
        return Effect.fail(codecError("INTERNAL", "Response could not be decoded", method.name, cause))
      }
    }
    methods[method.key] = (request, callOptions) =>
      Effect.suspend(() => {
        let bytes: Uint8Array
        try {
          bytes = method.requestType().encode(request as object).finish()
        } catch (cause) {
          return Effect.fail(codecError("INVALID_ARGUMENT", "Request could not be encoded", method.name, cause))
        }
        const ns = namespaceOf(method.name, request)
        const timeoutMillis = callOptions?.rpcTimeout !== undefined
          ? Duration.toMillis(callOptions.rpcTimeout)
          : (callOptions?.longPoll ?? isLongPoll(method.name, request))
          ? longPollTimeoutMillis
          : defaultTimeoutMillis
        let cancel: (() => void) | undefined
        const attempt = transport({
          method,
          request,
          bytes,
          namespace: ns,
          timeoutMillis,
          options: callOptions,
          onCancel: (f) => {
            cancel = f
          }
        })
        // One continuation for decoding and for the retries after a first
        // failure: a pending call (a long poll waits for minutes) holds one
        // frame here instead of a retry frame and a decode frame.
        const decoded = callOptions?.retry === false
          ? Effect.flatMap(attempt, decode)
          : Effect.matchEffect(attempt, {
            onFailure: (first) => Effect.flatMap(retryAfter(first, attempt, retrySchedule), decode),
            onSuccess: decode
          })
        const start = performance.now()
        return Effect.onExit(decoded, (exit) => {
          // Still in flight when the RPC ends: interrupted. Cancel the call.
          cancel?.()
          return metrics.record(performance.now() - start, exit._tag === "Failure")
        }).pipe(
          withClientSpan(spanName, () => ({
            "rpc.system": "grpc",
            "rpc.service": method.service,
            "rpc.method": method.name,
            ...(ns !== undefined ? { "temporal.namespace": ns } : {})
          }))
        )
      })
  }
  return methods as C
}

