/**
 * Turning grpc-js failures into `RpcError`s, with the Temporal error details
 * of the `grpc-status-details-bin` trailer decoded.
 *
 * @internal
 */
import type * as grpc from "@grpc/grpc-js"
import { type GrpcStatusName, RpcError, type RpcErrorDetail } from "../../schema/TemporalError.js"
import { root } from "../proto/root.js"

const statusNames: Record<number, GrpcStatusName> = {
  0: "OK",
  1: "CANCELLED",
  2: "UNKNOWN",
  3: "INVALID_ARGUMENT",
  4: "DEADLINE_EXCEEDED",
  5: "NOT_FOUND",
  6: "ALREADY_EXISTS",
  7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED",
  9: "FAILED_PRECONDITION",
  10: "ABORTED",
  11: "OUT_OF_RANGE",
  12: "UNIMPLEMENTED",
  13: "INTERNAL",
  14: "UNAVAILABLE",
  15: "DATA_LOSS",
  16: "UNAUTHENTICATED"
}

/** @internal */
export const statusName = (code: number): GrpcStatusName => statusNames[code] ?? "UNKNOWN"

const statusCodes = Object.fromEntries(
  Object.entries(statusNames).map(([code, name]) => [name, Number(code)])
) as Record<GrpcStatusName, number>

/** @internal */
export const statusCode = (name: GrpcStatusName): number => statusCodes[name]

const typeUrlPrefix = /^.*\//

/**
 * A `google.rpc.Status` message as protobufjs decodes it: the one in
 * `grpc-status-details-bin`, or one of those a failure detail carries (the
 * per-operation statuses of `MultiOperationExecutionFailure`).
 *
 * @internal
 */
export interface StatusMessage {
  readonly code?: number | null
  readonly message?: string | null
  // protobufjs names the built-in `google.protobuf.Any` field `type_url`.
  readonly details?:
    | ReadonlyArray<{
      readonly typeUrl?: string | null
      readonly type_url?: string | null
      readonly value?: Uint8Array | null
    }>
    | null
}

/**
 * The `Any` entries of a status, each decoded by its type when the proto
 * root knows it (left as bytes otherwise).
 *
 * @internal
 */
export const statusDetails = (status: StatusMessage): ReadonlyArray<RpcErrorDetail> =>
  (status.details ?? []).map((detail) => {
    const typeName = (detail.typeUrl ?? detail.type_url ?? "").replace(typeUrlPrefix, "")
    const value = detail.value ?? new Uint8Array()
    try {
      return { typeName, value: root().lookupType(typeName).decode(value) }
    } catch {
      return { typeName, value }
    }
  })

/**
 * Decode the `google.rpc.Status` carried in `grpc-status-details-bin` into
 * its `Any` entries (see {@link statusDetails}).
 *
 * @internal
 */
export const decodeStatusDetails = (bytes: Uint8Array): ReadonlyArray<RpcErrorDetail> =>
  statusDetails(root().lookupType("google.rpc.Status").decode(bytes) as StatusMessage)

const isServiceError = (u: unknown): u is grpc.ServiceError =>
  typeof u === "object" && u !== null && "code" in u && typeof (u as { code: unknown }).code === "number"

/**
 * A call error grpc-js made from an empty status ("undefined undefined:
 * undefined"): its one filter on received messages, decompression, refused
 * a message with a bare `Error` instead of a status (a compressed message
 * without `grpc-encoding`, or with an encoding it does not support).
 */
const isStatuslessError = (u: unknown): boolean =>
  u instanceof Error && "code" in u && "details" in u &&
  (u as { code: unknown }).code === undefined && (u as { details: unknown }).details === undefined

/**
 * An `RpcError` for a failed call of `method`.
 *
 * @internal
 */
export const toRpcError = (method: string, error: unknown): RpcError => {
  if (isStatuslessError(error)) {
    return new RpcError({
      code: "INTERNAL",
      message: "The response could not be decompressed: a message marked compressed arrived without a " +
        "grpc-encoding the client can decode (grpc-js ended the call without a status)",
      method,
      details: [],
      cause: error
    })
  }
  if (!isServiceError(error)) {
    return new RpcError({
      code: "UNKNOWN",
      message: error instanceof Error ? error.message : String(error),
      method,
      details: [],
      cause: error
    })
  }
  let details: ReadonlyArray<RpcErrorDetail> = []
  const raw = error.metadata?.get("grpc-status-details-bin")[0]
  if (raw !== undefined && typeof raw !== "string") {
    try {
      details = decodeStatusDetails(raw)
    } catch {
      details = []
    }
  }
  return new RpcError({
    code: statusName(error.code),
    message: error.details ?? error.message,
    method,
    details,
    cause: error
  })
}

/**
 * The first detail of the given protobuf type, if the error carries one.
 *
 * @internal
 */
export const findDetail = (error: RpcError, typeName: string): unknown =>
  error.details.find((d) => d.typeName === typeName || d.typeName.endsWith(`.${typeName}`))?.value
