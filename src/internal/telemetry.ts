/**
 * Metrics recorded for every RPC and every client operation, as Effect
 * metrics (exported by whatever metrics backend the application wires up),
 * and the client spans.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricKey from "effect/MetricKey"
import * as MetricLabel from "effect/MetricLabel"
import * as Tracer from "effect/Tracer"

const requestsKey = MetricKey.counter("temporal_client_rpc_requests", {
  description: "RPCs sent to the Temporal server",
  incremental: true
})
const failuresKey = MetricKey.counter("temporal_client_rpc_failures", {
  description: "RPCs that ended in an error",
  incremental: true
})
const latencyKey = MetricKey.histogram(
  "temporal_client_rpc_latency_ms",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 16 }),
  "Latency of RPCs, retries included, in milliseconds"
)

/** @internal */
export interface RpcMetrics {
  /**
   * Record one call: its latency (retries included) and whether it failed,
   * with the fiber's own metric labels (`Effect.tagMetrics`).
   */
  readonly record: (millis: number, failed: boolean) => Effect.Effect<void>
}

/**
 * Metrics of one RPC, tagged with its service and method. The tags are part
 * of each metric's key, built once per method: an update looks its metric up
 * in the registry once (then the hook is cached), instead of building and
 * hashing a tagged key on every call as `Metric.tagged` does.
 *
 * @internal
 */
export const rpcMetrics = (service: string, method: string): RpcMetrics => {
  const labels = [MetricLabel.make("service", service), MetricLabel.make("method", method)]
  const requestCounter = Metric.fromMetricKey(MetricKey.taggedWithLabels(requestsKey, labels))
  const failureCounter = Metric.fromMetricKey(MetricKey.taggedWithLabels(failuresKey, labels))
  const latencyTimer = Metric.fromMetricKey(MetricKey.taggedWithLabels(latencyKey, labels))
  return {
    record: (millis, failed) =>
      Effect.withFiberRuntime<void>((fiber) => {
        const extra = fiber.getFiberRef(FiberRef.currentMetricLabels)
        latencyTimer.unsafeUpdate(millis, extra)
        requestCounter.unsafeUpdate(1, extra)
        if (failed) failureCounter.unsafeUpdate(1, extra)
        return Effect.void
      })
  }
}

/** The tracer Effect runs with when the application installs none (read without running a fiber at import). */
const defaultTracer: Tracer.Tracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

/**
 * Run `effect` in a client span, when the application installed a tracer
 * (an OpenTelemetry Layer, say). With Effect's default tracer the span would
 * be recorded nowhere, and making one costs more than a whole RPC's encoding:
 * skip it then. The attributes are built only for a span that is made.
 *
 * @internal
 */
export const withClientSpan = (
  name: string,
  attributes: () => Record<string, unknown>
) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.tracerWith((tracer) =>
    tracer === defaultTracer
      ? effect
      : Effect.withSpan(effect, name, { kind: "client", captureStackTrace: false, attributes: attributes() })
  )
