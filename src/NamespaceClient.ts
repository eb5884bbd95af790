/**
 * Namespaces and custom search attributes: register, describe, list and
 * update namespaces; add, list and remove search attributes. The service,
 * its Layer, the namespace models and the options.
 *
 * @since 1.0.0
 */
export * from "./layers/NamespaceClient.js"
export * from "./schema/Namespace.js"
export * from "./schema/NamespaceOptions.js"
