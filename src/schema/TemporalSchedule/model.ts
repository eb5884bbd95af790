/**
 * The schedule itself: spec, action, policy, state, backfills, and their validation.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { withDefault } from "../../internal/schemaDefaults.js"
import { decodeOptions } from "../../internal/validation.js"
import { CheckedPriority, CheckedRetryPolicy, CheckedVersioningOverride } from "../Common.js"
import * as SearchAttributes from "../SearchAttributes.js"
import type { InvalidArgumentError } from "../TemporalError.js"
import { ScheduleCalendarSpec, ScheduleIntervalSpec, ScheduleOverlapPolicy } from "./calendar.js"
import { NonEmptyString, PayloadRecord, ScheduleDuration } from "./fields.js"

// ---------------------------------------------------------------------------
// spec
// ---------------------------------------------------------------------------

/**
 * When the action runs: the union of every calendar, interval and cron
 * expression, minus the times matched by `skip`, between `startAt` and
 * `endAt`, each time delayed by a random amount up to `jitter`. Calendars and
 * cron expressions are read in `timeZoneName` (an IANA name; UTC when left
 * out).
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleSpec = Schema.Struct({
  calendars: withDefault(Schema.Array(ScheduleCalendarSpec), () => []),
  intervals: withDefault(Schema.Array(ScheduleIntervalSpec), () => []),
  /** Cron lines, e.g. `"0 12 * * MON-FRI"`; the server parses them. */
  cronExpressions: withDefault(Schema.Array(NonEmptyString("a cron expression")), () => []),
  skip: withDefault(Schema.Array(ScheduleCalendarSpec), () => []),
  startAt: Schema.optional(Schema.Date),
  endAt: Schema.optional(Schema.Date),
  jitter: Schema.optional(ScheduleDuration),
  timeZoneName: Schema.optional(Schema.String)
}).check(
  Schema.makeFilter((spec) =>
    spec.startAt !== undefined && spec.endAt !== undefined && spec.startAt.getTime() >= spec.endAt.getTime()
      ? { path: ["endAt"], issue: `must be after startAt (${spec.startAt.toISOString()})` }
      : undefined
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleSpec extends Schema.Schema.Type<typeof ScheduleSpec> {}

/**
 * A schedule spec as a user writes it: the encoded side of `ScheduleSpec`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleSpecInput extends Schema.Codec.Encoded<typeof ScheduleSpec> {}

// ---------------------------------------------------------------------------
// action
// ---------------------------------------------------------------------------

/**
 * Anything with a workflow type name, such as a `WorkflowDefinition` (whose
 * argument Schemas then encode `args`).
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowDefinitionLike {
  /** The workflow type name. */
  readonly name: string
}

const WorkflowRef = Schema.Union([
  NonEmptyString("the workflow type"),
  Schema.declare(
    (u: unknown): u is WorkflowDefinitionLike => Predicate.hasProperty(u, "name") && typeof u.name === "string",
    { identifier: "WorkflowDefinition", description: "a workflow definition (anything with a `name`)" }
  ).check(Schema.makeFilter((d) => d.name.length > 0 || { path: ["name"], issue: "must not be empty" }))
])

const isUntypedSearchAttributeScalar = (u: unknown): boolean =>
  typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u)) ||
  (u instanceof Date && !Number.isNaN(u.getTime()))

