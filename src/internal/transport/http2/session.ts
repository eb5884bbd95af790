/**
 * The one HTTP/2 session of a connection, as grpc-js's subchannel and
 * `Http2Transport` keep theirs: opened on the first call, shared by every
 * call, given up on GOAWAY (calls already on it finish there, new ones open
 * a new session), when it closes or fails, and after a long idle period;
 * kept alive with PINGs (a PING unanswered in time drops it); and opened
 * again on the next call, at once after a session that worked, after an
 * exponential backoff after a failed attempt (calls meanwhile fail fast with
 * UNAVAILABLE, as grpc-js fails calls in TRANSIENT_FAILURE).
 *
 * @internal
 */
import { connectSession } from "./connect.js"
import { type CallStatus, Code } from "./status.js"
import type { Http2Target } from "./target.js"
import type { Http2ClientConnection } from "./wire/connection.js"
import { ErrorCode } from "./wire/frames.js"

/**
 * How a connection's session is kept.
 *
 * @internal
 */
export interface SessionSettings {
  /** Where to connect. */
  readonly target: Http2Target
  /** PING every `intervalMillis`, dropping the session when one is not answered within `timeoutMillis`; or none. */
  readonly keepAlive: { readonly intervalMillis: number; readonly timeoutMillis: number } | false
  /** Close a session without calls for this long (grpc-js's `grpc.client_idle_timeout_ms`, 30 min). */
  readonly idleTimeoutMillis: number
  /** Give up a connection attempt after this long (grpc-js: 20 s at least). */
  readonly connectTimeoutMillis: number
  /** Backoff between failed attempts: first delay, growth, cap (grpc-js: 1 s, 1.6, 120 s; ±20 % jitter). */
  readonly backoff: { readonly initialMillis: number; readonly multiplier: number; readonly maxMillis: number }
}

/**
 * grpc-js's defaults of {@link SessionSettings} but the target and keep-alive.
 *
 * @internal
 */
export const defaultSessionTimings = {
  idleTimeoutMillis: 30 * 60_000,
  connectTimeoutMillis: 20_000,
  backoff: { initialMillis: 1000, multiplier: 1.6, maxMillis: 120_000 }
} as const

/** The longest keep-alive interval after `too_many_pings` doubled it (grpc-js's `KEEPALIVE_MAX_TIME_MS`). */
const maxKeepAliveMillis = 2_147_483_647

/**
 * A ready session, as a call uses it.
 *
 * @internal
 */
export interface LiveSession {
  /** The HTTP/2 connection. */
  readonly session: Http2ClientConnection
  /**
   * Count a call whose stream started on the session: its `onDisconnect` is
   * called if the session drops under it.
   */
  readonly track: (call: TrackedCall) => void
  /** The call tracked with {@link LiveSession.track} ended (a no-op once the session dropped it). */
  readonly untrack: (call: TrackedCall) => void
  /** The session refused a new stream: give it up (new calls get a new session). */
  readonly discard: () => void
}

/**
 * A call on a session, told when the session drops under it.
 *
 * @internal
 */
export interface TrackedCall {
  /** The session went away with the call's stream still open. */
  readonly onDisconnect: () => void
}

/**
 * A session, or the status of the calls that cannot have one.
 *
 * @internal
 */
export type AcquireResult =
  | { readonly _tag: "Live"; readonly live: LiveSession }
  | { readonly _tag: "Unavailable"; readonly status: CallStatus }

/**
 * The session of one connection.
 *
 * @internal
 */
export interface SessionManager {
  /**
   * Call back with a ready session (at once when there is one), or with why
   * there is none. Returns the function that abandons the wait.
   */
  readonly acquire: (callback: (result: AcquireResult) => void) => () => void
  /** The ready session when there is one (what `acquire` would call back with at once), else `undefined`. */
  readonly ready: () => LiveSession | undefined
  /** Close: the session goes away, later `acquire`s fail. */
  readonly close: () => void
}

interface Live extends LiveSession {
  usable: boolean
}

/** A connection attempt and the calls waiting on it. */
interface Attempt {
  abort: () => void
  readonly waiters: Set<(result: AcquireResult) => void>
}

const unavailable = (details: string): AcquireResult => ({
  _tag: "Unavailable",
  status: { code: Code.UNAVAILABLE, details }
})

const closedResult: AcquireResult = {
  _tag: "Unavailable",
  status: { code: Code.CANCELLED, details: "The connection is closed" }
}

const tooManyPings = Buffer.from("too_many_pings", "ascii")

/**
 * The session manager of a connection with these settings.
 *
 * @internal
 */
