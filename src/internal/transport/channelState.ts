/**
 * What every call of one connection shares besides the transport: whether
 * the connection is closed, the cancellations of the calls in flight (so
 * that closing fails them at once), and the bounds on calls in flight.
 *
 * @internal
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import { ConnectionError } from "../../schema/TemporalError.js"

/**
 * A call waiting for a slot, a node of a doubly linked FIFO list. `resume`
 * is set once it is in the list.
 *
 * @internal
 */
export interface SlotWaiter {
  state: "waiting" | "granted" | "done"
  resume: ((effect: Effect.Effect<void, ConnectionError>) => void) | undefined
  prev: SlotWaiter | undefined
  next: SlotWaiter | undefined
}

/**
 * A bound on calls in flight: a counting gate whose free path is a plain
 * counter (no fiber suspends, nothing is allocated), and whose waiters are
 * served first come, first served.
 *
 * @internal
 */
export interface Slots {
  /** The most calls in flight; `Infinity` for no bound. */
  readonly max: number
  /** Take a free slot now, if there is one. */
  readonly tryTake: () => boolean
  /**
   * Wait for a slot. Must run interruptibly inside an uninterruptible region
   * whose failure path calls {@link abandon} with the same waiter, so that a
   * slot granted just as the wait was interrupted is handed on.
   */
  readonly wait: (waiter: SlotWaiter) => Effect.Effect<void, ConnectionError>
  /** A fresh waiter for {@link wait}. */
  readonly waiter: () => SlotWaiter
  /** Give up a wait: leave the queue, or hand on a slot granted meanwhile. */
  readonly abandon: (waiter: SlotWaiter) => void
  /** Give back a slot taken by {@link tryTake} or {@link wait}. */
  readonly release: () => void
  /** Fail every waiter with `error` (the connection closed). */
  readonly failWaiters: (error: ConnectionError) => void
}

/**
 * A gate of at most `max` calls in flight.
 *
 * @internal
 */
export const makeSlots = (max: number): Slots => {
  let active = 0
  let head: SlotWaiter | undefined
  let tail: SlotWaiter | undefined
  const unlink = (w: SlotWaiter) => {
    if (w.prev !== undefined) w.prev.next = w.next
    else head = w.next
    if (w.next !== undefined) w.next.prev = w.prev
    else tail = w.prev
    w.prev = w.next = undefined
  }
  const release = () => {
    const next = head
    if (next === undefined) {
      active--
      return
    }
    // Hand the slot over: `active` stays the same.
    unlink(next)
    next.state = "granted"
    next.resume!(Effect.void)
  }
  const abandon = (w: SlotWaiter): void => {
    if (w.state === "waiting") {
      // Not in the list yet when the wait was interrupted before it began.
      if (w.resume !== undefined) unlink(w)
      w.state = "done"
    } else if (w.state === "granted") {
      w.state = "done"
      release()
    }
  }
  return {
    max,
    tryTake: () => {
      if (active >= max || head !== undefined) return false
      active++
      return true
    },
    waiter: () => ({ state: "waiting", resume: undefined, prev: undefined, next: undefined }),
    wait: (w) =>
      Effect.callback<void, ConnectionError>((resume) => {
        w.resume = resume
        w.prev = tail
        if (tail !== undefined) tail.next = w
        else head = w
        tail = w
        return Effect.sync(() => abandon(w))
      }),
    abandon,
    release,
    failWaiters: (error) => {
      while (head !== undefined) {
        const w = head
        unlink(w)
        w.state = "done"
        w.resume!(Effect.fail(error))
      }
    }
  }
}

/**
 * The shared state of one connection's calls.
 *
 * @internal
 */
export interface ChannelState {
  /** Whether the connection's scope has closed. */
  readonly isClosed: () => boolean
  /** The failure of a call on the closed connection. */
  readonly closedError: () => ConnectionError
  /** Completes when the connection closes. */
  readonly closed: Effect.Effect<void>
  /** Cancellations of the attempts in flight, called when the connection closes. */
  readonly inFlight: Set<() => void>
  /** The bound on ordinary calls in flight. */
  readonly calls: Slots
  /** The bound on long polls in flight. */
  readonly longPolls: Slots
  /**
   * Close: every later call fails at once with `ConnectionError` reason
   * `Closed`, every call waiting for a slot fails the same way, and every
   * attempt in flight is cancelled (its call then fails the same way).
   */
  readonly close: Effect.Effect<void>
}

/**
 * The ordinary calls in flight at most per connection, by default: well
 * above what a workload needs to keep a server busy (the benchmarks run at
 * 16 to 64; 250 calls in flight at 20 ms each are 12 500 calls/s), low
 * enough that a burst of 10 000 calls waits in line as fibers instead of
 * starting 10 000 HTTP/2 streams at once (bench/inFlight.ts: live heap
 * 249 → 143 MiB, event-loop stall 1.4–3.1 s → 0.5–0.6 s; a bound of 1000
 * still stalls 0.5–1.2 s).
 *
 * @internal
 */
export const defaultMaxConcurrentCalls = 250

/**
 * The long polls in flight at most per connection, by default. A pending
 * long poll costs little (an idle HTTP/2 stream); they are bounded apart so
 * that thousands of `result()` waits never hold back ordinary calls.
 *
 * @internal
 */
export const defaultMaxConcurrentLongPolls = 10_000

/**
 * Options of {@link makeChannelState}.
 *
 * @internal
 */
export interface ChannelStateOptions {
  /** The connection's address, for its errors. */
  readonly address: string
  /** Ordinary calls in flight at most. */
  readonly maxConcurrentCalls: number
  /** Long polls in flight at most. */
  readonly maxConcurrentLongPolls: number
}

/**
 * The state of a new, open connection.
 *
 * @internal
 */
export const makeChannelState = (options: ChannelStateOptions): ChannelState => {
  const signal = Deferred.makeUnsafe<void>()
  let closed = false
  const inFlight = new Set<() => void>()
  const calls = makeSlots(options.maxConcurrentCalls)
  const longPolls = makeSlots(options.maxConcurrentLongPolls)
  const closedError = () =>
    new ConnectionError({
      reason: "Closed",
      address: options.address,
      description: "the connection is closed (the scope or Layer that opened it has ended)"
    })
  return {
    isClosed: () => closed,
    closedError,
    closed: Deferred.await(signal),
    inFlight,
    calls,
    longPolls,
    close: Effect.suspend(() => {
      if (closed) return Effect.void
      closed = true
      const error = closedError()
      calls.failWaiters(error)
      longPolls.failWaiters(error)
      const cancels = [...inFlight]
      inFlight.clear()
      for (const cancel of cancels) cancel()
      return Deferred.succeed(signal, undefined)
    })
  }
}

/**
 * A state that never closes and bounds nothing, for pipelines built outside
 * a connection (benchmarks, fuzzing).
 *
 * @internal
 */
export const unboundedChannelState = (address: string): ChannelState =>
  makeChannelState({ address, maxConcurrentCalls: Infinity, maxConcurrentLongPolls: Infinity })
