/**
 * An in-process gRPC server that speaks Temporal's services, answering with
 * handlers the test gives. The whole real client stack (encoding, headers,
 * deadlines, retries, cancellation) runs against it over loopback.
 *
 * @since 0.1.0
 */
import * as grpc from "@grpc/grpc-js"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import { root } from "../internal/proto/root.js"
import { methodsOf, serviceNames } from "../internal/proto/services.js"
import { statusCode } from "../internal/transport/status.js"
import type { GrpcStatusName } from "../schema/TemporalError.js"
import type { CloudServiceClient } from "../services/CloudOperations.js"
import type {
  HealthServiceClient,
  OperatorServiceClient,
  TestServiceClient,
  WorkflowServiceClient
} from "../services/Connection.js"

/**
 * A failure a handler answers with: a gRPC status, a message, and optional
 * details (protobuf messages by their full type name, e.g.
 * `temporal.api.errordetails.v1.NotFoundFailure`).
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeStatus {
  /** The gRPC status code, by name (`"NOT_FOUND"`). */
  readonly code: GrpcStatusName
  /** The status message; the code's name when absent. */
  readonly message?: string | undefined
  /** Error details, sent in `grpc-status-details-bin`: each a protobuf message's full type name and its fields. */
  readonly details?: ReadonlyArray<{ readonly typeName: string; readonly value: object }> | undefined
}

/**
 * What a handler knows about the call besides the request.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeCallContext {
  /** The request headers, names lower-cased (binary headers left out). */
  readonly metadata: Readonly<Record<string, string>>
  /** The request as sent, in bytes. */
  readonly requestBytes: Uint8Array
}

/**
 * The request message type of an RPC method of a typed service client.
 *
 * @since 1.0.0
 * @category models
 */
export type RequestOf<F> = F extends (request: infer Req, ...rest: ReadonlyArray<never>) => unknown ? Req : never

/**
 * The response message type of an RPC method of a typed service client.
 *
 * @since 1.0.0
 * @category models
 */
export type ResponseOf<F> = F extends (...args: ReadonlyArray<never>) => Effect.Effect<infer Res, infer _E> ? Res
  : never

/**
 * Handlers of one service, by RPC property name (`startWorkflowExecution`).
 * The response may be a plain object of the response message's fields.
 *
 * @since 0.1.0
 * @category models
 */
export type FakeHandlers<C> = {
  readonly [K in keyof C]?: (
    request: RequestOf<C[K]>,
    context: FakeCallContext
  ) => Effect.Effect<Partial<ResponseOf<C[K]>> | object, FakeStatus>
}

/**
 * The handlers of every service the fake serves; RPCs without a handler
 * answer UNIMPLEMENTED.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeServices {
  /** Handlers of `temporal.api.workflowservice.v1.WorkflowService`. */
  readonly workflowService?: FakeHandlers<WorkflowServiceClient> | undefined
  /** Handlers of `temporal.api.operatorservice.v1.OperatorService`. */
  readonly operatorService?: FakeHandlers<OperatorServiceClient> | undefined
  /** Handlers of `temporal.api.testservice.v1.TestService`. */
  readonly testService?: FakeHandlers<TestServiceClient> | undefined
  /** Handlers of `grpc.health.v1.Health`. */
  readonly healthService?: FakeHandlers<HealthServiceClient> | undefined
  /** Handlers of `temporal.api.cloud.cloudservice.v1.CloudService`, the Cloud Operations API. */
  readonly cloudService?: FakeHandlers<CloudServiceClient> | undefined
}

/**
 * Server TLS material, PEM.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeServerTls {
  /** The server's certificate chain, PEM. */
  readonly certChain: string | Uint8Array
  /** The server's private key, PEM. */
  readonly privateKey: string | Uint8Array
  /** When given, clients must present a certificate signed by this CA. */
  readonly clientCa?: string | Uint8Array | undefined
}

/**
 * One call the fake received.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedCall {
  /** The RPC's name as in the proto, e.g. `StartWorkflowExecution`. */
  readonly method: string
  /** The decoded request message. */
  readonly request: unknown
  /** The request headers, names lower-cased (binary headers left out). */
  readonly metadata: Readonly<Record<string, string>>
  /** The request as sent, in bytes. */
  readonly requestBytes: Uint8Array
}

/**
 * A running fake server.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeGrpcServer {
  /** `127.0.0.1:PORT`. */
  readonly address: string
  /** Every call received, in order. */
  readonly calls: Effect.Effect<ReadonlyArray<RecordedCall>>
  /** Calls whose handler is still running. */
  readonly openCalls: Effect.Effect<number>
  /** Calls the client cancelled before they were answered. */
  readonly cancelledCalls: Effect.Effect<number>
}

