/**
 * Schedule specs as the in-memory Temporal reads them: cron strings compiled
 * into structured calendars (or intervals) as the server stores them, and
 * the times a spec matches, in UTC.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import { int64ToNumber } from "../convert/common.js"

/** A range of a calendar field. */
export type ProtoRange = temporal.api.schedule.v1.IRange
/** A structured calendar. */
export type ProtoCalendar = temporal.api.schedule.v1.IStructuredCalendarSpec
/** A schedule spec. */
export type ProtoSpec = temporal.api.schedule.v1.IScheduleSpec

const calendarBounds = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [0, 6]
} as const
type CalendarField = keyof typeof calendarBounds | "year"

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

/** One cron field (`*`, `?`, values, names, `a-b`, `/step`, lists) as ranges; `undefined` when it does not parse. */
const cronField = (text: string, field: CalendarField): Array<ProtoRange> | undefined => {
  const [min, max] = field === "year" ? [1970, 2999] : calendarBounds[field]
  const names = field === "month" ? monthNames : field === "dayOfWeek" ? dayNames : []
  const value = (token: string): number | undefined => {
    const upper = token.toUpperCase()
    const named = names.findIndex((name) => upper.startsWith(name))
    if (named >= 0 && /^[A-Z]+$/.test(upper)) return named + (field === "month" ? 1 : 0)
    if (!/^\d+$/.test(token)) return undefined
    const n = Number(token)
    return field === "dayOfWeek" && n === 7 ? 0 : n
  }
  const ranges: Array<ProtoRange> = []
  for (const part of text.split(",")) {
    const [body = "", stepText] = part.split("/")
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) return undefined
    let start: number | undefined
    let end: number | undefined
    if (body === "*" || body === "?") {
      if (field === "year" && stepText === undefined) return []
      start = min
      end = max
    } else {
      const [a = "", b] = body.split("-")
      start = value(a)
      end = b === undefined ? (stepText === undefined ? start : max) : value(b)
      if (field === "dayOfWeek" && b === "7") end = 6
    }
    if (start === undefined || end === undefined || start < min || end > max || end < start) return undefined
    ranges.push({ start, end, step })
  }
  return ranges
}

const shorthands: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *"
}

const everyUnit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * A cron string as the server compiles it: a structured calendar, or an
 * interval for `@every`; `undefined` when the subset here does not parse it.
 */
export const compileCron = (
  cron: string
): { readonly calendar: ProtoCalendar } | { readonly interval: temporal.api.schedule.v1.IIntervalSpec } | undefined => {
  const hash = cron.indexOf("#")
  const comment = hash >= 0 ? cron.slice(hash + 1).trim() : ""
  const text = (hash >= 0 ? cron.slice(0, hash) : cron).trim()
  const every = /^@every\s+(\d+)([smhd])(?:\/(\d+)([smhd]))?$/.exec(text)
  if (every !== null) {
    const millis = (n: string | undefined, unit: string | undefined) => Number(n ?? 0) * (everyUnit[unit ?? "s"] ?? 0)
    const toDuration = (ms: number) => ({ seconds: Math.floor(ms / 1000) as never, nanos: 0 })
    const interval = millis(every[1], every[2])
    const phase = millis(every[3], every[4])
    return { interval: { interval: toDuration(interval), ...(phase > 0 ? { phase: toDuration(phase) } : {}) } }
  }
  const fields = (shorthands[text] ?? text).split(/\s+/)
  const order: ReadonlyArray<CalendarField> = fields.length === 7
    ? ["second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek", "year"]
    : fields.length === 6
    ? ["minute", "hour", "dayOfMonth", "month", "dayOfWeek", "year"]
    : fields.length === 5
    ? ["minute", "hour", "dayOfMonth", "month", "dayOfWeek"]
    : []
  if (order.length === 0) return undefined
  const calendar: Record<string, Array<ProtoRange>> = { second: [{ start: 0, end: 0, step: 1 }], year: [] }
  for (let i = 0; i < order.length; i++) {
    const ranges = cronField(fields[i]!, order[i]!)
    if (ranges === undefined) return undefined
    calendar[order[i]!] = ranges
  }
  return { calendar: { ...calendar, ...(comment ? { comment } : {}) } }
}

/** The values a field's ranges allow, ascending (`end` below `start` means `start`, step 0 means 1). */
const expand = (ranges: ReadonlyArray<ProtoRange> | null | undefined): Array<number> => {
  const values = new Set<number>()
  for (const r of ranges ?? []) {
    const start = r.start ?? 0
    const end = Math.max(start, r.end ?? 0)
    const step = r.step && r.step > 0 ? r.step : 1
    for (let v = start; v <= end; v += step) values.add(v)
  }
  return [...values].sort((a, b) => a - b)
}

interface CompiledCalendar {
  readonly second: Array<number>
  readonly minute: Array<number>
  readonly hour: Array<number>
  readonly dayOfMonth: Set<number>
  readonly month: Set<number>
  readonly dayOfWeek: Set<number>
  /** Empty: every year. */
  readonly year: Set<number>
}

