/**
 * Options of the workflow client's operations, the Python SDK's keyword
 * arguments in camelCase, and the checks made on them before any RPC.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type {
  Payload,
  Priority,
  QueryRejectCondition,
  ResolvedRetryPolicy,
  RetryPolicy,
  VersioningOverride,
  WorkflowHistoryEventFilterType,
  WorkflowUpdateStage
} from "./Common.js"
import {
  describeInput,
  validateDuration,
  validatePriority,
  validateRetryPolicy,
  validateVersioningOverride,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy
} from "./Common.js"
import type { RpcOptions } from "./Common.js"
import type * as SearchAttributes from "./SearchAttributes.js"
import { InvalidArgumentError } from "./TemporalError.js"
import type * as WorkflowDefinition from "./WorkflowDefinition.js"

// -----------------------------------------------------------------------------
// shared
// -----------------------------------------------------------------------------

/**
 * Options every call takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions extends RpcOptions {}

/**
 * Search attributes as given when starting a workflow: a typed collection
 * (`SearchAttributes.make([[SearchAttributeKey.keyword("Customer"), "c-1"]])`,
 * written with its type in the payload metadata as the official SDKs do), or
 * untyped values by attribute name.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchAttributesInput = SearchAttributes.SearchAttributesInput

/**
 * `args` of an options object: required when the workflow declares arguments,
 * optional when it takes none or does not declare them.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowArgsOption<A extends ReadonlyArray<unknown>> = readonly [] extends A ? {
    /** The workflow's arguments, encoded with the definition's `args` Schemas. */
    readonly args?: A | undefined
  }
  : {
    /** The workflow's arguments, encoded with the definition's `args` Schemas. */
    readonly args: A
  }

// -----------------------------------------------------------------------------
// start
// -----------------------------------------------------------------------------

/**
 * Everything `startWorkflow` takes except `args` (see {@link StartWorkflowOptions}).
 *
 * @since 0.1.0
 * @category models
 */
export interface StartWorkflowOptionsBase<
  Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped,
  Signal extends WorkflowDefinition.SignalNames<Def> = WorkflowDefinition.SignalNames<Def>
> extends CallOptions {
  /** The workflow ID: unique among the namespace's running workflows. Required, non-empty. */
  readonly id: string
  /** The task queue workers poll for this workflow. Required, non-empty. */
  readonly taskQueue: string
  /** Limit on the whole execution, retries and continue-as-new included. Positive; absent or infinite = no limit. */
  readonly executionTimeout?: Duration.Input | undefined
  /** Limit on a single run. Positive; absent or infinite = no limit. */
  readonly runTimeout?: Duration.Input | undefined
  /** Limit on a single workflow task (the server's default is 10 s). Positive. */
  readonly taskTimeout?: Duration.Input | undefined
  /** What to do when the ID belongs to a closed workflow (server default `"AllowDuplicate"`). */
  readonly idReusePolicy?: WorkflowIdReusePolicy | undefined
  /** What to do when the ID belongs to a running workflow (server default `"Fail"`, `"UseExisting"` with a start signal). */
  readonly idConflictPolicy?: WorkflowIdConflictPolicy | undefined
  /** How the workflow is retried; absent = no retries. */
  readonly retryPolicy?: RetryPolicy | undefined
  /** A cron schedule (5 fields, or `@hourly`-style descriptors, `@every 1h`), for a cron workflow. Prefer schedules. */
  readonly cronSchedule?: string | undefined
  /** Memo: non-indexed values attached to the workflow, encoded by the data converter. */
  readonly memo?: Readonly<Record<string, unknown>> | undefined
  /** Search attributes: indexed values for visibility queries. */
  readonly searchAttributes?: SearchAttributesInput | undefined
  /** A single-line summary shown in the UI (encoded as a payload in the user metadata). */
  readonly staticSummary?: string | undefined
  /** Longer details shown in the UI (Markdown), encoded in the user metadata. */
  readonly staticDetails?: string | undefined
  /** Delay before the first workflow task is dispatched. Not with `cronSchedule`; zero = no delay. */
  readonly startDelay?: Duration.Input | undefined
  /** When set, the start is a signal-with-start sending this signal. */
  readonly startSignal?: Signal | undefined
  /** The arguments of `startSignal`. */
  readonly startSignalArgs?: WorkflowDefinition.SignalArgs<Def, Signal> | undefined
  /**
   * Eager start, kept for parity with the Python SDK; it has no effect here.
   * Eager start hands the first workflow task to a worker in the same
   * process as the client, and this library has no worker: a task handed
   * back to it would wait out its task timeout before any worker got it. So
   * the request always goes out with `requestEagerExecution: false`. The
   * option is still checked as the Python SDK does (not with `startSignal`,
   * nor in update-with-start).
   */
  readonly requestEagerStart?: boolean | undefined
  /** Priority and fairness of the workflow's tasks. */
  readonly priority?: Priority | undefined
  /** Override of the workflow's versioning behavior. */
  readonly versioningOverride?: VersioningOverride | undefined
  /** The request ID for the start (made once per call when absent); the same ID never starts twice. */
  readonly requestId?: string | undefined
  /** Headers of the start request, already payloads (interceptors usually set these). */
  readonly headers?: Readonly<Record<string, Payload>> | undefined
}

