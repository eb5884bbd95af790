/**
 * Effect's `Equal` and `Hash` for decoded protobuf messages.
 *
 * Result models keep raw messages (`rawInfo`, `rawDescription`, payloads),
 * and Effect compares and hashes a class instance by every key it reaches,
 * its prototype's included: a protobufjs message's prototype holds `$type`,
 * the reflection object that leads to the whole proto root, so hashing a
 * model (`Equal.equals`, a `HashSet`) walked that graph without end. Messages
 * compare and hash by their own fields instead, as they are on the wire.
 *
 * @internal
 */
import * as Equal from "effect/Equal"
import * as Hash from "effect/Hash"

/** A decoded message: its own fields. */
type Message = Readonly<Record<string, unknown>>

function messageHash(this: Message): number {
  return Hash.structureKeys(this, Object.keys(this).sort())
}

function messageEquals(this: Message, that: unknown): boolean {
  if (typeof that !== "object" || that === null || Object.getPrototypeOf(that) !== Object.getPrototypeOf(this)) {
    return false
  }
  const other = that as Message
  const keys = Object.keys(this)
  if (keys.length !== Object.keys(other).length) return false
  return keys.every((key) => Object.hasOwn(other, key) && Equal.equals(this[key], other[key]))
}

/**
 * Give `messagePrototype` (protobufjs's `Message.prototype`, the prototype of
 * every message class) `Equal` and `Hash` by own fields; once.
 *
 * @internal
 */
export const installMessageEquality = (messagePrototype: object): void => {
  if (Object.hasOwn(messagePrototype, Hash.symbol)) return
  Object.defineProperty(messagePrototype, Hash.symbol, { value: messageHash, configurable: true, writable: true })
  Object.defineProperty(messagePrototype, Equal.symbol, { value: messageEquals, configurable: true, writable: true })
}