const compileCalendar = (calendar: ProtoCalendar): CompiledCalendar => ({
  second: expand(calendar.second),
  minute: expand(calendar.minute),
  hour: expand(calendar.hour),
  dayOfMonth: new Set(expand(calendar.dayOfMonth)),
  month: new Set(expand(calendar.month)),
  dayOfWeek: new Set(expand(calendar.dayOfWeek)),
  year: new Set(expand(calendar.year))
})

const dayMatches = (calendar: CompiledCalendar, day: Date) =>
  (calendar.year.size === 0 || calendar.year.has(day.getUTCFullYear())) &&
  calendar.month.has(day.getUTCMonth() + 1) &&
  calendar.dayOfMonth.has(day.getUTCDate()) &&
  calendar.dayOfWeek.has(day.getUTCDay())

const calendarMatches = (calendar: CompiledCalendar, millis: number) => {
  const date = new Date(millis)
  return millis % 1000 === 0 && dayMatches(calendar, date) && calendar.hour.includes(date.getUTCHours()) &&
    calendar.minute.includes(date.getUTCMinutes()) && calendar.second.includes(date.getUTCSeconds())
}

const dayMillis = 86_400_000
/** How far ahead a calendar is searched (leap days on a given weekday recur every 28 years). */
const searchDays = 366 * 30

/** The first time strictly after `after` the calendar matches (whole seconds, UTC). */
const nextCalendarTime = (calendar: CompiledCalendar, after: number): number | undefined => {
  const from = Math.floor(after / 1000) * 1000 + 1000
  const firstDay = Math.floor(from / dayMillis) * dayMillis
  for (let d = 0; d < searchDays; d++) {
    const dayStart = firstDay + d * dayMillis
    if (!dayMatches(calendar, new Date(dayStart))) continue
    for (const h of calendar.hour) {
      if (dayStart + (h + 1) * 3_600_000 <= from) continue
      for (const m of calendar.minute) {
        if (dayStart + h * 3_600_000 + (m + 1) * 60_000 <= from) continue
        for (const s of calendar.second) {
          const t = dayStart + h * 3_600_000 + m * 60_000 + s * 1000
          if (t >= from) return t
        }
      }
    }
  }
  return undefined
}

/** A schedule spec, compiled for finding its times. */
export interface CompiledSpec {
  readonly calendars: ReadonlyArray<CompiledCalendar>
  readonly intervals: ReadonlyArray<{ readonly every: number; readonly phase: number }>
  readonly skip: ReadonlyArray<CompiledCalendar>
  readonly startAt: number | undefined
  readonly endAt: number | undefined
}

/** A proto timestamp or duration in milliseconds (0 when absent). */
export const protoMillis = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? int64ToNumber(d.seconds as never) * 1000 + Math.floor((d.nanos ?? 0) / 1_000_000) : 0

/** Compile a schedule spec (as stored: cron strings already compiled) for finding its times. */
export const compileSpec = (spec: ProtoSpec | null | undefined): CompiledSpec => ({
  calendars: (spec?.structuredCalendar ?? []).map(compileCalendar),
  intervals: (spec?.interval ?? [])
    .map((i) => ({ every: protoMillis(i.interval), phase: protoMillis(i.phase) }))
    .filter((i) => i.every > 0),
  skip: (spec?.excludeStructuredCalendar ?? []).map(compileCalendar),
  startAt: spec?.startTime ? protoMillis(spec.startTime) : undefined,
  endAt: spec?.endTime ? protoMillis(spec.endTime) : undefined
})

/** The first time strictly after `after` the spec matches: the union of calendars and intervals, minus skips, within start and end. */
export const nextSpecTime = (spec: CompiledSpec, after: number): number | undefined => {
  let from = spec.startAt !== undefined ? Math.max(after, spec.startAt - 1) : after
  for (let i = 0; i < 10_000; i++) {
    let next: number | undefined
    for (const { every, phase } of spec.intervals) {
      const t = (Math.floor((from - phase) / every) + 1) * every + phase
      if (next === undefined || t < next) next = t
    }
    for (const calendar of spec.calendars) {
      const t = nextCalendarTime(calendar, from)
      if (t !== undefined && (next === undefined || t < next)) next = t
    }
    if (next === undefined || (spec.endAt !== undefined && next > spec.endAt)) return undefined
    const skipped = next
    if (!spec.skip.some((calendar) => calendarMatches(calendar, skipped))) return next
    from = next
  }
  return undefined
}

/** The spec's times in `[start, end]`. */
export const specTimesBetween = (spec: CompiledSpec, start: number, end: number, limit = 10_000): Array<number> => {
  const times: Array<number> = []
  let t = nextSpecTime(spec, start - 1)
  while (t !== undefined && t <= end && times.length < limit) {
    times.push(t)
    t = nextSpecTime(spec, t)
  }
  return times
}

/** A time as the server writes it into a scheduled workflow's ID: RFC 3339, whole seconds, UTC. */
export const rfc3339 = (millis: number) =>
  new Date(Math.floor(millis / 1000) * 1000).toISOString().replace(".000Z", "Z")
