/**
 * Errors of turning values into payloads and back: the converter, codecs,
 * Schemas, and the server's payload size limit.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * A value could not be converted to or from a payload.
 *
 * @since 0.1.0
 * @category errors
 */
export class DataConverterError extends Schema.TaggedError<DataConverterError>()(
  "DataConverterError",
  {
    /** The payload encoding involved (e.g. `json/plain`), when known. */
    encoding: Schema.optional(Schema.String),
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Data conversion failed${this.encoding ? ` (${this.encoding})` : ""}: ${this.reason}`
  }
}

/**
 * A payload codec failed to encode or decode.
 *
 * @since 0.1.0
 * @category errors
 */
export class PayloadCodecError extends Schema.TaggedError<PayloadCodecError>()(
  "PayloadCodecError",
  {
    codec: Schema.String,
    operation: Schema.Literals(["encode", "decode"]),
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Codec ${this.codec} failed to ${this.operation}: ${this.reason}`
  }
}

/**
 * A payload decoded, but its value does not match the Schema it was read
 * with. `path` names where it failed.
 *
 * @since 0.1.0
 * @category errors
 */
export class SchemaDecodeError extends Schema.TaggedError<SchemaDecodeError>()(
  "SchemaDecodeError",
  {
    path: Schema.String,
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Value at ${this.path || "<root>"} does not match its schema: ${this.reason}`
  }
}

/**
 * A payload is larger than the server accepts (2 MiB by default).
 *
 * @since 0.1.0
 * @category errors
 */
export class PayloadTooLargeError extends Schema.TaggedError<PayloadTooLargeError>()("PayloadTooLargeError", {
  size: Schema.Number,
  limit: Schema.Number,
  /** Where the payload was going, e.g. `StartWorkflowExecution.input`. */
  location: Schema.String
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Payload of ${this.size} bytes in ${this.location} exceeds the ${this.limit}-byte limit`
  }
}
