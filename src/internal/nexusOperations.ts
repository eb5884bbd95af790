/**
 * The standalone Nexus operations of the client: service clients that start
 * operations, handles, listing and counting.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { CheckedListOptions, CheckedRpcOptions, type ListPageOptions, RequiredString } from "../schema/Common.js"
import {
  type CheckedStartNexusOperationOptions,
  CheckedStartNexusOperationOptions as StartOptionsSchema
} from "../schema/NexusOptions.js"
import * as NexusServiceDefinition from "../schema/NexusServiceDefinition.js"
import { NexusOperationAlreadyStartedError, type RpcError } from "../schema/TemporalError.js"
import type {
  NexusOperationExecutionPage,
  NexusOperations,
  NexusServiceClient,
  ServiceDefinitionOf
} from "../services/NexusClient.js"
import * as SerializationContext from "../services/SerializationContext.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { durationToProto } from "./convert/common.js"
import {
  nexusOperationCountFromProto,
  nexusOperationFromProto,
  NexusOperationIdConflictPolicyProto,
  NexusOperationIdReusePolicyProto
} from "./convert/nexus.js"
import * as SearchAttributesConvert from "./convert/searchAttributes.js"
import { make as makeHandle } from "./nexusOperationHandle.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { makeRequestId } from "./requestId.js"
import { withClientSpan } from "./telemetry.js"
import { findDetail } from "./transport/status.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

const decodeStart = decodeOptions(StartOptionsSchema, "options")
const decodeList = decodeOptions(CheckedListOptions, "options")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")
const decodeTarget = decodeOptions(
  Schema.Struct({ endpoint: RequiredString, service: RequiredString, operation: RequiredString })
)

/** `f(value)`, or `null` (a proto field left unset) when there is no value. */
const orNull = <A, B>(value: A | undefined, f: (a: A) => B): B | null => value === undefined ? null : f(value)

/** An ALREADY_EXISTS naming the running operation, as `NexusOperationAlreadyStartedError`. */
const alreadyStarted = (error: RpcError, operationId: string, service: string, operation: string) => {
  if (error.code !== "ALREADY_EXISTS") return undefined
  const detail = findDetail(error, "NexusOperationExecutionAlreadyStartedFailure") as { runId?: string } | undefined
  return new NexusOperationAlreadyStartedError({
    operationId,
    service,
    operation,
    cause: error,
    ...(detail?.runId ? { runId: detail.runId } : {})
  })
}

/** The `StartNexusOperationExecution` request of checked options, the input encoded. */
const startRequest = (
  context: ClientContext,
  target: { readonly endpoint: string; readonly service: string; readonly operation: string },
  input: unknown,
  inputSchema: Schema.Codec<unknown, unknown>,
  options: CheckedStartNexusOperationOptions
) =>
  Effect.gen(function*() {
    const converter = context.dataConverter
    const payload = yield* converter.toPayload(input, inputSchema as Schema.Codec<unknown, unknown, never>)
    yield* converter.checkSize([payload], "StartNexusOperationExecution.input")
    const summary = options.summary !== undefined ? yield* converter.toPayload(options.summary) : undefined
    return {
      namespace: context.namespace,
      identity: context.identity,
      requestId: options.requestId ?? (yield* makeRequestId),
      operationId: options.id,
      endpoint: target.endpoint,
      service: target.service,
      operation: target.operation,
      scheduleToCloseTimeout: durationToProto(options.scheduleToCloseTimeout),
      scheduleToStartTimeout: orNull(options.scheduleToStartTimeout, durationToProto),
      startToCloseTimeout: orNull(options.startToCloseTimeout, durationToProto),
      input: payload,
      idReusePolicy: orNull(options.idReusePolicy, NexusOperationIdReusePolicyProto.toProto),
      idConflictPolicy: orNull(options.idConflictPolicy, NexusOperationIdConflictPolicyProto.toProto),
      searchAttributes: options.searchAttributes !== undefined
        ? { indexedFields: yield* SearchAttributesConvert.encode(options.searchAttributes) }
        : null,
      nexusHeader: { ...options.headers },
      userMetadata: summary !== undefined ? { summary } : null
    }
  })

/**
 * The standalone Nexus operations over a client context.
 *
 * @internal
 */
