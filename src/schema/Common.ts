/**
 * Schemas and types shared by the workflow client: durations at the edge,
 * `RetryPolicy`, `Priority`, versioning overrides, and the enums Temporal
 * defines (ID reuse / conflict policies, execution status, query reject
 * condition, update stage, history event filter).
 *
 * Enums are string literal unions named after the Python SDK's members in
 * PascalCase (`WorkflowIDReusePolicy.ALLOW_DUPLICATE` → `"AllowDuplicate"`);
 * `internal/convert/common.ts` maps them to the proto enum numbers.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { InvalidArgumentError } from "./TemporalError.js"

// -----------------------------------------------------------------------------
// Payload
// -----------------------------------------------------------------------------

/**
 * A Temporal payload as it travels on the wire: metadata (encoding and the
 * like) and bytes. Headers, raw memo values and raw search attribute values
 * are payloads.
 *
 * @since 0.1.0
 * @category models
 */
export type Payload = temporal.api.common.v1.IPayload

/**
 * Schema of a {@link Payload} (checked to be an object; the bytes are kept as
 * they are).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Payload: Schema.Codec<Payload> = Schema.declare(
  (u: unknown): u is Payload => Predicate.isObject(u) && !Array.isArray(u),
  { identifier: "Payload", description: "a temporal.api.common.v1.Payload" }
)

// -----------------------------------------------------------------------------
// Durations
// -----------------------------------------------------------------------------

/**
 * Schema of any `Duration.Input` (a `Duration`, milliseconds as a
 * number, nanoseconds as a bigint, a `[seconds, nanos]` tuple or a string like
 * `"5 seconds"`). Every time value of the public API is one of these.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DurationInput: Schema.Codec<Duration.Input> = Schema.declare(
  (u: unknown): u is Duration.Input => Option.isSome(Duration.fromInput(u as Duration.Input)),
  { identifier: "DurationInput", description: "a Duration.Input" }
)

/**
 * What a duration option may be, for {@link validateDuration}.
 *
 * @since 0.1.0
 * @category validation
 */
export interface DurationConstraints {
  /** Accept a zero duration (otherwise it must be positive). Default `false`. */
  readonly allowZero?: boolean | undefined
  /** Accept `Duration.infinity` (and `Infinity`). Default `false`. */
  readonly allowInfinite?: boolean | undefined
}

const isNegativeInput = (input: unknown): boolean => {
  if (typeof input === "number") return input < 0
  if (typeof input === "bigint") return input < BigInt(0)
  if (typeof input === "string") return input.trimStart().startsWith("-")
  if (Array.isArray(input) && input.length === 2) {
    const [s, n] = input as ReadonlyArray<unknown>
    if (typeof s === "number" && typeof n === "number") {
      return s * 1e9 + n < 0
    }
  }
  return false
}

/**
 * A caller's value for an error message; never throws, whatever the value
 * (an object whose `toString` is not a function makes `String(value)` throw).
 *
 * @since 0.1.0
 * @category validation
 */
export const describeInput = (value: unknown): string => {
  try {
    return String(value)
  } catch {
    return typeof value === "object" && value !== null ? "an object" : typeof value
  }
}

