/**
 * Shared pieces of the reliability suite: the short/soak switch, outcome bookkeeping, and the
 * "is this a typed error" check.
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Errors from "../../src/schema/TemporalError.js"
import * as TemporalClient from "../../src/TemporalClient.js"

/** `SOAK=1` runs the long versions. */
export const soakRun = process.env["SOAK"] === "1"

/** `short` in the default run, `soak` with `SOAK=1`. */
export const scale = <A>(short: A, soak: A): A => (soakRun ? soak : short)

/** A line on stderr, so figures show in the run's output. */
export const report = (line: string): void => {
  process.stderr.write(`[reliability] ${line}\n`)
}

type AnyClass = abstract new(...args: ReadonlyArray<never>) => unknown
const errorClasses: ReadonlyArray<AnyClass> = (Object.values(Errors) as ReadonlyArray<unknown>).filter(
  (value): value is AnyClass => typeof value === "function" && value.prototype instanceof Error
)

/** Whether `u` is one of the library's tagged errors. */
export const isTypedError = (u: unknown): boolean => errorClasses.some((C) => u instanceof C)

/** What happened to one call. */
export type Outcome =
  | { readonly _tag: "Ok"; readonly millis: number }
  | { readonly _tag: "Failed"; readonly error: unknown; readonly typed: boolean; readonly millis: number }
  | { readonly _tag: "Defect"; readonly cause: Cause.Cause<unknown>; readonly millis: number }
  | { readonly _tag: "Hung"; readonly millis: number }

/**
 * Run `effect` bounded by `bound`, and tell what happened: a success, a failure (typed or not), a
 * defect or interruption, or a hang (the bound passed).
 */
export const outcome = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  bound: Duration.Input
): Effect.Effect<readonly [Outcome, Option.Option<A>], never, R> =>
  Effect.gen(function*() {
    const started = Date.now()
    const exit = yield* Effect.exit(Effect.timeout(effect, bound))
    const millis = Date.now() - started
    if (Exit.isSuccess(exit)) return [{ _tag: "Ok", millis }, Option.some(exit.value)] as const
    const failure = Cause.findErrorOption(exit.cause)
    if (Option.isSome(failure) && (exit.cause.reasons.length === 1 && Cause.isFailReason(exit.cause.reasons[0]!))) {
      const error = failure.value
      if (error instanceof Cause.TimeoutError) return [{ _tag: "Hung", millis }, Option.none()] as const
      return [{ _tag: "Failed", error, typed: isTypedError(error), millis }, Option.none()] as const
    }
    return [{ _tag: "Defect", cause: exit.cause, millis }, Option.none()] as const
  })

/** Counts of outcomes, and the distinct failures seen. */
export interface Tally {
  ok: number
  failed: number
  untyped: number
  defects: number
  hung: number
  maxMillis: number
  readonly failures: Map<string, number>
}

export const makeTally = (): Tally => ({
  ok: 0,
  failed: 0,
  untyped: 0,
  defects: 0,
  hung: 0,
  maxMillis: 0,
  failures: new Map()
})

const describeError = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const tagged = error as { _tag: string; code?: unknown; reason?: unknown }
    return `${tagged._tag}${tagged.code !== undefined ? `(${String(tagged.code)})` : ""}`
  }
  return String(error)
}

/** Count one outcome. */
export const tally = (t: Tally, o: Outcome): void => {
  t.maxMillis = Math.max(t.maxMillis, o.millis)
  switch (o._tag) {
    case "Ok":
      t.ok++
      return
    case "Failed": {
      t.failed++
      if (!o.typed) t.untyped++
      const key = describeError(o.error)
      t.failures.set(key, (t.failures.get(key) ?? 0) + 1)
      return
    }
    case "Defect":
      t.defects++
      t.failures.set(`defect: ${Cause.pretty(o.cause).split("\n")[0]}`, 1)
      return
    case "Hung":
      t.hung++
  }
}

export const formatTally = (t: Tally): string =>
  `ok ${t.ok}, failed ${t.failed} (untyped ${t.untyped}), defects ${t.defects}, hung ${t.hung}, max ${t.maxMillis} ms` +
  (t.failures.size > 0 ? ` [${[...t.failures].map(([k, n]) => `${k}×${n}`).join(", ")}]` : "")

/** A client built in the current scope (so one test can hold several). */
export const buildClient = (
  options: TemporalClient.ConnectOptions
): Effect.Effect<
  TemporalClient.TemporalClientShape,
  Errors.ConnectionError | Errors.NamespaceNotFoundError,
  Scope.Scope
> =>
  Effect.map(
    Layer.build(Layer.fresh(TemporalClient.layerConnect({ namespace: "default", ...options }))),
    (context) => Context.get(context, TemporalClient.TemporalClient)
  )

/** Milliseconds since `start`, formatted. */
export const since = (start: number): string => `${((Date.now() - start) / 1000).toFixed(1)} s`

/**
 * Keep-alive short enough that a stalled connection is noticed within a test. Below the Temporal
 * frontend's minimum ping interval (`frontend.keepAliveMinTime`, 10 s), so the server may answer
 * with a `too_many_pings` GOAWAY; only the stall test uses it.
 */
export const fastKeepAlive = { interval: Duration.seconds(2), timeout: Duration.seconds(2) }

export { prng } from "../support/prng.js"
