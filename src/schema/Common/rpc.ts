/**
 * The per-call options every RPC-making operation takes.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"

/**
 * Options of one call to the server. Operation options extend this
 * interface rather than redeclare the fields.
 *
 * - `rpcTimeout`: the deadline of each RPC the call makes (any
 *   `Duration.Input`; positive, `Duration.infinity` for none). Absent: the
 *   connection's default.
 * - `rpcMetadata`: gRPC metadata (headers) added to each RPC the call makes,
 *   on top of the connection's and the fiber's.
 *
 * @since 1.0.0
 * @category models
 */
export interface RpcOptions {
  /** The deadline of each RPC the call makes. */
  readonly rpcTimeout?: Duration.Input | undefined
  /** gRPC metadata added to each RPC the call makes. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
}
