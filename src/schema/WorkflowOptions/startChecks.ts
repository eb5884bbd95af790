/**
 * The checks made on start options before any RPC: one Schema for a start,
 * one for the start half of update-with-start, both decoded by
 * `decodeOptions` so that a bad value fails with `InvalidArgumentError`
 * naming its field (`retryPolicy.maximumAttempts`, `headers.trace`).
 *
 * @since 1.0.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type { Mutable } from "effect/Types"
import { decodeOptions } from "../../internal/validation.js"
import {
  CheckedPriority,
  CheckedRetryPolicy,
  CheckedVersioningOverride,
  CronSchedule,
  cronScheduleReason,
  DurationFromInput,
  malformedStringReason,
  NonEmptyWellFormedString,
  NonNegativeDuration,
  oneOf,
  optionalField,
  Payload,
  PlainRecord,
  recordOf,
  RequiredString,
  RpcOptionsFields,
  WellFormedString,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy
} from "../Common.js"
import * as SearchAttributes from "../SearchAttributes.js"
import type { InvalidArgumentError } from "../TemporalError.js"
import type * as WorkflowDefinition from "../WorkflowDefinition.js"
import type {
  SearchAttributesInput,
  StartWorkflowOptions,
  ValidatedStartWorkflowOptions,
  WithStartWorkflowOperationOptions
} from "./start.js"

// -----------------------------------------------------------------------------
// fields
// -----------------------------------------------------------------------------

const TaskQueue = RequiredString.check(
  Schema.makeFilter((queue) => !queue.startsWith("/_sys/") || "must not start with the reserved prefix \"/_sys/\"")
)

/** A workflow timeout: positive; infinite means none (dropped once decoded). */
const Timeout = optionalField(DurationFromInput({ allowInfinite: true }), "a Duration.Input")

/** A cron schedule, or `""` for none (as in the Python SDK). */
const CronScheduleOrNone = Schema.String.check(
  Schema.makeFilter((cron) => cron === "" || (cronScheduleReason(cron) ?? true))
)

/** A typed collection is checked value by value when encoded (still before an RPC is sent). */
const SearchAttributesField: Schema.Codec<SearchAttributesInput> = Schema.declare(
  (u: unknown): u is SearchAttributesInput => SearchAttributes.isSearchAttributes(u) || Predicate.isObject(u),
  { expected: "a SearchAttributes collection or a record (a plain object)" }
).check(Schema.makeFilter((input) => {
  if (SearchAttributes.isSearchAttributes(input)) return undefined
  for (const key of Object.keys(input)) {
    const reason = malformedStringReason(key)
    if (reason !== undefined) return { path: [key], issue: `key ${reason}` }
  }
  return undefined
}))

const Args = optionalField(Schema.Array(Schema.Unknown), "an array")

const startFields = {
  id: RequiredString,
  taskQueue: TaskQueue,
  args: Args,
  executionTimeout: Timeout,
  runTimeout: Timeout,
  taskTimeout: Timeout,
  idReusePolicy: optionalField(oneOf(WorkflowIdReusePolicy.literals)),
  idConflictPolicy: optionalField(oneOf(WorkflowIdConflictPolicy.literals)),
  retryPolicy: optionalField(CheckedRetryPolicy, "a RetryPolicy object"),
  cronSchedule: optionalField(CronScheduleOrNone, "a string"),
  memo: optionalField(PlainRecord),
  searchAttributes: optionalField(SearchAttributesField),
  staticSummary: optionalField(WellFormedString, "a string"),
  staticDetails: optionalField(WellFormedString, "a string"),
  startDelay: optionalField(NonNegativeDuration, "a Duration.Input"),
  startSignal: optionalField(NonEmptyWellFormedString, "a non-empty string"),
  startSignalArgs: Args,
  requestEagerStart: optionalField(Schema.Boolean, "a boolean"),
  priority: optionalField(CheckedPriority, "a Priority object"),
  versioningOverride: optionalField(CheckedVersioningOverride, "\"AutoUpgrade\" or a pinned version"),
  requestId: optionalField(NonEmptyWellFormedString, "a non-empty string"),
  headers: optionalField(recordOf(Schema.is(Payload), "a Payload")),
  ...RpcOptionsFields
}

// -----------------------------------------------------------------------------
// rules across fields (the server's, and the Python SDK's)
// -----------------------------------------------------------------------------

/** The fields the rules read, once decoded. */
interface RuleInput {
  readonly idReusePolicy?: WorkflowIdReusePolicy | undefined
  readonly idConflictPolicy?: WorkflowIdConflictPolicy | undefined
  readonly cronSchedule?: string | undefined
  readonly startDelay?: Duration.Duration | undefined
  readonly startSignal?: string | undefined
  readonly startSignalArgs?: ReadonlyArray<unknown> | undefined
  readonly requestEagerStart?: boolean | undefined
}

/** A rule: when `broken`, the options fail with `issue` at `field`. */
const rule = (field: keyof RuleInput, broken: (options: RuleInput) => boolean, issue: string) =>
  Schema.makeFilter<RuleInput>((options) => broken(options) ? { path: [field], issue } : undefined)

