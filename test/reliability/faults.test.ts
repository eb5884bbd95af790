/**
 * Faults between the client and a real dev server: connections reset under load (request IDs
 * reused on retry, so nothing is started or signalled twice), stalls, a server restart during long
 * polls, GOAWAY rotation and idle connection loss.
 *
 * Short run by default; `SOAK=1` runs the long figures. Everything is on loopback.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { inject } from "vitest"
import { startDevServer } from "../../scripts/devServer.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import type * as TemporalClient from "../../src/TemporalClient.js"
import { eventually } from "../support/eventually.js"
import * as TcpProxy from "../support/tcpProxy.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"
import {
  buildClient,
  fastKeepAlive,
  formatTally,
  makeTally,
  outcome,
  report,
  scale,
  since,
  soakRun,
  tally
} from "./_helpers.js"

const CountSignals = WorkflowDefinition.make("countSignals", {
  args: [],
  result: Schema.Struct({ count: Schema.Number, ids: Schema.Array(Schema.String) }),
  signals: { inc: [Schema.String], finish: [] }
})

const SignalQueryUpdate = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Struct({ name: Schema.String, status: Schema.String }),
  signals: { finish: [] },
  updates: { slowUpdate: { args: [Schema.Number], result: Schema.String } }
})

const worker = (address: string, taskQueue: string) =>
  withWorker({ address, taskQueue, workflowBundlePath: inject("workflowBundlePath") })

/** Every execution matching `query`, as listed (each run once). */
const listAll = (client: TemporalClient.TemporalClientShape, query: string) =>
  Stream.runCollect(client.listWorkflows(query, { pageSize: 1000 }))

