/**
 * Worker deployments: list and describe them, make a version current or ramp
 * it, set the managing client, describe, edit and delete versions, delete a
 * deployment, and update with conflict tokens.
 *
 * @since 1.0.0
 */
export * from "./layers/WorkerDeploymentClient.js"
