/**
 * Input checked by a Schema, and a Schema issue told to the user: the one
 * place where a parse issue becomes a field path and a message, and an
 * `InvalidArgumentError` naming that field.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { InvalidArgumentError } from "../schema/TemporalError.js"

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * A field path as text: `retry.maximumAttempts`, `args[0].items[2]`,
 * `headers["x-y"]`.
 *
 * @internal
 */
export const formatFieldPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`
    else if (typeof segment === "symbol") out += `[${String(segment)}]`
    else if (identifier.test(segment)) out += out === "" ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}

/** One problem a Schema found: where, and what. @internal */
export interface IssueSummary {
  /** The path of the first problem, with `prefix` in front. */
  readonly path: string
  /** The first problem's message, with a count of the others. */
  readonly message: string
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The first problem of a Schema failure (with how many more there are),
 * its path under `prefix`.
 *
 * @internal
 */
export const summarizeIssue = (
  failure: Schema.SchemaError | SchemaIssue.Issue,
  prefix: ReadonlyArray<PropertyKey> = []
): IssueSummary => {
  const issue = SchemaIssue.isIssue(failure) ? failure : failure.issue
  const issues = formatter(issue).issues
  const first = issues[0]
  const firstPath = (first?.path ?? []).map((segment) =>
    typeof segment === "object" && segment !== null ? segment.key : segment
  )
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""
  return {
    path: formatFieldPath([...prefix, ...firstPath]),
    message: `${first?.message ?? String(issue)}${more}`
  }
}

/**
 * Where a decoded value sits: a name (`"options"`, `"schedule"`) or a path.
 *
 * @internal
 */
export type FieldPrefix = string | ReadonlyArray<PropertyKey>

const prefixPath = (prefix: FieldPrefix): ReadonlyArray<PropertyKey> =>
  typeof prefix === "string" ? (prefix === "" ? [] : [prefix]) : prefix

/**
 * An `InvalidArgumentError` for a Schema failure: the field is the path of
 * the first problem under `prefix` (the prefix itself, or `options`, when
 * the problem is the whole value), the reason its message.
 *
 * @internal
 */
export const invalidArgumentFromIssue = (
  failure: Schema.SchemaError | SchemaIssue.Issue,
  prefix: FieldPrefix = []
): InvalidArgumentError => {
  const { message, path } = summarizeIssue(failure, prefixPath(prefix))
  return new InvalidArgumentError({ field: path === "" ? "options" : path, reason: message })
}

/**
 * A decoder of user input by `schema`: every problem is an
 * `InvalidArgumentError` naming the field at fault under `what` (e.g.
 * `decodeOptions(StartOptions, "options")` fails with field
 * `options.retryPolicy.maximumAttempts`).
 *
 * @internal
 */
export const decodeOptions = <S extends Schema.Codec<unknown, unknown>>(
  schema: S,
  what: FieldPrefix = []
) => {
  // The rejected value is part of the message (options hold no secrets; headers are checked apart).
  const decode = Schema.decodeUnknownEffect(schema, { reportInput: true })
  return (input: unknown): Effect.Effect<S["Type"], InvalidArgumentError> =>
    Effect.mapError(decode(input), (error) => invalidArgumentFromIssue(error, what))
}
