/**
 * What the server says about namespaces: descriptions
 * (`NamespaceDescription`, with state, retention and archival decoded) and
 * a namespace's search attributes (`NamespaceSearchAttributes`), plus the
 * enums they use.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Schema from "effect/Schema"
import { ProtoMessage } from "./Common/protoMessage.js"
import { SearchAttributeKey, SearchAttributeType } from "./SearchAttributes.js"

/**
 * The state of a namespace: `"Registered"` (in use), `"Deprecated"` (no
 * new executions) or `"Deleted"`.
 *
 * @since 1.0.0
 * @category enums
 */
export const NamespaceState = Schema.Literals(["Registered", "Deprecated", "Deleted"]).annotate({
  identifier: "NamespaceState"
})

/**
 * @since 1.0.0
 * @category enums
 */
export type NamespaceState = typeof NamespaceState.Type

/**
 * Whether history or visibility archival is on for a namespace.
 *
 * @since 1.0.0
 * @category enums
 */
export const ArchivalState = Schema.Literals(["Disabled", "Enabled"]).annotate({ identifier: "ArchivalState" })

/**
 * @since 1.0.0
 * @category enums
 */
export type ArchivalState = typeof ArchivalState.Type

/**
 * The replication state of a global namespace: `"Normal"`, or
 * `"Handover"` while it fails over to another cluster.
 *
 * @since 1.0.0
 * @category enums
 */
export const ReplicationState = Schema.Literals(["Normal", "Handover"]).annotate({ identifier: "ReplicationState" })

/**
 * @since 1.0.0
 * @category enums
 */
export type ReplicationState = typeof ReplicationState.Type

/**
 * Schema of the raw `DescribeNamespaceResponse` message (an
 * `UpdateNamespaceResponse` has the same fields but the failover history).
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawDescribeNamespaceResponse: Schema.Codec<
  temporal.api.workflowservice.v1.IDescribeNamespaceResponse
> = ProtoMessage("temporal.api.workflowservice.v1.DescribeNamespaceResponse")

/**
 * Schema of the raw `ListSearchAttributesResponse` message.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RawListSearchAttributesResponse: Schema.Codec<
  temporal.api.operatorservice.v1.IListSearchAttributesResponse
> = ProtoMessage("temporal.api.operatorservice.v1.ListSearchAttributesResponse")

/**
 * A binary checksum marked bad in a namespace: workflow tasks from workers
 * with this checksum are failed.
 *
 * @since 1.0.0
 * @category models
 */
export class NamespaceBadBinary extends Schema.Class<NamespaceBadBinary>("effect-temporal/NamespaceBadBinary")({
  /** Why the binary was marked bad. */
  reason: Schema.String,
  /** Who marked it. */
  operator: Schema.String,
  /** When it was marked. */
  createTime: Schema.optional(Schema.Date)
}) {}

/**
 * One failover of a global namespace.
 *
 * @since 1.0.0
 * @category models
 */
export class NamespaceFailover extends Schema.Class<NamespaceFailover>("effect-temporal/NamespaceFailover")({
  /** When the failover happened. */
  failoverTime: Schema.optional(Schema.Date),
  /** The failover version it set. */
  failoverVersion: Schema.Number
}) {}

/**
 * Size limits the server enforces in a namespace, in bytes (absent when the
 * server does not report them).
 *
 * @since 1.0.0
 * @category models
 */
export class NamespaceLimits extends Schema.Class<NamespaceLimits>("effect-temporal/NamespaceLimits")({
  /** Largest payload blob before the server fails the request. */
  blobSizeLimitError: Schema.optional(Schema.Number),
  /** Largest memo before the server fails the request. */
  memoSizeLimitError: Schema.optional(Schema.Number),
  /** Largest workflow task completion before the server fails it. */
  workflowTaskCompletionSizeLimitError: Schema.optional(Schema.Number)
}) {}

