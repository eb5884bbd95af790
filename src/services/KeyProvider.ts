/**
 * Where the AES-256-GCM payload codec gets its keys.
 *
 * Encoding always uses the `current` key and writes its ID into the payload's
 * `encryption-key-id` metadata; decoding looks the key up by that ID with
 * `get`, so keys can be rotated while payloads written with older keys stay
 * readable. Implement the service yourself to read keys from a KMS or a `Ref`.
 * Both run inside the call's `SerializationContext`: a provider may choose
 * keys by workflow, activity or namespace (see `makeByContext`).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import { PayloadCodecError } from "../schema/TemporalError.js"
import * as SerializationContext from "./SerializationContext.js"

/**
 * One AES-256 key (32 bytes) and its ID.
 *
 * @since 0.1.0
 * @category models
 */
export interface EncryptionKey {
  /** The ID written to `encryption-key-id`. */
  readonly id: string
  /** The 32 key bytes. */
  readonly key: Redacted.Redacted<Uint8Array>
}

/**
 * Where the AES-256-GCM payload codec gets its keys: the current one, and any by ID.
 *
 * @since 0.1.0
 * @category tags
 */
export class KeyProvider extends Context.Service<KeyProvider, KeyProvider.Service>()("effect-temporal/KeyProvider") {}

/**
 * @since 0.1.0
 */
export declare namespace KeyProvider {
  /**
   * The shape of the `KeyProvider` service.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The key new payloads are encrypted with. */
    readonly current: Effect.Effect<EncryptionKey, PayloadCodecError>
    /** The key with this ID; fails when it is not known. */
    readonly get: (keyId: string) => Effect.Effect<EncryptionKey, PayloadCodecError>
  }
}

/**
 * Options of a provider over a fixed set of keys (`make` here,
 * `PayloadCodec.keyProvider` and `PayloadCodec.layerKeyProvider` publicly).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The key to encrypt with (and to decrypt payloads that name it). */
  readonly current: EncryptionKey
  /** Older keys, still accepted for decryption. */
  readonly previous?: ReadonlyArray<EncryptionKey> | undefined
}

/**
 * A provider over a fixed set of keys.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): KeyProvider.Service => makeFromKeys(options)

const makeFromKeys = (options: Options): KeyProvider.Service => {
  const byId = new Map<string, EncryptionKey>()
  for (const key of options.previous ?? []) byId.set(key.id, key)
  byId.set(options.current.id, options.current)
  return KeyProvider.of({
    current: Effect.succeed(options.current),
    get: (keyId) => {
      const key = byId.get(keyId)
      return key === undefined
        ? Effect.fail(
          new PayloadCodecError({
            codec: "aes-256-gcm",
            operation: "decode",
            reason: `Unknown encryption key ID ${keyId}`
          })
        )
        : Effect.succeed(key)
    }
  })
}

/**
 * A provider whose keys depend on the serialization context of the call
 * (`undefined` outside one): e.g. one key set per tenant, chosen by workflow
 * ID or namespace. `keysFor` is called on every encode and decode; decoding
 * looks the payload's key ID up among the keys `keysFor` gives for the same
 * context.
 *
 * @since 1.0.0
 * @category constructors
 */
export const makeByContext = (
  keysFor: (context: SerializationContext.SerializationContext | undefined) => Options
): KeyProvider.Service =>
  KeyProvider.of({
    current: Effect.map(SerializationContext.current, (context) => keysFor(context).current),
    get: (keyId) => Effect.flatMap(SerializationContext.current, (context) => makeFromKeys(keysFor(context)).get(keyId))
  })
