import { assert, describe, it } from "@effect/vitest"
import type { google, temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ScheduleConvert from "../../src/internal/convert/schedule.js"
import * as DescriptionConvert from "../../src/internal/convert/scheduleDescriptions.js"
import * as Proto from "../../src/internal/proto/root.js"
import type { Payload } from "../../src/schema/Common.js"
import * as SearchAttributes from "../../src/schema/SearchAttributes.js"
import {
  type Schedule,
  type ScheduleInput,
  type ScheduleOverlapPolicy,
  type ScheduleSpec,
  validateSchedule
} from "../../src/schema/TemporalSchedule.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"

/** The schedule conversions, from both of their modules. */
const Convert = { ...ScheduleConvert, ...DescriptionConvert }

const Overlap = Proto.temporal().api.enums.v1.ScheduleOverlapPolicy
const v1 = Proto.temporal().api.schedule.v1

const utf8 = (s: string) => new TextEncoder().encode(s)
const json = (value: unknown): Payload => ({
  metadata: { encoding: utf8("json/plain") },
  data: utf8(JSON.stringify(value))
})
const unjson = (payload: Payload): unknown => JSON.parse(new TextDecoder().decode(payload.data!))

/** A stand-in for the DataConverter: JSON payloads; with Schemas, each value is encoded by its Schema first. */
const encoder: DescriptionConvert.ActionPayloadEncoder<never> = {
  toPayload: (value) => Effect.succeed(json(value)),
  toPayloads: (values, schemas) =>
    Effect.succeed(
      values.map((v, i) => json(schemas?.[i] === undefined ? v : Schema.encodeUnknownSync(schemas[i]!)(v)))
    )
}
const decoder: DescriptionConvert.ActionPayloadDecoder<never> = {
  fromPayload: (payload) => Effect.succeed(unjson(payload)),
  fromPayloads: (payloads) => Effect.succeed(payloads.map(unjson))
}
const Keyword = SearchAttributes.SearchAttributeKey.keyword("CustomKeyword")
const Int = SearchAttributes.SearchAttributeKey.int("CustomInt")

type Long = NonNullable<google.protobuf.IDuration["seconds"]>
// protobufjs takes a JS number for an int64
const long = (n: number): Long => n as unknown as Long
const seconds = (n: number): google.protobuf.IDuration => ({ seconds: long(n), nanos: 0 })
const range = (start: number, end: number = start, step: number = 1) => ({ start, end, step })
const num = (v: unknown): number => typeof v === "number" ? v : (v as { toNumber(): number }).toNumber()

const action = { workflow: "Greet", id: "greet", taskQueue: "q" } as const

const specOf = (spec: ScheduleInput["spec"]) => Effect.map(validateSchedule({ action, spec }), (s) => s.spec)

/** Encode to bytes and decode again, as the wire would. */
const wire = (schedule: temporal.api.schedule.v1.ISchedule) =>
  v1.Schedule.decode(v1.Schedule.encode(v1.Schedule.fromObject(schedule)).finish())

const fullInput: ScheduleInput = {
  action: {
    workflow: { name: "Greet" },
    args: ["World", { n: 1 }],
    id: "greet",
    taskQueue: "greetings",
    executionTimeout: "1 hour",
    runTimeout: "30 minutes",
    taskTimeout: "10 seconds",
    retryPolicy: {
      initialInterval: "1 second",
      backoffCoefficient: 2,
      maximumInterval: "1 minute",
      maximumAttempts: 5,
      nonRetryableErrorTypes: ["Bad"]
    },
    memo: { team: "ops" },
    searchAttributes: { CustomKeyword: "k" },
    staticSummary: "a summary",
    staticDetails: "some details",
    priority: { priorityKey: 2, fairnessKey: "tenant", fairnessWeight: 1.5 },
    versioningOverride: { _tag: "Pinned", version: { deploymentName: "deploy", buildId: "b1" } },
    headers: { trace: json("abc") }
  },
  spec: {
    calendars: [{ second: 30, minute: [0, 30], hour: { start: 9, end: 17, step: 2 }, comment: "office" }],
    intervals: [{ every: "1 hour", offset: "15 minutes" }, { every: "1 day" }],
    cronExpressions: ["0 12 * * MON-FRI"],
    skip: [{ month: "DECEMBER", dayOfMonth: 25, year: 2030 }],
    startAt: new Date("2030-01-01T00:00:00.250Z"),
    endAt: new Date("2031-01-01T00:00:00Z"),
    jitter: "1500 millis",
    timeZoneName: "Europe/Paris"
  },
  policy: { overlap: "BufferOne", catchupWindow: "2 days", pauseOnFailure: true, keepOriginalWorkflowId: true },
  state: { paused: true, note: "maintenance", limitedActions: true, remainingActions: 7 }
}

describe("convert schedule: overlap policy", () => {
  const table: ReadonlyArray<readonly [ScheduleOverlapPolicy, number]> = [
    ["Skip", Overlap.SCHEDULE_OVERLAP_POLICY_SKIP],
    ["BufferOne", Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE],
    ["BufferAll", Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL],
    ["CancelOther", Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER],
    ["TerminateOther", Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER],
    ["AllowAll", Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL]
  ]
  for (const [name, value] of table) {
    it(`${name} <-> ${Overlap[value]}`, () => {
      assert.strictEqual(Convert.overlapPolicyToProto(name), value)
      assert.strictEqual(Convert.overlapPolicyFromProto(value), name)
    })
  }

  it("the numbers are those of the proto enum", () => {
    assert.deepStrictEqual(
      table.map(([, v]) => v),
      [1, 2, 3, 4, 5, 6]
    )
  })

  it("left out -> UNSPECIFIED; UNSPECIFIED, absent and unknown values read as Skip", () => {
    assert.strictEqual(Convert.overlapPolicyToProto(undefined), Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED)
    assert.strictEqual(Convert.overlapPolicyFromProto(Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED), "Skip")
    assert.strictEqual(Convert.overlapPolicyFromProto(undefined), "Skip")
    assert.strictEqual(Convert.overlapPolicyFromProto(null), "Skip")
    assert.strictEqual(Convert.overlapPolicyFromProto(99), "Skip")
  })
})

describe("convert schedule: spec", () => {
  it("ranges: sent in full; proto end 0 (or < start) means start, step 0 means 1", () => {
    assert.deepStrictEqual(Convert.rangeToProto(range(1, 5, 2)), { start: 1, end: 5, step: 2 })
    assert.deepStrictEqual(Convert.rangeFromProto({ start: 5 }), range(5))
    assert.deepStrictEqual(Convert.rangeFromProto({ start: 5, end: 0, step: 0 }), range(5))
    assert.deepStrictEqual(Convert.rangeFromProto({ start: 5, end: 3 }), range(5))
    assert.deepStrictEqual(Convert.rangeFromProto({ start: 1, end: 10, step: 3 }), range(1, 10, 3))
    assert.deepStrictEqual(Convert.rangeFromProto({}), range(0))
  })

  it.effect("calendar -> structuredCalendar, field by field, and back", () =>
    Effect.gen(function*() {
      const spec = yield* specOf({
        calendars: [{
          second: 30,
          minute: [0, { start: 15, end: 45, step: 15 }],
          hour: "*",
          dayOfMonth: [1, 15],
          month: { start: "MARCH", end: "MAY" },
          year: 2030,
          dayOfWeek: ["MONDAY", "FRIDAY"],
          comment: "note"
        }]
      })
      const pb = Convert.scheduleSpecToProto(spec)
      assert.deepStrictEqual(pb.structuredCalendar, [{
        second: [range(30)],
        minute: [range(0), range(15, 45, 15)],
        hour: [range(0, 23)],
        dayOfMonth: [range(1), range(15)],
        month: [range(3, 5)],
        year: [range(2030)],
        dayOfWeek: [range(1), range(5)],
        comment: "note"
      }])
      assert.deepStrictEqual(pb.interval, [])
      assert.deepStrictEqual(pb.cronString, [])
      assert.deepStrictEqual(pb.excludeStructuredCalendar, [])
      assert.isUndefined(pb.startTime)
      assert.isUndefined(pb.endTime)
      assert.isUndefined(pb.jitter)
      assert.isUndefined(pb.timezoneName)
      assert.deepStrictEqual(Convert.scheduleSpecFromProto(pb), spec)
    }))

  it.effect("calendar defaults are sent explicitly", () =>
    Effect.gen(function*() {
      const spec = yield* specOf({ calendars: [{}] })
      assert.deepStrictEqual(Convert.scheduleSpecToProto(spec).structuredCalendar, [{
        second: [range(0)],
        minute: [range(0)],
        hour: [range(0)],
        dayOfMonth: [range(1, 31)],
        month: [range(1, 12)],
        year: [],
        dayOfWeek: [range(0, 6)]
      }])
    }))

  it("a structured calendar from the server with missing fields reads as empty lists", () => {
    assert.deepStrictEqual(Convert.calendarSpecFromProto({ hour: [{ start: 3 }] }), {
      second: [],
      minute: [],
      hour: [range(3)],
      dayOfMonth: [],
      month: [],
      year: [],
      dayOfWeek: []
    })
  })

  it.effect("intervals -> interval { interval, phase }, and back", () =>
    Effect.gen(function*() {
      const spec = yield* specOf({
        intervals: [{ every: "1 hour", offset: "15 minutes" }, { every: "90 seconds" }, { every: [1, 500] }]
      })
      const pb = Convert.scheduleSpecToProto(spec)
      assert.strictEqual(pb.interval!.length, 3)
      const [a, b, c] = pb.interval!
      assert.deepStrictEqual({ s: num(a!.interval!.seconds), n: a!.interval!.nanos }, { s: 3600, n: 0 })
      assert.deepStrictEqual({ s: num(a!.phase!.seconds), n: a!.phase!.nanos }, { s: 900, n: 0 })
      assert.deepStrictEqual({ s: num(b!.interval!.seconds), n: b!.interval!.nanos }, { s: 90, n: 0 })
      assert.isUndefined(b!.phase, "a zero offset is left out")
      assert.deepStrictEqual({ s: num(c!.interval!.seconds), n: c!.interval!.nanos }, { s: 1, n: 500 })
      const back = Convert.scheduleSpecFromProto(pb)
      assert.strictEqual(back.intervals.length, 3)
      for (let i = 0; i < 3; i++) {
        assert.isTrue(Duration.equals(back.intervals[i]!.every, spec.intervals[i]!.every))
        assert.isTrue(Duration.equals(back.intervals[i]!.offset, spec.intervals[i]!.offset))
      }
      assert.deepStrictEqual(
        Convert.intervalSpecFromProto({ interval: seconds(60) }),
        { every: Duration.millis(60_000), offset: Duration.zero }
      )
    }))

  it.effect("cron expressions -> cronString, and back", () =>
    Effect.gen(function*() {
      const spec = yield* specOf({ cronExpressions: ["0 12 * * MON-FRI", "@hourly"] })
      const pb = Convert.scheduleSpecToProto(spec)
      assert.deepStrictEqual(pb.cronString, ["0 12 * * MON-FRI", "@hourly"])
      assert.deepStrictEqual(Convert.scheduleSpecFromProto(pb).cronExpressions, ["0 12 * * MON-FRI", "@hourly"])
    }))

  it.effect("skip -> excludeStructuredCalendar, and back", () =>
    Effect.gen(function*() {
      const spec = yield* specOf({ skip: [{ month: "DECEMBER", dayOfMonth: 25, hour: "*", minute: "*", second: "*" }] })
      const pb = Convert.scheduleSpecToProto(spec)
      assert.deepStrictEqual(pb.excludeStructuredCalendar, [{
        second: [range(0, 59)],
        minute: [range(0, 59)],
        hour: [range(0, 23)],
        dayOfMonth: [range(25)],
        month: [range(12)],
        year: [],
        dayOfWeek: [range(0, 6)]
      }])
      assert.deepStrictEqual(pb.structuredCalendar, [])
      assert.deepStrictEqual(Convert.scheduleSpecFromProto(pb).skip, spec.skip)
    }))

  it.effect("startAt / endAt -> Timestamps, jitter -> Duration, time zone, and back", () =>
    Effect.gen(function*() {
      const spec = yield* specOf({
        startAt: new Date("2030-01-01T00:00:00.250Z"),
        endAt: new Date("2031-01-01T00:00:00Z"),
        jitter: "1500 millis",
        timeZoneName: "America/New_York"
      })
      const pb = Convert.scheduleSpecToProto(spec)
      const start = Date.UTC(2030, 0, 1) / 1000
      assert.deepStrictEqual({ s: num(pb.startTime!.seconds), n: pb.startTime!.nanos }, { s: start, n: 250_000_000 })
      assert.deepStrictEqual(
        { s: num(pb.endTime!.seconds), n: pb.endTime!.nanos },
        { s: Date.UTC(2031, 0, 1) / 1000, n: 0 }
      )
      assert.deepStrictEqual({ s: num(pb.jitter!.seconds), n: pb.jitter!.nanos }, { s: 1, n: 500_000_000 })
      assert.strictEqual(pb.timezoneName, "America/New_York")
      const back = Convert.scheduleSpecFromProto(pb)
      assert.strictEqual(back.startAt!.toISOString(), "2030-01-01T00:00:00.250Z")
      assert.strictEqual(back.endAt!.toISOString(), "2031-01-01T00:00:00.000Z")
      assert.isTrue(Duration.equals(back.jitter!, Duration.millis(1500)))
      assert.strictEqual(back.timeZoneName, "America/New_York")
    }))

  it("dates before 1970 keep non-negative nanos", () => {
    const pb = Convert.scheduleSpecToProto(
      {
        calendars: [],
        intervals: [],
        cronExpressions: [],
        skip: [],
        startAt: new Date(-1500)
      } satisfies ScheduleSpec
    )
    assert.deepStrictEqual({ s: num(pb.startTime!.seconds), n: pb.startTime!.nanos }, { s: -2, n: 500_000_000 })
    assert.strictEqual(Convert.scheduleSpecFromProto(pb).startAt!.getTime(), -1500)
  })

  it("an empty proto spec reads as an empty spec", () => {
    assert.deepStrictEqual(Convert.scheduleSpecFromProto({}), {
      calendars: [],
      intervals: [],
      cronExpressions: [],
      skip: []
    })
    assert.deepStrictEqual(
      Convert.scheduleSpecFromProto({ timezoneName: "", structuredCalendar: null }),
      { calendars: [], intervals: [], cronExpressions: [], skip: [] }
    )
  })
})

describe("convert schedule: policy and state", () => {
  it.effect("policy -> SchedulePolicies, and back", () =>
    Effect.gen(function*() {
      const { policy } = yield* validateSchedule({
        action,
        spec: {},
        policy: {
          overlap: "TerminateOther",
          catchupWindow: "10 minutes",
          pauseOnFailure: true,
          keepOriginalWorkflowId: true
        }
      })
      const pb = Convert.schedulePolicyToProto(policy)
      assert.strictEqual(pb.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER)
      assert.deepStrictEqual({ s: num(pb.catchupWindow!.seconds), n: pb.catchupWindow!.nanos }, { s: 600, n: 0 })
      assert.isTrue(pb.pauseOnFailure)
      assert.isTrue(pb.keepOriginalWorkflowId)
      assert.deepStrictEqual(Convert.schedulePolicyFromProto(pb), policy)
    }))

  it.effect("default policy: SKIP, 365-day catch-up window sent explicitly", () =>
    Effect.gen(function*() {
      const { policy } = yield* validateSchedule({ action, spec: {} })
      const pb = Convert.schedulePolicyToProto(policy)
      assert.strictEqual(pb.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_SKIP)
      assert.strictEqual(num(pb.catchupWindow!.seconds), 365 * 24 * 3600)
      assert.isFalse(pb.pauseOnFailure)
      assert.isFalse(pb.keepOriginalWorkflowId)
    }))

  it("an empty proto policy reads as the defaults", () => {
    for (const pb of [undefined, null, {}, { catchupWindow: seconds(0) }]) {
      const policy = Convert.schedulePolicyFromProto(pb)
      assert.strictEqual(policy.overlap, "Skip")
      assert.isTrue(Duration.equals(policy.catchupWindow, Duration.days(365)))
      assert.isFalse(policy.pauseOnFailure)
      assert.isFalse(policy.keepOriginalWorkflowId)
    }
  })

  it("state -> ScheduleState, and back", () => {
    const state = { paused: true, note: "hold", limitedActions: true, remainingActions: 4 }
    const pb = Convert.scheduleStateToProto(state)
    assert.deepStrictEqual({ ...pb, remainingActions: num(pb.remainingActions) }, {
      notes: "hold",
      paused: true,
      limitedActions: true,
      remainingActions: 4
    })
    assert.deepStrictEqual(Convert.scheduleStateFromProto(pb), state)
    assert.deepStrictEqual(
      Convert.scheduleStateFromProto({}),
      { paused: false, limitedActions: false, remainingActions: 0 },
      "an empty note reads as no note"
    )
    assert.strictEqual(
      Convert.scheduleStateToProto({ paused: false, limitedActions: false, remainingActions: 0 }).notes,
      ""
    )
  })
})

describe("convert schedule: action", () => {
  it.effect("start workflow -> NewWorkflowExecutionInfo, every field", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(fullInput)
      const payloads = yield* Convert.encodeActionPayloads(schedule.action, encoder)
      const pb = Convert.scheduleActionToProto(schedule.action, payloads).startWorkflow!
      assert.strictEqual(pb.workflowId, "greet")
      assert.deepStrictEqual(pb.workflowType, { name: "Greet" })
      assert.deepStrictEqual(pb.taskQueue, {
        name: "greetings",
        kind: Proto.temporal().api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL
      })
      assert.deepStrictEqual(pb.input!.payloads!.map(unjson), ["World", { n: 1 }])
      assert.strictEqual(num(pb.workflowExecutionTimeout!.seconds), 3600)
      assert.strictEqual(num(pb.workflowRunTimeout!.seconds), 1800)
      assert.strictEqual(num(pb.workflowTaskTimeout!.seconds), 10)
      assert.strictEqual(num(pb.retryPolicy!.initialInterval!.seconds), 1)
      assert.strictEqual(num(pb.retryPolicy!.maximumInterval!.seconds), 60)
      assert.strictEqual(pb.retryPolicy!.backoffCoefficient, 2)
      assert.strictEqual(pb.retryPolicy!.maximumAttempts, 5)
      assert.deepStrictEqual(pb.retryPolicy!.nonRetryableErrorTypes, ["Bad"])
      assert.deepStrictEqual(unjson(pb.memo!.fields!["team"]!), "ops")
      assert.deepStrictEqual(unjson(pb.searchAttributes!.indexedFields!["CustomKeyword"]!), "k")
      assert.isUndefined(
        pb.searchAttributes!.indexedFields!["CustomKeyword"]!.metadata!["type"],
        "untyped search attributes carry no type"
      )
      assert.deepStrictEqual(pb.header!.fields!["trace"], json("abc"))
      assert.strictEqual(unjson(pb.userMetadata!.summary!), "a summary")
      assert.strictEqual(unjson(pb.userMetadata!.details!), "some details")
      assert.deepStrictEqual(pb.priority, { priorityKey: 2, fairnessKey: "tenant", fairnessWeight: 1.5 })
      assert.deepStrictEqual(pb.versioningOverride!.pinned, {
        behavior: Proto.temporal().api.workflow.v1.VersioningOverride.PinnedOverrideBehavior
          .PINNED_OVERRIDE_BEHAVIOR_PINNED,
        version: { deploymentName: "deploy", buildId: "b1" }
      })
    }))

  it.effect("a minimal action sends only what it has", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule({ action: { ...action, versioningOverride: "AutoUpgrade" }, spec: {} })
      const payloads = yield* Convert.encodeActionPayloads(schedule.action, encoder)
      assert.deepStrictEqual(payloads, {
        args: [],
        memo: undefined,
        searchAttributes: undefined,
        staticSummary: undefined,
        staticDetails: undefined
      })
      const { versioningOverride, ...pb } = Convert.scheduleActionToProto(schedule.action, payloads).startWorkflow!
      assert.deepStrictEqual(pb, {
        workflowId: "greet",
        workflowType: { name: "Greet" },
        taskQueue: { name: "q", kind: Proto.temporal().api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL }
      })
      assert.isTrue(versioningOverride!.autoUpgrade)
    }))

  it.effect("NewWorkflowExecutionInfo -> action with raw payloads, then decoded", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(fullInput)
      const pb = yield* Convert.encodeSchedule(schedule, encoder)
      const raw = Convert.scheduleActionFromProto(pb.action)
      assert.strictEqual(raw.workflow, "Greet")
      assert.strictEqual(raw.id, "greet")
      assert.strictEqual(raw.taskQueue, "greetings")
      assert.deepStrictEqual(raw.rawArgs.map(unjson), ["World", { n: 1 }])
      assert.deepStrictEqual(unjson(raw.rawMemo!["team"]!), "ops")
      assert.deepStrictEqual(unjson(raw.rawSearchAttributes!["CustomKeyword"]!), "k")
      assert.deepStrictEqual(raw.searchAttributes, { CustomKeyword: "k" }, "untyped entries read back untyped")
      assert.deepStrictEqual(raw.headers, { trace: json("abc") })
      assert.strictEqual(unjson(raw.rawStaticSummary!), "a summary")
      assert.strictEqual(unjson(raw.rawStaticDetails!), "some details")
      assert.isTrue(Duration.equals(raw.executionTimeout!, Duration.hours(1)))
      assert.isTrue(Duration.equals(raw.runTimeout!, Duration.minutes(30)))
      assert.isTrue(Duration.equals(raw.taskTimeout!, Duration.seconds(10)))
      assert.deepStrictEqual(raw.retryPolicy, schedule.action.retryPolicy)
      assert.deepStrictEqual(raw.priority, schedule.action.priority)
      assert.deepStrictEqual(raw.versioningOverride, schedule.action.versioningOverride)

      const decoded = yield* Convert.decodeScheduleAction(raw, decoder)
      const { workflow: _w, ...expected } = schedule.action
      assert.deepStrictEqual(decoded.searchAttributes, expected.searchAttributes)
      const { rawArgs, rawMemo, rawSearchAttributes, workflow, ...rest } = decoded
      assert.strictEqual(workflow, "Greet")
      assert.deepStrictEqual(rest, expected)
      assert.strictEqual(rawArgs.length, 2)
      assert.isDefined(rawMemo)
      assert.isDefined(rawSearchAttributes)
    }))

  it.effect("typed search attributes carry their type and read back typed", () =>
    Effect.gen(function*() {
      const typed = SearchAttributes.make([[Keyword, "k"], [Int, 7]])
      const schedule = yield* validateSchedule({ action: { ...action, searchAttributes: typed }, spec: {} })
      const pb = yield* Convert.encodeSchedule(schedule, encoder)
      const fields = pb.action!.startWorkflow!.searchAttributes!.indexedFields!
      assert.strictEqual(new TextDecoder().decode(fields["CustomKeyword"]!.metadata!["type"]), "Keyword")
      assert.strictEqual(new TextDecoder().decode(fields["CustomInt"]!.metadata!["type"]), "Int")
      const back = Convert.scheduleActionFromProto(wire(pb).action).searchAttributes
      assert.isTrue(SearchAttributes.isSearchAttributes(back))
      const collection = back as SearchAttributes.SearchAttributes
      assert.deepStrictEqual(collection.get(Keyword), typed.get(Keyword))
      assert.deepStrictEqual(collection.get(Int), typed.get(Int))
    }))

  it.effect("a bad search attribute value fails before any RPC", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        validateSchedule({ action: { ...action, searchAttributes: { Bad: { nested: 1 } as never } }, spec: {} })
      )
      assert.strictEqual(error.field, "action.searchAttributes.Bad")
      const typed = SearchAttributes.make([[Int, "seven" as never]])
      const schedule = yield* validateSchedule({ action: { ...action, searchAttributes: typed }, spec: {} })
      const encodeError = yield* Effect.flip(Convert.encodeSchedule(schedule, encoder))
      assert.strictEqual(encodeError._tag, "InvalidArgumentError")
    }))

  it.effect("a WorkflowDefinition's argument Schemas encode the args", () =>
    Effect.gen(function*() {
      const Def = WorkflowDefinition.make("Dated", { args: [Schema.DateFromString], result: Schema.Void })
      const at = new Date("2030-01-01T00:00:00Z")
      const schedule = yield* validateSchedule({ action: { ...action, workflow: Def, args: [at] }, spec: {} })
      const pb = yield* Convert.encodeSchedule(schedule, encoder)
      assert.strictEqual(pb.action!.startWorkflow!.workflowType!.name, "Dated")
      assert.deepStrictEqual(pb.action!.startWorkflow!.input!.payloads!.map(unjson), ["2030-01-01T00:00:00.000Z"])
    }))

  it("an unknown action kind reads as empty fields, never a crash", () => {
    const raw = Convert.scheduleActionFromProto({})
    assert.deepStrictEqual(raw, { _tag: "StartWorkflow", workflow: "", id: "", taskQueue: "", rawArgs: [] })
    assert.deepStrictEqual(Convert.scheduleActionFromProto(undefined), raw)
  })
})

