/**
 * Schedule operations against the fake gRPC server: the conflict-token
 * retry loop (a stale update refused with FAILED_PRECONDITION, as the CHASM
 * scheduler does, or accepted and dropped, as the workflow-based scheduler
 * does), error mapping, and the requests each operation sends.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import { durationToProto } from "../../src/internal/convert/common.js"
import { temporal as loadTemporal } from "../../src/internal/proto/root.js"
import { makeScheduleOperations } from "../../src/internal/scheduleOperations.js"
import { RpcError, ScheduleUpdateConflictError } from "../../src/TemporalError.js"
import type * as Schedule from "../../src/TemporalSchedule.js"
import type * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { fakeClientContext } from "../support/fakeContext.js"

const proto = loadTemporal()

type ProtoSchedule = temporal.api.schedule.v1.ISchedule
type UpdateReq = temporal.api.workflowservice.v1.IUpdateScheduleRequest
type PatchReq = temporal.api.workflowservice.v1.IPatchScheduleRequest
type CreateReq = temporal.api.workflowservice.v1.ICreateScheduleRequest
type ListReq = temporal.api.workflowservice.v1.IListSchedulesRequest

const Overlap = proto.api.enums.v1.ScheduleOverlapPolicy

const tokenBytes = (n: number): Uint8Array => {
  const bytes = Buffer.alloc(8)
  bytes.writeBigInt64BE(BigInt(n))
  return new Uint8Array(bytes)
}
const tokenOf = (bytes: Uint8Array | null | undefined): number =>
  bytes && bytes.length === 8 ? Number(Buffer.from(bytes).readBigInt64BE()) : -1

/** What a stale update meets: the CHASM scheduler's refusal or the workflow scheduler's silent drop. */
type StaleUpdate = "refuse" | "drop"

interface FakeState {
  readonly schedules: Map<string, { schedule: ProtoSchedule; token: number }>
  /** Run before each UpdateSchedule is applied: a concurrent writer. */
  interloper: ((id: string) => void) | undefined
  /** Run before each DescribeSchedule is answered. */
  beforeDescribe: ((id: string) => void) | undefined
  /** How the server rewrites a schedule it stores. */
  normalize: ((schedule: ProtoSchedule) => ProtoSchedule) | undefined
}

