import { assert, describe, it } from "@effect/vitest"
import protoRoot from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as fs from "node:fs"
import * as path from "node:path"
import * as zlib from "node:zlib"
import * as DataConverter from "../../src/DataConverter.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"

const { temporal } = protoRoot
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array(0))
const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"))
const encodingOf = (p: DataConverter.Payload) => text(p.metadata?.["encoding"])

const dc = DataConverter.make()
const key1 = PayloadCodec.encryptionKey("key-1", new Uint8Array(32).fill(1))
const key2 = PayloadCodec.encryptionKey("key-2", new Uint8Array(32).fill(2))

describe("zlib codec", () => {
  it.effect("deflates the serialized payload as binary/zlib", () =>
    Effect.gen(function*() {
      const original = yield* dc.toPayload({ text: "a".repeat(1000) })
      const [encoded] = yield* PayloadCodec.zlib().encode([original])
      assert.strictEqual(encodingOf(encoded!), "binary/zlib")
      assert.deepStrictEqual(Object.keys(encoded!.metadata ?? {}), ["encoding"])
      // zlib format (as Go's compress/zlib writes it) of the serialized Payload
      const inflated = zlib.inflateSync(encoded!.data!)
      assert.deepStrictEqual(
        Array.from(inflated),
        Array.from(temporal.api.common.v1.Payload.encode(original).finish())
      )
      assert.isBelow(encoded!.data!.length, 100)
      const [decoded] = yield* PayloadCodec.zlib().decode([encoded!])
      assert.deepStrictEqual(yield* dc.fromPayload(decoded!), { text: "a".repeat(1000) })
    }))

  it.effect("keeps payloads that would grow, unless alwaysEncode", () =>
    Effect.gen(function*() {
      const small = yield* dc.toPayload(1)
      assert.strictEqual(encodingOf((yield* PayloadCodec.zlib().encode([small]))[0]!), "json/plain")
      assert.strictEqual(
        encodingOf((yield* PayloadCodec.zlib({ alwaysEncode: true }).encode([small]))[0]!),
        "binary/zlib"
      )
    }))

  it.effect("reads a payload Go-style zlib wrote, and corrupt data is a typed error", () =>
    Effect.gen(function*() {
      const original = yield* dc.toPayload("from go")
      const goStyle = {
        metadata: { encoding: new TextEncoder().encode("binary/zlib") },
        data: new Uint8Array(zlib.deflateSync(temporal.api.common.v1.Payload.encode(original).finish(), { level: 9 }))
      }
      const [decoded] = yield* PayloadCodec.zlib().decode([goStyle])
      assert.strictEqual(yield* dc.fromPayload(decoded!), "from go")
      const error = yield* Effect.flip(
        PayloadCodec.zlib().decode([{ metadata: goStyle.metadata, data: new Uint8Array([1, 2, 3]) }])
      )
      assert.strictEqual(error._tag, "PayloadCodecError")
      assert.strictEqual(error.operation, "decode")
    }))
})

