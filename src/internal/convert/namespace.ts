/**
 * Namespaces and search attributes ⇄ protos: the register and update
 * requests, descriptions and search attribute lists read back.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import {
  type ArchivalState,
  NamespaceBadBinary,
  NamespaceDescription,
  NamespaceFailover,
  NamespaceLimits,
  NamespaceSearchAttributes,
  type NamespaceState,
  type ReplicationState
} from "../../schema/Namespace.js"
import type {
  CheckedRegisterNamespaceOptions,
  CheckedUpdateNamespaceOptions,
  NamespaceArchivalOptions
} from "../../schema/NamespaceOptions.js"
import type { SearchAttributeType } from "../../schema/SearchAttributes.js"
import * as Enums from "../proto/enums.js"
import { durationFromProto, durationToProto, int64ToNumber, timestampFromProto } from "./common.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const namespaceStates: ReadonlyMap<number, NamespaceState> = new Map([
  [Enums.NamespaceState.NAMESPACE_STATE_REGISTERED, "Registered"],
  [Enums.NamespaceState.NAMESPACE_STATE_DEPRECATED, "Deprecated"],
  [Enums.NamespaceState.NAMESPACE_STATE_DELETED, "Deleted"]
])

const namespaceStateNumbers: Record<NamespaceState, number> = {
  Registered: Enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
  Deprecated: Enums.NamespaceState.NAMESPACE_STATE_DEPRECATED,
  Deleted: Enums.NamespaceState.NAMESPACE_STATE_DELETED
}

const archivalStates: ReadonlyMap<number, ArchivalState> = new Map([
  [Enums.ArchivalState.ARCHIVAL_STATE_DISABLED, "Disabled"],
  [Enums.ArchivalState.ARCHIVAL_STATE_ENABLED, "Enabled"]
])

const archivalStateNumbers: Record<ArchivalState, number> = {
  Disabled: Enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
  Enabled: Enums.ArchivalState.ARCHIVAL_STATE_ENABLED
}

const replicationStates: ReadonlyMap<number, ReplicationState> = new Map([
  [Enums.ReplicationState.REPLICATION_STATE_NORMAL, "Normal"],
  [Enums.ReplicationState.REPLICATION_STATE_HANDOVER, "Handover"]
])

const searchAttributeTypes: ReadonlyMap<number, SearchAttributeType> = new Map([
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT, "Text"],
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, "Keyword"],
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_INT, "Int"],
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE, "Double"],
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL, "Bool"],
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME, "Datetime"],
  [Enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST, "KeywordList"]
])

/**
 * The `IndexedValueType` number of each search attribute type.
 *
 * @internal
 */
export const searchAttributeTypeNumbers: Record<SearchAttributeType, number> = Object.fromEntries(
  [...searchAttributeTypes].map(([n, type]) => [type, n])
) as Record<SearchAttributeType, number>

/** An enum field as a number: protobufjs reads numbers, a JSON-shaped message may hold names. */
const enumNumber = (value: number | string | null | undefined, table: object): number =>
  typeof value === "string" ? (table as Record<string, number | undefined>)[value] ?? -1 : value ?? 0

/** The archival fields of a request, for the options given. */
const archivalToProto = (options: NamespaceArchivalOptions) => ({
  ...(options.historyArchivalState !== undefined
    ? { historyArchivalState: archivalStateNumbers[options.historyArchivalState] }
    : {}),
  ...(options.historyArchivalUri !== undefined ? { historyArchivalUri: options.historyArchivalUri } : {}),
  ...(options.visibilityArchivalState !== undefined
    ? { visibilityArchivalState: archivalStateNumbers[options.visibilityArchivalState] }
    : {}),
  ...(options.visibilityArchivalUri !== undefined ? { visibilityArchivalUri: options.visibilityArchivalUri } : {})
})

const clustersToProto = (clusters: ReadonlyArray<string>) => clusters.map((clusterName) => ({ clusterName }))

/**
 * The `RegisterNamespace` request of checked options.
 *
 * @internal
 */
