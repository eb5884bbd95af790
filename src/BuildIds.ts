/**
 * Build-ID version sets and task reachability, as the build-ID based worker
 * versioning calls answer them.
 *
 * @since 0.1.0
 */
export * from "./schema/BuildIds.js"
