/**
 * The data converter service built from its parts: the payload path
 * (Schema, payload converters, codecs) both ways, header codecs and the
 * payload size check. The public entry is `services/DataConverter.ts`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { ExternalStorage } from "../../ExternalStorage.js"
import { DataConverterError, PayloadTooLargeError, SchemaDecodeError } from "../../schema/TemporalError.js"
import { ExternalStorageError } from "../../schema/TemporalError.js"
import type { PayloadCodecError } from "../../schema/TemporalError.js"
import type {
  DataConverter,
  FailureConverter,
  HeaderCodecBehavior,
  Payload,
  PayloadCodec,
  PayloadConverter,
  PayloadLimits,
  Schemas
} from "../../services/DataConverter.js"
import * as CodecChain from "../codecs/chain.js"
import * as InternalExternalStorage from "../externalStorage.js"
import { summarizeIssue } from "../validation.js"
import * as InternalPayload from "./payload.js"

/**
 * A converter that writes values matching `schema` as `encoding`, encoded by
 * the Schema first, and reads them back as `json/plain` does.
 *
 * @internal
 */
export const schemaJson = <A, I>(
  schema: Schema.Codec<A, I, never>,
  options?: { readonly encoding?: string | undefined }
): PayloadConverter => {
  const encoding = options?.encoding ?? InternalPayload.Encoding.Json
  const is = Schema.is(Schema.toType(schema))
  const encodeSync = Schema.encodeResult(schema)
  return {
    encoding,
    toPayload: (value) =>
      Effect.suspend(() => {
        if (!is(value)) return Effect.succeed(Option.none())
        const encoded = encodeSync(value)
        if (Result.isFailure(encoded)) {
          return Effect.fail(
            new DataConverterError({ encoding, reason: String(encoded.failure.issue), cause: encoded.failure })
          )
        }
        return Effect.map(
          InternalPayload.jsonPlain.toPayload(encoded.success),
          Option.map((payload) =>
            encoding === InternalPayload.Encoding.Json
              ? payload
              : InternalPayload.makePayload(encoding, payload.data ?? undefined)
          )
        )
      }),
    fromPayload: InternalPayload.jsonPlain.fromPayload
  }
}

/**
 * What a data converter is made of, every default filled in.
 *
 * @internal
 */
export interface Parts {
  readonly payloadConverters: ReadonlyArray<PayloadConverter>
  readonly failureConverter: FailureConverter
  readonly codecs: ReadonlyArray<PayloadCodec>
  readonly payloadLimits: PayloadLimits
  /** External storage: it runs after the codecs out and before them back. */
  readonly externalStorage?: ExternalStorage | undefined
}

const schemaDecodeError = (error: Schema.SchemaError, prefix: ReadonlyArray<PropertyKey>): SchemaDecodeError => {
  const { message, path } = summarizeIssue(error, prefix)
  return new SchemaDecodeError({ path, reason: message, cause: error })
}

const decodeWith = <A, I>(
  schema: Schema.Codec<A, I, never>,
  value: unknown,
  wasNull: boolean,
  prefix: ReadonlyArray<PropertyKey>
): Effect.Effect<A, SchemaDecodeError> => {
  const decode = Schema.decodeUnknownEffect(schema)
  const attempt = wasNull
    ? Effect.catch(decode(value), (error) => Effect.mapError(decode(null), () => error))
    : decode(value)
  return Effect.mapError(attempt, (error) => schemaDecodeError(error, prefix))
}

const encodeWith = <A, I>(
  schema: Schema.Codec<A, I, never>,
  value: A,
  prefix: ReadonlyArray<PropertyKey>
): Effect.Effect<I, DataConverterError> =>
  Effect.mapError(Schema.encodeEffect(schema)(value), (error) => {
    const { message, path } = summarizeIssue(error, prefix)
    return new DataConverterError({
      reason: `Value${path === "" ? "" : ` at ${path}`} does not match its schema: ${message}`,
      cause: error
    })
  })

type CodecRun = (payloads: ReadonlyArray<Payload>) => Effect.Effect<Array<Payload>, PayloadCodecError>

