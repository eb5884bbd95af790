/**
 * Bad input: fast-check (bounded runs, seeded) feeds the decoders malformed payloads, failures,
 * server responses (mutated protobuf bytes of real responses: histories, descriptions, query and
 * update answers, pages) and option objects. Every input must end in a value or one of the
 * library's typed errors: 0 defects. Short run 5 000 inputs in all; `SOAK=1` 100 000.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { temporal } from "../../src/internal/proto/root.js"
import { methodsOf, serviceNames } from "../../src/internal/proto/services.js"
import { makeServiceClientWith } from "../../src/internal/transport/pipeline.js"
import * as DataConverter from "../../src/layers/DataConverter.js"
import * as PayloadCodec from "../../src/layers/PayloadCodec.js"
import * as RetryConfig from "../../src/RetryConfig.js"
import type { WorkflowServiceClient } from "../../src/services/Connection.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeConnection from "../../src/testing/FakeConnection.js"
import { isTypedError, report, scale } from "./_helpers.js"

const proto = temporal()

/** Inputs per property, so that all together make 5 000 (short) or 100 000 (soak). */
const runs = (share: number) => Math.round(scale(5_000, 100_000) * share)
/**
 * The default run replays one fixed seed, so `npm test` checks the same 5 000 inputs every time;
 * the soak explores a fresh seed each run (it is printed, and `RELIABILITY_SEED` replays it).
 */
const seed = Number(process.env["RELIABILITY_SEED"] ?? scale(324_170_611, Date.now() % 2 ** 31))

interface Verdict {
  inputs: number
  values: number
  typed: number
  /** Defects of a kind already reported and pinned by a `.fails` test below; counted, not failed on. */
  known: number
  readonly defects: Array<string>
}

const verdict = (): Verdict => ({ inputs: 0, values: 0, typed: 0, known: 0, defects: [] })

/** Defects that are known and tolerated by the fuzz runs: none. */
const knownDefects: ReadonlyArray<RegExp> = []

/** Run `effect`; a defect, an interruption or an untyped failure is recorded. */
const judge = async <A, E>(v: Verdict, effect: Effect.Effect<A, E>, input: () => string): Promise<boolean> => {
  v.inputs++
  const exit = await Effect.runPromiseExit(Effect.timeout(effect, "5 seconds"))
  if (Exit.isSuccess(exit)) {
    v.values++
    return true
  }
  const failure = Cause.findErrorOption(exit.cause)
  if (
    Option.isSome(failure) && (exit.cause.reasons.length === 1 && Cause.isFailReason(exit.cause.reasons[0]!)) &&
    isTypedError(failure.value)
  ) {
    v.typed++
    return true
  }
  const pretty = Cause.pretty(exit.cause)
  if (knownDefects.some((pattern) => pattern.test(pretty))) {
    v.known++
    return true
  }
  if (v.defects.length < 5) {
    v.defects.push(`${Cause.pretty(exit.cause).split("\n").slice(0, 3).join(" | ")} ← ${input()}`)
  }
  return false
}

const check = (name: string, v: Verdict) => {
  report(
    `fuzz ${name}: ${v.inputs} inputs → ${v.values} values, ${v.typed} typed errors, ${v.defects.length} defects` +
      (v.known > 0 ? ` (+ ${v.known} of the known, reported defect)` : "")
  )
  assert.deepStrictEqual(v.defects, [], `${name}: every input ends in a value or a typed error`)
}

const show = (u: unknown) =>
  JSON.stringify(
    u,
    (_, value) => (value instanceof Uint8Array ? `bytes[${Buffer.from(value).toString("hex")}]` : value)
  )
    .slice(0, 400)

// ---------------------------------------------------------------------------------------------
// Payloads and failures
// ---------------------------------------------------------------------------------------------

const encodings = [
  "binary/null",
  "binary/plain",
  "json/plain",
  "json/protobuf",
  "binary/protobuf",
  "binary/zlib",
  "binary/encrypted",
  "",
  "made/up"
]
const utf8 = (s: string) => new TextEncoder().encode(s)

const arbBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.json().map(utf8),
  fc.string().map(utf8),
  fc.constantFrom(utf8("null"), utf8("{}"), utf8("[1,2"), utf8("\"x\""), new Uint8Array())
)
const arbMetadata = fc.dictionary(
  fc.oneof(fc.constantFrom("encoding", "messageType", "encryption-key-id"), fc.string({ maxLength: 8 })),
  fc.oneof(
    fc.constantFrom(...encodings).map(utf8),
    fc.constantFrom("temporal.api.common.v1.Payload", "x.Y").map(utf8),
    arbBytes
  ),
  { maxKeys: 4 }
)
const arbPayload = fc.oneof(
  fc.record({ metadata: arbMetadata, data: arbBytes }, { requiredKeys: [] }),
  // Plausible ones too, so the decoders' success paths run: valid JSON, sometimes the wrong shape.
  fc.oneof(
    fc.jsonValue(),
    fc.record({ a: fc.oneof(fc.double(), fc.jsonValue()), b: fc.option(fc.string(), { nil: undefined }) })
  )
    .map((value) => ({ metadata: { encoding: utf8("json/plain") }, data: utf8(JSON.stringify(value) ?? "null") }))
)

const arbFailure: fc.Arbitrary<object> = fc.letrec<{ failure: object }>((tie) => ({
  failure: fc.record(
    {
      message: fc.string({ maxLength: 20 }),
      source: fc.string({ maxLength: 5 }),
      stackTrace: fc.string({ maxLength: 20 }),
      encodedAttributes: arbPayload,
      cause: fc.option(tie("failure"), { nil: undefined, depthSize: "small" }),
      applicationFailureInfo: fc.record(
        {
          type: fc.string({ maxLength: 8 }),
          nonRetryable: fc.boolean(),
          details: fc.record({ payloads: fc.array(arbPayload, { maxLength: 2 }) }),
          category: fc.integer({ min: -1, max: 5 })
        },
        { requiredKeys: [] }
      ),
      timeoutFailureInfo: fc.record({
        timeoutType: fc.integer({ min: -1, max: 9 }),
        lastHeartbeatDetails: fc.record({ payloads: fc.array(arbPayload, { maxLength: 2 }) })
      }, { requiredKeys: [] }),
      canceledFailureInfo: fc.record({ details: fc.record({ payloads: fc.array(arbPayload, { maxLength: 2 }) }) }, {
        requiredKeys: []
      }),
      terminatedFailureInfo: fc.constant({}),
      serverFailureInfo: fc.record({ nonRetryable: fc.boolean() }, { requiredKeys: [] }),
      resetWorkflowFailureInfo: fc.record({
        lastHeartbeatDetails: fc.record({ payloads: fc.array(arbPayload, { maxLength: 1 }) })
      }, { requiredKeys: [] }),
      activityFailureInfo: fc.record(
        {
          scheduledEventId: fc.integer(),
          activityType: fc.record({ name: fc.string({ maxLength: 5 }) }),
          activityId: fc.string({ maxLength: 5 }),
          retryState: fc.integer({ min: -1, max: 9 })
        },
        { requiredKeys: [] }
      ),
      childWorkflowExecutionFailureInfo: fc.record(
        {
          namespace: fc.string({ maxLength: 5 }),
          workflowExecution: fc.record({ workflowId: fc.string({ maxLength: 5 }), runId: fc.string({ maxLength: 5 }) }),
          retryState: fc.integer({ min: -1, max: 9 })
        },
        { requiredKeys: [] }
      )
    },
    { requiredKeys: [] }
  )
})).failure

/** Through the wire format first when it encodes, as the client would see it after decoding. */
const asDecoded = (failure: object): object => {
  try {
    const F = proto.api.failure.v1.Failure
    return F.decode(F.encode(F.fromObject(failure)).finish())
  } catch {
    return failure
  }
}

const converters = [
  DataConverter.defaultDataConverter,
  DataConverter.addCodec(DataConverter.defaultDataConverter, PayloadCodec.zlib()),
  DataConverter.addCodec(
    DataConverter.defaultDataConverter,
    PayloadCodec.aesGcm(PayloadCodec.encryptionKey("k1", new Uint8Array(32).fill(7)))
  )
]
const Shape = Schema.Struct({ a: Schema.Number, b: Schema.optional(Schema.String) })

// ---------------------------------------------------------------------------------------------
// Server responses: mutated bytes of real responses, through the whole client
// ---------------------------------------------------------------------------------------------

