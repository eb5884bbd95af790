/**
 * Worker deployments and their versions as described and listed, and the
 * options of the worker deployment operations.
 *
 * @since 1.0.0
 */
export * from "./schema/WorkerDeployment.js"
export * from "./schema/WorkerDeploymentOptions.js"
