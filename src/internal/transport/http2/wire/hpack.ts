/**
 * HPACK (RFC 7541) for the transport's HTTP/2 connection: a full decoder
 * (static and dynamic tables, Huffman strings, table size updates) and an
 * encoder that needs no table state (static-table indexes and literals
 * without indexing, never Huffman), so a request's header block can be
 * encoded once and sent on any connection.
 *
 * @internal
 */
import { HpackError, huffmanDecode } from "./huffman.js"

export { HpackError } from "./huffman.js"

/** The static table (RFC 7541 Appendix A), index 1 first. */
const staticTable: ReadonlyArray<readonly [string, string]> = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""]
]

/** An entry's size in the dynamic table: its octets and 32 (RFC 7541 §4.1). */
const entrySize = (name: string, value: string): number => name.length + value.length + 32

/**
 * Decodes the header blocks of one connection, in order.
 *
 * @internal
 */
export interface HpackDecoder {
  /** The fields of `block`, flat: `[name, value, name, value, …]`. Throws {@link HpackError}. */
  readonly decode: (block: Uint8Array) => Array<string>
}

const empty = new Uint8Array(0)

/** The octets `[start, end)` of `bytes` as a latin1 string. */
const latin1 = (bytes: Uint8Array, start: number, end: number): string =>
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString(
    "latin1",
    start,
    end
  )

/** A decoder's state: the dynamic table, newest entry last. */
class Decoder implements HpackDecoder {
  private readonly names: Array<string> = []
  private readonly values: Array<string> = []
  private size = 0
  private limit: number
  private bytes: Uint8Array = empty
  private offset = 0

  /** `maxTableSize`: the SETTINGS_HEADER_TABLE_SIZE announced, which size updates may not exceed. */
  constructor(private readonly maxTableSize: number) {
    this.limit = maxTableSize
  }

  readonly decode = (block: Uint8Array): Array<string> => {
    this.bytes = block
    this.offset = 0
    const fields: Array<string> = []
    const end = block.length
    try {
      while (this.offset < end) {
        const first = block[this.offset]!
        if (first >= 0x80) {
          const index = this.integer(7)
          fields.push(this.nameAt(index), this.valueAt(index))
        } else if (first >= 0x40) {
          const index = this.integer(6)
          const name = index === 0 ? this.string() : this.nameAt(index)
          const value = this.string()
          this.insert(name, value)
          fields.push(name, value)
        } else if (first >= 0x20) {
          if (fields.length > 0) throw new HpackError("A dynamic table size update after a field")
          const size = this.integer(5)
          if (size > this.maxTableSize) {
            throw new HpackError(`A dynamic table size update to ${size}, above ${this.maxTableSize}`)
          }
          this.limit = size
          this.evict(0)
        } else {
          // Literal without indexing (0000) or never indexed (0001): both have a 4-bit prefix.
          const index = this.integer(4)
          const name = index === 0 ? this.string() : this.nameAt(index)
          fields.push(name, this.string())
        }
      }
    } finally {
      this.bytes = empty
    }
    return fields
  }

  private integer(prefixBits: number): number {
    const bytes = this.bytes
    const mask = (1 << prefixBits) - 1
    let value = bytes[this.offset++]! & mask
    if (value < mask) return value
    let shift = 0
    for (;;) {
      if (this.offset >= bytes.length) throw new HpackError("A truncated integer")
      const byte = bytes[this.offset++]!
      value += (byte & 0x7f) * 2 ** shift
      shift += 7
      if ((byte & 0x80) === 0) break
      if (shift > 28) throw new HpackError("An integer too large")
    }
    if (value > 0x7fff_ffff) throw new HpackError("An integer too large")
    return value
  }

  private string(): string {
    const bytes = this.bytes
    if (this.offset >= bytes.length) throw new HpackError("A truncated string")
    const huffman = (bytes[this.offset]! & 0x80) !== 0
    const length = this.integer(7)
    const start = this.offset
    const end = start + length
    if (end > bytes.length) throw new HpackError("A string longer than its block")
    this.offset = end
    return huffman ? huffmanDecode(bytes, start, end) : latin1(bytes, start, end)
  }

  private nameAt(index: number): string {
    if (index === 0) throw new HpackError("Index 0")
    if (index <= staticTable.length) return staticTable[index - 1]![0]
    const position = this.names.length - (index - staticTable.length)
    if (position < 0) throw new HpackError(`Index ${index} past the table`)
    return this.names[position]!
  }

