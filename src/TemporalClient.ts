/**
 * The Temporal client: start workflows, talk to them, list and count them.
 *
 * @since 0.1.0
 */
export * from "./layers/TemporalClient.js"