/**
 * Search attributes as operations take them: a typed `SearchAttributes`
 * collection, or untyped values by name (each a string, number, boolean,
 * `Date`, or an array of them).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SearchAttributesInput: Schema.Codec<SearchAttributes.SearchAttributesInput> = Schema.declare(
  (u: unknown): u is SearchAttributes.SearchAttributesInput =>
    SearchAttributes.isSearchAttributes(u) || (Predicate.isObject(u) && !Array.isArray(u)),
  { identifier: "SearchAttributes", description: "a SearchAttributes collection or a record of untyped values" }
).check(Schema.makeFilter((input) => {
  if (SearchAttributes.isSearchAttributes(input)) return undefined
  for (const [name, value] of Object.entries(input)) {
    const ok = Array.isArray(value)
      ? value.every(isUntypedSearchAttributeScalar)
      : isUntypedSearchAttributeScalar(value)
    if (!ok) return { path: [name], issue: "must be a string, number, boolean, Date, or an array of them" }
  }
  return undefined
}))

/**
 * A typed search attribute collection.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TypedSearchAttributes: Schema.Codec<SearchAttributes.SearchAttributes> = Schema.declare(
  SearchAttributes.isSearchAttributes,
  { identifier: "SearchAttributes" }
)

/**
 * The action of a schedule: start a workflow. `workflow` is the workflow type
 * name or a `WorkflowDefinition` (whose name is used); `args` are plain
 * values the `DataConverter` encodes when the schedule is created or
 * updated. `id` is the workflow ID prefix (the server appends the scheduled
 * time). Timeouts are `Duration.Input`s.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionStartWorkflow = Schema.Struct({
  _tag: withDefault(Schema.Literal("StartWorkflow"), () => "StartWorkflow" as const),
  workflow: WorkflowRef,
  args: withDefault(Schema.Array(Schema.Unknown), () => []),
  id: NonEmptyString("the workflow ID"),
  taskQueue: NonEmptyString("the task queue"),
  executionTimeout: Schema.optional(ScheduleDuration),
  runTimeout: Schema.optional(ScheduleDuration),
  taskTimeout: Schema.optional(ScheduleDuration),
  retryPolicy: Schema.optional(CheckedRetryPolicy),
  memo: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  searchAttributes: Schema.optional(SearchAttributesInput),
  staticSummary: Schema.optional(Schema.String),
  staticDetails: Schema.optional(Schema.String),
  priority: Schema.optional(CheckedPriority),
  versioningOverride: Schema.optional(CheckedVersioningOverride),
  /** Raw header payloads, sent as they are. */
  headers: Schema.optional(PayloadRecord)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionStartWorkflow extends Schema.Schema.Type<typeof ScheduleActionStartWorkflow> {}

/**
 * A start-workflow action as a user writes it: the encoded side of `ScheduleActionStartWorkflow`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionStartWorkflowInput extends Schema.Codec.Encoded<typeof ScheduleActionStartWorkflow> {}

/**
 * A schedule's action. Starting a workflow is the only kind today.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleAction = ScheduleActionStartWorkflow

/**
 * @since 0.1.0
 * @category models
 */
export type ScheduleAction = ScheduleActionStartWorkflow

/**
 * The workflow type name an action starts.
 *
 * @since 0.1.0
 * @category accessors
 */
export const workflowTypeName = (action: { readonly workflow: string | WorkflowDefinitionLike }): string =>
  typeof action.workflow === "string" ? action.workflow : action.workflow.name

// ---------------------------------------------------------------------------
// policy and state
// ---------------------------------------------------------------------------

/**
 * The default catch-up window: 365 days, as the official SDKs use.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultCatchupWindow: Duration.Duration = Duration.days(365)

/**
 * How the schedule behaves: `overlap` (default `Skip`), `catchupWindow` (how
 * late a missed action may still run after downtime; default 365 days),
 * `pauseOnFailure` (pause when a started workflow fails or times out) and
 * `keepOriginalWorkflowId` (start workflows with `id` exactly instead of
 * appending the scheduled time).
 *
 * @since 0.1.0
 * @category models
 */
