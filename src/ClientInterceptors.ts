/**
 * Interceptors around every client call.
 *
 * @since 0.1.0
 */
export * from "./layers/ClientInterceptors.js"