/**
 * Decodes a `Duration.Input` given at the edge, failing with
 * `InvalidArgumentError` (naming `field`) when it is not a duration, is
 * negative (Effect would silently clamp it to zero), is zero when zero is not
 * allowed, or is infinite when infinity is not allowed.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateDuration = (
  field: string,
  input: Duration.Input,
  constraints?: DurationConstraints
): Effect.Effect<Duration.Duration, InvalidArgumentError> => {
  if (typeof input === "number" && Number.isNaN(input)) {
    return Effect.fail(new InvalidArgumentError({ field, reason: "is NaN, not a duration" }))
  }
  if (isNegativeInput(input)) {
    return Effect.fail(
      new InvalidArgumentError({ field, reason: `must not be negative (got ${describeInput(input)})` })
    )
  }
  const decoded = Duration.fromInput(input as Duration.Input)
  if (Option.isNone(decoded)) {
    return Effect.fail(
      new InvalidArgumentError({ field, reason: `is not a Duration.Input (got ${describeInput(input)})` })
    )
  }
  const duration = decoded.value
  if (!Duration.isFinite(duration) && constraints?.allowInfinite !== true) {
    return Effect.fail(new InvalidArgumentError({ field, reason: "must be finite" }))
  }
  if (Duration.isZero(duration) && constraints?.allowZero !== true) {
    return Effect.fail(new InvalidArgumentError({ field, reason: "must be positive (got zero)" }))
  }
  if (Duration.isFinite(duration) && Duration.toMillis(duration) > maxProtoDurationMillis) {
    return Effect.fail(
      new InvalidArgumentError({
        field,
        reason: `is longer than a protobuf Duration can carry (at most ${maxProtoDurationSeconds} s)`
      })
    )
  }
  return Effect.succeed(duration)
}

/** The largest `google.protobuf.Duration`: 10 000 years. */
const maxProtoDurationSeconds = 315_576_000_000
const maxProtoDurationMillis = maxProtoDurationSeconds * 1000

// -----------------------------------------------------------------------------
// RetryPolicy
// -----------------------------------------------------------------------------

/**
 * How a workflow (or activity) is retried; the Python SDK's
 * `temporalio.common.RetryPolicy`. Fields left out take the server's defaults
 * (initial interval 1 s, backoff coefficient 2, maximum interval 100 × the
 * initial interval, unlimited attempts).
 *
 * - `initialInterval`: backoff before the first retry.
 * - `backoffCoefficient`: multiplier of the interval on each retry; at least 1.
 * - `maximumInterval`: cap on the interval; at least `initialInterval`.
 * - `maximumAttempts`: total attempts including the first; `0` means unlimited.
 * - `nonRetryableErrorTypes`: application failure types that are not retried.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RetryPolicy = Schema.Struct({
  initialInterval: Schema.optional(DurationInput),
  backoffCoefficient: Schema.optional(Schema.Number),
  maximumInterval: Schema.optional(DurationInput),
  maximumAttempts: Schema.optional(Schema.Number),
  nonRetryableErrorTypes: Schema.optional(Schema.Array(Schema.String))
}).annotate({ identifier: "RetryPolicy" })

/**
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy extends Schema.Schema.Type<typeof RetryPolicy> {}

/**
 * A {@link RetryPolicy} whose intervals are decoded `Duration`s: what
 * {@link validateRetryPolicy} returns and what is read back from the server.
 * It is itself a valid `RetryPolicy`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedRetryPolicy {
  /** Backoff before the first retry. */
  readonly initialInterval?: Duration.Duration | undefined
  /** Multiplier of the interval on each retry. */
  readonly backoffCoefficient?: number | undefined
  /** Cap on the interval. */
  readonly maximumInterval?: Duration.Duration | undefined
  /** Total attempts including the first; `0` means unlimited. */
  readonly maximumAttempts?: number | undefined
  /** Application failure types that are not retried. */
  readonly nonRetryableErrorTypes?: ReadonlyArray<string> | undefined
}

