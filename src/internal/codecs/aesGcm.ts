/**
 * An encryption codec: AES-256-GCM over each serialized payload, with
 * encoding `binary/encrypted`, metadata `encryption-key-id`, and data
 * `IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`, as the Temporal Python and
 * Go encryption samples write it. Decoding passes other encodings through.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as crypto from "node:crypto"
import { PayloadCodecError } from "../../schema/TemporalError.js"
import type { PayloadCodec } from "../../services/DataConverter.js"
import type { EncryptionKey, KeyProvider } from "../../services/KeyProvider.js"
import {
  deserializePayload,
  encodingOf,
  makePayload,
  metadataText,
  plainBytes,
  serializePayload
} from "../convert/payload.js"
import type { Payload } from "../convert/payload.js"

/** @internal */
export const encryptedEncoding = "binary/encrypted"

/** @internal */
export const metadataKeyId = "encryption-key-id"

const ivLength = 12
const tagLength = 16
const keyLength = 32

const fail = (operation: "encode" | "decode", reason: string, cause?: unknown) =>
  new PayloadCodecError({ codec: "aes-256-gcm", operation, reason, ...(cause === undefined ? {} : { cause }) })

const keyBytes = (key: EncryptionKey, operation: "encode" | "decode"): Effect.Effect<Uint8Array, PayloadCodecError> => {
  const bytes = Redacted.value(key.key)
  return bytes.length === keyLength
    ? Effect.succeed(bytes)
    : Effect.fail(fail(operation, `Key ${key.id} has ${bytes.length} bytes; AES-256 needs ${keyLength}`))
}

/** @internal */
export const encrypt = (
  key: Uint8Array,
  plaintext: Uint8Array,
  iv: Uint8Array = crypto.randomBytes(ivLength)
): Uint8Array => {
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagLength })
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return plainBytes(Buffer.concat([iv, body, cipher.getAuthTag()]))
}

/** @internal */
export const decrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  if (data.length < ivLength + tagLength) throw new Error(`Encrypted data has only ${data.length} bytes`)
  const iv = data.subarray(0, ivLength)
  const tag = data.subarray(data.length - tagLength)
  const body = data.subarray(ivLength, data.length - tagLength)
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: tagLength })
  decipher.setAuthTag(tag)
  return plainBytes(Buffer.concat([decipher.update(body), decipher.final()]))
}

/** @internal */
export const make = (keys: KeyProvider.Service): PayloadCodec => {
  const encodeOne = (
    key: EncryptionKey,
    bytes: Uint8Array,
    payload: Payload
  ): Effect.Effect<Payload, PayloadCodecError> =>
    Effect.try({
      try: () => makePayload(encryptedEncoding, encrypt(bytes, serializePayload(payload)), { [metadataKeyId]: key.id }),
      catch: (cause) => fail("encode", cause instanceof Error ? cause.message : String(cause), cause)
    })
  const decodeOne = (payload: Payload): Effect.Effect<Payload, PayloadCodecError> => {
    if (encodingOf(payload) !== encryptedEncoding) return Effect.succeed(payload)
    const keyId = metadataText(payload, metadataKeyId)
    if (keyId === undefined) return Effect.fail(fail("decode", `Encrypted payload has no metadata.${metadataKeyId}`))
    return keys.get(keyId).pipe(
      Effect.flatMap((key) => keyBytes(key, "decode")),
      Effect.flatMap((bytes) =>
        Effect.try({
          try: () => deserializePayload(decrypt(bytes, payload.data ?? new Uint8Array(0))),
          catch: (cause) =>
            fail(
              "decode",
              `Cannot decrypt with key ${keyId} (wrong key or corrupted data): ${
                cause instanceof Error ? cause.message : String(cause)
              }`,
              cause
            )
        })
      )
    )
  }
  return {
    encode: (payloads) =>
      payloads.length === 0
        ? Effect.succeed(payloads)
        : Effect.flatMap(keys.current, (key) =>
          Effect.flatMap(keyBytes(key, "encode"), (bytes) =>
            Effect.forEach(payloads, (payload) =>
              encodeOne(key, bytes, payload)))),
    decode: (payloads) => Effect.forEach(payloads, decodeOne)
  }
}
