/**
 * How failed RPCs are retried: which status codes, and with what backoff.
 *
 * `RetryConfig` is a `Context.Reference`: it is present with its defaults
 * when no Layer provides it, and `RetryConfig.layer({ ... })` overrides any
 * part of it.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { GrpcStatusName, RpcError } from "../schema/TemporalError.js"

/**
 * The retry settings of every RPC the client makes.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryConfigShape {
  /** Delay before the first retry. Default 100 ms. */
  readonly initialInterval: Duration.Duration
  /** Delay before the first retry of a RESOURCE_EXHAUSTED failure. Default 1 s. */
  readonly resourceExhaustedInitialInterval: Duration.Duration
  /** Growth of the delay per attempt. Default 1.7. */
  readonly multiplier: number
  /** Fraction of random spread around each delay (0.2 = ±20 %). Default 0.2. */
  readonly randomizationFactor: number
  /** Largest delay between attempts. Default 5 s. */
  readonly maxInterval: Duration.Duration
  /** Largest delay between attempts after RESOURCE_EXHAUSTED. Default 10 s. */
  readonly resourceExhaustedMaxInterval: Duration.Duration
  /** Total time after which no further retry is started. Default 10 s. */
  readonly maxElapsedTime: Duration.Duration
  /** Most retries after the first attempt. Default 10. */
  readonly maxRetries: number
  /** Status codes that are retried. */
  readonly retryableCodes: ReadonlySet<GrpcStatusName>
}

/**
 * The defaults, those of Temporal's core SDK.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: RetryConfigShape = {
  initialInterval: Duration.millis(100),
  resourceExhaustedInitialInterval: Duration.seconds(1),
  multiplier: 1.7,
  randomizationFactor: 0.2,
  maxInterval: Duration.seconds(5),
  resourceExhaustedMaxInterval: Duration.seconds(10),
  maxElapsedTime: Duration.seconds(10),
  maxRetries: 10,
  retryableCodes: new Set<GrpcStatusName>([
    "UNKNOWN",
    "UNAVAILABLE",
    "RESOURCE_EXHAUSTED",
    "ABORTED",
    "DATA_LOSS",
    "OUT_OF_RANGE",
    "INTERNAL"
  ])
}

/**
 * The retry configuration, present with `defaults` unless a Layer says
 * otherwise.
 *
 * @since 0.1.0
 * @category tags
 */
export const RetryConfig: Context.Reference<RetryConfigShape> = Context.Reference<RetryConfigShape>(
  "effect-temporal/RetryConfig",
  { defaultValue: () => defaults }
)

/**
 * What a user may set; every field optional, durations as `DurationInput`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryConfigInput {
  /** Delay before the first retry. Default 100 ms. */
  readonly initialInterval?: Duration.Input | undefined
  /** Delay before the first retry of a RESOURCE_EXHAUSTED failure. Default 1 s. */
  readonly resourceExhaustedInitialInterval?: Duration.Input | undefined
  /** Growth of the delay per attempt. Default 1.7. */
  readonly multiplier?: number | undefined
  /** Fraction of random spread around each delay (0.2 = ±20 %), clamped to 0..1. Default 0.2. */
  readonly randomizationFactor?: number | undefined
  /** Largest delay between attempts. Default 5 s. */
  readonly maxInterval?: Duration.Input | undefined
  /** Largest delay between attempts after RESOURCE_EXHAUSTED. Default 10 s. */
  readonly resourceExhaustedMaxInterval?: Duration.Input | undefined
  /** Total time after which no further retry is started. Default 10 s. */
  readonly maxElapsedTime?: Duration.Input | undefined
  /** Most retries after the first attempt. Default 10. */
  readonly maxRetries?: number | undefined
  /**
   * Status codes that are retried; replaces the default set (UNKNOWN, UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED,
   * DATA_LOSS, OUT_OF_RANGE, INTERNAL).
   */
  readonly retryableCodes?: Iterable<GrpcStatusName> | undefined
}