/**
 * Checks a retry policy with the rules the server applies
 * (`retrypolicy.Validate`): `backoffCoefficient` ≥ 1, `initialInterval` and
 * `maximumInterval` positive durations, `maximumInterval` ≥
 * `initialInterval` when both are given, `maximumAttempts` a non-negative
 * integer. `path` prefixes the field names in the error.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateRetryPolicy = (
  policy: RetryPolicy,
  path: string = "retryPolicy"
): Effect.Effect<ResolvedRetryPolicy, InvalidArgumentError> =>
  Effect.gen(function*() {
    if (!Predicate.isObject(policy)) {
      return yield* new InvalidArgumentError({ field: path, reason: "must be an object" })
    }
    const out: {
      -readonly [K in keyof ResolvedRetryPolicy]: ResolvedRetryPolicy[K]
    } = {}
    if (policy.initialInterval !== undefined) {
      out.initialInterval = yield* validateDuration(`${path}.initialInterval`, policy.initialInterval)
    }
    if (policy.maximumInterval !== undefined) {
      out.maximumInterval = yield* validateDuration(`${path}.maximumInterval`, policy.maximumInterval)
    }
    if (
      out.initialInterval !== undefined && out.maximumInterval !== undefined &&
      Duration.isLessThan(out.maximumInterval, out.initialInterval)
    ) {
      return yield* new InvalidArgumentError({
        field: `${path}.maximumInterval`,
        reason: `must not be less than initialInterval (${Duration.format(out.maximumInterval)} < ${
          Duration.format(out.initialInterval)
        })`
      })
    }
    if (policy.backoffCoefficient !== undefined) {
      const c = policy.backoffCoefficient
      if (typeof c !== "number" || !Number.isFinite(c) || c < 1) {
        return yield* new InvalidArgumentError({
          field: `${path}.backoffCoefficient`,
          reason: `must be a finite number of at least 1 (got ${describeInput(c)})`
        })
      }
      out.backoffCoefficient = c
    }
    if (policy.maximumAttempts !== undefined) {
      const n = policy.maximumAttempts
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 2_147_483_647) {
        return yield* new InvalidArgumentError({
          field: `${path}.maximumAttempts`,
          reason: `must be a non-negative 32-bit integer, 0 meaning unlimited (got ${describeInput(n)})`
        })
      }
      out.maximumAttempts = n
    }
    if (policy.nonRetryableErrorTypes !== undefined) {
      const types = policy.nonRetryableErrorTypes
      if (!Array.isArray(types) || !types.every(Predicate.isString)) {
        return yield* new InvalidArgumentError({
          field: `${path}.nonRetryableErrorTypes`,
          reason: "must be an array of strings"
        })
      }
      out.nonRetryableErrorTypes = types
    }
    return out
  })

// -----------------------------------------------------------------------------
// Priority
// -----------------------------------------------------------------------------

/**
 * Task priority and fairness; the Python SDK's `temporalio.common.Priority`.
 *
 * - `priorityKey`: lower is more urgent; `0` or absent means the default
 *   (the middle of the server's range, 3 with the default 1…5).
 * - `fairnessKey`: tasks sharing a key share a fair portion of dispatch (at
 *   most 64 bytes).
 * - `fairnessWeight`: the key's weight in fair dispatch (the server clamps it
 *   to 0.001…1000; absent means 1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Priority = Schema.Struct({
  priorityKey: Schema.optional(Schema.Int),
  fairnessKey: Schema.optional(Schema.String),
  fairnessWeight: Schema.optional(Schema.Number)
}).annotate({ identifier: "Priority" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Priority extends Schema.Schema.Type<typeof Priority> {}

/**
 * Checks a priority with the server's rules (`priorities.Validate`):
 * `priorityKey` a non-negative 32-bit integer, `fairnessKey` at most 64
 * bytes, `fairnessWeight` finite and not negative.
 *
 * @since 0.1.0
 * @category validation
 */
