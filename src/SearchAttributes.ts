/**
 * Typed search attributes.
 *
 * @since 0.1.0
 */
export * from "./schema/SearchAttributes.js"
