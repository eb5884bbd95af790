/**
 * The status of a call from what HTTP/2 delivered: the trailers
 * (`grpc-status`, percent-encoded `grpc-message`, base64
 * `grpc-status-details-bin`), else the HTTP status, else the RST_STREAM
 * code; each mapped as grpc-js's `Http2SubchannelCall` maps it, so that
 * retries and the connect-time check see the same codes on either transport.
 *
 * @internal
 */
import { RpcError, type RpcErrorDetail } from "../../../schema/TemporalError.js"
import { decodeStatusDetails, statusName } from "../status.js"
import { fieldValue } from "./metadata.js"
import { ErrorCode } from "./wire/frames.js"

/**
 * A gRPC status as received: its numeric code, message, and the
 * `grpc-status-details-bin` value when present (base64).
 *
 * @internal
 */
export interface CallStatus {
  readonly code: number
  readonly details: string
  readonly detailsBin?: string | undefined
}

/** Status codes by name, of those this module makes. */
const code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  DEADLINE_EXCEEDED: 4,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16
} as const

/**
 * Status codes by name, for the call and connection modules.
 *
 * @internal
 */
export const Code = code

/**
 * The status of a response whose HTTP status is not 200 and that carries no
 * `grpc-status` (a proxy or load balancer answered), as grpc-js maps it.
 *
 * @internal
 */
export const httpStatusToStatus = (status: number): CallStatus => ({
  code: status === 400
    ? code.INTERNAL
    : status === 401
    ? code.UNAUTHENTICATED
    : status === 403
    ? code.PERMISSION_DENIED
    : status === 404
    ? code.UNIMPLEMENTED
    : status === 429 || status === 502 || status === 503 || status === 504
    ? code.UNAVAILABLE
    : code.UNKNOWN,
  details: `Received HTTP status code ${status}`
})

/**
 * `grpc-message` percent-decoded (the spec's encoding of bytes outside
 * printable ASCII and of `%`), kept as it is when it is not valid
 * percent-encoding.
 *
 * @internal
 */
export const percentDecode = (message: string): string => {
  if (!message.includes("%")) return message
  try {
    return decodeURIComponent(message)
  } catch {
    return message
  }
}

/**
 * The status of trailers (or of a trailers-only response's headers), given
 * the response's HTTP status.
 *
 * @internal
 */
export const trailersToStatus = (
  trailers: ReadonlyArray<string>,
  httpStatus: number | undefined
): CallStatus => {
  const raw = fieldValue(trailers, "grpc-status")
  if (raw !== undefined) {
    const parsed = Number(raw)
    const message = fieldValue(trailers, "grpc-message")
    return {
      code: Number.isInteger(parsed) && parsed >= 0 ? parsed : code.UNKNOWN,
      details: message === undefined ? "" : percentDecode(message),
      detailsBin: fieldValue(trailers, "grpc-status-details-bin")
    }
  }
  // grpc-js maps every HTTP status here, 200 included (UNKNOWN "Received HTTP status code 200").
  if (httpStatus !== undefined) return httpStatusToStatus(httpStatus)
  return { code: code.UNKNOWN, details: "No status information received" }
}

/**
 * The status of a stream that ended without a status from the server: reset
 * with `rstCode` (RST_STREAM), or ended without trailers (`NO_ERROR`), as
 * grpc-js reads each code; `httpStatus` is the response's, if any came.
 *
 * @internal
 */
export const resetToStatus = (rstCode: number, httpStatus: number | undefined): CallStatus => {
  switch (rstCode) {
    case ErrorCode.NO_ERROR:
      return httpStatus !== undefined && httpStatus !== 200
        ? httpStatusToStatus(httpStatus)
        : { code: code.INTERNAL, details: `Received RST_STREAM with code ${rstCode} (Call ended without gRPC status)` }
    case ErrorCode.REFUSED_STREAM:
      return { code: code.UNAVAILABLE, details: "Stream refused by server" }
    case ErrorCode.CANCEL:
      return { code: code.CANCELLED, details: "Call cancelled" }
    case ErrorCode.ENHANCE_YOUR_CALM:
      return { code: code.RESOURCE_EXHAUSTED, details: "Bandwidth exhausted or memory limit exceeded" }
    case ErrorCode.INADEQUATE_SECURITY:
      return { code: code.PERMISSION_DENIED, details: "Protocol not secure enough" }
    case ErrorCode.INTERNAL_ERROR:
      return { code: code.INTERNAL, details: `Received RST_STREAM with code ${rstCode} (Internal server error)` }
    default:
      return { code: code.INTERNAL, details: `Received RST_STREAM with code ${rstCode}` }
  }
}

/**
 * The details of `grpc-status-details-bin` (base64 of a `google.rpc.Status`),
 * decoded as for grpc-js; none when absent or unreadable.
 *
 * @internal
 */
export const statusDetailsOf = (detailsBin: string | undefined): ReadonlyArray<RpcErrorDetail> => {
  if (detailsBin === undefined || detailsBin.length === 0) return []
  try {
    return decodeStatusDetails(Buffer.from(detailsBin, "base64"))
  } catch {
    return []
  }
}

/**
 * The `RpcError` of a call of `method` that ended with `status` (not OK).
 *
 * @internal
 */
export const statusToRpcError = (method: string, status: CallStatus): RpcError =>
  new RpcError({
    code: statusName(status.code),
    message: status.details,
    method,
    details: statusDetailsOf(status.detailsBin)
  })
