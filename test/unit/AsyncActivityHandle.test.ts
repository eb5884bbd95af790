import { assert, describe, it } from "@effect/vitest"
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as AsyncActivityHandle from "../../src/AsyncActivityHandle.js"
import type { ClientInterceptor } from "../../src/ClientInterceptors.js"
import { ApplicationFailure } from "../../src/Failure.js"
import { make as makeAsyncActivityHandle } from "../../src/internal/asyncActivityHandle.js"
import type * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { fakeClientContext } from "../support/fakeContext.js"

type Req = temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatRequest
type ReqById = temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdRequest
type FailReq = temporal.api.workflowservice.v1.IRespondActivityTaskFailedRequest
type FailByIdReq = temporal.api.workflowservice.v1.IRespondActivityTaskFailedByIdRequest
type CompleteReq = temporal.api.workflowservice.v1.IRespondActivityTaskCompletedRequest
type CancelByIdReq = temporal.api.workflowservice.v1.IRespondActivityTaskCanceledByIdRequest

const token = new Uint8Array([1, 2, 3, 4])
const byId = { workflowId: "wf-1", runId: "run-1", activityId: "act-1" }
const notFound = { code: "NOT_FOUND", message: "invalid activityID or activity already timed out" } as const

const setup = fakeClientContext

/** Every activity RPC, answering OK with `answer` for the heartbeats. */
const allOk = (answer: object = {}): FakeGrpcServer.FakeServices => ({
  workflowService: {
    recordActivityTaskHeartbeat: () => Effect.succeed(answer),
    recordActivityTaskHeartbeatById: () => Effect.succeed(answer),
    respondActivityTaskCompleted: () => Effect.succeed({}),
    respondActivityTaskCompletedById: () => Effect.succeed({}),
    respondActivityTaskFailed: () => Effect.succeed({}),
    respondActivityTaskFailedById: () => Effect.succeed({}),
    respondActivityTaskCanceled: () => Effect.succeed({}),
    respondActivityTaskCanceledById: () => Effect.succeed({})
  }
})

const allNotFound: FakeGrpcServer.FakeServices = {
  workflowService: {
    recordActivityTaskHeartbeat: () => Effect.fail(notFound),
    recordActivityTaskHeartbeatById: () => Effect.fail(notFound),
    respondActivityTaskCompleted: () => Effect.fail(notFound),
    respondActivityTaskCompletedById: () => Effect.fail(notFound),
    respondActivityTaskFailed: () => Effect.fail(notFound),
    respondActivityTaskFailedById: () => Effect.fail(notFound),
    respondActivityTaskCanceled: () => Effect.fail(notFound),
    respondActivityTaskCanceledById: () => Effect.fail(notFound)
  }
}