describe("convert schedule: whole schedule", () => {
  it.effect("Schedule -> proto -> bytes -> proto -> Schedule gives back the schedule", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(fullInput)
      const pb = yield* Convert.encodeSchedule(schedule, encoder)
      const decodedPb = wire(pb)
      assert.strictEqual(num(decodedPb.state!.remainingActions), 7, "int64 numbers survive the wire")
      const raw = Convert.scheduleFromProto(decodedPb)
      assert.deepStrictEqual(raw.spec, schedule.spec)
      assert.deepStrictEqual(raw.policy, schedule.policy)
      assert.deepStrictEqual(raw.state, schedule.state)
      const action = yield* Convert.decodeScheduleAction(raw.action, decoder)
      assert.deepStrictEqual(action.args, ["World", { n: 1 }])
      assert.deepStrictEqual(action.memo, { team: "ops" })
      assert.deepStrictEqual(action.searchAttributes, { CustomKeyword: "k" })
      assert.strictEqual(action.staticSummary, "a summary")
      // and the described schedule can be sent again as it is
      const again = yield* validateSchedule({ ...raw, action })
      assert.deepStrictEqual(again.spec, schedule.spec)
      assert.deepStrictEqual(again.action.args, schedule.action.args)
    }))

  it.effect("a minimal schedule through the wire reads back as itself, with nothing extra", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule({ action, spec: { intervals: [{ every: "1 minute" }] } })
      const raw = Convert.scheduleFromProto(wire(yield* Convert.encodeSchedule(schedule, encoder)))
      const decoded = yield* Convert.decodeScheduleAction(raw.action, decoder)
      assert.deepStrictEqual<unknown>(decoded, { ...schedule.action, rawArgs: [] })
      assert.deepStrictEqual(raw.spec, schedule.spec)
      assert.deepStrictEqual(raw.policy, schedule.policy)
      assert.deepStrictEqual(raw.state, schedule.state)
    }))

  it.effect("scheduleToProto takes already-encoded payloads", () =>
    Effect.gen(function*() {
      const schedule: Schedule = yield* validateSchedule({ action: { ...action, args: [1, 2] }, spec: {} })
      const pb = Convert.scheduleToProto(schedule, { args: [json("one"), json("two")] })
      assert.deepStrictEqual(pb.action!.startWorkflow!.input!.payloads!.map(unjson), ["one", "two"])
      assert.deepStrictEqual(Object.keys(pb).sort(), ["action", "policies", "spec", "state"])
    }))
})

