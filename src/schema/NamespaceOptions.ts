/**
 * Options of the namespace operations: how to register, update and list
 * namespaces, and which custom search attributes to add or remove. Each is
 * checked by a Schema before any RPC; a bad value fails with
 * `InvalidArgumentError` naming its field.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { PositiveDuration } from "./Common/duration.js"
import { Count, oneOf, optionalField, PageSize, recordOf, RequiredString, RpcOptionsFields } from "./Common/fields.js"
import type { RpcOptions } from "./Common/rpc.js"
import { malformedStringReason, WellFormedString } from "./Common/strings.js"
import type { ArchivalState, NamespaceState } from "./Namespace.js"
import { type SearchAttributeKey, SearchAttributeType } from "./SearchAttributes.js"

const archivalStates = oneOf(["Disabled", "Enabled"])
const StringRecord = recordOf(Predicate.isString, "a string")
const ClusterNames = Schema.Array(RequiredString)

/**
 * Archival settings of a namespace, at registration or update.
 *
 * @since 1.0.0
 * @category models
 */
export interface NamespaceArchivalOptions {
  /** Turn history archival on or off. */
  readonly historyArchivalState?: ArchivalState | undefined
  /** Where to archive histories, e.g. `file:///tmp/archive` (set once; it cannot change later). */
  readonly historyArchivalUri?: string | undefined
  /** Turn visibility archival on or off. */
  readonly visibilityArchivalState?: ArchivalState | undefined
  /** Where to archive visibility records (set once; it cannot change later). */
  readonly visibilityArchivalUri?: string | undefined
}

const archivalFields = {
  /**
   * Turn history archival on or off (closed workflows' histories copied to
   * `historyArchivalUri`). Default: the server's.
   */
  historyArchivalState: optionalField(archivalStates),
  /** Where to archive histories, e.g. `file:///tmp/archive` (set once; it cannot change later). */
  historyArchivalUri: optionalField(WellFormedString),
  /** Turn visibility archival on or off (closed workflows' visibility records). Default: the server's. */
  visibilityArchivalState: optionalField(archivalStates),
  /** Where to archive visibility records (set once; it cannot change later). */
  visibilityArchivalUri: optionalField(WellFormedString)
}

/**
 * How to register a namespace. `retention` is required, as the server
 * requires it.
 *
 * @since 1.0.0
 * @category models
 */
export interface RegisterNamespaceOptions extends NamespaceArchivalOptions, RpcOptions {
  /** How long closed workflow executions are kept (servers refuse less than a day by default). */
  readonly retention: Duration.Input
  /** A description. */
  readonly description?: string | undefined
  /** The owner's email. */
  readonly ownerEmail?: string | undefined
  /** Free-form key–value data to attach. */
  readonly data?: Readonly<Record<string, string>> | undefined
  /** Register a global (replicated) namespace. Default: a local one. */
  readonly isGlobalNamespace?: boolean | undefined
  /** The clusters a global namespace is replicated to. */
  readonly clusters?: ReadonlyArray<string> | undefined
  /** The cluster where a global namespace is active. */
  readonly activeClusterName?: string | undefined
}

/**
 * The Schema that checks {@link RegisterNamespaceOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const RegisterNamespaceOptionsSchema = Schema.Struct({
  /** How long closed workflow executions are kept (servers refuse less than a day by default). */
  retention: PositiveDuration.annotateKey({ messageMissingKey: "is required" }),
  /** A description. */
  description: optionalField(WellFormedString),
  /** The owner's email. */
  ownerEmail: optionalField(WellFormedString),
  /** Free-form key–value data to attach. */
  data: optionalField(StringRecord),
  /** Register a global (replicated) namespace. Default: a local one. */
  isGlobalNamespace: optionalField(Schema.Boolean),
  /** The clusters a global namespace is replicated to. */
  clusters: optionalField(ClusterNames),
  /** The cluster where a global namespace is active. */
  activeClusterName: optionalField(RequiredString),
  ...archivalFields,
  ...RpcOptionsFields
}).annotate({ identifier: "RegisterNamespaceOptions" })