describe("AsyncActivityHandle", () => {
  it.effect("heartbeats by token with the details, namespace, identity and per-call metadata", () =>
    Effect.gen(function*() {
      const { server, context, dataConverter } = yield* setup(allOk())
      const handle = makeAsyncActivityHandle(context, { taskToken: token })
      assert.deepStrictEqual(handle.taskToken, token)
      assert.isUndefined(handle.workflowId)
      yield* handle.heartbeat("progress", { step: 2 })
      yield* handle.heartbeatWithOptions({ details: [3], rpcMetadata: { "x-call": "hb" } })
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((call) => call.method), [
        "RecordActivityTaskHeartbeat",
        "RecordActivityTaskHeartbeat"
      ])
      const request = calls[0]!.request as Req
      assert.deepStrictEqual(Array.from(request.taskToken!), Array.from(token))
      assert.strictEqual(request.namespace, "ns-1")
      assert.strictEqual(request.identity, "tester@host")
      assert.deepStrictEqual(yield* dataConverter.fromPayloads(request.details?.payloads), ["progress", { step: 2 }])
      assert.strictEqual(calls[1]!.metadata["x-call"], "hb")
      assert.strictEqual(calls[1]!.metadata["temporal-namespace"], "ns-1")
    }))

  it.effect("heartbeats by ID with the workflow, run and activity IDs", () =>
    Effect.gen(function*() {
      const { server, context } = yield* setup(allOk())
      const handle = makeAsyncActivityHandle(context, byId)
      assert.strictEqual(handle.activityId, "act-1")
      assert.isUndefined(handle.taskToken)
      yield* handle.heartbeat()
      yield* makeAsyncActivityHandle(context, { workflowId: "wf-2", activityId: "a" }).heartbeat()
      const calls = yield* server.calls
      const request = calls[0]!.request as ReqById
      assert.strictEqual(calls[0]!.method, "RecordActivityTaskHeartbeatById")
      assert.strictEqual(request.workflowId, "wf-1")
      assert.strictEqual(request.runId, "run-1")
      assert.strictEqual(request.activityId, "act-1")
      assert.strictEqual(request.identity, "tester@host")
      assert.strictEqual(request.namespace, "ns-1")
      assert.strictEqual((calls[1]!.request as ReqById).runId, "", "no run ID: the current run")
    }))

  for (
    const [answer, reason] of [
      [{ cancelRequested: true }, "CancelRequested"],
      [{ activityPaused: true }, "Paused"],
      [{ activityReset: true }, "Reset"],
      [{ activityPaused: true, activityReset: true }, "Reset"],
      [{ cancelRequested: true, activityPaused: true, activityReset: true }, "CancelRequested"]
    ] as const
  ) {
    it.effect(`a heartbeat answered ${JSON.stringify(answer)} fails with ${reason}, by token and by ID`, () =>
      Effect.gen(function*() {
        const { context } = yield* setup(allOk(answer))
        for (const target of [{ taskToken: token }, byId]) {
          const error = yield* Effect.flip(makeAsyncActivityHandle(context, target).heartbeat("x"))
          assert.strictEqual(error._tag, "AsyncActivityCancelledError")
          if (error._tag === "AsyncActivityCancelledError") assert.strictEqual(error.reason, reason)
        }
      }))
  }

  it("cancelReasonOf reads the heartbeat answer", () => {
    assert.isUndefined(AsyncActivityHandle.cancelReasonOf({}))
    assert.isUndefined(
      AsyncActivityHandle.cancelReasonOf({ cancelRequested: false, activityPaused: false, activityReset: false })
    )
    assert.strictEqual(AsyncActivityHandle.cancelReasonOf({ activityReset: true }), "Reset")
  })

  it.effect("completes by token and by ID with the result as one payload", () =>
    Effect.gen(function*() {
      const { server, context, dataConverter } = yield* setup(allOk())
      yield* makeAsyncActivityHandle(context, { taskToken: token }).complete({ ok: true })
      yield* makeAsyncActivityHandle(context, byId).complete()
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((call) => call.method), [
        "RespondActivityTaskCompleted",
        "RespondActivityTaskCompletedById"
      ])
      const first = calls[0]!.request as CompleteReq
      assert.deepStrictEqual(yield* dataConverter.fromPayloads(first.result?.payloads), [{ ok: true }])
      assert.strictEqual(first.identity, "tester@host")
      const second = calls[1]!.request as temporal.api.workflowservice.v1.IRespondActivityTaskCompletedByIdRequest
      assert.strictEqual(second.result?.payloads?.length, 1, "undefined still travels as one binary/null payload")
      assert.deepStrictEqual(yield* dataConverter.fromPayloads(second.result?.payloads), [undefined])
      assert.strictEqual(second.activityId, "act-1")
    }))

  it.effect("fails with the converted failure and the last heartbeat details", () =>
    Effect.gen(function*() {
      const { server, context, dataConverter } = yield* setup(allOk())
      yield* makeAsyncActivityHandle(context, { taskToken: token }).fail(
        ApplicationFailure.make({ message: "boom", type: "Boom", nonRetryable: true, details: [7] }),
        { lastHeartbeatDetails: ["at step 3"] }
      )
      yield* makeAsyncActivityHandle(context, byId).fail(new Error("plain error"))
      const calls = yield* server.calls
      const first = calls[0]!.request as FailReq
      assert.strictEqual(calls[0]!.method, "RespondActivityTaskFailed")
      assert.strictEqual(first.failure?.message, "boom")
      assert.strictEqual(first.failure?.applicationFailureInfo?.type, "Boom")
      assert.isTrue(first.failure?.applicationFailureInfo?.nonRetryable)
      assert.deepStrictEqual(
        yield* dataConverter.fromPayloads(first.failure?.applicationFailureInfo?.details?.payloads),
        [7]
      )
      assert.deepStrictEqual(yield* dataConverter.fromPayloads(first.lastHeartbeatDetails?.payloads), ["at step 3"])
      const second = calls[1]!.request as FailByIdReq
      assert.strictEqual(calls[1]!.method, "RespondActivityTaskFailedById")
      assert.strictEqual(second.failure?.message, "plain error")
      assert.strictEqual(second.failure?.applicationFailureInfo?.type, "Error")
      assert.strictEqual(second.workflowId, "wf-1")
      assert.isNull(second.lastHeartbeatDetails ?? null)
      const decoded = yield* dataConverter.fromFailure(first.failure!)
      assert.strictEqual(decoded._tag, "ApplicationFailure")
    }))

  it.effect("reports cancellation with details, by token and by ID", () =>
    Effect.gen(function*() {
      const { server, context, dataConverter } = yield* setup(allOk())
      yield* makeAsyncActivityHandle(context, { taskToken: token }).reportCancellation("stopped", 1)
      yield* makeAsyncActivityHandle(context, byId).reportCancellationWithOptions({
        details: ["by id"],
        rpcTimeout: "5 seconds"
      })
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((call) => call.method), [
        "RespondActivityTaskCanceled",
        "RespondActivityTaskCanceledById"
      ])
      const first = calls[0]!.request as temporal.api.workflowservice.v1.IRespondActivityTaskCanceledRequest
      assert.deepStrictEqual(yield* dataConverter.fromPayloads(first.details?.payloads), ["stopped", 1])
      const second = calls[1]!.request as CancelByIdReq
      assert.deepStrictEqual(yield* dataConverter.fromPayloads(second.details?.payloads), ["by id"])
    }))

  it.effect("NOT_FOUND is ActivityNotFoundError for every call, by token and by ID", () =>
    Effect.gen(function*() {
      const { context } = yield* setup(allNotFound)
      for (const target of [{ taskToken: token }, byId]) {
        const handle = makeAsyncActivityHandle(context, target)
        const errors = yield* Effect.all([
          Effect.flip(handle.heartbeat()),
          Effect.flip(handle.complete("r")),
          Effect.flip(handle.fail(new Error("x"))),
          Effect.flip(handle.reportCancellation())
        ])
        for (const error of errors) {
          assert.strictEqual(error._tag, "ActivityNotFoundError")
          if (error._tag === "ActivityNotFoundError" && "workflowId" in target) {
            assert.include(error.description, "act-1")
            assert.include(error.description, "wf-1")
          }
        }
      }
    }))

  it.effect("other failures stay RpcError", () =>
    Effect.gen(function*() {
      const { context } = yield* setup({
        workflowService: {
          recordActivityTaskHeartbeat: () =>
            Effect.fail({ code: "INVALID_ARGUMENT", message: "Error deserializing task token." } as const)
        }
      })
      const error = yield* Effect.flip(makeAsyncActivityHandle(context, { taskToken: token }).heartbeat())
      assert.strictEqual(error._tag, "RpcError")
      if (error._tag === "RpcError") assert.strictEqual(error.code, "INVALID_ARGUMENT")
    }))

  it.effect("an empty token or ID fails with InvalidArgumentError before any RPC", () =>
    Effect.gen(function*() {
      const { server, context } = yield* setup(allOk())
      const targets: ReadonlyArray<[AsyncActivityHandle.AsyncActivityTarget, string]> = [
        [{ taskToken: new Uint8Array() }, "taskToken"],
        [{ workflowId: "", activityId: "a" }, "workflowId"],
        [{ workflowId: "w", activityId: "" }, "activityId"]
      ]
      for (const [target, field] of targets) {
        const error = yield* Effect.flip(makeAsyncActivityHandle(context, target).complete(1))
        assert.strictEqual(error._tag, "InvalidArgumentError")
        if (error._tag === "InvalidArgumentError") assert.strictEqual(error.field, field)
      }
      assert.strictEqual((yield* server.calls).length, 0)
    }))

  it.effect("every call goes through the interceptors under its name, which may change the request", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const record = (name: string) => (input: { readonly call: string }, next: (i: never) => unknown) => {
        seen.push(`${name}:${input.call}`)
        return next(input as never)
      }
      const interceptor = {
        heartbeatActivity: record("i"),
        heartbeatActivityById: (input, next) => {
          seen.push(`i:${input.call}`)
          return next({ ...input, options: { ...input.options, rpcMetadata: { "x-intercepted": "yes" } } })
        },
        completeActivity: record("i"),
        completeActivityById: record("i"),
        failActivity: record("i"),
        failActivityById: record("i"),
        reportActivityCancellation: record("i"),
        reportActivityCancellationById: record("i")
      } as ClientInterceptor
      const { server, context } = yield* setup(allOk(), [interceptor])
      for (const target of [{ taskToken: token }, byId]) {
        const handle = makeAsyncActivityHandle(context, target)
        yield* handle.heartbeat()
        yield* handle.complete(1)
        yield* handle.fail(new Error("x"))
        yield* handle.reportCancellation()
      }
      assert.deepStrictEqual(seen, [
        "i:heartbeatActivity",
        "i:completeActivity",
        "i:failActivity",
        "i:reportActivityCancellation",
        "i:heartbeatActivityById",
        "i:completeActivityById",
        "i:failActivityById",
        "i:reportActivityCancellationById"
      ])
      const calls = yield* server.calls
      assert.strictEqual(calls[4]!.metadata["x-intercepted"], "yes")
    }))

  it.effect("an interceptor may answer a heartbeat itself", () =>
    Effect.gen(function*() {
      const { server, context } = yield* setup(allOk(), [{
        heartbeatActivity: () => Effect.succeed({ activityReset: true }) as never
      }])
      const error = yield* Effect.flip(makeAsyncActivityHandle(context, { taskToken: token }).heartbeat())
      assert.strictEqual(error._tag, "AsyncActivityCancelledError")
      assert.strictEqual((yield* server.calls).length, 0)
    }))
})
