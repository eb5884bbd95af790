import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { ApplicationFailure } from "../../src/Failure.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { FakeConnection, InMemoryTemporal } from "../../src/testing/index.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"

const Reminder = WorkflowDefinition.make("reminder", {
  args: [Schema.Struct({ to: Schema.String, afterHours: Schema.Number })],
  result: Schema.String,
  updates: { snooze: { args: [Schema.Number], result: Schema.Number } }
})

const Temporal = InMemoryTemporal.layer({
  workflows: {
    ...InMemoryTemporal.workflow(Reminder, ([{ afterHours, to }], ctx) =>
      Effect.gen(function*() {
        let hours = afterHours
        yield* ctx.setUpdateHandler("snooze", (more: number) => Effect.sync(() => (hours += more)))
        yield* ctx.sleep(`${hours} hours`)
        return `reminded ${to}`
      })),
    forever: (_, ctx) => ctx.condition(Effect.succeed(false))
  }
})

describe("InMemoryTemporal", () => {
  it.effect("workflow sleeps run on TestClock", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(Reminder, {
        id: "r-1",
        taskQueue: "q",
        args: [{ to: "ann", afterHours: 2 }]
      })
      const result = yield* Effect.forkChild(handle.result())
      yield* TestClock.adjust("1 hour")
      assert.strictEqual((yield* handle.describe()).status, "Running")
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* Fiber.join(result), "reminded ann")
    }).pipe(Effect.provide(Temporal)))

  it.effect("update-with-start starts the workflow and runs the update", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const hours = yield* client.executeUpdateWithStart("snooze", {
        args: [1],
        startWorkflowOperation: TemporalClient.withStartWorkflowOperation(Reminder, {
          id: "r-2",
          taskQueue: "q",
          args: [{ to: "bo", afterHours: 3 }],
          idConflictPolicy: "UseExisting"
        })
      })
      assert.strictEqual(hours, 4)
    }).pipe(Effect.provide(Temporal)))

  it.effect("a run timeout times the workflow out on the Clock", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("forever", { id: "f-1", taskQueue: "q", runTimeout: "1 minute" })
      const result = yield* Effect.forkChild(handle.result())
      yield* TestClock.adjust("1 minute")
      const error = yield* Effect.flip(Fiber.join(result))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      assert.strictEqual((yield* handle.describe()).status, "TimedOut")
    }).pipe(Effect.provide(Temporal)))

  it.effect("an unregistered workflow type fails at once, naming the registered ones", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TemporalClient.executeWorkflow("missing", { id: "m-1", taskQueue: "q" }))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag === "WorkflowFailedError") {
        assert.include(error.cause?.message, "reminder, forever")
      }
    }).pipe(Effect.provide(Temporal)))

  it.effect("list queries outside the subset fail INVALID_ARGUMENT; runs are recorded", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      yield* client.startWorkflow("forever", { id: "f-2", taskQueue: "q" })
      const error = yield* Effect.flip(client.countWorkflows("StartTime > '2020-01-01'"))
      assert.strictEqual(error._tag === "RpcError" ? error.code : error._tag, "INVALID_ARGUMENT")
      const grouped = yield* client.countWorkflows("WorkflowType = 'forever' GROUP BY ExecutionStatus")
      assert.strictEqual(grouped.count, 1)
      assert.deepStrictEqual(grouped.groups.map((g) => g.groupValues), [["Running"]])
      const runs = yield* InMemoryTemporal.runs
      assert.deepStrictEqual(runs.map((r) => [r.workflowId, r.status]), [["f-2", "Running"]])
    }).pipe(Effect.provide(Temporal)))
})

// -----------------------------------------------------------------------------
// schedules
// -----------------------------------------------------------------------------

const Scheduled = InMemoryTemporal.layer({
  workflows: {
    sleeper: ([ms], ctx) => Effect.as(ctx.sleep((ms as number | undefined) ?? 0), ctx.info.workflowId),
    failing: () =>
      Effect.fail(new ApplicationFailure({ message: "boom", type: "Boom", nonRetryable: true, details: [] }))
  }
})