/**
 * Complete a partial configuration with the defaults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: RetryConfigInput = {}): RetryConfigShape => ({
  initialInterval: input.initialInterval !== undefined
    ? Duration.fromInputUnsafe(input.initialInterval)
    : defaults.initialInterval,
  resourceExhaustedInitialInterval: input.resourceExhaustedInitialInterval !== undefined
    ? Duration.fromInputUnsafe(input.resourceExhaustedInitialInterval)
    : defaults.resourceExhaustedInitialInterval,
  multiplier: input.multiplier ?? defaults.multiplier,
  randomizationFactor: input.randomizationFactor ?? defaults.randomizationFactor,
  maxInterval: input.maxInterval !== undefined ? Duration.fromInputUnsafe(input.maxInterval) : defaults.maxInterval,
  resourceExhaustedMaxInterval: input.resourceExhaustedMaxInterval !== undefined
    ? Duration.fromInputUnsafe(input.resourceExhaustedMaxInterval)
    : defaults.resourceExhaustedMaxInterval,
  maxElapsedTime: input.maxElapsedTime !== undefined
    ? Duration.fromInputUnsafe(input.maxElapsedTime)
    : defaults.maxElapsedTime,
  maxRetries: input.maxRetries ?? defaults.maxRetries,
  retryableCodes: input.retryableCodes !== undefined ? new Set(input.retryableCodes) : defaults.retryableCodes
})

/**
 * Failures that arrive with a retryable code but never heal by themselves:
 * TLS alerts and certificate failures; TLS handshakes with a peer that does
 * not speak TLS (a plaintext server answers "wrong version number"); payloads
 * the server refuses as too large; and responses grpc-js cannot decompress.
 */
const nonRetryableMessage = new RegExp(
  [
    "SSL alert",
    "certificate",
    "wrong version number",
    "packet length too long",
    "unknown protocol",
    "unsupported protocol",
    "no protocols available",
    "tlsv1 alert",
    "sslv3 alert",
    "received message larger than max",
    "message too large",
    "could not be decompressed"
  ].join("|"),
  "i"
)

/**
 * Whether an RPC failure is worth another attempt under this configuration.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (config: RetryConfigShape, error: RpcError): boolean => {
  if (!config.retryableCodes.has(error.code)) return false
  return !nonRetryableMessage.test(error.message)
}

/**
 * The delay before retry number `attempt` (1-based) after `error`, before
 * jitter: `initial × multiplier^(attempt-1)`, capped.
 *
 * @since 0.1.0
 * @category combinators
 */
export const baseDelay = (config: RetryConfigShape, error: RpcError, attempt: number): Duration.Duration => {
  const exhausted = error.code === "RESOURCE_EXHAUSTED"
  const initial = Duration.toMillis(exhausted ? config.resourceExhaustedInitialInterval : config.initialInterval)
  const max = Duration.toMillis(exhausted ? config.resourceExhaustedMaxInterval : config.maxInterval)
  return Duration.millis(Math.min(max, initial * Math.pow(config.multiplier, attempt - 1)))
}

/**
 * The retry `Schedule` for RPC failures: recurs while the failure is
 * retryable, at most `maxRetries` times and within `maxElapsedTime`, with
 * exponential, jittered delays.
 *
 * @since 0.1.0
 * @category combinators
 */
export const toSchedule = (config: RetryConfigShape): Schedule.Schedule<RpcError, RpcError> => {
  const spread = Math.max(0, Math.min(1, config.randomizationFactor))
  const maxElapsedMillis = Duration.toMillis(config.maxElapsedTime)
  return Schedule.fromStepWithMetadata(Effect.succeed((step: Schedule.InputMetadata<RpcError>) => {
    const error = step.input
    if (!isRetryable(config, error) || step.attempt > config.maxRetries || step.elapsed >= maxElapsedMillis) {
      return Cause.done(error)
    }
    const delay = Duration.toMillis(baseDelay(config, error, step.attempt))
    if (spread === 0) return Effect.succeed([error, Duration.millis(delay)] as [RpcError, Duration.Duration])
    return Effect.map(
      Random.next,
      (random) => [error, Duration.millis(delay * (1 - spread + 2 * spread * random))] as [RpcError, Duration.Duration]
    )
  }))
}
