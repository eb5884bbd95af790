/**
 * The one place that loads grpc-js at run time, on the first connect rather
 * than at import, and the one grpc-js call adapter: a unary call of
 * pre-encoded bytes as an Effect.
 *
 * @internal
 */
import type * as grpc from "@grpc/grpc-js"
import * as Effect from "effect/Effect"
import { createRequire } from "node:module"
import { RpcError } from "../../schema/TemporalError.js"
import { toRpcError } from "./status.js"

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
 * grpc-js records the caller's stack (`new Error()`) when a call starts, to
 * append it to the call's error. Here that stack is the Effect run loop,
 * which says nothing about the caller, and the unformatted stack keeps its
 * frames' functions and receivers (the fiber's continuations) alive for as
 * long as the call is pending. The call is started without stack capture.
 */
const withoutStackCapture = <A>(start: () => A): A => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return start()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/**
 * A call interceptor that sends the request uncompressed (grpc-js's
 * `WriteFlags.NoCompress`) on a channel that compresses: for messages
 * shorter than the connection's `grpcCompressionMinBytes`. Made once, on
 * first use, since grpc-js is loaded then.
 */
let uncompressedInterceptor: grpc.Interceptor | undefined
const uncompressed = (): grpc.Interceptor => {
  if (uncompressedInterceptor !== undefined) return uncompressedInterceptor
  const { InterceptingCall } = grpcJs()
  class UncompressedCall extends InterceptingCall {
    override sendMessageWithContext(context: MessageContext, message: unknown): void {
      super.sendMessageWithContext({ ...context, flags: (context.flags ?? 0) | noCompress }, message)
    }
  }
  uncompressedInterceptor = (options, nextCall) => new UncompressedCall(nextCall(options))
  return uncompressedInterceptor
}

/** What grpc-js passes with a message: its callback and write flags. */
type MessageContext = Parameters<grpc.InterceptingCall["sendMessageWithContext"]>[0]

/** grpc-js's `WriteFlags.NoCompress`. */
const noCompress = 2

/** A call grpc-js refused to start; CANCELLED, as grpc-go says of a call on a closing channel. */
const callNotStarted = (method: string, cause: unknown): RpcError =>
  new RpcError({
    code: "CANCELLED",
    message: `The call could not start: ${cause instanceof Error ? cause.message : String(cause)}`,
    method,
    details: [],
    cause
  })

/**
 * Send `request` to `method.path` and resume with the response bytes or the
 * `RpcError` of the failure. With `compress` false the request goes
 * uncompressed even on a channel that compresses.
 *
 * The Effect does not cancel the call on interruption itself: it hands the
 * call's cancellation (a no-op once the call ended) to `onCancel`, and the
 * caller must cancel the call when it is interrupted. The per-call pipeline
 * does, from the continuation that records its metrics, so that a pending
 * call (a long poll waits for minutes) holds one interruption handler
 * instead of two (an `Effect.callback` canceler is a handler of its own).
 *
 * @internal
 */
export const unaryCall = (
  client: grpc.Client,
  method: { readonly path: string; readonly name: string },
  request: Uint8Array,
  metadata: grpc.Metadata,
  deadline: number,
  compress: boolean,
  onCancel: (cancel: () => void) => void
): Effect.Effect<Buffer, RpcError> =>
  Effect.callback<Buffer, RpcError>((resume) => {
    let pending = true
    let call: grpc.ClientUnaryCall
    try {
      call = withoutStackCapture(() =>
        client.makeUnaryRequest<Uint8Array, Buffer>(
          method.path,
          passThrough,
          identity,
          request,
          metadata,
          compress ? { deadline } : { deadline, interceptors: [uncompressed()] },
          (error, response) => {
            pending = false
            if (error) resume(Effect.fail(toRpcError(method.name, error)))
            else resume(Effect.succeed(response ?? Buffer.alloc(0)))
          }
        )
      )
    } catch (cause) {
      // grpc-js throws when the call cannot start (a channel already shut
      // down): a typed failure, never a defect.
      pending = false
      resume(Effect.fail(callNotStarted(method.name, cause)))
      return
    }
    onCancel(() => {
      if (pending) call.cancel()
    })
  })