const sleeperAction = (id: string, ms = 0) => ({ workflow: "sleeper", id, taskQueue: "q", args: [ms] })

describe("InMemoryTemporal schedules", () => {
  it.effect("an hourly interval fires on TestClock: 3 hours, 3 actions, 3 completed runs", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.createSchedule("hourly", {
        action: sleeperAction("wf-hourly"),
        spec: { intervals: [{ every: "1 hour" }] }
      })
      const before = yield* handle.describe()
      assert.strictEqual(before.info.numActions, 0)
      assert.deepStrictEqual(before.info.nextActionTimes.slice(0, 2).map((d) => d.toISOString()), [
        "1970-01-01T01:00:00.000Z",
        "1970-01-01T02:00:00.000Z"
      ])
      yield* TestClock.adjust("3 hours")
      const after = yield* handle.describe()
      assert.strictEqual(after.info.numActions, 3)
      assert.deepStrictEqual(after.info.recentActions.map((a) => a.action.workflowId), [
        "wf-hourly-1970-01-01T01:00:00Z",
        "wf-hourly-1970-01-01T02:00:00Z",
        "wf-hourly-1970-01-01T03:00:00Z"
      ])
      const runs = yield* InMemoryTemporal.runs
      assert.deepStrictEqual(runs.map((r) => r.status), ["Completed", "Completed", "Completed"])
      const result = yield* client.getWorkflowHandle(after.info.recentActions[0]!.action.workflowId).result()
      assert.strictEqual(result, "wf-hourly-1970-01-01T01:00:00Z")
    }).pipe(Effect.provide(Scheduled)))

  it.effect("a cron expression is compiled into a calendar and fires in UTC", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.createSchedule("weekdays", {
        action: sleeperAction("wf-cron"),
        spec: { cronExpressions: ["15 4 * * MON-FRI"] }
      })
      const described = yield* handle.describe()
      assert.deepStrictEqual(described.schedule.spec.cronExpressions, [])
      assert.deepStrictEqual(described.schedule.spec.calendars[0]?.dayOfWeek, [{ start: 1, end: 5, step: 1 }])
      // 1970-01-01 was a Thursday: Thu, Fri, (Sat, Sun skipped), Mon
      assert.deepStrictEqual(described.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()), [
        "1970-01-01T04:15:00.000Z",
        "1970-01-02T04:15:00.000Z",
        "1970-01-05T04:15:00.000Z"
      ])
      yield* TestClock.adjust("5 days")
      assert.strictEqual((yield* handle.describe()).info.numActions, 3)
      const calendar = yield* client.createSchedule("calendar", {
        action: sleeperAction("wf-cal"),
        spec: { calendars: [{ hour: [{ start: 8, end: 18, step: 2 }], minute: 30 }], skip: [{ hour: 10, minute: 30 }] }
      })
      const times = (yield* calendar.describe()).info.nextActionTimes.slice(0, 3).map((d) => d.toISOString())
      assert.deepStrictEqual(times, [
        "1970-01-06T08:30:00.000Z",
        "1970-01-06T12:30:00.000Z",
        "1970-01-06T14:30:00.000Z"
      ])
    }).pipe(Effect.provide(Scheduled)))

  it.effect("trigger honours the overlap policy: Skip, AllowAll, BufferOne", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.createSchedule("overlap", {
        action: sleeperAction("wf-overlap", 60_000),
        spec: { intervals: [{ every: "1 day" }] },
        state: { paused: true }
      })
      yield* handle.trigger()
      assert.strictEqual((yield* handle.describe()).info.numActions, 1, "a trigger works while paused")
      yield* TestClock.adjust("1 second")
      yield* handle.trigger()
      let d = yield* handle.describe()
      assert.strictEqual(d.info.numActions, 1)
      assert.strictEqual(d.info.numActionsSkippedOverlap, 1)
      yield* handle.trigger({ overlap: "AllowAll" })
      d = yield* handle.describe()
      assert.strictEqual(d.info.numActions, 2)
      assert.strictEqual(d.info.runningActions.length, 2)
      yield* TestClock.adjust("1 second")
      yield* handle.trigger({ overlap: "BufferOne" })
      yield* TestClock.adjust("1 second")
      yield* handle.trigger({ overlap: "BufferOne" })
      d = yield* handle.describe()
      assert.strictEqual(d.info.numActions, 2, "buffered while two run")
      assert.strictEqual(d.info.bufferSize, 1, "BufferOne holds one")
      assert.strictEqual(d.info.numActionsDroppedFromBuffer, 1, "and drops the next")
      yield* TestClock.adjust("1 minute")
      d = yield* handle.describe()
      assert.strictEqual(
        d.info.numActions,
        3,
        "the buffered one started when the others closed; the second was dropped"
      )
      assert.strictEqual(d.info.bufferSize, 0)
      assert.strictEqual(d.info.recentActions[2]!.action.workflowId, "wf-overlap-1970-01-01T00:00:02Z")
    }).pipe(Effect.provide(Scheduled)))

  it.effect("BufferAll starts every buffered action in turn; TerminateOther ends the running one; CancelOther cancels it", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.createSchedule("buffer-all", {
        action: sleeperAction("wf-all", 60_000),
        spec: { intervals: [{ every: "1 day" }] },
        policy: { overlap: "BufferAll" }
      })
      for (let i = 0; i < 3; i++) {
        yield* handle.trigger()
        yield* TestClock.adjust("1 second")
      }
      assert.strictEqual((yield* handle.describe()).info.numActions, 1)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* handle.describe()).info.numActions, 2)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* handle.describe()).info.numActions, 3)
      yield* TestClock.adjust("1 minute")
      const all = yield* InMemoryTemporal.runs
      assert.deepStrictEqual(all.map((r) => r.status), ["Completed", "Completed", "Completed"])

      const other = yield* client.createSchedule("others", {
        action: sleeperAction("wf-other", 60_000),
        spec: { intervals: [{ every: "1 day" }] }
      })
      yield* other.trigger()
      yield* TestClock.adjust("1 second")
      yield* other.trigger({ overlap: "TerminateOther" })
      yield* TestClock.adjust("1 second")
      yield* other.trigger({ overlap: "CancelOther" })
      const runs = (yield* InMemoryTemporal.runs).filter((r) => r.workflowId.startsWith("wf-other"))
      assert.deepStrictEqual(runs.map((r) => r.status), ["Terminated", "Canceled", "Running"])
      assert.strictEqual((yield* other.describe()).info.numActions, 3)
    }).pipe(Effect.provide(Scheduled)))

  it.effect("pause and unpause with notes; paused times are not taken; limited actions run out", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.createSchedule("limited", {
        action: sleeperAction("wf-limited"),
        spec: { intervals: [{ every: "1 hour" }] },
        state: { limitedActions: true, remainingActions: 2 }
      })
      yield* handle.pause("maintenance")
      let d = yield* handle.describe()
      assert.isTrue(d.schedule.state.paused)
      assert.strictEqual(d.schedule.state.note, "maintenance")
      yield* TestClock.adjust("2 hours")
      assert.strictEqual((yield* handle.describe()).info.numActions, 0)
      yield* handle.unpause()
      d = yield* handle.describe()
      assert.strictEqual(d.schedule.state.note, "Unpaused via effect-temporal")
      yield* TestClock.adjust("5 hours")
      d = yield* handle.describe()
      assert.strictEqual(d.info.numActions, 2)
      assert.strictEqual(d.schedule.state.remainingActions, 0)
      assert.deepStrictEqual(d.info.nextActionTimes, [])
    }).pipe(Effect.provide(Scheduled)))

  it.effect("update holds what was sent in one round; a stale conflict token fails FAILED_PRECONDITION", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const fake = yield* FakeConnection.FakeConnection
      const handle = yield* client.createSchedule("updated", {
        action: sleeperAction("wf-updated"),
        spec: { cronExpressions: ["0 12 * * *"] }
      })
      const stale = yield* handle.describe()
      yield* handle.update(({ description }) =>
        Effect.succeed({
          schedule: {
            ...description.schedule,
            spec: { intervals: [{ every: "30 minutes" }] },
            state: { note: "moved" }
          }
        })
      )
      assert.strictEqual((yield* fake.callsOf("UpdateSchedule")).length, 1)
      const d = yield* handle.describe()
      assert.strictEqual(d.schedule.state.note, "moved")
      assert.strictEqual(d.info.nextActionTimes[0]!.toISOString(), "1970-01-01T00:30:00.000Z")
      const error = yield* Effect.flip(
        client.connection.workflowService.updateSchedule({
          namespace: "default",
          scheduleId: "updated",
          schedule:
            (yield* client.connection.workflowService.describeSchedule({ namespace: "default", scheduleId: "updated" }))
              .schedule ?? null,
          conflictToken: stale.conflictToken
        })
      )
      assert(error._tag === "RpcError")
      assert.strictEqual(error.code, "FAILED_PRECONDITION")
      assert.include(error.message, "mismatched conflict token")
    }).pipe(Effect.provide(Scheduled)))

  it.effect("backfill, list, matching times, delete; duplicate create and unknown IDs are errors", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      yield* TestClock.adjust("10 hours")
      const handle = yield* client.createSchedule("backfilled", {
        action: sleeperAction("wf-backfill"),
        spec: { intervals: [{ every: "1 hour" }] },
        policy: { overlap: "AllowAll" }
      }, { triggerImmediately: true })
      yield* handle.backfill({ startAt: new Date(3_600_000), endAt: new Date(3 * 3_600_000) })
      const d = yield* handle.describe()
      assert.deepStrictEqual(d.info.recentActions.map((a) => a.scheduledAt.toISOString()), [
        "1970-01-01T10:00:00.000Z",
        "1970-01-01T01:00:00.000Z",
        "1970-01-01T02:00:00.000Z",
        "1970-01-01T03:00:00.000Z"
      ])
      const duplicate = yield* Effect.flip(
        client.createSchedule("backfilled", { action: sleeperAction("x"), spec: {} })
      )
      assert.strictEqual(duplicate._tag, "ScheduleAlreadyRunningError")
      const listed = yield* Stream.runCollect(client.listSchedules())
      assert.deepStrictEqual(listed.map((s) => s.id), ["backfilled"])
      const matching = yield* client.connection.workflowService.listScheduleMatchingTimes({
        namespace: "default",
        scheduleId: "backfilled",
        startTime: { seconds: 0 as never, nanos: 0 },
        endTime: { seconds: 7200 as never, nanos: 0 }
      })
      assert.strictEqual(matching.startTime.length, 3)
      yield* handle.delete()
      assert.strictEqual((yield* Effect.flip(handle.describe()))._tag, "ScheduleNotFoundError")
      assert.strictEqual((yield* Effect.flip(handle.delete()))._tag, "ScheduleNotFoundError")
      const runs = yield* InMemoryTemporal.runs
      assert.strictEqual(runs.length, 4, "workflows started by a deleted schedule stay")
      yield* TestClock.adjust("2 hours")
      assert.strictEqual((yield* InMemoryTemporal.runs).length, 4, "a deleted schedule fires no more")
    }).pipe(Effect.provide(Scheduled)))

  it.effect("a schedule and a workflow started in an acquire (uninterruptibly) still stop when released", () =>
    Effect.scoped(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* Effect.acquireRelease(
        client.createSchedule("scoped", {
          action: sleeperAction("wf-scoped"),
          spec: { intervals: [{ every: "1 day" }] }
        }),
        (handle) => Effect.ignore(handle.delete())
      )
      yield* Effect.acquireRelease(
        client.startWorkflow("sleeper", { id: "long", taskQueue: "q", args: [86_400_000] }),
        (workflow) => Effect.ignore(workflow.terminate())
      )
      yield* handle.delete()
    })).pipe(Effect.provide(Scheduled)))

  it.effect("pauseOnFailure pauses the schedule when a started workflow fails", () =>
    Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.createSchedule("fragile", {
        action: { workflow: "failing", id: "wf-fragile", taskQueue: "q" },
        spec: { intervals: [{ every: "1 hour" }] },
        policy: { pauseOnFailure: true }
      })
      yield* TestClock.adjust("3 hours")
      const d = yield* handle.describe()
      assert.strictEqual(d.info.numActions, 1)
      assert.isTrue(d.schedule.state.paused)
      assert.include(d.schedule.state.note ?? "", "wf-fragile")
    }).pipe(Effect.provide(Scheduled)))
})

