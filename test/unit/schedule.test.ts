import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import { formatFieldPath } from "../../src/internal/validation.js"
import { InvalidArgumentError } from "../../src/schema/TemporalError.js"
import {
  defaultCatchupWindow,
  type ScheduleCalendarSpecInput,
  type ScheduleInput,
  type ScheduleSpecInput,
  validateSchedule,
  validateScheduleBackfills,
  validateScheduleSpec,
  workflowTypeName
} from "../../src/schema/TemporalSchedule.js"

const action = { workflow: "Greet", id: "greet", taskQueue: "q" } as const
const withSpec = (spec: ScheduleSpecInput): ScheduleInput => ({ action, spec })
const withCalendar = (calendar: ScheduleCalendarSpecInput): ScheduleInput => withSpec({ calendars: [calendar] })
// for inputs the types already reject: checked at run time too
const looseCalendar = (calendar: Record<string, unknown>): unknown => ({ action, spec: { calendars: [calendar] } })
const looseSpec = (spec: Record<string, unknown>): unknown => ({ action, spec })
const r = (start: number, end: number = start, step: number = 1) => ({ start, end, step })

/** Validates and expects an `InvalidArgumentError` on `field`; returns the reason. */
const expectInvalid = (input: unknown, field: string) =>
  Effect.gen(function*() {
    const result = yield* Effect.result(validateSchedule(input as ScheduleInput))
    assert.isTrue(Result.isFailure(result), `expected ${field} to be rejected`)
    const error = (result as Result.Failure<unknown, InvalidArgumentError>).failure
    assert.instanceOf(error, InvalidArgumentError)
    assert.strictEqual(error._tag, "InvalidArgumentError")
    assert.strictEqual(error.field, field, `reason was: ${error.reason}`)
    return error.reason
  })

