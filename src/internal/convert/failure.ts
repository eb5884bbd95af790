/**
 * The default failure converter: `TemporalFailure` classes (and any other
 * error) to and from `temporal.api.failure.v1.Failure`, field for field as the
 * official SDKs map them, including the "encode common attributes" option.
 *
 * @internal
 */
import type { google, temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Failure from "../../schema/Failure.js"
import type { DataConverterError, ExternalStorageError, PayloadCodecError } from "../../schema/TemporalError.js"
import type { FailureConverter } from "../../services/DataConverter.js"
import * as Enums from "../proto/enums.js"
import type { Payload } from "./payload.js"

/** @internal */
export type ProtoFailure = temporal.api.failure.v1.IFailure

type Long = NonNullable<temporal.api.failure.v1.IActivityFailureInfo["scheduledEventId"]>
type ProtoDuration = google.protobuf.IDuration

type E = DataConverterError | PayloadCodecError | ExternalStorageError

/** The placeholder message of a failure whose message and stack trace are in `encodedAttributes`. @internal */
export const encodedFailureMessage = "Encoded failure"

// ---------------------------------------------------------------------------
// scalar helpers
// ---------------------------------------------------------------------------

/** int64 from the wire (`Long` or number) as a JS number. @internal */
export const longToNumber = (value: Long | number | null | undefined): number => {
  if (value === null || value === undefined) return 0
  if (typeof value === "number") return value
  return (value as { toNumber(): number }).toNumber()
}

/** A JS number for an int64 field (protobufjs accepts numbers). @internal */
export const numberToLong = (value: number): Long => value as unknown as Long

/** @internal */
export const durationFromProto = (value: ProtoDuration | null | undefined): Duration.Duration | undefined => {
  if (value === null || value === undefined) return undefined
  const seconds = longToNumber(value.seconds as Long | number | null | undefined)
  const nanos = value.nanos ?? 0
  const total = BigInt(seconds) * 1_000_000_000n + BigInt(nanos)
  return total % 1_000_000n === 0n ? Duration.millis(Number(total / 1_000_000n)) : Duration.nanos(total)
}

/** @internal */
export const durationToProto = (value: Duration.Duration): ProtoDuration => {
  const nanos = Duration.toNanos(value)
  const total = nanos._tag === "Some" ? nanos.value : BigInt(Math.round(Duration.toMillis(value) * 1_000_000))
  return {
    seconds: numberToLong(Number(total / 1_000_000_000n)),
    nanos: Number(total % 1_000_000_000n)
  }
}

const enumName = <const Names extends string>(
  values: Readonly<Record<string, number>>,
  names: ReadonlyArray<Names>,
  fallback: Names
) =>
(value: number | null | undefined): Names => {
  for (const name of names) {
    if (values[name] === (value ?? 0)) return name
  }
  return fallback
}

const enumValue = (values: Readonly<Record<string, number>>) => (name: string): number => values[name] ?? 0

const retryStateName = enumName(Enums.RetryState, Failure.RetryState.literals, "RETRY_STATE_UNSPECIFIED")
const timeoutTypeName = enumName(Enums.TimeoutType, Failure.TimeoutType.literals, "TIMEOUT_TYPE_UNSPECIFIED")
const categoryName = enumName(
  Enums.ApplicationErrorCategory,
  Failure.ApplicationFailureCategory.literals,
  "APPLICATION_ERROR_CATEGORY_UNSPECIFIED"
)
const retryBehaviorName = enumName(
  Enums.NexusHandlerErrorRetryBehavior,
  Failure.NexusHandlerErrorRetryBehavior.literals,
  "NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_UNSPECIFIED"
)
const retryStateValue = enumValue(Enums.RetryState)
const timeoutTypeValue = enumValue(Enums.TimeoutType)
const categoryValue = enumValue(Enums.ApplicationErrorCategory)
const retryBehaviorValue = enumValue(Enums.NexusHandlerErrorRetryBehavior)

const nonEmpty = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === "" ? undefined : value

// ---------------------------------------------------------------------------
// errors → failures
// ---------------------------------------------------------------------------

const errorName = (error: object): string | undefined => {
  if (Predicate.hasProperty(error, "_tag") && typeof error._tag === "string") return error._tag
  if (Predicate.hasProperty(error, "name") && typeof error.name === "string") return error.name
  return undefined
}

const nonErrorMessage = (value: unknown): string => {
  if (typeof value === "string") return value
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value)
    } catch {
      return String(value)
    }
  }
  return String(value)
}

