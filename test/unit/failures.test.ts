import { assert, describe, it } from "@effect/vitest"
import protoRoot from "@temporalio/proto"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import * as TemporalError from "../../src/TemporalError.js"

const { temporal } = protoRoot
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array(0))

const dc = DataConverter.make()

/** Through the wire: encode the Failure message to bytes and back, as the server would see it. */
const wire = (failure: DataConverter.ProtoFailure): DataConverter.ProtoFailure =>
  temporal.api.failure.v1.Failure.decode(temporal.api.failure.v1.Failure.encode(failure).finish())

/** The failure as it reads back: every level carries our `source`. */
const withSource = (failure: Failure.TemporalFailure): Failure.TemporalFailure => {
  const Ctor = failure.constructor as new(props: object) => Failure.TemporalFailure
  return new Ctor({
    ...failure,
    source: Failure.failureSource,
    ...(failure.cause === undefined ? {} : { cause: withSource(failure.cause) })
  })
}

const roundTrip = (converter: DataConverter.DataConverter.Service, error: unknown) =>
  Effect.flatMap(converter.toFailure(error), (proto) => converter.fromFailure(wire(proto)))

describe("Failure converter: every failure type round-trips", () => {
  const cases: ReadonlyArray<readonly [string, Failure.TemporalFailure]> = [
    [
      "ApplicationFailure",
      new Failure.ApplicationFailure({
        message: "card declined",
        stackTrace: "Error: card declined\n    at charge (pay.ts:1:1)",
        type: "PaymentError",
        nonRetryable: true,
        details: [{ code: 402 }, "second"],
        nextRetryDelay: Duration.millis(1500),
        category: "APPLICATION_ERROR_CATEGORY_BENIGN"
      })
    ],
    ["CanceledFailure", new Failure.CanceledFailure({ message: "cancelled", details: ["why"], identity: "ops" })],
    ["TerminatedFailure", new Failure.TerminatedFailure({ message: "terminated", identity: "admin" })],
    [
      "TimeoutFailure",
      new Failure.TimeoutFailure({
        message: "activity Heartbeat timeout",
        timeoutType: "TIMEOUT_TYPE_HEARTBEAT",
        lastHeartbeatDetails: [{ progress: 42 }]
      })
    ],
    ["ServerFailure", new Failure.ServerFailure({ message: "server", nonRetryable: true })],
    [
      "ActivityFailure",
      new Failure.ActivityFailure({
        message: "activity failed",
        activityType: "charge",
        activityId: "3",
        identity: "worker@host",
        retryState: "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED",
        scheduledEventId: 5,
        startedEventId: 6,
        cause: new Failure.ApplicationFailure({ message: "inner", type: "Boom" })
      })
    ],
    [
      "ChildWorkflowFailure",
      new Failure.ChildWorkflowFailure({
        message: "child failed",
        namespace: "default",
        workflowId: "child-1",
        runId: "run-1",
        workflowType: "Child",
        retryState: "RETRY_STATE_NON_RETRYABLE_FAILURE",
        initiatedEventId: 11,
        startedEventId: 12,
        cause: new Failure.TerminatedFailure({ message: "terminated" })
      })
    ],
    [
      "NexusOperationFailure",
      new Failure.NexusOperationFailure({
        message: "nexus failed",
        endpoint: "ep",
        service: "svc",
        operation: "op",
        operationToken: "tok",
        scheduledEventId: 9
      })
    ],
    [
      "NexusHandlerFailure",
      new Failure.NexusHandlerFailure({
        message: "handler",
        type: "BAD_REQUEST",
        retryBehavior: "NEXUS_HANDLER_ERROR_RETRY_BEHAVIOR_NON_RETRYABLE"
      })
    ],
    ["GenericFailure", new Failure.GenericFailure({ message: "plain" })]
  ]

  for (const [name, failure] of cases) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const back = yield* roundTrip(dc, failure)
        assert.deepStrictEqual(back, withSource(failure))
      }))
  }

  it.effect("ApplicationFailure fields map to the proto as the SDKs write them", () =>
    Effect.gen(function*() {
      const proto = yield* dc.toFailure(cases[0]![1])
      assert.strictEqual(proto.message, "card declined")
      assert.strictEqual(proto.source, Failure.failureSource)
      assert.strictEqual(proto.applicationFailureInfo?.type, "PaymentError")
      assert.strictEqual(proto.applicationFailureInfo?.nonRetryable, true)
      assert.strictEqual(proto.applicationFailureInfo?.category, 1)
      const delay = wire(proto).applicationFailureInfo?.nextRetryDelay
      assert.strictEqual(Number(delay?.seconds), 1)
      assert.strictEqual(delay?.nanos, 500_000_000)
      const details = proto.applicationFailureInfo?.details?.payloads ?? []
      assert.strictEqual(details.length, 2)
      assert.strictEqual(text(details[0]?.metadata?.["encoding"]), "json/plain")
      assert.strictEqual(text(details[0]?.data), "{\"code\":402}")
    }))

  it.effect("reads a failure written by the official TypeScript SDK", () =>
    Effect.gen(function*() {
      const encoder = new TextEncoder()
      const proto = wire({
        message: "Activity task failed",
        source: "TypeScriptSDK",
        activityFailureInfo: {
          activityType: { name: "greet" },
          activityId: "1",
          retryState: 5,
          scheduledEventId: 7 as never,
          startedEventId: 8 as never
        },
        cause: {
          message: "nope",
          source: "TypeScriptSDK",
          stackTrace: "ApplicationFailure: nope\n    at greet",
          applicationFailureInfo: {
            type: "GreetError",
            nonRetryable: false,
            details: {
              payloads: [{ metadata: { encoding: encoder.encode("json/plain") }, data: encoder.encode("[1,2]") }]
            }
          }
        }
      })
      const failure = yield* dc.fromFailure(proto)
      assert.strictEqual(failure._tag, "ActivityFailure")
      if (failure._tag !== "ActivityFailure") return
      assert.strictEqual(failure.activityType, "greet")
      assert.strictEqual(failure.retryState, "RETRY_STATE_RETRY_POLICY_NOT_SET")
      assert.strictEqual(failure.scheduledEventId, 7)
      assert.strictEqual(failure.source, "TypeScriptSDK")
      const root = Failure.rootCause(failure)
      assert.strictEqual(root._tag, "ApplicationFailure")
      if (root._tag !== "ApplicationFailure") return
      assert.strictEqual(root.type, "GreetError")
      assert.deepStrictEqual(root.details, [[1, 2]])
      assert.strictEqual(root.stackTrace, "ApplicationFailure: nope\n    at greet")
    }))

  it.effect("a reset-workflow failure reads as ApplicationFailure ResetWorkflow", () =>
    Effect.gen(function*() {
      const failure = yield* dc.fromFailure({ message: "reset", resetWorkflowFailureInfo: {} })
      assert.strictEqual(failure._tag, "ApplicationFailure")
      if (failure._tag === "ApplicationFailure") assert.strictEqual(failure.type, "ResetWorkflow")
    }))
})

