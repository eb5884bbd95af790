/**
 * The failures Temporal reports, as data.
 *
 * A workflow, activity, child workflow, update or Nexus operation that does
 * not succeed ends with a `temporal.api.failure.v1.Failure` message. The
 * data converter turns it into one of the classes below (and back), keeping
 * the cause chain, the stack trace and the details. These are values, not
 * errors: an operation's error (for example `WorkflowFailedError`) carries one
 * in its `cause`.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { withDefault } from "../internal/schemaDefaults.js"

/**
 * The unique symbol that marks a decoded Temporal failure.
 *
 * @since 0.1.0
 * @category type ids
 */
export const FailureTypeId: unique symbol = Symbol.for("effect-temporal/Failure")

/**
 * @since 0.1.0
 * @category type ids
 */
export type FailureTypeId = typeof FailureTypeId

/**
 * The `source` written on failures made by this library.
 *
 * @since 0.1.0
 * @category constants
 */
export const failureSource = "EffectTemporal"

/**
 * Why an activity, workflow or child workflow stopped retrying, by the names
 * of the `temporal.api.enums.v1.RetryState` enum.
 *
 * @since 0.1.0
 * @category models
 */
export const RetryState = Schema.Literals([
  "RETRY_STATE_UNSPECIFIED",
  "RETRY_STATE_IN_PROGRESS",
  "RETRY_STATE_NON_RETRYABLE_FAILURE",
  "RETRY_STATE_TIMEOUT",
  "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED",
  "RETRY_STATE_RETRY_POLICY_NOT_SET",
  "RETRY_STATE_INTERNAL_SERVER_ERROR",
  "RETRY_STATE_CANCEL_REQUESTED"
])

/**
 * @since 0.1.0
 * @category models
 */
export type RetryState = typeof RetryState.Type

/**
 * Which timeout fired, by the names of the `temporal.api.enums.v1.TimeoutType` enum.
 *
 * @since 0.1.0
 * @category models
 */
export const TimeoutType = Schema.Literals([
  "TIMEOUT_TYPE_UNSPECIFIED",
  "TIMEOUT_TYPE_START_TO_CLOSE",
  "TIMEOUT_TYPE_SCHEDULE_TO_START",
  "TIMEOUT_TYPE_SCHEDULE_TO_CLOSE",
  "TIMEOUT_TYPE_HEARTBEAT"
])

/**
 * @since 0.1.0
 * @category models
 */
export type TimeoutType = typeof TimeoutType.Type

/**
 * The category of an application failure, by the names of the
 * `temporal.api.enums.v1.ApplicationErrorCategory` enum. `BENIGN` failures are
 * expected and logged at a lower level by workers.
 *
 * @since 0.1.0
 * @category models
 */
export const ApplicationFailureCategory = Schema.Literals([
  "APPLICATION_ERROR_CATEGORY_UNSPECIFIED",
  "APPLICATION_ERROR_CATEGORY_BENIGN"
])

/**
 * @since 0.1.0
 * @category models
 */
export type ApplicationFailureCategory = typeof ApplicationFailureCategory.Type

/**
 * How a Nexus handler error asks to be retried, by the names of the
 * `temporal.api.enums.v1.NexusHandlerErrorRetryBehavior` enum.
 *
 * @since 0.1.0
 * @category models
 */
export const NexusHandlerErrorRetryBehavior = Schema.Literals([
  "NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_UNSPECIFIED",
  "NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_RETRYABLE",
  "NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_NON_RETRYABLE"
])

/**
 * @since 0.1.0
 * @category models
 */
export type NexusHandlerErrorRetryBehavior = typeof NexusHandlerErrorRetryBehavior.Type

/**
 * Any failure of this module, as a Schema over the class instances (used for
 * `cause` fields).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TemporalFailureFromSelf: Schema.Codec<TemporalFailure> = Schema.declare(
  (u: unknown): u is TemporalFailure => isTemporalFailure(u),
  { identifier: "TemporalFailure" }
)

const cause = Schema.optional(Schema.suspend((): Schema.Codec<TemporalFailure> => TemporalFailureFromSelf))

/**
 * The fields every failure has.
 *
 * @since 0.1.0
 * @category fields
 */
export const commonFields = {
  /** The failure message (the real one, also when it was sent as an encoded attribute). */
  message: Schema.String,
  /** The stack trace, when the failing side gave one; `""` otherwise. */
  stackTrace: withDefault(Schema.String, () => ""),
  /** The SDK that wrote the failure, e.g. `TypeScriptSDK`, `PythonSDK`, `GoSDK`. */
  source: Schema.optional(Schema.String),
  /** The failure that caused this one, when there is one. */
  cause
}

const details = withDefault(Schema.Array(Schema.Unknown), () => [])

/**
 * A failure raised by application code (an activity, a workflow, an update
 * handler). Errors that are not Temporal failures become application failures
 * whose `type` is the error's name (its `_tag` for Effect's tagged errors).
 *
 * @since 0.1.0
 * @category failures
 */