/**
 * Registration options once checked: the retention decoded to a `Duration`.
 *
 * @since 1.0.0
 * @category models
 */
export interface CheckedRegisterNamespaceOptions extends Schema.Schema.Type<typeof RegisterNamespaceOptionsSchema> {}

/**
 * What to change in a namespace: only the fields given change. `data` is
 * merged into the namespace's data (keys given replace theirs; no key is
 * removed).
 *
 * @since 1.0.0
 * @category models
 */
export interface UpdateNamespaceOptions extends NamespaceArchivalOptions, RpcOptions {
  /** A new description. */
  readonly description?: string | undefined
  /** A new owner email. */
  readonly ownerEmail?: string | undefined
  /** Key–value data to merge into the namespace's. */
  readonly data?: Readonly<Record<string, string>> | undefined
  /** A new state, e.g. `"Deprecated"` (the server refuses transitions it does not allow). */
  readonly state?: NamespaceState | undefined
  /** A new retention for closed workflow executions. */
  readonly retention?: Duration.Input | undefined
  /** The cluster where a global namespace is active (a failover). */
  readonly activeClusterName?: string | undefined
  /** The clusters a global namespace is replicated to. */
  readonly clusters?: ReadonlyArray<string> | undefined
  /** Make a local namespace global. */
  readonly promoteNamespace?: boolean | undefined
  /** A bad binary checksum to unmark. */
  readonly deleteBadBinary?: string | undefined
}

/** The fields of {@link UpdateNamespaceOptions} that change something. */
const updatableFields = [
  "description",
  "ownerEmail",
  "data",
  "state",
  "retention",
  "historyArchivalState",
  "historyArchivalUri",
  "visibilityArchivalState",
  "visibilityArchivalUri",
  "activeClusterName",
  "clusters",
  "promoteNamespace",
  "deleteBadBinary"
] as const

/**
 * The Schema that checks {@link UpdateNamespaceOptions}: at least one field
 * to change.
 *
 * @since 1.0.0
 * @category schemas
 */
export const UpdateNamespaceOptionsSchema = Schema.Struct({
  /** A new description. */
  description: optionalField(WellFormedString),
  /** A new owner email. */
  ownerEmail: optionalField(WellFormedString),
  /** Key–value data to merge into the namespace's. */
  data: optionalField(StringRecord),
  /** A new state, e.g. `"Deprecated"` (the server refuses transitions it does not allow). */
  state: optionalField(oneOf(["Registered", "Deprecated", "Deleted"])),
  /** A new retention for closed workflow executions. */
  retention: optionalField(PositiveDuration, "a Duration.Input"),
  /** The cluster where a global namespace is active (a failover). */
  activeClusterName: optionalField(RequiredString),
  /** The clusters a global namespace is replicated to. */
  clusters: optionalField(ClusterNames),
  /** Make a local namespace global. */
  promoteNamespace: optionalField(Schema.Boolean),
  /** A bad binary checksum to unmark. */
  deleteBadBinary: optionalField(RequiredString),
  ...archivalFields,
  ...RpcOptionsFields
}).check(
  Schema.makeFilter((options) =>
    updatableFields.some((field) => options[field] !== undefined) ||
    `needs at least one of ${updatableFields.join(", ")}`
  )
).annotate({ identifier: "UpdateNamespaceOptions" })

/**
 * Update options once checked: the retention decoded to a `Duration`.
 *
 * @since 1.0.0
 * @category models
 */
export interface CheckedUpdateNamespaceOptions extends Schema.Schema.Type<typeof UpdateNamespaceOptionsSchema> {}

