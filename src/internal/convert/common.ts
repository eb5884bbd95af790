/**
 * Pure conversions between the shared models of `schema/Common.ts` and the
 * `@temporalio/proto` messages: durations, timestamps, int64 values, retry
 * policies, priorities, versioning overrides and every enum.
 *
 * int64 fields are `Long` in the proto types; they become plain numbers for
 * users (exact up to `Number.MAX_SAFE_INTEGER`, which no count, length or
 * size reaches).
 *
 * @internal
 */
import type { google, temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import type { Payload, Priority, ResolvedRetryPolicy, RetryPolicy, VersioningOverride } from "../../schema/Common.js"
import {
  QueryRejectCondition,
  WorkflowExecutionStatus,
  WorkflowHistoryEventFilterType,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowUpdateStage
} from "../../schema/Common/enums.js"
import * as Enums from "../proto/enums.js"
import * as ProtoRoot from "../proto/root.js"

// -----------------------------------------------------------------------------
// int64
// -----------------------------------------------------------------------------

/**
 * The `Long` class of the proto types (long.js).
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export type Long = NonNullable<google.protobuf.Duration.$Properties["seconds"]>

interface LongStatics {
  fromString(value: string, unsigned?: boolean): Long
  fromNumber(value: number, unsigned?: boolean): Long
}

/** protobufjs's `util.Long` is long.js at runtime; its declared type is a minimal stand-in. */
const LongImpl = (): LongStatics => ProtoRoot.protobufjs().util.Long as unknown as LongStatics

/**
 * What an int64 field may hold: a `Long` from a decoded message, or a number
 * or string from a plain object.
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export type Int64Like = Long | number | string | bigint | { readonly low: number; readonly high: number }

const two32 = 4_294_967_296

/**
 * An int64 value as a number (`0` when absent).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const int64ToNumber = (value: Int64Like | null | undefined): number => {
  if (value === null || value === undefined) return 0
  if (typeof value === "number") return value
  if (typeof value === "string") return Number(value)
  if (typeof value === "bigint") return Number(value)
  if (Predicate.hasProperty(value, "toNumber") && typeof value.toNumber === "function") {
    return (value as Long).toNumber()
  }
  return value.high * two32 + (value.low >>> 0)
}

/**
 * An int64 value as a bigint (`0n` when absent), exact.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const int64ToBigInt = (value: Int64Like | null | undefined): bigint => {
  if (value === null || value === undefined) return BigInt(0)
  if (typeof value === "bigint") return value
  if (typeof value === "number") return BigInt(Math.trunc(value))
  if (typeof value === "string") return BigInt(value)
  if (typeof (value as Partial<Long>).toNumber === "function") return BigInt((value as Long).toString())
  return (BigInt(value.high) << BigInt(32)) + BigInt(value.low >>> 0)
}

/**
 * A number or bigint as a `Long` for an int64 field.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const int64FromNumber = (value: number | bigint): Long =>
  typeof value === "bigint" ? LongImpl().fromString(value.toString()) : LongImpl().fromNumber(value)

// -----------------------------------------------------------------------------
// Duration and Timestamp
// -----------------------------------------------------------------------------

const nanosPerSecond = BigInt(1_000_000_000)

/**
 * A finite duration as a `google.protobuf.Duration` (seconds and nanos, both
 * non-negative). An infinite duration is a defect: validate first.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const durationToProto = (input: Duration.Input): google.protobuf.IDuration => {
  const duration = Duration.fromInputUnsafe(input)
  const nanos = Duration.toNanos(duration).pipe(
    Option.getOrElse(() => BigInt(Math.floor(Duration.toMillis(duration))) * BigInt(1_000_000))
  )
  return {
    seconds: int64FromNumber(nanos / nanosPerSecond),
    nanos: Number(nanos % nanosPerSecond)
  }
}

/**
 * A `google.protobuf.Duration` as a `Duration` (`undefined` when absent).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const durationFromProto = (
  proto: google.protobuf.IDuration | null | undefined
): Duration.Duration | undefined => {
  if (proto === null || proto === undefined) return undefined
  const nanos = int64ToBigInt(proto.seconds) * nanosPerSecond + BigInt(proto.nanos ?? 0)
  return Duration.nanos(nanos)
}

/**
 * A `Date` as a `google.protobuf.Timestamp` (millisecond precision).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const timestampToProto = (date: Date): google.protobuf.ITimestamp => {
  const millis = date.getTime()
  const seconds = Math.floor(millis / 1000)
  return { seconds: int64FromNumber(seconds), nanos: (millis - seconds * 1000) * 1_000_000 }
}

/**
 * A `google.protobuf.Timestamp` as a `Date` (`undefined` when absent; nanos
 * below a millisecond are dropped).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const timestampFromProto = (proto: google.protobuf.ITimestamp | null | undefined): Date | undefined => {
  if (proto === null || proto === undefined) return undefined
  return new Date(int64ToNumber(proto.seconds) * 1000 + Math.floor((proto.nanos ?? 0) / 1_000_000))
}

// -----------------------------------------------------------------------------
// Payloads
// -----------------------------------------------------------------------------

/**
 * Payloads as a `Payloads` message.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const payloadsToProto = (payloads: ReadonlyArray<Payload>): temporal.api.common.v1.IPayloads => ({
  payloads: [...payloads]
})

/**
 * The payloads of a `Payloads` message (empty when absent).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const payloadsFromProto = (
  proto: temporal.api.common.v1.IPayloads | null | undefined
): ReadonlyArray<Payload> => proto?.payloads ?? []

/**
 * A payload map field (`Memo.fields`, `SearchAttributes.indexedFields`,
 * `Header.fields`) as a plain record (empty when absent).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const payloadMapFromProto = (
  fields: { readonly [k: string]: Payload } | null | undefined
): Record<string, Payload> => (fields === null || fields === undefined ? {} : { ...fields })

// -----------------------------------------------------------------------------
// Enums
// -----------------------------------------------------------------------------

/**
 * A literal union ⇄ proto enum mapping.
 *
 * @since 0.1.0
 * @category models
 * @internal
 */
export interface EnumConverter<L extends string, P extends number> {
  /** The proto enum number of a literal. */
  readonly toProto: (value: L) => P
  /** The literal of a proto enum number or name; `undefined` for UNSPECIFIED, absent or unknown values. */
  readonly fromProto: (value: P | number | string | null | undefined) => L | undefined
  /** The whole mapping, literal → number. */
  readonly mapping: { readonly [K in L]: P }
}

/**
 * The end of a proto enum value's name that a literal stands for:
 * `ContinuedAsNew` → `CONTINUED_AS_NEW`.
 *
 * @internal
 */
export type ProtoSuffix<S extends string, First extends boolean = true> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? "" : First extends true ? "" : "_"}${Uppercase<H>}${ProtoSuffix<T, false>}`
  : ""

/**
 * What the names of a proto enum table's values start with: the name of its
 * zero value without `UNSPECIFIED` (`WORKFLOW_ID_REUSE_POLICY_`).
 *
 * @internal
 */
export type ProtoPrefix<T> = Extract<keyof T, `${string}UNSPECIFIED`> extends `${infer P}UNSPECIFIED` ? P : never

const protoSuffix = (literal: string): string => literal.replace(/(?!^)[A-Z]/g, "_$&").toUpperCase()

const unspecified = "UNSPECIFIED"

/**
 * The converter of the literals of an enum Schema to the values of a proto
 * enum table (`./proto/enums.ts`), each literal to the value named as the
 * literal in capitals after the table's prefix (`"UseExisting"` →
 * `WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING`). The type checker holds every
 * literal to a value of the table.
 *
 * @since 1.0.0
 * @category constructors
 * @internal
 */
export const makeEnumConverter = <const L extends string, T extends Readonly<Record<string, number>>>(
  table: T & { readonly [K in `${ProtoPrefix<T>}${ProtoSuffix<L>}`]: number },
  literals: ReadonlyArray<L>
): EnumConverter<L, T[`${ProtoPrefix<T>}${ProtoSuffix<L>}`]> => {
  type P = T[`${ProtoPrefix<T>}${ProtoSuffix<L>}`]
  const byName = table as { readonly [name: string]: number | undefined }
  const zero = Object.keys(table).find((name) => name.endsWith(unspecified)) ?? unspecified
  const prefix = zero.slice(0, zero.length - unspecified.length)
  const mapping = Object.fromEntries(
    literals.map((literal) => [literal, byName[`${prefix}${protoSuffix(literal)}`]])
  ) as { readonly [K in L]: P }
  const reverse = new Map<number, L>()
  for (const literal of literals) reverse.set(mapping[literal], literal)
  return {
    mapping,
    toProto: (value) => mapping[value],
    fromProto: (value) => {
      if (value === null || value === undefined) return undefined
      const n = typeof value === "string" ? byName[value] : value
      return n === undefined ? undefined : reverse.get(n)
    }
  }
}

/** `WorkflowIdReusePolicy` ⇄ `temporal.api.enums.v1.WorkflowIdReusePolicy`. @internal */
export const WorkflowIdReusePolicyProto = makeEnumConverter(Enums.WorkflowIdReusePolicy, WorkflowIdReusePolicy.literals)

/** `WorkflowIdConflictPolicy` ⇄ `temporal.api.enums.v1.WorkflowIdConflictPolicy`. @internal */
export const WorkflowIdConflictPolicyProto = makeEnumConverter(
  Enums.WorkflowIdConflictPolicy,
  WorkflowIdConflictPolicy.literals
)

/** `WorkflowExecutionStatus` ⇄ `temporal.api.enums.v1.WorkflowExecutionStatus`. @internal */
export const WorkflowExecutionStatusProto = makeEnumConverter(
  Enums.WorkflowExecutionStatus,
  WorkflowExecutionStatus.literals
)

/** `QueryRejectCondition` ⇄ `temporal.api.enums.v1.QueryRejectCondition`. @internal */
export const QueryRejectConditionProto = makeEnumConverter(Enums.QueryRejectCondition, QueryRejectCondition.literals)

/** `WorkflowUpdateStage` ⇄ `temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage`. @internal */
export const WorkflowUpdateStageProto = makeEnumConverter(
  Enums.UpdateWorkflowExecutionLifecycleStage,
  WorkflowUpdateStage.literals
)

/** `WorkflowHistoryEventFilterType` ⇄ `temporal.api.enums.v1.HistoryEventFilterType`. @internal */
export const WorkflowHistoryEventFilterTypeProto = makeEnumConverter(
  Enums.HistoryEventFilterType,
  WorkflowHistoryEventFilterType.literals
)

// -----------------------------------------------------------------------------
// RetryPolicy
// -----------------------------------------------------------------------------

/**
 * A retry policy as a `RetryPolicy` message; fields left out stay unset (the
 * server fills its defaults). Validate first (`validateRetryPolicy`).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const retryPolicyToProto = (policy: RetryPolicy): temporal.api.common.v1.IRetryPolicy => {
  const out: temporal.api.common.v1.IRetryPolicy = {}
  if (policy.initialInterval !== undefined) out.initialInterval = durationToProto(policy.initialInterval)
  if (policy.backoffCoefficient !== undefined) out.backoffCoefficient = policy.backoffCoefficient
  if (policy.maximumInterval !== undefined) out.maximumInterval = durationToProto(policy.maximumInterval)
  if (policy.maximumAttempts !== undefined) out.maximumAttempts = policy.maximumAttempts
  if (policy.nonRetryableErrorTypes !== undefined) out.nonRetryableErrorTypes = [...policy.nonRetryableErrorTypes]
  return out
}

/**
 * A `RetryPolicy` message as a retry policy (`undefined` when absent). Proto
 * defaults meaning "unset" (a zero backoff coefficient, an empty list of
 * non-retryable types) are left out; `maximumAttempts` is kept, 0 meaning
 * unlimited.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const retryPolicyFromProto = (
  proto: temporal.api.common.v1.IRetryPolicy | null | undefined
): ResolvedRetryPolicy | undefined => {
  if (proto === null || proto === undefined) return undefined
  const out: { -readonly [K in keyof ResolvedRetryPolicy]: ResolvedRetryPolicy[K] } = {}
  const initialInterval = durationFromProto(proto.initialInterval)
  if (initialInterval !== undefined) out.initialInterval = initialInterval
  if (typeof proto.backoffCoefficient === "number" && proto.backoffCoefficient !== 0) {
    out.backoffCoefficient = proto.backoffCoefficient
  }
  const maximumInterval = durationFromProto(proto.maximumInterval)
  if (maximumInterval !== undefined) out.maximumInterval = maximumInterval
  if (typeof proto.maximumAttempts === "number") out.maximumAttempts = proto.maximumAttempts
  if (proto.nonRetryableErrorTypes !== null && proto.nonRetryableErrorTypes !== undefined) {
    if (proto.nonRetryableErrorTypes.length > 0) out.nonRetryableErrorTypes = [...proto.nonRetryableErrorTypes]
  }
  return out
}

// -----------------------------------------------------------------------------
// Priority
// -----------------------------------------------------------------------------

/**
 * A priority as a `Priority` message (fields left out stay unset).
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const priorityToProto = (priority: Priority): temporal.api.common.v1.IPriority => {
  const out: temporal.api.common.v1.IPriority = {}
  if (priority.priorityKey !== undefined) out.priorityKey = priority.priorityKey
  if (priority.fairnessKey !== undefined) out.fairnessKey = priority.fairnessKey
  if (priority.fairnessWeight !== undefined) out.fairnessWeight = priority.fairnessWeight
  return out
}

/**
 * A `Priority` message as a priority (`undefined` when absent); proto
 * defaults (0, "") mean "unset" and are left out.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const priorityFromProto = (
  proto: temporal.api.common.v1.IPriority | null | undefined
): Priority | undefined => {
  if (proto === null || proto === undefined) return undefined
  const out: { -readonly [K in keyof Priority]: Priority[K] } = {}
  if (typeof proto.priorityKey === "number" && proto.priorityKey !== 0) out.priorityKey = proto.priorityKey
  if (typeof proto.fairnessKey === "string" && proto.fairnessKey !== "") out.fairnessKey = proto.fairnessKey
  if (typeof proto.fairnessWeight === "number" && proto.fairnessWeight !== 0) {
    out.fairnessWeight = proto.fairnessWeight
  }
  return out
}

// -----------------------------------------------------------------------------
// VersioningOverride
// -----------------------------------------------------------------------------

/**
 * A versioning override as a `VersioningOverride` message, written as the
 * official SDKs write it: the `pinned` / `autoUpgrade` oneof plus the
 * deprecated `behavior` (and `pinnedVersion`, `"<deploymentName>.<buildId>"`)
 * for older servers.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const versioningOverrideToProto = (
  override: VersioningOverride
): temporal.api.workflow.v1.IVersioningOverride => {
  if (override === "AutoUpgrade") {
    return { autoUpgrade: true, behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE }
  }
  const { buildId, deploymentName } = override.version
  return {
    pinned: {
      version: { deploymentName, buildId },
      behavior: Enums.PinnedOverrideBehavior.PINNED_OVERRIDE_BEHAVIOR_PINNED
    },
    behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_PINNED,
    pinnedVersion: `${deploymentName}.${buildId}`
  }
}

/**
 * A `VersioningOverride` message as a versioning override (`undefined` when
 * absent or empty); reads the current fields first, then the deprecated ones.
 *
 * @since 0.1.0
 * @category conversions
 * @internal
 */
export const versioningOverrideFromProto = (
  proto: temporal.api.workflow.v1.IVersioningOverride | null | undefined
): VersioningOverride | undefined => {
  if (proto === null || proto === undefined) return undefined
  if (proto.autoUpgrade === true || proto.behavior === Enums.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE) {
    return "AutoUpgrade"
  }
  const version = proto.pinned?.version
  if (version?.deploymentName && version.buildId) {
    return { _tag: "Pinned", version: { deploymentName: version.deploymentName, buildId: version.buildId } }
  }
  if (proto.pinnedVersion) {
    const dot = proto.pinnedVersion.indexOf(".")
    if (dot > 0) {
      return {
        _tag: "Pinned",
        version: {
          deploymentName: proto.pinnedVersion.slice(0, dot),
          buildId: proto.pinnedVersion.slice(dot + 1)
        }
      }
    }
  }
  if (proto.deployment?.seriesName && proto.deployment.buildId) {
    return {
      _tag: "Pinned",
      version: { deploymentName: proto.deployment.seriesName, buildId: proto.deployment.buildId }
    }
  }
  return undefined
}
