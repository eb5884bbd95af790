/**
 * The payload converters every Temporal SDK uses, in their order, and the
 * composite that picks one by value (encoding) or by `metadata.encoding`
 * (decoding).
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import type * as protobuf from "protobufjs"
import { DataConverterError } from "../../schema/TemporalError.js"
import type { PayloadConverter } from "../../services/DataConverter.js"
import * as Proto from "../proto/root.js"

/** @internal */
export type Payload = temporal.api.common.v1.IPayload

/** @internal */
export const metadataEncodingKey = "encoding"

/** @internal */
export const metadataMessageTypeKey = "messageType"

/** @internal */
export const Encoding = {
  Null: "binary/null",
  Plain: "binary/plain",
  JsonProtobuf: "json/protobuf",
  BinaryProtobuf: "binary/protobuf",
  Json: "json/plain"
} as const

const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder("utf-8", { fatal: true })

/** @internal */
export const utf8 = (text: string): Uint8Array => textEncoder.encode(text)

/** @internal */
export const fromUtf8 = (bytes: Uint8Array): string => textDecoder.decode(bytes)

/**
 * A plain `Uint8Array` view over the same bytes (protobufjs hands out Node
 * `Buffer`s, which compare and serialize differently).
 *
 * @internal
 */
export const plainBytes = (bytes: Uint8Array): Uint8Array =>
  bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** @internal */
export const metadataText = (payload: Payload, key: string): string | undefined => {
  const value = payload.metadata?.[key]
  if (value === undefined || value === null) return undefined
  try {
    return fromUtf8(value)
  } catch {
    return undefined
  }
}

/** @internal */
export const encodingOf = (payload: Payload): string | undefined => metadataText(payload, metadataEncodingKey)

/** @internal */
export const makePayload = (
  encoding: string,
  data: Uint8Array | undefined,
  metadata?: Record<string, string>
): Payload => {
  const meta: Record<string, Uint8Array> = { [metadataEncodingKey]: utf8(encoding) }
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) meta[k] = utf8(v)
  }
  return data === undefined ? { metadata: meta } : { metadata: meta, data }
}

/**
 * A payload as a plain object of `Uint8Array`s (from a decoded protobufjs message).
 *
 * @internal
 */
export const normalizePayload = (payload: Payload): Payload => {
  const metadata: Record<string, Uint8Array> = {}
  for (const [k, v] of Object.entries(payload.metadata ?? {})) metadata[k] = plainBytes(v)
  const out: {
    metadata: Record<string, Uint8Array>
    data?: Uint8Array
    externalPayloads?: NonNullable<Payload["externalPayloads"]>
  } = { metadata }
  if (payload.data !== undefined && payload.data !== null && payload.data.length > 0) {
    out.data = plainBytes(payload.data)
  }
  if (payload.externalPayloads && payload.externalPayloads.length > 0) out.externalPayloads = payload.externalPayloads
  return out
}

/** @internal */
export const serializePayload = (payload: Payload): Uint8Array =>
  Proto.temporal().api.common.v1.Payload.encode(payload).finish()

/** @internal */
export const deserializePayload = (bytes: Uint8Array): Payload =>
  normalizePayload(Proto.temporal().api.common.v1.Payload.decode(bytes))

/** The serialized size of a `Payloads` message holding these payloads. @internal */
export const payloadsSize = (payloads: ReadonlyArray<Payload>): number =>
  Proto.temporal().api.common.v1.Payloads.encode({ payloads: payloads as Array<Payload> }).finish().length

const describeCause = (cause: unknown): string =>
  Predicate.hasProperty(cause, "message") ? String(cause.message) : String(cause)

// ---------------------------------------------------------------------------
// binary/null
// ---------------------------------------------------------------------------

/** `undefined` and `null` as `binary/null` (no data); decodes to `undefined`. @internal */
export const binaryNull: PayloadConverter = {
  encoding: Encoding.Null,
  toPayload: (value) =>
    Effect.succeed(
      value === undefined || value === null ? Option.some(makePayload(Encoding.Null, undefined)) : Option.none()
    ),
  fromPayload: () => Effect.succeed(undefined)
}

