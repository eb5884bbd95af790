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
 * Standalone Nexus operations: service clients, handles, listing and counting.
 *
 * @since 1.0.0
 */
export * as NexusClient from "./NexusClient.js"

/**
 * Nexus endpoints: create, read, list, change and delete them.
 *
 * @since 1.0.0
 */
export * as NexusEndpoints from "./NexusEndpoints.js"

/**
 * Handles to standalone Nexus operations, and operations as services.
 *
 * @since 1.0.0
 */
export * as NexusOperationHandle from "./NexusOperationHandle.js"

/**
 * Nexus service definitions: operation names and Schemas of inputs and outputs.
 *
 * @since 1.0.0
 */
export * as NexusServiceDefinition from "./NexusServiceDefinition.js"

/**
 * Standalone Nexus operation executions as listed and described, and their options.
 *
 * @since 1.0.0
 */
export * as NexusOperationExecution from "./NexusOperationExecution.js"

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
 * Namespaces and custom search attributes: register, describe, list, update; add, list, remove.
 *
 * @since 1.0.0
 */
export * as NamespaceClient from "./NamespaceClient.js"

/**
 * Task queues and workers: pollers, backlog and rates per task queue type; workers listed and described.
 *
 * @since 1.0.0
 */
export * as TaskQueueClient from "./TaskQueueClient.js"

/**
 * Worker deployments: list, describe, set current and ramping versions and the manager, edit and delete versions.
 *
 * @since 1.0.0
 */
export * as WorkerDeploymentClient from "./WorkerDeploymentClient.js"

/**
 * Worker deployments and their versions as described and listed, and the options of their operations.
 *
 * @since 1.0.0
 */
export * as WorkerDeployment from "./WorkerDeployment.js"

/**
 * Batch operations over the workflows a query or a list selects: start, describe, list, stop, follow progress.
 *
 * @since 1.0.0
 */
export * as BatchClient from "./BatchClient.js"

/**
 * Batch operations as described, listed and followed, the operations a batch runs, and their options.
 *
 * @since 1.0.0
 */
export * as BatchOperation from "./BatchOperation.js"

/**
 * The gRPC connection to a Temporal server.
 *
 * @since 0.1.0
 */
export * as Connection from "./Connection.js"

/**
 * The Temporal Cloud Operations API: users, namespaces, API keys and more, one typed Effect per RPC.
 *
 * @since 1.0.0
 */
export * as CloudOperations from "./CloudOperations.js"

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
 * External payload storage: large payloads stored by a driver and sent as references.
 *
 * @since 1.0.0
 */
export * as ExternalStorage from "./ExternalStorage.js"

/**
 * The serialization context: which workflow, activity or Nexus operation the payloads of a conversion belong to.
 *
 * @since 1.0.0
 */
export * as SerializationContext from "./SerializationContext.js"

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
