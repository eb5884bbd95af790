/**
 * Errors of the transport and the server as a whole: a failed RPC, a
 * connection that cannot be made, a namespace that does not exist, a
 * versioning API the server does not offer.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * The gRPC status codes, by the names gRPC gives them.
 *
 * @since 0.1.0
 * @category models
 */
export const GrpcStatusName = Schema.Literals([
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED"
])

/**
 * @since 0.1.0
 * @category models
 */
export type GrpcStatusName = typeof GrpcStatusName.Type

/**
 * One decoded entry of a gRPC status's details: the protobuf type name (for
 * example `temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure`)
 * and the message decoded to a plain object (or the raw bytes when the type is
 * not known).
 *
 * @since 0.1.0
 * @category models
 */
export const RpcErrorDetail = Schema.Struct({
  /** The detail's protobuf message type, e.g. `temporal.api.errordetails.v1.NotFoundFailure`. */
  typeName: Schema.String,
  /** The detail decoded to a plain object, or its raw bytes (`Uint8Array`) when the type is not known. */
  value: Schema.Unknown
})

/**
 * @since 0.1.0
 * @category models
 */
export type RpcErrorDetail = typeof RpcErrorDetail.Type

/**
 * A gRPC call failed with a status other than OK, after any retries.
 *
 * @since 0.1.0
 * @category errors
 */
export class RpcError extends Schema.TaggedError<RpcError>()("RpcError", {
  /** The gRPC status, by name. */
  code: GrpcStatusName,
  /** The server's (or transport's) status message. */
  message: Schema.String,
  /** The RPC, e.g. `StartWorkflowExecution`. */
  method: Schema.String,
  /** The decoded `grpc-status-details-bin` entries (Temporal's `errordetails` messages). */
  details: Schema.Array(RpcErrorDetail),
  /** The error the transport failed with (a grpc-js `ServiceError`, or whatever else ended the call), for debugging. */
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * Why a connection could not be established.
 *
 * @since 0.1.0
 * @category models
 */
export const ConnectionErrorReason = Schema.Literals([
  "Unreachable",
  "Timeout",
  "Tls",
  "Unauthenticated",
  "InvalidConfig",
  "Closed"
])

/**
 * @since 0.1.0
 * @category models
 */
export type ConnectionErrorReason = typeof ConnectionErrorReason.Type

/**
 * The client could not connect to the server, or the connection options are
 * unusable.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionError extends Schema.TaggedError<ConnectionError>()(
  "ConnectionError",
  {
    /**
     * Why: `Unreachable` (no server answered at the address), `Timeout` (the
     * connect did not finish in time), `Tls` (the TLS handshake or
     * configuration failed), `Unauthenticated` (the server or proxy refused the
     * credentials), `InvalidConfig` (the options are unusable) or `Closed` (the
     * connection's scope or Layer has ended).
     */
    reason: ConnectionErrorReason,
    /** The server address the client connected to, `host:port`. */
    address: Schema.String,
    /** What went wrong, in words (the transport's or server's message, or the option at fault). */
    description: Schema.String,
    /** The underlying error (the gRPC or TLS error, or the refused check's `RpcError`), when there is one. */
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Cannot connect to ${this.address} (${this.reason}): ${this.description}`
  }
}

/**
 * The namespace does not exist on the server (the server's
 * `NamespaceNotFoundFailure`): every call in it fails so, and so does an
 * eager connect (`lazy` off) given this namespace. A misconfiguration, not a
 * fact about any one workflow, which is why it is not a
 * `WorkflowNotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class NamespaceNotFoundError extends Schema.TaggedError<NamespaceNotFoundError>()("NamespaceNotFoundError", {
  /** The namespace the call was made in. */
  namespace: Schema.String,
  /** The `RpcError` the server answered with (its gRPC code, message and details). */
  cause: Schema.optional(Schema.Defect())
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Namespace ${this.namespace} not found`
  }
}

/**
 * Why a worker versioning API cannot be used on this server.
 *
 * - `Disabled`: the server has the API but it is turned off for the
 *   namespace (`PERMISSION_DENIED` or `FAILED_PRECONDITION` saying so). On
 *   server 1.32 the dynamic config `frontend.workerVersioningDataAPIs`
 *   (default off) turns all three build-ID RPCs on: without it each answers
 *   `PERMISSION_DENIED` "Worker versioning v0.1 (Version Set-based,
 *   deprecated) is disabled on this namespace." (reachability says "v0.2
 *   (Rules-based, deprecated)", but it is the same switch).
 * - `Unimplemented`: the server does not know the RPC (`UNIMPLEMENTED`), as
 *   a server that has dropped the deprecated build-ID based versioning does.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkerVersioningApiUnavailableReason = Schema.Literals(["Disabled", "Unimplemented"])

/**
 * @since 0.1.0
 * @category models
 */
export type WorkerVersioningApiUnavailableReason = typeof WorkerVersioningApiUnavailableReason.Type

/**
 * A build-ID compatibility or task reachability call (the deprecated
 * "legacy" worker versioning API), or a worker deployment call, was refused
 * because the server has that API turned off, or no longer has it (worker
 * deployments answer PERMISSION_DENIED "Worker Deployment Versions are
 * disabled on this namespace." when the dynamic config
 * `system.enableDeploymentVersions` is off).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkerVersioningApiUnavailableError
  extends Schema.TaggedError<WorkerVersioningApiUnavailableError>()("WorkerVersioningApiUnavailableError", {
    /** The RPC that was refused, e.g. `GetWorkerBuildIdCompatibility`. */
    rpc: Schema.String,
    /** `Disabled` (the API is turned off for the namespace) or `Unimplemented` (the server does not have it). */
    reason: WorkerVersioningApiUnavailableReason,
    /** The server's message. */
    description: Schema.String,
    /** The `RpcError` the server answered with (its gRPC code, message and details). */
    cause: Schema.optional(Schema.Defect())
  })
{
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `${this.rpc} is unavailable on this server (${this.reason}): ${this.description}`
  }
}