// ---------------------------------------------------------------------------
// binary/plain
// ---------------------------------------------------------------------------

/** `Uint8Array` (and `Buffer`) as the raw bytes. @internal */
export const binaryPlain: PayloadConverter = {
  encoding: Encoding.Plain,
  toPayload: (value) =>
    Effect.succeed(value instanceof Uint8Array ? Option.some(makePayload(Encoding.Plain, value)) : Option.none()),
  fromPayload: (payload) => Effect.succeed(payload.data ? plainBytes(payload.data) : new Uint8Array(0))
}

// ---------------------------------------------------------------------------
// json/plain
// ---------------------------------------------------------------------------

/** Anything `JSON.stringify` can carry, as UTF-8 JSON text. @internal */
export const jsonPlain: PayloadConverter = {
  encoding: Encoding.Json,
  toPayload: (value) =>
    Effect.suspend(() => {
      if (value === undefined) return Effect.succeed(Option.none())
      let json: string | undefined
      try {
        json = JSON.stringify(value)
      } catch (cause) {
        return Effect.fail(
          new DataConverterError({
            encoding: Encoding.Json,
            reason: `Value cannot be written as JSON: ${describeCause(cause)}`,
            cause
          })
        )
      }
      if (json === undefined) {
        return Effect.fail(
          new DataConverterError({ encoding: Encoding.Json, reason: `A ${typeof value} cannot be written as JSON` })
        )
      }
      return Effect.succeed(Option.some(makePayload(Encoding.Json, utf8(json))))
    }),
  fromPayload: (payload) =>
    Effect.try({
      try: () => JSON.parse(fromUtf8(payload.data ?? new Uint8Array(0))) as unknown,
      catch: (cause) =>
        new DataConverterError({
          encoding: Encoding.Json,
          reason: payload.data && payload.data.length > 0
            ? `Invalid JSON: ${describeCause(cause)}`
            : "Payload has no data",
          cause
        })
    })
}

// ---------------------------------------------------------------------------
// json/protobuf and binary/protobuf
// ---------------------------------------------------------------------------

interface ProtobufMessage {
  readonly $type: protobuf.Type
}

const isProtobufType = (u: unknown): u is protobuf.Type =>
  Predicate.isObject(u) &&
  Predicate.hasProperty(u, "fullName") &&
  Predicate.hasProperty(u, "encode") &&
  Predicate.hasProperty(u, "decode") &&
  typeof u.fullName === "string" &&
  typeof u.encode === "function" &&
  typeof u.decode === "function" &&
  (u as { readonly constructor?: { readonly className?: unknown } }).constructor?.className === "Type"

/** Whether a value is a protobufjs message (it knows its reflected `$type`). @internal */
export const isProtobufMessage = (u: unknown): u is ProtobufMessage =>
  Predicate.isObject(u) && isProtobufType((u as { readonly $type?: unknown }).$type)

const typeName = (type: protobuf.Type): string => type.fullName.startsWith(".") ? type.fullName.slice(1) : type.fullName

const lookupType = (
  roots: ReadonlyArray<protobuf.Root> | undefined,
  name: string,
  encoding: string
): Effect.Effect<protobuf.Type, DataConverterError> =>
  Effect.suspend(() => {
    for (const root of roots ?? defaultProtobufRoots()) {
      const found = root.lookup(name)
      if (isProtobufType(found)) return Effect.succeed(found)
    }
    return Effect.fail(
      new DataConverterError({ encoding, reason: `Unknown protobuf message type ${name}: no root given knows it` })
    )
  })

const protobufPayloadParts = (
  payload: Payload,
  encoding: string
): Effect.Effect<{ readonly messageType: string; readonly data: Uint8Array }, DataConverterError> => {
  const messageType = metadataText(payload, metadataMessageTypeKey)
  if (messageType === undefined) {
    return Effect.fail(
      new DataConverterError({ encoding, reason: `Protobuf payload has no metadata.${metadataMessageTypeKey}` })
    )
  }
  return Effect.succeed({ messageType, data: payload.data ? plainBytes(payload.data) : new Uint8Array(0) })
}