/**
 * Any value as a failure class: failures stay as they are; other errors
 * become application failures typed by their `_tag` or `name`, with their
 * stack and `cause` chain.
 *
 * @internal
 */
export const fromUnknownError = (error: unknown, depth = 0): Failure.TemporalFailure => {
  if (Failure.isTemporalFailure(error)) return error
  if (error instanceof Error || (Predicate.isObject(error) && Predicate.hasProperty(error, "message"))) {
    const err = error as { readonly message?: unknown; readonly stack?: unknown; readonly cause?: unknown }
    const type = errorName(error)
    // a cause chain deeper than this is almost surely a cycle
    const cause = err.cause === undefined || err.cause === null || depth >= 64
      ? undefined
      : fromUnknownError(err.cause, depth + 1)
    return new Failure.ApplicationFailure({
      message: typeof err.message === "string" ? err.message : String(err.message ?? ""),
      stackTrace: typeof err.stack === "string" ? err.stack : "",
      ...(type === undefined ? {} : { type }),
      ...(cause === undefined ? {} : { cause })
    })
  }
  return new Failure.ApplicationFailure({ message: nonErrorMessage(error) })
}

const payloadsField = (
  values: ReadonlyArray<unknown>,
  payloads: FailureConverter.Payloads
): Effect.Effect<{ payloads: Array<Payload> } | undefined, E> =>
  values.length === 0 ? Effect.succeed(undefined) : Effect.map(payloads.toPayloads(values), (p) => ({ payloads: p }))

const infoOf = (
  failure: Failure.TemporalFailure,
  payloads: FailureConverter.Payloads
): Effect.Effect<Partial<ProtoFailure>, E> => {
  switch (failure._tag) {
    case "ApplicationFailure":
      return Effect.map(payloadsField(failure.details, payloads), (details) => ({
        applicationFailureInfo: {
          type: failure.type ?? "",
          nonRetryable: failure.nonRetryable,
          ...(details === undefined ? {} : { details }),
          ...(failure.nextRetryDelay === undefined ? {} : { nextRetryDelay: durationToProto(failure.nextRetryDelay) }),
          category: categoryValue(failure.category)
        }
      }))
    case "CanceledFailure":
      return Effect.map(payloadsField(failure.details, payloads), (details) => ({
        canceledFailureInfo: {
          ...(details === undefined ? {} : { details }),
          ...(failure.identity === undefined ? {} : { identity: failure.identity })
        }
      }))
    case "TerminatedFailure":
      return Effect.succeed({
        terminatedFailureInfo: failure.identity === undefined ? {} : { identity: failure.identity }
      })
    case "TimeoutFailure":
      return Effect.map(payloadsField(failure.lastHeartbeatDetails, payloads), (details) => ({
        timeoutFailureInfo: {
          timeoutType: timeoutTypeValue(failure.timeoutType),
          ...(details === undefined ? {} : { lastHeartbeatDetails: details })
        }
      }))
    case "ServerFailure":
      return Effect.succeed({ serverFailureInfo: { nonRetryable: failure.nonRetryable } })
    case "ActivityFailure":
      return Effect.succeed({
        activityFailureInfo: {
          activityType: { name: failure.activityType },
          activityId: failure.activityId,
          ...(failure.identity === undefined ? {} : { identity: failure.identity }),
          retryState: retryStateValue(failure.retryState),
          scheduledEventId: numberToLong(failure.scheduledEventId),
          startedEventId: numberToLong(failure.startedEventId)
        }
      })
    case "ChildWorkflowFailure":
      return Effect.succeed({
        childWorkflowExecutionFailureInfo: {
          namespace: failure.namespace,
          workflowExecution: { workflowId: failure.workflowId, runId: failure.runId },
          workflowType: { name: failure.workflowType },
          retryState: retryStateValue(failure.retryState),
          initiatedEventId: numberToLong(failure.initiatedEventId),
          startedEventId: numberToLong(failure.startedEventId)
        }
      })
    case "NexusOperationFailure":
      return Effect.succeed({
        nexusOperationExecutionFailureInfo: {
          endpoint: failure.endpoint,
          service: failure.service,
          operation: failure.operation,
          ...(failure.operationToken === undefined ? {} : { operationToken: failure.operationToken }),
          scheduledEventId: numberToLong(failure.scheduledEventId)
        }
      })
    case "NexusHandlerFailure":
      return Effect.succeed({
        nexusHandlerFailureInfo: { type: failure.type, retryBehavior: retryBehaviorValue(failure.retryBehavior) }
      })
    case "GenericFailure":
      return Effect.succeed({})
  }
}