/** A fake holding schedules in memory, with a conflict token per schedule. */
const scheduleServer = (stale: StaleUpdate, state: FakeState): FakeGrpcServer.FakeServices => ({
  workflowService: {
    createSchedule: (request) =>
      Effect.suspend(() => {
        const id = request.scheduleId ?? ""
        if (state.schedules.has(id)) {
          return Effect.fail(
            {
              code: "ALREADY_EXISTS",
              message: `schedule "${id}" is already registered`,
              details: [{
                typeName: "temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure",
                value: { startRequestId: "x", runId: "y" }
              }]
            } as const
          )
        }
        state.schedules.set(id, { schedule: request.schedule ?? {}, token: 1 })
        return Effect.succeed({ conflictToken: tokenBytes(1) })
      }),
    describeSchedule: (request) =>
      Effect.suspend(() => {
        state.beforeDescribe?.(request.scheduleId ?? "")
        const held = state.schedules.get(request.scheduleId ?? "")
        if (held === undefined) return Effect.fail({ code: "NOT_FOUND", message: "schedule not found" } as const)
        return Effect.succeed({ schedule: held.schedule, conflictToken: tokenBytes(held.token), info: {} })
      }),
    updateSchedule: (request) =>
      Effect.suspend((): Effect.Effect<object, FakeGrpcServer.FakeStatus> => {
        const id = request.scheduleId ?? ""
        state.interloper?.(id)
        const held = state.schedules.get(id)
        if (held === undefined) return Effect.fail({ code: "NOT_FOUND", message: "schedule not found" } as const)
        if (
          request.conflictToken && request.conflictToken.length > 0 && tokenOf(request.conflictToken) !== held.token
        ) {
          return stale === "refuse"
            ? Effect.fail({ code: "FAILED_PRECONDITION", message: "mismatched conflict token" } as const)
            : Effect.succeed({})
        }
        const schedule = request.schedule ?? {}
        state.schedules.set(id, { schedule: state.normalize?.(schedule) ?? schedule, token: held.token + 1 })
        return Effect.succeed({})
      }),
    patchSchedule: (request) =>
      Effect.suspend(() => {
        const id = request.scheduleId ?? ""
        const held = state.schedules.get(id)
        if (held === undefined) return Effect.fail({ code: "NOT_FOUND", message: "schedule not found" } as const)
        const pause = request.patch?.pause
        const unpause = request.patch?.unpause
        if (pause || unpause) {
          state.schedules.set(id, {
            schedule: { ...held.schedule, state: { paused: !!pause, notes: pause || unpause || "" } },
            token: held.token + 1
          })
        }
        return Effect.succeed({})
      }),
    deleteSchedule: (request) =>
      Effect.suspend(() =>
        state.schedules.delete(request.scheduleId ?? "")
          ? Effect.succeed({})
          : Effect.fail({ code: "NOT_FOUND", message: "workflow execution already completed" } as const)
      ),
    listSchedules: (request) =>
      Effect.sync(() => {
        const ids = [...state.schedules.keys()].sort()
        const start = request.nextPageToken && request.nextPageToken.length > 0
          ? Number(new TextDecoder().decode(request.nextPageToken))
          : 0
        const size = request.maximumPageSize || 100
        const page = ids.slice(start, start + size)
        return {
          schedules: page.map((scheduleId) => ({
            scheduleId,
            info: {
              workflowType: { name: "wf" },
              paused: state.schedules.get(scheduleId)!.schedule.state?.paused === true
            }
          })),
          ...(start + size < ids.length ? { nextPageToken: new TextEncoder().encode(String(start + size)) } : {})
        }
      })
  }
})

const setup = (stale: StaleUpdate = "refuse", interceptors: ReadonlyArray<ClientInterceptor> = []) =>
  Effect.gen(function*() {
    const state: FakeState = {
      schedules: new Map(),
      interloper: undefined,
      beforeDescribe: undefined,
      normalize: undefined
    }
    const { callsTo, context, dataConverter, server } = yield* fakeClientContext(
      scheduleServer(stale, state),
      interceptors
    )
    const client = makeScheduleOperations(context)
    return { server, state, client, dataConverter, callsTo }
  })

const base: Schedule.ScheduleInput = {
  action: { workflow: "report", id: "report", taskQueue: "reports", args: ["daily"] },
  spec: { intervals: [{ every: "1 hour" }] },
  state: { note: "initial" }
}

/** The updater of the tests: set the note, keep the rest. */
const setNote =
  (note: string, runs: Ref.Ref<ReadonlyArray<string | undefined>>) => ({ description }: Schedule.ScheduleUpdateInput) =>
    Effect.as(
      Ref.update(runs, (all) => [...all, description.schedule.state.note]),
      { schedule: { ...description.schedule, state: { ...description.schedule.state, note } } }
    )

/** Another writer's change: the interval becomes 2 hours. */
const changeInterval = (state: FakeState, id: string) => {
  const held = state.schedules.get(id)!
  state.schedules.set(id, {
    schedule: {
      ...held.schedule,
      spec: { ...held.schedule.spec, interval: [{ interval: durationToProto("2 hours") }] }
    },
    token: held.token + 1
  })
}