/** Replaces the Node `Buffer`s protobufjs may allocate with plain `Uint8Array`s, in place. */
const replaceBuffers = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return plainBytes(value)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = replaceBuffers(value[i])
    return value
  }
  if (Predicate.isObject(value) && !Predicate.isFunction(value)) {
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) record[key] = replaceBuffers(record[key])
  }
  return value
}

/**
 * Makes the nested messages of a message read from proto3 JSON instances of
 * their types' classes, in place, as `Type.decode` makes them: protobufjs's
 * JSON reader builds the top-level message with its type's constructor but
 * leaves nested messages (fields, repeated fields, map values) plain objects.
 */
const instantiateNested = (type: protobuf.Type, message: Record<string, unknown>): void => {
  for (const field of type.fieldsArray) {
    const value = message[field.name]
    if (value === undefined || value === null) continue
    const fieldType = field.resolve().resolvedType
    if (fieldType === null || !isProtobufType(fieldType)) continue
    const instance = (v: unknown): unknown => {
      if (!Predicate.isObject(v) || v instanceof fieldType.ctor) return v
      const created = fieldType.create(v as Record<string, unknown>) as unknown as Record<string, unknown>
      instantiateNested(fieldType, created)
      return created
    }
    if (field.map) {
      if (!Predicate.isObject(value)) continue
      const record = value as Record<string, unknown>
      for (const key of Object.keys(record)) record[key] = instance(record[key])
    } else if (field.repeated) {
      if (Array.isArray(value)) { for (let i = 0; i < value.length; i++) value[i] = instance(value[i]) }
    } else {
      message[field.name] = instance(value)
    }
  }
}

/** Reads proto3 JSON as an instance of `type`'s class, nested messages included. */
const fromProtoJson = (type: protobuf.Type, json: unknown): unknown => {
  const message = Proto.protojson().fromJson(type, json, { ignoreUnknownFields: true })
  instantiateNested(type, message as unknown as Record<string, unknown>)
  return message
}

/** The roots searched by default: the Temporal API's own messages (loaded on the first call). @internal */
export const defaultProtobufRoots = (): ReadonlyArray<protobuf.Root> => [Proto.root()]

/**
 * protobufjs messages as canonical proto3 JSON, with `messageType` in the
 * metadata. Decoding looks the type up in `roots` (default: the Temporal API root)
 * and gives an instance of its class, nested messages too.
 *
 * @internal
 */
export const jsonProtobuf = (roots?: ReadonlyArray<protobuf.Root>): PayloadConverter => ({
  encoding: Encoding.JsonProtobuf,
  toPayload: (value) =>
    isProtobufMessage(value)
      ? Effect.try({
        try: () =>
          Option.some(
            makePayload(Encoding.JsonProtobuf, utf8(Proto.protojson().toJsonString(value.$type, value)), {
              [metadataMessageTypeKey]: typeName(value.$type)
            })
          ),
        catch: (cause) =>
          new DataConverterError({
            encoding: Encoding.JsonProtobuf,
            reason: `Cannot write ${typeName(value.$type)} as JSON: ${describeCause(cause)}`,
            cause
          })
      })
      : Effect.succeed(Option.none()),
  fromPayload: (payload) =>
    Effect.flatMap(
      protobufPayloadParts(payload, Encoding.JsonProtobuf),
      ({ data, messageType }) =>
        Effect.flatMap(lookupType(roots, messageType, Encoding.JsonProtobuf), (type) =>
          Effect.try({
            try: () =>
              replaceBuffers(
                fromProtoJson(type, JSON.parse(fromUtf8(data)))
              ),
            catch: (cause) =>
              new DataConverterError({
                encoding: Encoding.JsonProtobuf,
                reason: `Cannot read ${messageType}: ${describeCause(cause)}`,
                cause
              })
          }))
    )
})

