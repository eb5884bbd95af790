/**
 * Metrics recorded for every RPC and every client operation, as Effect
 * metrics (exported by whatever metrics backend the application wires up).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"

const requests = Metric.counter("temporal_client_rpc_requests", {
  description: "RPCs sent to the Temporal server",
  incremental: true
})
const failures = Metric.counter("temporal_client_rpc_failures", {
  description: "RPCs that ended in an error",
  incremental: true
})
const latency = Metric.histogram(
  "temporal_client_rpc_latency_ms",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 16 }),
  "Latency of RPCs, retries included, in milliseconds"
)

/** @internal */
export interface RpcMetrics {
  readonly track: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * Metrics of one RPC, tagged with its service and method. Built once per
 * method, so a call pays no tagging cost.
 *
 * @internal
 */
export const rpcMetrics = (service: string, method: string): RpcMetrics => {
  const requestCounter = requests.pipe(Metric.tagged("service", service), Metric.tagged("method", method))
  const failureCounter = failures.pipe(Metric.tagged("service", service), Metric.tagged("method", method))
  const latencyTimer = latency.pipe(Metric.tagged("service", service), Metric.tagged("method", method))
  return {
    track: (effect) =>
      Effect.suspend(() => {
        const start = performance.now()
        return effect.pipe(
          Effect.onExit((exit) =>
            Effect.zipRight(
              Metric.update(latencyTimer, performance.now() - start),
              exit._tag === "Failure"
                ? Effect.zipRight(Metric.increment(requestCounter), Metric.increment(failureCounter))
                : Metric.increment(requestCounter)
            )
          )
        )
      })
  }
}
