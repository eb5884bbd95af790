import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as DataConverter from "../../src/DataConverter.js"
import * as Convert from "../../src/internal/convert/searchAttributes.js"
import * as Memo from "../../src/Memo.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import * as SearchAttributes from "../../src/SearchAttributes.js"

const { SearchAttributeKey } = SearchAttributes
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array(0))
const meta = (p: DataConverter.Payload | undefined) =>
  Object.fromEntries(Object.entries(p?.metadata ?? {}).map(([k, v]) => [k, text(v)]))
const enc = (s: string) => new TextEncoder().encode(s)

const CustomerId = SearchAttributeKey.keyword("CustomerId")
const Notes = SearchAttributeKey.text("Notes")
const Count = SearchAttributeKey.int("Count")
const Amount = SearchAttributeKey.double("Amount")
const Vip = SearchAttributeKey.bool("Vip")
const Due = SearchAttributeKey.datetime("Due")
const Tags = SearchAttributeKey.keywordList("Tags")

const due = new Date("2025-01-02T03:04:05.678Z")
const all = SearchAttributes.make([
  [CustomerId, "c-42"],
  [Notes, "likes tea"],
  [Count, 7],
  [Amount, 9.5],
  [Vip, true],
  [Due, due],
  [Tags, ["a", "b"]]
])

describe("SearchAttributes collection", () => {
  it("get / set / remove are typed and immutable", () => {
    assert.deepStrictEqual(all.get(CustomerId), Option.some("c-42"))
    assert.deepStrictEqual(all.get(Due), Option.some(due))
    assert.strictEqual(all.size, 7)
    const changed = all.set(Count, 8).remove(Notes)
    assert.deepStrictEqual(changed.get(Count), Option.some(8))
    assert.isTrue(Option.isNone(changed.get(Notes)))
    assert.deepStrictEqual(all.get(Count), Option.some(7))
    // same name, other type: not found
    assert.isTrue(Option.isNone(all.get(SearchAttributeKey.text("CustomerId"))))
    assert.isFalse(all.has(SearchAttributeKey.int("CustomerId")))
    assert.isTrue(SearchAttributes.isSearchAttributes(all))
    assert.strictEqual(SearchAttributes.empty.size, 0)
  })
})

