/**
 * In-memory equivalents of the fixture workflows in `test/fixtures/workflows.ts`, for the contract
 * suite run against `InMemoryTemporal`. Same names, same signals, queries, updates and results.
 */
import * as Effect from "effect/Effect"
import { ApplicationFailure } from "../../src/Failure.js"
import type { InMemoryTemporal } from "../../src/testing/index.js"

const appFailure = (
  message: string,
  type: string,
  extra: { nonRetryable?: boolean; details?: Array<unknown>; cause?: ApplicationFailure } = {}
) =>
  new ApplicationFailure({
    message,
    type,
    nonRetryable: extra.nonRetryable ?? false,
    details: extra.details ?? [],
    ...(extra.cause ? { cause: extra.cause } : {})
  })

export const memoryWorkflows: Record<string, InMemoryTemporal.WorkflowFunction> = {
  echo: (args) => Effect.succeed(args.length === 1 ? args[0] : args),

  signalQueryUpdate: ([initial], ctx) =>
    Effect.gen(function*() {
      let name = (initial as string | undefined) ?? "initial"
      let status = "waiting"
      let approvedBy: string | null = null
      let finished = false
      const received: Array<string> = []
      yield* ctx.setSignalHandler("approve", ({ by }: { by: string }) =>
        Effect.sync(() => {
          approvedBy = by
          status = `approved by ${by}`
        }))
      yield* ctx.setSignalHandler("count", (requestId: string) => Effect.sync(() => void received.push(requestId)))
      yield* ctx.setSignalHandler("finish", () => Effect.sync(() => void (finished = true)))
      yield* ctx.setQueryHandler("status", () => Effect.succeed(status))
      yield* ctx.setQueryHandler("signalsReceived", () => Effect.succeed([...received]))
      yield* ctx.setUpdateHandler(
        "rename",
        (newName: string) =>
          Effect.sync(() => {
            const old = name
            name = newName
            return old
          }),
        {
          validator: (newName: string) =>
            newName === "" ? Effect.fail(appFailure("name must not be empty", "Error")) : Effect.void
        }
      )
      yield* ctx.setUpdateHandler("slowUpdate", (ms: number) => Effect.as(ctx.sleep(ms), `slept ${ms}`))
      yield* ctx.condition(Effect.sync(() => finished))
      yield* ctx.allHandlersFinished
      status = "finished"
      return { name, status, approvedBy, signalsReceived: [...received] }
    }),

  continueAsNewTwice: ([n], ctx) => {
    const count = (n as number | undefined) ?? 0
    return count < 2 ? ctx.continueAsNew(count + 1) : Effect.succeed(`done after ${count}`)
  },

  failWithCause: () =>
    Effect.fail(
      appFailure("outer", "OuterError", {
        nonRetryable: true,
        cause: appFailure("inner", "InnerError", { details: [42] })
      })
    ),

  longRunning: ([ms], ctx) => Effect.as(ctx.sleep(ms as number), "slept"),

  asyncCompletionWorkflow: ([activityId], ctx) =>
    ctx.asyncActivity((activityId as string | undefined) ?? "async-1", {
      activityType: "completeAsync",
      startToCloseTimeout: "60 seconds",
      heartbeatTimeout: "30 seconds",
      start: ({ heartbeat, taskToken }) => heartbeat({ taskToken: Buffer.from(taskToken).toString("base64") })
    }),

  sleeper: ([ms], ctx) => Effect.as(ctx.sleep((ms as number | undefined) ?? 0), ctx.info.workflowId),

  countSignals: (_, ctx) =>
    Effect.gen(function*() {
      const ids: Array<string> = []
      let finished = false
      yield* ctx.setSignalHandler("inc", (requestId: string) => Effect.sync(() => void ids.push(requestId)))
      yield* ctx.setSignalHandler("finish", () => Effect.sync(() => void (finished = true)))
      yield* ctx.condition(Effect.sync(() => finished))
      return { count: ids.length, ids: [...ids] }
    })
}
