/**
 * A decoded interceptor against the dev server and the official worker: what it passes on is what
 * the workflow receives.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ClientInterceptors from "../../src/ClientInterceptors.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { freshId } from "../support/worker.js"

describe("decoded interceptors against the dev server", () => {
  it.live("rewrite a start's arguments: the worker sees the rewritten values", () =>
    withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorker("decoded")
        const client = yield* TemporalClient.TemporalClient
        const result = yield* client.executeWorkflow("echo", {
          id: freshId("decoded"),
          taskQueue,
          args: [{ note: "quiet" }]
        })
        assert.deepStrictEqual(result, { note: "QUIET", stamped: true })
      }),
      {
        interceptors: [ClientInterceptors.decoded({
          startWorkflow: (input, next) =>
            next({
              ...input,
              args: input.args.map((arg) => ({
                note: String((arg as { note: string }).note).toUpperCase(),
                stamped: true
              }))
            })
        })]
      }
    ))
})
