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
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type * as Schedule from "effect/Schedule"
import { type RpcMetadata, validateDuration } from "../../schema/Common.js"
import { ConnectionError, InvalidArgumentError, RpcError } from "../../schema/TemporalError.js"
import type { CallOptions, RpcCallError } from "../../services/Connection.js"
import { type MethodDescriptor, methodsOf } from "../proto/services.js"
import { rpcMetrics, withClientSpan } from "../telemetry.js"
import { type ChannelState, unboundedChannelState } from "./channelState.js"
import { apiKeyProblem, headersProblem, normalizeApiKey, quoteName } from "./headers.js"

/** @internal */
export const currentRpcMetadata: Context.Reference<RpcMetadata> = Context.Reference<RpcMetadata>(
  "effect-temporal/Connection/currentRpcMetadata",
  { defaultValue: () => ({}) }
)

/** The package's own identification, sent with every call. */
export const clientName = "effect-temporal"
export const clientVersion = "0.1.0"

const defaultTimeoutMillis = 30_000
const longPollTimeoutMillis = 70_000

/** The longest `rpcTimeout`: 10 000 years, the longest duration startWorkflow's options take. */
const maxRpcTimeoutMillis = 315_576_000_000_000

/**
 * The deadline of each attempt, in milliseconds from its start, for a
 * caller's `rpcTimeout`: a positive duration of at most 10 000 years, or
 * `Duration.infinity` (no deadline). Anything else (NaN, negative, zero,
 * longer, not a duration) is refused before any RPC: grpc-js cannot write a
 * longer deadline and throws where nothing catches it.
 *
 * @internal
 */
export const rpcTimeoutMillis = (input: Duration.Input): Effect.Effect<number, InvalidArgumentError> => {
  const decoded = Duration.fromInput(input as Duration.Input)
  if (
    Option.isSome(decoded) && Duration.isFinite(decoded.value) && Duration.toMillis(decoded.value) > maxRpcTimeoutMillis
  ) {
    return Effect.fail(
      new InvalidArgumentError({
        field: "rpcTimeout",
        reason: "is longer than 10 000 years; for no deadline give Duration.infinity"
      })
    )
  }
  return Effect.map(validateDuration("rpcTimeout", input, { allowInfinite: true }), Duration.toMillis)
}

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
  connectionHeaders: RpcMetadata,
  key: Option.Option<Redacted.Redacted<string>>,
  fiberHeaders: RpcMetadata,
  ns: string | undefined,
  perCall: RpcMetadata | undefined
): Record<string, string | Uint8Array> => {
  const headers: Record<string, string | Uint8Array> = { "client-name": clientName, "client-version": clientVersion }
  for (const source of [connectionHeaders, fiberHeaders, perCall]) {
    if (source === undefined) continue
    for (const name in source) headers[name.toLowerCase()] = source[name]!
  }
  if (Option.isSome(key) && headers["authorization"] === undefined) {
    headers["authorization"] = `Bearer ${normalizeApiKey(Redacted.value(key.value))}`
  }
  if (ns !== undefined) headers["temporal-namespace"] = ns
  return headers
}

/**
 * Why the connection's own headers (its `rpcMetadata` and its API key)
 * cannot be sent, as the `ConnectionError` (reason `InvalidConfig`) that
 * names the header, never its value; `undefined` when they can.
 *
 * @internal
 */
export const connectionHeadersRefused = (
  address: string,
  connectionHeaders: RpcMetadata,
  key: Option.Option<Redacted.Redacted<string>>
): ConnectionError | undefined => {
  const header = headersProblem(connectionHeaders)
  if (header !== undefined) {
    return new ConnectionError({
      reason: "InvalidConfig",
      address,
      description: `rpcMetadata: header ${quoteName(header.name)} ${header.problem}`
    })
  }
  const keyProblem = Option.isSome(key) ? apiKeyProblem(Redacted.value(key.value)) : undefined
  return keyProblem === undefined
    ? undefined
    : new ConnectionError({ reason: "InvalidConfig", address, description: `apiKey ${keyProblem}` })
}

/**
 * Why a fiber's (`withRpcMetadata`) or a call's own headers cannot be sent,
 * as the `InvalidArgumentError` that names the header, never its value.
 */
