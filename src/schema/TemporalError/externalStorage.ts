/**
 * The error of external payload storage: a storage driver failed, or a
 * reference payload could not be written or resolved.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./base.js"

/**
 * Storing a payload externally, or retrieving a stored one, failed: the
 * driver failed, no driver is registered under the name a reference payload
 * names, a driver returned the wrong number of claims or payloads, or a
 * reference payload is malformed.
 *
 * @since 1.0.0
 * @category errors
 */
export class ExternalStorageError extends Schema.TaggedError<ExternalStorageError>()(
  "ExternalStorageError",
  {
    /** The name of the storage driver involved, when known. */
    driver: Schema.optional(Schema.String),
    /** `store` on the way to the server, `retrieve` on the way back. */
    operation: Schema.Literals(["store", "retrieve"]),
    /** What went wrong. */
    reason: Schema.String,
    /** The underlying error, when there is one. */
    cause: Schema.optional(Schema.Defect())
  }
) {
  /** @since 1.0.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 1.0.0 */
  override get message(): string {
    return `External storage ${this.operation} failed${
      this.driver === undefined ? "" : ` (driver ${this.driver})`
    }: ${this.reason}`
  }
}