describe("AES-256-GCM codec", () => {
  it.effect("writes binary/encrypted, the key ID, IV ‖ ciphertext ‖ tag", () =>
    Effect.gen(function*() {
      const original = yield* dc.toPayload({ secret: 42 })
      const [encrypted] = yield* PayloadCodec.aesGcm(key1).encode([original])
      assert.strictEqual(encodingOf(encrypted!), "binary/encrypted")
      assert.strictEqual(text(encrypted!.metadata?.["encryption-key-id"]), "key-1")
      const serialized = temporal.api.common.v1.Payload.encode(original).finish()
      assert.strictEqual(encrypted!.data!.length, 12 + serialized.length + 16)
      const [decrypted] = yield* PayloadCodec.aesGcm(key1).decode([encrypted!])
      assert.deepStrictEqual(yield* dc.fromPayload(decrypted!), { secret: 42 })
    }))

  it.effect("decoding passes other encodings through", () =>
    Effect.gen(function*() {
      const plain = yield* dc.toPayload("plain")
      const [out] = yield* PayloadCodec.aesGcm(key1).decode([plain])
      assert.strictEqual(out, plain)
    }))

  it.effect("a wrong key is a typed error", () =>
    Effect.gen(function*() {
      const [encrypted] = yield* PayloadCodec.aesGcm(key1).encode([yield* dc.toPayload("x")])
      const wrongKey = PayloadCodec.encryptionKey("key-1", new Uint8Array(32).fill(9))
      const error = yield* Effect.flip(PayloadCodec.aesGcm(wrongKey).decode([encrypted!]))
      assert.strictEqual(error._tag, "PayloadCodecError")
      assert.strictEqual(error.codec, "aes-256-gcm")
      assert.strictEqual(error.operation, "decode")
      // an unknown key ID too
      const unknown = yield* Effect.flip(PayloadCodec.aesGcm(key2).decode([encrypted!]))
      assert.strictEqual(unknown._tag, "PayloadCodecError")
      assert.include(unknown.reason, "key-1")
      // and a key of the wrong length
      const short = PayloadCodec.encryptionKey("short", new Uint8Array(16))
      assert.strictEqual(
        (yield* Effect.flip(PayloadCodec.aesGcm(short).encode([encrypted!])))._tag,
        "PayloadCodecError"
      )
    }))

  it.effect("tampered data is a typed error", () =>
    Effect.gen(function*() {
      const [encrypted] = yield* PayloadCodec.aesGcm(key1).encode([yield* dc.toPayload("x")])
      const data = new Uint8Array(encrypted!.data!)
      data[14] = data[14]! ^ 0xff
      const error = yield* Effect.flip(PayloadCodec.aesGcm(key1).decode([{ ...encrypted!, data }]))
      assert.strictEqual(error._tag, "PayloadCodecError")
    }))

  it.effect("keys rotate: the provider encrypts with current and decrypts with previous", () =>
    Effect.gen(function*() {
      const [old] = yield* PayloadCodec.aesGcm(key1).encode([yield* dc.toPayload("old")])
      const rotated = PayloadCodec.aesGcmWith(PayloadCodec.keyProvider({ current: key2, previous: [key1] }))
      const [fresh] = yield* rotated.encode([yield* dc.toPayload("new")])
      assert.strictEqual(text(fresh!.metadata?.["encryption-key-id"]), "key-2")
      const decoded = yield* rotated.decode([old!, fresh!])
      assert.deepStrictEqual(yield* dc.fromPayloads(decoded), ["old", "new"])
    }))

  it.effect("a vector made by Python's cryptography AESGCM decodes", () =>
    Effect.gen(function*() {
      const vector = JSON.parse(
        fs.readFileSync(path.join(import.meta.dirname, "..", "data", "aes-gcm-python-vector.json"), "utf8")
      ) as {
        keyId: string
        keyHex: string
        payload: { metadata: Record<string, string>; data: string }
        expected: { encoding: string; value: unknown; serializedOriginalBase64: string }
      }
      const key = PayloadCodec.encryptionKey(
        vector.keyId,
        Redacted.make(new Uint8Array(Buffer.from(vector.keyHex, "hex")))
      )
      const payload: DataConverter.Payload = {
        metadata: Object.fromEntries(Object.entries(vector.payload.metadata).map(([k, v]) => [k, fromBase64(v)])),
        data: fromBase64(vector.payload.data)
      }
      const converter = DataConverter.make({ codecs: [PayloadCodec.aesGcm(key)] })
      const [decoded] = yield* converter.decode([payload])
      assert.strictEqual(encodingOf(decoded!), vector.expected.encoding)
      // our serialization of the decoded payload is byte-identical to Python's
      assert.deepStrictEqual(
        Array.from(temporal.api.common.v1.Payload.encode(decoded!).finish()),
        Array.from(fromBase64(vector.expected.serializedOriginalBase64))
      )
      assert.deepStrictEqual(yield* converter.fromPayload(payload), vector.expected.value)
    }))
})

describe("codec chains", () => {
  it.effect("zlib then AES: encode in order, decode in reverse", () =>
    Effect.gen(function*() {
      const converter = DataConverter.make({ codecs: [PayloadCodec.zlib(), PayloadCodec.aesGcm(key1)] })
      const value = { log: "line ".repeat(500) }
      const payload = yield* converter.toPayload(value)
      // outermost is AES (applied last)
      assert.strictEqual(encodingOf(payload), "binary/encrypted")
      const [afterAes] = yield* PayloadCodec.aesGcm(key1).decode([payload])
      assert.strictEqual(encodingOf(afterAes!), "binary/zlib")
      const [afterZlib] = yield* PayloadCodec.zlib().decode([afterAes!])
      assert.strictEqual(encodingOf(afterZlib!), "json/plain")
      assert.deepStrictEqual(yield* converter.fromPayload(payload), value)
      // the chain alone, for codec servers
      const encoded = yield* converter.encode([yield* dc.toPayload("x")])
      const decoded = yield* converter.decode(encoded)
      assert.strictEqual(yield* dc.fromPayload(decoded[0]!), "x")
      // a composed chain behaves the same
      const chained = PayloadCodec.chain(PayloadCodec.zlib(), PayloadCodec.aesGcm(key1))
      assert.deepStrictEqual(yield* dc.fromPayloads(yield* chained.decode(yield* chained.encode([afterZlib!]))), [
        value
      ])
    }))

  it.effect("the reverse order fails to decode when applied in the wrong order", () =>
    Effect.gen(function*() {
      const converter = DataConverter.make({
        codecs: [PayloadCodec.zlib({ alwaysEncode: true }), PayloadCodec.aesGcm(key1)]
      })
      const payload = yield* converter.toPayload("v")
      // decoding with zlib alone passes the encrypted payload through untouched
      const [same] = yield* PayloadCodec.zlib().decode([payload])
      assert.strictEqual(encodingOf(same!), "binary/encrypted")
      const error = yield* Effect.flip(dc.fromPayload(same!))
      assert.strictEqual(error._tag, "DataConverterError")
    }))
})
