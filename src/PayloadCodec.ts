/**
 * Payload codecs: compression and encryption.
 *
 * @since 0.1.0
 */
export * from "./layers/PayloadCodec.js"
