/**
 * The data converter against the official TypeScript worker (`@temporalio/worker` running
 * `test/fixtures`): every encoding through the `echo` workflow, the bytes the history keeps,
 * failures with their cause chains, codecs on both sides (and on headers), and the payload size limit.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { randomBytes } from "node:crypto"
import { inject } from "vitest"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import { temporal as loadTemporal } from "../../src/internal/proto/root.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import type { ClientInterceptor } from "../../src/services/ClientInterceptors.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import type * as WorkflowDefinition from "../../src/WorkflowDefinition.js"
import type { WorkflowHandle } from "../../src/WorkflowHandle.js"
import { startWorker, withClient } from "../support/client.js"
import { AesGcmCodec, deserializePayload, encryptedEncoding, ENCRYPTION_KEY_ID, ZlibCodec } from "../support/codecs.js"
import { freshId, freshTaskQueue, withWorker, type WorkerOpts } from "../support/worker.js"

const temporal = loadTemporal()

type Payload = protoTypes.api.common.v1.IPayload
type HistoryEvent = protoTypes.api.history.v1.HistoryEvent

const { EventType } = temporal.api.enums.v1
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

/** A payload's metadata and data as hex, for exact byte comparisons with readable diffs. */
const hex = (payload: Payload | null | undefined) => ({
  metadata: Object.fromEntries(
    Object.entries(payload?.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString("hex")])
  ),
  data: Buffer.from(payload?.data ?? new Uint8Array(0)).toString("hex")
})

const encodingOf = (payload: Payload | null | undefined): string | undefined => {
  const encoding = payload?.metadata?.["encoding"]
  return encoding ? fromUtf8.decode(encoding) : undefined
}

/** Whether `needle` occurs anywhere in `haystack`. */
const containsBytes = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack).includes(Buffer.from(needle))

const history = (handle: WorkflowHandle<WorkflowDefinition.Any>) =>
  Effect.map(Stream.runCollect(handle.fetchHistory()), (events) => events as ReadonlyArray<HistoryEvent>)

const eventOf = (events: ReadonlyArray<HistoryEvent>, type: number): HistoryEvent => {
  const event = events.find((e) => e.eventType === type)
  if (event === undefined) throw new Error(`no ${EventType[type]} event in the history`)
  return event
}

const startedEvent = (events: ReadonlyArray<HistoryEvent>) =>
  eventOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).workflowExecutionStartedEventAttributes!

const completedEvent = (events: ReadonlyArray<HistoryEvent>) =>
  eventOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED).workflowExecutionCompletedEventAttributes!

/** A worker running the fixtures on a fresh task queue with `dataConverter`; returns the queue. */
const startWorkerWith = (
  dataConverter: WorkerOpts["dataConverter"],
  prefix: string
): Effect.Effect<string, never, Scope.Scope> =>
  Effect.gen(function*() {
    const taskQueue = freshTaskQueue(prefix)
    yield* withWorker({
      address: inject("temporalAddress"),
      taskQueue,
      workflowBundlePath: inject("workflowBundlePath"),
      dataConverter
    })
    return taskQueue
  })

/** The key both sides encrypt with, fresh per test file run. */
const keyId = `test-key-${randomBytes(4).toString("hex")}`
const keyBytes = new Uint8Array(randomBytes(32))

/** Ours: zlib, then AES-256-GCM. */
const encryptingConverter = DataConverter.Default.pipe(
  DataConverter.withCodec(PayloadCodec.zlib()),
  DataConverter.withCodec(PayloadCodec.aesGcm(PayloadCodec.encryptionKey(keyId, keyBytes)))
)

/** The worker's: the same chain, written with Node's crypto and zlib (`test/support/codecs.ts`). */
const workerCodecs = () => [new ZlibCodec(), new AesGcmCodec(keyId, keyBytes)]

/** An interceptor recording the name of every intercepted call. */
const recordCalls = (calls: Array<string>): ClientInterceptor =>
  new Proxy({}, {
    get: (_target, name) => (input: { readonly call: string }, next: (input: unknown) => unknown) => {
      calls.push(String(name))
      return next(input)
    }
  }) as ClientInterceptor

