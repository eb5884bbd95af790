/**
 * Every error of the workflow client, triggered for real against the dev server.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type * as ClientInterceptors from "../../src/ClientInterceptors.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { clientLayer, startWorker, withClient } from "../support/client.js"
import { ContinueAsNewTwice, Echo, LongRunning, SignalQueryUpdate } from "../support/definitions.js"
import { freshId } from "../support/worker.js"

describe("workflow client errors", () => {
  it.live("WorkflowAlreadyStartedError carries the running run's ID", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("dup")
      const first = yield* client.startWorkflow(LongRunning, { id, taskQueue, args: [60_000] })
      const error = yield* Effect.flip(client.startWorkflow(LongRunning, { id, taskQueue, args: [1] }))
      assert.strictEqual(error._tag, "WorkflowAlreadyStartedError")
      if (error._tag === "WorkflowAlreadyStartedError") {
        assert.strictEqual(error.runId, first.resultRunId)
        assert.strictEqual(error.workflowId, id)
        assert.strictEqual(error.workflowType, "longRunning")
      }
      yield* first.terminate()
    })))

  it.live("WorkflowNotFoundError from every handle call on an unknown ID", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("missing")
      const handle = client.getWorkflowHandleFor(SignalQueryUpdate, id)
      const errors = yield* Effect.all([
        Effect.flip(handle.describe()),
        Effect.flip(handle.signal("finish")),
        Effect.flip(handle.query("status")),
        Effect.flip(handle.cancel()),
        Effect.flip(handle.terminate()),
        Effect.flip(handle.result()),
        Effect.flip(handle.executeUpdate("rename", "x")),
        Effect.flip(Stream.runDrain(handle.fetchHistory()))
      ])
      for (const error of errors) {
        assert.strictEqual(error._tag, "WorkflowNotFoundError")
        if (error._tag === "WorkflowNotFoundError") {
          assert.strictEqual(error.workflowId, id)
          assert.strictEqual(error.namespace, "default")
        }
      }
      const byRun = yield* Effect.flip(
        client.getWorkflowHandle(id, { runId: "3a0b1a56-0000-4000-8000-000000000000" }).describe()
      )
      assert.strictEqual(byRun._tag, "WorkflowNotFoundError")
      if (byRun._tag === "WorkflowNotFoundError") {
        assert.strictEqual(byRun.runId, "3a0b1a56-0000-4000-8000-000000000000")
      }
    })))

  it.live("WorkflowFailedError with a TimeoutFailure when the execution timeout passes", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(LongRunning, {
        id: freshId("timeout"),
        taskQueue,
        args: [60_000],
        executionTimeout: "1 second"
      })
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "WorkflowFailedError")
      if (error._tag === "WorkflowFailedError") {
        assert.strictEqual(error.runId, handle.resultRunId)
        assert.strictEqual(error.retryState, "RETRY_STATE_TIMEOUT")
        const cause = error.cause as { _tag: string; timeoutType: string }
        assert.strictEqual(cause._tag, "TimeoutFailure")
        assert.strictEqual(cause.timeoutType, "TIMEOUT_TYPE_START_TO_CLOSE")
      }
    })))

  it.live("WorkflowContinuedAsNewError when not following runs", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(ContinueAsNewTwice, { id: freshId("can"), taskQueue, args: [0] })
      const error = yield* Effect.flip(handle.result({ followRuns: false }))
      assert.strictEqual(error._tag, "WorkflowContinuedAsNewError")
      if (error._tag === "WorkflowContinuedAsNewError") {
        assert.strictEqual(error.runId, handle.resultRunId)
        const next = client.getWorkflowHandleFor(ContinueAsNewTwice, handle.workflowId, {
          runId: error.newExecutionRunId
        })
        assert.strictEqual(yield* next.result(), "done after 2")
      }
    })))

  it.live("QueryRejectedError with reject condition NotOpen on a completed workflow; QueryFailedError for an unknown query", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const id = freshId("query")
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id, taskQueue, args: ["q"] })
      const untyped = client.getWorkflowHandle(id)
      const unknown = yield* Effect.flip(untyped.query("noSuchQuery"))
      assert.strictEqual(unknown._tag, "QueryFailedError")
      if (unknown._tag === "QueryFailedError") {
        assert.strictEqual(unknown.queryType, "noSuchQuery")
        assert.include(unknown.reason, "noSuchQuery")
      }
      yield* handle.signal("finish")
      yield* handle.result()
      // Without a reject condition a closed workflow is still queried...
      assert.strictEqual(yield* handle.query("status"), "finished")
      // ...with NotOpen it is rejected.
      const rejected = yield* Effect.flip(handle.queryWithOptions("status", { args: [], rejectCondition: "NotOpen" }))
      assert.strictEqual(rejected._tag, "QueryRejectedError")
      if (rejected._tag === "QueryRejectedError") {
        assert.strictEqual(rejected.status, "WORKFLOW_EXECUTION_STATUS_COMPLETED")
        assert.strictEqual(rejected.queryType, "status")
        assert.strictEqual(rejected.workflowId, id)
      }
    })))

  it.live("the client's defaultQueryRejectCondition applies when a query gives none", () =>
    withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorker()
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("echo")
        assert.strictEqual(yield* client.executeWorkflow(Echo, { id, taskQueue, args: [1] }), 1)
        const error = yield* Effect.flip(client.getWorkflowHandle(id).query("anything"))
        assert.strictEqual(error._tag, "QueryRejectedError")
        // A query's own condition wins over the client's.
        const failed = yield* Effect.flip(
          client.getWorkflowHandle(id).queryWithOptions("anything", { args: [], rejectCondition: "None" })
        )
        assert.strictEqual(failed._tag, "QueryFailedError")
      }),
      { defaultQueryRejectCondition: "NotOpen" }
    ))

  it.live("WorkflowUpdateFailedError when the validator rejects the update", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow(SignalQueryUpdate, { id: freshId("upd"), taskQueue, args: ["a"] })
      const error = yield* Effect.flip(handle.executeUpdate("rename", ""))
      assert.strictEqual(error._tag, "WorkflowUpdateFailedError")
      if (error._tag === "WorkflowUpdateFailedError") {
        assert.strictEqual(error.updateName, "rename")
        assert.strictEqual(error.workflowId, handle.workflowId)
        assert.include(error.cause?.message, "name must not be empty")
      }
      yield* handle.terminate()
    })))

  it.live("InvalidArgumentError for bad options, before any RPC", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const counting: ClientInterceptors.ClientInterceptor = {
        startWorkflow: (input, next) => Effect.andThen(Ref.update(calls, (n) => n + 1), next(input)),
        signalWithStartWorkflow: (input, next) => Effect.andThen(Ref.update(calls, (n) => n + 1), next(input)),
        startUpdateWithStart: (input, next) => Effect.andThen(Ref.update(calls, (n) => n + 1), next(input)),
        startWorkflowUpdate: (input, next) => Effect.andThen(Ref.update(calls, (n) => n + 1), next(input))
      }
      yield* withClient(
        Effect.gen(function*() {
          const client = yield* TemporalClient.TemporalClient
          const id = freshId("bad")
          const bad: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string }>> = [
            client.startWorkflow(Echo, { id: "", taskQueue: "tq", args: [1] }),
            client.startWorkflow(Echo, { id, taskQueue: "", args: [1] }),
            client.startWorkflow(Echo, { id, taskQueue: "tq", args: [1], cronSchedule: "every minute" }),
            client.startWorkflow(Echo, { id, taskQueue: "tq", args: [1], executionTimeout: -1 }),
            client.startWorkflow(Echo, { id, taskQueue: "tq", args: [1], retryPolicy: { backoffCoefficient: 0.5 } }),
            client.startWorkflow(Echo, {
              id,
              taskQueue: "tq",
              args: [1],
              cronSchedule: "@hourly",
              startDelay: "1 second"
            }),
            client.startWorkflow(SignalQueryUpdate, {
              id,
              taskQueue: "tq",
              args: ["a"],
              startSignal: "finish",
              idConflictPolicy: "Fail"
            }),
            client.startUpdateWithStart("rename", {
              args: ["x"],
              startWorkflowOperation: TemporalClient.withStartWorkflowOperation(SignalQueryUpdate, {
                id,
                taskQueue: "tq",
                args: ["a"],
                idConflictPolicy: undefined as never
              })
            }),
            client.getWorkflowHandleFor(SignalQueryUpdate, id).startUpdate("rename", {
              args: ["x"],
              waitForStage: "Admitted"
            })
          ]
          for (const attempt of bad) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", String(error))
          }
        }),
        { interceptors: [counting] }
      )
      assert.strictEqual(yield* Ref.get(calls), 0, "no start or update RPC was made")
    }))

  it.live("a namespace that does not exist: connecting fails with NamespaceNotFoundError; lazily, each call does", () =>
    Effect.gen(function*() {
      const namespace = freshId("no-such-namespace")
      const connect = (extra: TemporalClient.ConnectOptions) =>
        Layer.build(Layer.fresh(clientLayer({ namespace, ...extra })))
      const eager = yield* Effect.flip(Effect.scoped(connect({})))
      assert.strictEqual(eager._tag, "NamespaceNotFoundError", String(eager))
      if (eager._tag === "NamespaceNotFoundError") assert.strictEqual(eager.namespace, namespace)

      const client = Context.get(yield* connect({ lazy: true }), TemporalClient.TemporalClient)
      const handle = client.getWorkflowHandle("w")
      // The README's handler of a missing workflow does not swallow a misconfigured namespace.
      const readme = yield* Effect.flip(
        handle.result().pipe(
          Effect.catchTags({
            WorkflowFailedError: () => Effect.succeed("failed"),
            WorkflowNotFoundError: () => Effect.succeed("gone")
          })
        )
      )
      assert.strictEqual(readme._tag, "NamespaceNotFoundError")
      const errors = yield* Effect.all([
        Effect.flip(handle.describe()),
        Effect.flip(handle.signal("s")),
        Effect.flip(handle.cancel()),
        Effect.flip(client.startWorkflow("echo", { id: "w", taskQueue: "q", args: [] })),
        Effect.flip(Stream.runDrain(client.listWorkflows()))
      ])
      for (const error of errors) assert.strictEqual(error._tag, "NamespaceNotFoundError", String(error))
    }).pipe(Effect.scoped))

  it.live("a workflow ID that is not valid Unicode (a lone surrogate) is refused at once, not retried as a server INTERNAL", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const id = `${freshId("half")}-\uD83D`
      const started = Date.now()
      const errors = yield* Effect.all([
        Effect.flip(client.startWorkflow(Echo, { id, taskQueue: "tq", args: [1] })),
        Effect.flip(client.getWorkflowHandle(id).describe()),
        Effect.flip(client.getWorkflowHandle(id).signal("s")),
        Effect.flip(client.getWorkflowHandle(id).result())
      ])
      for (const error of errors) {
        assert.strictEqual(error._tag, "InvalidArgumentError", String(error))
        if (error._tag === "InvalidArgumentError") assert.include(error.reason, "lone UTF-16 surrogate")
      }
      assert.isBelow(Date.now() - started, 1_000)
    })))
})