const P = proto.api
const payloadOf = (value: unknown) => ({
  metadata: { encoding: utf8("json/plain") },
  data: utf8(JSON.stringify(value))
})
const failureSeed = {
  message: "outer",
  applicationFailureInfo: { type: "Outer", details: { payloads: [payloadOf(42)] } },
  cause: { message: "inner", timeoutFailureInfo: { timeoutType: 1 } }
}
/** Encode a plain object as message type `T` (numbers for 64-bit fields allowed). */
const enc = (T: { fromObject: (o: object) => object; encode: (m: never) => { finish: () => Uint8Array } }, o: object) =>
  T.encode(T.fromObject(o) as never).finish()
const historyOf = (attributes: object) =>
  enc(P.workflowservice.v1.GetWorkflowExecutionHistoryResponse, {
    history: { events: [{ eventId: 9, eventTime: { seconds: 5 }, eventType: 2, ...attributes }] }
  })

/** Seeds: encoded responses of the RPCs the client decodes, by operation. */
const seeds: ReadonlyArray<{ readonly op: Op; readonly bytes: Uint8Array }> = [
  {
    op: "result",
    bytes: historyOf({ workflowExecutionCompletedEventAttributes: { result: { payloads: [payloadOf({ a: 1 })] } } })
  },
  {
    op: "result",
    bytes: historyOf({ workflowExecutionFailedEventAttributes: { failure: failureSeed, retryState: 2 } })
  },
  { op: "result", bytes: historyOf({ workflowExecutionTimedOutEventAttributes: { retryState: 3 } }) },
  {
    op: "result",
    bytes: historyOf({ workflowExecutionCanceledEventAttributes: { details: { payloads: [payloadOf("c")] } } })
  },
  { op: "result", bytes: historyOf({ workflowExecutionTerminatedEventAttributes: { reason: "r", identity: "i" } }) },
  {
    op: "result",
    bytes: historyOf({ workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId: "run-2" } })
  },
  {
    op: "describe",
    bytes: enc(P.workflowservice.v1.DescribeWorkflowExecutionResponse, {
      executionConfig: { taskQueue: { name: "tq" }, workflowRunTimeout: { seconds: 10 } },
      workflowExecutionInfo: {
        execution: { workflowId: "wf", runId: "run-1" },
        type: { name: "t" },
        startTime: { seconds: 1 },
        closeTime: { seconds: 2 },
        status: 2,
        historyLength: 5,
        memo: { fields: { m: payloadOf({ x: 1 }) } },
        searchAttributes: {
          indexedFields: {
            CustomIntField: { metadata: { encoding: utf8("json/plain"), type: utf8("Int") }, data: utf8("7") }
          }
        },
        taskQueue: "tq"
      },
      pendingActivities: [{ activityId: "a", activityType: { name: "x" }, state: 1, lastFailure: failureSeed }]
    })
  },
  {
    op: "query",
    bytes: enc(P.workflowservice.v1.QueryWorkflowResponse, { queryResult: { payloads: [payloadOf({ a: 2 })] } })
  },
  {
    op: "query",
    bytes: enc(P.workflowservice.v1.QueryWorkflowResponse, { queryRejected: { status: 2 } })
  },
  {
    op: "update",
    bytes: enc(P.workflowservice.v1.UpdateWorkflowExecutionResponse, {
      stage: 3,
      outcome: { success: { payloads: [payloadOf({ a: 3 })] } }
    })
  },
  {
    op: "update",
    bytes: enc(P.workflowservice.v1.UpdateWorkflowExecutionResponse, { stage: 3, outcome: { failure: failureSeed } })
  },
  {
    op: "list",
    bytes: enc(P.workflowservice.v1.ListWorkflowExecutionsResponse, {
      executions: [{
        execution: { workflowId: "w", runId: "r" },
        type: { name: "t" },
        startTime: { seconds: 1 },
        status: 1
      }],
      nextPageToken: utf8("tok")
    })
  },
  {
    op: "count",
    bytes: enc(P.workflowservice.v1.CountWorkflowExecutionsResponse, {
      count: 3,
      groups: [{ groupValues: [payloadOf("Running")], count: 3 }]
    })
  },
  {
    op: "start",
    bytes: enc(P.workflowservice.v1.StartWorkflowExecutionResponse, { runId: "run-1", started: true })
  }
]
type Op = "result" | "describe" | "query" | "update" | "list" | "count" | "start"

