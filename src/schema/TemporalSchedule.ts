/**
 * The schedule model: what a schedule does (`action`), when (`spec`), how it
 * behaves (`policy`) and its state (`state`), plus what the server reports
 * about it (`ScheduleDescription`, `ScheduleListDescription`).
 *
 * Every input type here is the `Encoded` side of a Schema; decoding it (see
 * `validateSchedule`) checks it and fills in the defaults of the official
 * SDKs, so a bad spec fails with an `InvalidArgumentError` naming the field
 * (e.g. `spec.calendars[0].hour[1].start`) before any RPC is made.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import { withDefault } from "../internal/schemaDefaults.js"
import { decodeOptions } from "../internal/validation.js"
import {
  CheckedPriority,
  CheckedRetryPolicy,
  CheckedVersioningOverride,
  NonNegativeDuration,
  Payload
} from "./Common.js"
import * as SearchAttributes from "./SearchAttributes.js"
import type { InvalidArgumentError } from "./TemporalError.js"

// ---------------------------------------------------------------------------
// small building blocks
// ---------------------------------------------------------------------------

/**
 * A time value given as a `Duration.Input` of whatever form and held as a finite,
 * non-negative `Duration`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScheduleDuration: Schema.Codec<Duration.Duration, Duration.Input> = NonNegativeDuration

const PayloadRecord = Schema.Record(Schema.String, Payload)

const NonEmptyString = (what: string) =>
  Schema.String.check(Schema.makeFilter((s) => s.length > 0 || `${what} must not be empty`))

// ---------------------------------------------------------------------------
// overlap policy
// ---------------------------------------------------------------------------

/**
 * What the schedule does when an action is due while an earlier one is still
 * running.
 *
 * - `Skip` (default): don't start anything.
 * - `BufferOne`: start it once the running one ends; at most one buffered.
 * - `BufferAll`: buffer every one and start them one after the other.
 * - `CancelOther`: cancel the running one, then start the new one.
 * - `TerminateOther`: terminate the running one and start the new one.
 * - `AllowAll`: start it anyway; any number may run at once.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleOverlapPolicy = Schema.Literals([
  "Skip",
  "BufferOne",
  "BufferAll",
  "CancelOther",
  "TerminateOther",
  "AllowAll"
])

/**
 * @since 0.1.0
 * @category models
 */
export type ScheduleOverlapPolicy = typeof ScheduleOverlapPolicy.Type

// ---------------------------------------------------------------------------
// calendar spec
// ---------------------------------------------------------------------------

/**
 * Month names, accepted in `ScheduleCalendarSpec.month` (JANUARY = 1).
 *
 * @since 0.1.0
 * @category models
 */
export const MonthName = Schema.Literals([
  "JANUARY",
  "FEBRUARY",
  "MARCH",
  "APRIL",
  "MAY",
  "JUNE",
  "JULY",
  "AUGUST",
  "SEPTEMBER",
  "OCTOBER",
  "NOVEMBER",
  "DECEMBER"
])

/**
 * @since 0.1.0
 * @category models
 */
export type MonthName = typeof MonthName.Type

/**
 * Weekday names, accepted in `ScheduleCalendarSpec.dayOfWeek` (SUNDAY = 0).
 *
 * @since 0.1.0
 * @category models
 */
export const DayOfWeekName = Schema.Literals([
  "SUNDAY",
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY"
])

/**
 * @since 0.1.0
 * @category models
 */
export type DayOfWeekName = typeof DayOfWeekName.Type

/**
 * An inclusive range of calendar values, `start`, `start + step`, ... up to
 * `end`. In the decoded model `end` and `step` are always present (`end`
 * defaults to `start`, `step` to 1).
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleRange = Schema.Struct({
  start: Schema.Number,
  end: Schema.Number,
  step: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleRange extends Schema.Schema.Type<typeof ScheduleRange> {}

/**
 * One range as given: `end` and `step` may be left out, and in the month and
 * weekday fields `start` / `end` may be names.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleRangeInput<Name extends string = never> {
  /** The first value (a number, or a name in the month and weekday fields). */
  readonly start: number | Name
  /** The last value, inclusive. Default: `start`. */
  readonly end?: number | Name | undefined
  /** The distance between values, an integer of at least 1. Default 1. */
  readonly step?: number | undefined
}

/**
 * What one calendar field accepts: `"*"` (every value), one value, one range,
 * or a list of values and ranges.
 *
 * @since 0.1.0
 * @category models
 */
export type ScheduleCalendarFieldInput<Name extends string = never> =
  | "*"
  | number
  | Name
  | ScheduleRangeInput<Name>
  | ReadonlyArray<number | Name | ScheduleRangeInput<Name>>