/**
 * A namespace as described, listed, or answered by an update.
 *
 * @since 1.0.0
 * @category models
 */
export class NamespaceDescription extends Schema.Class<NamespaceDescription>("effect-temporal/NamespaceDescription")({
  /** The namespace's name. */
  name: Schema.String,
  /** The namespace's ID (a UUID the server assigned). */
  id: Schema.String,
  /** Its state (absent when the server sends one this client does not know). */
  state: Schema.optional(NamespaceState),
  /** Its description, when it has one. */
  description: Schema.optional(Schema.String),
  /** Its owner's email, when it has one. */
  ownerEmail: Schema.optional(Schema.String),
  /** Free-form key–value data attached to it. */
  data: Schema.Record(Schema.String, Schema.String),
  /** How long closed workflow executions are kept. */
  retention: Schema.optional(Schema.Duration),
  /** Whether history archival is on. */
  historyArchivalState: Schema.optional(ArchivalState),
  /** Where histories are archived, when archival was ever configured. */
  historyArchivalUri: Schema.optional(Schema.String),
  /** Whether visibility archival is on. */
  visibilityArchivalState: Schema.optional(ArchivalState),
  /** Where visibility records are archived, when archival was ever configured. */
  visibilityArchivalUri: Schema.optional(Schema.String),
  /** Custom search attributes by the field they are stored in (SQL visibility), field → name. */
  customSearchAttributeAliases: Schema.Record(Schema.String, Schema.String),
  /** Binary checksums marked bad, by checksum. */
  badBinaries: Schema.Record(Schema.String, NamespaceBadBinary),
  /** Whether it is a global (replicated) namespace. */
  isGlobalNamespace: Schema.Boolean,
  /** The cluster where it is active, when the server reports one. */
  activeClusterName: Schema.optional(Schema.String),
  /** The clusters it is replicated to. */
  clusters: Schema.Array(Schema.String),
  /** Its replication state (absent when the server reports none). */
  replicationState: Schema.optional(ReplicationState),
  /** Its failover version. */
  failoverVersion: Schema.Number,
  /** Its failovers, newest first (described namespaces only). */
  failoverHistory: Schema.Array(NamespaceFailover),
  /**
   * What the server supports in it, by the proto's field names
   * (`eagerWorkflowStart`, `syncUpdate`, `standaloneActivities`, ...): the
   * capabilities it reports as on.
   */
  capabilities: Schema.Array(Schema.String),
  /** Size limits the server enforces in it. */
  limits: NamespaceLimits,
  /** Whether it supports schedules. */
  supportsSchedules: Schema.Boolean,
  /** The raw response message. */
  rawDescription: RawDescribeNamespaceResponse
}) {}

/**
 * The search attributes of a namespace: the custom ones (added with
 * `addSearchAttributes`) and the system ones, each with its type.
 *
 * @since 1.0.0
 * @category models
 */
export class NamespaceSearchAttributes
  extends Schema.Class<NamespaceSearchAttributes>("effect-temporal/NamespaceSearchAttributes")({
    /** The namespace they belong to. */
    namespace: Schema.String,
    /** Custom search attributes, name → type (attributes of a type this client does not know are left out). */
    custom: Schema.Record(Schema.String, SearchAttributeType),
    /** System search attributes, name → type (attributes of a type this client does not know are left out). */
    system: Schema.Record(Schema.String, SearchAttributeType),
    /** The storage mapping, name → storage type, when the server reports it (Elasticsearch). */
    storageSchema: Schema.Record(Schema.String, Schema.String),
    /** The raw response message. */
    rawResponse: RawListSearchAttributesResponse
  })
{
  /** The custom search attributes as typed keys, to read and write their values. */
  get customKeys(): ReadonlyArray<SearchAttributeKey> {
    return Object.entries(this.custom).map(([name, type]) => SearchAttributeKey.make(name, type))
  }
}