describe("faults", () => {
  it.live(
    `resets under load: ${scale("400", "10 000")} starts + signals at concurrency 64, nothing lost or doubled`,
    () =>
      Effect.gen(function*() {
        const total = scale(400, 10_000)
        const concurrency = 64
        const resetRate = Number(process.env["RELIABILITY_RESET_RATE"] ?? 0.05)
        const serverAddress = inject("temporalAddress")
        // The first `sampleSize` workflows run in a worker at the end (they count their signals);
        // the others stay on a queue no worker polls, so the worker's pace does not set the test's.
        const sampleSize = scale(50, 1_000)
        const sampleQueue = freshTaskQueue("rel-resets-run")
        const idleQueue = freshTaskQueue("rel-resets-idle")
        const taskQueueOf = (i: number) => (i < sampleSize ? sampleQueue : idleQueue)
        const query = `TaskQueue = '${sampleQueue}' OR TaskQueue = '${idleQueue}'`
        const prefix = freshId("rst")
        const proxy = yield* TcpProxy.make({ target: serverAddress, jitterMillis: 2 })
        const faulty = yield* buildClient({ address: proxy.address })
        const direct = yield* buildClient({ address: serverAddress })
        proxy.setFaults({ resetRate })

        // Phase 1, through the faulty proxy: start each workflow, then signal it once.
        const started = makeTally()
        const signalled = makeTally()
        const startedRunIds = new Map<number, string>()
        const signalOk = new Set<number>()
        const startFailed = new Set<number>()
        const t0 = Date.now()
        yield* Effect.forEach(
          Array.from({ length: total }, (_, i) => i),
          (i) =>
            Effect.gen(function*() {
              const [startOutcome, handle] = yield* outcome(
                faulty.startWorkflow(CountSignals, { id: `${prefix}-${i}`, taskQueue: taskQueueOf(i) }),
                "60 seconds"
              )
              tally(started, startOutcome)
              if (Option.isNone(handle)) {
                startFailed.add(i)
                return
              }
              startedRunIds.set(i, handle.value.resultRunId ?? "")
              const [signalOutcome] = yield* outcome(handle.value.signal("inc", `${prefix}-${i}-sig`), "60 seconds")
              tally(signalled, signalOutcome)
              if (signalOutcome._tag === "Ok") signalOk.add(i)
            }),
          { concurrency, discard: true }
        )
        const stats = proxy.stats()
        proxy.setFaults({ resetRate: 0 })
        report(`resets: ${total} starts + signals through the proxy in ${since(t0)}`)
        report(`  starts:  ${formatTally(started)}`)
        report(`  signals: ${formatTally(signalled)}`)
        report(
          `  proxy: seed ${stats.seed}, ${stats.connections} connections, ${stats.requests} request attempts ` +
            `(${stats.requests - 2 * total} beyond one per call), resets ${stats.requestResets} on requests + ` +
            `${stats.responseResets} on responses`
        )

        // No call hung, every failure typed, no defect.
        for (const t of [started, signalled]) {
          assert.strictEqual(t.hung, 0, "no call hung")
          assert.strictEqual(t.defects, 0, "no defects")
          assert.strictEqual(t.untyped, 0, "every failure typed")
        }
        // A start retried after its response was lost must find its own run (same request ID),
        // never "already started".
        assert.isUndefined(started.failures.get("WorkflowAlreadyStartedError"), "no start saw its own retry")
        // The faults really happened, and on responses the server had already acted on.
        assert.isAbove(stats.responseResets, 0)
        assert.isAbove(stats.requestResets, 0)

        // Phase 2, directly: every workflow exists once, with the run ID the client was given.
        const t1 = Date.now()
        const existing = yield* eventually(
          "visibility catches up",
          Effect.map(direct.countWorkflows(query), (count) =>
            count.count >= startedRunIds.size ? Option.some(count.count) : Option.none()),
          { attempts: 200, interval: "200 millis" }
        )
        const listed = yield* listAll(direct, query)
        const perId = new Map<string, number>()
        for (const execution of listed) {
          perId.set(execution.id, (perId.get(execution.id) ?? 0) + 1)
        }
        const duplicateStarts = [...perId.values()].filter((n) =>
          n > 1
        ).length
        assert.strictEqual(listed.length, existing, "list and count agree")
        assert.strictEqual(duplicateStarts, 0, "no workflow ID has two runs")
        let lostStarts = 0
        let failedButHappened = 0
        yield* Effect.forEach(
          Array.from({ length: total }, (_, i) => i),
          (i) =>
            Effect.gen(function*() {
              const description = yield* Effect.option(direct.getWorkflowHandle(`${prefix}-${i}`).describe())
              const runId = startedRunIds.get(i)
              if (runId !== undefined) {
                if (Option.isNone(description) || description.value.runId !== runId) lostStarts++
              } else if (Option.isSome(description)) failedButHappened++
            }),
          { concurrency, discard: true }
        )
        assert.strictEqual(lostStarts, 0, "every start reported successful exists with its run ID")
        assert.strictEqual(perId.size, startedRunIds.size + failedButHappened)

        // Phase 3: what the server recorded: the `inc` signals in each history.
        let lostSignals = 0
        let duplicateSignals = 0
        let wrongIds = 0
        const signalsInHistory = new Map<string, number>()
        yield* Effect.forEach(
          [...perId.keys()],
          (workflowId) =>
            Effect.gen(function*() {
              const i = Number(workflowId.slice(prefix.length + 1))
              const events = yield* Stream.runCollect(direct.getWorkflowHandle(workflowId).fetchHistory())
              const incs = events.filter((event) =>
                event.workflowExecutionSignaledEventAttributes?.signalName === "inc"
              )
              signalsInHistory.set(workflowId, incs.length)
              if (incs.length > 1) duplicateSignals++
              if (signalOk.has(i) && incs.length === 0) lostSignals++
              for (const event of incs) {
                const payload = event.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]
                const id = payload?.data ? JSON.parse(new TextDecoder().decode(payload.data)) : undefined
                if (id !== `${prefix}-${i}-sig`) wrongIds++
              }
            }),
          { concurrency, discard: true }
        )
        report(
          `  verified in ${since(t1)}: ${perId.size} workflows exist (duplicates ${duplicateStarts}, lost starts ` +
            `${lostStarts}, failed-but-happened ${failedButHappened}); signals in histories: lost ${lostSignals}, ` +
            `duplicates ${duplicateSignals}, wrong ${wrongIds}`
        )
        assert.strictEqual(duplicateSignals, 0, "no signal arrived twice")
        assert.strictEqual(lostSignals, 0, "every signal reported sent arrived")
        assert.strictEqual(wrongIds, 0)

        // Phase 4: the fixture workflow counts what it received by request ID, for a sample (all in the
        // soak): a worker runs them, each gets `finish`, and its count must match the history's.
        const t2 = Date.now()
        const sample = [...perId.keys()].filter((id) => Number(id.slice(prefix.length + 1)) < sampleSize)
        yield* worker(serverAddress, sampleQueue)
        const results = makeTally()
        let mismatches = 0
        yield* Effect.forEach(
          sample,
          (workflowId) =>
            Effect.gen(function*() {
              const handle = direct.getWorkflowHandleFor(CountSignals, workflowId)
              const [o, result] = yield* outcome(
                Effect.andThen(handle.signal("finish"), handle.result()),
                "120 seconds"
              )
              tally(results, o)
              if (Option.isSome(result) && result.value.count !== signalsInHistory.get(workflowId)) mismatches++
            }),
          { concurrency, discard: true }
        )
        report(
          `  ${sample.length} workflows counted their signals in ${since(t2)}: ${
            formatTally(results)
          }, mismatches ${mismatches}`
        )
        assert.strictEqual(results.ok, sample.length, "every sampled workflow finished")
        assert.strictEqual(mismatches, 0, "the workflows counted what the histories hold")
      }).pipe(Effect.scoped),
    soakRun ? 1_800_000 : 150_000
  )

  it.live(
    `server restart (same SQLite file) during ${scale(100, 300)} result() long polls and 10 update polls`,
    () =>
      Effect.gen(function*() {
        const polls = scale(100, 300)
        const updates = 10
        const updateMillis = 4_000
        const server = yield* Effect.acquireRelease(
          Effect.promise(() => startDevServer({ verbose: false })),
          (server) => Effect.promise(() => server.stop())
        )
        const taskQueue = freshTaskQueue("rel-restart")
        yield* worker(server.address, taskQueue)
        // Default keep-alive (30 s): a dead server shows as a closed socket, no ping needed.
        const client = yield* buildClient({ address: server.address })
        const prefix = freshId("restart")
        const handles = yield* Effect.forEach(
          Array.from({ length: polls }, (_, i) => i),
          (i) => client.startWorkflow(SignalQueryUpdate, { id: `${prefix}-${i}`, taskQueue, args: [`name-${i}`] }),
          { concurrency: 32 }
        )
        const updateHandles = yield* Effect.forEach(
          handles.slice(0, updates),
          (handle) => handle.startUpdate("slowUpdate", { args: [updateMillis], waitForStage: "Accepted" }),
          { concurrency: updates }
        )
        const resultFibers = yield* Effect.forEach(handles, (handle) => Effect.forkChild(handle.result()))
        const updateFibers = yield* Effect.forEach(updateHandles, (handle) => Effect.forkChild(handle.result()))
        yield* Effect.sleep("500 millis") // the polls are open on the server now

        const t0 = Date.now()
        yield* Effect.promise(() => server.restart())
        const downtime = Date.now() - t0
        // The workflows end only now, on the restarted server.
        const finished = yield* Effect.forEach(
          handles,
          (handle) => outcome(handle.signal("finish"), "60 seconds"),
          { concurrency: 32 }
        )
        const results = makeTally()
        let wrong = 0
        yield* Effect.forEach(resultFibers, (fiber, i) =>
          Effect.gen(function*() {
            const [o, value] = yield* outcome(Fiber.join(fiber), "90 seconds")
            tally(results, o)
            if (o._tag === "Failed" && results.failed === 1) report(`  first result() failure: ${String(o.error)}`)
            if (Option.isSome(value) && (value.value.name !== `name-${i}` || value.value.status !== "finished")) wrong++
          }))
        const updateResults = makeTally()
        yield* Effect.forEach(updateFibers, (fiber) =>
          Effect.gen(function*() {
            const [o, value] = yield* outcome(Fiber.join(fiber), "90 seconds")
            tally(updateResults, o)
            if (Option.isSome(value) && value.value !== `slept ${updateMillis}`) wrong++
          }))
        report(
          `restart: server down ${downtime} ms; ${polls} results: ${formatTally(results)}; ` +
            `${updates} updates: ${formatTally(updateResults)}; wrong ${wrong}; finish signals failed ` +
            `${finished.filter(([o]) => o._tag !== "Ok").length}; all done ${since(t0)} after the restart began`
        )
        assert.strictEqual(results.ok, polls, "every result() resolved")
        assert.strictEqual(updateResults.ok, updates, "every update poll resolved")
        assert.strictEqual(wrong, 0, "with the right values")
      }).pipe(Effect.scoped),
    120_000
  )

  it.live("GOAWAY from the proxy and idle connection loss: the channel reconnects by itself", () =>
    Effect.gen(function*() {
      const proxy = yield* TcpProxy.make({ target: inject("temporalAddress") })
      const client = yield* buildClient({ address: proxy.address })
      const handle = client.getWorkflowHandle(freshId("absent"))
      const probe = Effect.flip(handle.describe()) // WorkflowNotFoundError: a full round trip
      assert.strictEqual((yield* probe)._tag, "WorkflowNotFoundError")

      // A graceful GOAWAY (as a server rotating connections sends) while a call is in flight.
      const inFlight = yield* Effect.forkChild(Effect.andThen(Effect.sleep("50 millis"), probe))
      proxy.goAwayAll(300)
      assert.strictEqual((yield* Fiber.join(inFlight))._tag, "WorkflowNotFoundError")
      yield* Effect.sleep("500 millis")
      assert.strictEqual((yield* probe)._tag, "WorkflowNotFoundError")

      // The idle connection is lost (reset with no call open); the next call reconnects.
      yield* Effect.sleep("200 millis")
      proxy.resetAll()
      yield* Effect.sleep("200 millis")
      assert.strictEqual((yield* probe)._tag, "WorkflowNotFoundError")

      // And with calls in flight: they fail over to a new connection within the retry budget.
      const many = yield* Effect.forkChild(Effect.all(Array.from({ length: 20 }, () => probe), { concurrency: 20 }))
      yield* Effect.sleep("5 millis")
      proxy.resetAll()
      const tags = yield* Fiber.join(many)
      assert.isTrue(tags.every((error) => error._tag === "WorkflowNotFoundError"))

      const stats = proxy.stats()
      report(
        `goaway/idle: ${stats.goAways} GOAWAY, ${stats.manualResets} resets, ${stats.connections} connections, ` +
          `${stats.requests} requests`
      )
      assert.isAtLeast(stats.goAways, 1)
      assert.isAtLeast(stats.connections, 3, "a new connection after the GOAWAY and after each reset")
    }).pipe(Effect.scoped))

  it.live(
    "GOAWAY from the server itself (max connection age 2 s) during calls and a long poll",
    () =>
      Effect.gen(function*() {
        const server = yield* Effect.acquireRelease(
          Effect.promise(() =>
            startDevServer({
              verbose: false,
              dynamicConfig: {
                "frontend.keepAliveMaxConnectionAge": "2s",
                "frontend.keepAliveMaxConnectionAgeGrace": "2s"
              }
            })
          ),
          (server) => Effect.promise(() => server.stop())
        )
        const proxy = yield* TcpProxy.make({ target: server.address }) // only to count connections
        const taskQueue = freshTaskQueue("rel-goaway")
        yield* worker(server.address, taskQueue)
        const client = yield* buildClient({ address: proxy.address })
        const sleeper = yield* client.startWorkflow("longRunning", { id: freshId("goaway"), taskQueue, args: [9_000] })
        const longPoll = yield* Effect.forkChild(sleeper.result())
        const calls = makeTally()
        const deadline = Date.now() + 10_000
        while (Date.now() < deadline) {
          const [o] = yield* outcome(
            client.startWorkflow("echo", { id: freshId("goaway-echo"), taskQueue, args: [1] }),
            "30 seconds"
          )
          tally(calls, o)
          yield* Effect.sleep("50 millis")
        }
        const [longPollOutcome, value] = yield* outcome(Fiber.join(longPoll), "30 seconds")
        const stats = proxy.stats()
        report(
          `server GOAWAY: ${stats.connections} connections in 10 s; calls ${formatTally(calls)}; long poll ` +
            `${longPollOutcome._tag === "Failed" ? String(longPollOutcome.error) : longPollOutcome._tag} ${
              JSON.stringify(value)
            }`
        )
        assert.strictEqual(calls.failed + calls.hung + calls.defects, 0)
        assert.strictEqual(longPollOutcome._tag, "Ok", "the long poll survived the rotations")
        assert.isTrue(Option.isSome(value) && value.value === "slept")
        assert.isAtLeast(stats.connections, 3, "the server rotated the connection and the client followed")
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "stalls: connections that stop forwarding are noticed by keep-alive and calls retried",
    () =>
      Effect.gen(function*() {
        const total = scale(100, 1_000)
        const proxy = yield* TcpProxy.make({ target: inject("temporalAddress") })
        const client = yield* buildClient({ address: proxy.address, keepAlive: fastKeepAlive })
        const taskQueue = freshTaskQueue("rel-stall")
        const prefix = freshId("stall")
        proxy.setFaults({ stallRate: scale(0, 0.01), stallMillis: Infinity, delayMillis: 1, jitterMillis: 5 })
        proxy.stallNext(1) // the first request's connection stalls for good
        const started = makeTally()
        const runIds = new Map<number, string>()
        const t0 = Date.now()
        yield* Effect.forEach(
          Array.from({ length: total }, (_, i) => i),
          (i) =>
            Effect.gen(function*() {
              const [o, handle] = yield* outcome(
                client.startWorkflow(CountSignals, { id: `${prefix}-${i}`, taskQueue }),
                "60 seconds"
              )
              tally(started, o)
              if (Option.isSome(handle)) runIds.set(i, handle.value.resultRunId ?? "")
              if (i === Math.floor(total / 2)) proxy.stallNext(1) // and one mid-run
            }),
          { concurrency: 16, discard: true }
        )
        const stats = proxy.stats()
        proxy.setFaults({ stallRate: 0, delayMillis: 0, jitterMillis: 0 })
        report(
          `stalls: ${total} starts in ${since(t0)}: ${
            formatTally(started)
          }; ${stats.stalls} stalls, ${stats.connections} connections`
        )
        assert.strictEqual(started.hung, 0, "no call hung")
        assert.strictEqual(started.defects + started.untyped, 0)
        assert.isUndefined(started.failures.get("WorkflowAlreadyStartedError"))
        assert.isAbove(stats.stalls, 0)
        const direct = yield* buildClient({ address: inject("temporalAddress") })
        const descriptions = yield* Effect.forEach(
          [...runIds],
          ([i, runId]) => Effect.map(direct.getWorkflowHandle(`${prefix}-${i}`).describe(), (d) => d.runId === runId),
          { concurrency: 16 }
        )
        assert.isTrue(descriptions.every(Boolean), "every start reported successful exists")
      }).pipe(Effect.scoped),
    120_000
  )
})
