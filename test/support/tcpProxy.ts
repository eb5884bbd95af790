/**
 * A fault-injecting TCP proxy on loopback, for the reliability tests: the client talks to the proxy,
 * the proxy to the server (a dev server or a fake), and the proxy resets, stalls, delays or
 * GOAWAY-rotates connections at chosen rates.
 *
 * It reads the HTTP/2 frame headers going by (the client's traffic is plaintext h2c on loopback) so
 * that faults hit calls, not arbitrary bytes:
 *
 * - `resetRate`: the chance, per call, that its connection is reset (TCP RST both ways). Half of
 *   it is spent on requests (the client's HEADERS frame is dropped and the connection reset: the
 *   server never saw the call) and half on responses (the server's closing HEADERS frame, the
 *   trailers, is dropped and the connection reset: the server did the work, the client never
 *   heard). The second kind is what proves request-ID reuse. A reset also kills every other call
 *   in flight on that connection.
 * - `stallRate` / `stallMillis`: the chance, per request, that its connection stops forwarding in
 *   both directions for `stallMillis` (`Infinity`: until closed; keep-alive or deadlines must
 *   notice).
 * - `delayMillis` / `jitterMillis`: latency added to every chunk, in order, in both directions.
 * - `stallNext(n)`: stalls the connections of the next `n` requests, for tests that need a stall
 *   to happen.
 * - `goAwayAll()`: sends the client an HTTP/2 GOAWAY (NO_ERROR) on every connection, as a server
 *   rotating connections does, then closes them after a grace period.
 * - `resetAll()`: resets every connection now (an idle connection lost).
 *
 * Randomness is seeded (`seed`), so a failing run can be replayed. Only loopback targets are
 * accepted. Every socket and the listener close with `close()` (or the scope in `make`).
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as net from "node:net"
import { prng } from "./prng.js"

/** Fault rates; all default to 0 (a plain pipe). */
export interface Faults {
  readonly resetRate?: number | undefined
  readonly stallRate?: number | undefined
  readonly stallMillis?: number | undefined
  readonly delayMillis?: number | undefined
  readonly jitterMillis?: number | undefined
}

/** Options of {@link startTcpProxy}. */
export interface TcpProxyOptions extends Faults {
  /** `host:port` of the server; must be loopback. */
  readonly target: string
  /** PRNG seed. Default: random (reported in `stats`). */
  readonly seed?: number | undefined
}

/** Counters of what went through the proxy and what it did. */
export interface TcpProxyStats {
  readonly seed: number
  /** Client connections accepted. */
  readonly connections: number
  /** Connections open now. */
  readonly openConnections: number
  /** Request HEADERS frames seen from clients (every attempt of every call). */
  readonly requests: number
  /** Closing HEADERS frames (trailers) seen from the server. */
  readonly responsesEnded: number
  /** Connections reset with a request dropped. */
  readonly requestResets: number
  /** Connections reset with a response's trailers dropped. */
  readonly responseResets: number
  /** Connections reset by `resetAll()`. */
  readonly manualResets: number
  /** Stalls started. */
  readonly stalls: number
  /** GOAWAY frames injected. */
  readonly goAways: number
  /** Bytes forwarded each way. */
  readonly bytesUp: number
  readonly bytesDown: number
}

/** A running proxy. */
export interface TcpProxy {
  /** `127.0.0.1:PORT`. */
  readonly address: string
  readonly stats: () => TcpProxyStats
  /** Change the fault rates for what follows. */
  readonly setFaults: (faults: Faults) => void
  /** Stall the connections of the next `n` requests, whatever `stallRate` says. */
  readonly stallNext: (n: number) => void
  /** Reset every open connection now. */
  readonly resetAll: () => void
  /** Send GOAWAY on every open connection, then close them after `graceMillis` (default 500). */
  readonly goAwayAll: (graceMillis?: number) => void
  /** Close the listener and every connection. */
  readonly close: () => Promise<void>
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1", "[::1]"])
const prefaceLength = 24
const frameHeaderLength = 9
const headersFrameType = 0x1
const endStreamFlag = 0x1
const goAwayFrameType = 0x7

interface FrameHeader {
  readonly type: number
  readonly flags: number
  readonly streamId: number
}

/** Incremental HTTP/2 frame-header reader for one direction of one connection. */
class FrameReader {
  private preface: number
  private readonly header = Buffer.alloc(frameHeaderLength)
  private headerFill = 0
  private payloadLeft = 0
  constructor(withPreface: boolean) {
    this.preface = withPreface ? prefaceLength : 0
  }
  /** The frame headers that complete in `chunk`. */
  feed(chunk: Buffer): Array<FrameHeader> {
    const out: Array<FrameHeader> = []
    let i = 0
    while (i < chunk.length) {
      if (this.preface > 0) {
        const n = Math.min(this.preface, chunk.length - i)
        this.preface -= n
        i += n
        continue
      }
      if (this.payloadLeft > 0) {
        const n = Math.min(this.payloadLeft, chunk.length - i)
        this.payloadLeft -= n
        i += n
        continue
      }
      const n = Math.min(frameHeaderLength - this.headerFill, chunk.length - i)
      chunk.copy(this.header, this.headerFill, i, i + n)
      this.headerFill += n
      i += n
      if (this.headerFill === frameHeaderLength) {
        this.headerFill = 0
        this.payloadLeft = this.header.readUIntBE(0, 3)
        out.push({
          type: this.header[3]!,
          flags: this.header[4]!,
          streamId: this.header.readUInt32BE(5) & 0x7fffffff
        })
      }
    }
    return out
  }
  /** Whether the reader sits between frames (a frame may be injected here). */
  get atBoundary(): boolean {
    return this.preface === 0 && this.headerFill === 0 && this.payloadLeft === 0
  }
}

/** One direction's ordered, possibly delayed, writer. */
class DelayQueue {
  private readonly queue: Array<{ due: number; chunk: Buffer }> = []
  private timer: NodeJS.Timeout | undefined
  constructor(private readonly write: (chunk: Buffer) => void) {}
  push(chunk: Buffer, delay: number): void {
    if (delay <= 0 && this.queue.length === 0) return this.write(chunk)
    const last = this.queue[this.queue.length - 1]?.due ?? 0
    this.queue.push({ due: Math.max(Date.now() + delay, last), chunk })
    this.schedule()
  }
  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      const now = Date.now()
      while (this.queue.length > 0 && this.queue[0]!.due <= now) this.write(this.queue.shift()!.chunk)
      this.schedule()
    }, Math.max(0, this.queue[0]!.due - Date.now()))
  }
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.queue.length = 0
  }
}