describe("DataConverter with the official TypeScript worker", () => {
  it.live("an incompressible argument of 1.4 MB goes to the server and comes back whole (flow control both ways)", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("dc-large")
      const client = yield* TemporalClient.TemporalClient
      // Random bytes as base64: gzip cannot shrink it, so every octet crosses the windows.
      const large = randomBytes(1_050_000).toString("base64")
      const handle = yield* client.startWorkflow("echo", { id: freshId("dc-large"), taskQueue, args: [large] })
      assert.strictEqual(yield* handle.result(), large)
      // The history holds it twice (input and result): one response of about 2.8 MB.
      const events = yield* history(handle)
      const input = yield* client.dataConverter.fromPayloads(startedEvent(events).input?.payloads ?? [])
      assert.deepStrictEqual(input, [large])
    })))

  it.live("echo gives back values of every encoding the worker knows", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("dc-echo")
      const client = yield* TemporalClient.TemporalClient
      const bytes = new Uint8Array([0, 1, 2, 0xfe, 0xff])
      const cases: ReadonlyArray<{ readonly input: unknown; readonly expected: unknown; readonly encoding: string }> = [
        // binary/null: both null and undefined are written as binary/null and read back as undefined.
        { input: null, expected: undefined, encoding: "binary/null" },
        { input: undefined, expected: undefined, encoding: "binary/null" },
        { input: bytes, expected: bytes, encoding: "binary/plain" },
        { input: new Uint8Array(0), expected: new Uint8Array(0), encoding: "binary/plain" },
        {
          input: { a: 1, nested: { list: [1, "two", null, true] } },
          expected: { a: 1, nested: { list: [1, "two", null, true] } },
          encoding: "json/plain"
        },
        { input: "plain string", expected: "plain string", encoding: "json/plain" },
        { input: "ünïcødé ✓ 日本語 🚀", expected: "ünïcødé ✓ 日本語 🚀", encoding: "json/plain" },
        { input: 42, expected: 42, encoding: "json/plain" },
        { input: -0.125, expected: -0.125, encoding: "json/plain" },
        { input: [], expected: [], encoding: "json/plain" },
        { input: false, expected: false, encoding: "json/plain" }
      ]
      yield* Effect.forEach(cases, ({ encoding, expected, input }, i) =>
        Effect.gen(function*() {
          const handle = yield* client.startWorkflow("echo", { id: freshId(`dc-echo-${i}`), taskQueue, args: [input] })
          const result = yield* handle.result()
          assert.deepStrictEqual(result, expected, `case ${i}`)
          if (expected instanceof Uint8Array) assert.instanceOf(result, Uint8Array, `case ${i}`)
          const events = yield* history(handle)
          assert.strictEqual(encodingOf(startedEvent(events).input?.payloads?.[0]), encoding, `input of case ${i}`)
          // The TS worker writes what it returns with the same encoding.
          assert.strictEqual(encodingOf(completedEvent(events).result?.payloads?.[0]), encoding, `result of case ${i}`)
        }), { concurrency: "unbounded", discard: true })
    })))

  it.live("the history holds exactly the bytes the data converter wrote, and the worker writes the same", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("dc-bytes")
      const client = yield* TemporalClient.TemporalClient
      const args = [
        { greeting: "grüß dich", n: [1, 2.5, -3], ok: true, none: null },
        "🚀 text",
        7,
        null,
        new Uint8Array([9, 8, 7])
      ]
      const written = yield* client.dataConverter.toPayloads(args)
      const handle = yield* client.startWorkflow("echo", { id: freshId("dc-bytes"), taskQueue, args })
      const result = yield* handle.result()
      const events = yield* history(handle)
      const input = startedEvent(events).input?.payloads ?? []
      assert.deepStrictEqual(input.map(hex), written.map(hex))

      // Several arguments: echo returns them as one array, which the worker writes as JSON.
      // (The bytes become a JSON object of their indices, as `JSON.stringify` writes a Uint8Array.)
      const expected = [args[0], args[1], args[2], null, { 0: 9, 1: 8, 2: 7 }]
      assert.deepStrictEqual(result, expected)
      const resultPayloads = completedEvent(events).result?.payloads ?? []
      assert.strictEqual(resultPayloads.length, 1)
      assert.deepStrictEqual(hex(resultPayloads[0]), hex(yield* client.dataConverter.toPayload(expected)))
    })))

  it.live("a json/protobuf message reaches the history intact; the TS worker's default converter cannot read it", () =>
    withClient(Effect.gen(function*() {
      // The official TypeScript SDK leaves the protobuf converters out of its default payload converter
      // (they need `DefaultPayloadConverterWithProtobufs` and a protobufjs root bundled with the workflows),
      // so `json/protobuf` is an unknown encoding to this worker: decoding the workflow's arguments throws
      // `Unknown encoding: json/protobuf`, which fails the workflow task (retried, the workflow stays
      // running) rather than the workflow. We check that, and that the payload itself is what we wrote.
      const taskQueue = yield* startWorker("dc-proto")
      const client = yield* TemporalClient.TemporalClient
      const message = temporal.api.common.v1.WorkflowExecution.create({ workflowId: "wf-in-a-payload", runId: "run-1" })
      const [written] = yield* client.dataConverter.toPayloads([message])
      assert.strictEqual(encodingOf(written), "json/protobuf")
      assert.strictEqual(
        fromUtf8.decode(written!.metadata!["messageType"]!),
        "temporal.api.common.v1.WorkflowExecution"
      )
      assert.deepStrictEqual(JSON.parse(fromUtf8.decode(written!.data!)), {
        workflowId: "wf-in-a-payload",
        runId: "run-1"
      })

      const handle = yield* client.startWorkflow("echo", { id: freshId("dc-proto"), taskQueue, args: [message] })
      const failedTask = yield* history(handle).pipe(
        Effect.map((events) =>
          events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
            ?.workflowTaskFailedEventAttributes
        ),
        Effect.flatMap((attributes) =>
          attributes ? Effect.succeed(attributes) : Effect.fail("no failed workflow task yet" as const)
        ),
        Effect.retry({ schedule: Schedule.spaced("200 millis"), times: 75 }),
        Effect.orDie
      )
      const failure = yield* client.dataConverter.fromFailure(failedTask.failure!)
      assert.include(failure.message, "Unknown encoding: json/protobuf")
      const description = yield* handle.describe()
      assert.strictEqual(description.status, "Running")

      // The history holds our bytes, and our converter reads the message back from them.
      const events = yield* history(handle)
      const [stored] = startedEvent(events).input?.payloads ?? []
      assert.deepStrictEqual(hex(stored), hex(written))
      const decoded = yield* client.dataConverter.fromPayload(stored!)
      // A protobufjs message of the type named by `messageType` (the same class `create` makes).
      assert.isTrue(decoded instanceof message.constructor, "an instance of the message class")
      assert.strictEqual(
        (decoded as { $type: { fullName: string } }).$type.fullName,
        ".temporal.api.common.v1.WorkflowExecution"
      )
      assert.deepStrictEqual(
        temporal.api.common.v1.WorkflowExecution.toObject(decoded as protoTypes.api.common.v1.WorkflowExecution),
        { workflowId: "wf-in-a-payload", runId: "run-1" }
      )
      yield* handle.terminate({ reason: "test over" })
    })))

  it.live("an activity's failure decodes to ActivityFailure → ApplicationFailure → ApplicationFailure", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("dc-fail")
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("failingActivityWorkflow", { id: freshId("dc-fail"), taskQueue })
      const error = yield* Effect.flip(handle.result())
      if (error._tag !== "WorkflowFailedError") return assert.fail(`expected WorkflowFailedError, got ${error._tag}`)
      assert.strictEqual(error.workflowId, handle.workflowId)
      const activity = error.cause
      assert.instanceOf(activity, Failure.ActivityFailure)
      if (!(activity instanceof Failure.ActivityFailure)) return
      assert.strictEqual(activity.activityType, "failingActivity")
      assert.strictEqual(activity.retryState, "RETRY_STATE_NON_RETRYABLE_FAILURE")
      const application = activity.cause
      assert.instanceOf(application, Failure.ApplicationFailure)
      if (!(application instanceof Failure.ApplicationFailure)) return
      assert.strictEqual(application.message, "activity failed")
      assert.strictEqual(application.type, "ActivityError")
      assert.isTrue(application.nonRetryable)
      assert.strictEqual(application.source, "TypeScriptSDK")
      const root = application.cause
      assert.instanceOf(root, Failure.ApplicationFailure)
      if (!(root instanceof Failure.ApplicationFailure)) return
      assert.strictEqual(root.message, "root cause")
      assert.strictEqual(root.type, "RootCause")
      assert.deepStrictEqual(root.details, ["why"])
      assert.isUndefined(root.cause)
    })))

  it.live("a workflow's failure decodes to ApplicationFailure with its cause and details", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker("dc-wffail")
      const error = yield* Effect.flip(
        TemporalClient.executeWorkflow("failWithCause", { id: freshId("dc-wffail"), taskQueue })
      )
      if (error._tag !== "WorkflowFailedError") return assert.fail(`expected WorkflowFailedError, got ${error._tag}`)
      const outer = error.cause
      assert.instanceOf(outer, Failure.ApplicationFailure)
      if (!(outer instanceof Failure.ApplicationFailure)) return
      assert.strictEqual(outer.type, "OuterError")
      assert.isTrue(outer.nonRetryable)
      assert.instanceOf(outer.cause, Failure.ApplicationFailure)
      const inner = outer.cause as Failure.ApplicationFailure
      assert.strictEqual(inner.message, "inner")
      assert.deepStrictEqual(inner.details, [42])
    })))
})

