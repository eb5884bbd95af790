/**
 * The payload codecs shipped with effect-temporal: zlib compression and
 * AES-256-GCM encryption, both in the formats the official SDKs and samples
 * write, and the `KeyProvider` service the encryption codec reads its keys from.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as AesGcm from "../internal/codecs/aesGcm.js"
import * as CodecChain from "../internal/codecs/chain.js"
import * as Zlib from "../internal/codecs/zlib.js"
import type { PayloadCodec as Codec } from "../services/DataConverter.js"
import * as KeyProviderService from "../services/KeyProvider.js"
import { KeyProvider } from "../services/KeyProvider.js"
import type { EncryptionKey } from "../services/KeyProvider.js"
import type { SerializationContext } from "../services/SerializationContext.js"

/**
 * A codec: `{ encode, decode }` over payload arrays, as Effects.
 *
 * @since 0.1.0
 * @category models
 */
export type PayloadCodec = Codec

/**
 * The key provider service of the encryption codec.
 *
 * @since 0.1.0
 * @category tags
 */
export { KeyProvider }

/**
 * An AES-256 key and its ID.
 *
 * @since 0.1.0
 * @category models
 */
export type { EncryptionKey }

/**
 * Options of {@link keyProvider}: the current key and any older keys still
 * accepted for decryption.
 *
 * @since 1.0.0
 * @category models
 */
export type { Options as KeyProviderOptions } from "../services/KeyProvider.js"

/**
 * The encoding of zlib-compressed payloads.
 *
 * @since 0.1.0
 * @category constants
 */
export const zlibEncoding: string = Zlib.zlibEncoding

/**
 * The encoding of encrypted payloads.
 *
 * @since 0.1.0
 * @category constants
 */
export const encryptedEncoding: string = AesGcm.encryptedEncoding

/**
 * The metadata key naming the encryption key of an encrypted payload.
 *
 * @since 0.1.0
 * @category constants
 */
export const encryptionKeyIdMetadata: string = AesGcm.metadataKeyId

/**
 * Options of {@link zlib}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ZlibOptions {
  /** Compress even when the result is larger than the original (default `false`: keep the original then). */
  readonly alwaysEncode?: boolean | undefined
  /** The zlib compression level, 0–9 (default: zlib's default). */
  readonly level?: number | undefined
}

/**
 * zlib compression: each payload is serialized and deflated, with encoding
 * `binary/zlib`, as the Go SDK's `ZlibCodec` writes it. Payloads that would
 * grow are left as they are (unless `alwaysEncode`); decoding passes other
 * encodings through.
 *
 * @since 0.1.0
 * @category codecs
 */
export const zlib = (options?: ZlibOptions): PayloadCodec => Zlib.make(options)

/**
 * An encryption key from its ID and 32 bytes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const encryptionKey = (id: string, key: Uint8Array | Redacted.Redacted<Uint8Array>): EncryptionKey => ({
  id,
  key: Redacted.isRedacted(key) ? key : Redacted.make(key)
})

/**
 * A key provider over a fixed set of keys: `current` encrypts, `previous`
 * keys still decrypt.
 *
 * @since 0.1.0
 * @category constructors
 */
export const keyProvider = (options: KeyProviderService.Options): KeyProvider.Service =>
  KeyProviderService.make(options)

/**
 * A key provider whose keys depend on the call's serialization context
 * (e.g. per tenant by workflow ID): `keysFor` gives the keys of a context,
 * `undefined` outside a client call.
 *
 * @since 1.0.0
 * @category constructors
 */
export const keyProviderByContext = (
  keysFor: (context: SerializationContext | undefined) => KeyProviderService.Options
): KeyProvider.Service => KeyProviderService.makeByContext(keysFor)

/**
 * A Layer of {@link keyProvider}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerKeyProvider = (options: KeyProviderService.Options): Layer.Layer<KeyProvider> =>
  Layer.succeed(KeyProvider, KeyProviderService.make(options))

/**
 * AES-256-GCM encryption with the keys of `keys`: encoding
 * `binary/encrypted`, metadata `encryption-key-id`, data
 * `IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes)` of the serialized payload, as
 * the Python and Go encryption samples write it. Decoding passes other
 * encodings through; a wrong key or tampered data is a `PayloadCodecError`.
 *
 * @since 0.1.0
 * @category codecs
 */
export const aesGcmWith = (keys: KeyProvider.Service): PayloadCodec => AesGcm.make(keys)

/**
 * {@link aesGcmWith} one key.
 *
 * @since 0.1.0
 * @category codecs
 */
export const aesGcm = (key: EncryptionKey): PayloadCodec => AesGcm.make(KeyProviderService.make({ current: key }))

/**
 * {@link aesGcmWith} the `KeyProvider` of the context, for `DataConverter.withCodec`.
 *
 * @since 0.1.0
 * @category codecs
 */
export const aesGcmFromKeyProvider: Effect.Effect<PayloadCodec, never, KeyProvider> = Effect.map(
  KeyProvider,
  AesGcm.make
)

/**
 * Runs codecs as one: encode in order, decode in reverse.
 *
 * @since 0.1.0
 * @category combinators
 */
export const chain = (...codecs: ReadonlyArray<PayloadCodec>): PayloadCodec => CodecChain.compose(codecs)