const goAwayFrame = (lastStreamId: number): Buffer => {
  const frame = Buffer.alloc(frameHeaderLength + 8)
  frame.writeUIntBE(8, 0, 3)
  frame[3] = goAwayFrameType
  frame.writeUInt32BE(lastStreamId & 0x7fffffff, frameHeaderLength)
  frame.writeUInt32BE(0, frameHeaderLength + 4) // NO_ERROR
  return frame
}

/** One proxied connection, as the proxy acts on it. */
interface Link {
  readonly reset: () => void
  readonly goAway: (graceMillis: number) => void
  readonly destroy: () => void
}

/** What each proxied connection shares with its proxy. */
interface ProxyContext {
  readonly host: string
  readonly port: number
  readonly random: () => number
  readonly counters: Record<
    | "connections"
    | "requests"
    | "responsesEnded"
    | "requestResets"
    | "responseResets"
    | "manualResets"
    | "stalls"
    | "goAways"
    | "bytesUp"
    | "bytesDown",
    number
  >
  readonly links: Set<Link>
  /** The current fault settings. */
  readonly faults: () => { readonly [K in keyof Faults]-?: number }
  /** The delay of the next chunk. */
  readonly delay: () => number
  /** Whether a stall was asked for through `stallNext` (and take it). */
  readonly takeForcedStall: () => boolean
}

/** An end on one side ends the other; a close or error on either destroys the link. */
const joinEnds = (client: net.Socket, upstream: net.Socket, closed: () => boolean, destroy: () => void): void => {
  const onEnd = (other: net.Socket) => () => {
    if (!closed()) other.end()
  }
  client.on("end", onEnd(upstream))
  upstream.on("end", onEnd(client))
  const onClose = () => {
    if (!closed()) destroy()
  }
  client.on("close", onClose)
  upstream.on("close", onClose)
  client.on("error", () => destroy())
  upstream.on("error", () => destroy())
}

