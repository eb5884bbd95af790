/**
 * Nexus endpoint operations over a client context: the operator service's
 * endpoint calls, specs checked and encoded, endpoints decoded, and the
 * read-change-write loop of updates.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { CheckedRpcOptions, type RpcOptions } from "../schema/Common.js"
import {
  CheckedListNexusEndpointsOptions,
  NexusEndpoint,
  NexusEndpointSpec,
  type NexusEndpointTarget
} from "../schema/NexusEndpoint.js"
import {
  NexusEndpointAlreadyExistsError,
  NexusEndpointConflictError,
  NexusEndpointNotFoundError,
  type RpcError
} from "../schema/TemporalError.js"
import { validateWellFormedFields } from "../schema/WorkflowOptions.js"
import type { NexusEndpointsShape, UpdateNexusEndpointOptions } from "../services/NexusEndpoints.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { int64FromNumber, int64ToNumber, timestampFromProto } from "./convert/common.js"
import { decodeText } from "./convert/workflow.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

type Endpoint = temporal.api.nexus.v1.IEndpoint

const decodeSpec = decodeOptions(NexusEndpointSpec, "spec")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")
const decodeListOptions = decodeOptions(CheckedListNexusEndpointsOptions, "options")

const notFound = (endpoint: string) => <E>(error: E | RpcError): E | RpcError | NexusEndpointNotFoundError =>
  isRpcError(error) && error.code === "NOT_FOUND" ? new NexusEndpointNotFoundError({ endpoint, cause: error }) : error

const alreadyExists = (name: string) => <E>(error: E | RpcError): E | RpcError | NexusEndpointAlreadyExistsError =>
  isRpcError(error) && error.code === "ALREADY_EXISTS"
    ? new NexusEndpointAlreadyExistsError({ name, cause: error })
    : error

/** A version conflict: the endpoint changed since it was read. */
const isConflict = (error: unknown): error is RpcError =>
  isRpcError(error) && (error.code === "FAILED_PRECONDITION" || error.code === "ABORTED") &&
  /version/i.test(error.message)

const targetFromProto = (target: temporal.api.nexus.v1.IEndpointTarget | null | undefined): NexusEndpointTarget =>
  target?.external
    ? { _tag: "External", url: target.external.url ?? "" }
    : { _tag: "Worker", namespace: target?.worker?.namespace ?? "", taskQueue: target?.worker?.taskQueue ?? "" }

/**
 * The endpoint operations over a client context.
 *
 * @internal
 */
const span = (name: string, endpoint: string | undefined) =>
  withClientSpan(`temporal.NexusEndpoints.${name}`, () => ({
    ...(endpoint !== undefined ? { "temporal.nexus_endpoint": endpoint } : {})
  }))

/** An endpoint as stored, its description decoded. */
const fromProto = (context: ClientContext, endpoint: Endpoint) =>
  Effect.map(decodeText(context.dataConverter, endpoint.spec?.description), (description) =>
    new NexusEndpoint({
      id: endpoint.id ?? "",
      version: int64ToNumber(endpoint.version),
      name: endpoint.spec?.name ?? "",
      target: targetFromProto(endpoint.spec?.target),
      rawEndpoint: endpoint,
      ...(description !== undefined ? { description } : {}),
      ...(endpoint.createdTime ? { createdTime: timestampFromProto(endpoint.createdTime)! } : {}),
      ...(endpoint.lastModifiedTime ? { lastModifiedTime: timestampFromProto(endpoint.lastModifiedTime)! } : {}),
      ...(endpoint.urlPrefix ? { urlPrefix: endpoint.urlPrefix } : {})
    }, { disableChecks: true }))

/** A checked spec as the proto message, its description encoded. */
const specToProto = (context: ClientContext, spec: NexusEndpointSpec) =>
  Effect.map(
    spec.description !== undefined
      ? Effect.map(context.dataConverter.toPayload(spec.description), Option.some)
      : Effect.succeedNone,
    (description): temporal.api.nexus.v1.IEndpointSpec => ({
      name: spec.name,
      target: spec.target._tag === "Worker"
        ? { worker: { namespace: spec.target.namespace, taskQueue: spec.target.taskQueue } }
        : { external: { url: spec.target.url } },
      description: Option.getOrNull(description)
    })
  )

/** The stored endpoint with this ID. */
const read = (context: ClientContext, id: string, options: RpcOptions) =>
  Effect.gen(function*() {
    yield* validateWellFormedFields([["id", id]])
    const response = yield* context.call("getNexusEndpoint", { id }, callOptionsOf(options)).pipe(
      Effect.mapError(notFound(id))
    )
    return response.endpoint ?? {}
  })

