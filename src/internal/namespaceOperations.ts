/**
 * The namespace operations: register, describe, list and update
 * namespaces, and add, list and remove custom search attributes.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { CheckedRpcOptions, RequiredString } from "../schema/Common/fields.js"
import {
  ListNamespacesOptionsSchema,
  RegisterNamespaceOptionsSchema,
  type SearchAttributeDefinitions,
  SearchAttributeKeysSchema,
  SearchAttributeNamesSchema,
  SearchAttributeOptionsSchema,
  SearchAttributeTypesSchema,
  UpdateNamespaceOptionsSchema
} from "../schema/NamespaceOptions.js"
import type { SearchAttributeType } from "../schema/SearchAttributes.js"
import {
  type InvalidArgumentError,
  NamespaceAlreadyExistsError,
  NamespaceNotFoundError,
  type RpcError,
  SearchAttributeAlreadyExistsError,
  SearchAttributeNotFoundError
} from "../schema/TemporalError.js"
import type { NamespaceClientShape, NamespacePage } from "../services/NamespaceClient.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  namespaceDescriptionFromProto,
  registerNamespaceRequest,
  searchAttributesFromProto,
  searchAttributeTypeNumbers,
  updateNamespaceRequest
} from "./convert/namespace.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

const decodeName = decodeOptions(RequiredString, "namespace")
const decodeRegister = decodeOptions(RegisterNamespaceOptionsSchema, "options")
const decodeUpdate = decodeOptions(UpdateNamespaceOptionsSchema, "options")
const decodeList = decodeOptions(ListNamespacesOptionsSchema, "options")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")
const decodeAttributeOptions = decodeOptions(SearchAttributeOptionsSchema, "options")
const decodeAttributeKeys = decodeOptions(SearchAttributeKeysSchema, "attributes")
const decodeAttributeTypes = decodeOptions(SearchAttributeTypesSchema, "attributes")
const decodeAttributeNames = decodeOptions(SearchAttributeNamesSchema, "attributes")

/**
 * A call that names no namespace of the client (registration, listing) has
 * no namespace to miss: a NOT_FOUND there stays the server's `RpcError`.
 */
const keepRpcError = <A, E, R>(
  effect: Effect.Effect<A, E | NamespaceNotFoundError, R>
): Effect.Effect<A, Exclude<E, NamespaceNotFoundError> | RpcError, R> =>
  Effect.catchIf(
    effect,
    (error): error is NamespaceNotFoundError =>
      (error as { readonly _tag?: unknown })._tag === "NamespaceNotFoundError",
    (error) => isRpcError(error.cause) ? Effect.fail(error.cause) : Effect.die(error)
  ) as Effect.Effect<A, Exclude<E, NamespaceNotFoundError> | RpcError, R>

/** Any NOT_FOUND of a call about `namespace` is that namespace missing. */
const namespaceMissing = (namespace: string) =>
<A, E, R>(
  effect: Effect.Effect<A, E | RpcError | NamespaceNotFoundError, R>
): Effect.Effect<A, E | RpcError | NamespaceNotFoundError, R> =>
  Effect.catchIf(
    effect,
    (error): error is RpcError | NamespaceNotFoundError =>
      (isRpcError(error) && error.code === "NOT_FOUND") ||
      (error as { readonly _tag?: unknown })._tag === "NamespaceNotFoundError",
    (error) =>
      Effect.fail(
        new NamespaceNotFoundError({
          namespace,
          cause: error._tag === "NamespaceNotFoundError" ? error.cause : error
        })
      )
  )

/** The attribute a search attribute refusal names (`Search attribute X already exists.`), else every one asked for. */
const namedAttributes = (error: RpcError, names: ReadonlyArray<string>): ReadonlyArray<string> => {
  const named = /search attribute\s+"?([^\s"]+?)"?\.?\s/i.exec(`${error.message} `)?.[1]
  return named !== undefined ? [named] : names
}

/** The name and type of each search attribute to add, from typed keys or a record of names to types. */
const typedDefinitions = (
  attributes: SearchAttributeDefinitions
): Effect.Effect<ReadonlyArray<readonly [string, SearchAttributeType]>, InvalidArgumentError> =>
  Array.isArray(attributes)
    ? Effect.map(decodeAttributeKeys(attributes), (keys) => keys.map((key) => [key.name, key.type] as const))
    : Effect.map(decodeAttributeTypes(attributes), Object.entries)

/** The names of the search attributes to remove, given by name or by key. */
const attributeNames = (attributes: ReadonlyArray<unknown>) =>
  decodeAttributeNames(
    Array.isArray(attributes)
      ? attributes.map((attribute) =>
        typeof attribute === "object" && attribute !== null && "name" in attribute ? attribute.name : attribute
      )
      : attributes
  )

/**
 * The namespace operations over a client context.
 *
 * @internal
 */