describe("codecs on both sides", () => {
  it.live("zlib + AES-GCM: values echo through, and the history holds only encrypted payloads", () =>
    withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorkerWith({ payloadCodecs: workerCodecs() }, "dc-codec")
        const client = yield* TemporalClient.TemporalClient
        const marker = `plaintext-marker-${randomBytes(6).toString("hex")}`
        const value = { secret: marker, repeated: marker.repeat(20), n: 1 }
        const handle = yield* client.startWorkflow("echo", { id: freshId("dc-codec"), taskQueue, args: [value] })
        assert.deepStrictEqual(yield* handle.result(), value)

        const events = yield* history(handle)
        const input = startedEvent(events).input?.payloads ?? []
        const result = completedEvent(events).result?.payloads ?? []
        assert.strictEqual(input.length, 1)
        assert.strictEqual(result.length, 1)
        for (const payload of [...input, ...result]) {
          assert.strictEqual(encodingOf(payload), encryptedEncoding)
          assert.strictEqual(fromUtf8.decode(payload.metadata![ENCRYPTION_KEY_ID]!), keyId)
        }
        // Nowhere in the history (every event, serialized) is the plaintext.
        for (const event of events) {
          const bytes = temporal.api.history.v1.HistoryEvent.encode(event).finish()
          assert.isFalse(containsBytes(bytes, utf8.encode(marker)), `plaintext in ${EventType[event.eventType]}`)
        }

        // What we wrote, the worker's codecs read: decrypt and inflate the stored input with them.
        const workerDecoded = yield* Effect.promise(async () => {
          let payloads = input.map((p) => deserializePayload(temporal.api.common.v1.Payload.encode(p).finish()))
          for (const codec of workerCodecs().reverse()) payloads = await codec.decode(payloads)
          return payloads
        })
        assert.deepStrictEqual(workerDecoded.map(hex), [
          hex(yield* DataConverter.defaultDataConverter.toPayload(value))
        ])
        // And what the worker wrote, ours read.
        assert.deepStrictEqual(yield* client.dataConverter.fromPayloads(result), [value])
      }),
      { dataConverter: encryptingConverter }
    ))

  it.live("failure details written by the worker through its codecs decode through ours", () =>
    withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorkerWith({ payloadCodecs: workerCodecs() }, "dc-codec-fail")
        const error = yield* Effect.flip(
          TemporalClient.executeWorkflow("failingActivityWorkflow", { id: freshId("dc-codec-fail"), taskQueue })
        )
        if (error._tag !== "WorkflowFailedError") return assert.fail(`expected WorkflowFailedError, got ${error._tag}`)
        const activity = error.cause as Failure.ActivityFailure
        assert.instanceOf(activity, Failure.ActivityFailure)
        const root = activity.cause?.cause
        assert.instanceOf(root, Failure.ApplicationFailure)
        assert.deepStrictEqual((root as Failure.ApplicationFailure).details, ["why"])
      }),
      { dataConverter: encryptingConverter }
    ))

  it.live("a client without the codec cannot read the worker's encrypted result: it sees the encrypted payload", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorkerWith({ payloadCodecs: workerCodecs() }, "dc-nocodec")
      const client = yield* TemporalClient.TemporalClient
      const error = yield* Effect.flip(
        client.executeWorkflow("echo", { id: freshId("dc-nocodec"), taskQueue, args: ["x"] })
      )
      assert.strictEqual(error._tag, "DataConverterError")
      assert.include(error.message, encryptedEncoding)
    })))
})

