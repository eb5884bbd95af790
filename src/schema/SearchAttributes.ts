/**
 * Typed search attributes: keys that know their type, and an immutable
 * collection of key–value pairs.
 *
 * ```ts
 * const CustomerId = SearchAttributes.SearchAttributeKey.keyword("CustomerId")
 * const Amount = SearchAttributes.SearchAttributeKey.double("Amount")
 * const attrs = SearchAttributes.make([[CustomerId, "c-42"], [Amount, 9.5]])
 * attrs.get(CustomerId) // Option.some("c-42")
 * ```
 *
 * On the wire each value is a `json/plain` payload with its type in
 * `metadata.type` (`Text`, `Keyword`, `Int`, `Double`, `Bool`, `Datetime`,
 * `KeywordList`), datetimes as ISO-8601 text, as the official SDKs write them.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * The search attribute types, by the names written to `metadata.type`.
 *
 * @since 0.1.0
 * @category models
 */
export const SearchAttributeType = Schema.Literals([
  "Text",
  "Keyword",
  "Int",
  "Double",
  "Bool",
  "Datetime",
  "KeywordList"
])

/**
 * @since 0.1.0
 * @category models
 */
export type SearchAttributeType = typeof SearchAttributeType.Type

/**
 * The value type of each search attribute type.
 *
 * @since 0.1.0
 * @category models
 */
export interface SearchAttributeValueTypes {
  /** Full-text searchable text. */
  readonly Text: string
  /** A keyword: exact-match text. */
  readonly Keyword: string
  /** A 64-bit integer; an integer `number`. */
  readonly Int: number
  /** A finite floating-point number. */
  readonly Double: number
  /** A boolean. */
  readonly Bool: boolean
  /** A point in time, written as ISO-8601 text. */
  readonly Datetime: Date
  /** A list of keywords. */
  readonly KeywordList: ReadonlyArray<string>
}

/**
 * The unique symbol that marks a `SearchAttributeKey`.
 *
 * @since 0.1.0
 * @category type ids
 */
export const KeyTypeId: unique symbol = Symbol.for("effect-temporal/SearchAttributeKey")

/**
 * @since 0.1.0
 * @category type ids
 */
export type KeyTypeId = typeof KeyTypeId

/**
 * A search attribute's name and type `T` (its values are `SearchAttributeValueTypes[T]`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SearchAttributeKey<T extends SearchAttributeType = SearchAttributeType> {
  readonly [KeyTypeId]: KeyTypeId
  /** The search attribute's name, as registered on the server. */
  readonly name: string
  /** The search attribute's type, written to the payload's `metadata.type`. */
  readonly type: T
}

/**
 * The value type of a key.
 *
 * @since 0.1.0
 * @category models
 */
export type ValueOf<K extends SearchAttributeKey> = SearchAttributeValueTypes[K["type"]]

const makeKey = <T extends SearchAttributeType>(type: T) => (name: string): SearchAttributeKey<T> => ({
  [KeyTypeId]: KeyTypeId,
  name,
  type
})

/**
 * Key constructors, one per type.
 *
 * @since 0.1.0
 * @category constructors
 */
export const SearchAttributeKey = {
  /** A full-text attribute (`Text`). */
  text: makeKey("Text"),
  /** An exact-match attribute (`Keyword`). */
  keyword: makeKey("Keyword"),
  /** A 64-bit integer attribute (`Int`). */
  int: makeKey("Int"),
  /** A floating-point attribute (`Double`). */
  double: makeKey("Double"),
  /** A boolean attribute (`Bool`). */
  bool: makeKey("Bool"),
  /** A timestamp attribute (`Datetime`), written as ISO-8601 text. */
  datetime: makeKey("Datetime"),
  /** A list of keywords (`KeywordList`). */
  keywordList: makeKey("KeywordList"),
  /** A key of a type known only at run time. */
  make: <T extends SearchAttributeType>(name: string, type: T): SearchAttributeKey<T> => makeKey(type)(name)
} as const

/**
 * Whether a value is a valid value for a search attribute type.
 *
 * @since 0.1.0
 * @category guards
 */
export const isValidValue = (type: SearchAttributeType, value: unknown): boolean => {
  switch (type) {
    case "Text":
    case "Keyword":
      return typeof value === "string"
    case "Int":
      return typeof value === "number" && Number.isInteger(value)
    case "Double":
      return typeof value === "number" && Number.isFinite(value)
    case "Bool":
      return typeof value === "boolean"
    case "Datetime":
      return value instanceof Date && !Number.isNaN(value.getTime())
    case "KeywordList":
      return Array.isArray(value) && value.every(Predicate.isString)
  }
}

