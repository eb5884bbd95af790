import { assert, describe, it } from "@effect/vitest"
import protoRoot from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Schema from "effect/Schema"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"

const { temporal } = protoRoot
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array(0))
const bytes = (s: string) => new TextEncoder().encode(s)
const base64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array(0)).toString("base64")

const metadataText = (payload: DataConverter.Payload) =>
  Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, text(v)]))

const dc = DataConverter.make()

describe("DataConverter golden vectors", () => {
  it.effect("binary/plain of de ad be ef", () =>
    Effect.gen(function*() {
      const payload = yield* dc.toPayload(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))
      assert.deepStrictEqual(metadataText(payload), { encoding: "binary/plain" })
      assert.strictEqual(base64(payload.data), "3q2+7w==")
    }))

  it.effect("null is binary/null with no data", () =>
    Effect.gen(function*() {
      const payload = yield* dc.toPayload(null)
      assert.deepStrictEqual(metadataText(payload), { encoding: "binary/null" })
      assert.isFalse("data" in payload)
      const undef = yield* dc.toPayload(undefined)
      assert.deepStrictEqual(metadataText(undef), { encoding: "binary/null" })
      assert.isFalse("data" in undef)
    }))

  it.effect("{ spec: true } is json/plain with the JSON text", () =>
    Effect.gen(function*() {
      const payload = yield* dc.toPayload({ spec: true })
      assert.deepStrictEqual(metadataText(payload), { encoding: "json/plain" })
      assert.strictEqual(text(payload.data), "{\"spec\":true}")
    }))

  it.effect("serialized bytes match the protobuf wire format", () =>
    Effect.gen(function*() {
      const payload = yield* dc.toPayload(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))
      const wire = temporal.api.common.v1.Payload.encode(payload).finish()
      // metadata entry { "encoding": "binary/plain" }, then data de ad be ef
      assert.strictEqual(
        Buffer.from(wire).toString("hex"),
        "0a180a08656e636f64696e67120c62696e6172792f706c61696e" + "1204deadbeef"
      )
    }))
})