const callHeadersRefused = (
  headers: RpcMetadata | undefined,
  source: string
): InvalidArgumentError | undefined => {
  const header = headers === undefined ? undefined : headersProblem(headers)
  return header === undefined
    ? undefined
    : new InvalidArgumentError({
      field: "rpcMetadata",
      reason: `header ${quoteName(header.name)}${source} ${header.problem}`
    })
}

/**
 * The headers of one call, or why they cannot be sent.
 *
 * @internal
 */
export interface HeaderSource<M> {
  (namespace: string | undefined, perCall: RpcMetadata | undefined): Effect.Effect<
    M,
    InvalidArgumentError | ConnectionError
  >
  /**
   * The same headers read at once from the calling fiber, with no Effect of
   * their own; `undefined` when only the Effect can tell (a key provider
   * runs for each call).
   */
  readonly now: (
    fiber: Fiber.Fiber<unknown, unknown>,
    namespace: string | undefined,
    perCall: RpcMetadata | undefined
  ) => Result.Result<M, InvalidArgumentError | ConnectionError> | undefined
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
 * Each source is checked first (see `headers.ts`): a connection header or
 * API key that cannot be sent fails the call with `ConnectionError` reason
 * `InvalidConfig`, a fiber's or call's header with `InvalidArgumentError`;
 * both name the header and never its value, and no request is sent.
 *
 * @internal
 */
/** Whether two API keys are the same key (a key provider may answer a new `Redacted` each time). */
const sameKey = (a: Option.Option<Redacted.Redacted<string>>, b: Option.Option<Redacted.Redacted<string>>): boolean =>
  a === b ||
  (Option.isNone(a) && Option.isNone(b)) ||
  (Option.isSome(a) && Option.isSome(b) && Redacted.value(a.value) === Redacted.value(b.value))

/**
 * The API key of the fibers that run inside `Connection.withApiKey`, over
 * the connection's own.
 *
 * @internal
 */
export const currentApiKey: Context.Reference<Option.Option<Redacted.Redacted<string>>> = Context.Reference<
  Option.Option<Redacted.Redacted<string>>
>("effect-temporal/Connection/currentApiKey", { defaultValue: () => Option.none() })

/**
 * The API key of each call, as an Effect and, when no key provider has to
 * run, read at once from the calling fiber.
 *
 * @internal
 */
export interface ApiKeySource {
  /** The call's key. */
  readonly effect: Effect.Effect<Option.Option<Redacted.Redacted<string>>>
  /** The call's key read from `fiber`, or `undefined` when the key provider must run (use `effect`). */
  readonly now: (fiber: Fiber.Fiber<unknown, unknown>) => Option.Option<Redacted.Redacted<string>> | undefined
}

/**
 * The API key of a call: the scope's (`withApiKey`), else the provider's
 * (run for each call), else the connection's.
 *
 * @internal
 */
export const apiKeyOfCall = (
  apiKey: Ref.Ref<Option.Option<Redacted.Redacted<string>>>,
  provider?: Effect.Effect<Redacted.Redacted<string>>
): ApiKeySource => {
  const now = (fiber: Fiber.Fiber<unknown, unknown>): Option.Option<Redacted.Redacted<string>> | undefined => {
    const scoped = fiber.getRef(currentApiKey)
    if (Option.isSome(scoped)) return scoped
    return provider !== undefined ? undefined : Ref.getUnsafe(apiKey)
  }
  return {
    now,
    effect: Effect.withFiber((fiber) => {
      const key = now(fiber)
      if (key !== undefined) return Effect.succeed(key)
      return provider !== undefined ? Effect.map(provider, Option.some) : Ref.get(apiKey)
    })
  }
}

export const makeHeaderCache = <M>(
  address: string,
  // Only read: a connection whose headers are text only gives its `Ref` as it is.
  rpcMetadata: Ref.Ref<RpcMetadata> | Ref.Ref<Readonly<Record<string, string>>>,
  apiKey: ApiKeySource,
  build: (headers: Record<string, string | Uint8Array>) => M
): HeaderSource<M> => {
  type Headers = Result.Result<M, InvalidArgumentError | ConnectionError>
  const connectionHeadersRef = rpcMetadata as Ref.Ref<RpcMetadata>
  let last:
    | {
      readonly connectionHeaders: RpcMetadata
      readonly key: Option.Option<Redacted.Redacted<string>>
      readonly fiberHeaders: RpcMetadata
      readonly ns: string | undefined
      readonly perCall: RpcMetadata | undefined
      readonly result: Headers
      readonly effect: Effect.Effect<M, InvalidArgumentError | ConnectionError>
    }
    | undefined
  const resolve = (
    connectionHeaders: RpcMetadata,
    key: Option.Option<Redacted.Redacted<string>>,
    fiberHeaders: RpcMetadata,
    ns: string | undefined,
    perCall: RpcMetadata | undefined
  ): Headers => {
    const refused = connectionHeadersRefused(address, connectionHeaders, key) ??
      callHeadersRefused(fiberHeaders, " (given with withRpcMetadata)") ??
      callHeadersRefused(perCall, "")
    if (refused !== undefined) return Result.fail(refused)
    try {
      return Result.succeed(build(mergeHeaders(connectionHeaders, key, fiberHeaders, ns, perCall)))
    } catch {
      // The checks above are at least as strict as grpc-js; its own message would quote the value.
      return Result.fail(
        new InvalidArgumentError({ field: "rpcMetadata", reason: "the transport refused the headers" })
      )
    }
  }
  /** The headers of a call with `key`: the connection's from their `Ref`, the fiber's from its context. */
  const lookup = (
    fiber: Fiber.Fiber<unknown, unknown>,
    key: Option.Option<Redacted.Redacted<string>>,
    ns: string | undefined,
    perCall: RpcMetadata | undefined
  ): NonNullable<typeof last> => {
    const connectionHeaders = Ref.getUnsafe(connectionHeadersRef)
    const fiberHeaders = fiber.getRef(currentRpcMetadata)
    if (
      last !== undefined && last.connectionHeaders === connectionHeaders && sameKey(last.key, key) &&
      last.fiberHeaders === fiberHeaders && last.ns === ns && last.perCall === perCall
    ) {
      return last
    }
    const result = resolve(connectionHeaders, key, fiberHeaders, ns, perCall)
    last = {
      connectionHeaders,
      key,
      fiberHeaders,
      ns,
      perCall,
      result,
      effect: Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)
    }
    return last
  }
  const effectOf = (
    ns: string | undefined,
    perCall: RpcMetadata | undefined
  ): Effect.Effect<M, InvalidArgumentError | ConnectionError> =>
    // One step after the API key's, which reads it in the same continuation.
    Effect.flatMap(apiKey.effect, (key) => Effect.withFiber((fiber) => lookup(fiber, key, ns, perCall).effect))
  const now: HeaderSource<M>["now"] = (fiber, ns, perCall) => {
    const key = apiKey.now(fiber)
    return key === undefined ? undefined : lookup(fiber, key, ns, perCall).result
  }
  return Object.assign(effectOf, { now })
}

