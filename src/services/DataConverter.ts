/**
 * The data converter: values to and from Temporal `Payload`s, errors to and
 * from Temporal `Failure`s, and the payload codecs (compression, encryption)
 * that run on every payload on its way to and from the server.
 *
 * Payloads use the encodings every Temporal SDK uses (`binary/null`,
 * `binary/plain`, `json/protobuf`, `binary/protobuf`, `json/plain`, in that
 * order), so workers in any language read what this client writes.
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as protobuf from "protobufjs"
import type { ExternalStorage } from "../ExternalStorage.js"
import * as CodecChain from "../internal/codecs/chain.js"
import * as InternalDataConverter from "../internal/convert/dataConverter.js"
import * as InternalFailure from "../internal/convert/failure.js"
import * as InternalPayload from "../internal/convert/payload.js"
import type { TemporalFailure } from "../schema/Failure.js"
import type {
  DataConverterError,
  ExternalStorageError,
  PayloadCodecError,
  PayloadTooLargeError,
  SchemaDecodeError
} from "../schema/TemporalError.js"

/**
 * A `temporal.api.common.v1.Payload`: `metadata` (at least `encoding`) and `data`.
 *
 * @since 0.1.0
 * @category models
 */
export type Payload = temporal.api.common.v1.IPayload

/**
 * A `temporal.api.failure.v1.Failure` message.
 *
 * @since 0.1.0
 * @category models
 */
export type ProtoFailure = temporal.api.failure.v1.IFailure

/**
 * Converts values of some kinds to payloads of one encoding, and payloads of
 * that encoding back to values.
 *
 * `toPayload` returns `None` for a value it does not handle, so the next
 * converter is tried; `fromPayload` is only called for payloads whose
 * `metadata.encoding` is `encoding`.
 *
 * @since 0.1.0
 * @category models
 */
export interface PayloadConverter {
  /** The `metadata.encoding` this converter writes and reads, e.g. `json/plain`. */
  readonly encoding: string
  /** The value as a payload of this encoding, or `None` when this converter does not handle it. */
  readonly toPayload: (value: unknown) => Effect.Effect<Option.Option<Payload>, DataConverterError>
  /** The value a payload of this encoding holds. */
  readonly fromPayload: (payload: Payload) => Effect.Effect<unknown, DataConverterError>
}

/**
 * Transforms payloads on their way to the server (`encode`) and back
 * (`decode`): compression, encryption. `decode` must pass through payloads
 * it did not write. In a chain, `encode` runs in order and `decode` in reverse.
 *
 * @since 0.1.0
 * @category models
 */
export interface PayloadCodec {
  /** Transform payloads on their way to the server (e.g. compress, encrypt). */
  readonly encode: (payloads: ReadonlyArray<Payload>) => Effect.Effect<ReadonlyArray<Payload>, PayloadCodecError>
  /** Undo `encode` on payloads from the server, passing through payloads this codec did not write. */
  readonly decode: (payloads: ReadonlyArray<Payload>) => Effect.Effect<ReadonlyArray<Payload>, PayloadCodecError>
}

/**
 * Converts errors to `Failure` messages and back. The payloads it is given
 * run the whole payload path (converters, then codecs), so details and
 * encoded attributes are encoded like any other payload.
 *
 * @since 0.1.0
 * @category models
 */
export interface FailureConverter {
  /** The `Failure` message of an error, its details encoded with `payloads`. */
  readonly toFailure: (
    error: unknown,
    payloads: FailureConverter.Payloads
  ) => Effect.Effect<ProtoFailure, DataConverterError | PayloadCodecError | ExternalStorageError>
  /** The `TemporalFailure` of a `Failure` message (causes included), its details decoded with `payloads`. */
  readonly fromFailure: (
    failure: ProtoFailure,
    payloads: FailureConverter.Payloads
  ) => Effect.Effect<TemporalFailure, DataConverterError | PayloadCodecError | ExternalStorageError>
}

/**
 * @since 0.1.0
 */
