/**
 * Options of the workflow client's operations, the Python SDK's keyword
 * arguments in camelCase, and the checks made on them before any RPC. Each
 * check is a Schema decode (built from `Common`'s checked fields) whose
 * failure is an `InvalidArgumentError` naming the field at fault.
 *
 * @since 0.1.0
 */
export * from "./WorkflowOptions/administration.js"
export * from "./WorkflowOptions/calls.js"
export * from "./WorkflowOptions/start.js"
export * from "./WorkflowOptions/startChecks.js"
export * from "./WorkflowOptions/strings.js"
