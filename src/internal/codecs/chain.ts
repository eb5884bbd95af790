/**
 * Running a chain of payload codecs: encode in order, decode in reverse.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { PayloadCodecError } from "../../schema/TemporalError.js"
import type { PayloadCodec } from "../../services/DataConverter.js"
import type { Payload } from "../convert/payload.js"

/** @internal */
export const encode = (
  codecs: ReadonlyArray<PayloadCodec>,
  payloads: ReadonlyArray<Payload>
): Effect.Effect<ReadonlyArray<Payload>, PayloadCodecError> =>
  codecs.length === 0
    ? Effect.succeed(payloads)
    : Effect.reduce(codecs, () => payloads, (acc, codec) => codec.encode(acc))

/** @internal */
export const decode = (
  codecs: ReadonlyArray<PayloadCodec>,
  payloads: ReadonlyArray<Payload>
): Effect.Effect<ReadonlyArray<Payload>, PayloadCodecError> =>
  codecs.length === 0
    ? Effect.succeed(payloads)
    : Effect.reduce([...codecs].reverse(), () => payloads, (acc, codec) => codec.decode(acc))

/** One codec that runs the chain. @internal */
export const compose = (codecs: ReadonlyArray<PayloadCodec>): PayloadCodec => ({
  encode: (payloads) => encode(codecs, payloads),
  decode: (payloads) => decode(codecs, payloads)
})
