/**
 * What a workflow looks like from the client: its type name and Schemas for
 * its arguments, result, signals, queries and updates.
 *
 * ```ts
 * import { Schema } from "effect"
 * import { WorkflowDefinition } from "effect-temporal"
 *
 * const Greet = WorkflowDefinition.make("Greet", {
 *   args: [Schema.String],
 *   result: Schema.String,
 *   signals: { approve: [Schema.Struct({ by: Schema.String })] },
 *   queries: { status: { args: [], result: Schema.String } },
 *   updates: { rename: { args: [Schema.String], result: Schema.String } }
 * })
 * ```
 *
 * Each Schema's `Type` is what the program handles; its `Encoded` side is
 * what the data converter writes into the payload (JSON by default). Every
 * Schema must be context-free (`R = never`).
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * The unique symbol that marks a `WorkflowDefinition`.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/WorkflowDefinition")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * A context-free Schema, the only kind a definition accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type AnySchema = Schema.Codec<unknown, unknown>

/**
 * A tuple of argument Schemas, one per positional argument.
 *
 * @since 0.1.0
 * @category models
 */
export type ArgSchemas = ReadonlyArray<AnySchema>

/**
 * The argument Schemas of an undeclared argument list: however many
 * `unknown` values.
 *
 * @since 0.1.0
 * @category models
 */
export type UnknownArgs = ReadonlyArray<typeof Schema.Unknown>

/**
 * The decoded types of a tuple of argument Schemas.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ArgsType<A extends ArgSchemas> = { readonly [K in keyof A]: Schema.Schema.Type<A[K]> }

/**
 * The encoded types of a tuple of argument Schemas (what goes into the
 * payloads).
 *
 * @since 0.1.0
 * @category type-level
 */
export type ArgsEncoded<A extends ArgSchemas> = { readonly [K in keyof A]: Schema.Codec.Encoded<A[K]> }

/**
 * How a query is declared: its argument Schemas and result Schema (each
 * defaults to `unknown` when left out).
 *
 * @since 0.1.0
 * @category models
 */
export interface QuerySpec {
  /** One Schema per query argument; absent = `unknown` arguments. */
  readonly args?: ArgSchemas | undefined
  /** The Schema of the query's result; absent = `unknown`. */
  readonly result?: AnySchema | undefined
}

/**
 * How an update is declared: its argument Schemas and result Schema (each
 * defaults to `unknown` when left out).
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateSpec {
  /** One Schema per update argument; absent = `unknown` arguments. */
  readonly args?: ArgSchemas | undefined
  /** The Schema of the update's result; absent = `unknown`. */
  readonly result?: AnySchema | undefined
}

/**
 * A workflow definition. Build one with {@link make}; use {@link Any} as the
 * constraint of generic code and {@link Untyped} for workflows known only by
 * name.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowDefinition<
  Name extends string,
  Args extends ArgSchemas,
  Result extends AnySchema,
  Signals extends Readonly<Record<string, ArgSchemas>>,
  Queries extends Readonly<Record<string, QuerySpec>>,
  Updates extends Readonly<Record<string, UpdateSpec>>
> {
  readonly [TypeId]: TypeId
  /** The workflow type name the server and workers know it by. */
  readonly name: Name
  /** One Schema per positional argument. */
  readonly args: Args
  /** The whole argument list as one Schema (a tuple, or an array of `unknown`). */
  readonly argsSchema: Schema.Codec<ArgsType<Args>, ArgsEncoded<Args>, never>
  /** The result's Schema. */
  readonly result: Result
  /** Per signal name, one Schema per argument. */
  readonly signals: Signals
  /** Per query name, its argument and result Schemas. */
  readonly queries: Queries
  /** Per update name, its argument and result Schemas. */
  readonly updates: Updates
}

/**
 * Any workflow definition: the constraint of code generic over definitions.
 *
 * @since 0.1.0
 * @category models
 */
