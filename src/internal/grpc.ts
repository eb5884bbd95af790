/**
 * The one place that loads grpc-js at run time, on the first connect rather
 * than at import, and the one grpc-js call adapter: a unary call of
 * pre-encoded bytes as an interruptible Effect. Interrupting the fiber
 * cancels the call.
 *
 * @internal
 */
import type * as grpc from "@grpc/grpc-js"
import * as Effect from "effect/Effect"
import { createRequire } from "node:module"

let loaded: typeof grpc | undefined

/**
 * grpc-js, loaded on the first call. It is CommonJS; the `require` of
 * `createRequire` shares Node's module cache with ESM imports of it, so this
 * is the same module a user's `import ... from "@grpc/grpc-js"` gets.
 *
 * @internal
 */
export const grpcJs = (): typeof grpc => (loaded ??= createRequire(import.meta.url)("@grpc/grpc-js") as typeof grpc)

const passThrough = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
const identity = (buffer: Buffer): Buffer => buffer

/**
 * Send `request` to `path` and resume with the response bytes or the
 * grpc-js error. The call is cancelled on interruption.
 *
 * @internal
 */
export const unaryCall = (
  client: grpc.Client,
  path: string,
  request: Uint8Array,
  metadata: grpc.Metadata,
  deadline: Date
): Effect.Effect<Buffer, grpc.ServiceError> =>
  Effect.async<Buffer, grpc.ServiceError>((resume) => {
    const call = client.makeUnaryRequest<Uint8Array, Buffer>(
      path,
      passThrough,
      identity,
      request,
      metadata,
      { deadline },
      (error, response) => {
        if (error) resume(Effect.fail(error))
        else resume(Effect.succeed(response ?? Buffer.alloc(0)))
      }
    )
    return Effect.sync(() => call.cancel())
  })