/**
 * One key and its value.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchAttributePair = {
  readonly [T in SearchAttributeType]: readonly [SearchAttributeKey<T>, SearchAttributeValueTypes[T]]
}[SearchAttributeType]

/**
 * The unique symbol that marks a `SearchAttributes` collection.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/SearchAttributes")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * An immutable collection of typed search attributes, at most one value per
 * name.
 *
 * @since 0.1.0
 * @category models
 */
export interface SearchAttributes extends Iterable<SearchAttributePair> {
  readonly [TypeId]: TypeId
  /** The number of attributes. */
  readonly size: number
  /** The value of `key`, if the collection has one of that name and type. */
  get<T extends SearchAttributeType>(key: SearchAttributeKey<T>): Option.Option<SearchAttributeValueTypes[T]>
  /** Whether the collection has a value for `key` (of that name and type). */
  has(key: SearchAttributeKey): boolean
  /** A collection with `key` set to `value` (replacing an attribute of that name). */
  set<T extends SearchAttributeType>(key: SearchAttributeKey<T>, value: SearchAttributeValueTypes[T]): SearchAttributes
  /** A collection without the attribute named by `key`. */
  remove(key: SearchAttributeKey | string): SearchAttributes
  /** All pairs, in insertion order. */
  readonly pairs: ReadonlyArray<SearchAttributePair>
}

class SearchAttributesImpl implements SearchAttributes {
  readonly [TypeId]: TypeId = TypeId
  constructor(private readonly byName: ReadonlyMap<string, SearchAttributePair>) {}
  get size(): number {
    return this.byName.size
  }
  get pairs(): ReadonlyArray<SearchAttributePair> {
    return Array.from(this.byName.values())
  }
  [Symbol.iterator](): Iterator<SearchAttributePair> {
    return this.byName.values()
  }
  get<T extends SearchAttributeType>(key: SearchAttributeKey<T>): Option.Option<SearchAttributeValueTypes[T]> {
    const pair = this.byName.get(key.name)
    return pair !== undefined && pair[0].type === key.type
      ? Option.some(pair[1] as SearchAttributeValueTypes[T])
      : Option.none()
  }
  has(key: SearchAttributeKey): boolean {
    const pair = this.byName.get(key.name)
    return pair !== undefined && pair[0].type === key.type
  }
  set<T extends SearchAttributeType>(
    key: SearchAttributeKey<T>,
    value: SearchAttributeValueTypes[T]
  ): SearchAttributes {
    const next = new Map(this.byName)
    next.set(key.name, [key, value] as unknown as SearchAttributePair)
    return new SearchAttributesImpl(next)
  }
  remove(key: SearchAttributeKey | string): SearchAttributes {
    const name = typeof key === "string" ? key : key.name
    if (!this.byName.has(name)) return this
    const next = new Map(this.byName)
    next.delete(name)
    return new SearchAttributesImpl(next)
  }
  toJSON(): unknown {
    return Array.from(this.byName.values(), ([key, value]) => ({ name: key.name, type: key.type, value }))
  }
}

/**
 * The empty collection.
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: SearchAttributes = new SearchAttributesImpl(new Map())

/**
 * A collection of pairs (a later pair of the same name wins).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (pairs: Iterable<SearchAttributePair>): SearchAttributes => {
  const byName = new Map<string, SearchAttributePair>()
  for (const pair of pairs) byName.set(pair[0].name, pair)
  return new SearchAttributesImpl(byName)
}

/**
 * Whether a value is a typed collection.
 *
 * @since 0.1.0
 * @category guards
 */
export const isSearchAttributes = (u: unknown): u is SearchAttributes => Predicate.hasProperty(u, TypeId)

/**
 * A search attribute value given without a key (its type is whatever the
 * server has registered for its name).
 *
 * @since 0.1.0
 * @category models
 */
export type UntypedValue = string | number | boolean | Date | ReadonlyArray<string | number | boolean | Date>

/**
 * Search attributes given by name only, as older SDK APIs take them.
 *
 * @since 0.1.0
 * @category models
 */
export type UntypedSearchAttributes = Readonly<Record<string, UntypedValue>>

/**
 * What operations accept: a typed collection, or untyped attributes by name.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchAttributesInput = SearchAttributes | UntypedSearchAttributes
