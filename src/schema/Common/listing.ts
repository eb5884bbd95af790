/**
 * Options shared by the listing, counting and reason-giving calls of every
 * kind of execution (standalone activities, Nexus operations): page size
 * and limit, a page token, a reason; and their Schemas.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { Count, optionalField, PageSize, RpcOptionsFields } from "./fields.js"
import type { RpcOptions } from "./rpc.js"
import { WellFormedString } from "./strings.js"

/**
 * Options of a listing as a `Stream`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListOptions extends RpcOptions {
  /** Executions per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many executions. A non-negative integer. */
  readonly limit?: number | undefined
}

/**
 * Options of reading one page of a listing.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListPageOptions extends RpcOptions {
  /** Executions per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** The token of the page to read (from the previous page). */
  readonly nextPageToken?: Uint8Array | undefined
}

/**
 * The Schema that checks a listing's or a count's visibility query and
 * options ({@link ListOptions}, {@link ListPageOptions}).
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedListOptions = Schema.Struct({
  /**
   * A visibility query selecting what is listed or counted, e.g.
   * `ExecutionStatus = 'Running'`. Absent: everything in the namespace.
   */
  query: optionalField(WellFormedString, "a string"),
  /** Executions per page (server default when absent). A positive 32-bit integer. */
  pageSize: optionalField(PageSize, "a positive integer"),
  /** Stop after this many executions. A non-negative integer. */
  limit: optionalField(Count, "a non-negative integer"),
  /** The token of the page to read, from the previous page (one-page reads only). Absent: the first page. */
  nextPageToken: optionalField(Schema.Uint8Array, "a Uint8Array"),
  ...RpcOptionsFields
}).annotate({ identifier: "ListOptions" })

/**
 * Options of a call that sends a reason the server records (cancel,
 * terminate, pause).
 *
 * @since 1.0.0
 * @category models
 */
export interface ReasonOptions extends RpcOptions {
  /** Why, recorded by the server. */
  readonly reason?: string | undefined
}

/**
 * The Schema that checks {@link ReasonOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedReasonOptions = Schema.Struct({
  /** Why, recorded by the server. */
  reason: optionalField(WellFormedString, "a string"),
  ...RpcOptionsFields
}).annotate({ identifier: "ReasonOptions" })
