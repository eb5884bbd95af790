/**
 * The schema of a config file's TOML document, with the keys as the file
 * spells them (`api_key`, `server_ca_cert_path`, ...): a value of the wrong
 * kind, a `*_path` and `*_data` pair both given, or (decoded with
 * `onExcessProperty: "error"`, the strict mode) a key the format does not
 * have fails, at the path of the key. Messages name kinds of values, never
 * values: a value may be a secret.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

const isTable = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** The kind of a TOML value, as a message names it: `a string`, `a table`, `an array`, `a date`, ... */
const tomlKindOf = (value: unknown): string =>
  Array.isArray(value)
    ? "an array"
    : value instanceof Date
    ? "a date"
    : isTable(value)
    ? "a table"
    : `a ${typeof value}`

/**
 * `schema`, for a TOML value of `kind` only: another kind fails naming both
 * kinds (the check aborts, so `schema` never sees it).
 */
const ofKind = <S extends Schema.Top>(kind: string, schema: S) => {
  const isOfKind = Schema.makeFilter(
    (value: unknown) => {
      const found = tomlKindOf(value)
      return found === kind || `Expected ${kind}, got ${found}`
    },
    undefined,
    true
  )
  return Schema.Unknown.pipe(
    Schema.check(isOfKind),
    Schema.decodeTo(schema, SchemaTransformation.passthroughSupertype())
  )
}

const TomlString = ofKind("a string", Schema.String)

const TomlBoolean = ofKind("a boolean", Schema.Boolean)

/** A table of known keys; in strict mode another key fails, the message listing the known ones. */
const table = <Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.Struct(fields).annotate({
    messageUnexpectedKey: `Unknown key (strict mode; known keys: ${Object.keys(fields).join(", ")})`
  })

const dataSourceNames = ["client_cert", "client_key", "server_ca_cert"] as const

/** A `*_path` and `*_data` pair both given (even an empty `*_data`) fails at the `*_path` key. */
const pathOrData = Schema.makeFilter((tls: Readonly<Record<string, unknown>>) =>
  dataSourceNames
    .filter((name) => tls[`${name}_path`] !== undefined && tls[`${name}_data`] !== undefined)
    .map((name) => ({ path: [`${name}_path`], issue: `Cannot specify both ${name}_path and ${name}_data` }))
)

/**
 * `[profile.NAME.tls]`.
 *
 * @internal
 */
export const TomlTls = ofKind(
  "a table",
  table({
    disabled: Schema.optionalKey(TomlBoolean),
    client_cert_path: Schema.optionalKey(TomlString),
    client_cert_data: Schema.optionalKey(TomlString),
    client_key_path: Schema.optionalKey(TomlString),
    client_key_data: Schema.optionalKey(TomlString),
    server_ca_cert_path: Schema.optionalKey(TomlString),
    server_ca_cert_data: Schema.optionalKey(TomlString),
    server_name: Schema.optionalKey(TomlString),
    disable_host_verification: Schema.optionalKey(TomlBoolean)
  }).check(pathOrData)
)

/**
 * `[profile.NAME.tls]`, decoded.
 *
 * @internal
 */
export type TomlTls = typeof TomlTls.Type

/**
 * `[profile.NAME.codec]`.
 *
 * @internal
 */
export const TomlCodec = ofKind(
  "a table",
  table({
    endpoint: Schema.optionalKey(TomlString),
    auth: Schema.optionalKey(TomlString)
  })
)

/**
 * `[profile.NAME.codec]`, decoded.
 *
 * @internal
 */
export type TomlCodec = typeof TomlCodec.Type

/**
 * `[profile.NAME]`. `grpc_meta` takes any header name, strict or not.
 *
 * @internal
 */
export const TomlProfile = ofKind(
  "a table",
  table({
    address: Schema.optionalKey(TomlString),
    namespace: Schema.optionalKey(TomlString),
    api_key: Schema.optionalKey(TomlString),
    tls: Schema.optionalKey(TomlTls),
    codec: Schema.optionalKey(TomlCodec),
    grpc_meta: Schema.optionalKey(ofKind("a table", Schema.Record(Schema.String, TomlString)))
  })
)

/**
 * `[profile.NAME]`, decoded.
 *
 * @internal
 */
export type TomlProfile = typeof TomlProfile.Type

/**
 * A whole config file: the `[profile]` table, profiles by name.
 *
 * @internal
 */
export const TomlDocument = table({
  profile: Schema.optionalKey(ofKind("a table", Schema.Record(Schema.String, TomlProfile)))
})

/**
 * A whole config file, decoded.
 *
 * @internal
 */
export type TomlDocument = typeof TomlDocument.Type