/**
 * The options of `startWorkflow` (and `executeWorkflow`, `signalWithStart`):
 * {@link StartWorkflowOptionsBase} plus `args`, typed by the definition.
 *
 * @since 0.1.0
 * @category models
 */
export type StartWorkflowOptions<
  Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped,
  Signal extends WorkflowDefinition.SignalNames<Def> = WorkflowDefinition.SignalNames<Def>
> = StartWorkflowOptionsBase<Def, Signal> & WorkflowArgsOption<WorkflowDefinition.Args<Def>>

/**
 * Start options after {@link validateStartWorkflowOptions}: durations decoded,
 * zero start delay and infinite timeouts dropped, defaults filled. Values that
 * become payloads (args, memo, search attributes, signal args) are passed
 * through for the data converter.
 *
 * @since 0.1.0
 * @category models
 */
export interface ValidatedStartWorkflowOptions {
  /** The workflow ID, non-empty. */
  readonly id: string
  /** The task queue, non-empty and not under the reserved `/_sys/` prefix. */
  readonly taskQueue: string
  /** The workflow's arguments, not yet encoded (`[]` when none were given). */
  readonly args: ReadonlyArray<unknown>
  /** Limit on the whole execution; absent = no limit (an infinite timeout is dropped). */
  readonly executionTimeout?: Duration.Duration | undefined
  /** Limit on a single run; absent = no limit (an infinite timeout is dropped). */
  readonly runTimeout?: Duration.Duration | undefined
  /** Limit on a single workflow task; absent = the server's default. */
  readonly taskTimeout?: Duration.Duration | undefined
  /** What to do when the ID belongs to a closed workflow; absent = the server's default. */
  readonly idReusePolicy?: WorkflowIdReusePolicy | undefined
  /** What to do when the ID belongs to a running workflow; absent = the server's default. */
  readonly idConflictPolicy?: WorkflowIdConflictPolicy | undefined
  /** The checked retry policy, intervals decoded; absent = no retries. */
  readonly retryPolicy?: ResolvedRetryPolicy | undefined
  /** The checked cron schedule; absent when none (or an empty one) was given. */
  readonly cronSchedule?: string | undefined
  /** Memo values, not yet encoded. */
  readonly memo?: Readonly<Record<string, unknown>> | undefined
  /** Search attributes as given (typed collection or untyped record), not yet encoded. */
  readonly searchAttributes?: SearchAttributesInput | undefined
  /** Single-line summary for the UI, not yet encoded. */
  readonly staticSummary?: string | undefined
  /** Longer details for the UI, not yet encoded. */
  readonly staticDetails?: string | undefined
  /** Delay before the first workflow task; absent when none or zero was given. */
  readonly startDelay?: Duration.Duration | undefined
  /** The signal of a signal-with-start; absent for a plain start. */
  readonly startSignal?: string | undefined
  /** The arguments of `startSignal`, not yet encoded (`[]` when none were given). */
  readonly startSignalArgs: ReadonlyArray<unknown>
  /** Whether eager start was asked for (`false` unless given); never sent, see `StartWorkflowOptions.requestEagerStart`. */
  readonly requestEagerStart: boolean
  /** The checked priority and fairness of the workflow's tasks. */
  readonly priority?: Priority | undefined
  /** The checked override of the workflow's versioning behavior. */
  readonly versioningOverride?: VersioningOverride | undefined
  /** The request ID given; absent = one is made for the call. */
  readonly requestId?: string | undefined
  /** Headers of the start request, already payloads. */
  readonly headers?: Readonly<Record<string, Payload>> | undefined
  /** Extra gRPC metadata for the start RPC. */
  readonly rpcMetadata?: Readonly<Record<string, string>> | undefined
  /** Deadline of the start RPC; absent = the default. */
  readonly rpcTimeout?: Duration.Duration | undefined
}

