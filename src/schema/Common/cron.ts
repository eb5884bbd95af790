/**
 * Cron schedules, checked the way the server parses them.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { malformedStringReason } from "./strings.js"

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

/** Why a descriptor (`@…`, after the time zone prefix, if there is one) is refused, or `undefined`. */
const descriptorReason = (spec: string): string | undefined => {
  if (cronDescriptors.has(spec)) return undefined
  if (spec.startsWith("@every ")) {
    const duration = spec.slice("@every ".length).trim()
    return goDuration.test(duration) ? undefined : `has an invalid @every duration: ${JSON.stringify(duration)}`
  }
  return `has an unknown descriptor: ${JSON.stringify(spec)}`
}

/** Why five fields (after the time zone prefix, if there is one) are refused, or `undefined`. */
const fieldsReason = (spec: string): string | undefined => {
  const fields = spec.split(/\s+/)
  if (fields.length !== 5) {
    return `must have exactly 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`
  }
  const bad = fields.find((f) => !cronField.test(f))
  return bad === undefined ? undefined : `has an invalid field ${JSON.stringify(bad)}`
}

/**
 * Why a cron schedule would be refused by the server, or `undefined` when it
 * would not. The server parses it with robfig/cron's `ParseStandard`: an
 * optional `CRON_TZ=<zone>` or `TZ=<zone>` prefix, then either a descriptor
 * (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
 * `@hourly`, `@every <Go duration>`) or exactly five fields (minute, hour,
 * day of month, month, day of week) made of digits, names, `*`, `?`, `,`,
 * `/` and `-`. The string must also be valid Unicode.
 *
 * @since 1.0.0
 * @category validation
 */
export const cronScheduleReason = (cron: string): string | undefined => {
  let spec = cron.trim()
  if (spec.length === 0) return "must not be empty"
  if (spec.startsWith("CRON_TZ=") || spec.startsWith("TZ=")) {
    const space = spec.search(/\s/)
    if (space === -1 || spec.slice(spec.indexOf("=") + 1, space).length === 0) {
      return `has a time zone prefix but no zone or no schedule: ${JSON.stringify(cron)}`
    }
    spec = spec.slice(space).trim()
  }
  return (spec.startsWith("@") ? descriptorReason(spec) : fieldsReason(spec)) ?? malformedStringReason(cron)
}

/**
 * A cron schedule the server accepts (see {@link cronScheduleReason}).
 *
 * @since 1.0.0
 * @category schemas
 */
export const CronSchedule: Schema.Codec<string> = Schema.String.check(
  Schema.makeFilter((cron) => cronScheduleReason(cron) ?? true)
)