describe("convert schedule: descriptions", () => {
  const ts = (iso: string): google.protobuf.ITimestamp => {
    const ms = Date.parse(iso)
    return { seconds: long(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 }
  }

  it.effect("DescribeScheduleResponse -> ScheduleDescription (info, memo, search attributes, conflict token)", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule(fullInput)
      const pbSchedule = yield* Convert.encodeSchedule(schedule, encoder)
      const token = new Uint8Array([1, 2, 3])
      const response: temporal.api.workflowservice.v1.IDescribeScheduleResponse = {
        schedule: pbSchedule,
        info: {
          actionCount: long(12),
          missedCatchupWindow: long(2),
          overlapSkipped: long(3),
          bufferDropped: long(4),
          bufferSize: long(5),
          runningWorkflows: [{ workflowId: "greet-2030", runId: "run-1" }],
          recentActions: [{
            scheduleTime: ts("2030-01-01T09:00:00Z"),
            actualTime: ts("2030-01-01T09:00:01.500Z"),
            startWorkflowResult: { workflowId: "greet-2030", runId: "run-1" }
          }],
          futureActionTimes: [ts("2030-01-01T10:00:00Z"), ts("2030-01-01T11:00:00Z")],
          createTime: ts("2029-12-31T00:00:00Z"),
          updateTime: ts("2029-12-31T12:00:00Z")
        },
        memo: { fields: { owner: json("me") } },
        searchAttributes: {
          indexedFields: {
            TemporalSchedulePaused: { ...json(true), metadata: { ...json(true).metadata, type: utf8("Bool") } }
          }
        },
        conflictToken: token
      }
      // through the wire, so int64 fields are Longs
      const decodedResponse = Proto.temporal().api.workflowservice.v1.DescribeScheduleResponse.decode(
        Proto.temporal().api.workflowservice.v1.DescribeScheduleResponse.encode(
          Proto.temporal().api.workflowservice.v1.DescribeScheduleResponse.fromObject(response)
        ).finish()
      )
      const raw = Convert.describeScheduleResponseFromProto("sched-1", decodedResponse)
      assert.strictEqual(raw.id, "sched-1")
      assert.deepStrictEqual(raw.conflictToken, new Uint8Array([1, 2, 3]))
      assert.deepStrictEqual(raw.info, {
        numActions: 12,
        numActionsMissedCatchupWindow: 2,
        numActionsSkippedOverlap: 3,
        bufferSize: 5,
        numActionsDroppedFromBuffer: 4,
        runningActions: [{ _tag: "StartWorkflow", workflowId: "greet-2030", firstExecutionRunId: "run-1" }],
        recentActions: [{
          scheduledAt: new Date("2030-01-01T09:00:00Z"),
          startedAt: new Date("2030-01-01T09:00:01.500Z"),
          action: { _tag: "StartWorkflow", workflowId: "greet-2030", firstExecutionRunId: "run-1" }
        }],
        nextActionTimes: [new Date("2030-01-01T10:00:00Z"), new Date("2030-01-01T11:00:00Z")],
        createdAt: new Date("2029-12-31T00:00:00Z"),
        lastUpdatedAt: new Date("2029-12-31T12:00:00Z")
      })

      const description = yield* Convert.decodeScheduleDescription(raw, decoder)
      assert.strictEqual(description.id, "sched-1")
      assert.deepStrictEqual(description.searchAttributes, { TemporalSchedulePaused: true })
      assert.deepStrictEqual(
        description.typedSearchAttributes.get(SearchAttributes.SearchAttributeKey.bool("TemporalSchedulePaused")),
        Option.some(true)
      )
      assert.deepStrictEqual(Object.keys(description.rawMemo), ["owner"])
      assert.deepStrictEqual(unjson(description.rawMemo["owner"]!), "me")
      assert.strictEqual(description.conflictToken, raw.conflictToken)
      assert.deepStrictEqual(description.schedule.spec, schedule.spec)
      assert.deepStrictEqual(description.schedule.policy, schedule.policy)
      assert.deepStrictEqual(description.schedule.state, schedule.state)
      assert.deepStrictEqual(description.schedule.action.args, ["World", { n: 1 }])
      assert.strictEqual(description.schedule.action.rawArgs.length, 2)
      assert.deepStrictEqual(description.info, raw.info)
    }))

  it("an empty DescribeScheduleResponse reads without crashing", () => {
    const raw = Convert.describeScheduleResponseFromProto("x", {})
    assert.deepStrictEqual(raw.info, {
      numActions: 0,
      numActionsMissedCatchupWindow: 0,
      numActionsSkippedOverlap: 0,
      bufferSize: 0,
      numActionsDroppedFromBuffer: 0,
      runningActions: [],
      recentActions: [],
      nextActionTimes: [],
      createdAt: new Date(0)
    })
    assert.strictEqual(raw.conflictToken.length, 0)
    assert.deepStrictEqual(raw.rawMemo, {})
    assert.deepStrictEqual(raw.schedule.policy.overlap, "Skip")
  })

  it.effect("ScheduleListEntry -> ScheduleListDescription", () =>
    Effect.gen(function*() {
      const kw = yield* Convert.searchAttributesToProto(SearchAttributes.make([[Keyword, "v"]]))
      const spec = yield* specOf({ intervals: [{ every: "1 hour" }] })
      const raw = Convert.scheduleListEntryFromProto({
        scheduleId: "sched-1",
        memo: { fields: { owner: json("me") } },
        searchAttributes: { indexedFields: kw },
        info: {
          spec: Convert.scheduleSpecToProto(spec),
          workflowType: { name: "Greet" },
          notes: "paused for now",
          paused: true,
          recentActions: [{
            scheduleTime: ts("2030-01-01T09:00:00Z"),
            actualTime: ts("2030-01-01T09:00:02Z"),
            startWorkflowResult: { workflowId: "w", runId: "r" }
          }],
          futureActionTimes: [ts("2030-01-01T10:00:00Z")]
        }
      })
      assert.deepStrictEqual(raw.schedule, {
        action: { _tag: "StartWorkflow", workflow: "Greet" },
        spec,
        state: { paused: true, note: "paused for now" }
      })
      assert.deepStrictEqual(raw.info, {
        recentActions: [{
          scheduledAt: new Date("2030-01-01T09:00:00Z"),
          startedAt: new Date("2030-01-01T09:00:02Z"),
          action: { _tag: "StartWorkflow", workflowId: "w", firstExecutionRunId: "r" }
        }],
        nextActionTimes: [new Date("2030-01-01T10:00:00Z")]
      })
      assert.strictEqual(raw.id, "sched-1")
      assert.deepStrictEqual(unjson(raw.rawMemo["owner"]!), "me")
      assert.deepStrictEqual(raw.searchAttributes, { CustomKeyword: "v" })
      assert.deepStrictEqual(raw.typedSearchAttributes.get(Keyword), Option.some("v"))
    }))

  it("a list entry without info has no schedule and no info", () => {
    const raw = Convert.scheduleListEntryFromProto({ scheduleId: "s" })
    assert.strictEqual(raw.id, "s")
    assert.isUndefined(raw.schedule)
    assert.isUndefined(raw.info)
    assert.deepStrictEqual(raw.rawMemo, {})
    assert.deepStrictEqual(raw.searchAttributes, {})
    assert.strictEqual(raw.typedSearchAttributes.size, 0)
  })
})

