/**
 * The Nexus operations of `TestTemporalClient`: every call recorded and
 * answered by the script's reply for the operation (by operation ID, then by
 * `"service/operation"`), or a defect naming the call.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as NexusServiceDefinition from "../../schema/NexusServiceDefinition.js"
import type { NexusOperations, NexusServiceClient } from "../../services/NexusClient.js"
import type { NexusOperationHandle } from "../../services/NexusOperationHandle.js"
import type { MockCall, NexusOperationScript, Operation, Reply } from "../../testing/TestTemporalClient/script.js"
import type { MockClientContext } from "./activityMock.js"
import { listingStream, run, visibilityCall } from "./mockCalls.js"

interface Target {
  readonly operationId: string
  readonly runId: string | undefined
  readonly endpoint: string | undefined
  readonly service: string | undefined
  readonly operation: string | undefined
}

/** The mock's state for Nexus calls. */
interface NexusMock {
  readonly mock: MockClientContext
  readonly scripts: Readonly<Record<string, NexusOperationScript>>
  /** `"service/operation"` by operation ID, learned from starts. */
  readonly known: Map<string, string>
}

const nameOf = (state: NexusMock, target: Pick<Target, "operationId" | "service" | "operation">) =>
  target.service !== undefined && target.operation !== undefined
    ? `${target.service}/${target.operation}`
    : state.known.get(target.operationId)

const scriptOf = (state: NexusMock, target: Target): NexusOperationScript | undefined => {
  const name = nameOf(state, target)
  return state.scripts[target.operationId] ?? (name !== undefined ? state.scripts[name] : undefined)
}

const makeCall = (
  state: NexusMock,
  operation: Operation,
  target: Target,
  args: ReadonlyArray<unknown>,
  options: unknown
): MockCall => ({
  operation,
  workflowId: "",
  workflowType: undefined,
  name: nameOf(state, target),
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
  state: NexusMock,
  target: Target,
  call: MockCall,
  pick: (script: NexusOperationScript) => Reply<A, E> | undefined,
  hint: string
) =>
  Effect.andThen(
    state.mock.record(call),
    Effect.suspend(() => {
      const found = scriptOf(state, target)
      const reply = found !== undefined ? pick(found) : undefined
      return reply !== undefined ? run(reply, call) : unscripted(call, hint)
    })
  )

const makeHandle = (state: NexusMock, target: Target): NexusOperationHandle<unknown> => {
  const on = (operation: Operation, options: unknown) => makeCall(state, operation, target, [], options)
  return {
    ...target,
    result: (options) =>
      answer(state, target, on("nexusOperationResult", options), (s) => s.result, "result: Effect.succeed(...)"),
    describe: (options) =>
      answer(state, target, on("describeNexusOperation", options), (s) => s.describe, "describe: Effect.succeed(...)"),
    cancel: (options) =>
      answer(state, target, on("cancelNexusOperation", options), (s) => s.cancel, "cancel: Effect.void"),
    terminate: (options) =>
      answer(state, target, on("terminateNexusOperation", options), (s) => s.terminate, "terminate: Effect.void")
  }
}

type AnyServiceClient = NexusServiceClient<NexusServiceDefinition.Any>

const startOperation = (
  state: NexusMock,
  endpoint: string,
  definition: NexusServiceDefinition.Any,
  operation: string,
  input: unknown,
  options: { readonly id: string }
) => {
  const target: Target = { operationId: options.id, runId: undefined, endpoint, service: definition.name, operation }
  const call = makeCall(state, "startNexusOperation", target, [input], options)
  return Effect.gen(function*() {
    yield* state.mock.record(call)
    const found = scriptOf(state, target)
    if (found === undefined) return yield* unscripted(call, "start: Effect.void")
    if (found.start !== undefined) yield* run(found.start, call)
    state.known.set(options.id, `${definition.name}/${operation}`)
    return makeHandle(state, { ...target, runId: `mock-nexus-run-${state.mock.next()}` })
  })
}

const serviceClient = (
  state: NexusMock,
  endpoint: string,
  definition: NexusServiceDefinition.Any
): AnyServiceClient => {
  const start = (operation: string, input: unknown, options: { readonly id: string }) =>
    startOperation(state, endpoint, definition, operation, input, options)
  // Built from untyped parts (values go through as they are); typed as the service client's signatures.
  return {
    endpoint,
    service: definition,
    startOperation: start as unknown as AnyServiceClient["startOperation"],
    executeOperation:
      ((operation: string, input: unknown, options: { readonly id: string }) =>
        Effect.flatMap(start(operation, input, options), (handle) => handle.result())) as unknown as AnyServiceClient[
          "executeOperation"
        ],
    getOperationHandle: ((
      operation: string,
      operationId: string,
      options: { readonly runId?: string | undefined } = {}
    ) =>
      makeHandle(state, {
        operationId,
        runId: options.runId,
        endpoint,
        service: definition.name,
        operation
      })) as unknown as AnyServiceClient["getOperationHandle"]
  }
}

/**
 * The Nexus operations of the mock client.
 *
 * @internal
 */
export const mockNexusOperations = (mock: MockClientContext): NexusOperations => {
  const state: NexusMock = { mock, scripts: mock.script.nexusOperations ?? {}, known: new Map() }
  const listAll = (query: string | undefined, options: unknown) =>
    visibilityCall(mock.record, "listNexusOperations", mock.script.listNexusOperations, query, options)
  return {
    createNexusClient:
      ((options: { readonly endpoint: string; readonly service: NexusServiceDefinition.Any | string }) =>
        serviceClient(
          state,
          options.endpoint,
          typeof options.service === "string" ? NexusServiceDefinition.untyped(options.service) : options.service
        )) as unknown as NexusOperations["createNexusClient"],
    getNexusOperationHandle: (operationId, options = {}) =>
      makeHandle(state, {
        operationId,
        runId: options.runId,
        endpoint: undefined,
        service: undefined,
        operation: undefined
      }),
    listNexusOperationsPage: (query, options) =>
      Effect.map(listAll(query, options), (operations) => ({ operations, nextPageToken: undefined })),
    listNexusOperations: (query, options = {}) => listingStream(listAll(query, options), options.limit),
    countNexusOperations: (query, options) =>
      visibilityCall(mock.record, "countNexusOperations", mock.script.countNexusOperations, query, options)
  }
}
