/**
 * What a Nexus service looks like from the client: its name and, per
 * operation, Schemas for its input and output (the shape of a nexus-rpc
 * service definition).
 *
 * ```ts
 * import { Schema } from "effect"
 * import { NexusServiceDefinition } from "effect-temporal"
 *
 * const Payments = NexusServiceDefinition.make("payments", {
 *   operations: {
 *     charge: { input: Schema.Struct({ orderId: Schema.String }), output: Schema.String },
 *     refund: { input: Schema.String, output: Schema.Boolean }
 *   }
 * })
 * ```
 *
 * A service known only by name is used untyped (every operation takes and
 * answers `unknown`).
 *
 * @since 1.0.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type { AnySchema } from "./WorkflowDefinition.js"

/**
 * The unique symbol that marks a `NexusServiceDefinition`.
 *
 * @since 1.0.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("effect-temporal/NexusServiceDefinition")

/**
 * @since 1.0.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * One operation's Schemas.
 *
 * @since 1.0.0
 * @category models
 */
export interface OperationSpec {
  /** The input's Schema. */
  readonly input: AnySchema
  /** The output's Schema. */
  readonly output: AnySchema
}

/**
 * A Nexus service's name and operations.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusServiceDefinition<
  Name extends string,
  Operations extends Readonly<Record<string, OperationSpec>>
> {
  readonly [TypeId]: TypeId
  /** The service name the handler registers. */
  readonly name: Name
  /** Per operation name, its input and output Schemas. */
  readonly operations: Operations
}

/**
 * Any Nexus service definition.
 *
 * @since 1.0.0
 * @category models
 */
export interface Any {
  readonly [TypeId]: TypeId
  /** The service name. */
  readonly name: string
  /** Per operation name, its Schemas. */
  readonly operations: Readonly<Record<string, OperationSpec>>
}

/**
 * A service known only by name: every operation name allowed, `unknown` input and output.
 *
 * @since 1.0.0
 * @category models
 */
export interface Untyped extends NexusServiceDefinition<string, Readonly<Record<string, OperationSpec>>> {}

/**
 * The operation names of a service (any string for an untyped one).
 *
 * @since 1.0.0
 * @category models
 */
export type OperationNames<Def extends Any> = string extends keyof Def["operations"] ? string
  : keyof Def["operations"] & string

/**
 * The input of an operation.
 *
 * @since 1.0.0
 * @category models
 */
export type Input<Def extends Any, K extends string> = K extends keyof Def["operations"]
  ? Schema.Schema.Type<Def["operations"][K]["input"]>
  : unknown

/**
 * The output of an operation.
 *
 * @since 1.0.0
 * @category models
 */
export type Output<Def extends Any, K extends string> = K extends keyof Def["operations"]
  ? Schema.Schema.Type<Def["operations"][K]["output"]>
  : unknown

/**
 * Declares a Nexus service.
 *
 * @since 1.0.0
 * @category constructors
 */
export const make = <const Name extends string, const Operations extends Readonly<Record<string, OperationSpec>>>(
  name: Name,
  options: { readonly operations: Operations }
): NexusServiceDefinition<Name, Operations> => ({ [TypeId]: TypeId, name, operations: options.operations })

/**
 * A definition for a service known only by its name.
 *
 * @since 1.0.0
 * @category constructors
 */
export const untyped = (name: string): Untyped => ({ [TypeId]: TypeId, name, operations: {} })

/**
 * Whether a value is a Nexus service definition (as opposed to a name).
 *
 * @since 1.0.0
 * @category guards
 */
export const isNexusServiceDefinition = (u: unknown): u is Any => Predicate.hasProperty(u, TypeId)

const unknownSpec: OperationSpec = { input: Schema.Unknown, output: Schema.Unknown }

/**
 * The Schemas of one operation (`unknown` ones for an operation the
 * definition does not declare, looked up as an own property).
 *
 * @since 1.0.0
 * @category accessors
 */
export const operationSpec = (definition: Any, operation: string): OperationSpec =>
  Object.prototype.hasOwnProperty.call(definition.operations, operation)
    ? definition.operations[operation]!
    : unknownSpec