describe("schedule model: defaults", () => {
  it.effect("a minimal schedule gets the official SDKs' defaults", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule({ action, spec: {} })
      assert.deepStrictEqual(schedule.action, {
        _tag: "StartWorkflow",
        workflow: "Greet",
        args: [],
        id: "greet",
        taskQueue: "q"
      })
      assert.deepStrictEqual(schedule.spec, { calendars: [], intervals: [], cronExpressions: [], skip: [] })
      assert.strictEqual(schedule.policy.overlap, "Skip")
      assert.isTrue(Duration.equals(schedule.policy.catchupWindow, Duration.days(365)))
      assert.isTrue(Duration.equals(defaultCatchupWindow, Duration.days(365)))
      assert.isFalse(schedule.policy.pauseOnFailure)
      assert.isFalse(schedule.policy.keepOriginalWorkflowId)
      assert.deepStrictEqual(schedule.state, { paused: false, limitedActions: false, remainingActions: 0 })
    }))

  it.effect("calendar fields left out: second/minute/hour 0, day of month/month/year/day of week all", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(withCalendar({}))
      assert.deepStrictEqual(schedule.spec.calendars[0], {
        second: [r(0)],
        minute: [r(0)],
        hour: [r(0)],
        dayOfMonth: [r(1, 31)],
        month: [r(1, 12)],
        year: [],
        dayOfWeek: [r(0, 6)]
      })
    }))

  it.effect("\"*\" is every value of the field (and no range at all for year)", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(
        withCalendar({
          second: "*",
          minute: "*",
          hour: "*",
          dayOfMonth: "*",
          month: "*",
          year: "*",
          dayOfWeek: "*",
          comment: "always"
        })
      )
      assert.deepStrictEqual(schedule.spec.calendars[0], {
        second: [r(0, 59)],
        minute: [r(0, 59)],
        hour: [r(0, 23)],
        dayOfMonth: [r(1, 31)],
        month: [r(1, 12)],
        year: [],
        dayOfWeek: [r(0, 6)],
        comment: "always"
      })
    }))

  it.effect("values, ranges, steps, lists, month and weekday names", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(
        withCalendar({
          second: 30,
          minute: [0, { start: 15, end: 45, step: 15 }],
          hour: { start: 9, end: 17 },
          dayOfMonth: [1, 15],
          month: ["JANUARY", { start: "MARCH", end: "MAY" }, 12],
          year: [2030, { start: 2032, end: 2040, step: 4 }],
          dayOfWeek: [{ start: "MONDAY", end: "FRIDAY" }, "SUNDAY", 6]
        })
      )
      assert.deepStrictEqual(schedule.spec.calendars[0], {
        second: [r(30)],
        minute: [r(0), r(15, 45, 15)],
        hour: [r(9, 17)],
        dayOfMonth: [r(1), r(15)],
        month: [r(1), r(3, 5), r(12)],
        year: [r(2030), r(2032, 2040, 4)],
        dayOfWeek: [r(1, 5), r(0), r(6)]
      })
    }))

  it.effect("every Duration.Input form is accepted", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(
        withSpec({
          intervals: [
            { every: "1 hour", offset: "15 minutes" },
            { every: 90_000 },
            { every: Duration.days(1), offset: [60, 0] },
            { every: 5_000_000_000n }
          ],
          jitter: "30 seconds"
        })
      )
      const [a, b, c, d] = schedule.spec.intervals
      assert.isTrue(Duration.equals(a!.every, Duration.hours(1)))
      assert.isTrue(Duration.equals(a!.offset, Duration.minutes(15)))
      assert.isTrue(Duration.equals(b!.every, Duration.seconds(90)))
      assert.isTrue(Duration.equals(b!.offset, Duration.zero), "offset defaults to zero")
      assert.isTrue(Duration.equals(c!.offset, Duration.minutes(1)))
      assert.isTrue(Duration.equals(d!.every, Duration.seconds(5)))
      assert.isTrue(Duration.equals(schedule.spec.jitter!, Duration.seconds(30)))
    }))

  it.effect("a decoded schedule is itself a valid input and decodes to the same value", () =>
    Effect.gen(function*() {
      const input: ScheduleInput = {
        action: {
          workflow: "Greet",
          args: ["World", { n: 1 }],
          id: "greet",
          taskQueue: "q",
          executionTimeout: "1 hour",
          retryPolicy: { initialInterval: "1 second", maximumAttempts: 3 },
          priority: { priorityKey: 2 },
          versioningOverride: "AutoUpgrade",
          memo: { a: 1 },
          staticSummary: "summary"
        },
        spec: {
          calendars: [{ hour: [9, 17], dayOfWeek: { start: "MONDAY", end: "FRIDAY" } }],
          intervals: [{ every: "10 minutes" }],
          cronExpressions: ["0 12 * * *"],
          skip: [{ month: "DECEMBER", dayOfMonth: 25 }],
          startAt: new Date("2030-01-01T00:00:00Z"),
          endAt: new Date("2031-01-01T00:00:00Z"),
          jitter: "1 minute",
          timeZoneName: "Europe/Paris"
        },
        policy: { overlap: "BufferAll", catchupWindow: "1 day", pauseOnFailure: true, keepOriginalWorkflowId: true },
        state: { paused: true, note: "hold", limitedActions: true, remainingActions: 3 }
      }
      const once = yield* validateSchedule(input)
      const twice = yield* validateSchedule(once)
      assert.deepStrictEqual(twice, once)
      assert.isTrue(Duration.equals(once.action.retryPolicy!.initialInterval!, Duration.seconds(1)))
    }))

  it.effect("a workflow definition is kept (its name is the workflow type)", () =>
    Effect.gen(function*() {
      const definition = { name: "Greet", args: [], extra: Symbol("kept") }
      const schedule = yield* validateSchedule({ action: { ...action, workflow: definition }, spec: {} })
      assert.strictEqual(schedule.action.workflow, definition)
      assert.strictEqual(workflowTypeName(schedule.action), "Greet")
      assert.strictEqual(workflowTypeName({ workflow: "ByName" }), "ByName")
    }))

  it.effect("validateScheduleSpec checks a spec alone", () =>
    Effect.gen(function*() {
      const spec = yield* validateScheduleSpec({ cronExpressions: ["@daily"] })
      assert.deepStrictEqual(spec.cronExpressions, ["@daily"])
      const error = yield* Effect.flip(validateScheduleSpec({ calendars: [{ hour: 24 }] }))
      assert.strictEqual(error.field, "calendars[0].hour[0].start")
    }))

  it("formatFieldPath (the one field-path format of every InvalidArgumentError)", () => {
    assert.strictEqual(formatFieldPath(["spec", "calendars", 0, "hour", 1, "start"]), "spec.calendars[0].hour[1].start")
    assert.strictEqual(formatFieldPath([0, "x"]), "[0].x")
    assert.strictEqual(formatFieldPath([]), "")
  })
})