export const validatePriority = (
  priority: Priority,
  path: string = "priority"
): Effect.Effect<Priority, InvalidArgumentError> => {
  if (!Predicate.isObject(priority)) {
    return Effect.fail(new InvalidArgumentError({ field: path, reason: "must be an object" }))
  }
  const { fairnessKey, fairnessWeight, priorityKey } = priority
  if (
    priorityKey !== undefined &&
    (typeof priorityKey !== "number" || !Number.isInteger(priorityKey) || priorityKey < 0 ||
      priorityKey > 2_147_483_647)
  ) {
    return Effect.fail(
      new InvalidArgumentError({
        field: `${path}.priorityKey`,
        reason: `must be a non-negative integer (got ${describeInput(priorityKey)})`
      })
    )
  }
  if (fairnessKey !== undefined) {
    if (typeof fairnessKey !== "string") {
      return Effect.fail(new InvalidArgumentError({ field: `${path}.fairnessKey`, reason: "must be a string" }))
    }
    const bytes = new TextEncoder().encode(fairnessKey).length
    if (bytes > 64) {
      return Effect.fail(
        new InvalidArgumentError({ field: `${path}.fairnessKey`, reason: `must be at most 64 bytes (got ${bytes})` })
      )
    }
  }
  if (
    fairnessWeight !== undefined &&
    (typeof fairnessWeight !== "number" || !Number.isFinite(fairnessWeight) || fairnessWeight < 0)
  ) {
    return Effect.fail(
      new InvalidArgumentError({
        field: `${path}.fairnessWeight`,
        reason: `must be a finite, non-negative number (got ${describeInput(fairnessWeight)})`
      })
    )
  }
  return Effect.succeed(priority)
}

// -----------------------------------------------------------------------------
// Enums
// -----------------------------------------------------------------------------

/**
 * What happens when a workflow is started with the ID of a *closed* workflow
 * (Python `WorkflowIDReusePolicy`):
 *
 * - `"AllowDuplicate"`: start a new run (the default).
 * - `"AllowDuplicateFailedOnly"`: only if the last run failed, was canceled,
 *   terminated or timed out.
 * - `"RejectDuplicate"`: never reuse the ID.
 * - `"TerminateIfRunning"`: terminate a running workflow and start (deprecated
 *   by the server in favour of `idConflictPolicy: "TerminateExisting"`; it may
 *   not be combined with an `idConflictPolicy`).
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowIdReusePolicy = Schema.Literals([
  "AllowDuplicate",
  "AllowDuplicateFailedOnly",
  "RejectDuplicate",
  "TerminateIfRunning"
]).annotate({ identifier: "WorkflowIdReusePolicy" })

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowIdReusePolicy = typeof WorkflowIdReusePolicy.Type

/**
 * What happens when a workflow is started with the ID of a *running*
 * workflow (Python `WorkflowIDConflictPolicy`; absent = the server's default,
 * which is `"Fail"` for a plain start and `"UseExisting"` for signal-with-start):
 *
 * - `"Fail"`: fail with `WorkflowAlreadyStartedError`.
 * - `"UseExisting"`: return a handle to the running workflow.
 * - `"TerminateExisting"`: terminate the running workflow and start a new one.
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowIdConflictPolicy = Schema.Literals(["Fail", "UseExisting", "TerminateExisting"]).annotate({
  identifier: "WorkflowIdConflictPolicy"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowIdConflictPolicy = typeof WorkflowIdConflictPolicy.Type

/**
 * The status of a workflow execution (Python `WorkflowExecutionStatus`).
 * `"Paused"` is newer than the Python SDK's list; servers that know it send it.
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowExecutionStatus = Schema.Literals([
  "Running",
  "Completed",
  "Failed",
  "Canceled",
  "Terminated",
  "ContinuedAsNew",
  "TimedOut",
  "Paused"
]).annotate({ identifier: "WorkflowExecutionStatus" })

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowExecutionStatus = typeof WorkflowExecutionStatus.Type

/**
 * When a query is rejected instead of answered (Python
 * `QueryRejectCondition`):
 *
 * - `"None"`: never rejected.
 * - `"NotOpen"`: rejected when the workflow is closed.
 * - `"NotCompletedCleanly"`: rejected when the workflow closed other than by
 *   completing.
 *
 * @since 0.1.0
 * @category enums
 */
