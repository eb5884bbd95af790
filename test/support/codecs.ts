/**
 * Payload codecs for the official @temporalio/worker (its `PayloadCodec` interface, Promise based),
 * written independently of `src/` with Node's crypto and zlib, in the wire formats our codecs
 * document, so integration tests check that both sides agree:
 *
 * - {@link AesGcmCodec}: encoding `binary/encrypted`, metadata `encryption-key-id`, data
 *   `IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes)` of the serialized `Payload` (AES-256-GCM), as the
 *   Python and Go encryption samples write it.
 * - {@link ZlibCodec}: encoding `binary/zlib`, data the zlib-deflated serialized `Payload`, as the Go
 *   SDK's `ZlibCodec` writes it.
 *
 * Decoding passes payloads of other encodings through.
 */
import type { Payload, PayloadCodec } from "@temporalio/common"
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { deflateSync, inflateSync } from "node:zlib"
import { temporal as loadTemporal } from "../../src/internal/proto/root.js"

const temporal = loadTemporal()

const PayloadMessage = temporal.api.common.v1.Payload

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

/** A plain `Uint8Array` copy (the SDK and protobufjs hand out Node Buffers). */
const plain = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes)

const encodingOf = (payload: Payload): string | undefined => {
  const encoding = payload.metadata?.["encoding"]
  return encoding === undefined || encoding === null ? undefined : fromUtf8.decode(encoding)
}

/** The serialized `temporal.api.common.v1.Payload`. */
export const serializePayload = (payload: Payload): Uint8Array => plain(PayloadMessage.encode(payload).finish())

/** A serialized `temporal.api.common.v1.Payload`, read back. */
export const deserializePayload = (bytes: Uint8Array): Payload => {
  const message = PayloadMessage.decode(bytes)
  const metadata: Record<string, Uint8Array> = {}
  for (const [key, value] of Object.entries(message.metadata ?? {})) metadata[key] = plain(value)
  return { metadata, data: plain(message.data ?? new Uint8Array(0)) }
}

export const encryptedEncoding = "binary/encrypted"
export const ENCRYPTION_KEY_ID = "encryption-key-id"
export const zlibEncoding = "binary/zlib"

const ivLength = 12
const tagLength = 16

/** AES-256-GCM over each serialized payload, with one key. */
export class AesGcmCodec implements PayloadCodec {
  /**
   * Encrypts with `key` under `keyId`; decrypts payloads of `keyId`, and of any other key ID
   * `otherKeys` knows (recording each key ID it decrypted with in `decryptedWith`).
   */
  constructor(
    readonly keyId: string,
    private readonly key: Uint8Array,
    private readonly otherKeys: (keyId: string) => Uint8Array | undefined = () => undefined
  ) {
    if (key.length !== 32) throw new Error(`AES-256 needs a 32-byte key, got ${key.length}`)
  }

  /** The key ID of every payload decrypted, in order. */
  readonly decryptedWith: Array<string> = []

  async encode(payloads: Array<Payload>): Promise<Array<Payload>> {
    return payloads.map((payload) => {
      const iv = randomBytes(ivLength)
      const cipher = createCipheriv("aes-256-gcm", this.key, iv, { authTagLength: tagLength })
      const body = Buffer.concat([cipher.update(serializePayload(payload)), cipher.final()])
      return {
        metadata: { encoding: utf8.encode(encryptedEncoding), [ENCRYPTION_KEY_ID]: utf8.encode(this.keyId) },
        data: plain(Buffer.concat([iv, body, cipher.getAuthTag()]))
      }
    })
  }

  async decode(payloads: Array<Payload>): Promise<Array<Payload>> {
    return payloads.map((payload) => {
      if (encodingOf(payload) !== encryptedEncoding) return payload
      const keyIdBytes = payload.metadata?.[ENCRYPTION_KEY_ID]
      const keyId = keyIdBytes ? fromUtf8.decode(keyIdBytes) : undefined
      const key = keyId === this.keyId ? this.key : keyId !== undefined ? this.otherKeys(keyId) : undefined
      if (key === undefined) throw new Error(`Unknown encryption key ${keyId ?? "(none)"}`)
      this.decryptedWith.push(keyId!)
      const data = payload.data ?? new Uint8Array(0)
      if (data.length < ivLength + tagLength) throw new Error(`Encrypted payload has only ${data.length} bytes`)
      const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, ivLength), {
        authTagLength: tagLength
      })
      decipher.setAuthTag(data.subarray(data.length - tagLength))
      const body = Buffer.concat([
        decipher.update(data.subarray(ivLength, data.length - tagLength)),
        decipher.final()
      ])
      return deserializePayload(body)
    })
  }
}

/** zlib compression of each serialized payload (always compresses). */
export class ZlibCodec implements PayloadCodec {
  async encode(payloads: Array<Payload>): Promise<Array<Payload>> {
    return payloads.map((payload) => ({
      metadata: { encoding: utf8.encode(zlibEncoding) },
      data: plain(deflateSync(serializePayload(payload)))
    }))
  }

  async decode(payloads: Array<Payload>): Promise<Array<Payload>> {
    return payloads.map((payload) =>
      encodingOf(payload) === zlibEncoding
        ? deserializePayload(inflateSync(payload.data ?? new Uint8Array(0)))
        : payload
    )
  }
}