// -----------------------------------------------------------------------------
// update-with-start
// -----------------------------------------------------------------------------

/**
 * The start half of update-with-start (Python `WithStartWorkflowOperation`):
 * the start options without those the server refuses in a multi-operation
 * (`cronSchedule`, `startDelay`, `requestEagerStart`, a start signal) and
 * without the RPC options (the update call has them), with `idConflictPolicy`
 * required.
 *
 * @since 0.1.0
 * @category models
 */
export interface WithStartWorkflowOperationOptionsBase extends
  Omit<
    StartWorkflowOptionsBase,
    | "idConflictPolicy"
    | "cronSchedule"
    | "startDelay"
    | "requestEagerStart"
    | "startSignal"
    | "startSignalArgs"
    | "rpcMetadata"
    | "rpcTimeout"
  >
{
  /** Required: what to do when the workflow is already running (`"UseExisting"` is the usual choice). */
  readonly idConflictPolicy: WorkflowIdConflictPolicy
}

/**
 * The options of a `WithStartWorkflowOperation`, with `args` typed by the
 * definition.
 *
 * @since 0.1.0
 * @category models
 */
export type WithStartWorkflowOperationOptions<Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped> =
  & WithStartWorkflowOperationOptionsBase
  & WorkflowArgsOption<WorkflowDefinition.Args<Def>>

// -----------------------------------------------------------------------------
// per-call options
// -----------------------------------------------------------------------------

/**
 * Options of `getWorkflowHandle` / `getWorkflowHandleFor`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetWorkflowHandleOptions {
  /** The run the handle addresses; absent = the latest run. */
  readonly runId?: string | undefined
  /** The first run of the chain; cancel and terminate then only act within that chain. */
  readonly firstExecutionRunId?: string | undefined
}

/**
 * Options of `handle.result()`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowResultOptions extends CallOptions {
  /** Follow continue-as-new, retry and cron runs to the last one (default `true`). */
  readonly followRuns?: boolean | undefined
}

/**
 * Options of `handle.signal`.
 *
 * @since 0.1.0
 * @category models
 */
export interface SignalOptions extends CallOptions {}

/**
 * Options of `handle.query`.
 *
 * @since 0.1.0
 * @category models
 */
export interface QueryOptions extends CallOptions {
  /** When the server rejects the query instead of running it (default: the client's, else `"None"`). */
  readonly rejectCondition?: QueryRejectCondition | undefined
}

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
  /** The stage to wait for before returning the update handle: `"Accepted"` or `"Completed"` (`"Admitted"` is not supported). */
  readonly waitForStage: WorkflowUpdateStage
}

/**
 * Options of `handle.cancel`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CancelOptions extends CallOptions {
  /** Why the workflow is canceled (recorded in history). */
  readonly reason?: string | undefined
}

/**
 * Options of `handle.terminate`.
 *
 * @since 0.1.0
 * @category models
 */
export interface TerminateOptions extends CallOptions {
  /** Why the workflow is terminated (recorded in history). */
  readonly reason?: string | undefined
  /** Details recorded with the termination, encoded by the data converter. */
  readonly details?: ReadonlyArray<unknown> | undefined
}

/**
 * Options of `handle.describe`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DescribeOptions extends CallOptions {}

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
 * Options of `listWorkflows`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListWorkflowsOptions extends CallOptions {
  /** Executions per page (default 1000). A positive integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many executions in total. A non-negative integer; absent = all. */
  readonly limit?: number | undefined
}

/**
 * Options of `countWorkflows`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CountWorkflowsOptions extends CallOptions {}

// -----------------------------------------------------------------------------
// validation
// -----------------------------------------------------------------------------

const invalid = (field: string, reason: string) => new InvalidArgumentError({ field, reason })

/** A UTF-16 surrogate without its other half: a string that is not valid Unicode. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why a string cannot be sent to the server, or `undefined` when it can. A
 * string with a lone UTF-16 surrogate (half of an emoji cut in two, say) is
 * not valid Unicode: protobuf writes it as invalid UTF-8, which the server
 * refuses to decode (INTERNAL "string field contains invalid UTF-8").
 *
 * @since 0.1.0
 * @category validation
 */