const toBuffer = (pem: string | Uint8Array): Buffer => typeof pem === "string" ? Buffer.from(pem) : Buffer.from(pem)

const metadataRecord = (metadata: grpc.Metadata): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(metadata.getMap())) {
    if (typeof value === "string") out[name] = value
  }
  return out
}

const statusToServiceError = (status: FakeStatus): Partial<grpc.StatusObject> => {
  const metadata = new grpc.Metadata()
  if (status.details && status.details.length > 0) {
    const Status = root().lookupType("google.rpc.Status")
    const details = status.details.map((detail) => ({
      type_url: `type.googleapis.com/${detail.typeName}`,
      value: root().lookupType(detail.typeName).encode(detail.value).finish()
    }))
    const bytes = Status.encode(
      Status.fromObject({ code: statusCode(status.code), message: status.message ?? "", details })
    ).finish()
    metadata.set("grpc-status-details-bin", Buffer.from(bytes))
  }
  return { code: statusCode(status.code), details: status.message ?? status.code, metadata }
}

/**
 * Start a fake server on a free loopback port; it stops with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  services: FakeServices,
  options: { readonly tls?: FakeServerTls | undefined } = {}
): Effect.Effect<FakeGrpcServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<never>()
    // Appended in place: recording stays linear however many calls a test makes.
    const recorded: Array<RecordedCall> = []
    const open = yield* Ref.make(0)
    const cancelled = yield* Ref.make(0)
    const server = new grpc.Server()
    for (const key of Object.keys(serviceNames) as Array<keyof typeof serviceNames>) {
      const handlers = (services[key] ?? {}) as Record<
        string,
        (request: unknown, context: FakeCallContext) => Effect.Effect<object, FakeStatus>
      >
      const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {}
      const implementation: grpc.UntypedServiceImplementation = {}
      for (const method of methodsOf(serviceNames[key])) {
        definition[method.name] = {
          path: method.path,
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b
        }
        const handleUnary: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
          const handler = handlers[method.key]
          const request = method.requestType().decode(call.request)
          const metadata = metadataRecord(call.metadata)
          const record: RecordedCall = { method: method.name, request, metadata, requestBytes: call.request }
          const run = Effect.gen(function*() {
            recorded.push(record)
            if (handler === undefined) {
              return yield* Effect.fail<FakeStatus>({ code: "UNIMPLEMENTED", message: `${method.name} is not faked` })
            }
            const response = yield* handler(request, { metadata, requestBytes: call.request })
            const type = method.responseType()
            return Buffer.from(type.encode(type.fromObject(response)).finish())
          }).pipe(Effect.ensuring(Ref.update(open, (n) => n - 1)))
          Effect.runSyncWith(context)(Ref.update(open, (n) => n + 1))
          const fiber = Effect.runForkWith(context)(run)
          call.on("cancelled", () => {
            Effect.runForkWith(context)(Effect.andThen(Ref.update(cancelled, (n) => n + 1), Fiber.interrupt(fiber)))
          })
          fiber.addObserver((exit) => {
            if (Exit.isSuccess(exit)) callback(null, exit.value)
            else {
              const found = Cause.findError(exit.cause)
              const failure = Result.isSuccess(found) ? found.success : undefined
              callback(
                statusToServiceError(failure ?? { code: "INTERNAL", message: "Fake handler died or was interrupted" }),
                null
              )
            }
          })
        }
        implementation[method.name] = handleUnary
      }
      server.addService(definition, implementation)
    }
    const credentials = options.tls
      ? grpc.ServerCredentials.createSsl(
        options.tls.clientCa !== undefined ? toBuffer(options.tls.clientCa) : null,
        [{ cert_chain: toBuffer(options.tls.certChain), private_key: toBuffer(options.tls.privateKey) }],
        options.tls.clientCa !== undefined
      )
      : grpc.ServerCredentials.createInsecure()
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.bindAsync("127.0.0.1:0", credentials, (error, port) => {
          if (error) resume(Effect.die(error))
          else resume(Effect.succeed(port))
        })
      }),
      () => Effect.sync(() => server.forceShutdown())
    )
    return {
      address: `127.0.0.1:${port}`,
      calls: Effect.sync(() => recorded.slice()),
      openCalls: Ref.get(open),
      cancelledCalls: Ref.get(cancelled)
    }
  })