const mutation = fc.tuple(fc.constantFrom("flip", "set", "insert", "delete", "truncate", "dup"), fc.nat(), fc.nat(255))
const mutate = (bytes: Uint8Array, mutations: ReadonlyArray<readonly [string, number, number]>): Uint8Array => {
  let out = Array.from(bytes)
  for (const [kind, at, value] of mutations) {
    const i = out.length === 0 ? 0 : at % out.length
    switch (kind) {
      case "flip":
        if (out.length > 0) out[i] = out[i]! ^ (1 << (value % 8))
        break
      case "set":
        if (out.length > 0) out[i] = value
        break
      case "insert":
        out.splice(i, 0, value)
        break
      case "delete":
        out.splice(i, 1 + (value % 4))
        break
      case "truncate":
        out = out.slice(0, i)
        break
      case "dup":
        out.splice(i, 0, ...out.slice(i, i + 1 + (value % 8)))
        break
    }
  }
  return Uint8Array.from(out)
}

const responseTypeOf = (rpc: string) =>
  methodsOf(serviceNames.workflowService).find((m) => m.key === rpc)!.responseType()
const rpcOf: Record<Op, string> = {
  result: "getWorkflowExecutionHistory",
  describe: "describeWorkflowExecution",
  query: "queryWorkflow",
  update: "updateWorkflowExecution",
  list: "listWorkflowExecutions",
  count: "countWorkflowExecutions",
  start: "startWorkflowExecution"
}

/**
 * A client on a fake connection whose `rpc` answers `first` once (decoded from the mutated bytes),
 * then plain answers, so a loop that follows runs or polls again ends.
 */
const clientAnswering = (rpc: string, first: object) =>
  Effect.gen(function*() {
    const served = yield* Ref.make(false)
    const then: Record<string, object> = {
      getWorkflowExecutionHistory: FakeConnection.completedHistory({ a: 9 }),
      pollWorkflowExecutionUpdate: { outcome: { success: { payloads: [payloadOf({ a: 9 })] } }, stage: 3 },
      updateWorkflowExecution: { stage: 3, outcome: { success: { payloads: [payloadOf({ a: 9 })] } } }
    }
    const answer = (name: string) => () =>
      Effect.map(Ref.getAndSet(served, true), (already) => name === rpc && !already ? first : then[name] ?? first)
    const handlers: Record<string, () => Effect.Effect<object>> = {}
    for (const name of new Set([rpc, ...Object.keys(then)])) handlers[name] = answer(name)
    const layer = TemporalClient.layer().pipe(
      Layer.provideMerge(FakeConnection.layer({ workflowService: handlers as never })),
      Layer.provide(DataConverter.Default)
    )
    return Context.get(yield* Layer.build(layer), TemporalClient.TemporalClient)
  })

const runOp = (op: Op, client: TemporalClient.TemporalClientShape): Effect.Effect<unknown, unknown> => {
  const handle = client.getWorkflowHandle("wf", { runId: "run-1" })
  switch (op) {
    case "result":
      return handle.result()
    case "describe":
      return handle.describe()
    case "query":
      return handle.query("q")
    case "update":
      return handle.executeUpdate("u")
    case "list":
      return client.listWorkflowsPage("")
    case "count":
      return client.countWorkflows("")
    case "start":
      return client.startWorkflow("fuzzed", { id: "wf", taskQueue: "tq" })
  }
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Mostly `valid`, sometimes anything at all. */
const mostly = <A>(valid: fc.Arbitrary<A>) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.anything() })
const arbDuration = mostly(fc.oneof(
  fc.integer({ min: 1, max: 100_000 }),
  fc.constantFrom("1 second", "10 minutes", "2 hours"),
  fc.constantFrom("0 millis", "-5 seconds", "forever", "banana", Infinity, NaN, -0, -10)
))
const arbStartOptions = fc.record(
  {
    id: mostly(fc.oneof(fc.constantFrom("wf-1", "", " "), fc.string({ minLength: 1 }))),
    taskQueue: mostly(fc.oneof(fc.constantFrom("tq", "", "/_sys/tq"), fc.string({ minLength: 1 }))),
    args: mostly(fc.array(fc.jsonValue(), { maxLength: 3 })),
    executionTimeout: arbDuration,
    runTimeout: arbDuration,
    taskTimeout: arbDuration,
    startDelay: arbDuration,
    rpcTimeout: arbDuration,
    idReusePolicy: mostly(
      fc.constantFrom("AllowDuplicate", "AllowDuplicateFailedOnly", "RejectDuplicate", "TerminateIfRunning")
    ),
    idConflictPolicy: mostly(fc.constantFrom("Fail", "UseExisting", "TerminateExisting")),
    cronSchedule: mostly(fc.oneof(fc.constantFrom("* * * * *", "@every 1m", "61 * * * *", ""), fc.string())),
    retryPolicy: mostly(fc.record(
      {
        initialInterval: arbDuration,
        backoffCoefficient: fc.double(),
        maximumAttempts: fc.integer(),
        nonRetryableErrorTypes: mostly(fc.array(fc.string()))
      },
      { requiredKeys: [] }
    )),
    memo: mostly(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })),
    searchAttributes: mostly(
      fc.dictionary(
        fc.constantFrom("CustomIntField", "CustomKeywordField", "x"),
        fc.oneof(fc.integer(), fc.string(), fc.array(fc.string())),
        { maxKeys: 2 }
      )
    ),
    startSignal: mostly(fc.constantFrom("go", "")),
    startSignalArgs: mostly(fc.array(fc.jsonValue(), { maxLength: 2 })),
    requestEagerStart: mostly(fc.boolean()),
    priority: mostly(
      fc.record({ priorityKey: fc.integer(), fairnessKey: fc.string(), fairnessWeight: fc.double() }, {
        requiredKeys: []
      })
    ),
    requestId: mostly(fc.string()),
    rpcMetadata: mostly(fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 })),
    staticSummary: mostly(fc.string())
  },
  { requiredKeys: ["id", "taskQueue"] }
).chain((full) =>
  // Most inputs set only a few options, so that many are valid and reach the RPC.
  fc.subarray(Object.keys(full).filter((k) => k !== "id" && k !== "taskQueue"), { maxLength: 4 }).map((keys) => {
    const picked: Record<string, unknown> = { id: full.id, taskQueue: full.taskQueue }
    for (const key of keys) picked[key] = (full as Record<string, unknown>)[key]
    return picked
  })
)