const startRules = [
  // the server's ValidateWorkflowIDReusePolicy
  rule(
    "idReusePolicy",
    (o) => o.idReusePolicy === "TerminateIfRunning" && o.idConflictPolicy !== undefined,
    "\"TerminateIfRunning\" cannot be combined with an idConflictPolicy; use idConflictPolicy \"TerminateExisting\" instead"
  ),
  rule(
    "idReusePolicy",
    (o) => o.idReusePolicy === "RejectDuplicate" && o.idConflictPolicy === "TerminateExisting",
    "\"RejectDuplicate\" cannot be combined with idConflictPolicy \"TerminateExisting\""
  ),
  rule(
    "startDelay",
    (o) =>
      o.cronSchedule !== undefined && o.cronSchedule !== "" && o.startDelay !== undefined &&
      !Duration.isZero(o.startDelay),
    "cannot be used together with cronSchedule"
  ),
  rule(
    "startSignalArgs",
    (o) => o.startSignal === undefined && o.startSignalArgs !== undefined,
    "given without startSignal"
  ),
  rule(
    "requestEagerStart",
    (o) => o.startSignal !== undefined && o.requestEagerStart === true,
    "cannot be used together with startSignal (signal-with-start)"
  ),
  rule(
    "idConflictPolicy",
    (o) => o.startSignal !== undefined && o.idConflictPolicy === "Fail",
    "\"Fail\" is not supported with startSignal (signal-with-start); use \"UseExisting\" or \"TerminateExisting\""
  )
] as const

/**
 * The Schema of start options: every field checked, then the rules across
 * fields.
 */
const StartOptionsSchema = Schema.Struct(startFields).check(...startRules)

/** A field update-with-start refuses (the server's multi-operation rules). */
const refused = (reason: string) => Schema.optionalKey(Schema.Undefined.annotate({ message: reason }))

/**
 * The Schema of the start half of update-with-start: the start options, with
 * `idConflictPolicy` required (absent or `undefined`, it is refused by the
 * first rule) and what a multi-operation refuses refused.
 */
const WithStartOptionsSchema = Schema.Struct({
  ...startFields,
  cronSchedule: optionalField(
    Schema.String.check(Schema.makeFilter((cron) => cron === "" || "is not allowed in update-with-start")),
    "a string"
  ),
  startDelay: refused("is not supported in update-with-start"),
  requestEagerStart: optionalField(
    Schema.Boolean.check(Schema.makeFilter((eager) => !eager || "is not supported in update-with-start")),
    "a boolean"
  ),
  startSignal: refused("is not supported in update-with-start")
}).check(
  rule("idConflictPolicy", (o) => o.idConflictPolicy === undefined, "is required for update-with-start"),
  ...startRules
)

// -----------------------------------------------------------------------------
// validators
// -----------------------------------------------------------------------------

type DecodedStartOptions = typeof StartOptionsSchema.Type

const finite = (d: Duration.Duration | undefined) => d !== undefined && Duration.isFinite(d) ? d : undefined

/** The fields {@link toValidated} normalizes; the others are copied as they are. */
const normalizedFields: ReadonlySet<string> = new Set([
  "args",
  "executionTimeout",
  "runTimeout",
  "taskTimeout",
  "cronSchedule",
  "startDelay",
  "startSignalArgs",
  "requestEagerStart"
])

/**
 * Decoded options as the start request takes them, without `undefined`
 * fields: infinite timeouts, a zero start delay and an empty cron schedule
 * dropped, defaults filled. One loop and named assignments: no spread and
 * no array per field (this runs on every start).
 */
const toValidated = (options: DecodedStartOptions): ValidatedStartWorkflowOptions => {
  const validated: Record<string, unknown> = {}
  const given = options as Readonly<Record<string, unknown>>
  for (const key in given) {
    const value = given[key]
    if (value !== undefined && !normalizedFields.has(key)) validated[key] = value
  }
  const result = validated as Mutable<ValidatedStartWorkflowOptions>
  result.args = options.args ?? []
  const executionTimeout = finite(options.executionTimeout)
  if (executionTimeout !== undefined) result.executionTimeout = executionTimeout
  const runTimeout = finite(options.runTimeout)
  if (runTimeout !== undefined) result.runTimeout = runTimeout
  const taskTimeout = finite(options.taskTimeout)
  if (taskTimeout !== undefined) result.taskTimeout = taskTimeout
  if (options.cronSchedule !== undefined && options.cronSchedule !== "") result.cronSchedule = options.cronSchedule
  if (options.startDelay !== undefined && !Duration.isZero(options.startDelay)) result.startDelay = options.startDelay
  result.startSignalArgs = options.startSignalArgs ?? []
  result.requestEagerStart = options.requestEagerStart ?? false
  return result
}

const decodeStart = decodeOptions(StartOptionsSchema)
const decodeWithStart = decodeOptions(WithStartOptionsSchema)

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
 * - `retryPolicy`, `priority`, `versioningOverride`: the server's rules
 *   (`CheckedRetryPolicy`, `CheckedPriority`, `CheckedVersioningOverride`).
 * - `cronSchedule`: see {@link validateCronSchedule}; `""` means none.
 * - every string sent to the server: valid Unicode.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateStartWorkflowOptions = <
  Def extends WorkflowDefinition.Any,
  Signal extends WorkflowDefinition.SignalNames<Def>
>(options: StartWorkflowOptions<Def, Signal>): Effect.Effect<ValidatedStartWorkflowOptions, InvalidArgumentError> =>
  Effect.map(decodeStart(options), toValidated)

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
  Effect.map(decodeWithStart(options), toValidated)

/**
 * Checks a cron schedule the way the server parses it (robfig/cron's
 * `ParseStandard`): an optional `CRON_TZ=<zone>` or `TZ=<zone>` prefix, then
 * either a descriptor (`@yearly`, `@annually`, `@monthly`, `@weekly`,
 * `@daily`, `@midnight`, `@hourly`, `@every <Go duration>`) or exactly five
 * fields (minute, hour, day of month, month, day of week) made of digits,
 * names, `*`, `?`, `,`, `/` and `-`. The Schema is `Common.CronSchedule`.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateCronSchedule = (
  cron: string,
  field: string = "cronSchedule"
): Effect.Effect<string, InvalidArgumentError> => decodeOptions(CronSchedule, field)(cron)
