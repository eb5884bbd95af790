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
  /** Calendar-based times to take the action at. */
  calendars: withDefault(Schema.Array(ScheduleCalendarSpec), () => []),
  /** Fixed intervals to take the action at, each with an optional phase offset. */
  intervals: withDefault(Schema.Array(ScheduleIntervalSpec), () => []),
  /** Cron lines, e.g. `"0 12 * * MON-FRI"`; the server parses them. */
  cronExpressions: withDefault(Schema.Array(NonEmptyString("a cron expression")), () => []),
  /** Calendar times to skip: a time one of these matches takes no action. */
  skip: withDefault(Schema.Array(ScheduleCalendarSpec), () => []),
  /** No action is taken before this time. */
  startAt: Schema.optional(Schema.Date),
  /** No action is taken after this time. */
  endAt: Schema.optional(Schema.Date),
  /** Each action is delayed by a random duration up to this one. */
  jitter: Schema.optional(ScheduleDuration),
  /** The IANA time zone calendars and cron lines are read in (UTC when absent). */
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
  /** The kind of action: the only one is starting a workflow. */
  _tag: withDefault(Schema.Literal("StartWorkflow"), () => "StartWorkflow" as const),
  /** The workflow type name, or a `WorkflowDefinition` whose name is used. */
  workflow: WorkflowRef,
  /** The workflow's arguments, encoded by the `DataConverter`. */
  args: withDefault(Schema.Array(Schema.Unknown), () => []),
  /**
   * The ID of the workflows the action starts (the server appends the start
   * time to it). Default, filled by `createSchedule` and `update`:
   * `${scheduleId}-workflow`, as in the TypeScript SDK.
   */
  id: withDefault(NonEmptyString("the workflow ID"), () => ""),
  /** The task queue the workflows run on. */
  taskQueue: NonEmptyString("the task queue"),
  /** The workflow execution timeout (all runs, continue-as-new included). */
  executionTimeout: Schema.optional(ScheduleDuration),
  /** The timeout of a single workflow run. */
  runTimeout: Schema.optional(ScheduleDuration),
  /** The timeout of a single workflow task. */
  taskTimeout: Schema.optional(ScheduleDuration),
  /** How failed workflows are retried. */
  retryPolicy: Schema.optional(CheckedRetryPolicy),
  /** Memo values of the workflows, encoded by the `DataConverter`. */
  memo: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  /** Search attributes of the workflows. */
  searchAttributes: Schema.optional(SearchAttributesInput),
  /** A single-line summary of the workflows, shown in the UI. */
  staticSummary: Schema.optional(Schema.String),
  /** Details of the workflows, shown in the UI (Markdown). */
  staticDetails: Schema.optional(Schema.String),
  /** The workflows' priority. */
  priority: Schema.optional(CheckedPriority),
  /** The worker-versioning override of the workflows. */
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
  /** What to do when an action is due while the previous workflow still runs (default `Skip`). */
  overlap: withDefault(ScheduleOverlapPolicy, () => "Skip" as const),
  /** How late a missed action may still run after an outage (default one year). */
  catchupWindow: withDefault(ScheduleDuration, () => defaultCatchupWindow),
  /** Pause the schedule when a workflow it started fails or times out. */
  pauseOnFailure: withDefault(Schema.Boolean, () => false),
  /** Start workflows with the action's ID as it is, without appending the scheduled time. */
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
  /** Whether the schedule is paused. */
  paused: withDefault(Schema.Boolean, () => false),
  /** A note about the state, as a pause or unpause reason. */
  note: Schema.optional(Schema.String),
  /** Whether the schedule takes only `remainingActions` more actions. */
  limitedActions: withDefault(Schema.Boolean, () => false),
  /** The actions left when `limitedActions` is set; the server decrements it. */
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
  /** What the schedule does: start a workflow. */
  action: ScheduleActionStartWorkflow,
  /** When the schedule takes its action. */
  spec: ScheduleSpec,
  /** How overlaps, missed actions and failures are handled. */
  policy: withDefault(SchedulePolicy, () => Schema.decodeSync(SchedulePolicy)({})),
  /** Whether it is paused, and how many actions it has left. */
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
 * The workflow ID a schedule's start-workflow action gets when it names
 * none: `${scheduleId}-workflow`, as in the TypeScript SDK.
 *
 * @since 1.0.0
 * @category defaults
 */
export const defaultScheduleWorkflowId = (scheduleId: string): string => `${scheduleId}-workflow`

/**
 * Checks a schedule and fills in its defaults. Fails with an
 * `InvalidArgumentError` whose `field` is the path of the first bad value,
 * e.g. `spec.calendars[0].hour[1].start`. With `scheduleId`, an action
 * without a workflow `id` gets {@link defaultScheduleWorkflowId}; without
 * it, such an action is refused.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateSchedule = (
  schedule: ScheduleInput,
  scheduleId?: string
): Effect.Effect<Schedule, InvalidArgumentError> =>
  decodeSchedule(
    scheduleId !== undefined && Predicate.isObject(schedule) && Predicate.isObject(schedule.action) &&
      schedule.action.id === undefined
      ? { ...schedule, action: { ...schedule.action, id: defaultScheduleWorkflowId(scheduleId) } }
      : schedule
  )

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
  /** The start of the time range to backfill. */
  startAt: Schema.Date,
  /** The end of the time range to backfill. */
  endAt: Schema.Date,
  /** The overlap policy for the backfilled actions (the schedule's when absent). */
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