export const makeNamespaceOperations = (context: ClientContext): NamespaceClientShape => {
  const span = (name: string, namespace: unknown) =>
    withClientSpan(`temporal.NamespaceClient.${name}`, () => ({
      "temporal.namespace": typeof namespace === "string" ? namespace : context.namespace
    }))

  const fetchPage = (
    checked:
      & { readonly pageSize?: number | undefined; readonly nextPageToken?: Uint8Array | undefined }
      & { readonly includeDeleted?: boolean | undefined }
      & Parameters<typeof callOptionsOf>[0]
  ) =>
    context.call("listNamespaces", {
      pageSize: checked.pageSize ?? 0,
      nextPageToken: checked.nextPageToken ?? null,
      ...(checked.includeDeleted !== undefined ? { namespaceFilter: { includeDeleted: checked.includeDeleted } } : {})
    }, callOptionsOf(checked)).pipe(
      Effect.map((response): NamespacePage => ({
        namespaces: (response.namespaces ?? []).map(namespaceDescriptionFromProto),
        nextPageToken: nextTokenOf(response.nextPageToken)
      })),
      keepRpcError
    )

  return {
    registerNamespace: (namespace, options) =>
      Effect.gen(function*() {
        const name = yield* decodeName(namespace)
        const checked = yield* decodeRegister(options)
        yield* context.call("registerNamespace", registerNamespaceRequest(name, checked), callOptionsOf(checked)).pipe(
          Effect.mapError((error) =>
            isRpcError(error) && error.code === "ALREADY_EXISTS"
              ? new NamespaceAlreadyExistsError({ namespace: name, cause: error })
              : error
          ),
          keepRpcError
        )
      }).pipe(span("registerNamespace", namespace)),
    describeNamespace: (namespace, options = {}) =>
      Effect.gen(function*() {
        const name = yield* decodeName(namespace)
        const checked = yield* decodeCallOptions(options)
        const response = yield* context.call("describeNamespace", { namespace: name }, callOptionsOf(checked)).pipe(
          namespaceMissing(name)
        )
        return namespaceDescriptionFromProto(response)
      }).pipe(span("describeNamespace", namespace)),
    listNamespacesPage: (options = {}) =>
      Effect.flatMap(decodeList(options), fetchPage).pipe(span("listNamespaces", undefined)),
    listNamespaces: (options = {}) =>
      Stream.unwrap(Effect.map(decodeList(options), (checked) =>
        pagedStream(
          (nextPageToken) =>
            Effect.map(
              fetchPage({ ...checked, nextPageToken }).pipe(span("listNamespaces", undefined)),
              (page) => ({ items: page.namespaces, nextPageToken: page.nextPageToken })
            ),
          checked.limit
        ))),
    updateNamespace: (namespace, options) =>
      Effect.gen(function*() {
        const name = yield* decodeName(namespace)
        const checked = yield* decodeUpdate(options)
        const response = yield* context.call(
          "updateNamespace",
          updateNamespaceRequest(name, checked),
          callOptionsOf(checked)
        ).pipe(namespaceMissing(name))
        return namespaceDescriptionFromProto(response)
      }).pipe(span("updateNamespace", namespace)),
    addSearchAttributes: (attributes, options = {}) =>
      Effect.gen(function*() {
        const definitions = yield* typedDefinitions(attributes)
        const checked = yield* decodeAttributeOptions(options)
        const namespace = checked.namespace ?? context.namespace
        const names = definitions.map(([name]) => name)
        yield* context.call("addSearchAttributes", {
          namespace,
          searchAttributes: Object.fromEntries(
            definitions.map(([name, type]) => [name, searchAttributeTypeNumbers[type]])
          )
        }, callOptionsOf(checked)).pipe(
          Effect.mapError((error) =>
            isRpcError(error) && error.code === "ALREADY_EXISTS"
              ? new SearchAttributeAlreadyExistsError({ namespace, names: namedAttributes(error, names), cause: error })
              : error
          )
        )
      }).pipe(span("addSearchAttributes", options.namespace)),
    listSearchAttributes: (options = {}) =>
      Effect.gen(function*() {
        const checked = yield* decodeAttributeOptions(options)
        const namespace = checked.namespace ?? context.namespace
        const response = yield* context.call("listSearchAttributes", { namespace }, callOptionsOf(checked))
        return searchAttributesFromProto(namespace, response)
      }).pipe(span("listSearchAttributes", options.namespace)),
    removeSearchAttributes: (attributes, options = {}) =>
      Effect.gen(function*() {
        const names = yield* attributeNames(attributes)
        const checked = yield* decodeAttributeOptions(options)
        const namespace = checked.namespace ?? context.namespace
        yield* context.call(
          "removeSearchAttributes",
          { namespace, searchAttributes: [...names] },
          callOptionsOf(checked)
        )
          .pipe(
            Effect.mapError((error) =>
              isRpcError(error) && error.code === "NOT_FOUND"
                ? new SearchAttributeNotFoundError({ namespace, names: namedAttributes(error, names), cause: error })
                : error
            )
          )
      }).pipe(span("removeSearchAttributes", options.namespace))
  }
}
