/**
 * Interceptors over decoded inputs, turned into ordinary (RPC-level) client
 * interceptors: the request's arguments are decoded with the client's data
 * converter for the interceptor, and what it passes on is encoded back into
 * the request.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import type { Payload } from "../schema/Common.js"
import { InvalidArgumentError } from "../schema/TemporalError.js"
import type {
  CallInput,
  ClientInterceptor,
  DecodedCall,
  DecodedCallInput,
  DecodedInterceptor,
  InterceptedCalls,
  Next
} from "../services/ClientInterceptors.js"
import type { RpcCallError } from "../services/Connection.js"

type Header = temporal.api.common.v1.IHeader | null | undefined

/** Where each call keeps its workflow ID, name, arguments and headers. */
interface Shape<K extends DecodedCall> {
  readonly read: (request: InterceptedCalls[K]["request"]) => {
    readonly workflowId: string
    readonly name: string
    readonly args: ReadonlyArray<Payload>
    readonly header: Header
  }
  readonly write: (
    request: InterceptedCalls[K]["request"],
    args: ReadonlyArray<Payload>,
    headers: Readonly<Record<string, Payload>>
  ) => InterceptedCalls[K]["request"]
}

const fieldsOf = (header: Header) => ({ ...header?.fields }) as Record<string, Payload>

const startShape: Shape<"startWorkflow"> = {
  read: (request) => ({
    workflowId: request.workflowId ?? "",
    name: request.workflowType?.name ?? "",
    args: request.input?.payloads ?? [],
    header: request.header
  }),
  write: (request, args, headers) => ({ ...request, input: { payloads: [...args] }, header: { fields: headers } })
}

const shapes: { readonly [K in DecodedCall]: Shape<K> } = {
  startWorkflow: startShape,
  // Signal-with-start carries the workflow's arguments and headers where a start does.
  signalWithStartWorkflow: startShape as unknown as Shape<"signalWithStartWorkflow">,
  signalWorkflow: {
    read: (request) => ({
      workflowId: request.workflowExecution?.workflowId ?? "",
      name: request.signalName ?? "",
      args: request.input?.payloads ?? [],
      header: request.header
    }),
    write: (request, args, headers) => ({ ...request, input: { payloads: [...args] }, header: { fields: headers } })
  },
  queryWorkflow: {
    read: (request) => ({
      workflowId: request.execution?.workflowId ?? "",
      name: request.query?.queryType ?? "",
      args: request.query?.queryArgs?.payloads ?? [],
      header: request.query?.header
    }),
    write: (request, args, headers) => ({
      ...request,
      query: { ...request.query, queryArgs: { payloads: [...args] }, header: { fields: headers } }
    })
  },
  startWorkflowUpdate: {
    read: (request) => ({
      workflowId: request.workflowExecution?.workflowId ?? "",
      name: request.request?.input?.name ?? "",
      args: request.request?.input?.args?.payloads ?? [],
      header: request.request?.input?.header
    }),
    write: (request, args, headers) => ({
      ...request,
      request: {
        ...request.request,
        input: { ...request.request?.input, args: { payloads: [...args] }, header: { fields: headers } }
      }
    })
  }
}

const unreadable = (what: string) => (error: { readonly message: string }) =>
  new InvalidArgumentError({ field: what, reason: `could not be converted for an interceptor: ${error.message}` })

/** One call's decoded interceptor as an RPC-level handler. */
const handlerFor = <K extends DecodedCall>(call: K, hook: NonNullable<DecodedInterceptor[K]>) => {
  const shape = shapes[call] as Shape<K>
  return (input: CallInput<K>, next: Next<K>): Effect.Effect<InterceptedCalls[K]["response"], RpcCallError> =>
    Effect.gen(function*() {
      const read = shape.read(input.request)
      const args = yield* input.dataConverter.fromPayloads(read.args).pipe(Effect.mapError(unreadable("args")))
      const decoded: DecodedCallInput<K> = {
        call,
        workflowId: read.workflowId,
        name: read.name,
        args,
        headers: fieldsOf(read.header),
        options: input.options
      }
      return yield* hook(decoded, (passed) =>
        Effect.gen(function*() {
          const payloads = yield* input.dataConverter.toPayloads(passed.args).pipe(Effect.mapError(unreadable("args")))
          return yield* next({
            ...input,
            request: shape.write(input.request, payloads, passed.headers),
            options: passed.options
          })
        }))
    })
}

/**
 * A decoded interceptor as a client interceptor.
 *
 * @internal
 */
export const fromDecoded = (interceptor: DecodedInterceptor): ClientInterceptor => {
  const out: Record<string, unknown> = {}
  for (const call of Object.keys(shapes) as Array<DecodedCall>) {
    const hook = interceptor[call]
    if (hook !== undefined) out[call] = handlerFor(call, hook as never)
  }
  return out as ClientInterceptor
}