describe("DataConverter encodings round-trip", () => {
  it.effect("binary/null", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload(undefined)), undefined)
      // null reads back as undefined untyped, and as null with a Schema that wants null
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload(null)), undefined)
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload(null), Schema.Null), null)
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload(null), Schema.NullOr(Schema.String)), null)
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload(undefined), Schema.Undefined), undefined)
    }))

  it.effect("binary/plain gives a plain Uint8Array", () =>
    Effect.gen(function*() {
      const value = new Uint8Array([1, 2, 3, 250])
      const out = yield* dc.fromPayload(yield* dc.toPayload(value))
      assert.instanceOf(out, Uint8Array)
      assert.strictEqual((out as Uint8Array).constructor, Uint8Array)
      assert.deepStrictEqual(Array.from(out as Uint8Array), [1, 2, 3, 250])
    }))

  it.effect("json/plain", () =>
    Effect.gen(function*() {
      const value = { a: [1, 2.5, "x", null, true], b: { c: "ü✓" } }
      assert.deepStrictEqual(yield* dc.fromPayload(yield* dc.toPayload(value)), value)
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload("hi")), "hi")
      assert.strictEqual(yield* dc.fromPayload(yield* dc.toPayload(0)), 0)
    }))

  it.effect("json/protobuf writes proto3 JSON with messageType", () =>
    Effect.gen(function*() {
      const message = temporal.api.common.v1.WorkflowExecution.create({ workflowId: "wf-1", runId: "run-1" })
      const payload = yield* dc.toPayload(message)
      assert.deepStrictEqual(metadataText(payload), {
        encoding: "json/protobuf",
        messageType: "temporal.api.common.v1.WorkflowExecution"
      })
      assert.deepStrictEqual(JSON.parse(text(payload.data)), { workflowId: "wf-1", runId: "run-1" })
      const back = (yield* dc.fromPayload(payload)) as { workflowId: string; runId: string }
      assert.strictEqual(back.workflowId, "wf-1")
      assert.strictEqual(back.runId, "run-1")
    }))

  it.effect("binary/protobuf reads and writes the binary form", () =>
    Effect.gen(function*() {
      const converter = DataConverter.make({
        payloadConverters: [DataConverter.binaryNullConverter, DataConverter.binaryProtobufConverter()]
      })
      const message = temporal.api.common.v1.WorkflowType.create({ name: "Greet" })
      const payload = yield* converter.toPayload(message)
      assert.deepStrictEqual(metadataText(payload), {
        encoding: "binary/protobuf",
        messageType: "temporal.api.common.v1.WorkflowType"
      })
      assert.deepStrictEqual(
        Array.from(payload.data ?? []),
        Array.from(temporal.api.common.v1.WorkflowType.encode(message).finish())
      )
      // the default converter reads binary/protobuf too
      const back = (yield* dc.fromPayload(payload)) as { name: string }
      assert.strictEqual(back.name, "Greet")
    }))

  it.effect("an unknown encoding is a typed error naming it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        dc.fromPayload({ metadata: { encoding: bytes("text/klingon") }, data: bytes("x") })
      )
      assert.strictEqual(error._tag, "DataConverterError")
      if (error._tag === "DataConverterError") assert.strictEqual(error.encoding, "text/klingon")
    }))

  it.effect("a payload without encoding, bad JSON, and unknown protobuf types are typed errors", () =>
    Effect.gen(function*() {
      const noEncoding = yield* Effect.flip(dc.fromPayload({ metadata: {}, data: bytes("1") }))
      assert.strictEqual(noEncoding._tag, "DataConverterError")
      const badJson = yield* Effect.flip(
        dc.fromPayload({ metadata: { encoding: bytes("json/plain") }, data: bytes("{") })
      )
      assert.strictEqual(badJson._tag, "DataConverterError")
      const unknownType = yield* Effect.flip(
        dc.fromPayload({
          metadata: { encoding: bytes("json/protobuf"), messageType: bytes("acme.Nope") },
          data: bytes("{}")
        })
      )
      assert.strictEqual(unknownType._tag, "DataConverterError")
      assert.include(unknownType.message, "acme.Nope")
    }))

  it.effect("values JSON cannot carry are typed errors", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(dc.toPayload(10n))
      assert.strictEqual(error._tag, "DataConverterError")
      const cyclic: Record<string, unknown> = {}
      cyclic["self"] = cyclic
      assert.strictEqual((yield* Effect.flip(dc.toPayload(cyclic)))._tag, "DataConverterError")
    }))

  it.effect("toPayloads / fromPayloads keep order", () =>
    Effect.gen(function*() {
      const values = [1, "two", null, new Uint8Array([3]), { four: 4 }]
      const payloads = yield* dc.toPayloads(values)
      assert.deepStrictEqual(payloads.map((p) => metadataText(p)["encoding"]), [
        "json/plain",
        "json/plain",
        "binary/null",
        "binary/plain",
        "json/plain"
      ])
      const back = yield* dc.fromPayloads(payloads)
      assert.deepStrictEqual(back, [1, "two", undefined, new Uint8Array([3]), { four: 4 }])
      assert.deepStrictEqual(yield* dc.fromPayloads(undefined), [])
    }))
})

describe("DataConverter with Schemas", () => {
  const Person = Schema.Struct({ name: Schema.String, born: Schema.DateFromString, tags: Schema.Array(Schema.String) })

  it.effect("encodes through the Schema and decodes with it", () =>
    Effect.gen(function*() {
      const person = { name: "Ada", born: new Date("1815-12-10T00:00:00.000Z"), tags: ["math"] }
      const payload = yield* dc.toPayload(person, Person)
      assert.deepStrictEqual(JSON.parse(text(payload.data)), {
        name: "Ada",
        born: "1815-12-10T00:00:00.000Z",
        tags: ["math"]
      })
      const back = yield* dc.fromPayload(payload, Person)
      assert.deepStrictEqual(back, person)
    }))

  it.effect("SchemaDecodeError names the path that failed", () =>
    Effect.gen(function*() {
      const payload = yield* dc.toPayload({ name: "Ada", born: "1815-12-10", tags: ["a", 7] })
      const error = yield* Effect.flip(dc.fromPayload(payload, Person))
      assert.strictEqual(error._tag, "SchemaDecodeError")
      if (error._tag === "SchemaDecodeError") assert.strictEqual(error.path, "tags[1]")
    }))

  it.effect("fromPayloads with Schemas types each value and prefixes the index", () =>
    Effect.gen(function*() {
      const payloads = yield* dc.toPayloads(["x", { by: "ops" }])
      const [s, approval] = yield* dc.fromPayloads(payloads, [Schema.String, Schema.Struct({ by: Schema.String })])
      assert.strictEqual(s, "x")
      assert.strictEqual(approval.by, "ops")
      const error = yield* Effect.flip(
        dc.fromPayloads(payloads, [Schema.String, Schema.Struct({ by: Schema.Number })])
      )
      assert.strictEqual(error._tag, "SchemaDecodeError")
      if (error._tag === "SchemaDecodeError") assert.strictEqual(error.path, "[1].by")
      // a missing argument reads as undefined
      const [, missing] = yield* dc.fromPayloads(payloads.slice(0, 1), [
        Schema.String,
        Schema.UndefinedOr(Schema.Number)
      ])
      assert.strictEqual(missing, undefined)
    }))

  it.effect("toPayload with a Schema rejects a value that does not match", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(dc.toPayload(-1, Schema.Number.check(Schema.isGreaterThanOrEqualTo(0))))
      assert.strictEqual(error._tag, "DataConverterError")
    }))

  it.effect("a user converter in front of the defaults", () =>
    Effect.gen(function*() {
      const Money = Schema.Struct({ amount: Schema.BigIntFromString, currency: Schema.String })
      const converter = DataConverter.make({
        payloadConverters: [
          DataConverter.schemaJsonConverter(Money, { encoding: "json/money" }),
          ...DataConverter.defaultPayloadConverters()
        ]
      })
      const payload = yield* converter.toPayload({ amount: 10n, currency: "EUR" })
      assert.strictEqual(metadataText(payload)["encoding"], "json/money")
      assert.deepStrictEqual(JSON.parse(text(payload.data)), { amount: "10", currency: "EUR" })
      assert.deepStrictEqual(yield* converter.fromPayload(payload, Money), { amount: 10n, currency: "EUR" })
      // others still go to the defaults
      assert.strictEqual(metadataText(yield* converter.toPayload("plain"))["encoding"], "json/plain")
    }))
})

