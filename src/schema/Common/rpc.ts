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
 *   on top of the connection's and the fiber's (see {@link RpcMetadata}).
 *
 * @since 1.0.0
 * @category models
 */
export interface RpcOptions {
  /** The deadline of each RPC the call makes. */
  readonly rpcTimeout?: Duration.Input | undefined
  /** gRPC metadata added to each RPC the call makes. */
  readonly rpcMetadata?: RpcMetadata | undefined
}

/**
 * gRPC metadata: header names to values. A name ending in `-bin` is a
 * binary header and takes bytes (a `Uint8Array`, sent binary as gRPC
 * requires); any other name takes printable ASCII text. Text for a `-bin`
 * name, or bytes for another, is refused before any RPC.
 *
 * @since 1.0.0
 * @category models
 */
export type RpcMetadata = Readonly<Record<string, string | Uint8Array>>