export declare namespace FailureConverter {
  /**
   * The payload operations a failure converter uses.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Payloads {
    /** Values to payloads: the payload converters, then the codecs. */
    readonly toPayloads: (
      values: ReadonlyArray<unknown>
    ) => Effect.Effect<Array<Payload>, DataConverterError | PayloadCodecError | ExternalStorageError>
    /** Payloads to values: the codecs (in reverse), then the payload converters. */
    readonly fromPayloads: (
      payloads: ReadonlyArray<Payload>
    ) => Effect.Effect<Array<unknown>, DataConverterError | PayloadCodecError | ExternalStorageError>
  }
}

/**
 * Whether the codecs also run on headers, as the Python client's option of
 * that name: `NoCodec` (the default) leaves headers as they are; `Codec`
 * encodes and decodes them; `WorkflowOnlyCodec` applies to workflow code only,
 * so a client treats it as `NoCodec`.
 *
 * @since 0.1.0
 * @category models
 */
export const HeaderCodecBehavior = Schema.Literals(["NoCodec", "Codec", "WorkflowOnlyCodec"])

/**
 * @since 0.1.0
 * @category models
 */
export type HeaderCodecBehavior = typeof HeaderCodecBehavior.Type

/**
 * Payload size limits, checked before an RPC is sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface PayloadLimits {
  /** Payloads of one field larger than this fail with `PayloadTooLargeError` (default 2 MiB, the server's blob limit). */
  readonly errorBytes: number
  /** Payloads of one field larger than this are logged as a warning (default 512 KiB). */
  readonly warnBytes: number
}

/**
 * The default payload size limits: fail above 2 MiB, warn above 512 KiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPayloadLimits: PayloadLimits = { errorBytes: 2 * 1024 * 1024, warnBytes: 512 * 1024 }

/**
 * A tuple of Schemas without requirements.
 *
 * @since 0.1.0
 * @category models
 */
export type Schemas = ReadonlyArray<Schema.Codec<unknown, unknown>>

/**
 * The decoded types of a tuple of Schemas.
 *
 * @since 0.1.0
 * @category models
 */
export type SchemasType<S extends Schemas> = { -readonly [K in keyof S]: Schema.Schema.Type<S[K]> }

/**
 * The data converter service: payload converters, failure converter and codecs.
 *
 * @since 0.1.0
 * @category tags
 */
export class DataConverter
  extends Context.Service<DataConverter, DataConverter.Service>()("effect-temporal/DataConverter")
{}

/**
 * @since 0.1.0
 */
export declare namespace DataConverter {
  /**
   * The shape of the `DataConverter` service.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The payload converters, in the order they are tried. */
    readonly payloadConverters: ReadonlyArray<PayloadConverter>
    /** Converts errors to `Failure` messages and back. */
    readonly failureConverter: FailureConverter
    /** The codec chain: encode runs in this order, decode in reverse. */
    readonly codecs: ReadonlyArray<PayloadCodec>
    /** Payload size limits, checked before an RPC is sent. */
    readonly payloadLimits: PayloadLimits
    /** External payload storage, when configured: it runs after the codecs out and before them back. */
    readonly externalStorage?: ExternalStorage | undefined

