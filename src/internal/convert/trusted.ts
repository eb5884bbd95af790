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
 * `fields` becomes the instance: it must be a fresh object its caller gives
 * up. Giving it the class's prototype keeps the fields where an object
 * literal and named assignments put them; copying them into a new object
 * (`Object.assign`, a spread) adds them as keyed stores, and V8 turns an
 * object with more than a dozen of those into a dictionary, slow to build
 * (9 µs for 25 fields, against 0.3) and slower to read afterwards.
 *
 * @internal
 */
export const trusted = <C extends abstract new(fields: never, options?: never) => object>(
  Class: C,
  fields: ConstructorParameters<C>[0]
): InstanceType<C> => Object.setPrototypeOf(fields, Class.prototype as object) as InstanceType<C>