// -----------------------------------------------------------------------------
// async activity completion
// -----------------------------------------------------------------------------

const Activities = InMemoryTemporal.layer({
  workflows: {
    asyncWork: ([activityId], ctx) =>
      ctx.asyncActivity((activityId as string | undefined) ?? "act-1", {
        activityType: "work",
        start: ({ heartbeat, taskToken }) => heartbeat({ taskToken: Buffer.from(taskToken).toString("base64") })
      }),
    heartbeatTimeout: (_, ctx) => ctx.asyncActivity("act-1", { heartbeatTimeout: "30 seconds" })
  }
})

/** Start `asyncWork`; read the task token the activity heartbeated from describe's pending activities. */
const startAsyncWork = (id: string) =>
  Effect.gen(function*() {
    const client = yield* TemporalClient.TemporalClient
    const handle = yield* client.startWorkflow("asyncWork", { id, taskQueue: "q" })
    const described = yield* client.connection.workflowService.describeWorkflowExecution({
      namespace: "default",
      execution: { workflowId: id }
    })
    const pending = described.pendingActivities ?? []
    assert.strictEqual(pending.length, 1)
    assert.strictEqual(pending[0]!.activityId, "act-1")
    assert.strictEqual(pending[0]!.activityType?.name, "work")
    const [details] = yield* client.dataConverter.fromPayloads(pending[0]!.heartbeatDetails?.payloads ?? [])
    const taskToken = new Uint8Array(Buffer.from((details as { taskToken: string }).taskToken, "base64"))
    return { client, handle, taskToken }
  })

