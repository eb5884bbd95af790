/**
 * HPACK as the HTTP/2 transport decodes response headers and encodes request headers: the
 * examples of RFC 7541 Appendix C (one decoder across a connection's blocks, Huffman strings,
 * a 256-octet table that evicts), the encoder's exact octets and round trips, and the malformed
 * blocks a decoder must refuse.
 */
import { assert, describe, it } from "@effect/vitest"
import { HpackError, makeHpackDecoder, makeHpackEncoder } from "../../src/internal/transport/http2/wire/hpack.js"
import { huffmanDecode } from "../../src/internal/transport/http2/wire/huffman.js"

/** The block of `fields` from an encoder without a dynamic table (the same on every connection). */
const encodeHeaderBlock = (fields: ReadonlyArray<string>): Buffer => makeHpackEncoder(0).encode(fields)
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex")
const pairs = (fields: ReadonlyArray<string>): Array<Array<string>> =>
  Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i]!, fields[2 * i + 1]!])

const requests = [
  [[":method", "GET"], [":scheme", "http"], [":path", "/"], [":authority", "www.example.com"]],
  [[":method", "GET"], [":scheme", "http"], [":path", "/"], [":authority", "www.example.com"], [
    "cache-control",
    "no-cache"
  ]],
  [[":method", "GET"], [":scheme", "https"], [":path", "/index.html"], [":authority", "www.example.com"], [
    "custom-key",
    "custom-value"
  ]]
]

const responses = [
  [[":status", "302"], ["cache-control", "private"], ["date", "Mon, 21 Oct 2013 20:13:21 GMT"], [
    "location",
    "https://www.example.com"
  ]],
  [[":status", "307"], ["cache-control", "private"], ["date", "Mon, 21 Oct 2013 20:13:21 GMT"], [
    "location",
    "https://www.example.com"
  ]],
  [
    [":status", "200"],
    ["cache-control", "private"],
    ["date", "Mon, 21 Oct 2013 20:13:22 GMT"],
    ["location", "https://www.example.com"],
    ["content-encoding", "gzip"],
    ["set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"]
  ]
]

