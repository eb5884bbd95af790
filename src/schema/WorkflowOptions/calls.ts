/**
 * Options of the calls other than a start (updates, listings, history), and
 * their checks: each a Schema decoded by `decodeOptions`, so a bad value
 * fails with `InvalidArgumentError` naming its field.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { decodeOptions } from "../../internal/validation.js"
import type { ListOptions, RpcOptions, WorkflowHistoryEventFilterType, WorkflowUpdateStage } from "../Common.js"
import {
  CheckedRpcOptions,
  Count,
  NonEmptyWellFormedString,
  oneOf,
  oneOfText,
  optionalField,
  PageSize,
  RpcOptionsFields,
  WellFormedString,
  WorkflowHistoryEventFilterType as EventFilter
} from "../Common.js"
import type { InvalidArgumentError } from "../TemporalError.js"

/**
 * Options every call takes.
 *
 * @since 0.1.0
 * @category models
 */
export type CallOptions = RpcOptions

/**
 * Options of `handle.executeUpdate`.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateOptions extends CallOptions {
  /** The update ID (made when absent); an update with a known ID is not run twice. */
  readonly id?: string | undefined
  /** Only send the update to a run of this chain. */
  readonly firstExecutionRunId?: string | undefined
}

/**
 * Options of `handle.startUpdate` and `startUpdateWithStart`.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartUpdateOptions extends UpdateOptions {
  /**
   * The stage to wait for before returning the update handle: `"Accepted"` or
   * `"Completed"` (`"Admitted"` is refused: the server does not support
   * waiting only for it).
   */
  readonly waitForStage: WorkflowUpdateStage
}

/**
 * Options of `handle.executeUpdateWithOptions`: the update's arguments, its
 * ID and the call options.
 *
 * @since 1.0.0
 * @category models
 */
export interface ExecuteUpdateOptions<Args = ReadonlyArray<unknown>> extends CallOptions {
  /** The update's arguments. */
  readonly args: Args
  /** The update's ID; a second update with the same ID returns the first one's outcome. Default: a fresh UUID. */
  readonly updateId?: string | undefined
}

/**
 * Options of a paged listing: `listWorkflows`, `listSchedules`.
 *
 * @since 0.1.0
 * @category models
 */
export type PageOptions = ListOptions

/**
 * Options of `listWorkflows`: those of every paged listing.
 *
 * @since 0.1.0
 * @category models
 */
export type ListWorkflowsOptions = PageOptions

/**
 * Options of `handle.fetchHistory`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FetchHistoryOptions extends CallOptions {
  /** Which events: all (default) or only the close event. */
  readonly eventFilter?: WorkflowHistoryEventFilterType | undefined
  /** Long-poll for new events instead of returning what there is (default `false`). */
  readonly waitNewEvent?: boolean | undefined
  /** Do not look in the archive for a workflow no longer in the server (default `false`). */
  readonly skipArchival?: boolean | undefined
  /** Events per page (server default when absent). A positive integer. */
  readonly pageSize?: number | undefined
}

/**
 * Options of `handle.fetchHistoryPage`: those of `fetchHistory`, and the
 * token of the page to read.
 *
 * @since 1.0.0
 * @category models
 */
export interface FetchHistoryPageOptions extends FetchHistoryOptions {
  /** The token of the page to read (from the previous page); the first page when absent. */
  readonly nextPageToken?: Uint8Array | undefined
}

/**
 * Options of `TemporalClient.intoHistories`.
 *
 * @since 1.0.0
 * @category models
 */
export interface IntoHistoriesOptions extends CallOptions {
  /** How many histories are fetched at once (default 5). A positive integer. */
  readonly concurrency?: number | undefined
}

const UpdateFields = {
  ...RpcOptionsFields,
  id: optionalField(NonEmptyWellFormedString, "a non-empty string"),
  firstExecutionRunId: optionalField(NonEmptyWellFormedString, "a non-empty string")
}

const decodeCall = decodeOptions(CheckedRpcOptions)
const decodeUpdate = decodeOptions(Schema.Struct(UpdateFields))
const waitStages = ["Accepted", "Completed"] as const

const decodeStartUpdate = decodeOptions(Schema.Struct({
  ...UpdateFields,
  waitForStage: oneOf(waitStages).annotate({
    expected: `${oneOfText(waitStages)} ("Admitted" is not supported: the Temporal server refuses an update ` +
      `request that waits only for Admitted, so an update handle is returned once the update is at least Accepted)`
  }).annotateKey({ messageMissingKey: "is required" })
}))
const decodeExecuteUpdate = decodeOptions(Schema.Struct({
  ...RpcOptionsFields,
  args: Schema.Array(Schema.Unknown).annotate({ expected: "an array" }).annotateKey({
    messageMissingKey: "is required"
  }),
  updateId: optionalField(NonEmptyWellFormedString, "a non-empty string")
}))
const decodePage = decodeOptions(Schema.Struct({
  ...RpcOptionsFields,
  pageSize: optionalField(PageSize, "a number"),
  limit: optionalField(Count, "a number")
}))
const decodeFetchHistory = decodeOptions(Schema.Struct({
  ...RpcOptionsFields,
  pageSize: optionalField(PageSize, "a number"),
  eventFilter: optionalField(oneOf(EventFilter.literals)),
  waitNewEvent: optionalField(Schema.Boolean, "a boolean"),
  skipArchival: optionalField(Schema.Boolean, "a boolean")
}))
const decodeFetchHistoryPage = decodeOptions(Schema.Struct({
  ...RpcOptionsFields,
  pageSize: optionalField(PageSize, "a number"),
  eventFilter: optionalField(oneOf(EventFilter.literals)),
  waitNewEvent: optionalField(Schema.Boolean, "a boolean"),
  skipArchival: optionalField(Schema.Boolean, "a boolean"),
  nextPageToken: optionalField(Schema.Uint8Array, "a Uint8Array")
}))

