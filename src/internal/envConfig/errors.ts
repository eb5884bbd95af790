/**
 * The errors of the env config: every problem is a `Config.ConfigError`,
 * whose path names the TOML key or the variable at fault.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { summarizeIssue } from "../validation.js"

const atPath = (path: ReadonlyArray<PropertyKey>, issue: SchemaIssue.Issue): Config.ConfigError =>
  new Config.ConfigError(new Schema.SchemaError(path.length === 0 ? issue : new SchemaIssue.Pointer(path, issue)))

/**
 * A configuration value that is wrong: its message, at its path.
 *
 * @internal
 */
export const invalidData = (path: ReadonlyArray<PropertyKey>, message: string): Config.ConfigError =>
  atPath(path, new SchemaIssue.InvalidValue({ message }))

/**
 * A configuration value that is required and missing: its message, at its path.
 *
 * @internal
 */
export const missingData = (path: ReadonlyArray<PropertyKey>, message: string): Config.ConfigError =>
  atPath(path, new SchemaIssue.MissingKey({ messageMissingKey: message }))

/**
 * A configuration source that cannot be read.
 *
 * @internal
 */
export const sourceUnavailable = (message: string, cause: unknown): Config.ConfigError =>
  new Config.ConfigError(new ConfigProvider.SourceError({ message, cause }))

const standardIssues = SchemaIssue.makeFormatterStandardSchemaV1()

/** The path of the first problem a Schema found, as keys. */
const firstIssuePath = (issue: SchemaIssue.Issue): ReadonlyArray<PropertyKey> =>
  (standardIssues(issue).issues[0]?.path ?? []).map((segment) =>
    typeof segment === "object" && segment !== null ? segment.key : segment
  )

/**
 * The `InvalidData` error of a value that does not decode: at the path of
 * the first problem, a message naming that path and where the value came
 * from (`origin`: a file path, or `config data`).
 *
 * @internal
 */
export const invalidDataFromSchemaError = (error: Schema.SchemaError, origin: string): Config.ConfigError => {
  const { message, path } = summarizeIssue(error)
  const where = path === "" ? "" : `${path}: `
  return invalidData(firstIssuePath(error.issue), `${where}${message} (in ${origin})`)
}