interface CalendarFieldRule {
  readonly min: number
  readonly max: number
  /** `"*"` */
  readonly all: ReadonlyArray<ScheduleRange>
  /** the value when the field is left out (the official SDKs' defaults) */
  readonly default: ReadonlyArray<ScheduleRange>
  readonly names: ReadonlyArray<string>
  /** the number the first name stands for */
  readonly namesFrom: number
}

const range = (start: number, end: number = start, step: number = 1): ScheduleRange => ({ start, end, step })

const calendarRules = {
  second: { min: 0, max: 59, all: [range(0, 59)], default: [range(0)], names: [], namesFrom: 0 },
  minute: { min: 0, max: 59, all: [range(0, 59)], default: [range(0)], names: [], namesFrom: 0 },
  hour: { min: 0, max: 23, all: [range(0, 23)], default: [range(0)], names: [], namesFrom: 0 },
  dayOfMonth: { min: 1, max: 31, all: [range(1, 31)], default: [range(1, 31)], names: [], namesFrom: 1 },
  month: { min: 1, max: 12, all: [range(1, 12)], default: [range(1, 12)], names: MonthName.literals, namesFrom: 1 },
  year: {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    all: [],
    default: [],
    names: [],
    namesFrom: 0
  },
  dayOfWeek: {
    min: 0,
    max: 6,
    all: [range(0, 6)],
    default: [range(0, 6)],
    names: DayOfWeekName.literals,
    namesFrom: 0
  }
} as const satisfies Record<string, CalendarFieldRule>

type CalendarFieldName = keyof typeof calendarRules

const calendarField = <Name extends string>(
  field: CalendarFieldName
): Schema.Codec<ReadonlyArray<ScheduleRange>, ScheduleCalendarFieldInput<Name>> => {
  const rule: CalendarFieldRule = calendarRules[field]
  // structure and values are checked in `decode`, so each error names its element
  const input = Schema.declare(
    (u: unknown): u is ScheduleCalendarFieldInput<Name> =>
      typeof u === "number" || typeof u === "string" || Predicate.isObjectOrArray(u),
    {
      identifier: "ScheduleCalendarField",
      description: "\"*\", a value, a range { start, end?, step? }, or an array of values and ranges"
    }
  )
  const bounds = rule.min === Number.MIN_SAFE_INTEGER ? "an integer" : `an integer from ${rule.min} to ${rule.max}`
  const namesHint = rule.names.length > 0 ? ` or a name (${rule.names.join(", ")})` : ""
  const toNumber = (v: unknown): number | string => {
    if (typeof v === "number") {
      return Number.isInteger(v) && v >= rule.min && v <= rule.max ? v : `${v} is out of range: must be ${bounds}`
    }
    if (typeof v === "string") {
      const index = rule.names.indexOf(v)
      return index >= 0 ? rule.namesFrom + index : `unknown value ${JSON.stringify(v)}: must be ${bounds}${namesHint}`
    }
    return `expected ${bounds}${namesHint}, got ${v === null ? "null" : typeof v}`
  }
  const decode = (
    given: ScheduleCalendarFieldInput<Name>
  ): Effect.Effect<ReadonlyArray<ScheduleRange>, SchemaIssue.Issue> => {
    if (given === "*") return Effect.succeed(rule.all)
    const items: ReadonlyArray<unknown> = Array.isArray(given) ? given : [given]
    const ranges: Array<ScheduleRange> = []
    const fail = (path: readonly [PropertyKey, ...Array<PropertyKey>], actual: unknown, message: string) =>
      Effect.fail(new SchemaIssue.Pointer(path, new SchemaIssue.InvalidValue({ message }, actual)))
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (item === "*") return fail([i], item, "\"*\" must be the whole field, not an element of a list")
      if (Predicate.isObject(item) && !Array.isArray(item)) {
        const r = item as { readonly start?: unknown; readonly end?: unknown; readonly step?: unknown }
        const start = toNumber(r.start)
        if (typeof start === "string") return fail([i, "start"], r.start, start)
        let end = start
        if (r.end !== undefined) {
          const e = toNumber(r.end)
          if (typeof e === "string") return fail([i, "end"], r.end, e)
          if (e < start) return fail([i, "end"], r.end, `must not be less than start (${start})`)
          end = e
        }
        const step = r.step ?? 1
        if (typeof step !== "number" || !Number.isInteger(step) || step < 1) {
          return fail([i, "step"], r.step, "must be an integer of at least 1")
        }
        ranges.push(range(start, end, step))
      } else {
        // a bare value is the range's start in the model, so the path says so
        const value = toNumber(item)
        if (typeof value === "string") return fail([i, "start"], item, value)
        ranges.push(range(value))
      }
    }
    return Effect.succeed(ranges)
  }
  return input.pipe(Schema.decodeTo(Schema.Array(ScheduleRange), {
    decode: SchemaGetter.transformEffect(decode),
    encode: SchemaGetter.transform((ranges) => ranges as ScheduleCalendarFieldInput<Name>)
  }))
}

