/**
 * The Nexus operations of `TestTemporalClient`: every call recorded and
 * answered by the script's reply for the operation (by operation ID, then by
 * `"service/operation"`), or a defect naming the call.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as NexusServiceDefinition from "../../schema/NexusServiceDefinition.js"
import type { RpcError } from "../../schema/TemporalError.js"
import type { NexusOperations, NexusServiceClient } from "../../services/NexusClient.js"
import type { NexusOperationHandle } from "../../services/NexusOperationHandle.js"
import type { MockCall, NexusOperationScript, Operation, Reply } from "../../testing/TestTemporalClient.js"
import type { MockClientContext } from "./activityMock.js"

const run = <A, E>(reply: Reply<A, E>, call: MockCall): Effect.Effect<A, E> =>
  typeof reply === "function" ? reply(call) : reply

interface Target {
  readonly operationId: string
  readonly runId: string | undefined
  readonly endpoint: string | undefined
  readonly service: string | undefined
  readonly operation: string | undefined
}

/**
 * The Nexus operations of the mock client.
 *
 * @internal
 */
export const mockNexusOperations = (mock: MockClientContext): NexusOperations => {
  const scripts = mock.script.nexusOperations ?? {}
  const known = new Map<string, string>()

  const nameOf = (target: Pick<Target, "operationId" | "service" | "operation">) =>
    target.service !== undefined && target.operation !== undefined
      ? `${target.service}/${target.operation}`
      : known.get(target.operationId)

  const scriptOf = (target: Target): NexusOperationScript | undefined => {
    const name = nameOf(target)
    return scripts[target.operationId] ?? (name !== undefined ? scripts[name] : undefined)
  }

  const makeCall = (
    operation: Operation,
    target: Target,
    args: ReadonlyArray<unknown>,
    options: unknown
  ): MockCall => ({
    operation,
    workflowId: "",
    workflowType: undefined,
    name: nameOf(target),
    args,
    options,
    operationId: target.operationId,
    endpoint: target.endpoint
  })

  const unscripted = (call: MockCall, hint: string) =>
    Effect.die(
      new Error(
        `TestTemporalClient: no script for ${call.operation} of Nexus operation "${call.operationId ?? ""}"${
          call.name ? ` (${call.name})` : ""
        }; script it with { nexusOperations: { "${call.name ?? call.operationId}": { ${hint} } } }`
      )
    )

  const answer = <A, E>(
    target: Target,
    call: MockCall,
    pick: (script: NexusOperationScript) => Reply<A, E> | undefined,
    hint: string
  ) =>
    Effect.andThen(
      mock.record(call),
      Effect.suspend(() => {
        const found = scriptOf(target)
        const reply = found !== undefined ? pick(found) : undefined
        return reply !== undefined ? run(reply, call) : unscripted(call, hint)
      })
    )

  const makeHandle = (target: Target): NexusOperationHandle<unknown> => ({
    ...target,
    result: (options) =>
      answer(
        target,
        makeCall("nexusOperationResult", target, [], options),
        (s) => s.result,
        "result: Effect.succeed(...)"
      ),
    describe: (options) =>
      answer(
        target,
        makeCall("describeNexusOperation", target, [], options),
        (s) => s.describe,
        "describe: Effect.succeed(...)"
      ),
    cancel: (options) =>
      answer(target, makeCall("cancelNexusOperation", target, [], options), (s) => s.cancel, "cancel: Effect.void"),
    terminate: (options) =>
      answer(
        target,
        makeCall("terminateNexusOperation", target, [], options),
        (s) => s.terminate,
        "terminate: Effect.void"
      )
  })

  const serviceClient = (
    endpoint: string,
    definition: NexusServiceDefinition.Any
  ): NexusServiceClient<NexusServiceDefinition.Any> => {
    const startOperation = (operation: string, input: unknown, options: { readonly id: string }) => {
      const target: Target = {
        operationId: options.id,
        runId: undefined,
        endpoint,
        service: definition.name,
        operation
      }
      const call = makeCall("startNexusOperation", target, [input], options)
      return Effect.gen(function*() {
        yield* mock.record(call)
        const found = scriptOf(target)
        if (found === undefined) return yield* unscripted(call, "start: Effect.void")
        if (found.start !== undefined) yield* run(found.start, call)
        known.set(options.id, `${definition.name}/${operation}`)
        return makeHandle({ ...target, runId: `mock-nexus-run-${mock.next()}` })
      })
    }
    // Built from untyped parts (values go through as they are); typed as the service client's signatures.
    return {
      endpoint,
      service: definition,
      startOperation: startOperation as unknown as NexusServiceClient<NexusServiceDefinition.Any>["startOperation"],
      executeOperation: ((operation: string, input: unknown, options: { readonly id: string }) =>
        Effect.flatMap(
          startOperation(operation, input, options),
          (handle) => handle.result()
        )) as unknown as NexusServiceClient<
          NexusServiceDefinition.Any
        >["executeOperation"],
      getOperationHandle:
        ((operation: string, operationId: string, options: { readonly runId?: string | undefined } = {}) =>
          makeHandle({
            operationId,
            runId: options.runId,
            endpoint,
            service: definition.name,
            operation
          })) as unknown as NexusServiceClient<
            NexusServiceDefinition.Any
          >["getOperationHandle"]
    }
  }

  const visibilityCall = <A>(
    operation: "listNexusOperations" | "countNexusOperations",
    reply: Reply<A, RpcError> | undefined,
    query: string | undefined,
    options: unknown
  ) => {
    const call: MockCall = { operation, workflowId: "", workflowType: undefined, name: query, args: [], options }
    return Effect.andThen(
      mock.record(call),
      reply !== undefined
        ? run(reply, call)
        : Effect.die(new Error(`TestTemporalClient: ${operation}("${query ?? ""}") is not scripted; give ${operation}`))
    )
  }
  const listAll = (query: string | undefined, options: unknown) =>
    visibilityCall("listNexusOperations", mock.script.listNexusOperations, query, options)

  return {
    createNexusClient:
      ((options: { readonly endpoint: string; readonly service: NexusServiceDefinition.Any | string }) =>
        serviceClient(
          options.endpoint,
          typeof options.service === "string" ? NexusServiceDefinition.untyped(options.service) : options.service
        )) as unknown as NexusOperations["createNexusClient"],
    getNexusOperationHandle: (operationId, options = {}) =>
      makeHandle({ operationId, runId: options.runId, endpoint: undefined, service: undefined, operation: undefined }),
    listNexusOperationsPage: (query, options) =>
      Effect.map(listAll(query, options), (operations) => ({ operations, nextPageToken: undefined })),
    listNexusOperations: (query, options = {}) => {
      const all = Stream.flatMap(Stream.fromEffect(listAll(query, options)), Stream.fromIterable)
      return options.limit !== undefined ? Stream.take(all, options.limit) : all
    },
    countNexusOperations: (query, options) =>
      visibilityCall("countNexusOperations", mock.script.countNexusOperations, query, options)
  }
}
