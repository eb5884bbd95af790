/**
 * effect-temporal: the Temporal client for Effect applications.
 *
 * @since 0.1.0
 */

/**
 * The Temporal client: start workflows, talk to them, list and count them.
 *
 * @since 0.1.0
 */
export * as TemporalClient from "./TemporalClient.js"

/**
 * Handles to workflow executions, and workflows as services.
 *
 * @since 0.1.0
 */
export * as WorkflowHandle from "./WorkflowHandle.js"

/**
 * Handles to workflow updates.
 *
 * @since 0.1.0
 */
export * as WorkflowUpdateHandle from "./WorkflowUpdateHandle.js"

/**
 * Workflow definitions: names and Schemas of arguments, results, signals, queries and updates.
 *
 * @since 0.1.0
 */
export * as WorkflowDefinition from "./WorkflowDefinition.js"

/**
 * Options of workflow operations.
 *
 * @since 0.1.0
 */
export * as WorkflowOptions from "./WorkflowOptions.js"

/**
 * Workflow executions as listed and described.
 *
 * @since 0.1.0
 */
export * as WorkflowExecution from "./WorkflowExecution.js"

/**
 * Standalone activities: start, execute, get handles, list and count.
 *
 * @since 1.0.0
 */
export * as ActivityClient from "./ActivityClient.js"

/**
 * Handles to standalone activities, and activities as services.
 *
 * @since 1.0.0
 */
export * as ActivityHandle from "./ActivityHandle.js"

/**
 * Standalone activity definitions: names and Schemas of arguments, result and heartbeat details.
 *
 * @since 1.0.0
 */
export * as ActivityDefinition from "./ActivityDefinition.js"

/**
 * Standalone activity executions as listed and described, and their options.
 *
 * @since 1.0.0
 */
export * as ActivityExecution from "./ActivityExecution.js"

/**
 * Complete, fail or heartbeat activities from outside their worker.
 *
 * @since 0.1.0
 */
export * as AsyncActivityHandle from "./AsyncActivityHandle.js"

/**
 * Build-ID compatibility operations (worker versioning v0.1).
 *
 * @since 0.1.0
 */
export * as BuildIdOp from "./BuildIdOp.js"

/**
 * Build-ID version sets and task reachability.
 *
 * @since 0.1.0
 */
export * as BuildIds from "./BuildIds.js"

/**
 * Schedules: create, list, and the client service for them.
 *
 * @since 0.1.0
 */
export * as ScheduleClient from "./ScheduleClient.js"

/**
 * Handles to schedules: describe, update, pause, unpause, trigger, backfill, delete.
 *
 * @since 0.1.0
 */
export * as ScheduleHandle from "./ScheduleHandle.js"

/**
 * The schedule model: specs, actions, policies, state, descriptions.
 *
 * @since 0.1.0
 */
export * as TemporalSchedule from "./TemporalSchedule.js"

/**
 * Workflow histories as the CLI's and SDKs' JSON.
 *
 * @since 0.1.0
 */
export * as WorkflowHistory from "./WorkflowHistory.js"

/**
 * The gRPC connection to a Temporal server.
 *
 * @since 0.1.0
 */
export * as Connection from "./Connection.js"

/**
 * TLS settings of a connection.
 *
 * @since 0.1.0
 */
export * as TlsConfig from "./TlsConfig.js"

/**
 * How RPCs are retried.
 *
 * @since 0.1.0
 */
export * as RetryConfig from "./RetryConfig.js"

/**
 * Interceptors around every client call.
 *
 * @since 0.1.0
 */
export * as ClientInterceptors from "./ClientInterceptors.js"

/**
 * Payload and failure conversion.
 *
 * @since 0.1.0
 */
export * as DataConverter from "./DataConverter.js"

/**
 * Payload codecs: compression and encryption.
 *
 * @since 0.1.0
 */
export * as PayloadCodec from "./PayloadCodec.js"

/**
 * Temporal failures, decoded.
 *
 * @since 0.1.0
 */
export * as Failure from "./Failure.js"

/**
 * Typed search attributes.
 *
 * @since 0.1.0
 */
export * as SearchAttributes from "./SearchAttributes.js"

/**
 * Memo values, decoded lazily.
 *
 * @since 0.1.0
 */
export * as Memo from "./Memo.js"

/**
 * Shared models: retry policy, priority, enums.
 *
 * @since 0.1.0
 */
export * as Common from "./Common.js"

/**
 * Client configuration from `TEMPORAL_*` environment variables and TOML profiles, as Temporal's CLI and SDKs read it.
 *
 * @since 0.1.0
 */
export * as EnvConfig from "./EnvConfig.js"

/**
 * The tagged errors of effect-temporal.
 *
 * @since 0.1.0
 */
export * as TemporalError from "./TemporalError.js"