/**
 * A calendar-based spec, like a cron line with named fields. A time matches
 * when every field matches. Fields left out take the official SDKs'
 * defaults: second, minute and hour 0; day of month, month, year and day of
 * week every value. So `{ hour: 9, dayOfWeek: [{ start: "MONDAY", end: "FRIDAY" }] }`
 * is 09:00:00 on weekdays.
 *
 * Field values: `"*"`, a number, a name (month and weekday fields), a range
 * `{ start, end?, step? }`, or a list of those. Bounds: second and minute
 * 0-59, hour 0-23, dayOfMonth 1-31, month 1-12, dayOfWeek 0-6 (0 is Sunday).
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleCalendarSpec = Schema.Struct({
  second: withDefault(calendarField("second"), () => calendarRules.second.default),
  minute: withDefault(calendarField("minute"), () => calendarRules.minute.default),
  hour: withDefault(calendarField("hour"), () => calendarRules.hour.default),
  dayOfMonth: withDefault(calendarField("dayOfMonth"), () => calendarRules.dayOfMonth.default),
  month: withDefault(calendarField<MonthName>("month"), () => calendarRules.month.default),
  year: withDefault(calendarField("year"), () => calendarRules.year.default),
  dayOfWeek: withDefault(calendarField<DayOfWeekName>("dayOfWeek"), () => calendarRules.dayOfWeek.default),
  comment: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleCalendarSpec extends Schema.Schema.Type<typeof ScheduleCalendarSpec> {}

/**
 * A calendar spec as a user writes it: the encoded side of `ScheduleCalendarSpec`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleCalendarSpecInput extends Schema.Codec.Encoded<typeof ScheduleCalendarSpec> {}

// ---------------------------------------------------------------------------
// interval spec
// ---------------------------------------------------------------------------

/**
 * Every `every`, counted from the Unix epoch and shifted by `offset`
 * (`{ every: "1 hour", offset: "15 minutes" }` is hh:15 each hour).
 * `every` must be positive and `offset` less than `every`.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleIntervalSpec = Schema.Struct({
  every: ScheduleDuration,
  offset: withDefault(ScheduleDuration, () => Duration.zero)
}).check(Schema.makeFilter((interval) => {
  if (!Duration.isGreaterThan(interval.every, Duration.zero)) {
    return { path: ["every"], issue: "must be greater than zero" }
  }
  if (!Duration.isLessThan(interval.offset, interval.every)) {
    return { path: ["offset"], issue: `must be less than every (${Duration.format(interval.every)})` }
  }
  return undefined
}))

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleIntervalSpec extends Schema.Schema.Type<typeof ScheduleIntervalSpec> {}

/**
 * An interval spec as a user writes it: the encoded side of `ScheduleIntervalSpec`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleIntervalSpecInput extends Schema.Codec.Encoded<typeof ScheduleIntervalSpec> {}

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

// ---------------------------------------------------------------------------
// descriptions
// ---------------------------------------------------------------------------

/**
 * An action the schedule took: the workflow it started.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionExecution = Schema.Struct({
  _tag: Schema.Literal("StartWorkflow"),
  workflowId: Schema.String,
  firstExecutionRunId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionExecution extends Schema.Schema.Type<typeof ScheduleActionExecution> {}

/**
 * One recent action: when it was scheduled for, when it was actually taken,
 * and what it started.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionResult = Schema.Struct({
  scheduledAt: Schema.Date,
  startedAt: Schema.Date,
  action: ScheduleActionExecution
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionResult extends Schema.Schema.Type<typeof ScheduleActionResult> {}

/**
 * What the server reports about a schedule's activity.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleInfo = Schema.Struct({
  /** Actions taken so far. */
  numActions: Schema.Number,
  /** Actions skipped because they were later than the catch-up window. */
  numActionsMissedCatchupWindow: Schema.Number,
  /** Actions skipped by the overlap policy. */
  numActionsSkippedOverlap: Schema.Number,
  /**
   * Actions waiting in the buffer: held back by the overlap policy
   * (`BufferOne`, `BufferAll`) until the running ones end, from the spec, a
   * trigger or a backfill. The server's `ScheduleInfo.buffer_size`.
   */
  bufferSize: Schema.Number,
  /** Actions dropped because the buffer was full (`BufferOne` holds one). The server's `buffer_dropped`. */
  numActionsDroppedFromBuffer: Schema.Number,
  /** Workflows started by the schedule that are still running. */
  runningActions: Schema.Array(ScheduleActionExecution),
  /** The most recent actions, oldest first. */
  recentActions: Schema.Array(ScheduleActionResult),
  /** The next times an action is due. */
  nextActionTimes: Schema.Array(Schema.Date),
  createdAt: Schema.Date,
  lastUpdatedAt: Schema.optional(Schema.Date)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleInfo extends Schema.Schema.Type<typeof ScheduleInfo> {}