  /** The value at `index` (checked by {@link Decoder.nameAt} first). */
  private valueAt(index: number): string {
    if (index <= staticTable.length) return staticTable[index - 1]![1]
    return this.values[this.values.length - (index - staticTable.length)]!
  }

  private insert(name: string, value: string): void {
    const size = entrySize(name, value)
    if (size > this.limit) {
      // An entry larger than the table empties it and is not added (RFC 7541 §4.4).
      this.names.length = 0
      this.values.length = 0
      this.size = 0
      return
    }
    this.evict(size)
    this.names.push(name)
    this.values.push(value)
    this.size += size
  }

  /** Evict the oldest entries until `room` more octets fit. */
  private evict(room: number): void {
    let drop = 0
    let size = this.size
    while (size + room > this.limit && drop < this.names.length) {
      size -= entrySize(this.names[drop]!, this.values[drop]!)
      drop++
    }
    if (drop > 0) {
      this.names.splice(0, drop)
      this.values.splice(0, drop)
      this.size = size
    }
  }
}

/**
 * A decoder whose dynamic table may grow to `maxTableSize` octets (the
 * SETTINGS_HEADER_TABLE_SIZE this side announced; 4096 by default).
 *
 * @internal
 */
export const makeHpackDecoder = (maxTableSize = 4096): HpackDecoder => new Decoder(maxTableSize)

/** The static index of each name (its first entry), and of each exact name and value. */
const staticNameIndex = new Map<string, number>()
const staticFieldIndex = new Map<string, number>()
staticTable.forEach(([name, value], i) => {
  if (!staticNameIndex.has(name)) staticNameIndex.set(name, i + 1)
  staticFieldIndex.set(`${name}\0${value}`, i + 1)
})

/** The octets of an integer with an N-bit prefix. */
const integerLength = (value: number, prefixBits: number): number => {
  const mask = (1 << prefixBits) - 1
  if (value < mask) return 1
  let length = 2
  for (let rest = value - mask; rest >= 0x80; rest = Math.floor(rest / 0x80)) length++
  return length
}

/** Write an integer with an N-bit prefix after the `pattern` bits; returns the offset after it. */
const writeInteger = (out: Buffer, offset: number, value: number, prefixBits: number, pattern: number): number => {
  const mask = (1 << prefixBits) - 1
  if (value < mask) {
    out[offset] = pattern | value
    return offset + 1
  }
  out[offset++] = pattern | mask
  let rest = value - mask
  while (rest >= 0x80) {
    out[offset++] = (rest % 0x80) | 0x80
    rest = Math.floor(rest / 0x80)
  }
  out[offset] = rest
  return offset + 1
}

/**
 * Fields never added to the dynamic table: their values change from call
 * to call, and each would evict a field that repeats.
 */
const neverIndexed: ReadonlySet<string> = new Set(["grpc-timeout"])

/** How one field is written: a static or dynamic index, or a literal added to the table, or a literal. */
const Kind = { Indexed: 0, LiteralIndexed: 1, Literal: 2 } as const

/**
 * Encodes the request header blocks of one connection, in the order their
 * HEADERS frames are written.
 *
 * @internal
 */
export interface HpackEncoder {
  /**
   * The header block of `fields` (flat `[name, value, …]`, names lower-case,
   * octets as latin1). The same `fields` array gets the same block back for
   * as long as the table has not changed since (no work per call).
   */
  readonly encode: (fields: ReadonlyArray<string>) => Buffer
  /** The peer's SETTINGS_HEADER_TABLE_SIZE: the table shrinks to it (announced at the start of the next block). */
  readonly setPeerTableSize: (size: number) => void
}

/** An encoder's state: the dynamic table as the peer's decoder holds it, newest entry last. */
class Encoder implements HpackEncoder {
  private readonly keys: Array<string> = []
  private readonly sizes: Array<number> = []
  /** Each key's insertion number (its latest, if inserted twice). */
  private readonly inserted = new Map<string, number>()
  private insertions = 0
  private size = 0
  private limit: number
  /** A table size to announce at the start of the next block. */
  private sizeUpdate: number | undefined = undefined
  /** Changes whenever the table does: a cached block is valid only in its epoch. */
  private epoch = 0
  private readonly blocks = new WeakMap<ReadonlyArray<string>, { readonly epoch: number; readonly block: Buffer }>()