export const malformedStringReason = (value: string): string | undefined => {
  const found = loneSurrogate.exec(value)
  return found === null
    ? undefined
    : `contains a lone UTF-16 surrogate (\\u${
      found[0].charCodeAt(0).toString(16).toUpperCase()
    }) at index ${found.index}: not valid Unicode, which the server cannot decode`
}

/**
 * Checks that a string sent to the server (an ID, a name, a task queue, a
 * reason, a query) is valid Unicode: see {@link malformedStringReason}.
 * Every string the option validators accept passes through it; handles
 * check their IDs and names with it on each call.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateWellFormed = (field: string, value: string): Effect.Effect<string, InvalidArgumentError> => {
  const reason = malformedStringReason(value)
  return reason === undefined ? Effect.succeed(value) : Effect.fail(invalid(field, reason))
}

/**
 * {@link validateWellFormed} for several strings at once, each with its
 * field name; absent ones are skipped. Fails with the first that is not.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateWellFormedFields = (
  fields: ReadonlyArray<readonly [field: string, value: string | undefined]>
): Effect.Effect<void, InvalidArgumentError> => {
  for (const [field, value] of fields) {
    if (value === undefined) continue
    const reason = malformedStringReason(value)
    if (reason !== undefined) return Effect.fail(invalid(field, reason))
  }
  return Effect.void
}

const requireNonEmptyString = (field: string, value: unknown): Effect.Effect<string, InvalidArgumentError> =>
  typeof value === "string" && value.length > 0
    ? validateWellFormed(field, value)
    : Effect.fail(invalid(field, typeof value === "string" ? "must not be empty" : "must be a string"))

const optionalNonEmptyString = (
  field: string,
  value: unknown
): Effect.Effect<string | undefined, InvalidArgumentError> =>
  value === undefined ? Effect.succeed(undefined) : requireNonEmptyString(field, value)

const optionalString = (field: string, value: unknown): Effect.Effect<string | undefined, InvalidArgumentError> =>
  value === undefined
    ? Effect.succeed(undefined)
    : typeof value === "string"
    ? validateWellFormed(field, value)
    : Effect.fail(invalid(field, "must be a string"))

const optionalBoolean = (field: string, value: unknown): Effect.Effect<boolean | undefined, InvalidArgumentError> =>
  value === undefined || typeof value === "boolean"
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, "must be a boolean"))

const optionalArray = (
  field: string,
  value: unknown
): Effect.Effect<ReadonlyArray<unknown>, InvalidArgumentError> =>
  value === undefined
    ? Effect.succeed([])
    : Array.isArray(value)
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, "must be an array"))

const optionalRecord = <V>(
  field: string,
  value: unknown,
  isValue: (u: unknown) => u is V,
  what: string
): Effect.Effect<Readonly<Record<string, V>> | undefined, InvalidArgumentError> => {
  if (value === undefined) return Effect.succeed(undefined)
  if (!Predicate.isObject(value) || Array.isArray(value)) {
    return Effect.fail(invalid(field, "must be a record (a plain object)"))
  }
  for (const [key, v] of Object.entries(value)) {
    const keyReason = malformedStringReason(key)
    if (keyReason !== undefined) return Effect.fail(invalid(`${field} key ${JSON.stringify(key)}`, keyReason))
    if (!isValue(v)) return Effect.fail(invalid(`${field}.${key}`, `must be ${what}`))
  }
  return Effect.succeed(value as Readonly<Record<string, V>>)
}

const isUnknown = (_: unknown): _ is unknown => true

const isTypedSearchAttributes = (u: unknown): u is SearchAttributes.SearchAttributes =>
  Predicate.hasProperty(u, Symbol.for("effect-temporal/SearchAttributes"))

const optionalLiteral = <A extends string>(
  field: string,
  schema: Schema.Codec<A>,
  value: unknown
): Effect.Effect<A | undefined, InvalidArgumentError> =>
  value === undefined || Schema.is(schema)(value)
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, `must be one of ${describeInput(schema.ast)} (got ${describeInput(value)})`))

const optionalTimeout = (
  field: string,
  value: Duration.Input | undefined
): Effect.Effect<Duration.Duration | undefined, InvalidArgumentError> =>
  value === undefined
    ? Effect.succeed(undefined)
    : Effect.map(
      validateDuration(field, value, { allowInfinite: true }),
      (d) => Duration.isFinite(d) ? d : undefined
    )

const cronDescriptors: ReadonlySet<string> = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly"
])

const goDuration = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/
const cronField = /^[0-9A-Za-z*?,/-]+$/

/**
 * Checks a cron schedule the way the server parses it (robfig/cron's
 * `ParseStandard`): an optional `CRON_TZ=<zone>` or `TZ=<zone>` prefix, then
 * either a descriptor (`@yearly`, `@annually`, `@monthly`, `@weekly`,
 * `@daily`, `@midnight`, `@hourly`, `@every <Go duration>`) or exactly five
 * fields (minute, hour, day of month, month, day of week) made of digits,
 * names, `*`, `?`, `,`, `/` and `-`.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateCronSchedule = (
  cron: string,
  field: string = "cronSchedule"
): Effect.Effect<string, InvalidArgumentError> => {
  if (typeof cron !== "string") return Effect.fail(invalid(field, "must be a string"))
  let spec = cron.trim()
  if (spec.length === 0) return Effect.fail(invalid(field, "must not be empty"))
  if (spec.startsWith("CRON_TZ=") || spec.startsWith("TZ=")) {
    const space = spec.search(/\s/)
    if (space === -1 || spec.slice(spec.indexOf("=") + 1, space).length === 0) {
      return Effect.fail(invalid(field, `has a time zone prefix but no zone or no schedule: ${JSON.stringify(cron)}`))
    }
    spec = spec.slice(space).trim()
  }
  if (spec.startsWith("@")) {
    if (cronDescriptors.has(spec)) return Effect.succeed(cron)
    if (spec.startsWith("@every ")) {
      const duration = spec.slice("@every ".length).trim()
      if (goDuration.test(duration)) return Effect.succeed(cron)
      return Effect.fail(invalid(field, `has an invalid @every duration: ${JSON.stringify(duration)}`))
    }
    return Effect.fail(invalid(field, `has an unknown descriptor: ${JSON.stringify(spec)}`))
  }
  const fields = spec.split(/\s+/)
  if (fields.length !== 5) {
    return Effect.fail(
      invalid(field, `must have exactly 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`)
    )
  }
  const bad = fields.find((f) => !cronField.test(f))
  if (bad !== undefined) {
    return Effect.fail(invalid(field, `has an invalid field ${JSON.stringify(bad)}`))
  }
  return Effect.succeed(cron)
}

const isPayload = (u: unknown): u is Payload => Predicate.isObject(u) && !Array.isArray(u)
const isStringValue = (u: unknown): u is string => typeof u === "string"

interface LooseStartOptions extends StartWorkflowOptionsBase<WorkflowDefinition.Untyped> {
  readonly args?: unknown
}

const validateStartCommon = (
  options: LooseStartOptions
): Effect.Effect<ValidatedStartWorkflowOptions, InvalidArgumentError> =>
  Effect.gen(function*() {
    if (!Predicate.isObject(options)) {
      return yield* invalid("options", "must be an object")
    }
    const id = yield* requireNonEmptyString("id", options.id)
    const taskQueue = yield* requireNonEmptyString("taskQueue", options.taskQueue)
    if (taskQueue.startsWith("/_sys/")) {
      return yield* invalid("taskQueue", "must not start with the reserved prefix \"/_sys/\"")
    }
    const args = yield* optionalArray("args", options.args)
    const executionTimeout = options.executionTimeout === undefined
      ? undefined
      : yield* optionalTimeout("executionTimeout", options.executionTimeout)
    const runTimeout = options.runTimeout === undefined
      ? undefined
      : yield* optionalTimeout("runTimeout", options.runTimeout)
    const taskTimeout = options.taskTimeout === undefined
      ? undefined
      : yield* optionalTimeout("taskTimeout", options.taskTimeout)
    const idReusePolicy = options.idReusePolicy === undefined
      ? undefined
      : yield* optionalLiteral("idReusePolicy", WorkflowIdReusePolicy, options.idReusePolicy)
    const idConflictPolicy = options.idConflictPolicy === undefined ? undefined : yield* optionalLiteral(
      "idConflictPolicy",
      WorkflowIdConflictPolicy,
      options.idConflictPolicy
    )
    // the server's ValidateWorkflowIDReusePolicy
    if (idReusePolicy === "TerminateIfRunning" && idConflictPolicy !== undefined) {
      return yield* invalid(
        "idReusePolicy",
        "\"TerminateIfRunning\" cannot be combined with an idConflictPolicy; use idConflictPolicy \"TerminateExisting\" instead"
      )
    }
    if (idReusePolicy === "RejectDuplicate" && idConflictPolicy === "TerminateExisting") {
      return yield* invalid(
        "idReusePolicy",
        "\"RejectDuplicate\" cannot be combined with idConflictPolicy \"TerminateExisting\""
      )
    }
    const retryPolicy = options.retryPolicy === undefined
      ? undefined
      : yield* validateRetryPolicy(options.retryPolicy, "retryPolicy")
    const cronSchedule = options.cronSchedule === undefined || options.cronSchedule === ""
      ? undefined
      : yield* validateCronSchedule(options.cronSchedule, "cronSchedule")
    const memo = options.memo === undefined
      ? undefined
      : yield* optionalRecord("memo", options.memo, isUnknown, "a value")
    // A typed collection is checked value by value when encoded (still before any RPC).
    const searchAttributes: SearchAttributesInput | undefined = options.searchAttributes === undefined
      ? undefined
      : isTypedSearchAttributes(options.searchAttributes)
      ? options.searchAttributes
      : yield* optionalRecord("searchAttributes", options.searchAttributes, isUnknown, "a value") as Effect.Effect<
        SearchAttributesInput | undefined,
        InvalidArgumentError
      >
    const staticSummary = options.staticSummary === undefined
      ? undefined
      : yield* optionalString("staticSummary", options.staticSummary)
    const staticDetails = options.staticDetails === undefined
      ? undefined
      : yield* optionalString("staticDetails", options.staticDetails)
    const startDelayRaw = options.startDelay === undefined
      ? undefined
      : yield* validateDuration("startDelay", options.startDelay, { allowZero: true })
    const startDelay = startDelayRaw === undefined || Duration.isZero(startDelayRaw) ? undefined : startDelayRaw
    if (cronSchedule !== undefined && startDelay !== undefined) {
      return yield* invalid("startDelay", "cannot be used together with cronSchedule")
    }
    const startSignal = options.startSignal === undefined
      ? undefined
      : yield* optionalNonEmptyString("startSignal", options.startSignal)
    const startSignalArgs = options.startSignalArgs === undefined
      ? []
      : yield* optionalArray("startSignalArgs", options.startSignalArgs)
    if (startSignal === undefined && options.startSignalArgs !== undefined) {
      return yield* invalid("startSignalArgs", "given without startSignal")
    }
    const requestEagerStart = options.requestEagerStart === undefined
      ? false
      : (yield* optionalBoolean("requestEagerStart", options.requestEagerStart)) ?? false
    if (startSignal !== undefined && requestEagerStart) {
      return yield* invalid("requestEagerStart", "cannot be used together with startSignal (signal-with-start)")
    }
    if (startSignal !== undefined && idConflictPolicy === "Fail") {
      return yield* invalid(
        "idConflictPolicy",
        "\"Fail\" is not supported with startSignal (signal-with-start); use \"UseExisting\" or \"TerminateExisting\""
      )
    }
    const priority = options.priority === undefined ? undefined : yield* validatePriority(options.priority)
    const versioningOverride = options.versioningOverride === undefined
      ? undefined
      : yield* validateVersioningOverride(options.versioningOverride)
    const requestId = options.requestId === undefined
      ? undefined
      : yield* optionalNonEmptyString("requestId", options.requestId)
    const headers = options.headers === undefined
      ? undefined
      : yield* optionalRecord("headers", options.headers, isPayload, "a Payload")
    const rpcMetadata = options.rpcMetadata === undefined
      ? undefined
      : yield* optionalRecord("rpcMetadata", options.rpcMetadata, isStringValue, "a string")
    const rpcTimeout = options.rpcTimeout === undefined
      ? undefined
      : yield* validateDuration("rpcTimeout", options.rpcTimeout, { allowInfinite: true })

    const out: { -readonly [K in keyof ValidatedStartWorkflowOptions]: ValidatedStartWorkflowOptions[K] } = {
      id,
      taskQueue,
      args,
      startSignalArgs,
      requestEagerStart
    }
    if (executionTimeout !== undefined) out.executionTimeout = executionTimeout
    if (runTimeout !== undefined) out.runTimeout = runTimeout
    if (taskTimeout !== undefined) out.taskTimeout = taskTimeout
    if (idReusePolicy !== undefined) out.idReusePolicy = idReusePolicy
    if (idConflictPolicy !== undefined) out.idConflictPolicy = idConflictPolicy
    if (retryPolicy !== undefined) out.retryPolicy = retryPolicy
    if (cronSchedule !== undefined) out.cronSchedule = cronSchedule
    if (memo !== undefined) out.memo = memo
    if (searchAttributes !== undefined) out.searchAttributes = searchAttributes
    if (staticSummary !== undefined) out.staticSummary = staticSummary
    if (staticDetails !== undefined) out.staticDetails = staticDetails
    if (startDelay !== undefined) out.startDelay = startDelay
    if (startSignal !== undefined) out.startSignal = startSignal
    if (priority !== undefined) out.priority = priority
    if (versioningOverride !== undefined) out.versioningOverride = versioningOverride
    if (requestId !== undefined) out.requestId = requestId
    if (headers !== undefined) out.headers = headers
    if (rpcMetadata !== undefined) out.rpcMetadata = rpcMetadata
    if (rpcTimeout !== undefined) out.rpcTimeout = rpcTimeout
    return out
  })

/**
 * Checks start options before any RPC, with the field at fault in the error:
 *
 * - `id`, `taskQueue`: non-empty strings; the task queue may not use the
 *   reserved `/_sys/` prefix.
 * - `executionTimeout`, `runTimeout`, `taskTimeout`, `rpcTimeout`: valid,
 *   positive durations (an infinite execution or run timeout means none).
 * - `startDelay`: not negative; not with `cronSchedule` (server rule).
 * - `idReusePolicy` `"TerminateIfRunning"` with any `idConflictPolicy`, and
 *   `"RejectDuplicate"` with `"TerminateExisting"`, are refused (server rules).
 * - `startSignal`: with neither `requestEagerStart` (signal-with-start has no
 *   eager start) nor `idConflictPolicy: "Fail"` (refused by the server for
 *   signal-with-start); `startSignalArgs` only with `startSignal`.
 * - `retryPolicy`, `priority`, `versioningOverride`: see their validators.
 * - `cronSchedule`: see {@link validateCronSchedule}.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateStartWorkflowOptions = <
  Def extends WorkflowDefinition.Any,
  Signal extends WorkflowDefinition.SignalNames<Def>
>(options: StartWorkflowOptions<Def, Signal>): Effect.Effect<ValidatedStartWorkflowOptions, InvalidArgumentError> =>
  validateStartCommon(options as unknown as LooseStartOptions)

/**
 * Checks the start half of update-with-start: everything
 * {@link validateStartWorkflowOptions} checks, plus the rules of the server's
 * multi-operation and the Python SDK: `idConflictPolicy` is required, and
 * `cronSchedule`, `startDelay`, `requestEagerStart` and a start signal are
 * refused.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateWithStartWorkflowOperationOptions = <Def extends WorkflowDefinition.Any>(
  options: WithStartWorkflowOperationOptions<Def>
): Effect.Effect<ValidatedStartWorkflowOptions, InvalidArgumentError> =>
  Effect.gen(function*() {
    const loose = options as unknown as LooseStartOptions
    if (!Predicate.isObject(loose)) return yield* invalid("options", "must be an object")
    if (loose.idConflictPolicy === undefined) {
      return yield* invalid("idConflictPolicy", "is required for update-with-start")
    }
    if (loose.cronSchedule !== undefined && loose.cronSchedule !== "") {
      return yield* invalid("cronSchedule", "is not allowed in update-with-start")
    }
    if (loose.startDelay !== undefined) {
      return yield* invalid("startDelay", "is not supported in update-with-start")
    }
    if (loose.requestEagerStart === true) {
      return yield* invalid("requestEagerStart", "is not supported in update-with-start")
    }
    if (loose.startSignal !== undefined) {
      return yield* invalid("startSignal", "is not supported in update-with-start")
    }
    return yield* validateStartCommon(loose)
  })

/**
 * Checks the options of `startUpdate` / `startUpdateWithStart`: the wait stage
 * must be `"Accepted"` or `"Completed"` (as in the Python SDK, `"Admitted"`
 * is not supported), the update ID non-empty when given.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateStartUpdateOptions = (
  options: StartUpdateOptions
): Effect.Effect<StartUpdateOptions, InvalidArgumentError> =>
  Effect.gen(function*() {
    if (!Predicate.isObject(options)) return yield* invalid("options", "must be an object")
    if (options.waitForStage !== "Accepted" && options.waitForStage !== "Completed") {
      return yield* invalid(
        "waitForStage",
        `must be "Accepted" or "Completed" (got ${describeInput(options.waitForStage)})`
      )
    }
    yield* validateUpdateOptions(options)
    return options
  })

/**
 * Checks the options of `executeUpdate`: the update ID and first execution
 * run ID non-empty when given, the RPC timeout a positive duration.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateUpdateOptions = <O extends UpdateOptions>(
  options: O
): Effect.Effect<O, InvalidArgumentError> =>
  Effect.gen(function*() {
    yield* optionalNonEmptyString("id", options.id)
    yield* optionalNonEmptyString("firstExecutionRunId", options.firstExecutionRunId)
    yield* validateCallOptions(options)
    return options
  })

/**
 * Checks the options every call takes: `rpcMetadata` a record of strings,
 * `rpcTimeout` a positive duration (infinite = no deadline).
 *
 * @since 0.1.0
 * @category validation
 */