describe("DataConverter limits", () => {
  it.effect("over 2 MiB fails with the size before any RPC", () =>
    Effect.gen(function*() {
      const big = yield* dc.toPayload(new Uint8Array(2 * 1024 * 1024 + 1))
      const error = yield* Effect.flip(dc.checkSize([big], "StartWorkflowExecution.input"))
      assert.strictEqual(error._tag, "PayloadTooLargeError")
      assert.isAbove(error.size, 2 * 1024 * 1024)
      assert.strictEqual(error.limit, 2 * 1024 * 1024)
      assert.strictEqual(error.location, "StartWorkflowExecution.input")
    }))

  it.effect("over 512 KiB logs a warning", () =>
    Effect.gen(function*() {
      const messages: Array<string> = []
      const logger = Logger.make(({ logLevel, message }) => {
        messages.push(`${logLevel.toUpperCase()} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
      })
      const medium = yield* dc.toPayload(new Uint8Array(600 * 1024))
      yield* dc.checkSize([medium], "SignalWorkflowExecution.input").pipe(
        Effect.provide(Logger.layer([logger]))
      )
      assert.strictEqual(messages.length, 1)
      assert.match(messages[0] ?? "", /^WARN .*SignalWorkflowExecution\.input/)
      const small = yield* dc.toPayload("small")
      yield* dc.checkSize([small], "x").pipe(Effect.provide(Logger.layer([logger])))
      assert.strictEqual(messages.length, 1)
    }))
})

describe("DataConverter layers", () => {
  const key = PayloadCodec.encryptionKey("k1", new Uint8Array(32).fill(7))

  it.effect("Default, withCodec (dual) and the codec chain", () =>
    Effect.gen(function*() {
      const converter = yield* DataConverter.DataConverter
      assert.strictEqual(converter.codecs.length, 2)
      const payload = yield* converter.toPayload({ hello: "world".repeat(100) })
      assert.strictEqual(metadataText(payload)["encoding"], "binary/encrypted")
      assert.deepStrictEqual(yield* converter.fromPayload(payload), { hello: "world".repeat(100) })
    }).pipe(
      Effect.provide(
        DataConverter.withCodec(DataConverter.Default, PayloadCodec.zlib()).pipe(
          DataConverter.withCodec(PayloadCodec.aesGcmFromKeyProvider),
          Layer.provide(PayloadCodec.layerKeyProvider({ current: key }))
        )
      )
    ))

  it.effect("layer with options", () =>
    Effect.gen(function*() {
      const converter = yield* DataConverter.DataConverter
      const error = yield* Effect.flip(converter.toPayload({ a: 1 }))
      assert.strictEqual(error._tag, "DataConverterError")
      const payload = yield* converter.toPayload(new Uint8Array([9]))
      assert.deepStrictEqual(Array.from((yield* converter.fromPayload(payload)) as Uint8Array), [9])
    }).pipe(Effect.provide(DataConverter.layer({ payloadConverters: [DataConverter.binaryPlainConverter] }))))

  it.effect("module accessors", () =>
    Effect.gen(function*() {
      const payload = yield* DataConverter.toPayload({ x: 1 })
      assert.deepStrictEqual(yield* DataConverter.fromPayload(payload), { x: 1 })
      assert.deepStrictEqual(yield* DataConverter.fromPayload(payload, Schema.Struct({ x: Schema.Number })), { x: 1 })
    }).pipe(Effect.provide(DataConverter.Default)))

  it.effect("header codec behaviour: only Codec encodes headers", () =>
    Effect.gen(function*() {
      const converter = DataConverter.make({ codecs: [PayloadCodec.aesGcm(key)] })
      const header = { tracing: yield* dc.toPayload({ id: "abc" }) }
      const none = yield* converter.encodeHeader(header, "NoCodec")
      assert.strictEqual(metadataText(none["tracing"]!)["encoding"], "json/plain")
      const workflowOnly = yield* converter.encodeHeader(header, "WorkflowOnlyCodec")
      assert.strictEqual(metadataText(workflowOnly["tracing"]!)["encoding"], "json/plain")
      const encoded = yield* converter.encodeHeader(header, "Codec")
      assert.strictEqual(metadataText(encoded["tracing"]!)["encoding"], "binary/encrypted")
      const decoded = yield* converter.decodeHeader(encoded, "Codec")
      assert.deepStrictEqual(yield* dc.fromPayload(decoded["tracing"]!), { id: "abc" })
    }))
})

describe("DataConverter properties", () => {
  const key = PayloadCodec.encryptionKey("k1", new Uint8Array(32).fill(1))
  const withCodecs = DataConverter.make({ codecs: [PayloadCodec.zlib(), PayloadCodec.aesGcm(key)] })

  it.effect.prop("arbitrary JSON values round-trip", [Schema.Json], ([value]) =>
    Effect.gen(function*() {
      const expected = value === null ? undefined : JSON.parse(JSON.stringify(value))
      assert.deepStrictEqual(yield* dc.fromPayload(yield* dc.toPayload(value)), expected)
      assert.deepStrictEqual(yield* withCodecs.fromPayload(yield* withCodecs.toPayload(value)), expected)
    }))

  it.effect.prop(
    "arbitrary binary data round-trips",
    [Schema.Uint8Array.check(Schema.isMaxLength(4096))],
    ([value]) =>
      Effect.gen(function*() {
        const out = yield* dc.fromPayload(yield* dc.toPayload(value))
        assert.deepStrictEqual(Array.from(out as Uint8Array), Array.from(value))
        const coded = yield* withCodecs.fromPayload(yield* withCodecs.toPayload(value))
        assert.deepStrictEqual(Array.from(coded as Uint8Array), Array.from(value))
      })
  )

  it.effect.prop("codec encode then decode is the identity on payloads", [
    Schema.Array(Schema.String).check(Schema.isMaxLength(5))
  ], ([values]) =>
    Effect.gen(function*() {
      const payloads = yield* dc.toPayloads(values)
      const back = yield* withCodecs.decode(yield* withCodecs.encode(payloads))
      assert.deepStrictEqual(back.map((p) => text(p.data)), payloads.map((p) => text(p.data)))
    }))
})

describe("payload validation failures", () => {
  it.effect("payloadValidationError is the reserved non-retryable failure, on the wire as the SDKs write it", () =>
    Effect.gen(function*() {
      const failure = DataConverter.payloadValidationError({ field: "amount", problem: "negative" })
      assert.isTrue(DataConverter.isPayloadValidationError(failure))
      const proto = yield* DataConverter.defaultDataConverter.toFailure(failure)
      assert.strictEqual(proto.message, "Payload validation failed")
      assert.strictEqual(proto.applicationFailureInfo?.type, "PayloadValidationError")
      assert.isTrue(proto.applicationFailureInfo?.nonRetryable)
      assert.strictEqual(proto.applicationFailureInfo?.details?.payloads?.length, 1)
      const back = yield* DataConverter.defaultDataConverter.fromFailure(proto)
      assert.isTrue(DataConverter.isPayloadValidationError(back))
      assert.deepStrictEqual((back as { readonly details: ReadonlyArray<unknown> }).details, [
        { field: "amount", problem: "negative" }
      ])
      // Without details there are none; a retryable failure of the same type is not one.
      assert.deepStrictEqual(DataConverter.payloadValidationError().details, [])
      const retryable = new Failure.ApplicationFailure({ message: "m", type: "PayloadValidationError" })
      assert.isFalse(DataConverter.isPayloadValidationError(retryable))
    }))
})