const emptyHeaders: Readonly<Record<string, string>> = {}
const noHeaders: HeaderSource<Readonly<Record<string, string>>> = Object.assign(
  () => Effect.succeed(emptyHeaders),
  { now: () => Result.succeed(emptyHeaders) }
)

/**
 * One attempt of one RPC, given the encoded request: answers the encoded
 * response. The gRPC channel is one transport; the test fakes are another.
 *
 * @internal
 */
export type RpcTransport<M = Readonly<Record<string, string>>> = (call: {
  readonly method: MethodDescriptor
  /** The request as given by the caller. */
  readonly request: unknown
  /** The request, encoded. */
  readonly bytes: Uint8Array
  /** The request headers, checked and in the transport's own form (shared: copy before changing). */
  readonly headers: M
  /** The deadline of this attempt, in milliseconds from its start; `Infinity` for none. */
  readonly timeoutMillis: number
  /**
   * Takes the cancellation of this attempt's call, for a transport whose
   * Effect does not cancel the call on interruption itself: the pipeline
   * calls the last one given when the RPC ends (on interruption; a no-op for
   * a call that already ended), from the continuation that records the RPC's
   * metrics. A pending call then holds one interruption handler, not two.
   * A transport whose Effect cancels on interruption ignores it. The
   * pipeline also calls it when the connection closes.
   */
  readonly onCancel: (cancel: () => void) => void
}) => Effect.Effect<Uint8Array, RpcError>