    /** The payload converters, then the codecs. With a Schema, the value is first encoded by it. */
    readonly toPayload: <A = unknown, I = A>(
      value: A,
      schema?: Schema.Codec<A, I, never>
    ) => Effect.Effect<Payload, DataConverterError | PayloadCodecError | ExternalStorageError>
    /** {@link toPayload} for many values; `schemas[i]` (when given) encodes `values[i]`. */
    readonly toPayloads: (
      values: ReadonlyArray<unknown>,
      schemas?: Schemas
    ) => Effect.Effect<Array<Payload>, DataConverterError | PayloadCodecError | ExternalStorageError>
    /** The codecs in reverse, then the converter named by `metadata.encoding`; with a Schema, decoded by it. */
    readonly fromPayload: {
      (payload: Payload): Effect.Effect<unknown, DataConverterError | PayloadCodecError | ExternalStorageError>
      <A, I>(
        payload: Payload,
        schema: Schema.Codec<A, I, never>
      ): Effect.Effect<A, DataConverterError | PayloadCodecError | ExternalStorageError | SchemaDecodeError>
    }
    /**
     * {@link fromPayload} for many payloads. With Schemas, the result has one
     * value per Schema (a missing payload reads as `undefined`, extra payloads
     * are ignored) and a failure's path starts with the index, e.g. `[1].name`.
     */
    readonly fromPayloads: {
      (payloads: ReadonlyArray<Payload> | null | undefined): Effect.Effect<
        Array<unknown>,
        DataConverterError | PayloadCodecError | ExternalStorageError
      >
      <const S extends Schemas>(
        payloads: ReadonlyArray<Payload> | null | undefined,
        schemas: S
      ): Effect.Effect<
        SchemasType<S>,
        DataConverterError | PayloadCodecError | ExternalStorageError | SchemaDecodeError
      >
    }
    /** Any error (a `TemporalFailure`, an `Error`, anything) to a `Failure` message, codecs applied to its payloads. */
    readonly toFailure: (
      error: unknown
    ) => Effect.Effect<ProtoFailure, DataConverterError | PayloadCodecError | ExternalStorageError>
    /** A `Failure` message to its failure class, with its cause chain. */
    readonly fromFailure: (
      failure: ProtoFailure
    ) => Effect.Effect<TemporalFailure, DataConverterError | PayloadCodecError | ExternalStorageError>
    /** The codec chain alone, in order (for codec servers and tools). */
    readonly encode: (payloads: ReadonlyArray<Payload>) => Effect.Effect<Array<Payload>, PayloadCodecError>
    /** The codec chain alone, in reverse. */
    readonly decode: (payloads: ReadonlyArray<Payload>) => Effect.Effect<Array<Payload>, PayloadCodecError>
    /** Header fields on their way out: the codecs run on them only with `Codec`. */
    readonly encodeHeader: (
      fields: Readonly<Record<string, Payload>>,
      behavior: HeaderCodecBehavior
    ) => Effect.Effect<Record<string, Payload>, PayloadCodecError>
    /** Header fields on their way in: the codecs run on them only with `Codec`. */
    readonly decodeHeader: (
      fields: Readonly<Record<string, Payload>>,
      behavior: HeaderCodecBehavior
    ) => Effect.Effect<Record<string, Payload>, PayloadCodecError>
    /**
     * Fails with `PayloadTooLargeError` when the payloads of one request field
     * (`location`, e.g. `StartWorkflowExecution.input`) exceed the error
     * limit, and logs a warning above the warning limit.
     */
    readonly checkSize: (
      payloads: ReadonlyArray<Payload>,
      location: string
    ) => Effect.Effect<void, PayloadTooLargeError>
  }
}

// ---------------------------------------------------------------------------
// payload converters
// ---------------------------------------------------------------------------

/**
 * `undefined` and `null` as `binary/null` (no data). It decodes to
 * `undefined`; with a Schema that rejects `undefined`, `null` is tried too.
 *
 * @since 0.1.0
 * @category payload converters
 */
export const binaryNullConverter: PayloadConverter = InternalPayload.binaryNull

/**
 * `Uint8Array`s as `binary/plain`, the bytes as they are.
 *
 * @since 0.1.0
 * @category payload converters
 */
export const binaryPlainConverter: PayloadConverter = InternalPayload.binaryPlain

/**
 * Anything JSON can carry as `json/plain`, UTF-8 JSON text.
 *
 * @since 0.1.0
 * @category payload converters
 */
export const jsonPlainConverter: PayloadConverter = InternalPayload.jsonPlain

/**
 * protobufjs messages as `json/protobuf` (canonical proto3 JSON) with
 * `messageType` in the metadata. Decoding finds the message type in `roots`
 * (default: the Temporal API root); give your own protobufjs roots to read
 * your messages.
 *
 * Which classes results have: a payload is read with the type its
 * `messageType` names in the first of `roots` that has one, and decodes to
 * an instance of that type's constructor, `root.lookupType(name).ctor`
 * (protobufjs's class for a reflection or `json-module` root, or the class
 * you set as `ctor`), nested messages too, as `Type.decode` gives. So pass
 * the root your message classes come from to get `instanceof` them back.
 * Without `roots`, the `@temporalio/proto` root is searched and Temporal's
 * messages come back as its classes; `roots` replaces that default (add the
 * `@temporalio/proto` root to the list to read Temporal's messages too). A
 * `messageType` no root has is a `DataConverterError`. Messages are known
 * by their reflected type (`$type`): use a reflection root (`Root.fromJSON`,
 * `pbjs -t json-module`, as `@temporalio/proto` and the TypeScript SDK do);
 * `pbjs -t static-module` classes carry no `$type` or root, so they are
 * neither written as protobuf nor readable here.
 *
 * @since 0.1.0
 * @category payload converters
 */
