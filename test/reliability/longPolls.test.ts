/**
 * Long polls against endpoints that misbehave, over real sockets: a wrong endpoint (not a gRPC
 * server, or one that breaks the protocol) ends `result()` and an update's `result()` in a typed
 * error instead of looking like a hang, and a gRPC server answering every poll at once with
 * nothing gets a few polls a second, not a busy loop. (The same rules, on the `TestClock`, are in
 * `test/unit/longPoll.test.ts`; the restart of a real server during long polls is in `faults`.)
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import * as WrongEndpoint from "../support/wrongEndpoint.js"
import { buildClient, outcome, report } from "./_helpers.js"

/** The calls' own retries short, so that what is measured is the long-poll loop's decision. */
const quickRetries = { maxElapsedTime: "500 millis" } as const

describe("long polls against misbehaving endpoints", () => {
  for (const how of WrongEndpoint.wrongAnswers.filter((how) => how !== "http503")) {
    it.live(`a wrong endpoint (${how}) ends result() and an update's result() in a typed error`, () =>
      Effect.gen(function*() {
        const address = yield* WrongEndpoint.make(how)
        const client = yield* buildClient({ address, lazy: true, retryConfig: quickRetries })
        const handle = client.getWorkflowHandle("wf")
        const [result] = yield* outcome(handle.result(), "8 seconds")
        const [update] = yield* outcome(handle.getUpdateHandle("u-1").result(), "8 seconds")
        report(
          `${how}: result() ${result._tag} ${
            result._tag === "Failed" ? String(result.error) : ""
          } in ${result.millis} ms; ` +
            `update ${update._tag} in ${update.millis} ms`
        )
        for (const o of [result, update]) {
          assert.strictEqual(o._tag, "Failed", `ended, not hung: ${o._tag}`)
          if (o._tag === "Failed") {
            assert.isTrue(o.typed, String(o.error))
            assert.strictEqual((o.error as { _tag: string })._tag, "RpcError")
          }
        }
      }).pipe(Effect.scoped))
  }

  it.live("a gRPC server answering every history poll at once with an empty page gets a few polls a second", () =>
    Effect.gen(function*() {
      const polls = yield* Ref.make(0)
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getWorkflowExecutionHistory: () => Effect.as(Ref.update(polls, (n) => n + 1), { history: { events: [] } })
        }
      })
      const client = yield* buildClient({ address: server.address, lazy: true })
      const [o] = yield* outcome(client.getWorkflowHandle("wf").result(), "3 seconds")
      const count = yield* Ref.get(polls)
      report(`empty answers at once: ${count} polls in 3 s (${o._tag})`)
      assert.strictEqual(o._tag, "Hung", "still waiting: an empty answer is not an error")
      // Pauses of 100, 200, 400, 800 and 1600 ms: 6 polls in 3 s.
      assert.isAtMost(count, 8)
    }).pipe(Effect.scoped))
})