/**
 * `Effect.retry(self, schedule)` for a schedule of `RpcError`s: every other
 * failure (a header refused, the connection closed) ends the retries at
 * once and is the result.
 *
 * @internal
 */
export const retryRpcErrors = <A, E>(
  self: Effect.Effect<A, RpcError | E>,
  schedule: Schedule.Schedule<unknown, RpcError>
): Effect.Effect<A, RpcError | E> => {
  const rpcErrorsOnly: Effect.Effect<Result.Result<A, E>, RpcError> = Effect.catch(
    Effect.map(self, (a) => Result.succeed(a)),
    (error): Effect.Effect<Result.Result<A, E>, RpcError> =>
      error instanceof RpcError ? Effect.fail(error) : Effect.succeed(Result.fail(error as E))
  )
  return Effect.flatMap(
    Effect.retry(rpcErrorsOnly, schedule),
    (result): Effect.Effect<A, E> =>
      Result.isFailure(result) ? Effect.fail(result.failure) : Effect.succeed(result.success)
  )
}

/**
 * `Effect.retry(attempt, schedule)` after the attempt already failed with
 * `first`: the schedule sees that failure as its first input, as it would
 * under `Effect.retry`, and decides from there. A call that succeeds at once
 * (nearly every call) never sets up a schedule driver and its `Ref`.
 */
const retryAfter = <A>(
  first: RpcError,
  attempt: Effect.Effect<A, RpcCallError>,
  schedule: Schedule.Schedule<unknown, RpcError>
): Effect.Effect<A, RpcCallError> => {
  let replayed = false
  return retryRpcErrors(
    Effect.suspend(() => {
      if (replayed) return attempt
      replayed = true
      return Effect.fail(first)
    }),
    schedule
  )
}

/**
 * What a pipeline needs of its connection besides the transport: the
 * headers of each call, and the connection's shared state (closed or not,
 * calls in flight, their bounds).
 *
 * @internal
 */
export interface PipelineChannel<M> {
  readonly headersOf: HeaderSource<M>
  readonly state: ChannelState
}

/**
 * The per-call pipeline every RPC method runs, whatever the transport:
 * refuse calls on a closed connection and a bad `rpcTimeout`, take a slot
 * of the connection's bound on calls in flight (long polls have their own),
 * encode the request, pick the deadline (long polls get 70 s), check and
 * build the headers, retry with the `RetryConfig` schedule unless
 * `retry: false`, decode the response, record metrics, and run in a client
 * span. Closing the connection cancels the attempt in flight and fails the
 * call with `ConnectionError` reason `Closed`, also during a retry's pause.
 *
 * @internal
 */