describe("convert schedule: backfill and patches", () => {
  const startAt = new Date("2030-01-01T00:00:00Z")
  const endAt = new Date("2030-01-02T00:00:00.500Z")

  it("ScheduleBackfill -> BackfillRequest", () => {
    const pb = Convert.backfillToProto({ startAt, endAt, overlap: "AllowAll" })
    assert.strictEqual(num(pb.startTime!.seconds), startAt.getTime() / 1000)
    assert.strictEqual(pb.startTime!.nanos, 0)
    assert.strictEqual(num(pb.endTime!.seconds), Math.floor(endAt.getTime() / 1000))
    assert.strictEqual(pb.endTime!.nanos, 500_000_000)
    assert.strictEqual(pb.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL)
    assert.strictEqual(
      Convert.backfillToProto({ startAt, endAt }).overlapPolicy,
      Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED
    )
  })

  it("trigger, pause, unpause, backfill patches", () => {
    assert.deepStrictEqual(Convert.SchedulePatch.trigger(), {
      triggerImmediately: { overlapPolicy: Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED }
    })
    assert.deepStrictEqual(Convert.SchedulePatch.trigger("BufferAll"), {
      triggerImmediately: { overlapPolicy: Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL }
    })
    assert.deepStrictEqual(Convert.SchedulePatch.pause("why"), { pause: "why" })
    assert.deepStrictEqual(Convert.SchedulePatch.pause(), { pause: Convert.defaultPauseNote })
    assert.deepStrictEqual(Convert.SchedulePatch.unpause("ok"), { unpause: "ok" })
    assert.deepStrictEqual(Convert.SchedulePatch.unpause(), { unpause: Convert.defaultUnpauseNote })
    const patch = Convert.SchedulePatch.backfill([{ startAt, endAt }, { startAt, endAt, overlap: "Skip" }])
    assert.strictEqual(patch.backfillRequest!.length, 2)
    assert.strictEqual(patch.backfillRequest![1]!.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_SKIP)
    // and every patch survives the wire
    for (const p of [patch, Convert.SchedulePatch.trigger("CancelOther"), Convert.SchedulePatch.pause()]) {
      const back = v1.SchedulePatch.decode(v1.SchedulePatch.encode(v1.SchedulePatch.fromObject(p)).finish())
      assert.deepStrictEqual(Object.keys(v1.SchedulePatch.toObject(back)).sort(), Object.keys(p).sort())
    }
  })

  it.effect("the initial patch of createSchedule", () =>
    Effect.gen(function*() {
      const schedule = yield* validateSchedule({ action, spec: {}, policy: { overlap: "CancelOther" } })
      assert.isUndefined(Convert.SchedulePatch.initial(schedule, {}))
      assert.isUndefined(Convert.SchedulePatch.initial(schedule, { triggerImmediately: false, backfill: [] }))
      assert.deepStrictEqual(Convert.SchedulePatch.initial(schedule, { triggerImmediately: true }), {
        triggerImmediately: { overlapPolicy: Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER }
      })
      const both = Convert.SchedulePatch.initial(schedule, { triggerImmediately: true, backfill: [{ startAt, endAt }] })
      assert.strictEqual(both!.backfillRequest!.length, 1)
      assert.isDefined(both!.triggerImmediately)
    }))
})