describe("ScheduleHandle.update", () => {
  for (const stale of ["refuse", "drop"] as const) {
    it.effect(`a concurrent change makes the updater run again on the new state (stale update: ${stale})`, () =>
      Effect.gen(function*() {
        const { callsTo, client, state } = yield* setup(stale)
        const handle = yield* client.createSchedule("s-1", base)
        let interloped = false
        state.interloper = (id) => {
          if (interloped) return
          interloped = true
          changeInterval(state, id)
        }
        const runs = yield* Ref.make<ReadonlyArray<string | undefined>>([])
        yield* handle.update(setNote("mine", runs))

        assert.deepStrictEqual(yield* Ref.get(runs), ["initial", "initial"], "the updater ran twice")
        const updates = (yield* callsTo("UpdateSchedule")).map((call) => call.request as UpdateReq)
        assert.deepStrictEqual(updates.map((u) => tokenOf(u.conflictToken)), [1, 2], "each with its describe's token")
        assert.notStrictEqual(updates[0]!.requestId, updates[1]!.requestId, "a new request ID per attempt")
        const d = yield* handle.describe()
        assert.strictEqual(d.schedule.state.note, "mine", "our change is there")
        assert.deepStrictEqual(
          d.schedule.spec.intervals,
          [{ every: Duration.hours(2), offset: Duration.zero }],
          "and theirs"
        )
      }))

    it.effect(`gives up after maxAttempts when the schedule keeps changing (stale update: ${stale})`, () =>
      Effect.gen(function*() {
        const { callsTo, client, state } = yield* setup(stale)
        const handle = yield* client.createSchedule("s-1", base)
        let n = 0
        state.interloper = (id) => {
          const held = state.schedules.get(id)!
          state.schedules.set(id, {
            schedule: { ...held.schedule, state: { ...held.schedule.state, notes: `other ${n++}` } },
            token: held.token + 1
          })
        }
        const runs = yield* Ref.make<ReadonlyArray<string | undefined>>([])
        const error = yield* Effect.flip(handle.update(setNote("mine", runs), { maxAttempts: 3 }))
        assert.strictEqual(error._tag, "ScheduleUpdateConflictError")
        if (error._tag === "ScheduleUpdateConflictError") {
          assert.instanceOf(error, ScheduleUpdateConflictError)
          assert.strictEqual(error.scheduleId, "s-1")
          assert.strictEqual(error.attempts, 3)
          assert.strictEqual(error.message, "Schedule s-1 changed concurrently on each of 3 update attempts")
          if (stale === "refuse") {
            // the server's last refusal is kept as the cause
            assert.instanceOf(error.cause, RpcError)
            assert.strictEqual((error.cause as RpcError).code, "FAILED_PRECONDITION")
            assert.match((error.cause as RpcError).message, /mismatched conflict token/)
          } else {
            assert.isUndefined(error.cause, "a silently dropped update leaves no server error")
          }
        }
        // caught by its tag
        const caught = yield* handle.update(setNote("mine", runs), { maxAttempts: 1 }).pipe(
          Effect.as("applied"),
          Effect.catchTag("ScheduleUpdateConflictError", (e) => Effect.succeed(`gave up after ${e.attempts}`))
        )
        assert.strictEqual(caught, "gave up after 1")
        assert.strictEqual((yield* Ref.get(runs)).length, 4)
        assert.strictEqual((yield* callsTo("UpdateSchedule")).length, 4)
      }))
  }

  it.effect("an applied update changed again before the check is not sent twice", () =>
    Effect.gen(function*() {
      const { callsTo, client, state } = yield* setup("drop")
      const handle = yield* client.createSchedule("s-1", base)
      // Our update lands; another writer (who read it) changes the interval
      // before our confirming describe. The schedule is not what we sent, so
      // the updater runs again on it, finds its change there, and nothing
      // more is sent.
      state.interloper = () => {
        state.interloper = undefined
        state.beforeDescribe = (id) => {
          state.beforeDescribe = undefined
          changeInterval(state, id)
        }
      }
      const runs = yield* Ref.make<ReadonlyArray<string | undefined>>([])
      yield* handle.update(setNote("mine", runs))
      assert.deepStrictEqual(yield* Ref.get(runs), ["initial", "mine"])
      assert.strictEqual((yield* callsTo("UpdateSchedule")).length, 1)
      const d = yield* handle.describe()
      assert.strictEqual(d.schedule.state.note, "mine")
      assert.deepStrictEqual(d.schedule.spec.intervals, [{ every: Duration.hours(2), offset: Duration.zero }])
    }))

  it.effect("a server that rewrites what it stores costs one more describe, not a failure", () =>
    Effect.gen(function*() {
      const { callsTo, client, state } = yield* setup("drop")
      const handle = yield* client.createSchedule("s-1", base)
      // e.g. a server that raises the catch-up window to its own minimum
      state.normalize = (schedule) => ({
        ...schedule,
        policies: { ...schedule.policies, catchupWindow: durationToProto("1 day") }
      })
      const runs = yield* Ref.make<ReadonlyArray<string | undefined>>([])
      yield* handle.update(setNote("mine", runs))
      assert.deepStrictEqual(yield* Ref.get(runs), ["initial", "mine"], "run again, it finds its change in place")
      assert.strictEqual((yield* callsTo("UpdateSchedule")).length, 1)
      assert.strictEqual((yield* handle.describe()).schedule.state.note, "mine")
    }))

  it.effect("an updater that returns nothing sends nothing; one that fails fails the update", () =>
    Effect.gen(function*() {
      const { callsTo, client } = yield* setup()
      const handle = yield* client.createSchedule("s-1", base)
      yield* handle.update(() => Effect.void)
      const error = yield* Effect.flip(handle.update(() => Effect.fail({ _tag: "Mine" } as const)))
      assert.deepStrictEqual(error, { _tag: "Mine" })
      const invalid = yield* Effect.flip(
        handle.update(({ description }) =>
          Effect.succeed({ schedule: { ...description.schedule, spec: { intervals: [{ every: "0 seconds" }] } } })
        )
      )
      assert.strictEqual(invalid._tag, "InvalidArgumentError")
      if (invalid._tag === "InvalidArgumentError") assert.strictEqual(invalid.field, "schedule.spec.intervals[0].every")
      const zero = yield* Effect.flip(handle.update(() => Effect.void, { maxAttempts: 0 }))
      assert.strictEqual(zero._tag, "InvalidArgumentError")
      assert.strictEqual((yield* callsTo("UpdateSchedule")).length, 0)
    }))

  it.effect("search attributes are sent only when the updater gives them", () =>
    Effect.gen(function*() {
      const { callsTo, client } = yield* setup()
      const handle = yield* client.createSchedule("s-1", base)
      const keep = ({ description }: Schedule.ScheduleUpdateInput) => Effect.succeed({ schedule: description.schedule })
      yield* handle.update(keep)
      yield* handle.update(({ description }) =>
        Effect.succeed({ schedule: description.schedule, searchAttributes: { CustomKeywordField: "k" } })
      )
      const updates = (yield* callsTo("UpdateSchedule")).map((call) => call.request as UpdateReq)
      assert.isNull(updates[0]!.searchAttributes ?? null)
      assert.deepStrictEqual(Object.keys(updates[1]!.searchAttributes?.indexedFields ?? {}), ["CustomKeywordField"])
    }))
})

