/**
 * Result models built from decoded protos without parsing their fields again.
 *
 * @internal
 */

/**
 * An instance of the Schema class `Class` holding `fields`, as
 * `new Class(fields)` makes it, without the constructor's parse of every
 * field (`disableChecks` skips only the checks): for fields a converter
 * built from a decoded proto, right by construction and typed by the
 * constructor's own parameter. A Schema class instance is its prototype and
 * its own fields, nothing else, so the two are equal (checked, with every
 * field, by `test/unit/convertWorkflow.test.ts`); the parse cost more than the
 * rest of a `describe()` call. Only for classes without constructor defaults
 * (every field given), and for fields with no extra keys.
 *
 * @internal
 */
export const trusted = <C extends abstract new(fields: never, options?: never) => object>(
  Class: C,
  fields: ConstructorParameters<C>[0]
): InstanceType<C> => Object.assign(Object.create(Class.prototype as object) as InstanceType<C>, fields)
