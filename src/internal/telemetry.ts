/**
 * Metrics recorded for every RPC and every client operation, as Effect
 * metrics (exported by whatever metrics backend the application wires up),
 * and the client spans.
 *
 * @internal
 */
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"

const requests = Metric.counter("temporal_client_rpc_requests", {
  description: "RPCs sent to the Temporal server",
  incremental: true
})
const failures = Metric.counter("temporal_client_rpc_failures", {
  description: "RPCs that ended in an error",
  incremental: true
})
const latency = Metric.histogram("temporal_client_rpc_latency_ms", {
  description: "Latency of RPCs, retries included, in milliseconds",
  boundaries: Metric.exponentialBoundaries({ start: 1, factor: 2, count: 16 })
})

/** @internal */
export interface RpcMetrics {
  /**
   * Record one call: its latency (retries included) and whether it failed,
   * with the fiber's own metric attributes (`Metric.CurrentMetricAttributes`).
   */
  readonly record: (millis: number, failed: boolean) => Effect.Effect<void>
  /**
   * `record`, at once, with the attributes of `context` (the calling
   * fiber's): for a continuation that already holds the fiber, so that
   * recording needs no Effect of its own.
   */
  readonly recordUnsafe: (context: Context.Context<never>, millis: number, failed: boolean) => void
}

/**
 * Metrics of one RPC, with its service and method as attributes. The
 * attributed metrics are built once per method, not on every call.
 *
 * @internal
 */
export const rpcMetrics = (service: string, method: string): RpcMetrics => {
  const attributes = { service, method }
  const requestCounter = Metric.withAttributes(requests, attributes)
  const failureCounter = Metric.withAttributes(failures, attributes)
  const latencyTimer = Metric.withAttributes(latency, attributes)
  const recordUnsafe = (context: Context.Context<never>, millis: number, failed: boolean): void => {
    latencyTimer.updateUnsafe(millis, context)
    requestCounter.updateUnsafe(1, context)
    if (failed) failureCounter.updateUnsafe(1, context)
  }
  return {
    record: (millis, failed) =>
      Effect.withFiber<void>((fiber) => {
        recordUnsafe(fiber.context, millis, failed)
        return Effect.void
      }),
    recordUnsafe
  }
}

/**
 * Run `effect` in a client span, unless tracing is off for the fiber
 * (`References.TracerEnabled` false, or `Tracer.DisablePropagation`), as
 * Effect's HTTP client decides. The attributes are built only for a span
 * that is made.
 *
 * No stack trace is captured for the span (`captureStackTrace: false`):
 * the span is made from inside the fiber's run loop, so the trace would
 * name the run loop and this function, never the caller, and capturing it
 * (an `Error` with its stack, per span) was the largest single cost of a
 * call in process (13 % of the CPU of a raw call, two spans per high-level
 * call).
 *
 * @internal
 */
export const withClientSpan = (
  name: string,
  attributes: () => Record<string, unknown>
) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) =>
    !fiber.getRef(References.TracerEnabled) || fiber.getRef(Tracer.DisablePropagation)
      ? effect
      : Effect.withSpan(effect, name, { kind: "client", attributes: attributes(), captureStackTrace: false })
  )
