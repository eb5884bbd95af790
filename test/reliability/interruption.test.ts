/**
 * Interruption and leaks: every operation interrupted at random points (before its RPC, during
 * retries, during long polls) against the in-process fake gRPC server, which counts the calls still
 * open on its side. Afterwards: no call open on the server, no timer or socket left in the
 * process, no unhandled rejection, and the heap back to its level after a warm-up.
 */
import { assert, describe, it } from "@effect/vitest"
import * as grpc from "@grpc/grpc-js"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as v8 from "node:v8"
import * as vm from "node:vm"
import { methodsOf, serviceNames } from "../../src/internal/proto/services.js"
import { statusCode } from "../../src/internal/transport/status.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import type * as TemporalClient from "../../src/TemporalClient.js"
import type { FakeStatus } from "../../src/testing/FakeGrpcServer.js"
import { buildClient, isTypedError, prng, report, scale, since, soakRun } from "./_helpers.js"

v8.setFlagsFromString("--expose-gc")
const gc = vm.runInNewContext("gc") as () => void

const Def = WorkflowDefinition.make("fuzzed", {
  args: [],
  result: Schema.String,
  signals: { go: [Schema.String] },
  updates: { change: { args: [Schema.Number], result: Schema.String } }
})

const seed = Number(process.env["RELIABILITY_SEED"] ?? Math.floor(Math.random() * 2 ** 31))
const random = prng(seed)
const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!

/** A handler that answers after a random pause, fails retryably, or never answers. */
const flaky = <A extends object>(answer: () => A) => (): Effect.Effect<A, FakeStatus> =>
  Effect.suspend(() => {
    const roll = random()
    if (roll < 0.25) return Effect.fail({ code: "UNAVAILABLE" as const, message: "try again" })
    if (roll < 0.35) return Effect.never
    return Effect.as(Effect.sleep(Duration.millis(Math.floor(random() * 5))), answer())
  })

/** An empty long-poll answer (poll again), after a pause; sometimes never. */
const emptyPoll = <A extends object>(answer: A) => (): Effect.Effect<A, FakeStatus> =>
  Effect.suspend(() =>
    random() < 0.2 ? Effect.never : Effect.as(Effect.sleep(Duration.millis(1 + Math.floor(random() * 10))), answer)
  )

type Handler = () => Effect.Effect<object, FakeStatus>

/**
 * A lean fake of the workflow service, like `FakeGrpcServer` (whose per-call records would grow the
 * heap being measured): handlers by RPC, a count of the calls whose handler still runs, and a
 * count of the calls the client cancelled (which interrupts their handler).
 */
const leanServer = (handlers: Readonly<Record<string, Handler>>) =>
  Effect.gen(function*() {
    const counts = { open: 0, cancelled: 0 }
    const server = new grpc.Server()
    const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {}
    const implementation: grpc.UntypedServiceImplementation = {}
    for (const method of methodsOf(serviceNames.workflowService)) {
      definition[method.name] = {
        path: method.path,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b
      }
      const handler = handlers[method.key]
      implementation[method.name] = ((call, callback) => {
        counts.open++
        const type = method.responseType()
        const fiber = Effect.runFork(
          (handler ?? (() => Effect.fail<FakeStatus>({ code: "UNIMPLEMENTED" })))().pipe(
            Effect.map((response) => Buffer.from(type.encode(type.fromObject(response)).finish())),
            Effect.ensuring(Effect.sync(() => counts.open--))
          )
        )
        call.on("cancelled", () => {
          counts.cancelled++
          Effect.runFork(Fiber.interrupt(fiber))
        })
        fiber.addObserver((exit) => {
          if (Exit.isSuccess(exit)) return callback(null, exit.value)
          const failure = Cause.findErrorOption(exit.cause)
          callback(
            { code: statusCode(Option.isSome(failure) ? failure.value.code : "CANCELLED"), details: "fake" },
            null
          )
        })
      }) as grpc.handleUnaryCall<Buffer, Buffer>
    }
    server.addService(definition, implementation)
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) =>
        server.bindAsync(
          "127.0.0.1:0",
          grpc.ServerCredentials.createInsecure(),
          (error, port) => resume(error ? Effect.die(error) : Effect.succeed(port))
        )
      ),
      () => Effect.sync(() => server.forceShutdown())
    )
    return { address: `127.0.0.1:${port}`, counts }
  }) satisfies Effect.Effect<unknown, never, Scope.Scope>

const services: Readonly<Record<string, Handler>> = {
  getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
  startWorkflowExecution: flaky(() => ({ runId: "run-1", started: true })),
  signalWorkflowExecution: flaky(() => ({})),
  describeWorkflowExecution: flaky(() => ({
    workflowExecutionInfo: {
      execution: { workflowId: "wf", runId: "run-1" },
      type: { name: "fuzzed" },
      status: 1,
      startTime: { seconds: 1 },
      taskQueue: "tq"
    }
  })),
  getWorkflowExecutionHistory: emptyPoll({ history: { events: [] } }),
  updateWorkflowExecution: flaky(() => ({ stage: 2, updateRef: { updateId: "u" } })),
  pollWorkflowExecutionUpdate: emptyPoll({ stage: 2 })
}

