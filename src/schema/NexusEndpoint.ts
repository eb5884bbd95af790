/**
 * Nexus endpoints as the operator service stores them: a name, a target (a
 * task queue of a namespace, served by workers, or an external URL) and a
 * description; and the spec a user writes to create or change one.
 *
 * @since 1.0.0
 */
import type { temporal } from "@temporalio/proto"
import * as Schema from "effect/Schema"
import { Count, optionalField, PageSize, RequiredString, RpcOptionsFields } from "./Common/fields.js"
import { ProtoMessage } from "./Common/protoMessage.js"
import type { RpcOptions } from "./Common/rpc.js"
import { WellFormedString } from "./Common/strings.js"

/**
 * Where an endpoint routes operations: to the workers polling a task queue
 * of a namespace, or to an external Nexus server.
 *
 * @since 1.0.0
 * @category models
 */
export const NexusEndpointTarget = Schema.Union([
  Schema.TaggedStruct("Worker", {
    /** The namespace whose workers handle the operations. */
    namespace: RequiredString,
    /** The task queue they poll. */
    taskQueue: RequiredString
  }),
  Schema.TaggedStruct("External", {
    /** The external Nexus server's URL. */
    url: RequiredString
  })
]).annotate({ identifier: "NexusEndpointTarget" })

/**
 * @since 1.0.0
 * @category models
 */
export type NexusEndpointTarget = typeof NexusEndpointTarget.Type

/** Endpoint names as the server accepts them: a letter first, then letters, digits, `-` and `_`. */
const endpointName = /^[a-zA-Z][a-zA-Z0-9_-]*$/

/**
 * What a user writes to create or change an endpoint.
 *
 * @since 1.0.0
 * @category models
 */
export const NexusEndpointSpec = Schema.Struct({
  /** The endpoint's name, unique in the cluster: a letter, then letters, digits, `-` or `_`. */
  name: RequiredString.check(
    Schema.makeFilter((name) =>
      endpointName.test(name) || "must start with a letter and hold only letters, digits, - and _"
    )
  ),
  /** Where operations go. */
  target: NexusEndpointTarget,
  /** A description (Markdown), stored as a payload. */
  description: optionalField(WellFormedString, "a string")
}).annotate({ identifier: "NexusEndpointSpec" })

/**
 * @since 1.0.0
 * @category models
 */
export interface NexusEndpointSpec extends Schema.Schema.Type<typeof NexusEndpointSpec> {}

/**
 * An endpoint spec as a user writes it (the encoded side of `NexusEndpointSpec`).
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusEndpointSpecInput extends Schema.Codec.Encoded<typeof NexusEndpointSpec> {}

/**
 * Options of `listEndpoints`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ListNexusEndpointsOptions extends RpcOptions {
  /** Only the endpoint with this name. */
  readonly name?: string | undefined
  /** Endpoints per page (server default when absent). */
  readonly pageSize?: number | undefined
  /** Stop after this many. */
  readonly limit?: number | undefined
}

/**
 * The Schema that checks {@link ListNexusEndpointsOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedListNexusEndpointsOptions = Schema.Struct({
  /** Only the endpoint with this name. */
  name: optionalField(WellFormedString, "a string"),
  /** Endpoints per page (server default when absent). */
  pageSize: optionalField(PageSize, "a positive integer"),
  /** Stop after this many. */
  limit: optionalField(Count, "a non-negative integer"),
  ...RpcOptionsFields
}).annotate({ identifier: "ListNexusEndpointsOptions" })

const RawEndpoint: Schema.Codec<temporal.api.nexus.v1.IEndpoint> = ProtoMessage("temporal.api.nexus.v1.Endpoint")

/**
 * A Nexus endpoint as stored.
 *
 * @since 1.0.0
 * @category models
 */
export class NexusEndpoint extends Schema.Class<NexusEndpoint>("effect-temporal/NexusEndpoint")({
  /** The server-assigned ID. */
  id: Schema.String,
  /** The version, bumped by each change (an update or delete names the version it read). */
  version: Schema.Number,
  /** The name operations are sent to. */
  name: Schema.String,
  /** Where operations go. */
  target: NexusEndpointTarget,
  /** The description, decoded (when it is text). */
  description: Schema.optional(Schema.String),
  /** When it was created. */
  createdTime: Schema.optional(Schema.Date),
  /** When it last changed. */
  lastModifiedTime: Schema.optional(Schema.Date),
  /** The URL prefix to reach it from outside the cluster. */
  urlPrefix: Schema.optional(Schema.String),
  /** The raw `temporal.api.nexus.v1.Endpoint` message. */
  rawEndpoint: RawEndpoint
}) {}
