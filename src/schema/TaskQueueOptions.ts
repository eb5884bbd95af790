/**
 * Options of the task queue and worker operations: what to report of a task
 * queue, and how to list workers. Each is checked by a Schema before any
 * RPC; a bad value fails with `InvalidArgumentError` naming its field.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { Count, oneOf, optionalField, PageSize, RpcOptionsFields } from "./Common/fields.js"
import type { RpcOptions } from "./Common/rpc.js"
import { WellFormedString } from "./Common/strings.js"
import type { TaskQueueType } from "./TaskQueue.js"

/**
 * What to report of a task queue.
 *
 * @since 1.0.0
 * @category models
 */
export interface DescribeTaskQueueOptions extends RpcOptions {
  /** The task queue types to describe, one RPC each. Default: `["Workflow", "Activity", "Nexus"]`. */
  readonly types?: ReadonlyArray<TaskQueueType> | undefined
  /** Report backlog and rates. Default `true`. */
  readonly reportStats?: boolean | undefined
  /** Report the task queue's configuration (rate limits, fairness weights). Default `false`. */
  readonly reportConfig?: boolean | undefined
}

/**
 * The Schema that checks {@link DescribeTaskQueueOptions}: `types` not
 * empty, without repeats.
 *
 * @since 1.0.0
 * @category schemas
 */
export const DescribeTaskQueueOptionsSchema = Schema.Struct({
  /** The task queue types to describe, one RPC each. Default: `["Workflow", "Activity", "Nexus"]`. */
  types: optionalField(
    Schema.Array(oneOf(["Workflow", "Activity", "Nexus"])).check(
      Schema.makeFilter((types) => types.length > 0 || "must name at least one task queue type"),
      Schema.makeFilter((types) => new Set(types).size === types.length || "must not repeat a task queue type")
    )
  ),
  /** Report backlog and rates. Default `true`. */
  reportStats: optionalField(Schema.Boolean),
  /** Report the task queue's configuration (rate limits, fairness weights). Default `false`. */
  reportConfig: optionalField(Schema.Boolean),
  ...RpcOptionsFields
}).annotate({ identifier: "DescribeTaskQueueOptions" })

/**
 * Options of `listWorkers`, a `Stream` of the workers matching a query.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListWorkersOptions extends RpcOptions {
  /** Workers per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many workers. A non-negative integer. */
  readonly limit?: number | undefined
  /** List the workers the server runs itself too. Default `false`. */
  readonly includeSystemWorkers?: boolean | undefined
}

/**
 * Options of `listWorkersPage`, one page of workers.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListWorkersPageOptions extends RpcOptions {
  /** Workers per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** The token of the page to read (from the previous page). */
  readonly nextPageToken?: Uint8Array | undefined
  /** List the workers the server runs itself too. Default `false`. */
  readonly includeSystemWorkers?: boolean | undefined
}

/**
 * The Schema that checks a worker listing's query and options
 * ({@link ListWorkersOptions}, {@link ListWorkersPageOptions}).
 *
 * @since 1.0.0
 * @category schemas
 */
export const ListWorkersOptionsSchema = Schema.Struct({
  /**
   * A visibility-style query over worker attributes selecting which workers are
   * listed, e.g. `TaskQueue = 'orders'`. Absent: every worker of the namespace.
   */
  query: optionalField(WellFormedString),
  /** Workers per page (server default when absent). A positive 32-bit integer. */
  pageSize: optionalField(PageSize),
  /** Stop after this many workers. A non-negative integer. */
  limit: optionalField(Count),
  /** The token of the page to read, from the previous page (one-page reads only). Absent: the first page. */
  nextPageToken: optionalField(Schema.Uint8Array),
  /** List the workers the server runs itself too. Default `false`. */
  includeSystemWorkers: optionalField(Schema.Boolean),
  ...RpcOptionsFields
}).annotate({ identifier: "ListWorkersOptions" })