/** Checks options with `decode`, succeeding with them as given (not the decoded copy). */
const checkWith =
  (decode: (input: unknown) => Effect.Effect<unknown, InvalidArgumentError>) =>
  <O>(options: O): Effect.Effect<O, InvalidArgumentError> => Effect.as(decode(options), options)

const checkCall = checkWith(decodeCall)
const checkUpdate = checkWith(decodeUpdate)
const checkStartUpdate = checkWith(decodeStartUpdate)
const checkExecuteUpdate = checkWith(decodeExecuteUpdate)
const checkPage = checkWith(decodePage)
const checkFetchHistory = checkWith(decodeFetchHistory)
const checkFetchHistoryPage = checkWith(decodeFetchHistoryPage)
const checkIntoHistories = checkWith(decodeOptions(Schema.Struct({
  ...RpcOptionsFields,
  concurrency: optionalField(PageSize, "a positive integer")
})))

/**
 * Checks the options every call takes: `rpcMetadata` a record of strings,
 * `rpcTimeout` a positive duration (infinite = no deadline).
 *
 * @since 0.1.0
 * @category validation
 */
export const validateCallOptions = <O extends CallOptions>(options: O): Effect.Effect<O, InvalidArgumentError> =>
  checkCall(options)

/**
 * Checks the options of `executeUpdate`: the update ID and first execution
 * run ID non-empty when given, and the call options.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateUpdateOptions = <O extends UpdateOptions>(options: O): Effect.Effect<O, InvalidArgumentError> =>
  checkUpdate(options)

/**
 * Checks the options of `startUpdate` / `startUpdateWithStart`: the wait stage
 * must be `"Accepted"` or `"Completed"`, and the update options
 * ({@link validateUpdateOptions}). `"Admitted"` is refused: the Temporal
 * server answers an update request waiting only for Admitted with
 * `PERMISSION_DENIED` ("waiting on update admitted is not supported"), as the
 * other SDKs also refuse it.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateStartUpdateOptions = (
  options: StartUpdateOptions
): Effect.Effect<StartUpdateOptions, InvalidArgumentError> => checkStartUpdate(options)

/**
 * Checks the options of `handle.executeUpdateWithOptions`: `args` an array,
 * `updateId` non-empty when given, and the call options.
 *
 * @since 1.0.0
 * @category validation
 */
export const validateExecuteUpdateOptions = <O extends ExecuteUpdateOptions<unknown>>(
  options: O
): Effect.Effect<O, InvalidArgumentError> => checkExecuteUpdate(options)

/**
 * Checks the options of a paged listing (`listWorkflows`, `listSchedules`):
 * `pageSize` a positive 32-bit integer (the request's field is an `int32`),
 * `limit` a non-negative integer, and the call options.
 *
 * @since 0.1.0
 * @category validation
 */
export const validatePageOptions = <O extends PageOptions>(options: O): Effect.Effect<O, InvalidArgumentError> =>
  checkPage(options)

/**
 * Checks the options of `listWorkflows`: see {@link validatePageOptions}.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateListWorkflowsOptions = (
  options: ListWorkflowsOptions
): Effect.Effect<ListWorkflowsOptions, InvalidArgumentError> => checkPage(options)

/**
 * Checks the options of `fetchHistory`: `pageSize` a positive 32-bit
 * integer, `eventFilter` one of the filter types, `waitNewEvent` and
 * `skipArchival` booleans, and the call options.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateFetchHistoryOptions = (
  options: FetchHistoryOptions
): Effect.Effect<FetchHistoryOptions, InvalidArgumentError> => checkFetchHistory(options)

/**
 * Checks the options of `fetchHistoryPage`: those of `fetchHistory`
 * ({@link validateFetchHistoryOptions}) and `nextPageToken` a `Uint8Array`.
 *
 * @since 1.0.0
 * @category validation
 */
export const validateFetchHistoryPageOptions = (
  options: FetchHistoryPageOptions
): Effect.Effect<FetchHistoryPageOptions, InvalidArgumentError> => checkFetchHistoryPage(options)

/**
 * Checks the options of `intoHistories`: `concurrency` a positive integer,
 * and the call options.
 *
 * @since 1.0.0
 * @category validation
 */
export const validateIntoHistoriesOptions = (
  options: IntoHistoriesOptions
): Effect.Effect<IntoHistoriesOptions, InvalidArgumentError> => checkIntoHistories(options)

const VisibilityQuery = Schema.UndefinedOr(WellFormedString).annotate({ expected: "a string" })

const decodeQuery = decodeOptions(VisibilityQuery, "query")

/**
 * Checks a visibility query given at the edge: a string, or absent for all.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateVisibilityQuery = (
  query: string | undefined,
  field: string = "query"
): Effect.Effect<string | undefined, InvalidArgumentError> =>
  (field === "query" ? decodeQuery : decodeOptions(VisibilityQuery, field))(query)
