/**
 * The contract of standalone Nexus operations, run against every backend: the dev server with the
 * official worker running `test/fixtures/nexus.ts` behind an endpoint, and `InMemoryTemporal`
 * running `memoryNexus.ts`. Every case uses fresh IDs; none waits for a sleeping operation to end on
 * its own, so each runs under `TestClock` as well as live.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Failure from "../../src/Failure.js"
import * as NexusServiceDefinition from "../../src/NexusServiceDefinition.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { freshId } from "../support/worker.js"

/** What a backend gives the suite: how to run a test body, and an endpoint serving `contractNexus`. */
export interface NexusContractBackend {
  /** Provide the client to one test body (and close what it opened). */
  readonly run: <A, E>(
    body: Effect.Effect<A, E, TemporalClient.TemporalClient | Scope.Scope>
  ) => Effect.Effect<A, unknown>
  /** The name of an endpoint whose handler serves `contractNexus`. */
  readonly endpoint: Effect.Effect<string, unknown, Scope.Scope | TemporalClient.TemporalClient>
  /** Run with the live clock (a real server) or `TestClock`. */
  readonly live: boolean
}

const Contract = NexusServiceDefinition.make("contractNexus", {
  operations: {
    echo: { input: Schema.Struct({ text: Schema.String }), output: Schema.Struct({ text: Schema.String }) },
    fail: { input: Schema.String, output: Schema.Never },
    badRequest: { input: Schema.String, output: Schema.Never },
    echoWorkflow: { input: Schema.Unknown, output: Schema.Unknown },
    sleepWorkflow: { input: Schema.Number, output: Schema.String }
  }
})

const timeouts = { scheduleToCloseTimeout: "10 minutes" } as const
const forever = 6_000_000

const eventually = <A, E>(effect: Effect.Effect<A, E>, check: (a: A) => boolean, times = 100) =>
  Effect.filterOrFail(effect, check, () => "not yet" as const).pipe(
    Effect.retry({ schedule: Schedule.spaced("100 millis"), times })
  )