/**
 * The action of a described schedule: the action with its values decoded
 * (`args` and `memo` read without type hints; `searchAttributes` typed when
 * every entry carries its type, else untyped values), plus the raw payloads
 * for decoding with a Schema.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleActionStartWorkflowDescription = Schema.Struct({
  ...ScheduleActionStartWorkflow.fields,
  workflow: Schema.String,
  _tag: Schema.Literal("StartWorkflow"),
  args: Schema.Array(Schema.Unknown),
  rawArgs: Schema.Array(Payload),
  rawMemo: Schema.optional(PayloadRecord),
  rawSearchAttributes: Schema.optional(PayloadRecord)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleActionStartWorkflowDescription
  extends Schema.Schema.Type<typeof ScheduleActionStartWorkflowDescription>
{}

/**
 * A described schedule: a `Schedule` whose action carries raw payloads too.
 * It can be handed back (changed) to an update as a `ScheduleInput`.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleDescriptionSchedule = Schema.Struct({
  action: ScheduleActionStartWorkflowDescription,
  spec: Schema.toType(ScheduleSpec),
  policy: Schema.toType(SchedulePolicy),
  state: Schema.toType(ScheduleState)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleDescriptionSchedule extends Schema.Schema.Type<typeof ScheduleDescriptionSchedule> {}

/**
 * What `ScheduleHandle.describe` returns: the schedule, its info, its search
 * attributes (plain, typed and raw), its memo (raw payloads, decoded on
 * demand, as for workflow executions) and the conflict token an update sends
 * back.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleDescription = Schema.Struct({
  id: Schema.String,
  schedule: ScheduleDescriptionSchedule,
  info: ScheduleInfo,
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** Memo values as raw payloads. */
  rawMemo: PayloadRecord,
  rawSearchAttributes: PayloadRecord,
  conflictToken: Schema.Uint8Array
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleDescription extends Schema.Schema.Type<typeof ScheduleDescription> {}

/**
 * The part of a schedule a list entry shows.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleListSchedule = Schema.Struct({
  action: Schema.Struct({ _tag: Schema.Literal("StartWorkflow"), workflow: Schema.String }),
  spec: Schema.toType(ScheduleSpec),
  state: Schema.Struct({ paused: Schema.Boolean, note: Schema.optional(Schema.String) })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleListSchedule extends Schema.Schema.Type<typeof ScheduleListSchedule> {}

/**
 * The part of a schedule's info a list entry shows.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleListInfo = Schema.Struct({
  recentActions: Schema.Array(ScheduleActionResult),
  nextActionTimes: Schema.Array(Schema.Date)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleListInfo extends Schema.Schema.Type<typeof ScheduleListInfo> {}

/**
 * One entry of `listSchedules`. `schedule` and `info` are absent when the
 * server sent no info (e.g. a schedule being created).
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduleListDescription = Schema.Struct({
  id: Schema.String,
  schedule: Schema.optional(ScheduleListSchedule),
  info: Schema.optional(ScheduleListInfo),
  /** Search attributes, decoded to plain values (every entry, typed or not). */
  searchAttributes: Schema.Record(Schema.String, Schema.Unknown),
  /** Search attributes with a known type, as a typed collection. */
  typedSearchAttributes: TypedSearchAttributes,
  /** Memo values as raw payloads. */
  rawMemo: PayloadRecord,
  rawSearchAttributes: PayloadRecord
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ScheduleListDescription extends Schema.Schema.Type<typeof ScheduleListDescription> {}

// ---------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------

/**
 * What an update's function receives: the current description.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleUpdateInput {
  /** The schedule's current description, as `describe` returns it. */
  readonly description: ScheduleDescription
}

/**
 * What an update's function returns to change the schedule: the new
 * schedule (checked like a new one) and, optionally, new search attributes
 * (left out: unchanged).
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleUpdate {
  /** The new schedule, replacing the whole current one. */
  readonly schedule: ScheduleInput
  /** New search attributes, replacing the schedule's; left out: unchanged. */
  readonly searchAttributes?: SearchAttributes.SearchAttributesInput | undefined
}
