/**
 * The Layers that provide the `DataConverter`.
 *
 * ```ts
 * import { DataConverter, PayloadCodec } from "effect-temporal"
 *
 * const Converter = DataConverter.Default.pipe(
 *   DataConverter.withCodec(PayloadCodec.zlib()),
 *   DataConverter.withCodec(PayloadCodec.aesGcmFromKeyProvider),
 *   Layer.provide(PayloadCodec.layerKeyProvider({ current: PayloadCodec.encryptionKey("k1", keyBytes) }))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import type { ExternalStorage } from "../ExternalStorage.js"
import * as InternalExternalStorage from "../internal/externalStorage.js"
import { ApplicationFailure } from "../schema/Failure.js"
import type { InvalidArgumentError } from "../schema/TemporalError.js"
import type { PayloadCodec } from "../services/DataConverter.js"
import { addCodec, DataConverter, make, setExternalStorage } from "../services/DataConverter.js"
import type { Options } from "../services/DataConverter.js"

export * from "../services/DataConverter.js"

/**
 * The data converter every Temporal SDK uses by default: the standard payload
 * converters, the standard failure converter, no codecs.
 *
 * @since 0.1.0
 * @category layers
 */
export const Default: Layer.Layer<DataConverter> = Layer.sync(DataConverter, () => make())

/**
 * A data converter with the given payload converters, failure converter,
 * codecs and limits (each defaulting as in `Default`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<DataConverter> => Layer.sync(DataConverter, () => make(options))

/**
 * Adds a codec at the end of a data converter Layer's codec chain (it
 * encodes after, and decodes before, the codecs already there). The codec may
 * be an Effect that builds it, for example one that needs a `KeyProvider`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withCodec: {
  <E2 = never, R2 = never>(
    codec: PayloadCodec | Effect.Effect<PayloadCodec, E2, R2>
  ): <E, R>(self: Layer.Layer<DataConverter, E, R>) => Layer.Layer<DataConverter, E | E2, R | R2>
  <E, R, E2 = never, R2 = never>(
    self: Layer.Layer<DataConverter, E, R>,
    codec: PayloadCodec | Effect.Effect<PayloadCodec, E2, R2>
  ): Layer.Layer<DataConverter, E | E2, R | R2>
} = dual(
  2,
  <E, R, E2, R2>(
    self: Layer.Layer<DataConverter, E, R>,
    codec: PayloadCodec | Effect.Effect<PayloadCodec, E2, R2>
  ): Layer.Layer<DataConverter, E | E2, R | R2> =>
    Layer.effect(
      DataConverter,
      Effect.gen(function*() {
        const converter = yield* DataConverter
        const added = Effect.isEffect(codec) ? yield* codec : codec
        return addCodec(converter, added)
      })
    ).pipe(Layer.provide(self))
)

/**
 * Adds external payload storage to a data converter Layer: payloads of at
 * least the threshold are stored by a driver and sent as reference payloads,
 * and references read back are resolved (see the `ExternalStorage` module).
 * The configuration may be an Effect that builds it, e.g. one that makes a
 * `fileSystemDriver`. The Layer fails with `InvalidArgumentError` on an
 * invalid configuration (no driver, duplicate names, several drivers and no
 * selector, a negative threshold).
 *
 * @since 1.0.0
 * @category combinators
 */
export const withExternalStorage: {
  <E2 = never, R2 = never>(
    storage: ExternalStorage | Effect.Effect<ExternalStorage, E2, R2>
  ): <E, R>(
    self: Layer.Layer<DataConverter, E, R>
  ) => Layer.Layer<DataConverter, E | E2 | InvalidArgumentError, R | R2>
  <E, R, E2 = never, R2 = never>(
    self: Layer.Layer<DataConverter, E, R>,
    storage: ExternalStorage | Effect.Effect<ExternalStorage, E2, R2>
  ): Layer.Layer<DataConverter, E | E2 | InvalidArgumentError, R | R2>
} = dual(
  2,
  <E, R, E2, R2>(
    self: Layer.Layer<DataConverter, E, R>,
    storage: ExternalStorage | Effect.Effect<ExternalStorage, E2, R2>
  ): Layer.Layer<DataConverter, E | E2 | InvalidArgumentError, R | R2> =>
    Layer.effect(
      DataConverter,
      Effect.gen(function*() {
        const converter = yield* DataConverter
        const config = Effect.isEffect(storage) ? yield* storage : storage
        yield* InternalExternalStorage.resolve(config)
        return setExternalStorage(converter, config)
      })
    ).pipe(Layer.provide(self))
)

/**
 * The reserved failure type of a payload that converted but failed
 * validation: `PayloadValidationError`, as the official SDKs name it.
 *
 * @since 1.0.0
 * @category failures
 */
export const payloadValidationErrorType = "PayloadValidationError"

/**
 * The failure a converter or codec raises when a payload converted but its
 * value is invalid: a non-retryable `ApplicationFailure` of the reserved
 * type `PayloadValidationError`, message "Payload validation failed", with
 * `details` (when given) as its one detail. Workers of the official SDKs
 * answer such a failure on a Nexus operation's input with a BAD_REQUEST
 * handler error instead of an internal one.
 *
 * @since 1.0.0
 * @category failures
 */
export const payloadValidationError = (details?: unknown): ApplicationFailure =>
  new ApplicationFailure({
    message: "Payload validation failed",
    type: payloadValidationErrorType,
    nonRetryable: true,
    details: details === undefined || details === null ? [] : [details]
  })

/**
 * Whether `failure` is a payload validation failure: a non-retryable
 * `ApplicationFailure` of type `PayloadValidationError`.
 *
 * @since 1.0.0
 * @category guards
 */
export const isPayloadValidationError = (failure: unknown): failure is ApplicationFailure =>
  failure instanceof ApplicationFailure && failure.nonRetryable && failure.type === payloadValidationErrorType
