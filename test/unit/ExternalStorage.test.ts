/**
 * External payload storage: the reference payload is byte for byte the
 * official SDK's, the threshold and selector decide what is stored, errors
 * are typed, and the size limit sees the reference, not the stored bytes.
 */
import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { encodeReferencePayload } from "@temporalio/common/lib/internal-non-workflow/extstore-helpers.js"
import protoRoot from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as DataConverter from "../../src/DataConverter.js"
import * as ExternalStorage from "../../src/ExternalStorage.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import { ExternalStorageError } from "../../src/TemporalError.js"

const { temporal } = protoRoot
const PayloadProto = temporal.api.common.v1.Payload
const serialize = (payload: DataConverter.Payload) => PayloadProto.encode(payload).finish()
const big = (n: number) => "x".repeat(n)

const withStorage = (storage: ExternalStorage.ExternalStorage, options?: DataConverter.Options) =>
  DataConverter.make({ ...options, externalStorage: storage })

describe("ExternalStorage reference payload", () => {
  it.effect("is the bytes of the official SDK's reference for the same claim", () =>
    Effect.gen(function*() {
      const driver = yield* ExternalStorage.memoryDriver({ name: "fs" })
      const dc = withStorage({ drivers: [driver], payloadSizeThreshold: 0 })
      const value = { hello: big(100) }
      const plain = yield* DataConverter.defaultDataConverter.toPayload(value)
      const [reference] = yield* dc.toPayloads([value])
      assert.isTrue(ExternalStorage.isReferencePayload(reference!))
      const claim = { claimData: { key: ExternalStorage.contentKey(serialize(plain)) } }
      const expected = encodeReferencePayload({ driverName: "fs", claim, sizeBytes: serialize(plain).length })
      assert.deepStrictEqual(Buffer.from(serialize(reference!)), Buffer.from(serialize(expected)))
      const back = yield* dc.fromPayloads([reference!])
      assert.deepStrictEqual(back, [value])
    }))
})

describe("ExternalStorage threshold and selector", () => {
  it.effect("keeps payloads under the threshold inline; stores those at or over it", () =>
    Effect.gen(function*() {
      const driver = yield* ExternalStorage.memoryDriver()
      const small = yield* DataConverter.defaultDataConverter.toPayload("small")
      const size = serialize(small).length
      const atThreshold = withStorage({ drivers: [driver], payloadSizeThreshold: size })
      const over = withStorage({ drivers: [driver], payloadSizeThreshold: size + 1 })
      const [stored] = yield* atThreshold.toPayloads(["small"])
      const [inline] = yield* over.toPayloads(["small"])
      assert.isTrue(ExternalStorage.isReferencePayload(stored!))
      assert.isFalse(ExternalStorage.isReferencePayload(inline!))
      assert.strictEqual(ExternalStorage.defaultPayloadSizeThreshold, 256 * 1024)
      const byDefault = withStorage({ drivers: [driver] })
      const [a, b] = yield* byDefault.toPayloads([big(1000), big(300 * 1024)])
      assert.isFalse(ExternalStorage.isReferencePayload(a!))
      assert.isTrue(ExternalStorage.isReferencePayload(b!))
    }))

  it.effect("the selector picks the driver or keeps a payload inline", () =>
    Effect.gen(function*() {
      const one = yield* ExternalStorage.memoryDriver({ name: "one" })
      const two = yield* ExternalStorage.memoryDriver({ name: "two" })
      const dc = withStorage({
        drivers: [one, two],
        payloadSizeThreshold: 0,
        driverSelector: (_, payload) => {
          const text = new TextDecoder().decode(payload.data ?? new Uint8Array())
          return text.includes("one") ? one : text.includes("two") ? two : undefined
        }
      })
      const payloads = yield* dc.toPayloads(["to one", "to two", "inline"])
      const names = payloads.map((p) =>
        ExternalStorage.isReferencePayload(p) ? JSON.parse(new TextDecoder().decode(p.data!)).driverName : "inline"
      )
      assert.deepStrictEqual(names, ["one", "two", "inline"])
      assert.deepStrictEqual(yield* dc.fromPayloads(payloads), ["to one", "to two", "inline"])
    }))

  it.effect("stores after the codecs and resolves before them", () =>
    Effect.gen(function*() {
      const driver = yield* ExternalStorage.memoryDriver()
      const dc = withStorage({ drivers: [driver], payloadSizeThreshold: 0 }, { codecs: [PayloadCodec.zlib()] })
      const [reference] = yield* dc.toPayloads([big(5000)])
      const metadata = Object.fromEntries(
        Object.entries(reference!.metadata ?? {}).map(([k, v]) => [k, new TextDecoder().decode(v)])
      )
      assert.strictEqual(metadata.encoding, "json/protobuf")
      const [stored] = yield* driver.retrieve({}, [
        { claimData: JSON.parse(new TextDecoder().decode(reference!.data!)).claimData }
      ])
      assert.notStrictEqual(new TextDecoder().decode(stored!.metadata!.encoding), "json/plain")
      assert.deepStrictEqual(yield* dc.fromPayloads([reference!]), [big(5000)])
    }))
})

