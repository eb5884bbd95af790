/**
 * Workflow histories as JSON, in the form every Temporal tool reads and
 * writes: the proto3 JSON mapping of `temporal.api.history.v1.History`
 * (`{ "events": [...] }`, int64 values as strings, enums by their full names
 * such as `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED`, timestamps as RFC 3339
 * text, durations as `"1.5s"`, bytes as base64). That is what
 * `temporal workflow show --output json` prints, what the Web UI downloads
 * and what the official SDKs' replayers load.
 *
 * ```ts
 * const events = yield* Stream.runCollect(handle.fetchHistory())
 * const json = WorkflowHistory.toJson(events)
 * const back = yield* WorkflowHistory.fromJson(json)
 * ```
 *
 * @since 0.1.0
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import { protojson, root } from "../internal/proto/root.js"
import { InvalidArgumentError } from "./TemporalError.js"

/**
 * One history event, as `fetchHistory` gives it.
 *
 * @since 0.1.0
 * @category models
 */
export type HistoryEvent = temporal.api.history.v1.HistoryEvent

/**
 * A history event as plain fields (what `toJson` accepts besides decoded
 * events).
 *
 * @since 0.1.0
 * @category models
 */
export type HistoryEventInput = temporal.api.history.v1.IHistoryEvent

/**
 * Options of {@link toJson}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ToJsonOptions {
  /** Indentation, as `JSON.stringify`'s `space`. Default 2 (as the CLI prints it); 0 for one line. */
  readonly space?: number | undefined
}

const historyType = () => root().lookupType("temporal.api.history.v1.History")

/**
 * The proto3 JSON value of a history: `{ events: [...] }` with every field in
 * its JSON form (see the module's description).
 *
 * @since 0.1.0
 * @category encoding
 */
export const toJsonValue = (events: Iterable<HistoryEventInput>): { readonly events: ReadonlyArray<unknown> } => {
  const type = historyType()
  const message = type.fromObject({ events: Array.from(events) })
  const value = protojson().toJson(type, message) as { events?: ReadonlyArray<unknown> } | null
  return { events: value?.events ?? [] }
}

/**
 * A history as JSON text, in the form the Temporal CLI, the Web UI and the
 * official SDKs use.
 *
 * @since 0.1.0
 * @category encoding
 */
export const toJson = (events: Iterable<HistoryEventInput>, options: ToJsonOptions = {}): string =>
  JSON.stringify(toJsonValue(events), null, options.space ?? 2)

// Older tools (tctl, early SDK releases) wrote enum values in PascalCase
// without their prefix (`"eventType": "WorkflowExecutionStarted"`); the
// official SDKs still read those, and so do we.
const pascalCaseToConstantCase = (s: string): string => s.replace(/[^\b][A-Z]/g, (m) => `${m[0]}_${m[1]}`).toUpperCase()

type JsonObject = Record<string, unknown>

const isObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u)

const fixEnum = (object: JsonObject, field: string, prefix: string): JsonObject => {
  const value = object[field]
  if (typeof value !== "string" || value.startsWith(prefix)) return object
  return { ...object, [field]: `${prefix}_${pascalCaseToConstantCase(value)}` }
}

const fixEvent = (event: unknown): unknown => {
  if (!isObject(event)) return event
  let out = fixEnum(event, "eventType", "EVENT_TYPE")
  const attributesKey = Object.keys(out).find((key) => key.endsWith("EventAttributes"))
  if (attributesKey !== undefined && isObject(out[attributesKey])) {
    let attributes = out[attributesKey] as JsonObject
    if (isObject(attributes["taskQueue"])) {
      attributes = { ...attributes, taskQueue: fixEnum(attributes["taskQueue"], "kind", "TASK_QUEUE_KIND") }
    }
    attributes = fixEnum(attributes, "parentClosePolicy", "PARENT_CLOSE_POLICY")
    attributes = fixEnum(attributes, "workflowIdReusePolicy", "WORKFLOW_ID_REUSE_POLICY")
    attributes = fixEnum(attributes, "initiator", "CONTINUE_AS_NEW_INITIATOR")
    attributes = fixEnum(attributes, "retryState", "RETRY_STATE")
    if (isObject(attributes["childWorkflowExecutionFailureInfo"])) {
      attributes = {
        ...attributes,
        childWorkflowExecutionFailureInfo: fixEnum(
          attributes["childWorkflowExecutionFailureInfo"],
          "retryState",
          "RETRY_STATE"
        )
      }
    }
    out = { ...out, [attributesKey]: attributes }
  }
  return out
}

const invalid = (reason: string, cause?: unknown) =>
  new InvalidArgumentError({ field: "history", reason, ...(cause !== undefined ? { cause } : {}) })

/**
 * Read a history from JSON text (or an already-parsed JSON value) in the form
 * {@link toJson} writes and the Temporal CLI prints. Unknown fields (from a
 * newer server) are ignored; PascalCase enum values of older tools are
 * accepted. Fails with `InvalidArgumentError` (field `history`) when the
 * input is not such a history.
 *
 * @since 0.1.0
 * @category decoding
 */
export const fromJson = (json: string | unknown): Effect.Effect<ReadonlyArray<HistoryEvent>, InvalidArgumentError> =>
  Effect.suspend(() => {
    let value: unknown = json
    if (typeof json === "string") {
      try {
        value = JSON.parse(json)
      } catch (cause) {
        return Effect.fail(invalid("is not JSON", cause))
      }
    }
    if (!isObject(value) || !Array.isArray(value["events"])) {
      return Effect.fail(invalid("must be an object with an `events` array"))
    }
    try {
      const type = historyType()
      const parsed = protojson().fromJson(type, { events: value["events"].map(fixEvent) }, {
        ignoreUnknownFields: true
      })
      // Through the wire form, so the events are the same decoded messages `fetchHistory` gives.
      const message = type.decode(type.encode(parsed).finish()) as unknown as temporal.api.history.v1.History
      return Effect.succeed(message.events as unknown as ReadonlyArray<HistoryEvent>)
    } catch (cause) {
      return Effect.fail(
        invalid(`is not a valid history: ${cause instanceof Error ? cause.message : String(cause)}`, cause)
      )
    }
  })