/**
 * protobufjs messages in the protobuf binary format, with `messageType` in
 * the metadata. Decoding looks the type up in `roots` (default: the Temporal API root).
 *
 * @internal
 */
export const binaryProtobuf = (roots?: ReadonlyArray<protobuf.Root>): PayloadConverter => ({
  encoding: Encoding.BinaryProtobuf,
  toPayload: (value) =>
    isProtobufMessage(value)
      ? Effect.try({
        try: () =>
          Option.some(
            makePayload(Encoding.BinaryProtobuf, plainBytes(value.$type.encode(value).finish()), {
              [metadataMessageTypeKey]: typeName(value.$type)
            })
          ),
        catch: (cause) =>
          new DataConverterError({
            encoding: Encoding.BinaryProtobuf,
            reason: `Cannot encode ${typeName(value.$type)}: ${describeCause(cause)}`,
            cause
          })
      })
      : Effect.succeed(Option.none()),
  fromPayload: (payload) =>
    Effect.flatMap(
      protobufPayloadParts(payload, Encoding.BinaryProtobuf),
      ({ data, messageType }) =>
        Effect.flatMap(lookupType(roots, messageType, Encoding.BinaryProtobuf), (type) =>
          Effect.try({
            try: () => replaceBuffers(type.decode(data)),
            catch: (cause) =>
              new DataConverterError({
                encoding: Encoding.BinaryProtobuf,
                reason: `Cannot decode ${messageType}: ${describeCause(cause)}`,
                cause
              })
          }))
    )
})

/**
 * The default converters, in the order every SDK uses.
 *
 * @internal
 */
export const defaultPayloadConverters = (
  roots?: ReadonlyArray<protobuf.Root>
): ReadonlyArray<PayloadConverter> => [binaryNull, binaryPlain, jsonProtobuf(roots), binaryProtobuf(roots), jsonPlain]

// ---------------------------------------------------------------------------
// composite
// ---------------------------------------------------------------------------

/** @internal */
export interface Composite {
  readonly toPayload: (value: unknown) => Effect.Effect<Payload, DataConverterError>
  readonly fromPayload: (payload: Payload) => Effect.Effect<unknown, DataConverterError>
}

/**
 * Encodes with the first converter that accepts the value; decodes with the
 * converter named by `metadata.encoding`.
 *
 * @internal
 */
export const composite = (converters: ReadonlyArray<PayloadConverter>): Composite => {
  const byEncoding = new Map<string, PayloadConverter>()
  for (const converter of converters) {
    if (!byEncoding.has(converter.encoding)) byEncoding.set(converter.encoding, converter)
  }
  // The first converter that answers `Some`, without a generator: one
  // `flatMap` per converter tried.
  const tryFrom = (value: unknown, i: number): Effect.Effect<Payload, DataConverterError> => {
    const converter = converters[i]
    if (converter === undefined) {
      return Effect.fail(
        new DataConverterError({
          reason: `No payload converter accepts a value of type ${value === null ? "null" : typeof value}`
        })
      )
    }
    return Effect.flatMap(
      converter.toPayload(value),
      (result) => Option.isSome(result) ? Effect.succeed(result.value) : tryFrom(value, i + 1)
    )
  }
  const toPayload = (value: unknown): Effect.Effect<Payload, DataConverterError> => tryFrom(value, 0)
  const fromPayload = (payload: Payload): Effect.Effect<unknown, DataConverterError> => {
    const encoding = encodingOf(payload)
    if (encoding === undefined) {
      return Effect.fail(new DataConverterError({ reason: "Payload has no metadata.encoding" }))
    }
    const converter = byEncoding.get(encoding)
    if (converter === undefined) {
      return Effect.fail(new DataConverterError({ encoding, reason: `Unknown payload encoding ${encoding}` }))
    }
    return converter.fromPayload(payload)
  }
  return { toPayload, fromPayload }
}
