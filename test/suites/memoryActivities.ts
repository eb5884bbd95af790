/**
 * In-memory equivalents of the fixture activities in `test/fixtures/activities.ts`, for the
 * activity contract suite run against `InMemoryTemporal`. Same names, arguments and results.
 */
import * as Effect from "effect/Effect"
import { ApplicationFailure } from "../../src/Failure.js"
import type { InMemoryTemporal } from "../../src/testing/index.js"

const appFailure = (message: string, type: string, nonRetryable: boolean, cause?: ApplicationFailure) =>
  new ApplicationFailure({ message, type, nonRetryable, details: [], ...(cause ? { cause } : {}) })

export const memoryActivities: Record<string, InMemoryTemporal.ActivityFunction> = {
  echoActivity: ([value]) => Effect.succeed(value),

  failingActivity: () =>
    Effect.fail(
      appFailure("activity failed", "ActivityError", true, appFailure("root cause", "RootCause", false))
    ),

  heartbeatLoop: ([steps], ctx) =>
    Effect.gen(function*() {
      const first = (ctx.info.heartbeatDetails?.[0] as { step?: number } | undefined)?.step ?? 0
      for (let step = first; step < (steps as number); step++) {
        yield* ctx.heartbeat({ step })
        yield* ctx.sleep("100 millis")
      }
      return `finished after ${steps}`
    }),

  succeedOnAttempt: ([succeedOn], ctx) =>
    ctx.info.attempt < (succeedOn as number)
      ? Effect.fail(appFailure(`not yet (attempt ${ctx.info.attempt})`, "NotYet", false))
      : Effect.succeed(ctx.info.attempt)
}