export const jsonProtobufConverter = (roots?: ReadonlyArray<protobuf.Root>): PayloadConverter =>
  InternalPayload.jsonProtobuf(roots)

/**
 * protobufjs messages as `binary/protobuf` with `messageType` in the metadata.
 * The defaults read this encoding; they write `json/protobuf`, which comes first.
 * Results are instances of the classes of `roots`, as with
 * {@link jsonProtobufConverter}: `Type.decode` of the type `messageType`
 * names in the first of `roots` that has it (default: the `@temporalio/proto`
 * root).
 *
 * @since 0.1.0
 * @category payload converters
 */
export const binaryProtobufConverter = (roots?: ReadonlyArray<protobuf.Root>): PayloadConverter =>
  InternalPayload.binaryProtobuf(roots)

/**
 * The converters of every Temporal SDK, in their order: `binary/null`,
 * `binary/plain`, `json/protobuf`, `binary/protobuf`, `json/plain`. Put your
 * own converters in front of them. `roots` are the protobufjs roots both
 * protobuf converters read messages with, and whose classes the results are
 * instances of (see {@link jsonProtobufConverter}).
 *
 * @since 0.1.0
 * @category payload converters
 */
export const defaultPayloadConverters = (roots?: ReadonlyArray<protobuf.Root>): ReadonlyArray<PayloadConverter> =>
  InternalPayload.defaultPayloadConverters(roots)

/**
 * A converter that writes values matching `schema` as `encoding` (default
 * `json/plain`), encoded by the Schema first, so `Date`s, `Option`s, branded
 * and class values cross the wire as their encoded JSON. Values that do not
 * match are left to the next converter; reading gives the encoded JSON (decode
 * it with the same Schema through `fromPayload(payload, schema)`).
 *
 * @since 0.1.0
 * @category payload converters
 */
export const schemaJsonConverter = <A, I>(
  schema: Schema.Codec<A, I, never>,
  options?: { readonly encoding?: string | undefined }
): PayloadConverter => InternalDataConverter.schemaJson(schema, options)

// ---------------------------------------------------------------------------
// failure converter
// ---------------------------------------------------------------------------

/**
 * Options of the default failure converter.
 *
 * @since 0.1.0
 * @category models
 */
export interface FailureConverterOptions {
  /**
   * Move each failure's message and stack trace into an `encodedAttributes`
   * payload (which goes through the codecs, so it can be encrypted), leaving
   * `Encoded failure` as the message, as the official SDKs do.
   */
  readonly encodeCommonAttributes?: boolean | undefined
}

/**
 * The failure converter of the official SDKs.
 *
 * @since 0.1.0
 * @category failure converters
 */
export const failureConverter = (options?: FailureConverterOptions): FailureConverter => InternalFailure.make(options)

// ---------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The payload converters in the order to try them (default: {@link defaultPayloadConverters}). */
  readonly payloadConverters?: ReadonlyArray<PayloadConverter> | undefined
  /** The failure converter (default: {@link failureConverter} with `encodeCommonAttributes`). */
  readonly failureConverter?: FailureConverter | undefined
  /** A shorthand for the default failure converter's option; ignored when `failureConverter` is given. */
  readonly encodeCommonAttributes?: boolean | undefined
  /** The codec chain, encode order (default: none). */
  readonly codecs?: ReadonlyArray<PayloadCodec> | undefined
  /** Size limits (default {@link defaultPayloadLimits}). */
  readonly payloadLimits?: Partial<PayloadLimits> | undefined
  /**
   * External payload storage (default: none). The size limits apply to the
   * reference payloads sent. An invalid configuration fails each conversion
   * with `ExternalStorageError`; `withExternalStorage` refuses it up front.
   */
  readonly externalStorage?: ExternalStorage | undefined
}