  /** `maxTableSize`: the most this encoder uses, within the peer's limit (4096 until it says). */
  constructor(private readonly maxTableSize: number) {
    this.limit = Math.min(maxTableSize, 4096)
  }

  readonly setPeerTableSize = (size: number): void => {
    const limit = Math.min(size, this.maxTableSize)
    if (limit === this.limit) return
    this.limit = limit
    this.sizeUpdate = limit
    this.evict(0)
    this.epoch++
  }

  readonly encode = (fields: ReadonlyArray<string>): Buffer => {
    const cached = this.blocks.get(fields)
    if (cached !== undefined && cached.epoch === this.epoch && this.sizeUpdate === undefined) return cached.block
    const epoch = this.epoch
    const update = this.sizeUpdate
    this.sizeUpdate = undefined
    // First pass: how each field is written (and the table changes it makes), and the length.
    const kinds: Array<number> = []
    const indexes: Array<number> = []
    let length = update === undefined ? 0 : integerLength(update, 5)
    for (let i = 0; i < fields.length; i += 2) {
      const name = fields[i]!
      const value = fields[i + 1]!
      const key = `${name}\0${value}`
      const exact = staticFieldIndex.get(key) ?? this.dynamicIndex(key)
      if (exact !== undefined) {
        kinds.push(Kind.Indexed)
        indexes.push(exact)
        length += integerLength(exact, 7)
        continue
      }
      const nameIndex = staticNameIndex.get(name) ?? 0
      const size = entrySize(name, value)
      const index = !neverIndexed.has(name) && size <= this.limit
      if (index) this.insert(key, size)
      kinds.push(index ? Kind.LiteralIndexed : Kind.Literal)
      indexes.push(nameIndex)
      length += nameIndex === 0
        ? 1 + integerLength(name.length, 7) + name.length
        : integerLength(nameIndex, index ? 6 : 4)
      length += integerLength(value.length, 7) + value.length
    }
    const out = Buffer.allocUnsafe(length)
    let offset = update === undefined ? 0 : writeInteger(out, 0, update, 5, 0x20)
    for (let i = 0; i < fields.length; i += 2) {
      const kind = kinds[i / 2]!
      const index = indexes[i / 2]!
      if (kind === Kind.Indexed) {
        offset = writeInteger(out, offset, index, 7, 0x80)
        continue
      }
      const [prefix, pattern] = kind === Kind.LiteralIndexed ? [6, 0x40] : [4, 0x00]
      if (index === 0) {
        out[offset++] = pattern
        const name = fields[i]!
        offset = writeInteger(out, offset, name.length, 7, 0x00)
        offset += out.write(name, offset, "latin1")
      } else {
        offset = writeInteger(out, offset, index, prefix, pattern)
      }
      const value = fields[i + 1]!
      offset = writeInteger(out, offset, value.length, 7, 0x00)
      offset += out.write(value, offset, "latin1")
    }
    // A block that changed the table (or announced its size) is good once; the next encoding indexes what it added.
    if (this.epoch === epoch && update === undefined) this.blocks.set(fields, { epoch, block: out })
    return out
  }

  /** The index of an exact entry of the dynamic table (62 is the newest). */
  private dynamicIndex(key: string): number | undefined {
    const insertion = this.inserted.get(key)
    return insertion === undefined ? undefined : staticTable.length + 1 + this.insertions - insertion
  }

  private insert(key: string, size: number): void {
    this.evict(size)
    this.keys.push(key)
    this.sizes.push(size)
    this.inserted.set(key, ++this.insertions)
    this.size += size
    this.epoch++
  }

  /** Evict the oldest entries until `room` more octets fit (as the peer's decoder does). */
  private evict(room: number): void {
    let drop = 0
    while (this.size + room > this.limit && drop < this.keys.length) {
      const key = this.keys[drop]!
      this.size -= this.sizes[drop]!
      // The entry's insertion number: entries are inserted in order, so the oldest has the lowest.
      const insertion = this.insertions - this.keys.length + drop + 1
      if (this.inserted.get(key) === insertion) this.inserted.delete(key)
      drop++
    }
    if (drop > 0) {
      this.keys.splice(0, drop)
      this.sizes.splice(0, drop)
      this.epoch++
    }
  }
}

/**
 * An encoder for one connection using at most `maxTableSize` octets of
 * dynamic table (0: none; every block is then the same on any connection).
 *
 * @internal
 */
export const makeHpackEncoder = (maxTableSize = 4096): HpackEncoder => new Encoder(maxTableSize)