export interface Any {
  readonly [TypeId]: TypeId
  /** The workflow type name the server and workers know it by. */
  readonly name: string
  /** One Schema per positional argument. */
  readonly args: ArgSchemas
  /** The whole argument list as one Schema. */
  readonly argsSchema: AnySchema
  /** The result's Schema. */
  readonly result: AnySchema
  /** Per signal name, one Schema per argument. */
  readonly signals: Readonly<Record<string, ArgSchemas>>
  /** Per query name, its argument and result Schemas. */
  readonly queries: Readonly<Record<string, QuerySpec>>
  /** Per update name, its argument and result Schemas. */
  readonly updates: Readonly<Record<string, UpdateSpec>>
}

/**
 * The definition used when a workflow is addressed by name only: whatever name,
 * any signal, query or update name, `unknown` arguments and results.
 *
 * @since 0.1.0
 * @category models
 */
export interface Untyped extends
  WorkflowDefinition<
    string,
    UnknownArgs,
    typeof Schema.Unknown,
    Readonly<Record<string, UnknownArgs>>,
    Readonly<Record<string, { readonly args: UnknownArgs; readonly result: typeof Schema.Unknown }>>,
    Readonly<Record<string, { readonly args: UnknownArgs; readonly result: typeof Schema.Unknown }>>
  >
{}

// -----------------------------------------------------------------------------
// type-level helpers
// -----------------------------------------------------------------------------

/**
 * The workflow type name of a definition.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Name<Def extends Any> = Def["name"]

/**
 * The decoded argument tuple of a workflow.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Args<Def extends Any> = ArgsType<Def["args"]>

/**
 * The decoded result of a workflow.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Result<Def extends Any> = Schema.Schema.Type<Def["result"]>

/**
 * The signal names a definition declares (`string` for {@link Untyped}).
 *
 * @since 0.1.0
 * @category type-level
 */
export type SignalNames<Def extends Any> = keyof Def["signals"] & string

/**
 * The decoded argument tuple of a signal.
 *
 * @since 0.1.0
 * @category type-level
 */
export type SignalArgs<Def extends Any, K extends SignalNames<Def>> = ArgsType<Def["signals"][K]>

/**
 * The query names a definition declares (`string` for {@link Untyped}).
 *
 * @since 0.1.0
 * @category type-level
 */
export type QueryNames<Def extends Any> = keyof Def["queries"] & string

/**
 * The decoded argument tuple of a query (`ReadonlyArray<unknown>` when its
 * `args` are not declared).
 *
 * @since 0.1.0
 * @category type-level
 */
export type QueryArgs<Def extends Any, K extends QueryNames<Def>> = SpecArgs<Def["queries"][K]>

/**
 * The decoded result of a query (`unknown` when its `result` is not declared).
 *
 * @since 0.1.0
 * @category type-level
 */
export type QueryResult<Def extends Any, K extends QueryNames<Def>> = SpecResult<Def["queries"][K]>

/**
 * The update names a definition declares (`string` for {@link Untyped}).
 *
 * @since 0.1.0
 * @category type-level
 */
export type UpdateNames<Def extends Any> = keyof Def["updates"] & string

/**
 * The decoded argument tuple of an update (`ReadonlyArray<unknown>` when its
 * `args` are not declared).
 *
 * @since 0.1.0
 * @category type-level
 */
export type UpdateArgs<Def extends Any, K extends UpdateNames<Def>> = SpecArgs<Def["updates"][K]>

/**
 * The decoded result of an update (`unknown` when its `result` is not
 * declared).
 *
 * @since 0.1.0
 * @category type-level
 */
export type UpdateResult<Def extends Any, K extends UpdateNames<Def>> = SpecResult<Def["updates"][K]>

/**
 * The decoded argument tuple of a query or update spec.
 *
 * @since 0.1.0
 * @category type-level
 */
export type SpecArgs<S extends QuerySpec> = S extends { readonly args: infer A extends ArgSchemas } ? ArgsType<A>
  : ReadonlyArray<unknown>

/**
 * The decoded result of a query or update spec.
 *
 * @since 0.1.0
 * @category type-level
 */
export type SpecResult<S extends QuerySpec> = S extends { readonly result: infer R extends AnySchema }
  ? Schema.Schema.Type<R>
  : unknown

/**
 * The encoded argument tuple of a query or update spec.
 *
 * @since 0.1.0
 * @category type-level
 */