describe("ScheduleClient and ScheduleHandle", () => {
  it.effect("createSchedule sends the schedule, memo, search attributes and initial patch", () =>
    Effect.gen(function*() {
      const { callsTo, client, dataConverter } = yield* setup()
      const startAt = new Date("2024-01-01T00:00:00Z")
      const endAt = new Date("2024-01-01T01:00:00Z")
      const handle = yield* client.createSchedule("s-1", { ...base, policy: { overlap: "BufferOne" } }, {
        triggerImmediately: true,
        backfill: [{ startAt, endAt, overlap: "AllowAll" }],
        memo: { team: "ops" },
        searchAttributes: { CustomKeywordField: "k" }
      })
      assert.strictEqual(handle.id, "s-1")
      const request = (yield* callsTo("CreateSchedule"))[0]!.request as CreateReq
      assert.strictEqual(request.namespace, "ns-1")
      assert.strictEqual(request.scheduleId, "s-1")
      assert.strictEqual(request.identity, "tester@host")
      assert.isString(request.requestId)
      assert.strictEqual(request.schedule?.action?.startWorkflow?.workflowType?.name, "report")
      assert.deepStrictEqual(
        yield* dataConverter.fromPayloads(request.schedule?.action?.startWorkflow?.input?.payloads),
        ["daily"]
      )
      assert.strictEqual(request.schedule?.policies?.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE)
      assert.strictEqual(
        request.initialPatch?.triggerImmediately?.overlapPolicy,
        Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE
      )
      assert.strictEqual(request.initialPatch?.backfillRequest?.length, 1)
      assert.strictEqual(
        request.initialPatch?.backfillRequest?.[0]?.overlapPolicy,
        Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL
      )
      assert.deepStrictEqual(yield* dataConverter.fromPayload(request.memo!.fields!["team"]!), "ops")
      assert.deepStrictEqual(Object.keys(request.searchAttributes?.indexedFields ?? {}), ["CustomKeywordField"])
    }))

  it.effect("createSchedule: an existing ID is ScheduleAlreadyRunningError; bad input fails before any RPC", () =>
    Effect.gen(function*() {
      const { callsTo, client } = yield* setup()
      yield* client.createSchedule("s-1", base)
      const error = yield* Effect.flip(client.createSchedule("s-1", base))
      assert.strictEqual(error._tag, "ScheduleAlreadyRunningError")
      if (error._tag === "ScheduleAlreadyRunningError") assert.strictEqual(error.scheduleId, "s-1")
      const bad = yield* Effect.flip(client.createSchedule("s-2", { ...base, spec: { calendars: [{ hour: 24 }] } }))
      assert.strictEqual(bad._tag, "InvalidArgumentError")
      if (bad._tag === "InvalidArgumentError") assert.strictEqual(bad.field, "schedule.spec.calendars[0].hour[0].start")
      const badBackfill = yield* Effect.flip(client.createSchedule("s-3", base, {
        backfill: [{ startAt: new Date(2000), endAt: new Date(1000) }]
      }))
      assert.strictEqual(badBackfill._tag, "InvalidArgumentError")
      if (badBackfill._tag === "InvalidArgumentError") assert.strictEqual(badBackfill.field, "backfill[0].endAt")
      const noId = yield* Effect.flip(client.createSchedule("", base))
      assert.strictEqual(noId._tag, "InvalidArgumentError")
      assert.strictEqual((yield* callsTo("CreateSchedule")).length, 2)
    }))

  it.effect("pause, unpause, trigger, backfill and delete send their patches; interceptors see every call", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<ReadonlyArray<string>>([])
      const names = [
        "createSchedule",
        "describeSchedule",
        "updateSchedule",
        "patchSchedule",
        "deleteSchedule",
        "listSchedules"
      ] as const
      const interceptor = Object.fromEntries(names.map((name) => [
        name,
        (input: { readonly call: string }, next: (input: never) => Effect.Effect<unknown>) =>
          Effect.andThen(Ref.update(seen, (all) => [...all, input.call]), next(input as never))
      ])) as unknown as ClientInterceptor
      const { callsTo, client } = yield* setup("refuse", [interceptor])
      const handle = yield* client.createSchedule("s-1", base)
      yield* handle.pause()
      yield* handle.unpause()
      yield* handle.pause("with a note", { rpcMetadata: { "x-call": "pause" } })
      yield* handle.unpause("back")
      yield* handle.trigger()
      yield* handle.trigger({ overlap: "TerminateOther" })
      const startAt = new Date("2024-01-01T00:00:00Z")
      yield* handle.backfill(
        { startAt, endAt: new Date("2024-01-01T02:00:00Z") },
        { startAt, endAt: startAt, overlap: "BufferAll" }
      )
      const emptyBackfill = yield* Effect.flip(handle.backfill())
      assert.strictEqual(emptyBackfill._tag, "InvalidArgumentError")
      yield* handle.update(({ description }) => Effect.succeed({ schedule: description.schedule }))
      yield* Stream.runDrain(client.listSchedules())
      yield* handle.delete()

      const patchCalls = yield* callsTo("PatchSchedule")
      const patches = patchCalls.map((call) => (call.request as PatchReq).patch!)
      assert.deepStrictEqual(patches.slice(0, 4).map((p) => [p.pause, p.unpause]), [
        ["Paused via effect-temporal", ""],
        ["", "Unpaused via effect-temporal"],
        ["with a note", ""],
        ["", "back"]
      ])
      assert.strictEqual(patchCalls[2]!.metadata["x-call"], "pause")
      assert.strictEqual(patches[4]!.triggerImmediately?.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED)
      assert.strictEqual(patches[5]!.triggerImmediately?.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER)
      const backfills = patches[6]!.backfillRequest!
      assert.strictEqual(backfills.length, 2)
      assert.strictEqual(Number(backfills[0]!.startTime!.seconds), startAt.getTime() / 1000)
      assert.strictEqual(Number(backfills[0]!.endTime!.seconds), startAt.getTime() / 1000 + 7200)
      assert.strictEqual(backfills[0]!.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED)
      assert.strictEqual(backfills[1]!.overlapPolicy, Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL)
      const requestIds = patchCalls.map((call) => (call.request as PatchReq).requestId)
      assert.strictEqual(new Set(requestIds).size, requestIds.length, "a request ID per patch")
      assert.deepStrictEqual(new Set(yield* Ref.get(seen)), new Set(names), "every schedule call is intercepted")
    }))

  it.effect("a missing schedule is ScheduleNotFoundError for every handle call", () =>
    Effect.gen(function*() {
      const { client } = yield* setup()
      const handle = client.getScheduleHandle("missing")
      const errors = yield* Effect.all([
        Effect.flip(handle.describe()),
        Effect.flip(handle.update(({ description }) => Effect.succeed({ schedule: description.schedule }))),
        Effect.flip(handle.pause()),
        Effect.flip(handle.unpause()),
        Effect.flip(handle.trigger()),
        Effect.flip(handle.backfill({ startAt: new Date(0), endAt: new Date(1000) })),
        Effect.flip(handle.delete())
      ])
      for (const error of errors) {
        assert.strictEqual(error._tag, "ScheduleNotFoundError")
        if (error._tag === "ScheduleNotFoundError") assert.strictEqual(error.scheduleId, "missing")
      }
    }))

  it.effect("listSchedules follows pages, with the query and page size; limit stops early", () =>
    Effect.gen(function*() {
      const { callsTo, client } = yield* setup()
      yield* Effect.forEach(["a", "b", "c", "d", "e"], (id) => client.createSchedule(id, base), { discard: true })
      const all = yield* Stream.runCollect(
        client.listSchedules({ pageSize: 2, query: "TemporalSchedulePaused = false" })
      )
      assert.deepStrictEqual(all.map((s) => s.id), ["a", "b", "c", "d", "e"])
      assert.strictEqual(all[0]!.schedule?.action.workflow, "wf")
      const requests = (yield* callsTo("ListSchedules")).map((call) => call.request as ListReq)
      assert.strictEqual(requests.length, 3)
      assert.isTrue(requests.every((r) => r.query === "TemporalSchedulePaused = false" && r.maximumPageSize === 2))
      const limited = yield* Stream.runCollect(client.listSchedules({ pageSize: 2, limit: 3 }))
      assert.strictEqual(limited.length, 3)
      assert.strictEqual((yield* callsTo("ListSchedules")).length, 5, "two more pages, not three")
    }))
})