export const QueryRejectCondition = Schema.Literals(["None", "NotOpen", "NotCompletedCleanly"]).annotate({
  identifier: "QueryRejectCondition"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type QueryRejectCondition = typeof QueryRejectCondition.Type

/**
 * A stage of an update's life (Python `WorkflowUpdateStage`): `"Admitted"`
 * (the server has it), `"Accepted"` (the workflow's validator accepted it),
 * `"Completed"` (the handler finished).
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowUpdateStage = Schema.Literals(["Admitted", "Accepted", "Completed"]).annotate({
  identifier: "WorkflowUpdateStage"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowUpdateStage = typeof WorkflowUpdateStage.Type

/**
 * Which history events to fetch (Python `WorkflowHistoryEventFilterType`):
 * `"AllEvent"` or only the `"CloseEvent"`.
 *
 * @since 0.1.0
 * @category enums
 */
export const WorkflowHistoryEventFilterType = Schema.Literals(["AllEvent", "CloseEvent"]).annotate({
  identifier: "WorkflowHistoryEventFilterType"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type WorkflowHistoryEventFilterType = typeof WorkflowHistoryEventFilterType.Type

// -----------------------------------------------------------------------------
// Versioning
// -----------------------------------------------------------------------------

/**
 * A worker deployment version (Python `WorkerDeploymentVersion`): the
 * deployment's name and the build ID within it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkerDeploymentVersion = Schema.Struct({
  deploymentName: Schema.String,
  buildId: Schema.String
}).annotate({ identifier: "WorkerDeploymentVersion" })

/**
 * @since 0.1.0
 * @category models
 */
export interface WorkerDeploymentVersion extends Schema.Schema.Type<typeof WorkerDeploymentVersion> {}

/**
 * Pin the workflow to one worker deployment version (Python
 * `PinnedVersioningOverride`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PinnedVersioningOverride = Schema.TaggedStruct("Pinned", {
  version: WorkerDeploymentVersion
}).annotate({ identifier: "PinnedVersioningOverride" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PinnedVersioningOverride extends Schema.Schema.Type<typeof PinnedVersioningOverride> {}

/**
 * Overrides the versioning behavior of a workflow (Python
 * `VersioningOverride`): pinned to a version
 * (`{ _tag: "Pinned", version: { deploymentName, buildId } }`, see
 * {@link pinnedVersioningOverride}) or `"AutoUpgrade"` (move to the current
 * version of its deployment).
 *
 * @since 0.1.0
 * @category schemas
 */
export const VersioningOverride = Schema.Union([PinnedVersioningOverride, Schema.Literal("AutoUpgrade")]).annotate({
  identifier: "VersioningOverride"
})

/**
 * @since 0.1.0
 * @category models
 */
export type VersioningOverride = PinnedVersioningOverride | "AutoUpgrade"

/**
 * Builds a pinned {@link VersioningOverride}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const pinnedVersioningOverride = (version: WorkerDeploymentVersion): PinnedVersioningOverride => ({
  _tag: "Pinned",
  version
})

/**
 * Checks a versioning override: `"AutoUpgrade"`, or pinned to a version whose
 * deployment name and build ID are both non-empty.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateVersioningOverride = (
  override: VersioningOverride,
  path: string = "versioningOverride"
): Effect.Effect<VersioningOverride, InvalidArgumentError> => {
  if (override === "AutoUpgrade") return Effect.succeed(override)
  if (!Predicate.isObject(override) || override._tag !== "Pinned" || !Predicate.isObject(override.version)) {
    return Effect.fail(
      new InvalidArgumentError({
        field: path,
        reason: "must be \"AutoUpgrade\" or { _tag: \"Pinned\", version: { deploymentName, buildId } }"
      })
    )
  }
  const { buildId, deploymentName } = override.version
  if (typeof deploymentName !== "string" || deploymentName.length === 0) {
    return Effect.fail(
      new InvalidArgumentError({ field: `${path}.version.deploymentName`, reason: "must be a non-empty string" })
    )
  }
  if (typeof buildId !== "string" || buildId.length === 0) {
    return Effect.fail(
      new InvalidArgumentError({ field: `${path}.version.buildId`, reason: "must be a non-empty string" })
    )
  }
  return Effect.succeed(override)
}