/** @internal */
export interface Options {
  /**
   * Move each failure's message and stack trace into `encodedAttributes` (a
   * payload that goes through the codecs, so it can be encrypted), leaving
   * `Encoded failure` as the message.
   */
  readonly encodeCommonAttributes?: boolean | undefined
}

// ---------------------------------------------------------------------------
// failures → classes
// ---------------------------------------------------------------------------

/** The fields every failure class has. */
interface CommonFields {
  readonly message: string
  readonly stackTrace: string
  readonly source?: string
  readonly cause?: Failure.TemporalFailure
}

/** The values of a `Payloads` field of a failure info, decoded. */
type DetailsOf = (
  field: { readonly payloads?: ReadonlyArray<Payload> | null } | null | undefined
) => Effect.Effect<Array<unknown>, E>

/**
 * The failure of the infos that say how something ended (application,
 * server, timeout, termination, cancellation); `undefined` for the others.
 */
const fromOutcomeInfo = (
  failure: ProtoFailure,
  common: CommonFields,
  details: DetailsOf
): Effect.Effect<Failure.TemporalFailure, E> | undefined => {
  if (failure.applicationFailureInfo) {
    const info = failure.applicationFailureInfo
    return Effect.map(details(info.details), (values) => {
      const type = nonEmpty(info.type)
      const nextRetryDelay = durationFromProto(info.nextRetryDelay)
      return new Failure.ApplicationFailure({
        ...common,
        ...(type === undefined ? {} : { type }),
        nonRetryable: info.nonRetryable === true,
        details: values,
        ...(nextRetryDelay === undefined ? {} : { nextRetryDelay }),
        category: categoryName(info.category)
      })
    })
  }
  if (failure.serverFailureInfo) {
    return Effect.succeed(
      new Failure.ServerFailure({ ...common, nonRetryable: failure.serverFailureInfo.nonRetryable === true })
    )
  }
  if (failure.timeoutFailureInfo) {
    const info = failure.timeoutFailureInfo
    return Effect.map(details(info.lastHeartbeatDetails), (values) =>
      new Failure.TimeoutFailure({
        ...common,
        timeoutType: timeoutTypeName(info.timeoutType),
        lastHeartbeatDetails: values
      }))
  }
  if (failure.terminatedFailureInfo) {
    const identity = nonEmpty(failure.terminatedFailureInfo.identity)
    return Effect.succeed(
      new Failure.TerminatedFailure({ ...common, ...(identity === undefined ? {} : { identity }) })
    )
  }
  if (failure.canceledFailureInfo) {
    const info = failure.canceledFailureInfo
    const identity = nonEmpty(info.identity)
    return Effect.map(
      details(info.details),
      (values) =>
        new Failure.CanceledFailure({ ...common, details: values, ...(identity === undefined ? {} : { identity }) })
    )
  }
  return undefined
}

/**
 * The failure of the other infos: a reset, and the failures of what a
 * workflow ran (child workflow, activity, Nexus operation and handler);
 * `GenericFailure` without an info.
 */