export const makeSessionManager = (settings: SessionSettings): SessionManager => {
  let current: Live | undefined
  // What `acquire` answers while `current` is usable: one object, not one per call.
  let currentResult: AcquireResult = closedResult
  let connecting: Attempt | undefined
  let closed = false
  let lastError = ""
  let nextAttemptAt = 0
  let backoffMillis = settings.backoff.initialMillis
  let keepAliveMillis = settings.keepAlive === false ? 0 : settings.keepAlive.intervalMillis
  const sessions = new Set<Http2ClientConnection>()

  const makeLive = (session: Http2ClientConnection): Live => {
    const active = new Set<TrackedCall>()
    let pingTimer: NodeJS.Timeout | undefined
    let pingTimeout: NodeJS.Timeout | undefined
    let idleTimer: NodeJS.Timeout | undefined
    const clearTimers = () => {
      clearTimeout(pingTimer)
      clearTimeout(pingTimeout)
      clearTimeout(idleTimer)
      pingTimer = pingTimeout = idleTimer = undefined
    }
    const retire = () => {
      live.usable = false
      if (current === live) current = undefined
    }
    // The session went away: calls on it end UNAVAILABLE ("Connection dropped") unless they end first.
    const disconnect = () => {
      if (!sessions.delete(session)) return
      retire()
      clearTimers()
      const calls = [...active]
      active.clear()
      for (const call of calls) call.onDisconnect()
      setImmediate(() => session.destroy())
    }
    const drop = (reason: string) => {
      lastError = reason
      session.destroy()
      disconnect()
    }
    const schedulePing = () => {
      if (keepAliveMillis <= 0 || settings.keepAlive === false || !live.usable) return
      const timeoutMillis = settings.keepAlive.timeoutMillis
      pingTimer = setTimeout(() => {
        pingTimer = undefined
        if (session.destroyed) return
        pingTimeout = setTimeout(() => drop("keepalive ping timed out"), timeoutMillis)
        pingTimeout.unref()
        session.ping((error) => {
          clearTimeout(pingTimeout)
          pingTimeout = undefined
          if (error !== null) drop(`keepalive ping failed: ${error.message}`)
          else schedulePing()
        })
      }, keepAliveMillis)
      pingTimer.unref()
    }
    const startIdleTimer = () => {
      clearTimeout(idleTimer)
      idleTimer = setTimeout(() => {
        idleTimer = undefined
        if (active.size > 0) return
        retire()
        session.close()
      }, settings.idleTimeoutMillis)
      idleTimer.unref()
    }
    const live: Live = {
      session,
      usable: true,
      track: (call) => {
        if (active.size === 0) {
          session.ref()
          clearTimeout(idleTimer)
          idleTimer = undefined
        }
        active.add(call)
      },
      untrack: (call) => {
        if (!active.delete(call)) return
        if (active.size === 0 && !session.destroyed) {
          session.unref()
          if (live.usable) startIdleTimer()
          else session.close()
        }
      },
      discard: () => {
        retire()
        if (active.size === 0) session.close()
      }
    }
    sessions.add(session)
    // An idle session does not keep the process alive (grpc-js unrefs it too).
    session.unref()
    session.events = {
      remoteSettings: noop,
      goaway: (errorCode, _lastStreamId, debugData) => {
        // New calls go to a new session; those in flight finish here (the connection closes once they have).
        if (errorCode === ErrorCode.ENHANCE_YOUR_CALM && debugData.equals(tooManyPings)) {
          keepAliveMillis = Math.min(keepAliveMillis * 2, maxKeepAliveMillis)
        }
        lastError = `the server sent GOAWAY (code ${errorCode})`
        retire()
        clearTimeout(pingTimer)
        if (active.size === 0) session.close()
      },
      error: (error) => {
        lastError = error.message
        disconnect()
      },
      close: disconnect
    }
    schedulePing()
    startIdleTimer()
    return live
  }

  /** Start an attempt with its first waiter (there before the first callback, which may come at once). */
  const connect = (first: (result: AcquireResult) => void): Attempt => {
    const attemptStart = Date.now()
    const attempt: Attempt = { abort: noop, waiters: new Set([first]) }
    connecting = attempt
    attempt.abort = connectSession(settings.target, settings.connectTimeoutMillis, (result) => {
      if (connecting === attempt) connecting = undefined
      const waiters = [...attempt.waiters]
      attempt.waiters.clear()
      if (result._tag === "Ready") {
        if (closed) {
          result.connection.destroy()
          for (const waiter of waiters) waiter(closedResult)
          return
        }
        backoffMillis = settings.backoff.initialMillis
        nextAttemptAt = 0
        const live = makeLive(result.connection)
        current = live
        currentResult = { _tag: "Live", live }
        for (const waiter of waiters) waiter(currentResult)
        return
      }
      lastError = result.error.message
      const jitter = 1 + (Math.random() * 2 - 1) * 0.2
      nextAttemptAt = attemptStart + backoffMillis * jitter
      backoffMillis = Math.min(backoffMillis * settings.backoff.multiplier, settings.backoff.maxMillis)
      const failure = closed ? closedResult : unavailable(`No connection established. Last error: ${lastError}`)
      for (const waiter of waiters) waiter(failure)
    })
    return attempt
  }

  const ready = (): LiveSession | undefined =>
    !closed && current !== undefined && current.usable && !current.session.refusing
      ? current
      : undefined
  return {
    ready,
    acquire: (callback) => {
      if (closed) {
        callback(closedResult)
        return noop
      }
      if (ready() !== undefined) {
        callback(currentResult)
        return noop
      }
      if (connecting === undefined && Date.now() < nextAttemptAt) {
        callback(unavailable(`No connection established. Last error: ${lastError}`))
        return noop
      }
      const attempt = connecting
      if (attempt === undefined) {
        const started = connect(callback)
        return () => {
          started.waiters.delete(callback)
        }
      }
      attempt.waiters.add(callback)
      return () => {
        attempt.waiters.delete(callback)
      }
    },
    close: () => {
      if (closed) return
      closed = true
      const attempt = connecting
      connecting = undefined
      if (attempt !== undefined) {
        attempt.abort()
      }
      current = undefined
      for (const session of sessions) {
        session.close()
        // Streams were cancelled before; do not wait on a peer that does not answer.
        setTimeout(() => session.destroy(), 1000).unref()
      }
    }
  }
}

const noop = () => {}