/**
 * Builds a data converter.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: Options): DataConverter.Service =>
  DataConverter.of(InternalDataConverter.make({
    payloadConverters: options?.payloadConverters ?? defaultPayloadConverters(),
    failureConverter: options?.failureConverter ??
      failureConverter({ encodeCommonAttributes: options?.encodeCommonAttributes }),
    codecs: options?.codecs ?? [],
    payloadLimits: { ...defaultPayloadLimits, ...options?.payloadLimits },
    externalStorage: options?.externalStorage
  }))

/**
 * The data converter of every SDK: the default converters, the default
 * failure converter, no codecs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultDataConverter: DataConverter.Service = make()

/**
 * A data converter like `self` with `codec` added at the end of its chain
 * (it encodes last and decodes first).
 *
 * @since 0.1.0
 * @category combinators
 */
export const addCodec = (self: DataConverter.Service, codec: PayloadCodec): DataConverter.Service =>
  make({
    payloadConverters: self.payloadConverters,
    failureConverter: self.failureConverter,
    codecs: [...self.codecs, codec],
    payloadLimits: self.payloadLimits,
    externalStorage: self.externalStorage
  })

/**
 * A data converter like `self` with external payload storage (replacing any
 * it had). Storage runs after all codecs, whatever the order of the calls.
 *
 * @since 1.0.0
 * @category combinators
 */
export const setExternalStorage = (
  self: DataConverter.Service,
  externalStorage: ExternalStorage | undefined
): DataConverter.Service =>
  make({
    payloadConverters: self.payloadConverters,
    failureConverter: self.failureConverter,
    codecs: self.codecs,
    payloadLimits: self.payloadLimits,
    externalStorage
  })

/**
 * Runs the chain of codecs as one codec.
 *
 * @since 0.1.0
 * @category combinators
 */
export const composeCodecs = (codecs: ReadonlyArray<PayloadCodec>): PayloadCodec => CodecChain.compose(codecs)

// ---------------------------------------------------------------------------
// accessors
// ---------------------------------------------------------------------------

/**
 * {@link DataConverter.Service.toPayload} through the `DataConverter` in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const toPayload = <A = unknown, I = A>(
  value: A,
  schema?: Schema.Codec<A, I, never>
): Effect.Effect<Payload, DataConverterError | PayloadCodecError | ExternalStorageError, DataConverter> =>
  Effect.flatMap(DataConverter, (dc) => dc.toPayload(value, schema))

/**
 * {@link DataConverter.Service.fromPayload} through the `DataConverter` in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const fromPayload: {
  (
    payload: Payload
  ): Effect.Effect<unknown, DataConverterError | PayloadCodecError | ExternalStorageError, DataConverter>
  <A, I>(
    payload: Payload,
    schema: Schema.Codec<A, I, never>
  ): Effect.Effect<A, DataConverterError | PayloadCodecError | ExternalStorageError | SchemaDecodeError, DataConverter>
} = (<A, I>(payload: Payload, schema?: Schema.Codec<A, I, never>) =>
  Effect.flatMap(
    DataConverter,
    (dc): Effect.Effect<unknown, DataConverterError | PayloadCodecError | ExternalStorageError | SchemaDecodeError> =>
      schema === undefined ? dc.fromPayload(payload) : dc.fromPayload(payload, schema)
  )) as typeof fromPayload

/**
 * {@link DataConverter.Service.toFailure} through the `DataConverter` in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const toFailure = (
  error: unknown
): Effect.Effect<ProtoFailure, DataConverterError | PayloadCodecError | ExternalStorageError, DataConverter> =>
  Effect.flatMap(DataConverter, (dc) => dc.toFailure(error))

/**
 * {@link DataConverter.Service.fromFailure} through the `DataConverter` in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const fromFailure = (
  failure: ProtoFailure
): Effect.Effect<TemporalFailure, DataConverterError | PayloadCodecError | ExternalStorageError, DataConverter> =>
  Effect.flatMap(DataConverter, (dc) => dc.fromFailure(failure))