/** Options the server rejects, that the client must refuse before sending anything. */
const rejectedBeforeRpc: ReadonlyArray<readonly [string, object]> = [
  ["empty id", { id: "", taskQueue: "tq" }],
  ["empty task queue", { id: "wf", taskQueue: "" }],
  ["reserved task queue", { id: "wf", taskQueue: "/_sys/tq" }],
  ["negative execution timeout", { id: "wf", taskQueue: "tq", executionTimeout: "-1 seconds" }],
  ["negative start delay", { id: "wf", taskQueue: "tq", startDelay: -5 }],
  ["start delay with cron", { id: "wf", taskQueue: "tq", startDelay: "1 second", cronSchedule: "* * * * *" }],
  ["TerminateIfRunning with a conflict policy", {
    id: "wf",
    taskQueue: "tq",
    idReusePolicy: "TerminateIfRunning",
    idConflictPolicy: "Fail"
  }],
  ["RejectDuplicate with TerminateExisting", {
    id: "wf",
    taskQueue: "tq",
    idReusePolicy: "RejectDuplicate",
    idConflictPolicy: "TerminateExisting"
  }],
  ["signal-with-start with eager start", { id: "wf", taskQueue: "tq", startSignal: "go", requestEagerStart: true }],
  ["signal args without a signal", { id: "wf", taskQueue: "tq", startSignalArgs: [1] }],
  ["bad cron", { id: "wf", taskQueue: "tq", cronSchedule: "every tuesday" }]
]

