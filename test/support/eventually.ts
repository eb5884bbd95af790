/**
 * Bounded polling for conditions that become true eventually (visibility lag, a run starting).
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * Run `attempt` until it gives `Some`, at most `attempts` times, `interval` apart; dies with
 * `what` when it never does. The last error of `attempt` counts as "not yet".
 */
export const eventually = <A, E, R>(
  what: string,
  attempt: Effect.Effect<Option.Option<A>, E, R>,
  options: { readonly attempts?: number; readonly interval?: string } = {}
): Effect.Effect<A, never, R> =>
  Effect.gen(function*() {
    const attempts = options.attempts ?? 100
    for (let i = 0; i < attempts; i++) {
      const result = yield* Effect.option(attempt)
      if (Option.isSome(result) && Option.isSome(result.value)) return result.value.value
      yield* Effect.sleep((options.interval ?? "100 millis") as "100 millis")
    }
    return yield* Effect.die(new Error(`${what}: not reached after ${attempts} attempts`))
  })