export type SpecArgsEncoded<S extends QuerySpec> = S extends { readonly args: infer A extends ArgSchemas }
  ? ArgsEncoded<A>
  : ReadonlyArray<unknown>

/**
 * The encoded result of a query or update spec.
 *
 * @since 0.1.0
 * @category type-level
 */
export type SpecResultEncoded<S extends QuerySpec> = S extends { readonly result: infer R extends AnySchema }
  ? Schema.Codec.Encoded<R>
  : unknown

// -----------------------------------------------------------------------------
// constructors
// -----------------------------------------------------------------------------

/**
 * The Schemas of a workflow; every field may be left out (arguments are then
 * any number of `unknown` values, the result `unknown`, and there are no
 * signals, queries or updates).
 *
 * @since 0.1.0
 * @category models
 */
export interface MakeOptions<
  Args extends ArgSchemas,
  Result extends AnySchema,
  Signals extends Readonly<Record<string, ArgSchemas>>,
  Queries extends Readonly<Record<string, QuerySpec>>,
  Updates extends Readonly<Record<string, UpdateSpec>>
> {
  /** One Schema per positional argument, e.g. `[Schema.String, Schema.Number]`. */
  readonly args?: Args | undefined
  /** The result's Schema. */
  readonly result?: Result | undefined
  /** Per signal name, one Schema per argument: `{ approve: [Schema.Struct({ by: Schema.String })] }`. */
  readonly signals?: Signals | undefined
  /** Per query name, `{ args, result }`: `{ status: { args: [], result: Schema.String } }`. */
  readonly queries?: Queries | undefined
  /** Per update name, `{ args, result }`: `{ rename: { args: [Schema.String], result: Schema.String } }`. */
  readonly updates?: Updates | undefined
}

const unknownArgsSchema: Schema.Codec<ReadonlyArray<unknown>> = Schema.Array(Schema.Unknown)

/**
 * The Schema of a whole argument list: a tuple of the given Schemas, or an
 * array of `unknown` when none are declared.
 *
 * @since 0.1.0
 * @category constructors
 */
export const argsSchemaOf = <const A extends ArgSchemas>(
  args: A | undefined
): Schema.Codec<ArgsType<A>, ArgsEncoded<A>, never> =>
  (args === undefined ? unknownArgsSchema : Schema.Tuple(args)) as unknown as Schema.Codec<
    ArgsType<A>,
    ArgsEncoded<A>,
    never
  >

/**
 * Declares a workflow.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  const Name extends string,
  const Args extends ArgSchemas = UnknownArgs,
  Result extends AnySchema = typeof Schema.Unknown,
  const Signals extends Readonly<Record<string, ArgSchemas>> = {},
  const Queries extends Readonly<Record<string, QuerySpec>> = {},
  const Updates extends Readonly<Record<string, UpdateSpec>> = {}
>(
  name: Name,
  options?: MakeOptions<Args, Result, Signals, Queries, Updates>
): WorkflowDefinition<Name, Args, Result, Signals, Queries, Updates> =>
  ({
    [TypeId]: TypeId,
    name,
    args: options?.args ?? [],
    argsSchema: argsSchemaOf(options?.args),
    result: options?.result ?? Schema.Unknown,
    signals: options?.signals ?? {},
    queries: options?.queries ?? {},
    updates: options?.updates ?? {}
  }) as WorkflowDefinition<Name, Args, Result, Signals, Queries, Updates>

/**
 * A definition for a workflow known only by its type name.
 *
 * @since 0.1.0
 * @category constructors
 */
export const untyped = (name: string): Untyped => ({
  [TypeId]: TypeId,
  name,
  args: [],
  argsSchema: unknownArgsSchema,
  result: Schema.Unknown,
  signals: {},
  queries: {},
  updates: {}
})

/**
 * Whether a value is a workflow definition (as opposed to a workflow type
 * name).
 *
 * @since 0.1.0
 * @category guards
 */
export const isWorkflowDefinition = (u: unknown): u is Any => Predicate.hasProperty(u, TypeId)

// -----------------------------------------------------------------------------
// runtime Schema lookups (used by handles)
// -----------------------------------------------------------------------------

const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined

/**
 * The kinds of handler a definition declares argument Schemas for.
 *
 * @since 0.1.0
 * @category models
 */