describe("Failure converter: cause chains and errors", () => {
  it.effect("a chain of depth 5 keeps every level", () =>
    Effect.gen(function*() {
      const leaf = new Failure.ApplicationFailure({ message: "level 5", type: "Leaf", details: [5] })
      const l4 = new Failure.TimeoutFailure({
        message: "level 4",
        timeoutType: "TIMEOUT_TYPE_START_TO_CLOSE",
        cause: leaf
      })
      const l3 = new Failure.ActivityFailure({ message: "level 3", activityType: "a", cause: l4 })
      const l2 = new Failure.ChildWorkflowFailure({ message: "level 2", workflowId: "c", workflowType: "C", cause: l3 })
      const l1 = new Failure.ApplicationFailure({ message: "level 1", cause: l2 })
      const proto = yield* dc.toFailure(l1)
      let depth = 0
      for (let p: DataConverter.ProtoFailure | null | undefined = proto; p; p = p.cause) depth++
      assert.strictEqual(depth, 5)
      const back = yield* dc.fromFailure(wire(proto))
      const chain = Failure.causeChain(back)
      assert.deepStrictEqual(chain.map((f) => f.message), ["level 1", "level 2", "level 3", "level 4", "level 5"])
      assert.deepStrictEqual(chain.map((f) => f._tag), [
        "ApplicationFailure",
        "ChildWorkflowFailure",
        "ActivityFailure",
        "TimeoutFailure",
        "ApplicationFailure"
      ])
      const root = Failure.rootCause(back)
      if (root._tag === "ApplicationFailure") assert.deepStrictEqual(root.details, [5])
      else assert.fail("root is not an ApplicationFailure")
    }))

  it.effect("a plain Error becomes an ApplicationFailure typed by its name, with stack and cause", () =>
    Effect.gen(function*() {
      const error = new TypeError("bad input", { cause: new RangeError("too big") })
      const failure = yield* roundTrip(dc, error)
      assert.strictEqual(failure._tag, "ApplicationFailure")
      if (failure._tag !== "ApplicationFailure") return
      assert.strictEqual(failure.type, "TypeError")
      assert.strictEqual(failure.message, "bad input")
      assert.include(failure.stackTrace, "TypeError: bad input")
      assert.strictEqual(failure.cause?._tag, "ApplicationFailure")
      assert.strictEqual(failure.cause?.message, "too big")
    }))

  it.effect("an Effect tagged error is typed by its _tag", () =>
    Effect.gen(function*() {
      class OutOfStock extends Data.TaggedError("OutOfStock")<{ readonly message: string }> {}
      const failure = yield* roundTrip(dc, new OutOfStock({ message: "no more" }))
      if (failure._tag !== "ApplicationFailure") return assert.fail("not an ApplicationFailure")
      assert.strictEqual(failure.type, "OutOfStock")
      assert.strictEqual(failure.message, "no more")
    }))

  it.effect("non-Error values become messages", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* roundTrip(dc, "just text")).message, "just text")
      assert.strictEqual((yield* roundTrip(dc, { a: 1 })).message, "{\"a\":1}")
    }))
})

