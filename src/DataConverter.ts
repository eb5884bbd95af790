/**
 * Payload and failure conversion.
 *
 * @since 0.1.0
 */
export * from "./layers/DataConverter.js"
