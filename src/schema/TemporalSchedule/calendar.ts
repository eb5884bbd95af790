/**
 * When a schedule acts: overlap policy, calendar and interval specs, the duration fields.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import { withDefault } from "../../internal/schemaDefaults.js"
import { ScheduleDuration } from "./fields.js"

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
  /** The first value of the range. */
  start: Schema.Number,
  /** The last value (inclusive), not less than `start`; given as `start` when left out. */
  end: Schema.Number,
  /**
   * The distance between values, at least 1: `{ start: 0, end: 59, step: 15 }`
   * is 0, 15, 30 and 45. 1 when left out.
   */
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
  /** Seconds of the minute to match, 0-59. Default: 0. */
  second: withDefault(calendarField("second"), () => calendarRules.second.default),
  /** Minutes of the hour to match, 0-59. Default: 0. */
  minute: withDefault(calendarField("minute"), () => calendarRules.minute.default),
  /** Hours of the day to match, 0-23, in the spec's time zone. Default: 0 (midnight). */
  hour: withDefault(calendarField("hour"), () => calendarRules.hour.default),
  /** Days of the month to match, 1-31 (a day a month does not have never matches). Default: every day. */
  dayOfMonth: withDefault(calendarField("dayOfMonth"), () => calendarRules.dayOfMonth.default),
  /** Months to match, 1-12 or names (`"JANUARY"` ... `"DECEMBER"`). Default: every month. */
  month: withDefault(calendarField<MonthName>("month"), () => calendarRules.month.default),
  /** Years to match, e.g. `2027`. Default: every year. */
  year: withDefault(calendarField("year"), () => calendarRules.year.default),
  /** Days of the week to match, 0-6 with 0 Sunday, or names (`"SUNDAY"` ... `"SATURDAY"`). Default: every day. */
  dayOfWeek: withDefault(calendarField<DayOfWeekName>("dayOfWeek"), () => calendarRules.dayOfWeek.default),
  /** A free-form note about this calendar, kept with the schedule and shown back by `describe`. */
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
  /** The period between actions, a positive `Duration.Input` (e.g. `"1 hour"`), counted from the Unix epoch. */
  every: ScheduleDuration,
  /**
   * Shifts each time by this much, less than `every`: with `every` 1 hour, an
   * `offset` of 15 minutes fires at hh:15. Default: zero.
   */
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