describe("header codec behaviour", () => {
  const headerPayload = (text: string): Payload => ({
    metadata: { encoding: utf8.encode("json/plain") },
    data: utf8.encode(JSON.stringify(text))
  })

  it.live("with Codec, the start request's header fields are encoded by the codecs", () =>
    withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorkerWith({ payloadCodecs: workerCodecs() }, "dc-header")
        const client = yield* TemporalClient.TemporalClient
        const marker = `header-marker-${randomBytes(6).toString("hex")}`
        const header = headerPayload(marker)
        const handle = yield* client.startWorkflow("echo", {
          id: freshId("dc-header"),
          taskQueue,
          args: ["with header"],
          headers: { "x-test": header }
        })
        assert.strictEqual(yield* handle.result(), "with header")
        const fields = startedEvent(yield* history(handle)).header?.fields ?? {}
        const stored = fields["x-test"]
        assert.strictEqual(encodingOf(stored), encryptedEncoding)
        assert.isFalse(containsBytes(stored!.data!, utf8.encode(marker)))
        // Our codecs read it back to the header we gave.
        const decoded = yield* client.dataConverter.decodeHeader({ "x-test": stored! }, "Codec")
        assert.deepStrictEqual(hex(decoded["x-test"]), hex(header))
      }),
      { dataConverter: encryptingConverter, headerCodecBehavior: "Codec" }
    ))

  it.live("with NoCodec (the default), header fields are sent as they are", () =>
    withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorkerWith({ payloadCodecs: workerCodecs() }, "dc-header-plain")
        const client = yield* TemporalClient.TemporalClient
        const header = headerPayload("visible")
        const handle = yield* client.startWorkflow("echo", {
          id: freshId("dc-header-plain"),
          taskQueue,
          args: ["no header codec"],
          headers: { "x-test": header }
        })
        assert.strictEqual(yield* handle.result(), "no header codec")
        const events = yield* history(handle)
        assert.deepStrictEqual(hex(startedEvent(events).header?.fields?.["x-test"]), hex(header))
        // The input is still encrypted: only headers are left alone.
        assert.strictEqual(encodingOf(startedEvent(events).input?.payloads?.[0]), encryptedEncoding)
      }),
      { dataConverter: encryptingConverter }
    ))
})