/** One operation of the mix, each cut short after a random 0–60 ms. */
const operation = (client: TemporalClient.TemporalClientShape, i: number) => {
  const handle = client.getWorkflowHandleFor(Def, `wf-${i}`, { runId: "run-1" })
  const op = pick([
    Effect.asVoid(client.startWorkflow(Def, { id: `wf-${i}`, taskQueue: "tq" })),
    handle.signal("go", "x"),
    Effect.asVoid(handle.result()),
    Effect.asVoid(handle.describe()),
    Effect.asVoid(handle.executeUpdate("change", 1)),
    Effect.asVoid(Effect.flatMap(handle.startUpdate("change", { args: [2] }), (u) => u.result()))
  ])
  return Effect.exit(Effect.timeout(op as Effect.Effect<void, unknown>, Duration.millis(Math.floor(random() * 60))))
}

interface LoopFigures {
  ops: number
  ok: number
  typedFailures: number
  timedOut: number
  defects: number
}

const loop = (client: TemporalClient.TemporalClientShape, count: number, figures: LoopFigures) =>
  Effect.forEach(
    Array.from({ length: count }, (_, i) => i),
    (i) =>
      Effect.map(operation(client, i), (exit) => {
        figures.ops++
        if (Exit.isSuccess(exit)) return void figures.ok++
        const failure = Cause.findErrorOption(exit.cause)
        if (Option.isSome(failure) && (exit.cause.reasons.length === 1 && Cause.isFailReason(exit.cause.reasons[0]!))) {
          if (failure.value instanceof Cause.TimeoutError) figures.timedOut++
          else if (isTypedError(failure.value)) figures.typedFailures++
          else figures.defects++
        } else figures.defects++
      }),
    { concurrency: 8, discard: true }
  )

const countResources = (): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1
  return counts
}

/** Resources now that were not there at `baseline` (by kind). */
const extraResources = (baseline: Record<string, number>): Record<string, number> => {
  const now = countResources()
  const extra: Record<string, number> = {}
  for (const [name, n] of Object.entries(now)) if (n > (baseline[name] ?? 0)) extra[name] = n - (baseline[name] ?? 0)
  return extra
}

const heapMiB = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

describe("interruption and leaks", () => {
  it.live(
    `${scale("2 500", "12 000")} operations interrupted at random points: nothing left open, nothing leaked`,
    () =>
      Effect.gen(function*() {
        const unhandled: Array<unknown> = []
        const onUnhandled = (reason: unknown) => void unhandled.push(reason)
        process.on("unhandledRejection", onUnhandled)
        const resourcesBefore = countResources()
        const figures: LoopFigures = { ops: 0, ok: 0, typedFailures: 0, timedOut: 0, defects: 0 }
        const t0 = Date.now()
        let open = -1
        let cancelled = 0
        const heap = { warm: 0, after: 0 }
        yield* Effect.gen(function*() {
          const server = yield* leanServer(services)
          const client = yield* buildClient({
            address: server.address,
            retryConfig: { initialInterval: "1 millis", maxInterval: "5 millis", maxRetries: 5 }
          })
          yield* loop(client, scale(500, 2_000), figures) // warm-up: code paths compiled, pools sized
          heap.warm = heapMiB()
          yield* loop(client, scale(2_000, 10_000), figures)
          // Every call the client gave up on was cancelled, so the server's handlers end.
          for (let i = 0; i < 100 && server.counts.open > 0; i++) yield* Effect.sleep("20 millis")
          open = server.counts.open
          cancelled = server.counts.cancelled
          heap.after = heapMiB()
        }).pipe(Effect.scoped)
        // The client and the server are closed: the process is back to what it had before.
        let extra = extraResources(resourcesBefore)
        for (let i = 0; i < 100 && Object.keys(extra).length > 0; i++) {
          yield* Effect.sleep("20 millis")
          extra = extraResources(resourcesBefore)
        }
        yield* Effect.sleep("50 millis") // let any late rejection surface
        process.off("unhandledRejection", onUnhandled)
        report(
          `interruption: ${figures.ops} ops in ${since(t0)} (seed ${seed}): ok ${figures.ok}, typed failures ` +
            `${figures.typedFailures}, interrupted by timeout ${figures.timedOut}, defects ${figures.defects}; ` +
            `server: open calls ${open}, cancelled ${cancelled}; resources left ${JSON.stringify(extra)}; ` +
            `unhandled rejections ${unhandled.length}; heap ${heap.warm.toFixed(1)} → ${heap.after.toFixed(1)} MiB`
        )
        assert.strictEqual(figures.defects, 0, "no defects")
        assert.isAbove(figures.timedOut, figures.ops / 4, "many operations were interrupted")
        assert.isAbove(figures.ok + figures.typedFailures, figures.ops / 10, "and many ran to their end")
        assert.isAbove(cancelled, 0)
        assert.strictEqual(open, 0, "no gRPC call left open on the server")
        assert.deepStrictEqual(extra, {}, "no timer or socket left behind")
        assert.strictEqual(unhandled.length, 0, "no unhandled rejection")
        assert.isBelow(heap.after - heap.warm, soakRun ? 16 : 12, "heap back to its warm level")
      }),
    soakRun ? 600_000 : 90_000
  )
})