export const nexusContract = (name: string, backend: NexusContractBackend) => {
  const test = (title: string, body: () => Effect.Effect<void, unknown, TemporalClient.TemporalClient | Scope.Scope>) =>
    (backend.live ? it.live : it.effect)(title, () => backend.run(body()))

  const contractClient = Effect.gen(function*() {
    const endpoint = yield* backend.endpoint
    const client = yield* TemporalClient.TemporalClient
    return { client, contract: client.createNexusClient({ endpoint, service: Contract }), endpoint }
  })

  describe(`Nexus contract: ${name}`, () => {
    test("start then result, execute, and describe a completed operation", () =>
      Effect.gen(function*() {
        const { contract } = yield* contractClient
        const handle = yield* contract.startOperation("echo", { text: "hi" }, { id: freshId("nc-echo"), ...timeouts })
        assert.deepStrictEqual(yield* handle.result(), { text: "hi" })
        const described = yield* handle.describe({ includeInput: true, includeOutcome: true })
        assert.strictEqual(described.status, "Completed")
        assert.strictEqual(described.service, "contractNexus")
        assert.strictEqual(described.operation, "echo")
        assert.deepStrictEqual(described.input, { text: "hi" })
        assert.deepStrictEqual(described.result, { text: "hi" })
        const executed = yield* contract.executeOperation("echoWorkflow", [1, 2], { id: freshId("nc-wf"), ...timeouts })
        assert.deepStrictEqual(executed, [1, 2])
      }))

    test("a running ID: Fail refuses, UseExisting answers the running run; after close RejectDuplicate refuses", () =>
      Effect.gen(function*() {
        const { contract } = yield* contractClient
        const id = freshId("nc-dup")
        const first = yield* contract.startOperation("sleepWorkflow", forever, { id, ...timeouts })
        const refused = yield* Effect.flip(contract.startOperation("sleepWorkflow", 1, { id, ...timeouts }))
        assert.strictEqual(refused._tag, "NexusOperationAlreadyStartedError")
        if (refused._tag === "NexusOperationAlreadyStartedError") assert.strictEqual(refused.runId, first.runId)
        const existing = yield* contract.startOperation("sleepWorkflow", 1, {
          id,
          idConflictPolicy: "UseExisting",
          ...timeouts
        })
        assert.strictEqual(existing.runId, first.runId)
        yield* first.terminate({ reason: "done" })
        const terminated = yield* Effect.flip(first.result())
        assert.strictEqual(terminated._tag, "NexusOperationFailedError")
        if (terminated._tag === "NexusOperationFailedError") {
          assert.instanceOf(terminated.cause, Failure.TerminatedFailure)
        }
        const rejected = yield* Effect.flip(
          contract.startOperation("echo", { text: "x" }, { id, idReusePolicy: "RejectDuplicate", ...timeouts })
        )
        assert.strictEqual(rejected._tag, "NexusOperationAlreadyStartedError")
      }))

    test("cancel of an asynchronous operation: result fails with a CanceledFailure", () =>
      Effect.gen(function*() {
        const { contract } = yield* contractClient
        const handle = yield* contract.startOperation("sleepWorkflow", forever, {
          id: freshId("nc-cancel"),
          ...timeouts
        })
        yield* eventually(handle.describe(), (d) => d.state === "Started")
        yield* handle.cancel({ reason: "not needed" })
        const error = yield* Effect.flip(handle.result())
        assert.strictEqual(error._tag, "NexusOperationFailedError")
        if (error._tag === "NexusOperationFailedError") assert.instanceOf(error.cause, Failure.CanceledFailure)
        const described = yield* eventually(handle.describe(), (d) => d.status === "Canceled")
        assert.strictEqual(described.cancelReason, "not needed")
      }))

    test("handler failures: an operation error and a handler error, typed", () =>
      Effect.gen(function*() {
        const { contract } = yield* contractClient
        const failed = yield* Effect.flip(
          contract.executeOperation("fail", "declined", { id: freshId("nc-fail"), ...timeouts })
        )
        assert.strictEqual(failed._tag, "NexusOperationFailedError")
        if (failed._tag === "NexusOperationFailedError") {
          assert.instanceOf(failed.cause, Failure.ApplicationFailure)
          assert.strictEqual((failed.cause as Failure.ApplicationFailure).message, "declined")
        }
        const refused = yield* Effect.flip(
          contract.executeOperation("badRequest", "no", { id: freshId("nc-bad"), ...timeouts })
        )
        assert.strictEqual(refused._tag, "NexusOperationFailedError")
        if (refused._tag === "NexusOperationFailedError") {
          assert.instanceOf(refused.cause, Failure.NexusHandlerFailure)
          assert.strictEqual((refused.cause as Failure.NexusHandlerFailure).type, "BAD_REQUEST")
        }
      }))

    test("list and count by endpoint, grouped by status", () =>
      Effect.gen(function*() {
        const { client, contract, endpoint } = yield* contractClient
        const ids = [freshId("nc-list"), freshId("nc-list")]
        for (const id of ids) yield* contract.executeOperation("echo", { text: id }, { id, ...timeouts })
        const query = `Endpoint = '${endpoint}'`
        const listed = yield* eventually(Stream.runCollect(client.listNexusOperations(query)), (all) => all.length >= 2)
        for (const id of ids) assert.isTrue(listed.some((o) => o.operationId === id && o.status === "Completed"))
        const count = yield* eventually(client.countNexusOperations(query), (c) => c.count >= 2)
        assert.isAtLeast(count.count, 2)
        const grouped = yield* client.countNexusOperations(`${query} GROUP BY ExecutionStatus`)
        assert.deepStrictEqual(grouped.groups.map((g) => g.groupValues), [["Completed"]])
      }))

    test("an unknown operation ID: NexusOperationNotFoundError", () =>
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const handle = client.getNexusOperationHandle(freshId("nc-missing"))
        assert.strictEqual((yield* Effect.flip(handle.describe()))._tag, "NexusOperationNotFoundError")
        assert.strictEqual((yield* Effect.flip(handle.result()))._tag, "NexusOperationNotFoundError")
      }))
  })
}