describe("SearchAttributes encoding", () => {
  it.effect("typed values are json/plain with metadata.type, datetimes as ISO text", () =>
    Effect.gen(function*() {
      const fields = yield* Convert.encode(all)
      assert.deepStrictEqual(meta(fields["CustomerId"]), { encoding: "json/plain", type: "Keyword" })
      assert.deepStrictEqual(meta(fields["Notes"]), { encoding: "json/plain", type: "Text" })
      assert.deepStrictEqual(meta(fields["Count"]), { encoding: "json/plain", type: "Int" })
      assert.deepStrictEqual(meta(fields["Amount"]), { encoding: "json/plain", type: "Double" })
      assert.deepStrictEqual(meta(fields["Vip"]), { encoding: "json/plain", type: "Bool" })
      assert.deepStrictEqual(meta(fields["Due"]), { encoding: "json/plain", type: "Datetime" })
      assert.deepStrictEqual(meta(fields["Tags"]), { encoding: "json/plain", type: "KeywordList" })
      assert.strictEqual(text(fields["CustomerId"]?.data), "\"c-42\"")
      assert.strictEqual(text(fields["Due"]?.data), "\"2025-01-02T03:04:05.678Z\"")
      assert.strictEqual(text(fields["Tags"]?.data), "[\"a\",\"b\"]")
      assert.strictEqual(text(fields["Count"]?.data), "7")
    }))

  it.effect("round-trips through the indexedFields map", () =>
    Effect.gen(function*() {
      const decoded = Convert.decode(yield* Convert.encode(all))
      for (const [key, value] of all) assert.deepStrictEqual(decoded.get(key), Option.some(value))
      assert.strictEqual(decoded.size, 7)
    }))

  it.effect("invalid values are InvalidArgumentError", () =>
    Effect.gen(function*() {
      const bad = SearchAttributes.make([[Count, 1.5]])
      const error = yield* Effect.flip(Convert.encode(bad))
      assert.strictEqual(error._tag, "InvalidArgumentError")
      assert.strictEqual(error.field, "searchAttributes.Count")
    }))

  it.effect("untyped input is accepted, without metadata.type", () =>
    Effect.gen(function*() {
      const fields = yield* Convert.encode({ CustomKeywordField: "x", CustomIntField: [1, 2], When: due })
      assert.deepStrictEqual(meta(fields["CustomKeywordField"]), { encoding: "json/plain" })
      assert.strictEqual(text(fields["CustomIntField"]?.data), "[1,2]")
      assert.strictEqual(text(fields["When"]?.data), "\"2025-01-02T03:04:05.678Z\"")
      assert.deepStrictEqual(Convert.decodeUntyped(fields), {
        CustomKeywordField: "x",
        CustomIntField: [1, 2],
        When: "2025-01-02T03:04:05.678Z"
      })
    }))

  it("decodes what the server returns: legacy single-element arrays, untyped and unknown entries", () => {
    const fields = {
      BuildIds: { metadata: { encoding: enc("json/plain"), type: enc("KeywordList") }, data: enc("[\"unversioned\"]") },
      TemporalChangeVersion: { metadata: { encoding: enc("json/plain"), type: enc("Keyword") }, data: enc("[\"v1\"]") },
      Started: {
        metadata: { encoding: enc("json/plain"), type: enc("Datetime") },
        data: enc("\"2024-05-06T07:08:09Z\"")
      },
      Legacy: { metadata: { encoding: enc("json/plain") }, data: enc("[\"no type\"]") },
      Weird: { metadata: { encoding: enc("json/plain"), type: enc("Alien") }, data: enc("1") }
    }
    const typed = Convert.decode(fields)
    assert.deepStrictEqual(typed.get(SearchAttributeKey.keywordList("BuildIds")), Option.some(["unversioned"]))
    assert.deepStrictEqual(typed.get(SearchAttributeKey.keyword("TemporalChangeVersion")), Option.some("v1"))
    assert.deepStrictEqual(
      typed.get(SearchAttributeKey.datetime("Started")),
      Option.some(new Date("2024-05-06T07:08:09Z"))
    )
    assert.strictEqual(typed.size, 3)
    const untyped = Convert.decodeUntyped(fields)
    assert.deepStrictEqual(untyped["Legacy"], ["no type"])
    assert.deepStrictEqual(untyped["Weird"], 1)
    assert.deepStrictEqual(untyped["Started"], new Date("2024-05-06T07:08:09Z"))
  })
})

describe("Memo", () => {
  const key = PayloadCodec.encryptionKey("k", new Uint8Array(32).fill(5))
  const converter = DataConverter.make({ codecs: [PayloadCodec.aesGcm(key)] })

  it.effect("values go through the data converter and decode lazily with an optional Schema", () =>
    Effect.gen(function*() {
      const fields = yield* Memo.encode({ owner: "ops", limits: { max: 3 } }, converter)
      assert.strictEqual(meta(fields["owner"])["encoding"], "binary/encrypted")
      const memo = Memo.make(fields, converter)
      assert.deepStrictEqual(memo.keys, ["owner", "limits"])
      assert.deepStrictEqual(yield* memo.get("owner"), Option.some("ops"))
      assert.deepStrictEqual(yield* memo.get("limits", Schema.Struct({ max: Schema.Number })), Option.some({ max: 3 }))
      assert.isTrue(Option.isNone(yield* memo.get("missing")))
      assert.deepStrictEqual(yield* memo.getAll, { owner: "ops", limits: { max: 3 } })
      const error = yield* Effect.flip(memo.get("owner", Schema.Number))
      assert.strictEqual(error._tag, "SchemaDecodeError")
      // reading with a converter that lacks the key fails only when read
      const blind = Memo.make(fields, DataConverter.make())
      assert.strictEqual((yield* Effect.flip(blind.get("owner")))._tag, "DataConverterError")
    }))
})