describe("fuzz", () => {
  it.live(
    `payloads and failures decode to values or typed errors (${runs(0.4)} inputs)`,
    () =>
      Effect.promise(async () => {
        const v = verdict()
        await fc.assert(
          fc.asyncProperty(fc.nat(2), arbPayload, fc.boolean(), (c, payload, withSchema) =>
            judge(
              v,
              withSchema ? converters[c]!.fromPayload(payload, Shape) : converters[c]!.fromPayload(payload),
              () => show(payload)
            )),
          { numRuns: runs(0.2), seed }
        )
        await fc.assert(
          fc.asyncProperty(fc.nat(2), arbFailure, fc.boolean(), (c, failure, wire) =>
            judge(v, converters[c]!.fromFailure(wire ? asDecoded(failure) : failure), () =>
              show(failure))),
          { numRuns: runs(0.2), seed }
        )
        check("payloads+failures", v)
      }),
    600_000
  )

  it.live(`mutated server responses through the whole client (${runs(0.4)} inputs)`, () =>
    Effect.promise(async () => {
      const v = verdict()
      let undecodable = 0
      const methods = methodsOf(serviceNames.workflowService)
      const rawService = (bytes: Uint8Array) =>
        makeServiceClientWith<WorkflowServiceClient>(
          serviceNames.workflowService,
          () => Effect.succeed(bytes),
          RetryConfig.toSchedule(RetryConfig.defaults)
        ) as unknown as Record<string, (request: object) => Effect.Effect<unknown, unknown>>
      await fc.assert(
        fc.asyncProperty(
          fc.nat(seeds.length - 1),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          async (s, mutations) => {
            const { bytes, op } = seeds[s]!
            const mutated = mutate(bytes, mutations)
            const rpc = rpcOf[op]
            let decoded: object
            try {
              decoded = responseTypeOf(rpc).decode(mutated)
            } catch {
              // Not protobuf any more: what the client's own response decoding does with it.
              undecodable++
              return judge(v, rawService(mutated)[rpc]!({}), () => `${rpc} ${show(mutated)}`)
            }
            return judge(
              v,
              Effect.scoped(Effect.flatMap(clientAnswering(rpc, decoded), (client) => runOp(op, client))),
              () => `${op} ${show(decoded)}`
            )
          }
        ),
        { numRuns: runs(0.3), seed }
      )
      // Random bytes as the response of any RPC: decoded, or an RpcError.
      await fc.assert(
        fc.asyncProperty(fc.nat(methods.length - 1), fc.uint8Array({ maxLength: 128 }), (m, bytes) => {
          const method = methods[m]!
          return judge(v, rawService(bytes)[method.key]!({}), () => `${method.name} ${show(bytes)}`)
        }),
        { numRuns: runs(0.1), seed }
      )
      report(`fuzz responses: ${undecodable} mutated responses were no longer protobuf (fed to the response decoder)`)
      check("responses", v)
    }), 600_000)

  it.live(`option objects are validated before any RPC (${runs(0.2)} inputs)`, () =>
    Effect.promise(async () => {
      const v = verdict()
      const fake = await Effect.runPromise(
        Effect.map(
          Layer.build(
            TemporalClient.layer().pipe(
              Layer.provideMerge(
                FakeConnection.layer({
                  workflowService: {
                    startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }),
                    signalWithStartWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true })
                  }
                })
              ),
              Layer.provide(DataConverter.Default)
            )
          ).pipe(Effect.scoped),
          (context) => context
        )
      )
      const client = Context.get(fake, TemporalClient.TemporalClient)
      const recorder = Context.get(fake, FakeConnection.FakeConnection)
      await fc.assert(
        fc.asyncProperty(arbStartOptions, (options) =>
          judge(v, client.startWorkflow("fuzzed", options as never), () => show(options))),
        { numRuns: runs(0.2), seed }
      )
      const before = (await Effect.runPromise(recorder.calls)).length
      const notRefused: Array<string> = []
      for (const [name, options] of rejectedBeforeRpc) {
        const exit = await Effect.runPromiseExit(client.startWorkflow("fuzzed", options as never))
        const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : Option.none()
        if (Option.isNone(error) || (error.value as { _tag?: string })._tag !== "InvalidArgumentError") {
          notRefused.push(name)
        }
      }
      const after = (await Effect.runPromise(recorder.calls)).length
      report(
        `fuzz options: refused before the RPC: ${
          rejectedBeforeRpc.length - notRefused.length
        }/${rejectedBeforeRpc.length}${notRefused.length > 0 ? ` (not: ${notRefused.join(", ")})` : ""}`
      )
      check("options", v)
      assert.deepStrictEqual(notRefused, [], "options the server rejects are refused with InvalidArgumentError")
      assert.strictEqual(after, before, "and nothing was sent for them")
    }), 600_000)

  it.effect("a duration beyond the protobuf Duration range (taskTimeout 1.8e308 ms) is refused before the RPC", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(
        TemporalClient.layer().pipe(
          Layer.provideMerge(
            FakeConnection.layer({
              workflowService: { startWorkflowExecution: () => Effect.succeed({ runId: "run-1", started: true }) }
            })
          ),
          Layer.provide(DataConverter.Default)
        )
      )
      const client = Context.get(context, TemporalClient.TemporalClient)
      const error = yield* Effect.flip(
        client.startWorkflow("fuzzed", { id: "wf", taskQueue: "tq", taskTimeout: 1.7976931348623107e308 })
      )
      assert.strictEqual(error._tag, "InvalidArgumentError")
    }).pipe(Effect.scoped))
})
