/**
 * What the mock client's parts share: answering a call with its scripted
 * reply, and the list and count calls answered by the script as a whole.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { RpcError } from "../../schema/TemporalError.js"
import type { MockCall, Operation, Reply } from "../../testing/TestTemporalClient/script.js"

/**
 * The scripted reply: an Effect, or a function of the call.
 *
 * @internal
 */
export const run = <A, E>(reply: Reply<A, E>, call: MockCall): Effect.Effect<A, E> =>
  typeof reply === "function" ? reply(call) : reply

/**
 * A listing or count: recorded, then answered by the script's reply, or a
 * defect naming the call when it has none.
 *
 * @internal
 */
export const visibilityCall = <A>(
  record: (call: MockCall) => Effect.Effect<void>,
  operation: Operation,
  reply: Reply<A, RpcError> | undefined,
  query: string | undefined,
  options: unknown
): Effect.Effect<A, RpcError> => {
  const call: MockCall = { operation, workflowId: "", workflowType: undefined, name: query, args: [], options }
  return Effect.andThen(
    record(call),
    reply !== undefined
      ? run(reply, call)
      : Effect.die(new Error(`TestTemporalClient: ${operation}("${query ?? ""}") is not scripted; give ${operation}`))
  )
}

/**
 * A scripted listing as a `Stream` (one page), `limit` still applied.
 *
 * @internal
 */
export const listingStream = <A, E>(
  all: Effect.Effect<ReadonlyArray<A>, E>,
  limit: number | undefined
): Stream.Stream<A, E> => {
  const items = Stream.flatMap(Stream.fromEffect(all), Stream.fromIterable)
  return limit !== undefined ? Stream.take(items, limit) : items
}