export const makeServiceClientWith = <C, M = Readonly<Record<string, string>>>(
  fullName: string,
  transport: RpcTransport<M>,
  retrySchedule: Schedule.Schedule<unknown, RpcError>,
  channel?: PipelineChannel<M>
): C => {
  const state = channel?.state ?? unboundedChannelState("in-process")
  const headersOf = channel?.headersOf ?? (noHeaders as unknown as HeaderSource<M>)
  const failClosed = Effect.suspend(() => Effect.fail(state.closedError()))
  // Interruptible even in a caller's uninterruptible region: the race that
  // waits on it must be able to stop it once the call ends.
  const whenClosed = Effect.interruptible(Effect.andThen(state.closed, failClosed))
  const methods: Record<string, (request: unknown, callOptions?: CallOptions) => Effect.Effect<unknown, RpcCallError>> =
    {}
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
    /** The call, once it holds a slot of `slots` (given back when it ends, however it ends). */
    const run = (
      fiber: Fiber.Fiber<unknown, unknown>,
      restore: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>,
      slots: ChannelState["calls"],
      request: unknown,
      callOptions: CallOptions | undefined,
      timeoutMillis: number
    ): Effect.Effect<unknown, RpcCallError> => {
      let bytes: Uint8Array
      try {
        bytes = method.requestType().encode(request as object).finish()
      } catch (cause) {
        slots.release()
        return Effect.fail(codecError("INVALID_ARGUMENT", "Request could not be encoded", method.name, cause))
      }
      const ns = namespaceOf(method.name, request)
      let cancel: (() => void) | undefined
      const onCancel = (f: () => void) => {
        if (cancel !== undefined) state.inFlight.delete(cancel)
        cancel = f
        state.inFlight.add(f)
      }
      const perCall = callOptions?.rpcMetadata
      const send = (headers: M) => transport({ method, request, bytes, headers, timeoutMillis, onCancel })
      // Every attempt reads its headers again (a rotated key is used from the next attempt on).
      const attempt = () => Effect.flatMap(headersOf(ns, perCall), send)
      // The first attempt reads them at once when it can, with no Effect steps of its own.
      const headersNow = headersOf.now(fiber, ns, perCall)
      const firstAttempt = headersNow === undefined
        ? attempt()
        : Result.isSuccess(headersNow)
        ? send(headersNow.success)
        : Effect.fail(headersNow.failure)
      // One continuation for decoding and for the retries after a first
      // failure: a pending call (a long poll waits for minutes) holds one
      // frame here instead of a retry frame and a decode frame. What only a
      // retry needs is built after a first failure, not for every call.
      const decoded = Effect.matchEffect(firstAttempt, {
        onFailure: (first): Effect.Effect<unknown, RpcCallError> =>
          state.isClosed()
            ? failClosed
            : first._tag !== "RpcError" || callOptions?.retry === false
            ? Effect.fail(first)
            : Effect.flatMap(
              Effect.raceFirst(
                retryAfter(first, Effect.suspend(() => state.isClosed() ? failClosed : attempt()), retrySchedule),
                whenClosed
              ),
              decode
            ),
        onSuccess: decode
      })
      // Ends the call: cancels it when it is still in flight (interrupted),
      // gives its slot back and records its metrics with the calling fiber's
      // attributes, in the continuation itself (no Effect of its own).
      const finish = (failed: boolean) => {
        if (cancel !== undefined) {
          // Still in flight when the RPC ends: interrupted. Cancel the call.
          cancel()
          state.inFlight.delete(cancel)
        }
        slots.release()
        metrics.recordUnsafe(fiber.context, performance.now() - start, failed)
      }
      const start = performance.now()
      return Effect.matchCauseEffect(restore(decoded), {
        onFailure: (cause) => {
          finish(true)
          return Effect.failCause(cause)
        },
        onSuccess: (value) => {
          finish(false)
          return Effect.succeed(value)
        }
      })
    }
    methods[method.key] = (request, callOptions) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.withFiber((fiber): Effect.Effect<unknown, RpcCallError> => {
          if (state.isClosed()) return failClosed
          const longPoll = callOptions?.longPoll ?? isLongPoll(method.name, request)
          const slots = longPoll ? state.longPolls : state.calls
          const start = (timeoutMillis: number): Effect.Effect<unknown, RpcCallError> => {
            if (slots.tryTake()) return run(fiber, restore, slots, request, callOptions, timeoutMillis)
            // Wait for a slot, interruptibly; a slot granted as the wait is
            // interrupted (or failed by the connection closing) is handed on.
            const waiter = slots.waiter()
            return Effect.matchCauseEffect(restore(slots.wait(waiter)), {
              onFailure: (cause) => {
                slots.abandon(waiter)
                return Effect.failCause(cause)
              },
              onSuccess: () => run(fiber, restore, slots, request, callOptions, timeoutMillis)
            })
          }
          return callOptions?.rpcTimeout !== undefined
            ? Effect.flatMap(rpcTimeoutMillis(callOptions.rpcTimeout), start)
            : start(longPoll ? longPollTimeoutMillis : defaultTimeoutMillis)
        })
      ).pipe(
        withClientSpan(spanName, () => {
          const ns = namespaceOf(method.name, request)
          return {
            "rpc.system": "grpc",
            "rpc.service": method.service,
            "rpc.method": method.name,
            ...(ns !== undefined ? { "temporal.namespace": ns } : {})
          }
        })
      )
  }
  return methods as C
}