type PayloadRun = (
  payloads: ReadonlyArray<Payload>
) => Effect.Effect<Array<Payload>, PayloadCodecError | ExternalStorageError>

/**
 * The whole payload path below the converters: the codecs, then external
 * storage on the way out; external storage, then the codecs on the way back
 * (references are not encoded by the codecs, as in the official SDKs).
 */
const payloadRuns = (
  codecs: { readonly encode: CodecRun; readonly decode: CodecRun },
  config: ExternalStorage | undefined
): { readonly encode: PayloadRun; readonly decode: PayloadRun } => {
  if (config === undefined) return codecs
  const resolved = InternalExternalStorage.resolveResult(config)
  if (Result.isFailure(resolved)) {
    // `withExternalStorage` refuses such a configuration; one given to `make` fails on use.
    const fail = (operation: "store" | "retrieve") =>
      Effect.fail(
        new ExternalStorageError({ operation, reason: resolved.failure.message, cause: resolved.failure })
      )
    return { encode: () => fail("store"), decode: () => fail("retrieve") }
  }
  const storage = resolved.success
  return {
    encode: (payloads) =>
      Effect.flatMap(codecs.encode(payloads), (encoded) => InternalExternalStorage.store(storage, encoded)),
    decode: (payloads) =>
      Effect.flatMap(InternalExternalStorage.retrieve(storage, payloads), (retrieved) => codecs.decode(retrieved))
  }
}

/** The codec chain both ways. Without codecs (the default), payloads pass through with no Effect of their own. */
const codecRuns = (codecs: ReadonlyArray<PayloadCodec>): { readonly encode: CodecRun; readonly decode: CodecRun } => ({
  encode: (payloads) =>
    codecs.length === 0
      ? Effect.succeed(Array.from(payloads))
      : Effect.map(CodecChain.encode(codecs, payloads), (out) => Array.from(out)),
  decode: (payloads) =>
    codecs.length === 0
      ? Effect.succeed(Array.from(payloads))
      : Effect.map(CodecChain.decode(codecs, payloads), (out) => Array.from(out))
})

/** Values to payloads: the Schemas (when given), the payload converters, then the codecs. */
const makeToPayloads = (converter: InternalPayload.Composite, encode: PayloadRun) => {
  const toPayloads = (
    values: ReadonlyArray<unknown>,
    schemas?: Schemas
  ): Effect.Effect<Array<Payload>, DataConverterError | PayloadCodecError | ExternalStorageError> =>
    values.length === 0
      ? Effect.succeed([])
      : values.length === 1 && schemas?.[0] === undefined
      ? Effect.flatMap(converter.toPayload(values[0]), (payload) => encode([payload]))
      : Effect.flatMap(
        Effect.forEach(values, (value, i) => {
          const schema = schemas?.[i]
          return schema === undefined
            ? converter.toPayload(value)
            : Effect.flatMap(encodeWith(schema, value, [i]), converter.toPayload)
        }),
        encode
      )
  const toPayload = <A = unknown, I = A>(
    value: A,
    schema?: Schema.Codec<A, I, never>
  ): Effect.Effect<Payload, DataConverterError | PayloadCodecError | ExternalStorageError> =>
    Effect.flatMap(
      schema === undefined
        ? converter.toPayload(value)
        : Effect.flatMap(encodeWith(schema, value, []), converter.toPayload),
      (payload) => Effect.map(encode([payload]), (out) => out[0] ?? payload)
    )
  return { toPayload, toPayloads }
}

