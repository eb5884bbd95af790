/**
 * Options of standalone Nexus operations: how to start one, and how to
 * describe one. Each is checked by a Schema before any RPC; a bad value
 * fails with `InvalidArgumentError` naming its field.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { PositiveDuration } from "./Common/duration.js"
import { optionalField, recordOf, RequiredString, RpcOptionsFields } from "./Common/fields.js"
import type { RpcOptions } from "./Common/rpc.js"
import { WellFormedString } from "./Common/strings.js"
import { NexusOperationIdConflictPolicy, NexusOperationIdReusePolicy } from "./NexusOperationExecution.js"
import type { SearchAttributesInput as SearchAttributesInputType } from "./SearchAttributes.js"
import { SearchAttributesInput } from "./TemporalSchedule/model.js"

/**
 * How to start a standalone Nexus operation. `id` is required, and so is
 * `scheduleToCloseTimeout`.
 *
 * @since 1.0.0
 * @category models
 */
export interface StartNexusOperationOptions extends RpcOptions {
  /** The operation ID, unique among the namespace's running operations. */
  readonly id: string
  /** Limit on the whole operation, retries included. */
  readonly scheduleToCloseTimeout: Duration.Input
  /** Limit on the wait for the handler to start it. */
  readonly scheduleToStartTimeout?: Duration.Input | undefined
  /** Limit on an asynchronous operation once started. */
  readonly startToCloseTimeout?: Duration.Input | undefined
  /** Whether the ID of a closed operation may be reused. Default (the server's): `AllowDuplicate`. */
  readonly idReusePolicy?: NexusOperationIdReusePolicy | undefined
  /** What to do when an operation with the ID is running. Default (the server's): `Fail`. */
  readonly idConflictPolicy?: NexusOperationIdConflictPolicy | undefined
  /** Search attributes of the operation execution, typed or untyped. */
  readonly searchAttributes?: SearchAttributesInputType | undefined
  /** A one-line summary shown in the UI. */
  readonly summary?: string | undefined
  /** Nexus headers sent to the handler. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** The request ID, for idempotent retries of the start. Default: a fresh UUID. */
  readonly requestId?: string | undefined
}

/**
 * The Schema that checks {@link StartNexusOperationOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedStartNexusOperationOptions = Schema.Struct({
  /** The operation ID, unique among the namespace's running operations. */
  id: RequiredString,
  /** Limit on the whole operation, retries included. */
  scheduleToCloseTimeout: PositiveDuration.annotateKey({ messageMissingKey: "is required" }),
  /** Limit on the wait for the handler to start it. */
  scheduleToStartTimeout: optionalField(PositiveDuration, "a positive Duration.Input"),
  /** Limit on an asynchronous operation once started. */
  startToCloseTimeout: optionalField(PositiveDuration, "a positive Duration.Input"),
  /** Whether the ID of a closed operation may be reused. Default (the server's): `AllowDuplicate`. */
  idReusePolicy: optionalField(NexusOperationIdReusePolicy),
  /** What to do when an operation with the ID is running. Default (the server's): `Fail`. */
  idConflictPolicy: optionalField(NexusOperationIdConflictPolicy),
  /** Search attributes of the operation execution, typed or untyped. */
  searchAttributes: optionalField(SearchAttributesInput),
  /** A one-line summary shown in the UI. */
  summary: optionalField(WellFormedString),
  /** Nexus headers sent to the handler. */
  headers: optionalField(recordOf(Predicate.isString, "a string")),
  /** The request ID, for idempotent retries of the start. Default: a fresh UUID. */
  requestId: optionalField(RequiredString),
  ...RpcOptionsFields
}).annotate({ identifier: "StartNexusOperationOptions" })

/**
 * Start options once checked: durations decoded.
 *
 * @since 1.0.0
 * @category models
 */
export interface CheckedStartNexusOperationOptions
  extends Schema.Schema.Type<typeof CheckedStartNexusOperationOptions>
{}

/**
 * What `describe()` asks the server to include besides the execution's
 * info. Each is off by default.
 *
 * @since 1.0.0
 * @category models
 */
export interface DescribeNexusOperationOptions extends RpcOptions {
  /** The decoded input. */
  readonly includeInput?: boolean | undefined
  /** The decoded output or failure, once closed. */
  readonly includeOutcome?: boolean | undefined
  /** The `longPollToken` of an earlier description: the server answers once the operation changed. */
  readonly longPollToken?: Uint8Array | undefined
}

/**
 * The Schema that checks {@link DescribeNexusOperationOptions}.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedDescribeNexusOperationOptions = Schema.Struct({
  /** Include the operation's decoded input in the description (default `false`). */
  includeInput: optionalField(Schema.Boolean),
  /** Include the decoded output or failure of a closed operation (default `false`). */
  includeOutcome: optionalField(Schema.Boolean),
  /** The `longPollToken` of an earlier description: the server answers once the operation changed. */
  longPollToken: optionalField(Schema.Uint8Array),
  ...RpcOptionsFields
}).annotate({ identifier: "DescribeNexusOperationOptions" })
