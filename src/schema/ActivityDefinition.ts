/**
 * What a standalone activity looks like from the client: its type name and
 * Schemas for its arguments, result and heartbeat details.
 *
 * ```ts
 * import { Schema } from "effect"
 * import { ActivityDefinition } from "effect-temporal"
 *
 * const ChargeCard = ActivityDefinition.make("chargeCard", {
 *   args: [Schema.Struct({ orderId: Schema.String, cents: Schema.Number })],
 *   result: Schema.String,
 *   heartbeatDetails: Schema.Struct({ step: Schema.Number })
 * })
 * ```
 *
 * As for workflows, each Schema's `Type` is what the program handles and its
 * `Encoded` side what the data converter writes; every Schema must be
 * context-free. An activity known only by name is used untyped.
 *
 * @since 1.0.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type { AnySchema, ArgSchemas, ArgsEncoded, ArgsType, UnknownArgs } from "./WorkflowDefinition.js"
import { argsSchemaOf } from "./WorkflowDefinition.js"

/**
 * The unique symbol that marks an `ActivityDefinition`.
 *
 * @since 1.0.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/ActivityDefinition")

/**
 * @since 1.0.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * A standalone activity's name and Schemas.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityDefinition<
  Name extends string,
  Args extends ArgSchemas,
  Result extends AnySchema,
  Details extends AnySchema
> {
  readonly [TypeId]: TypeId
  /** The activity type name the worker registers. */
  readonly name: Name
  /** One Schema per positional argument. */
  readonly args: Args
  /** The whole argument list's Schema. */
  readonly argsSchema: Schema.Codec<ArgsType<Args>, ArgsEncoded<Args>>
  /** The result's Schema. */
  readonly result: Result
  /** The Schema of the heartbeat details (the first detail value), for `describe()`. */
  readonly heartbeatDetails: Details
}

/**
 * Any activity definition.
 *
 * @since 1.0.0
 * @category models
 */
export interface Any {
  readonly [TypeId]: TypeId
  /** The activity type name. */
  readonly name: string
  /** One Schema per positional argument. */
  readonly args: ArgSchemas
  /** The whole argument list's Schema. */
  readonly argsSchema: Schema.Codec<ReadonlyArray<unknown>, ReadonlyArray<unknown>>
  /** The result's Schema. */
  readonly result: AnySchema
  /** The Schema of the first heartbeat detail value. */
  readonly heartbeatDetails: AnySchema
}

/**
 * The definition of an activity known only by its type name: arguments of every kind,
 * an `unknown` result and `unknown` heartbeat details.
 *
 * @since 1.0.0
 * @category models
 */
export interface Untyped
  extends ActivityDefinition<string, UnknownArgs, typeof Schema.Unknown, typeof Schema.Unknown>
{}

/**
 * The arguments of an activity.
 *
 * @since 1.0.0
 * @category models
 */
export type Args<Def extends Any> = ArgsType<Def["args"]>

/**
 * The result of an activity.
 *
 * @since 1.0.0
 * @category models
 */
export type Result<Def extends Any> = Schema.Schema.Type<Def["result"]>

/**
 * The decoded heartbeat details of an activity.
 *
 * @since 1.0.0
 * @category models
 */
export type HeartbeatDetails<Def extends Any> = Schema.Schema.Type<Def["heartbeatDetails"]>

/**
 * The Schemas of an activity; every field may be left out (arguments are
 * then any number of `unknown` values, result and details `unknown`).
 *
 * @since 1.0.0
 * @category models
 */
export interface MakeOptions<Args extends ArgSchemas, Result extends AnySchema, Details extends AnySchema> {
  /** One Schema per positional argument, e.g. `[Schema.String, Schema.Number]`. */
  readonly args?: Args | undefined
  /** The result's Schema. */
  readonly result?: Result | undefined
  /** The Schema of the first heartbeat detail value. */
  readonly heartbeatDetails?: Details | undefined
}

/**
 * Declares a standalone activity.
 *
 * @since 1.0.0
 * @category constructors
 */
export const make = <
  const Name extends string,
  const Args extends ArgSchemas = UnknownArgs,
  Result extends AnySchema = typeof Schema.Unknown,
  Details extends AnySchema = typeof Schema.Unknown
>(
  name: Name,
  options?: MakeOptions<Args, Result, Details>
): ActivityDefinition<Name, Args, Result, Details> =>
  ({
    [TypeId]: TypeId,
    name,
    args: options?.args ?? [],
    argsSchema: argsSchemaOf(options?.args),
    result: options?.result ?? Schema.Unknown,
    heartbeatDetails: options?.heartbeatDetails ?? Schema.Unknown
  }) as ActivityDefinition<Name, Args, Result, Details>

/**
 * A definition for an activity known only by its type name.
 *
 * @since 1.0.0
 * @category constructors
 */
export const untyped = (name: string): Untyped => make(name) as Untyped

/**
 * Whether a value is an activity definition (as opposed to a type name).
 *
 * @since 1.0.0
 * @category guards
 */
export const isActivityDefinition = (u: unknown): u is Any => Predicate.hasProperty(u, TypeId)

/**
 * The per-argument Schemas to encode a start's arguments with; `undefined`
 * when none are declared or their number differs from `count` (the values
 * then go through the data converter as they are).
 *
 * @since 1.0.0
 * @category accessors
 */
export const argSchemasFor = (definition: Any, count: number): ArgSchemas | undefined =>
  definition.args.length === count ? definition.args : undefined

/**
 * The result's Schema, for decoding.
 *
 * @since 1.0.0
 * @category accessors
 */
export const resultSchema = <Def extends Any>(definition: Def): Schema.Codec<Result<Def>, unknown> =>
  definition.result as Schema.Codec<Result<Def>, unknown>

/**
 * The heartbeat details' Schema, for decoding.
 *
 * @since 1.0.0
 * @category accessors
 */
export const heartbeatDetailsSchema = <Def extends Any>(
  definition: Def
): Schema.Codec<HeartbeatDetails<Def>, unknown> =>
  definition.heartbeatDetails as Schema.Codec<HeartbeatDetails<Def>, unknown>