/** Proxy one client connection to the target, injecting the faults. */
const proxyConnection = (client: net.Socket, context: ProxyContext): void => {
  const { counters, host, links, port, random } = context
  const delay = context.delay
  counters.connections++
  const upstream = net.connect({ host, port, noDelay: true })
  const up = new FrameReader(true)
  const down = new FrameReader(false)
  let closed = false
  let stalledUntil = 0
  let stallTimer: NodeJS.Timeout | undefined
  let graceTimer: NodeJS.Timeout | undefined
  let lastClientStream = 0
  let goAwayPending = false
  const stalledUp: Array<Buffer> = []
  const stalledDown: Array<Buffer> = []
  const toServer = new DelayQueue((chunk) => {
    if (!closed) upstream.write(chunk)
  })
  const toClient = new DelayQueue((chunk) => {
    if (!closed) client.write(chunk)
  })
  const cleanup = () => {
    if (closed) return
    closed = true
    links.delete(link)
    toServer.clear()
    toClient.clear()
    if (stallTimer !== undefined) clearTimeout(stallTimer)
    if (graceTimer !== undefined) clearTimeout(graceTimer)
    stalledUp.length = 0
    stalledDown.length = 0
  }
  const reset = () => {
    cleanup()
    client.resetAndDestroy()
    upstream.resetAndDestroy()
  }
  const destroy = () => {
    cleanup()
    client.destroy()
    upstream.destroy()
  }
  const injectGoAway = () => {
    goAwayPending = false
    counters.goAways++
    toClient.push(goAwayFrame(lastClientStream), 0)
  }
  const link: Link = {
    reset,
    destroy,
    goAway: (graceMillis) => {
      if (closed) return
      if (down.atBoundary) injectGoAway()
      else goAwayPending = true
      graceTimer = setTimeout(() => {
        if (closed) return
        cleanup()
        client.end()
        upstream.end()
      }, graceMillis)
    }
  }
  links.add(link)
  const isStalled = () => stalledUntil > Date.now()
  const startStall = () => {
    counters.stalls++
    stalledUntil = Date.now() + context.faults().stallMillis
    if (Number.isFinite(context.faults().stallMillis)) {
      stallTimer = setTimeout(() => {
        stallTimer = undefined
        stalledUntil = 0
        for (const chunk of stalledUp.splice(0)) toServer.push(chunk, delay())
        for (const chunk of stalledDown.splice(0)) toClient.push(chunk, delay())
      }, context.faults().stallMillis)
    }
  }

  client.on("data", (chunk: Buffer) => {
    if (closed) return
    for (const frame of up.feed(chunk)) {
      if (frame.type !== headersFrameType) continue
      counters.requests++
      lastClientStream = Math.max(lastClientStream, frame.streamId)
      const roll = random()
      if (roll < context.faults().resetRate / 2) {
        counters.requestResets++
        return reset()
      }
      if (!isStalled() && context.takeForcedStall()) startStall()
      else if (roll < context.faults().resetRate / 2 + context.faults().stallRate && !isStalled()) startStall()
    }
    counters.bytesUp += chunk.length
    if (isStalled()) stalledUp.push(chunk)
    else toServer.push(chunk, delay())
  })
  upstream.on("data", (chunk: Buffer) => {
    if (closed) return
    for (const frame of down.feed(chunk)) {
      if (frame.type !== headersFrameType || (frame.flags & endStreamFlag) === 0) continue
      counters.responsesEnded++
      if (random() < context.faults().resetRate / 2) {
        counters.responseResets++
        return reset()
      }
    }
    counters.bytesDown += chunk.length
    if (isStalled()) stalledDown.push(chunk)
    else toClient.push(chunk, delay())
    if (goAwayPending && down.atBoundary) injectGoAway()
  })
  joinEnds(client, upstream, () => closed, destroy)
}

/** Start a proxy on `127.0.0.1:0` forwarding to `options.target`. */
export const startTcpProxy = async (options: TcpProxyOptions): Promise<TcpProxy> => {
  const sep = options.target.lastIndexOf(":")
  const host = options.target.slice(0, sep)
  const port = Number(options.target.slice(sep + 1))
  if (!loopbackHosts.has(host) || !Number.isInteger(port)) {
    throw new Error(`tcpProxy: target must be a loopback host:port, got ${options.target}`)
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  const random = prng(seed)
  let faults: { -readonly [K in keyof Faults]-?: number } = {
    resetRate: 0,
    stallRate: 0,
    stallMillis: 0,
    delayMillis: 0,
    jitterMillis: 0
  }
  const setFaults = (next: Faults): void => {
    faults = {
      resetRate: next.resetRate ?? faults.resetRate,
      stallRate: next.stallRate ?? faults.stallRate,
      stallMillis: next.stallMillis ?? faults.stallMillis,
      delayMillis: next.delayMillis ?? faults.delayMillis,
      jitterMillis: next.jitterMillis ?? faults.jitterMillis
    }
  }
  setFaults(options)
  const counters = {
    connections: 0,
    requests: 0,
    responsesEnded: 0,
    requestResets: 0,
    responseResets: 0,
    manualResets: 0,
    stalls: 0,
    goAways: 0,
    bytesUp: 0,
    bytesDown: 0
  }
  const links = new Set<Link>()
  let forcedStalls = 0
  const delay = () => faults.delayMillis + (faults.jitterMillis > 0 ? random() * faults.jitterMillis : 0)

  const context: ProxyContext = {
    host,
    port,
    random,
    counters,
    links,
    faults: () => faults,
    delay,
    takeForcedStall: () => {
      if (forcedStalls === 0) return false
      forcedStalls--
      return true
    }
  }
  const server = net.createServer({ noDelay: true }, (client) => proxyConnection(client, context))

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const address = server.address() as net.AddressInfo

  return {
    address: `127.0.0.1:${address.port}`,
    stats: () => ({ seed, ...counters, openConnections: links.size }),
    setFaults,
    stallNext: (n) => {
      forcedStalls += n
    },
    resetAll: () => {
      for (const link of [...links]) {
        counters.manualResets++
        link.reset()
      }
    },
    goAwayAll: (graceMillis = 500) => {
      for (const link of [...links]) link.goAway(graceMillis)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const link of [...links]) link.destroy()
        server.close(() => resolve())
      })
  }
}

/** The proxy as a scoped resource: closed with the scope. */
export const make = (options: TcpProxyOptions): Effect.Effect<TcpProxy, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => startTcpProxy(options)),
    (proxy) => Effect.promise(() => proxy.close())
  )