export const validateCallOptions = <O extends CallOptions>(
  options: O
): Effect.Effect<O, InvalidArgumentError> =>
  Effect.gen(function*() {
    yield* optionalRecord("rpcMetadata", options.rpcMetadata, isStringValue, "a string")
    if (options.rpcTimeout !== undefined) {
      yield* validateDuration("rpcTimeout", options.rpcTimeout, { allowInfinite: true })
    }
    return options
  })

const maxInt32 = 2_147_483_647

/** A page size as the request's `int32` field carries it: a positive integer of at most 2³¹ − 1. */
const optionalPageSize = (field: string, value: unknown): Effect.Effect<number | undefined, InvalidArgumentError> =>
  value === undefined || (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= maxInt32)
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, `must be a positive integer of at most ${maxInt32} (got ${describeInput(value)})`))

/** A client-side count (`limit`): a non-negative safe integer. */
const optionalCount = (field: string, value: unknown): Effect.Effect<number | undefined, InvalidArgumentError> =>
  value === undefined || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, `must be a non-negative integer (got ${describeInput(value)})`))

/**
 * Options of a paged listing: `listWorkflows`, `listSchedules`.
 *
 * @since 0.1.0
 * @category models
 */
export interface PageOptions extends CallOptions {
  /** Entries per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many entries in total. A non-negative integer; absent = all. */
  readonly limit?: number | undefined
}