export class ApplicationFailure extends Schema.TaggedClass<ApplicationFailure>("effect-temporal/ApplicationFailure")(
  "ApplicationFailure",
  {
    ...commonFields,
    /** The error type, matched against retry policies' non-retryable error types. */
    type: Schema.optional(Schema.String),
    /** Whether the failure must not be retried, whatever the retry policy says. */
    nonRetryable: withDefault(Schema.Boolean, () => false),
    /** The details, each decoded by the data converter. */
    details,
    /** The delay before the next retry, overriding the retry policy. */
    nextRetryDelay: Schema.optional(Schema.Duration),
    /** The category (e.g. `APPLICATION_ERROR_CATEGORY_BENIGN`). */
    category: withDefault(ApplicationFailureCategory, () => "APPLICATION_ERROR_CATEGORY_UNSPECIFIED" as const)
  }
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * The workflow, activity or operation was cancelled.
 *
 * @since 0.1.0
 * @category failures
 */
export class CanceledFailure extends Schema.TaggedClass<CanceledFailure>("effect-temporal/CanceledFailure")(
  "CanceledFailure",
  {
    ...commonFields,
    /** The details given with the cancellation, each decoded by the data converter. */
    details,
    /** The identity of who cancelled, when known. */
    identity: Schema.optional(Schema.String)
  }
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * The workflow was terminated.
 *
 * @since 0.1.0
 * @category failures
 */
export class TerminatedFailure extends Schema.TaggedClass<TerminatedFailure>("effect-temporal/TerminatedFailure")(
  "TerminatedFailure",
  {
    ...commonFields,
    /** The identity of who terminated, when known. */
    identity: Schema.optional(Schema.String)
  }
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * A timeout fired.
 *
 * @since 0.1.0
 * @category failures
 */
export class TimeoutFailure extends Schema.TaggedClass<TimeoutFailure>("effect-temporal/TimeoutFailure")(
  "TimeoutFailure",
  {
    ...commonFields,
    /**
     * Which timeout fired: `TIMEOUT_TYPE_START_TO_CLOSE`, `TIMEOUT_TYPE_SCHEDULE_TO_START`,
     * `TIMEOUT_TYPE_SCHEDULE_TO_CLOSE` or `TIMEOUT_TYPE_HEARTBEAT`.
     */
    timeoutType: withDefault(TimeoutType, () => "TIMEOUT_TYPE_UNSPECIFIED" as const),
    /** The details of the last heartbeat before the timeout, each decoded. */
    lastHeartbeatDetails: details
  }
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * The server failed the operation.
 *
 * @since 0.1.0
 * @category failures
 */
export class ServerFailure extends Schema.TaggedClass<ServerFailure>("effect-temporal/ServerFailure")(
  "ServerFailure",
  {
    ...commonFields,
    /** Whether the server marked the failure as not to be retried (default `false`). */
    nonRetryable: withDefault(Schema.Boolean, () => false)
  }
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * An activity failed; `cause` says why.
 *
 * @since 0.1.0
 * @category failures
 */
export class ActivityFailure extends Schema.TaggedClass<ActivityFailure>("effect-temporal/ActivityFailure")(
  "ActivityFailure",
  {
    ...commonFields,
    /** The activity type name. */
    activityType: Schema.String,
    /** The activity ID within its workflow (empty when the server did not say). */
    activityId: withDefault(Schema.String, () => ""),
    /** The identity of the worker whose attempt failed last, when known. */
    identity: Schema.optional(Schema.String),
    /**
     * Why the activity is not retried again, e.g. `RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED`,
     * `RETRY_STATE_NON_RETRYABLE_FAILURE` or `RETRY_STATE_TIMEOUT`.
     */
    retryState: withDefault(RetryState, () => "RETRY_STATE_UNSPECIFIED" as const),
    /** The ID of the `ActivityTaskScheduled` event in the workflow's history (0 when unknown). */
    scheduledEventId: withDefault(Schema.Number, () => 0),
    /** The ID of the `ActivityTaskStarted` event in the workflow's history (0 when unknown). */
    startedEventId: withDefault(Schema.Number, () => 0)
  }
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * A child workflow failed; `cause` says why.
 *
 * @since 0.1.0
 * @category failures
 */
export class ChildWorkflowFailure extends Schema.TaggedClass<ChildWorkflowFailure>(
  "effect-temporal/ChildWorkflowFailure"
)("ChildWorkflowFailure", {
  ...commonFields,
  /** The namespace the child ran in (empty when the server did not say). */
  namespace: withDefault(Schema.String, () => ""),
  /** The child's workflow ID. */
  workflowId: Schema.String,
  /** The run ID of the child's run that failed (empty when unknown). */
  runId: withDefault(Schema.String, () => ""),
  /** The child's workflow type name. */
  workflowType: Schema.String,
  /**
   * Why the child is not retried again, e.g. `RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED`,
   * `RETRY_STATE_RETRY_POLICY_NOT_SET`.
   */
  retryState: withDefault(RetryState, () => "RETRY_STATE_UNSPECIFIED" as const),
  /** The ID of the `StartChildWorkflowExecutionInitiated` event in the parent's history (0 when unknown). */
  initiatedEventId: withDefault(Schema.Number, () => 0),
  /** The ID of the `ChildWorkflowExecutionStarted` event in the parent's history (0 when unknown). */
  startedEventId: withDefault(Schema.Number, () => 0)
}) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * A Nexus operation failed; `cause` says why.
 *
 * @since 0.1.0
 * @category failures
 */
export class NexusOperationFailure extends Schema.TaggedClass<NexusOperationFailure>(
  "effect-temporal/NexusOperationFailure"
)("NexusOperationFailure", {
  ...commonFields,
  /** The Nexus endpoint the operation was sent to (empty when unknown). */
  endpoint: withDefault(Schema.String, () => ""),
  /** The Nexus service name. */
  service: withDefault(Schema.String, () => ""),
  /** The operation name within the service. */
  operation: withDefault(Schema.String, () => ""),
  /** The token of an asynchronous operation, which identifies it to its handler; absent for a synchronous one. */
  operationToken: Schema.optional(Schema.String),
  /** The ID of the `NexusOperationScheduled` event in the caller's history (0 when unknown). */
  scheduledEventId: withDefault(Schema.Number, () => 0)
}) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * A Nexus handler reported an error.
 *
 * @since 0.1.0
 * @category failures
 */
export class NexusHandlerFailure extends Schema.TaggedClass<NexusHandlerFailure>(
  "effect-temporal/NexusHandlerFailure"
)("NexusHandlerFailure", {
  ...commonFields,
  /** The handler error type, e.g. `BAD_REQUEST`, `INTERNAL`. */
  type: withDefault(Schema.String, () => ""),
  /**
   * Whether the handler marked the error retryable
   * (`NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_RETRYABLE`), not
   * (`..._NON_RETRYABLE`), or left it to the error type (`..._UNSPECIFIED`).
   */
  retryBehavior: withDefault(
    NexusHandlerErrorRetryBehavior,
    () => "NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_UNSPECIFIED" as const
  )
}) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * A failure without any of the known failure infos (what an SDK writes for a
 * failure that is only a message, a stack and a cause).
 *
 * @since 0.1.0
 * @category failures
 */
export class GenericFailure extends Schema.TaggedClass<GenericFailure>("effect-temporal/GenericFailure")(
  "GenericFailure",
  commonFields
) {
  /** @since 0.1.0 */
  readonly [FailureTypeId]: FailureTypeId = FailureTypeId
}

/**
 * Any failure.
 *
 * @since 0.1.0
 * @category models
 */
export type TemporalFailure =
  | ApplicationFailure
  | CanceledFailure
  | TerminatedFailure
  | TimeoutFailure
  | ServerFailure
  | ActivityFailure
  | ChildWorkflowFailure
  | NexusOperationFailure
  | NexusHandlerFailure
  | GenericFailure

/**
 * Any failure, as a Schema of the tagged classes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TemporalFailure = Schema.Union([
  ApplicationFailure,
  CanceledFailure,
  TerminatedFailure,
  TimeoutFailure,
  ServerFailure,
  ActivityFailure,
  ChildWorkflowFailure,
  NexusOperationFailure,
  NexusHandlerFailure,
  GenericFailure
])

/**
 * Whether a value is one of the failures of this module.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTemporalFailure = (u: unknown): u is TemporalFailure => Predicate.hasProperty(u, FailureTypeId)

/**
 * The failure and its causes, outermost first.
 *
 * @since 0.1.0
 * @category utils
 */
export const causeChain = (failure: TemporalFailure): ReadonlyArray<TemporalFailure> => {
  const chain: Array<TemporalFailure> = []
  let current: TemporalFailure | undefined = failure
  while (current !== undefined) {
    chain.push(current)
    current = current.cause
  }
  return chain
}

/**
 * The innermost cause of a failure (the failure itself if it has no cause):
 * usually the application failure that started it all.
 *
 * @since 0.1.0
 * @category utils
 */
export const rootCause = (failure: TemporalFailure): TemporalFailure => {
  let current = failure
  while (current.cause !== undefined) current = current.cause
  return current
}

/**
 * Whether a value is an application failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isApplicationFailure = (u: unknown): u is ApplicationFailure =>
  isTemporalFailure(u) && u._tag === "ApplicationFailure"

/**
 * An application failure that must not be retried.
 *
 * @since 0.1.0
 * @category constructors
 */
export const nonRetryable = (
  message: string,
  options?: {
    readonly type?: string | undefined
    readonly details?: ReadonlyArray<unknown> | undefined
    readonly cause?: TemporalFailure | undefined
  }
): ApplicationFailure =>
  new ApplicationFailure({
    message,
    nonRetryable: true,
    ...(options?.type !== undefined ? { type: options.type } : {}),
    ...(options?.details !== undefined ? { details: options.details } : {}),
    ...(options?.cause !== undefined ? { cause: options.cause } : {})
  })
