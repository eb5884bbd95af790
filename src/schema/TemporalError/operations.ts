/**
 * Errors of the operations side: namespaces, custom search attributes and
 * workers.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * A namespace with this name is already registered (the server's
 * ALREADY_EXISTS with `NamespaceAlreadyExistsFailure`).
 *
 * @since 1.0.0
 * @category errors
 */
export class NamespaceAlreadyExistsError
  extends Schema.TaggedError<NamespaceAlreadyExistsError>()("NamespaceAlreadyExistsError", {
    /** The namespace the registration named. */
    namespace: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Namespace ${this.namespace} already exists`
  }
}

/**
 * A custom search attribute to add is already defined (the server's
 * ALREADY_EXISTS). Servers with SQL visibility skip an attribute that is
 * already there instead of refusing it.
 *
 * @since 1.0.0
 * @category errors
 */
export class SearchAttributeAlreadyExistsError
  extends Schema.TaggedError<SearchAttributeAlreadyExistsError>()("SearchAttributeAlreadyExistsError", {
    /** The namespace of the search attributes. */
    namespace: Schema.String,
    /** The attribute the server named, or every attribute of the request when it named none. */
    names: Schema.Array(Schema.String),
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Search attribute ${this.names.join(", ")} already exists in namespace ${this.namespace}`
  }
}

/**
 * A custom search attribute to remove is not defined (the server's
 * NOT_FOUND). Servers with SQL visibility skip an attribute that is not
 * there instead of refusing it.
 *
 * @since 1.0.0
 * @category errors
 */
export class SearchAttributeNotFoundError
  extends Schema.TaggedError<SearchAttributeNotFoundError>()("SearchAttributeNotFoundError", {
    /** The namespace of the search attributes. */
    namespace: Schema.String,
    /** The attribute the server named, or every attribute of the request when it named none. */
    names: Schema.Array(Schema.String),
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Search attribute ${this.names.join(", ")} not found in namespace ${this.namespace}`
  }
}

/**
 * No worker with this instance key heartbeats to the namespace (the
 * server's NOT_FOUND): it never did, or it stopped long enough ago to be
 * forgotten.
 *
 * @since 1.0.0
 * @category errors
 */
export class WorkerNotFoundError extends Schema.TaggedError<WorkerNotFoundError>()("WorkerNotFoundError", {
  /** The namespace the worker was looked up in. */
  namespace: Schema.String,
  /** The worker instance key asked for. */
  workerInstanceKey: Schema.String,
  /** The `RpcError` the server answered with (its gRPC code, message and details). */
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `Worker ${this.workerInstanceKey} not found in namespace ${this.namespace}`
  }
}
