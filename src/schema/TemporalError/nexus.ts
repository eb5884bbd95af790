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
    /** The operation ID asked for. */
    operationId: Schema.String,
    /** The Nexus service of the start that was refused. */
    service: Schema.String,
    /** The operation name of the start that was refused. */
    operation: Schema.String,
    /** The run ID of the execution that already exists, when the server names it. */
    runId: Schema.optional(Schema.String),
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The standalone Nexus operation's ID. */
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
    /** The operation ID looked for. */
    operationId: Schema.String,
    /** The run ID looked for, when one was given (else the latest run was). */
    runId: Schema.optional(Schema.String),
    /** The namespace looked in. */
    namespace: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The endpoint ID (or, for `getEndpointByName`, the name) looked for. */
    endpoint: Schema.String,
    /** The `RpcError` the server answered with; absent when a lookup by name found no endpoint in the listing. */
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
    /** The endpoint name asked for (names are unique in the cluster). */
    name: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
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
    /** The endpoint ID. */
    endpoint: Schema.String,
    /** How many times the endpoint was read and the change sent before giving up (1 for a delete). */
    attempts: Schema.Number,
    /** The `RpcError` of the last refused write (the server's version conflict). */
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