export type HandlerKind = "signal" | "query" | "update"

/**
 * The per-argument Schemas to encode a call's arguments with: the
 * workflow's own (no handler given) or those of one of its signals,
 * queries or updates (looked up as an own property, so a name such as
 * `constructor` finds nothing). `undefined` when none are declared or their
 * number differs from `count`: the values then go through the data
 * converter as they are.
 *
 * @since 0.1.0
 * @category accessors
 */
export const argSchemasFor = (
  definition: Any,
  count: number,
  ...handler: [] | [kind: HandlerKind, name: string]
): ArgSchemas | undefined => {
  const schemas = handler.length === 0
    ? definition.args
    : handler[0] === "signal"
    ? own(definition.signals, handler[1])
    : own(handler[0] === "query" ? definition.queries : definition.updates, handler[1])?.args
  return schemas !== undefined && schemas.length === count ? schemas : undefined
}

/**
 * The Schema of a signal's argument list (an array of `unknown` when the
 * definition does not declare the signal, as for {@link Untyped}).
 *
 * @since 0.1.0
 * @category accessors
 */
export const signalArgsSchema = <Def extends Any, K extends SignalNames<Def>>(
  definition: Def,
  name: K
): Schema.Codec<SignalArgs<Def, K>, ArgsEncoded<Def["signals"][K]>, never> =>
  argsSchemaOf(own(definition.signals, name)) as unknown as Schema.Codec<
    SignalArgs<Def, K>,
    ArgsEncoded<Def["signals"][K]>,
    never
  >

/**
 * The Schema of a query's argument list (an array of `unknown` when not
 * declared).
 *
 * @since 0.1.0
 * @category accessors
 */
export const queryArgsSchema = <Def extends Any, K extends QueryNames<Def>>(
  definition: Def,
  name: K
): Schema.Codec<QueryArgs<Def, K>, SpecArgsEncoded<Def["queries"][K]>, never> =>
  argsSchemaOf(own(definition.queries, name)?.args) as unknown as Schema.Codec<
    QueryArgs<Def, K>,
    SpecArgsEncoded<Def["queries"][K]>,
    never
  >

/**
 * The Schema of a query's result (`Schema.Unknown` when not declared), for
 * decoding (its encoded side is typed `unknown`).
 *
 * @since 0.1.0
 * @category accessors
 */
export const queryResultSchema = <Def extends Any, K extends QueryNames<Def>>(
  definition: Def,
  name: K
): Schema.Codec<QueryResult<Def, K>, unknown, never> =>
  (own(definition.queries, name)?.result ?? Schema.Unknown) as Schema.Codec<QueryResult<Def, K>, unknown, never>

/**
 * The Schema of an update's argument list (an array of `unknown` when not
 * declared).
 *
 * @since 0.1.0
 * @category accessors
 */
export const updateArgsSchema = <Def extends Any, K extends UpdateNames<Def>>(
  definition: Def,
  name: K
): Schema.Codec<UpdateArgs<Def, K>, SpecArgsEncoded<Def["updates"][K]>, never> =>
  argsSchemaOf(own(definition.updates, name)?.args) as unknown as Schema.Codec<
    UpdateArgs<Def, K>,
    SpecArgsEncoded<Def["updates"][K]>,
    never
  >

/**
 * The Schema of an update's result (`Schema.Unknown` when not declared), for
 * decoding (its encoded side is typed `unknown`).
 *
 * @since 0.1.0
 * @category accessors
 */
export const updateResultSchema = <Def extends Any, K extends UpdateNames<Def>>(
  definition: Def,
  name: K
): Schema.Codec<UpdateResult<Def, K>, unknown, never> =>
  (own(definition.updates, name)?.result ?? Schema.Unknown) as Schema.Codec<UpdateResult<Def, K>, unknown, never>

/**
 * The Schema of a workflow's result, for decoding (its encoded side is typed
 * `unknown`).
 *
 * @since 0.1.0
 * @category accessors
 */
export const resultSchema = <Def extends Any>(
  definition: Def
): Schema.Codec<Result<Def>, unknown, never> => definition.result as Schema.Codec<Result<Def>, unknown, never>
