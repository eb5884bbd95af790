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
    /**
     * What went wrong, e.g. `Unknown protobuf message type acme.Nope: no root
     * given knows it`, or no converter for the value or encoding.
     */
    reason: Schema.String,
    /** The error the converter met (a JSON or protobuf error, a converter's own), when there is one. */
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
    /** The codec that failed, e.g. `zlib`, `aes-256-gcm`, or the name of your own. */
    codec: Schema.String,
    /** Whether it failed encoding payloads (on the way to the server) or decoding them (on the way back). */
    operation: Schema.Literals(["encode", "decode"]),
    /** What went wrong, e.g. a wrong key or corrupt data. */
    reason: Schema.String,
    /** The error the codec failed with, when there is one. */
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
    /** Where in the value the first mismatch is, as a path like `items[0].name` (`""` for the value itself). */
    path: Schema.String,
    /** What does not match, as the Schema's issue says it. */
    reason: Schema.String,
    /** The Schema's `SchemaError`, with every issue. */
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
  /** The encoded size of the payloads of that request field, together, in bytes (after the codecs). */
  size: Schema.Number,
  /**
   * The limit in bytes it exceeds (`payloadLimits.errorBytes` of the
   * `DataConverter`, default 2 MiB, the server's own default).
   */
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