describe("Failure converter: encoded common attributes", () => {
  const failure = new Failure.ApplicationFailure({
    message: "secret message",
    stackTrace: "secret stack",
    type: "Secret",
    cause: new Failure.ApplicationFailure({ message: "secret cause", stackTrace: "cause stack" })
  })

  it.effect("moves message and stack trace into an encoded payload", () =>
    Effect.gen(function*() {
      const converter = DataConverter.make({ encodeCommonAttributes: true })
      const proto = yield* converter.toFailure(failure)
      assert.strictEqual(proto.message, "Encoded failure")
      assert.strictEqual(proto.stackTrace, "")
      assert.strictEqual(text(proto.encodedAttributes?.metadata?.["encoding"]), "json/plain")
      assert.deepStrictEqual(JSON.parse(text(proto.encodedAttributes?.data)), {
        message: "secret message",
        stack_trace: "secret stack"
      })
      assert.strictEqual(proto.cause?.message, "Encoded failure")
      const back = yield* converter.fromFailure(wire(proto))
      assert.strictEqual(back.message, "secret message")
      assert.strictEqual(back.stackTrace, "secret stack")
      assert.strictEqual(back.cause?.message, "secret cause")
      assert.strictEqual(back.cause?.stackTrace, "cause stack")
      // a converter without the option still reads encoded attributes
      assert.strictEqual((yield* dc.fromFailure(wire(proto))).message, "secret message")
    }))

  it.effect("with an encryption codec the attributes and details are encrypted", () =>
    Effect.gen(function*() {
      const key = PayloadCodec.encryptionKey("k", new Uint8Array(32).fill(3))
      const converter = DataConverter.make({
        encodeCommonAttributes: true,
        codecs: [PayloadCodec.aesGcm(key)]
      })
      const proto = yield* converter.toFailure(
        new Failure.ApplicationFailure({ message: "m", details: ["d"], cause: failure })
      )
      assert.strictEqual(text(proto.encodedAttributes?.metadata?.["encoding"]), "binary/encrypted")
      assert.strictEqual(
        text(proto.applicationFailureInfo?.details?.payloads?.[0]?.metadata?.["encoding"]),
        "binary/encrypted"
      )
      assert.strictEqual(text(proto.cause?.encodedAttributes?.metadata?.["encoding"]), "binary/encrypted")
      const back = yield* converter.fromFailure(wire(proto))
      assert.strictEqual(back.message, "m")
      if (back._tag === "ApplicationFailure") assert.deepStrictEqual(back.details, ["d"])
      assert.strictEqual(back.cause?.message, "secret message")
      // without the key, reading is a typed error
      const error = yield* Effect.flip(dc.fromFailure(wire(proto)))
      assert.strictEqual(error._tag, "DataConverterError")
    }))
})

describe("TemporalError", () => {
  it("WorkflowFailedError.cause is a decoded TemporalFailure, and every error is a TemporalError", () => {
    const failed = new TemporalError.WorkflowFailedError({
      workflowId: "w",
      runId: "r",
      retryState: "RETRY_STATE_NON_RETRYABLE_FAILURE",
      cause: new Failure.ApplicationFailure({ message: "boom", type: "Boom" })
    })
    assert.strictEqual(failed.cause?._tag, "ApplicationFailure")
    assert.strictEqual(failed.message, "Workflow w run r failed: boom")
    const timedOut = new TemporalError.WorkflowUpdateRpcTimeoutOrCancelledError({ workflowId: "w", updateId: "u" })
    assert.strictEqual(timedOut.name, "WorkflowUpdateRpcTimeoutOrCancelledError")
    for (const error of [failed, timedOut, new TemporalError.InvalidArgumentError({ field: "f", reason: "r" })]) {
      assert.isTrue(TemporalError.isTemporalError(error))
      assert.isTrue(Schema.is(TemporalError.TemporalError)(error))
    }
    assert.isFalse(TemporalError.isTemporalError(new Error("x")))
    assert.isFalse(Schema.is(TemporalError.TemporalError)({ _tag: "RpcError" }))
  })
})