export const registerNamespaceRequest = (
  namespace: string,
  options: CheckedRegisterNamespaceOptions
): temporal.api.workflowservice.v1.IRegisterNamespaceRequest => ({
  namespace,
  workflowExecutionRetentionPeriod: durationToProto(options.retention),
  ...(options.description !== undefined ? { description: options.description } : {}),
  ...(options.ownerEmail !== undefined ? { ownerEmail: options.ownerEmail } : {}),
  ...(options.data !== undefined ? { data: { ...options.data } } : {}),
  ...(options.isGlobalNamespace !== undefined ? { isGlobalNamespace: options.isGlobalNamespace } : {}),
  ...(options.clusters !== undefined ? { clusters: clustersToProto(options.clusters) } : {}),
  ...(options.activeClusterName !== undefined ? { activeClusterName: options.activeClusterName } : {}),
  ...archivalToProto(options)
})

/**
 * The `UpdateNamespace` request of checked options: `updateInfo`, `config`
 * and `replicationConfig` are sent only when one of their fields is given
 * (the server leaves what is absent or empty as it is).
 *
 * @internal
 */
export const updateNamespaceRequest = (
  namespace: string,
  options: CheckedUpdateNamespaceOptions
): temporal.api.workflowservice.v1.IUpdateNamespaceRequest => {
  const updateInfo: Mutable<temporal.api.namespace.v1.IUpdateNamespaceInfo> = {}
  if (options.description !== undefined) updateInfo.description = options.description
  if (options.ownerEmail !== undefined) updateInfo.ownerEmail = options.ownerEmail
  if (options.data !== undefined) updateInfo.data = { ...options.data }
  if (options.state !== undefined) updateInfo.state = namespaceStateNumbers[options.state]
  const config: Mutable<temporal.api.namespace.v1.INamespaceConfig> = archivalToProto(options)
  if (options.retention !== undefined) config.workflowExecutionRetentionTtl = durationToProto(options.retention)
  const replicationConfig: Mutable<temporal.api.replication.v1.INamespaceReplicationConfig> = {}
  if (options.activeClusterName !== undefined) replicationConfig.activeClusterName = options.activeClusterName
  if (options.clusters !== undefined) replicationConfig.clusters = clustersToProto(options.clusters)
  const given = (message: object) => Object.keys(message).length > 0
  return {
    namespace,
    ...(given(updateInfo) ? { updateInfo } : {}),
    ...(given(config) ? { config } : {}),
    ...(given(replicationConfig) ? { replicationConfig } : {}),
    ...(options.promoteNamespace !== undefined ? { promoteNamespace: options.promoteNamespace } : {}),
    ...(options.deleteBadBinary !== undefined ? { deleteBadBinary: options.deleteBadBinary } : {})
  }
}

const nonEmpty = (value: string | null | undefined): string | undefined => value ? value : undefined

/** A limit the server reports; zero (the proto default) means none reported. */
const optionalLimit = (value: Parameters<typeof int64ToNumber>[0]): number | undefined => {
  const limit = int64ToNumber(value)
  return limit > 0 ? limit : undefined
}

const limitsFromProto = (limits: temporal.api.namespace.v1.NamespaceInfo.ILimits | null | undefined) => {
  const fields: Mutable<ConstructorParameters<typeof NamespaceLimits>[0]> = {}
  const keys = ["blobSizeLimitError", "memoSizeLimitError", "workflowTaskCompletionSizeLimitError"] as const
  for (const key of keys) {
    const value = optionalLimit(limits?.[key])
    if (value !== undefined) fields[key] = value
  }
  return new NamespaceLimits(fields, { disableChecks: true })
}

const badBinaryFromProto = (info: temporal.api.namespace.v1.IBadBinaryInfo) => {
  const createTime = timestampFromProto(info.createTime)
  return new NamespaceBadBinary({
    reason: info.reason ?? "",
    operator: info.operator ?? "",
    ...(createTime !== undefined ? { createTime } : {})
  }, { disableChecks: true })
}

const failoverFromProto = (status: temporal.api.replication.v1.IFailoverStatus) => {
  const failoverTime = timestampFromProto(status.failoverTime)
  return new NamespaceFailover({
    failoverVersion: int64ToNumber(status.failoverVersion),
    ...(failoverTime !== undefined ? { failoverTime } : {})
  }, { disableChecks: true })
}

/** The capabilities the server reports as on, by field name. */
const capabilitiesFromProto = (capabilities: object | null | undefined): Array<string> =>
  Object.entries(capabilities ?? {}).filter(([, on]) => on === true).map(([name]) => name)