export const makeNexusOperations = (context: ClientContext): NexusOperations => {
  const span = (name: string, attributes: Record<string, string>) =>
    withClientSpan(
      `temporal.TemporalClient.${name}`,
      () => ({ "temporal.namespace": context.namespace, ...attributes })
    )

  const serviceClient = <Def extends NexusServiceDefinition.Any>(
    endpoint: string,
    definition: Def
  ): NexusServiceClient<Def> => {
    const startOperation = (
      operation: string,
      input: unknown,
      options: Parameters<NexusServiceClient<Def>["startOperation"]>[2]
    ) => {
      const spec = NexusServiceDefinition.operationSpec(definition, operation)
      const target = { endpoint, service: definition.name, operation }
      return Effect.gen(function*() {
        const checked = yield* decodeStart(options)
        yield* decodeTarget(target)
        const request = yield* startRequest(context, target, input, spec.input, checked).pipe(
          SerializationContext.provide(
            SerializationContext.nexusOperation({ namespace: context.namespace, ...target, operationId: checked.id })
          )
        )
        const response = yield* context.call("startNexusOperation", request, callOptionsOf(checked)).pipe(
          Effect.mapError((error) =>
            isRpcError(error) ? alreadyStarted(error, checked.id, definition.name, operation) ?? error : error
          )
        )
        return makeHandle(context, { ...target, operationId: checked.id, runId: response.runId || undefined, ...spec })
      }).pipe(span("startNexusOperation", {
        "temporal.nexus_endpoint": endpoint,
        "temporal.nexus_service": definition.name,
        "temporal.nexus_operation": operation
      }))
    }
    // Built from untyped parts (values go through the operation's Schemas); typed by the definition.
    return {
      endpoint,
      service: definition,
      startOperation: startOperation as NexusServiceClient<Def>["startOperation"],
      executeOperation:
        ((operation: string, input: unknown, options: Parameters<NexusServiceClient<Def>["startOperation"]>[2]) =>
          Effect.flatMap(startOperation(operation, input, options), (handle) => handle.result())) as NexusServiceClient<
            Def
          >["executeOperation"],
      getOperationHandle:
        ((operation: string, operationId: string, handleOptions: { readonly runId?: string | undefined } = {}) =>
          makeHandle(context, {
            endpoint,
            service: definition.name,
            operation,
            operationId,
            runId: handleOptions.runId,
            ...NexusServiceDefinition.operationSpec(definition, operation)
          })) as NexusServiceClient<Def>["getOperationHandle"]
    }
  }

  const fetchPage = (query: string | undefined, checked: ListPageOptions) =>
    Effect.map(
      context.call("listNexusOperations", {
        namespace: context.namespace,
        query: query ?? "",
        pageSize: checked.pageSize ?? 0,
        nextPageToken: checked.nextPageToken ?? null
      }, callOptionsOf(checked)),
      (response): NexusOperationExecutionPage => ({
        operations: (response.operations ?? []).map((info) => nexusOperationFromProto(info, context.namespace)),
        nextPageToken: nextTokenOf(response.nextPageToken)
      })
    )

  const untypedSpec = NexusServiceDefinition.operationSpec(NexusServiceDefinition.untyped(""), "")

  return {
    createNexusClient: (options) =>
      serviceClient(
        options.endpoint,
        (typeof options.service === "string"
          ? NexusServiceDefinition.untyped(options.service)
          : options.service) as ServiceDefinitionOf<typeof options.service>
      ),
    getNexusOperationHandle: (operationId, handleOptions = {}) =>
      makeHandle(context, { operationId, runId: handleOptions.runId, ...untypedSpec }),
    listNexusOperationsPage: (query, pageOptions = {}) =>
      Effect.flatMap(decodeList({ ...pageOptions, query }), (checked) => fetchPage(query, checked)).pipe(
        span("listNexusOperations", {})
      ),
    listNexusOperations: (query, listOptions = {}) =>
      Stream.unwrap(Effect.map(decodeList({ ...listOptions, query }), (checked) =>
        pagedStream(
          (nextPageToken) =>
            Effect.map(fetchPage(query, { ...checked, nextPageToken }), (page) => ({
              items: page.operations,
              nextPageToken: page.nextPageToken
            })),
          checked.limit
        ))),
    countNexusOperations: (query, countOptions = {}) =>
      Effect.flatMap(
        Effect.andThen(decodeList({ query }), decodeCallOptions(countOptions)),
        (checked) =>
          context.call(
            "countNexusOperations",
            { namespace: context.namespace, query: query ?? "" },
            callOptionsOf(checked)
          )
      ).pipe(Effect.map(nexusOperationCountFromProto), span("countNexusOperations", {}))
  }
}