export const SchedulePolicy = Schema.Struct({
  overlap: withDefault(ScheduleOverlapPolicy, () => "Skip" as const),
  catchupWindow: withDefault(ScheduleDuration, () => defaultCatchupWindow),
  pauseOnFailure: withDefault(Schema.Boolean, () => false),
  keepOriginalWorkflowId: withDefault(Schema.Boolean, () => false)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface SchedulePolicy extends Schema.Schema.Type<typeof SchedulePolicy> {}

/**
 * Schedule policies as a user writes them: the encoded side of `SchedulePolicy`.
 *
 * @since 0.1.0
 * @category models
 */
export interface SchedulePolicyInput extends Schema.Codec.Encoded<typeof SchedulePolicy> {}

/**
 * The schedule's state: `paused` with an optional `note`, and, when
 * `limitedActions` is true, `remainingActions` left before it stops.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleState = Schema.Struct({
  paused: withDefault(Schema.Boolean, () => false),
  note: Schema.optional(Schema.String),
  limitedActions: withDefault(Schema.Boolean, () => false),
  remainingActions: withDefault(
    Schema.Number.check(
      Schema.makeFilter((n) => (Number.isSafeInteger(n) && n >= 0) || "must be a non-negative integer")
    ),
    () => 0
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleState extends Schema.Schema.Type<typeof ScheduleState> {}

/**
 * A schedule state as a user writes it: the encoded side of `ScheduleState`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleStateInput extends Schema.Codec.Encoded<typeof ScheduleState> {}

// ---------------------------------------------------------------------------
// schedule
// ---------------------------------------------------------------------------

/**
 * A whole schedule: `action`, `spec`, and optionally `policy` and `state`.
 *
 * @since 0.1.0
 * @category models
 */
export const Schedule = Schema.Struct({
  action: ScheduleActionStartWorkflow,
  spec: ScheduleSpec,
  policy: withDefault(SchedulePolicy, () => Schema.decodeSync(SchedulePolicy)({})),
  state: withDefault(ScheduleState, () => Schema.decodeSync(ScheduleState)({}))
})

/**
 * A checked schedule with every default filled in.
 *
 * @since 0.1.0
 * @category models
 */
export interface Schedule extends Schema.Schema.Type<typeof Schedule> {}

/**
 * A schedule as a user writes it (durations as `DurationInput`, calendar
 * fields as `"*"`, names, numbers or ranges, defaults left out). A decoded
 * `Schedule` is also a valid `ScheduleInput`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleInput extends Schema.Codec.Encoded<typeof Schedule> {}

/** A validator of `schema`: every problem an `InvalidArgumentError` naming its field under `prefix`. */
const validateWith = <A, I>(schema: Schema.Codec<A, I>) => {
  let decode: ((input: unknown) => Effect.Effect<A, InvalidArgumentError>) | undefined
  return (input: I, prefix?: string): Effect.Effect<A, InvalidArgumentError> =>
    (decode ??= decodeOptions(schema, prefix === undefined ? [] : [prefix]))(input)
}

const decodeSchedule = validateWith(Schedule)

/**
 * Checks a schedule and fills in its defaults. Fails with an
 * `InvalidArgumentError` whose `field` is the path of the first bad value,
 * e.g. `spec.calendars[0].hour[1].start`.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateSchedule = (schedule: ScheduleInput): Effect.Effect<Schedule, InvalidArgumentError> =>
  decodeSchedule(schedule)

const decodeSpec = validateWith(ScheduleSpec)

/**
 * Checks a spec alone (paths start at the spec's own fields).
 *
 * @since 0.1.0
 * @category validation
 */
export const validateScheduleSpec = (spec: ScheduleSpecInput): Effect.Effect<ScheduleSpec, InvalidArgumentError> =>
  decodeSpec(spec)

// ---------------------------------------------------------------------------
// backfill
// ---------------------------------------------------------------------------

/**
 * Run the actions the spec would have taken between `startAt` and `endAt`
 * (inclusive), now, with `overlap` (the schedule's own policy when left out).
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleBackfill = Schema.Struct({
  startAt: Schema.Date,
  endAt: Schema.Date,
  overlap: Schema.optional(ScheduleOverlapPolicy)
}).check(Schema.makeFilter((backfill) =>
  backfill.endAt.getTime() < backfill.startAt.getTime()
    ? { path: ["endAt"], issue: `must not be before startAt (${backfill.startAt.toISOString()})` }
    : undefined
))

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleBackfill extends Schema.Schema.Type<typeof ScheduleBackfill> {}

const decodeBackfills = validateWith(Schema.Array(ScheduleBackfill))

/**
 * Checks backfill ranges; the field path names the index, e.g. `backfill[1].endAt`.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateScheduleBackfills = (
  backfills: ReadonlyArray<ScheduleBackfill>
): Effect.Effect<ReadonlyArray<ScheduleBackfill>, InvalidArgumentError> => decodeBackfills(backfills, "backfill")