describe("ExternalStorage errors", () => {
  it.effect("an unknown driver name fails with ExternalStorageError", () =>
    Effect.gen(function*() {
      const writer = yield* ExternalStorage.memoryDriver({ name: "writer" })
      const reader = yield* ExternalStorage.memoryDriver({ name: "reader" })
      const [reference] = yield* withStorage({ drivers: [writer], payloadSizeThreshold: 0 }).toPayloads(["v"])
      const error = yield* Effect.flip(
        withStorage({ drivers: [reader], payloadSizeThreshold: 0 }).fromPayloads([reference!])
      )
      assert.instanceOf(error, ExternalStorageError)
      assert.strictEqual(error._tag, "ExternalStorageError")
      assert.strictEqual((error as ExternalStorageError).driver, "writer")
    }))

  it.effect("a failing driver and a wrong claim count fail typed", () =>
    Effect.gen(function*() {
      const failing: ExternalStorage.StorageDriver = {
        name: "failing",
        type: "test.failing",
        store: () => Effect.fail(new ExternalStorageError({ driver: "failing", operation: "store", reason: "down" })),
        retrieve: () => Effect.succeed([])
      }
      const short: ExternalStorage.StorageDriver = { ...failing, name: "short", store: () => Effect.succeed([]) }
      const e1 = yield* Effect.flip(withStorage({ drivers: [failing], payloadSizeThreshold: 0 }).toPayload("v"))
      assert.strictEqual(e1._tag, "ExternalStorageError")
      assert.include(e1.message, "down")
      const e2 = yield* Effect.flip(withStorage({ drivers: [short], payloadSizeThreshold: 0 }).toPayloads(["v"]))
      assert.strictEqual(e2._tag, "ExternalStorageError")
      assert.include(e2.message, "0 claims for 1 payloads")
    }))

  it.effect("withExternalStorage refuses an invalid configuration", () =>
    Effect.gen(function*() {
      const one = yield* ExternalStorage.memoryDriver({ name: "one" })
      const two = yield* ExternalStorage.memoryDriver({ name: "two" })
      const build = (storage: ExternalStorage.ExternalStorage) =>
        Effect.flip(Layer.build(DataConverter.Default.pipe(DataConverter.withExternalStorage(storage))))
      const e1 = yield* Effect.scoped(build({ drivers: [one, two] }))
      assert.strictEqual(e1._tag, "InvalidArgumentError")
      const e2 = yield* Effect.scoped(build({ drivers: [one, one], driverSelector: () => one }))
      assert.strictEqual(e2._tag, "InvalidArgumentError")
      const e3 = yield* Effect.scoped(build({ drivers: [] }))
      assert.strictEqual(e3._tag, "InvalidArgumentError")
    }))
})

describe("ExternalStorage and the size limit", () => {
  it.effect("checkSize sees the reference payload, not the stored bytes", () =>
    Effect.gen(function*() {
      const driver = yield* ExternalStorage.memoryDriver()
      const dc = withStorage({ drivers: [driver] })
      const payloads = yield* dc.toPayloads([big(5 * 1024 * 1024)])
      assert.isBelow(serialize(payloads[0]!).length, 1024)
      yield* dc.checkSize(payloads, "StartWorkflowExecution.input")
      const plain = yield* DataConverter.defaultDataConverter.toPayloads([big(5 * 1024 * 1024)])
      const error = yield* Effect.flip(DataConverter.defaultDataConverter.checkSize(plain, "test"))
      assert.strictEqual(error._tag, "PayloadTooLargeError")
    }))
})

describe("ExternalStorage fileSystemDriver", () => {
  it.effect("writes each payload to a file of the directory and reads it back", () =>
    Effect.gen(function*() {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "extstore-"))
      const driver = yield* ExternalStorage.fileSystemDriver({ directory })
      const Converter = DataConverter.Default.pipe(
        DataConverter.withExternalStorage({ drivers: [driver], payloadSizeThreshold: 0 })
      )
      const dc = yield* Effect.provide(DataConverter.DataConverter, Converter)
      const payloads = yield* dc.toPayloads([{ a: 1 }])
      assert.strictEqual(fs.readdirSync(directory).length, 1)
      assert.deepStrictEqual(yield* dc.fromPayloads(payloads), [{ a: 1 }])
      fs.rmSync(directory, { recursive: true, force: true })
    }).pipe(Effect.provide(NodeFileSystem.layer)))
})