describe("InMemoryTemporal async activity completion", () => {
  it.effect("complete by task token: the workflow returns the result; the token is gone after", () =>
    Effect.gen(function*() {
      const { client, handle, taskToken } = yield* startAsyncWork("aa-1")
      const activity = client.getAsyncActivityHandle({ taskToken })
      yield* activity.heartbeat("working", { step: 1 })
      const described = yield* client.connection.workflowService.describeWorkflowExecution({
        namespace: "default",
        execution: { workflowId: "aa-1" }
      })
      assert.deepStrictEqual(
        yield* client.dataConverter.fromPayloads(described.pendingActivities?.[0]?.heartbeatDetails?.payloads ?? []),
        ["working", { step: 1 }]
      )
      yield* activity.complete({ answer: 42 })
      assert.deepStrictEqual(yield* handle.result(), { answer: 42 })
      assert.strictEqual((yield* Effect.flip(activity.heartbeat()))._tag, "ActivityNotFoundError")
      assert.strictEqual((yield* Effect.flip(activity.complete("again")))._tag, "ActivityNotFoundError")
    }).pipe(Effect.provide(Activities)))

  it.effect("fail by ID: the workflow fails with an ActivityFailure caused by the ApplicationFailure", () =>
    Effect.gen(function*() {
      const { client, handle } = yield* startAsyncWork("aa-2")
      const activity = client.getAsyncActivityHandle({ workflowId: "aa-2", activityId: "act-1" })
      yield* activity.fail(
        new ApplicationFailure({ message: "async failed", type: "AsyncError", nonRetryable: true, details: ["why"] })
      )
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag !== "WorkflowFailedError") return
      const failure = error.cause
      assert.strictEqual(failure?._tag, "ActivityFailure")
      if (failure?._tag !== "ActivityFailure") return
      assert.strictEqual(failure.activityId, "act-1")
      assert.strictEqual(failure.activityType, "work")
      const application = failure.cause
      assert.strictEqual(application?._tag, "ApplicationFailure")
      if (application?._tag !== "ApplicationFailure") return
      assert.strictEqual(application.message, "async failed")
      assert.strictEqual(application.type, "AsyncError")
      assert.deepStrictEqual(application.details, ["why"])
    }).pipe(Effect.provide(Activities)))

  for (const mode of ["token", "ID"] as const) {
    it.effect(`a heartbeat sees the cancellation; reportCancellation cancels the workflow (by ${mode})`, () =>
      Effect.gen(function*() {
        const id = `aa-cancel-${mode}`
        const { client, handle, taskToken } = yield* startAsyncWork(id)
        const activity = client.getAsyncActivityHandle(
          mode === "token" ? { taskToken } : { workflowId: id, activityId: "act-1" }
        )
        const early = yield* Effect.flip(activity.reportCancellation())
        assert.strictEqual(early._tag, "RpcError", "no cancellation was asked for yet")
        if (early._tag === "RpcError") assert.strictEqual(early.code, "INVALID_ARGUMENT")
        yield* handle.cancel()
        assert.strictEqual((yield* handle.describe()).status, "Running", "the workflow waits for the activity")
        const cancelled = yield* Effect.flip(activity.heartbeat("still going"))
        assert.strictEqual(cancelled._tag, "AsyncActivityCancelledError")
        if (cancelled._tag === "AsyncActivityCancelledError") assert.strictEqual(cancelled.reason, "CancelRequested")
        yield* activity.reportCancellation("cleaned up")
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "WorkflowFailedError")
        if (error._tag === "WorkflowFailedError") {
          assert.strictEqual(error.cause?._tag, "CanceledFailure")
        }
        assert.strictEqual((yield* handle.describe()).status, "Canceled")
      }).pipe(Effect.provide(Activities)))
  }

  it.effect("the layer closes with activities pending, cancelled or not", () =>
    Effect.gen(function*() {
      const first = yield* startAsyncWork("aa-open")
      yield* startAsyncWork("aa-open-cancelled").pipe(Effect.tap(({ handle }) => handle.cancel()))
      assert.strictEqual((yield* first.handle.describe()).status, "Running")
    }).pipe(Effect.provide(Activities)))

  it.effect("unknown IDs and tokens are ActivityNotFoundError; terminate ends the activity; heartbeat timeout on the Clock", () =>
    Effect.gen(function*() {
      const { client, handle } = yield* startAsyncWork("aa-3")
      for (
        const target of [
          { workflowId: "aa-3", activityId: "nope" },
          { workflowId: "nope", activityId: "act-1" },
          { taskToken: new Uint8Array([1, 2, 3]) }
        ]
      ) {
        const activity = client.getAsyncActivityHandle(target)
        assert.strictEqual((yield* Effect.flip(activity.complete("x")))._tag, "ActivityNotFoundError")
        assert.strictEqual((yield* Effect.flip(activity.heartbeat()))._tag, "ActivityNotFoundError")
      }
      yield* handle.terminate()
      const gone = yield* Effect.flip(
        client.getAsyncActivityHandle({ workflowId: "aa-3", activityId: "act-1" }).complete("x")
      )
      assert.strictEqual(gone._tag, "ActivityNotFoundError")

      const timed = yield* client.startWorkflow("heartbeatTimeout", { id: "aa-4", taskQueue: "q" })
      const result = yield* Effect.forkChild(timed.result())
      yield* TestClock.adjust("20 seconds")
      yield* client.getAsyncActivityHandle({ workflowId: "aa-4", activityId: "act-1" }).heartbeat("alive")
      yield* TestClock.adjust("20 seconds")
      assert.strictEqual((yield* timed.describe()).status, "Running", "the heartbeat moved the deadline")
      yield* TestClock.adjust("20 seconds")
      const error = yield* Effect.flip(Fiber.join(result))
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag !== "WorkflowFailedError") return
      const failure = error.cause
      assert.strictEqual(failure?._tag, "ActivityFailure")
      const timeout = failure?.cause
      assert.strictEqual(timeout?._tag, "TimeoutFailure")
      if (timeout?._tag !== "TimeoutFailure") return
      assert.strictEqual(timeout.timeoutType, "TIMEOUT_TYPE_HEARTBEAT")
      assert.deepStrictEqual(timeout.lastHeartbeatDetails, ["alive"])
    }).pipe(Effect.provide(Activities)))
})