describe("HPACK", () => {
  it("decodes the single-field examples (C.2)", () => {
    const decoder = makeHpackDecoder()
    // Literal with indexing, new name; it becomes index 62.
    assert.deepStrictEqual(
      decoder.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")),
      ["custom-key", "custom-header"]
    )
    assert.deepStrictEqual(decoder.decode(hex("be")), ["custom-key", "custom-header"])
    // Literal without indexing, indexed name.
    assert.deepStrictEqual(decoder.decode(hex("040c 2f73 616d 706c 652f 7061 7468")), [":path", "/sample/path"])
    // Never indexed, new name.
    assert.deepStrictEqual(decoder.decode(hex("1008 7061 7373 776f 7264 0673 6563 7265 74")), [
      "password",
      "secret"
    ])
    // Indexed static field.
    assert.deepStrictEqual(decoder.decode(hex("82")), [":method", "GET"])
  })

  it("decodes a connection's requests without Huffman coding (C.3), the table carried across blocks", () => {
    const decoder = makeHpackDecoder()
    const blocks = [
      "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
      "8286 84be 5808 6e6f 2d63 6163 6865",
      "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"
    ]
    blocks.forEach((block, i) => assert.deepStrictEqual(pairs(decoder.decode(hex(block))), requests[i]))
  })

  it("decodes the same requests Huffman-coded (C.4)", () => {
    const decoder = makeHpackDecoder()
    const blocks = [
      "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
      "8286 84be 5886 a8eb 1064 9cbf",
      "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"
    ]
    blocks.forEach((block, i) => assert.deepStrictEqual(pairs(decoder.decode(hex(block))), requests[i]))
  })

  it("decodes responses with a 256-octet table that evicts (C.5, C.6)", () => {
    const plain = makeHpackDecoder(256)
    assert.deepStrictEqual(
      pairs(
        plain.decode(
          hex(
            "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"
          )
        )
      ),
      responses[0]
    )
    // ":status: 307" evicts ":status: 302"; the others are found at their new indexes.
    assert.deepStrictEqual(pairs(plain.decode(hex("4803 3330 37c1 c0bf"))), responses[1])

    const huffman = makeHpackDecoder(256)
    const blocks = [
      "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
      "4883 640e ffc1 c0bf",
      "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"
    ]
    blocks.forEach((block, i) => assert.deepStrictEqual(pairs(huffman.decode(hex(block))), responses[i]))
  })

  it("Huffman: decodes what it is given and refuses bad padding and EOS", () => {
    const www = hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff")
    assert.strictEqual(huffmanDecode(www, 0, www.length), "www.example.com")
    // '0' is 00000 (5 bits): three bits of padding, all ones.
    assert.strictEqual(huffmanDecode(hex("07"), 0, 1), "0")
    // The same symbol padded with zeros.
    assert.throws(() => huffmanDecode(hex("00"), 0, 1), HpackError)
    // A whole octet of ones after a symbol: padding longer than 7 bits.
    assert.throws(() => huffmanDecode(hex("07ff"), 0, 2), HpackError)
    // EOS (30 ones) in the data.
    assert.throws(() => huffmanDecode(hex("ffff ffff"), 0, 4), HpackError)
  })

  it("encodes static fields as their index, other fields as literals, and round-trips", () => {
    assert.deepStrictEqual([...encodeHeaderBlock([":method", "POST"])], [0x83])
    // "content-type" is static index 31: 4-bit prefix 15, then 16.
    assert.deepStrictEqual(
      [...encodeHeaderBlock(["content-type", "application/grpc"])],
      [0x0f, 0x10, 16, ...Buffer.from("application/grpc")]
    )
    assert.deepStrictEqual([...encodeHeaderBlock(["te", "trailers"])], [
      0x00,
      2,
      ...Buffer.from("te"),
      8,
      ...Buffer.from("trailers")
    ])
    const fields = [
      ":method",
      "POST",
      ":scheme",
      "https",
      ":path",
      "/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution",
      ":authority",
      "localhost:7233",
      "content-type",
      "application/grpc",
      "te",
      "trailers",
      "x-empty",
      "",
      "x-127",
      "a".repeat(127),
      "x-long",
      "b".repeat(20_000),
      "authorization",
      "Bearer abc"
    ]
    const block = encodeHeaderBlock(fields)
    assert.deepStrictEqual(makeHpackDecoder().decode(block), fields)
    // No table state: the same block decodes again the same on the same decoder.
    const decoder = makeHpackDecoder()
    decoder.decode(block)
    assert.deepStrictEqual(decoder.decode(block), fields)
  })

  it("indexes repeated fields in the dynamic table, as the peer's decoder follows it", () => {
    const encoder = makeHpackEncoder()
    const decoder = makeHpackDecoder()
    const first = [":method", "POST", ":path", "/p", "authorization", "Bearer abc", "grpc-timeout", "5000m"]
    const firstBlock = encoder.encode(first)
    assert.deepStrictEqual(decoder.decode(firstBlock), first)
    // Added to the table the first time, indexed the second; grpc-timeout stays a literal.
    const again = encoder.encode(first)
    assert.isBelow(again.length, firstBlock.length)
    assert.deepStrictEqual(decoder.decode(again), first)
    // The same array again: the same block, not encoded anew.
    assert.strictEqual(encoder.encode(first), again)
    const timeout = ["grpc-timeout", "4999m"]
    assert.deepStrictEqual(decoder.decode(encoder.encode(timeout)), timeout)
    assert.deepStrictEqual(decoder.decode(encoder.encode(first)), first)
  })

  it("keeps its table in step with the decoder through evictions and a smaller peer table", () => {
    let seed = 12345
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const encoder = makeHpackEncoder()
    const decoder = makeHpackDecoder()
    const sets = Array.from({ length: 12 }, (_, i) => [
      ":path",
      `/method/${i % 5}`,
      `x-field-${i % 4}`,
      "v".repeat(50 + 400 * (i % 6)),
      "authorization",
      `Bearer ${i % 3}`
    ])
    for (let round = 0; round < 400; round++) {
      const fields = sets[random(sets.length)]!
      // The peer's SETTINGS_HEADER_TABLE_SIZE drops to 300: the next block tells its decoder.
      if (round === 200) encoder.setPeerTableSize(300)
      assert.deepStrictEqual(decoder.decode(encoder.encode(fields)), fields, `round ${round}`)
    }
  })

  it("announces a smaller table at the start of the next block", () => {
    const encoder = makeHpackEncoder()
    encoder.encode(["x-a", "1"])
    encoder.setPeerTableSize(0)
    const block = encoder.encode(["x-a", "1"])
    // 001 00000: a size update to 0, then the field as a literal that is not indexed.
    assert.strictEqual(block[0], 0x20)
    assert.strictEqual(block[1], 0x00)
    assert.deepStrictEqual(makeHpackDecoder().decode(block), ["x-a", "1"])
  })

  it("refuses malformed blocks", () => {
    const refuses = (block: string) => assert.throws(() => makeHpackDecoder().decode(hex(block)), HpackError)
    refuses("80") // index 0
    refuses("be") // index 62 with an empty dynamic table
    refuses("ff") // an integer that does not end
    refuses("ff ff ff ff ff ff 7f") // an integer past 2³¹
    refuses("400a 6375 7374") // a string past the block
    refuses("3fe2 1f") // a table size update to 4097, above the 4096 announced
    refuses("82 20") // a size update after a field
  })
})