/**
 * Options of `listNamespaces`, a `Stream` of every namespace.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListNamespacesOptions extends RpcOptions {
  /** Namespaces per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** Stop after this many namespaces. A non-negative integer. */
  readonly limit?: number | undefined
  /** List deleted namespaces too. Default `false`. */
  readonly includeDeleted?: boolean | undefined
}

/**
 * Options of `listNamespacesPage`, one page of namespaces.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListNamespacesPageOptions extends RpcOptions {
  /** Namespaces per page (server default when absent). A positive 32-bit integer. */
  readonly pageSize?: number | undefined
  /** The token of the page to read (from the previous page). */
  readonly nextPageToken?: Uint8Array | undefined
  /** List deleted namespaces too. Default `false`. */
  readonly includeDeleted?: boolean | undefined
}

/**
 * The Schema that checks {@link ListNamespacesOptions} and
 * {@link ListNamespacesPageOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const ListNamespacesOptionsSchema = Schema.Struct({
  /** Namespaces per page (server default when absent). A positive 32-bit integer. */
  pageSize: optionalField(PageSize),
  /** Stop after this many namespaces. A non-negative integer. */
  limit: optionalField(Count),
  /** The token of the page to read, from the previous page (one-page reads only). Absent: the first page. */
  nextPageToken: optionalField(Schema.Uint8Array),
  /** List deleted namespaces too. Default `false`. */
  includeDeleted: optionalField(Schema.Boolean),
  ...RpcOptionsFields
}).annotate({ identifier: "ListNamespacesOptions" })

/**
 * Options of the search attribute operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface SearchAttributeOptions extends RpcOptions {
  /** The namespace whose search attributes to read or change. Default: the client's. */
  readonly namespace?: string | undefined
}

/**
 * The Schema that checks {@link SearchAttributeOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SearchAttributeOptionsSchema = Schema.Struct({
  /** The namespace whose search attributes to read or change. Default: the client's. */
  namespace: optionalField(RequiredString),
  ...RpcOptionsFields
}).annotate({ identifier: "SearchAttributeOptions" })

/**
 * Custom search attributes to add: typed keys
 * (`[SearchAttributeKey.keyword("CustomerId")]`), or a record of names to
 * types (`{ CustomerId: "Keyword" }`).
 *
 * @since 1.0.0
 * @category models
 */
export type SearchAttributeDefinitions =
  | ReadonlyArray<SearchAttributeKey>
  | Readonly<Record<string, SearchAttributeType>>

const attributeType = oneOf(SearchAttributeType.literals)

const nonEmpty = Schema.makeFilter((value: object) =>
  Object.keys(value).length > 0 || "must name at least one search attribute"
)

/**
 * The Schema that checks {@link SearchAttributeDefinitions} given as typed
 * keys: each with a name and a known type, at least one.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SearchAttributeKeysSchema = Schema.Array(
  Schema.Struct({
    /** The search attribute's name, as visibility queries use it (non-empty). */
    name: RequiredString,
    /**
     * Its type, e.g. `"Keyword"`, `"Text"`, `"Int"`, `"Datetime"`: what values
     * it holds and how queries compare them.
     */
    type: attributeType
  })
).check(nonEmpty)

/**
 * The Schema that checks {@link SearchAttributeDefinitions} given as a
 * record of names to types: names non-empty and valid Unicode, types known,
 * at least one.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SearchAttributeTypesSchema = Schema.Record(Schema.String, attributeType).check(
  Schema.makeFilter((record: Readonly<Record<string, SearchAttributeType>>) => {
    for (const name of Object.keys(record)) {
      if (name === "") return { path: [name], issue: "name must not be empty" }
      const reason = malformedStringReason(name)
      if (reason !== undefined) return { path: [name], issue: `name ${reason}` }
    }
    return undefined
  }),
  nonEmpty
)

/**
 * The Schema that checks the names of search attributes to remove: each
 * non-empty and valid Unicode, at least one.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SearchAttributeNamesSchema = Schema.Array(RequiredString).check(nonEmpty)