/**
 * Checks the options of a paged listing (`listWorkflows`, `listSchedules`):
 * `pageSize` a positive 32-bit integer (the request's field is an `int32`),
 * `limit` a non-negative integer, and the call options
 * ({@link validateCallOptions}).
 *
 * @since 0.1.0
 * @category validation
 */
export const validatePageOptions = <O extends PageOptions>(
  options: O
): Effect.Effect<O, InvalidArgumentError> =>
  Effect.gen(function*() {
    if (!Predicate.isObject(options)) return yield* invalid("options", "must be an object")
    yield* optionalPageSize("pageSize", options.pageSize)
    yield* optionalCount("limit", options.limit)
    return yield* validateCallOptions(options)
  })

/**
 * Checks a visibility query given at the edge: a string, or absent for all.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateVisibilityQuery = (
  query: string | undefined,
  field: string = "query"
): Effect.Effect<string | undefined, InvalidArgumentError> => optionalString(field, query)

/**
 * Checks the options of `listWorkflows`: see {@link validatePageOptions}.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateListWorkflowsOptions = (
  options: ListWorkflowsOptions
): Effect.Effect<ListWorkflowsOptions, InvalidArgumentError> => validatePageOptions(options)

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
): Effect.Effect<FetchHistoryOptions, InvalidArgumentError> =>
  Effect.gen(function*() {
    if (!Predicate.isObject(options)) return yield* invalid("options", "must be an object")
    yield* optionalPageSize("pageSize", options.pageSize)
    if (
      options.eventFilter !== undefined && options.eventFilter !== "AllEvent" && options.eventFilter !== "CloseEvent"
    ) {
      return yield* invalid(
        "eventFilter",
        `must be "AllEvent" or "CloseEvent" (got ${describeInput(options.eventFilter)})`
      )
    }
    yield* optionalBoolean("waitNewEvent", options.waitNewEvent)
    yield* optionalBoolean("skipArchival", options.skipArchival)
    return yield* validateCallOptions(options)
  })