describe("payload size limit", () => {
  const big = "x".repeat(2 * 1024 * 1024 + 100)

  it.live("start, signal-with-start and update-with-start arguments over 2 MiB fail with PayloadTooLargeError before any RPC", () => {
    const calls: Array<string> = []
    return withClient(
      Effect.gen(function*() {
        const client = yield* TemporalClient.TemporalClient
        const id = freshId("dc-big")
        const error = yield* Effect.flip(
          client.startWorkflow("echo", { id, taskQueue: freshTaskQueue("dc-big"), args: [big] })
        )
        if (error._tag !== "PayloadTooLargeError") {
          return assert.fail(`expected PayloadTooLargeError, got ${error._tag}`)
        }
        assert.strictEqual(error.location, "StartWorkflowExecution.input")
        assert.strictEqual(error.limit, 2 * 1024 * 1024)
        assert.isAbove(error.size, big.length)
        assert.include(error.message, `${error.size} bytes`)
        // Signal-with-start: the signal's arguments too.
        const withStart = yield* Effect.flip(client.signalWithStart("echo", {
          id,
          taskQueue: freshTaskQueue("dc-big"),
          args: ["small"],
          startSignal: "count",
          startSignalArgs: [big]
        }))
        if (withStart._tag !== "PayloadTooLargeError") {
          return assert.fail(`expected PayloadTooLargeError, got ${withStart._tag}`)
        }
        assert.strictEqual(withStart.location, "SignalWithStartWorkflowExecution.signalInput")
        // Update-with-start: the update's arguments too.
        const updateWithStart = yield* Effect.flip(client.startUpdateWithStart("rename", {
          args: [big],
          startWorkflowOperation: TemporalClient.withStartWorkflowOperation("signalQueryUpdate", {
            id,
            taskQueue: freshTaskQueue("dc-big"),
            args: ["small"],
            idConflictPolicy: "UseExisting"
          })
        }))
        if (updateWithStart._tag !== "PayloadTooLargeError") {
          return assert.fail(`expected PayloadTooLargeError, got ${updateWithStart._tag}`)
        }
        assert.strictEqual(updateWithStart.location, "UpdateWorkflowExecution.input")
        assert.deepStrictEqual(calls, [])
        const missing = yield* Effect.flip(client.getWorkflowHandle(id).describe())
        assert.strictEqual(missing._tag, "WorkflowNotFoundError")
      }),
      { interceptors: [recordCalls(calls)] }
    )
  })

  it.live("signal, query, update and terminate payloads over the limit fail before their RPCs", () => {
    const calls: Array<string> = []
    return withClient(
      Effect.gen(function*() {
        const taskQueue = yield* startWorker("dc-big-handle")
        const client = yield* TemporalClient.TemporalClient
        const handle = yield* client.startWorkflow("signalQueryUpdate", {
          id: freshId("dc-big-handle"),
          taskQueue,
          args: ["n"]
        })
        assert.strictEqual(yield* handle.query("status"), "waiting")
        calls.length = 0

        const signal = yield* Effect.flip(handle.signal("count", big))
        assert.strictEqual(signal._tag, "PayloadTooLargeError")
        if (signal._tag === "PayloadTooLargeError") assert.strictEqual(signal.location, "SignalWorkflowExecution.input")
        const query = yield* Effect.flip(handle.query("status", big))
        assert.strictEqual(query._tag, "PayloadTooLargeError")
        if (query._tag === "PayloadTooLargeError") assert.strictEqual(query.location, "QueryWorkflow.queryArgs")
        const update = yield* Effect.flip(handle.executeUpdate("rename", big))
        assert.strictEqual(update._tag, "PayloadTooLargeError")
        if (update._tag === "PayloadTooLargeError") assert.strictEqual(update.location, "UpdateWorkflowExecution.input")
        const terminate = yield* Effect.flip(handle.terminate({ reason: "too big", details: [big] }))
        assert.strictEqual(terminate._tag, "PayloadTooLargeError")
        if (terminate._tag === "PayloadTooLargeError") {
          assert.strictEqual(terminate.location, "TerminateWorkflowExecution.details")
        }
        assert.deepStrictEqual(calls, [])

        // The workflow saw none of them.
        assert.deepStrictEqual(yield* handle.query("signalsReceived"), [])
        assert.strictEqual(yield* handle.executeUpdate("rename", "m"), "n")
        yield* handle.signal("finish")
        const result = (yield* handle.result()) as { name: string; signalsReceived: Array<string> }
        assert.strictEqual(result.name, "m")
      }),
      { interceptors: [recordCalls(calls)] }
    )
  })
})
