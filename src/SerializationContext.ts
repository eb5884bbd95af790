/**
 * What the payloads being converted belong to, for converters, codecs,
 * key providers and storage drivers that vary by workflow, activity or
 * Nexus operation.
 *
 * @since 1.0.0
 */
export * from "./services/SerializationContext.js"
