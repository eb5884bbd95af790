/**
 * Errors of standalone Nexus operations started by the client.
 *
 * @since 1.0.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { TemporalFailure } from "../Failure.js"
import { TypeId } from "./base.js"

/**
 * A Nexus operation with this ID already exists and its ID reuse or
 * conflict policy refuses another (the server's ALREADY_EXISTS with
 * `NexusOperationExecutionAlreadyStartedFailure`).
 *
 * @since 1.0.0
 * @category errors
 */
export class NexusOperationAlreadyStartedError
  extends Schema.TaggedError<NexusOperationAlreadyStartedError>()("NexusOperationAlreadyStartedError", {
    operationId: Schema.String,
    service: Schema.String,
    operation: Schema.String,
    /** The run ID of the execution that already exists, when the server names it. */
    runId: Schema.optional(Schema.String),
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Nexus operation ${this.operationId} (${this.service}/${this.operation}) is already started${
      this.runId ? ` as run ${this.runId}` : ""
    }`
  }
}

/**
 * A standalone Nexus operation closed without success: the handler failed
 * it or refused the request (`cause` is then an `ApplicationFailure` or a
 * `NexusHandlerFailure`), or it was cancelled, terminated or timed out.
 *
 * @since 1.0.0
 * @category errors
 */
export class NexusOperationFailedError extends Schema.TaggedError<NexusOperationFailedError>()(
  "NexusOperationFailedError",
  {
    operationId: Schema.String,
    /** The run that failed, when known. */
    runId: Schema.optional(Schema.String),
    /** The decoded failure; absent only when the server's outcome carried none. */
    cause: Schema.optionalKey(TemporalFailure)
  }
) {
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    const causeMessage = Predicate.hasProperty(this.cause, "message") ? String(this.cause.message) : ""
    return `Nexus operation ${this.operationId}${this.runId ? ` run ${this.runId}` : ""} failed${
      causeMessage ? `: ${causeMessage}` : ""
    }`
  }
}

/**
 * No standalone Nexus operation matches the ID (and run ID).
 *
 * @since 1.0.0
 * @category errors
 */
export class NexusOperationNotFoundError
  extends Schema.TaggedError<NexusOperationNotFoundError>()("NexusOperationNotFoundError", {
    operationId: Schema.String,
    runId: Schema.optional(Schema.String),
    namespace: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Nexus operation ${this.operationId}${
      this.runId ? ` run ${this.runId}` : ""
    } not found in namespace ${this.namespace}`
  }
}

/**
 * No Nexus endpoint has this ID (or name).
 *
 * @since 1.0.0
 * @category errors
 */
export class NexusEndpointNotFoundError
  extends Schema.TaggedError<NexusEndpointNotFoundError>()("NexusEndpointNotFoundError", {
    endpoint: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Nexus endpoint ${this.endpoint} not found`
  }
}

/**
 * A Nexus endpoint with this name already exists.
 *
 * @since 1.0.0
 * @category errors
 */
export class NexusEndpointAlreadyExistsError
  extends Schema.TaggedError<NexusEndpointAlreadyExistsError>()("NexusEndpointAlreadyExistsError", {
    name: Schema.String,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Nexus endpoint ${this.name} already exists`
  }
}

/**
 * The endpoint changed since it was read (its version moved on), every
 * time the update was tried.
 *
 * @since 1.0.0
 * @category errors
 */
export class NexusEndpointConflictError
  extends Schema.TaggedError<NexusEndpointConflictError>()("NexusEndpointConflictError", {
    endpoint: Schema.String,
    attempts: Schema.Number,
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Nexus endpoint ${this.endpoint} kept changing; gave up after ${this.attempts} attempts`
  }
}