describe("schedule model: calendar validation", () => {
  const bounds: ReadonlyArray<readonly [keyof ScheduleCalendarSpecInput, number, number]> = [
    ["second", 0, 59],
    ["minute", 0, 59],
    ["hour", 0, 23],
    ["dayOfMonth", 1, 31],
    ["month", 1, 12],
    ["dayOfWeek", 0, 6]
  ]
  for (const [field, min, max] of bounds) {
    it.effect(`${field}: ${min}-${max}`, () =>
      Effect.gen(function*() {
        const ok = yield* validateSchedule(withCalendar({ [field]: [min, max] }))
        assert.deepStrictEqual((ok.spec.calendars[0] as unknown as Record<string, unknown>)[field], [r(min), r(max)])
        const below = yield* expectInvalid(
          withCalendar({ [field]: [min, min - 1] }),
          `spec.calendars[0].${field}[1].start`
        )
        assert.include(below, `${min - 1} is out of range`)
        assert.include(below, `from ${min} to ${max}`)
        yield* expectInvalid(withCalendar({ [field]: max + 1 }), `spec.calendars[0].${field}[0].start`)
        yield* expectInvalid(
          withCalendar({ [field]: [{ start: min, end: max + 1 }] }),
          `spec.calendars[0].${field}[0].end`
        )
        yield* expectInvalid(withCalendar({ [field]: [{ start: min + 0.5 }] }), `spec.calendars[0].${field}[0].start`)
      }))
  }

  it.effect("the example path: spec.calendars[0].hour[1].start", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid(withCalendar({ hour: [1, { start: 25 }] }), "spec.calendars[0].hour[1].start")
      assert.strictEqual(reason, "25 is out of range: must be an integer from 0 to 23")
    }))

  it.effect("end must not be less than start", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid(
        withCalendar({ minute: [{ start: 30, end: 10 }] }),
        "spec.calendars[0].minute[0].end"
      )
      assert.include(reason, "less than start (30)")
      yield* expectInvalid(
        withCalendar({ month: { start: "MAY", end: "MARCH" } }),
        "spec.calendars[0].month[0].end"
      )
    }))

  it.effect("step must be an integer of at least 1", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid(
        withCalendar({ second: [{ start: 0, end: 59, step: 0 }] }),
        "spec.calendars[0].second[0].step"
      )
      assert.include(reason, "at least 1")
      yield* expectInvalid(
        withCalendar({ second: [{ start: 0, end: 59, step: 1.5 }] }),
        "spec.calendars[0].second[0].step"
      )
      yield* expectInvalid(
        withCalendar({ second: [{ start: 0, end: 59, step: -2 }] }),
        "spec.calendars[0].second[0].step"
      )
    }))

  it.effect("names only where they belong", () =>
    Effect.gen(function*() {
      const unknown = yield* expectInvalid(
        looseCalendar({ month: ["JANUARY", "SMARCH"] }),
        "spec.calendars[0].month[1].start"
      )
      assert.include(unknown, "\"SMARCH\"")
      assert.include(unknown, "JANUARY")
      yield* expectInvalid(looseCalendar({ month: "MONDAY" }), "spec.calendars[0].month[0].start")
      yield* expectInvalid(looseCalendar({ dayOfWeek: ["JANUARY"] }), "spec.calendars[0].dayOfWeek[0].start")
      yield* expectInvalid(looseCalendar({ hour: "NOON" }), "spec.calendars[0].hour[0].start")
      yield* expectInvalid(
        looseCalendar({ dayOfWeek: [{ start: "MONDAY", end: "FUNDAY" }] }),
        "spec.calendars[0].dayOfWeek[0].end"
      )
      yield* expectInvalid(looseCalendar({ hour: [1, "*"] }), "spec.calendars[0].hour[1]")
      yield* expectInvalid(looseCalendar({ hour: null }), "spec.calendars[0].hour")
    }))

  it.effect("year takes any integer", () =>
    Effect.gen(function*() {
      const ok = yield* validateSchedule(withCalendar({ year: [1999, 2100] }))
      assert.deepStrictEqual(ok.spec.calendars[0]!.year, [r(1999), r(2100)])
      yield* expectInvalid(withCalendar({ year: 2030.5 }), "spec.calendars[0].year[0].start")
    }))

  it.effect("skip calendars are checked the same way", () =>
    Effect.gen(function*() {
      yield* expectInvalid(withSpec({ skip: [{}, { dayOfMonth: 32 }] }), "spec.skip[1].dayOfMonth[0].start")
      yield* expectInvalid(withSpec({ calendars: [{}, {}, { dayOfWeek: 7 }] }), "spec.calendars[2].dayOfWeek[0].start")
    }))
})

