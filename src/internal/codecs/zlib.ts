/**
 * A compression codec: each payload is serialized and deflated (zlib
 * format), with encoding `binary/zlib`, as the Go SDK's `ZlibCodec` writes it.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as zlib from "node:zlib"
import { PayloadCodecError } from "../../schema/TemporalError.js"
import type { PayloadCodec } from "../../services/DataConverter.js"
import { deserializePayload, encodingOf, makePayload, plainBytes, serializePayload } from "../convert/payload.js"
import type { Payload } from "../convert/payload.js"

/** @internal */
export const zlibEncoding = "binary/zlib"

/** @internal */
export interface Options {
  readonly alwaysEncode?: boolean | undefined
  readonly level?: number | undefined
}

const reason = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/** @internal */
export const make = (options?: Options): PayloadCodec => {
  const alwaysEncode = options?.alwaysEncode ?? false
  const zlibOptions: zlib.ZlibOptions = options?.level === undefined ? {} : { level: options.level }
  const encodeOne = (payload: Payload): Effect.Effect<Payload, PayloadCodecError> =>
    Effect.try({
      try: () => {
        const raw = serializePayload(payload)
        const deflated = plainBytes(zlib.deflateSync(raw, zlibOptions))
        return !alwaysEncode && deflated.length > raw.length ? payload : makePayload(zlibEncoding, deflated)
      },
      catch: (cause) => new PayloadCodecError({ codec: "zlib", operation: "encode", reason: reason(cause), cause })
    })
  const decodeOne = (payload: Payload): Effect.Effect<Payload, PayloadCodecError> =>
    encodingOf(payload) !== zlibEncoding
      ? Effect.succeed(payload)
      : Effect.try({
        try: () => deserializePayload(zlib.inflateSync(payload.data ?? new Uint8Array(0))),
        catch: (cause) => new PayloadCodecError({ codec: "zlib", operation: "decode", reason: reason(cause), cause })
      })
  return {
    encode: (payloads) => Effect.forEach(payloads, encodeOne),
    decode: (payloads) => Effect.forEach(payloads, decodeOne)
  }
}