/** Payloads to values: the codecs in reverse, the payload converters, then the Schemas (when given). */
const makeFromPayloads = (converter: InternalPayload.Composite, decode: PayloadRun) => {
  const readDecoded = (payload: Payload) =>
    Effect.map(converter.fromPayload(payload), (value) => ({
      value,
      wasNull: InternalPayload.encodingOf(payload) === InternalPayload.Encoding.Null
    }))
  const fromPayload = (<A, I>(
    payload: Payload,
    schema?: Schema.Codec<A, I, never>
  ): Effect.Effect<unknown, DataConverterError | PayloadCodecError | SchemaDecodeError | ExternalStorageError> =>
    Effect.flatMap(
      decode([payload]),
      ([decoded]) =>
        Effect.flatMap(
          readDecoded(decoded ?? payload),
          ({ value, wasNull }) => schema === undefined ? Effect.succeed(value) : decodeWith(schema, value, wasNull, [])
        )
    )) as DataConverter.Service["fromPayload"]
  const fromPayloads = ((
    payloads: ReadonlyArray<Payload> | null | undefined,
    schemas?: Schemas
  ): Effect.Effect<
    Array<unknown>,
    DataConverterError | PayloadCodecError | SchemaDecodeError | ExternalStorageError
  > =>
    Effect.flatMap(decode(payloads ?? []), (decoded) => {
      if (schemas === undefined) return Effect.forEach(decoded, converter.fromPayload)
      return Effect.forEach(schemas, (schema, i) => {
        const payload = decoded[i]
        const read = payload === undefined
          ? Effect.succeed({ value: undefined as unknown, wasNull: true })
          : readDecoded(payload)
        return Effect.flatMap(read, ({ value, wasNull }) => decodeWith(schema, value, wasNull, [i]))
      })
    })) as DataConverter.Service["fromPayloads"]
  return { fromPayload, fromPayloads }
}

/** Header fields through the codecs: only with `Codec`, and only when there are codecs. */
const codecOnHeader = (
  codecs: ReadonlyArray<PayloadCodec>,
  fields: Readonly<Record<string, Payload>>,
  behavior: HeaderCodecBehavior,
  run: CodecRun
): Effect.Effect<Record<string, Payload>, PayloadCodecError> => {
  if (behavior !== "Codec" || codecs.length === 0) return Effect.succeed({ ...fields })
  const keys = Object.keys(fields)
  return Effect.map(run(keys.map((k) => fields[k] as Payload)), (out) => {
    const result: Record<string, Payload> = {}
    keys.forEach((k, i) => {
      result[k] = out[i] as Payload
    })
    return result
  })
}

/** The size check of one request field's payloads against `limits`. */
const makeCheckSize = (limits: PayloadLimits) =>
(
  payloads: ReadonlyArray<Payload>,
  location: string
): Effect.Effect<void, PayloadTooLargeError> =>
  Effect.suspend(() => {
    if (payloads.length === 0) return Effect.void
    const size = InternalPayload.payloadsSize(payloads)
    if (size > limits.errorBytes) {
      return Effect.fail(new PayloadTooLargeError({ size, limit: limits.errorBytes, location }))
    }
    if (size > limits.warnBytes) {
      return Effect.logWarning(
        `Payloads of ${size} bytes in ${location} exceed the ${limits.warnBytes}-byte warning limit`
      ).pipe(Effect.annotateLogs({ location, size, limit: limits.warnBytes }))
    }
    return Effect.void
  })

/**
 * The data converter service of `parts`.
 *
 * @internal
 */
export const make = (parts: Parts): DataConverter.Service => {
  const { codecs, failureConverter } = parts
  const converter = InternalPayload.composite(parts.payloadConverters)
  const { decode, encode } = codecRuns(codecs)
  const payloadPath = payloadRuns({ encode, decode }, parts.externalStorage)
  const { toPayload, toPayloads } = makeToPayloads(converter, payloadPath.encode)
  const { fromPayload, fromPayloads } = makeFromPayloads(converter, payloadPath.decode)
  const failurePayloads: FailureConverter.Payloads = {
    toPayloads: (values) => toPayloads(values),
    fromPayloads: (payloads) => fromPayloads(payloads)
  }
  return {
    ...parts,
    toPayload,
    toPayloads,
    fromPayload,
    fromPayloads,
    toFailure: (error) => failureConverter.toFailure(error, failurePayloads),
    fromFailure: (failure) => failureConverter.fromFailure(failure, failurePayloads),
    encode,
    decode,
    encodeHeader: (fields, behavior) => codecOnHeader(codecs, fields, behavior, encode),
    decodeHeader: (fields, behavior) => codecOnHeader(codecs, fields, behavior, decode),
    checkSize: makeCheckSize(parts.payloadLimits)
  }
}