describe("schedule model: spec, action, policy and state validation", () => {
  it.effect("intervals: every > 0", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid(withSpec({ intervals: [{ every: 0 }] }), "spec.intervals[0].every")
      assert.include(reason, "greater than zero")
      yield* expectInvalid(withSpec({ intervals: [{ every: "1 hour" }, { every: -5 }] }), "spec.intervals[1].every")
      yield* expectInvalid(looseSpec({ intervals: [{ every: "often" }] }), "spec.intervals[0].every")
      yield* expectInvalid(withSpec({ intervals: [{ every: Duration.infinity }] }), "spec.intervals[0].every")
    }))

  it.effect("intervals: offset < every", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid(
        withSpec({ intervals: [{ every: "1 hour", offset: "1 hour" }] }),
        "spec.intervals[0].offset"
      )
      assert.include(reason, "less than every")
      yield* expectInvalid(
        withSpec({ intervals: [{ every: "1 hour", offset: "-1 minute" }] }),
        "spec.intervals[0].offset"
      )
      const ok = yield* validateSchedule(withSpec({ intervals: [{ every: "1 hour", offset: "59 minutes" }] }))
      assert.isTrue(Duration.equals(ok.spec.intervals[0]!.offset, Duration.minutes(59)))
    }))

  it.effect("startAt < endAt", () =>
    Effect.gen(function*() {
      const at = new Date("2030-01-01T00:00:00Z")
      const reason = yield* expectInvalid(withSpec({ startAt: at, endAt: at }), "spec.endAt")
      assert.include(reason, "after startAt")
      yield* expectInvalid(withSpec({ startAt: at, endAt: new Date(at.getTime() - 1) }), "spec.endAt")
      yield* expectInvalid(looseSpec({ startAt: "2030-01-01" }), "spec.startAt")
      const ok = yield* validateSchedule(withSpec({ startAt: at, endAt: new Date(at.getTime() + 1) }))
      assert.strictEqual(ok.spec.startAt, at)
    }))

  it.effect("jitter >= 0", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid(withSpec({ jitter: -1 }), "spec.jitter")
      assert.include(reason, "negative")
      yield* expectInvalid(withSpec({ jitter: "-3 seconds" }), "spec.jitter")
      const ok = yield* validateSchedule(withSpec({ jitter: 0 }))
      assert.isTrue(Duration.isZero(ok.spec.jitter!))
    }))

  it.effect("cron expressions must not be empty", () =>
    expectInvalid(withSpec({ cronExpressions: ["@hourly", ""] }), "spec.cronExpressions[1]"))

  it.effect("action: id, taskQueue and workflow must not be empty", () =>
    Effect.gen(function*() {
      const id = yield* expectInvalid({ action: { ...action, id: "" }, spec: {} }, "action.id")
      assert.include(id, "must not be empty")
      yield* expectInvalid({ action: { ...action, taskQueue: "" }, spec: {} }, "action.taskQueue")
      yield* expectInvalid({ action: { ...action, workflow: "" }, spec: {} }, "action.workflow")
      yield* expectInvalid({ action: { ...action, workflow: { name: "" } }, spec: {} }, "action.workflow.name")
      yield* expectInvalid({ action: { ...action, workflow: 42 }, spec: {} }, "action.workflow")
      yield* expectInvalid({ action: { workflow: "W", taskQueue: "q" }, spec: {} }, "action.id")
      yield* expectInvalid({ spec: {} }, "action")
    }))

  it.effect("action: timeouts, retry policy, priority, versioning override", () =>
    Effect.gen(function*() {
      yield* expectInvalid({ action: { ...action, executionTimeout: -1 }, spec: {} }, "action.executionTimeout")
      yield* expectInvalid({ action: { ...action, runTimeout: "soon" }, spec: {} }, "action.runTimeout")
      yield* expectInvalid({ action: { ...action, taskTimeout: "-1 second" }, spec: {} }, "action.taskTimeout")
      yield* expectInvalid(
        { action: { ...action, retryPolicy: { backoffCoefficient: 0.5 } }, spec: {} },
        "action.retryPolicy.backoffCoefficient"
      )
      yield* expectInvalid(
        { action: { ...action, retryPolicy: { initialInterval: "1 minute", maximumInterval: "1 second" } }, spec: {} },
        "action.retryPolicy.maximumInterval"
      )
      yield* expectInvalid(
        { action: { ...action, priority: { priorityKey: -1 } }, spec: {} },
        "action.priority.priorityKey"
      )
      yield* expectInvalid(
        {
          action: { ...action, versioningOverride: { _tag: "Pinned", version: { deploymentName: "d", buildId: "" } } },
          spec: {}
        },
        "action.versioningOverride.version.buildId"
      )
      yield* expectInvalid({ action: { ...action, headers: { h: "not a payload" } }, spec: {} }, "action.headers.h")
    }))

  it.effect("policy: overlap names and catch-up window", () =>
    Effect.gen(function*() {
      const reason = yield* expectInvalid({ action, spec: {}, policy: { overlap: "SKIP" } }, "policy.overlap")
      assert.strictEqual(
        reason,
        "Expected \"Skip\" | \"BufferOne\" | \"BufferAll\" | \"CancelOther\" | \"TerminateOther\" | \"AllowAll\", got \"SKIP\""
      )
      yield* expectInvalid({ action, spec: {}, policy: { catchupWindow: -10 } }, "policy.catchupWindow")
      yield* expectInvalid({ action, spec: {}, policy: { pauseOnFailure: "yes" } }, "policy.pauseOnFailure")
      for (const overlap of ["Skip", "BufferOne", "BufferAll", "CancelOther", "TerminateOther", "AllowAll"] as const) {
        const ok = yield* validateSchedule({ action, spec: {}, policy: { overlap } })
        assert.strictEqual(ok.policy.overlap, overlap)
      }
    }))

  it.effect("state: remaining actions is a non-negative integer", () =>
    Effect.gen(function*() {
      yield* expectInvalid({ action, spec: {}, state: { remainingActions: -1 } }, "state.remainingActions")
      yield* expectInvalid({ action, spec: {}, state: { remainingActions: 1.5 } }, "state.remainingActions")
      const ok = yield* validateSchedule({ action, spec: {}, state: { limitedActions: true, remainingActions: 10 } })
      assert.deepStrictEqual(ok.state, { paused: false, limitedActions: true, remainingActions: 10 })
    }))

  it.effect("backfills: endAt not before startAt, overlap by name", () =>
    Effect.gen(function*() {
      const startAt = new Date("2030-01-01T00:00:00Z")
      const endAt = new Date("2030-01-02T00:00:00Z")
      const ok = yield* validateScheduleBackfills([{ startAt, endAt }, {
        startAt,
        endAt: startAt,
        overlap: "AllowAll"
      }])
      assert.strictEqual(ok.length, 2)
      const error = yield* Effect.flip(
        validateScheduleBackfills([{ startAt, endAt }, { startAt: endAt, endAt: startAt }])
      )
      assert.strictEqual(error.field, "backfill[1].endAt")
      const overlap = yield* Effect.flip(
        validateScheduleBackfills([{ startAt, endAt, overlap: "Whatever" as "Skip" }])
      )
      assert.strictEqual(overlap.field, "backfill[0].overlap")
    }))
})