/**
 * A `NamespaceDescription` from a `DescribeNamespaceResponse`, an
 * `UpdateNamespaceResponse` or an entry of `ListNamespacesResponse`.
 *
 * @internal
 */
export const namespaceDescriptionFromProto = (
  response: temporal.api.workflowservice.v1.IDescribeNamespaceResponse
): NamespaceDescription => {
  const info = response.namespaceInfo ?? {}
  const config = response.config ?? {}
  const replication = response.replicationConfig ?? {}
  const fields: Mutable<ConstructorParameters<typeof NamespaceDescription>[0]> = {
    name: info.name ?? "",
    id: info.id ?? "",
    data: { ...info.data },
    customSearchAttributeAliases: { ...config.customSearchAttributeAliases },
    badBinaries: Object.fromEntries(
      Object.entries(config.badBinaries?.binaries ?? {}).map(([checksum, bad]) => [checksum, badBinaryFromProto(bad)])
    ),
    isGlobalNamespace: response.isGlobalNamespace ?? false,
    clusters: (replication.clusters ?? []).map((cluster) => cluster.clusterName ?? ""),
    failoverVersion: int64ToNumber(response.failoverVersion),
    failoverHistory: (response.failoverHistory ?? []).map(failoverFromProto),
    capabilities: capabilitiesFromProto(info.capabilities),
    limits: limitsFromProto(info.limits),
    supportsSchedules: info.supportsSchedules ?? false,
    rawDescription: response
  }
  const state = namespaceStates.get(enumNumber(info.state, Enums.NamespaceState))
  if (state !== undefined) fields.state = state
  const description = nonEmpty(info.description)
  if (description !== undefined) fields.description = description
  const ownerEmail = nonEmpty(info.ownerEmail)
  if (ownerEmail !== undefined) fields.ownerEmail = ownerEmail
  const retention = durationFromProto(config.workflowExecutionRetentionTtl)
  if (retention !== undefined) fields.retention = retention
  const historyArchivalState = archivalStates.get(enumNumber(config.historyArchivalState, Enums.ArchivalState))
  if (historyArchivalState !== undefined) fields.historyArchivalState = historyArchivalState
  const historyArchivalUri = nonEmpty(config.historyArchivalUri)
  if (historyArchivalUri !== undefined) fields.historyArchivalUri = historyArchivalUri
  const visibilityArchivalState = archivalStates.get(enumNumber(config.visibilityArchivalState, Enums.ArchivalState))
  if (visibilityArchivalState !== undefined) fields.visibilityArchivalState = visibilityArchivalState
  const visibilityArchivalUri = nonEmpty(config.visibilityArchivalUri)
  if (visibilityArchivalUri !== undefined) fields.visibilityArchivalUri = visibilityArchivalUri
  const activeClusterName = nonEmpty(replication.activeClusterName)
  if (activeClusterName !== undefined) fields.activeClusterName = activeClusterName
  const replicationState = replicationStates.get(enumNumber(replication.state, Enums.ReplicationState))
  if (replicationState !== undefined) fields.replicationState = replicationState
  // Built from a decoded proto: the fields are right by construction.
  return new NamespaceDescription(fields, { disableChecks: true })
}

/** A search attribute map with the types this client knows, name → type. */
const typedAttributes = (
  attributes: Readonly<Record<string, temporal.api.enums.v1.IndexedValueType | number | string>> | null | undefined
): Record<string, SearchAttributeType> => {
  const typed: Record<string, SearchAttributeType> = {}
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const type = searchAttributeTypes.get(enumNumber(value, Enums.IndexedValueType))
    if (type !== undefined) typed[name] = type
  }
  return typed
}

/**
 * A `NamespaceSearchAttributes` from a `ListSearchAttributesResponse`.
 *
 * @internal
 */
export const searchAttributesFromProto = (
  namespace: string,
  response: temporal.api.operatorservice.v1.IListSearchAttributesResponse
): NamespaceSearchAttributes =>
  new NamespaceSearchAttributes({
    namespace,
    custom: typedAttributes(response.customAttributes),
    system: typedAttributes(response.systemAttributes),
    storageSchema: { ...response.storageSchema },
    rawResponse: response
  }, { disableChecks: true })
