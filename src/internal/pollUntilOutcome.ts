/**
 * The long-poll loop of the standalone executions (activities, Nexus
 * operations): poll until an answer carries an outcome, with the pacing and
 * outage rules every long poll of the client shares (see `longPoll.ts`).
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { NamespaceNotFoundError, RpcError } from "../schema/TemporalError.js"
import type { RpcCallError } from "../services/Connection.js"
import { callOptionsOf } from "./clientContext.js"
import { afterEmptyAnswer, afterFailedPoll, makePacing } from "./longPoll.js"

/**
 * Poll with `poll` until `outcomeOf` finds an outcome in an answer, and
 * answer what it gives. A NOT_FOUND ends the wait with `notFound(error)`;
 * `callerDeadline`: the caller set `rpcTimeout`, so a poll reaching it ends
 * the wait too.
 *
 * @internal
 */
export const pollUntilOutcome = Effect.fnUntraced(function*<R, A, E, NF>(
  poll: Effect.Effect<R, RpcCallError | NamespaceNotFoundError>,
  outcomeOf: (answer: R) => Effect.Effect<A, E> | undefined,
  notFound: (error: RpcError) => NF,
  callerDeadline: boolean
) {
  const pacing = makePacing()
  while (true) {
    const startedAt = yield* Clock.currentTimeMillis
    const answer: Result.Result<R, RpcCallError | NamespaceNotFoundError> = yield* Effect.result(poll)
    if (Result.isFailure(answer)) {
      const error = answer.failure
      if (error._tag !== "RpcError") return yield* Effect.fail(error)
      yield* afterFailedPoll(
        pacing,
        startedAt,
        error,
        callerDeadline,
        (final): RpcError | NF => final.code === "NOT_FOUND" ? notFound(final) : final
      )
      continue
    }
    const outcome = outcomeOf(answer.success)
    if (outcome !== undefined) return yield* outcome
    yield* afterEmptyAnswer(pacing, startedAt)
  }
})

/**
 * The RPC options of a describe call: its own, and a long poll when it
 * carries the token of an earlier description.
 *
 * @internal
 */
export const describeCallOptions = (
  checked: Parameters<typeof callOptionsOf>[0] & { readonly longPollToken?: Uint8Array | undefined }
) => ({ ...callOptionsOf(checked), ...(checked.longPollToken ? { longPoll: true } : {}) })