const fetchPage = (
  context: ClientContext,
  checked: typeof CheckedListNexusEndpointsOptions.Type,
  token: Uint8Array | undefined
) =>
  Effect.flatMap(
    context.call("listNexusEndpoints", {
      pageSize: checked.pageSize ?? 0,
      nextPageToken: token ?? null,
      name: checked.name ?? ""
    }, callOptionsOf(checked)),
    (response) =>
      Effect.map(Effect.forEach(response.endpoints ?? [], (endpoint) => fromProto(context, endpoint)), (items) => ({
        items,
        nextPageToken: nextTokenOf(response.nextPageToken)
      }))
  )

/** Read, change, write with the version read; again after a conflict, up to `maxAttempts`. */
const updateEndpoint = (
  context: ClientContext,
  id: string,
  update: (current: NexusEndpointSpec) => NexusEndpointSpec,
  options: UpdateNexusEndpointOptions
) =>
  Effect.gen(function*() {
    const rpc = yield* decodeCallOptions({ rpcTimeout: options.rpcTimeout, rpcMetadata: options.rpcMetadata })
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
    for (let attempt = 1;; attempt++) {
      const current = yield* Effect.flatMap(read(context, id, rpc), (endpoint) => fromProto(context, endpoint))
      const next = yield* decodeSpec(update({
        name: current.name,
        target: current.target,
        ...(current.description !== undefined ? { description: current.description } : {})
      }))
      const written = yield* context.call("updateNexusEndpoint", {
        id,
        version: int64FromNumber(current.version),
        spec: yield* specToProto(context, next)
      }, callOptionsOf(rpc)).pipe(
        Effect.map((response) => Option.some(response.endpoint ?? {})),
        Effect.catchIf((error) => isConflict(error) && attempt < maxAttempts, () => Effect.succeedNone),
        Effect.mapError((error) =>
          isConflict(error)
            ? new NexusEndpointConflictError({ endpoint: id, attempts: attempt, cause: error })
            : notFound(id)(error)
        )
      )
      if (Option.isSome(written)) return yield* fromProto(context, written.value)
    }
  }).pipe(span("updateEndpoint", id))

/**
 * The endpoint operations over a client context.
 *
 * @internal
 */
export const makeNexusEndpoints = (context: ClientContext): NexusEndpointsShape => {
  const listEndpoints: NexusEndpointsShape["listEndpoints"] = (options = {}) =>
    Stream.unwrap(Effect.map(
      decodeListOptions(options),
      (checked) => pagedStream((token) => fetchPage(context, checked, token), checked.limit)
    ))

  return {
    createEndpoint: (spec, options = {}) =>
      Effect.gen(function*() {
        const checked = yield* decodeSpec(spec)
        const rpc = yield* decodeCallOptions(options)
        const response = yield* context.call(
          "createNexusEndpoint",
          { spec: yield* specToProto(context, checked) },
          callOptionsOf(rpc)
        ).pipe(Effect.mapError(alreadyExists(checked.name)))
        return yield* fromProto(context, response.endpoint ?? {})
      }).pipe(span("createEndpoint", typeof spec?.name === "string" ? spec.name : undefined)),
    getEndpoint: (id, options = {}) =>
      Effect.flatMap(
        decodeCallOptions(options),
        (rpc) => Effect.flatMap(read(context, id, rpc), (endpoint) => fromProto(context, endpoint))
      ).pipe(
        span("getEndpoint", id)
      ),
    getEndpointByName: (name, options = {}) =>
      Effect.flatMap(
        Stream.runHead(listEndpoints({ ...options, name, limit: 1 })),
        Option.match({
          onNone: () => Effect.fail(new NexusEndpointNotFoundError({ endpoint: name })),
          onSome: Effect.succeed
        })
      ).pipe(span("getEndpointByName", name)),
    listEndpoints,
    updateEndpoint: (id, update, options = {}) => updateEndpoint(context, id, update, options),
    deleteEndpoint: (id, options = {}) =>
      Effect.gen(function*() {
        const rpc = yield* decodeCallOptions(options)
        const current = yield* read(context, id, rpc)
        yield* context.call("deleteNexusEndpoint", { id, version: current.version ?? null }, callOptionsOf(rpc)).pipe(
          Effect.mapError((error) =>
            isConflict(error)
              ? new NexusEndpointConflictError({ endpoint: id, attempts: 1, cause: error })
              : notFound(id)(error)
          )
        )
      }).pipe(span("deleteEndpoint", id))
  }
}