const fromRunInfo = (
  failure: ProtoFailure,
  common: CommonFields,
  details: DetailsOf
): Effect.Effect<Failure.TemporalFailure, E> => {
  if (failure.resetWorkflowFailureInfo) {
    // As the official SDKs read it: an application failure of type ResetWorkflow.
    return Effect.map(
      details(failure.resetWorkflowFailureInfo.lastHeartbeatDetails),
      (values) => new Failure.ApplicationFailure({ ...common, type: "ResetWorkflow", details: values })
    )
  }
  if (failure.childWorkflowExecutionFailureInfo) {
    const info = failure.childWorkflowExecutionFailureInfo
    return Effect.succeed(
      new Failure.ChildWorkflowFailure({
        ...common,
        namespace: info.namespace ?? "",
        workflowId: info.workflowExecution?.workflowId ?? "",
        runId: info.workflowExecution?.runId ?? "",
        workflowType: info.workflowType?.name ?? "",
        retryState: retryStateName(info.retryState),
        initiatedEventId: longToNumber(info.initiatedEventId),
        startedEventId: longToNumber(info.startedEventId)
      })
    )
  }
  if (failure.activityFailureInfo) {
    const info = failure.activityFailureInfo
    const identity = nonEmpty(info.identity)
    return Effect.succeed(
      new Failure.ActivityFailure({
        ...common,
        activityType: info.activityType?.name ?? "",
        activityId: info.activityId ?? "",
        ...(identity === undefined ? {} : { identity }),
        retryState: retryStateName(info.retryState),
        scheduledEventId: longToNumber(info.scheduledEventId),
        startedEventId: longToNumber(info.startedEventId)
      })
    )
  }
  if (failure.nexusOperationExecutionFailureInfo) {
    const info = failure.nexusOperationExecutionFailureInfo
    const operationToken = nonEmpty(info.operationToken) ?? nonEmpty(info.operationId)
    return Effect.succeed(
      new Failure.NexusOperationFailure({
        ...common,
        endpoint: info.endpoint ?? "",
        service: info.service ?? "",
        operation: info.operation ?? "",
        ...(operationToken === undefined ? {} : { operationToken }),
        scheduledEventId: longToNumber(info.scheduledEventId)
      })
    )
  }
  if (failure.nexusHandlerFailureInfo) {
    const info = failure.nexusHandlerFailureInfo
    return Effect.succeed(
      new Failure.NexusHandlerFailure({
        ...common,
        type: info.type ?? "",
        retryBehavior: retryBehaviorName(info.retryBehavior)
      })
    )
  }
  return Effect.succeed(new Failure.GenericFailure(common))
}

const fromFailureInner = (
  failure: ProtoFailure,
  message: string,
  stackTrace: string,
  cause: Failure.TemporalFailure | undefined,
  payloads: FailureConverter.Payloads
): Effect.Effect<Failure.TemporalFailure, E> => {
  const common: CommonFields = {
    message,
    stackTrace,
    ...(nonEmpty(failure.source) === undefined ? {} : { source: failure.source as string }),
    ...(cause === undefined ? {} : { cause })
  }
  const details: DetailsOf = (field) => payloads.fromPayloads(field?.payloads ?? [])
  return fromOutcomeInfo(failure, common, details) ?? fromRunInfo(failure, common, details)
}

/**
 * The default failure converter.
 *
 * @internal
 */
export const make = (options?: Options): FailureConverter => {
  const encodeCommonAttributes = options?.encodeCommonAttributes ?? false

  const toFailure = (error: unknown, payloads: FailureConverter.Payloads): Effect.Effect<ProtoFailure, E> =>
    Effect.gen(function*() {
      const failure = fromUnknownError(error)
      const cause = failure.cause === undefined ? undefined : yield* toFailure(failure.cause, payloads)
      const info = yield* infoOf(failure, payloads)
      const out: ProtoFailure = {
        message: failure.message,
        source: failure.source ?? Failure.failureSource,
        stackTrace: failure.stackTrace,
        ...(cause === undefined ? {} : { cause }),
        ...info
      }
      if (encodeCommonAttributes) {
        const [encoded] = yield* payloads.toPayloads([{ message: failure.message, stack_trace: failure.stackTrace }])
        out.message = encodedFailureMessage
        out.stackTrace = ""
        if (encoded !== undefined) out.encodedAttributes = encoded
      }
      return out
    })

  const fromFailure = (
    failure: ProtoFailure,
    payloads: FailureConverter.Payloads
  ): Effect.Effect<Failure.TemporalFailure, E> =>
    Effect.gen(function*() {
      let message = failure.message ?? ""
      let stackTrace = failure.stackTrace ?? ""
      if (failure.encodedAttributes) {
        const [attributes] = yield* payloads.fromPayloads([failure.encodedAttributes])
        if (Predicate.isObject(attributes)) {
          if (typeof attributes["message"] === "string") message = attributes["message"]
          if (typeof attributes["stack_trace"] === "string") stackTrace = attributes["stack_trace"]
        }
      }
      const cause = failure.cause ? yield* fromFailure(failure.cause, payloads) : undefined
      return yield* fromFailureInner(failure, message, stackTrace, cause, payloads)
    })

  return { toFailure, fromFailure }
}
