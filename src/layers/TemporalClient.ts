/**
 * The Temporal client: the service, its Layers, and module-level accessors.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { checkNamespaceExists } from "../internal/namespaceCheck.js"
import type { ConnectionError, NamespaceNotFoundError } from "../schema/TemporalError.js"
import type * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type { WorkflowExecution, WorkflowExecutionCount } from "../schema/WorkflowExecution.js"
import {
  type IntoHistoriesOptions,
  type StartWorkflowOptions,
  validateIntoHistoriesOptions
} from "../schema/WorkflowOptions.js"
import { type ClientInterceptor, ClientInterceptors } from "../services/ClientInterceptors.js"
import {
  Connection,
  type ConnectionOptions,
  type ConnectionShape,
  make as makeConnection
} from "../services/Connection.js"
import type { DataConverter } from "../services/DataConverter.js"
import { make as makeRetryConfig, RetryConfig, type RetryConfigInput } from "../services/RetryConfig.js"
import {
  type DefinitionOf,
  type ExecuteWorkflowError,
  type ListWorkflowsError,
  type ListWorkflowsOptions,
  make,
  type StartWorkflowError,
  TemporalClient,
  type TemporalClientOptions,
  type WorkflowExecutionHistory
} from "../services/TemporalClient.js"
import type { FetchHistoryError, HandleCallOptions, WorkflowHandle } from "../services/WorkflowHandle.js"
import { Default as DefaultDataConverter } from "./DataConverter.js"

export * from "../services/TemporalClient.js"

/**
 * Options of `TemporalClient.layer`: the client's, and the plugins and
 * interceptors to build it with.
 *
 * @since 1.0.0
 * @category models
 */
export interface LayerOptions extends TemporalClientOptions {
  /** Plugins: their `configureClient` runs as under `layerConnect` (the connection already exists: `configureConnection` and `connect` do not run). */
  readonly plugins?: ReadonlyArray<ClientPlugin> | undefined
  /** Interceptors, outermost first. Default: those of `ClientInterceptors` in context. */
  readonly interceptors?: ReadonlyArray<ClientInterceptor> | undefined
}

/**
 * The client, from a `Connection` and a `DataConverter`. Plugins change
 * the client's options (`configureClient`) as under `layerConnect`; the
 * interceptors they set replace those in context, a data converter they
 * set replaces the one in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: LayerOptions = {}
): Layer.Layer<TemporalClient, never, Connection | DataConverter> => {
  const plugins = options.plugins ?? []
  if (plugins.length === 0 && options.interceptors === undefined) return Layer.effect(TemporalClient, make(options))
  return Layer.unwrap(Effect.gen(function*() {
    const inContext = yield* ClientInterceptors
    const configured = configureClient(plugins, { ...options, interceptors: options.interceptors ?? inContext })
    const client = Layer.effect(
      TemporalClient,
      Effect.provideService(make(configured), ClientInterceptors, configured.interceptors ?? [])
    )
    return configured.dataConverter !== undefined ? Layer.provide(client, configured.dataConverter) : client
  }))
}

/** The options after each plugin's `configureClient`, in the order given. */
const configureClient = (plugins: ReadonlyArray<ClientPlugin>, options: ConnectOptions): ConnectOptions =>
  plugins.reduce((acc, plugin) => plugin.configureClient ? plugin.configureClient(acc) : acc, options)

/**
 * Open a connection: `Connection.make`, or a plugin's `connect` around it.
 *
 * @since 1.0.0
 * @category models
 */
export type ConnectFn = (options: ConnectionOptions) => Effect.Effect<ConnectionShape, ConnectionError, Scope.Scope>

/**
 * A plugin: changes the options of the client and of its connection before
 * they are built, in the order plugins are given.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientPlugin {
  /** A name, for diagnostics. */
  readonly name: string
  /** Change the whole option set (interceptors, data converter, ...). */
  readonly configureClient?: ((options: ConnectOptions) => ConnectOptions) | undefined
  /** Change the connection's options. */
  readonly configureConnection?: ((options: ConnectionOptions) => ConnectionOptions) | undefined
  /**
   * Wrap the connect step of `layerConnect` (after every
   * `configureConnection`): call `next` with the options (changed or not)
   * to open the connection, and change, replace or retry what it answers.
   * Earlier plugins wrap later ones; the innermost `next` is
   * `Connection.make`. What it answers is the Layer's `Connection`.
   */
  readonly connect?:
    | ((options: ConnectionOptions, next: ConnectFn) => Effect.Effect<ConnectionShape, ConnectionError, Scope.Scope>)
    | undefined
}

/**
 * Everything `Client.connect` takes, in one object.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectOptions extends ConnectionOptions, TemporalClientOptions {
  /** The data converter. Default `DataConverter.Default`. */
  readonly dataConverter?: Layer.Layer<DataConverter> | undefined
  /** Interceptors, outermost first. */
  readonly interceptors?: ReadonlyArray<ClientInterceptor> | undefined
  /** Plugins, applied in order. */
  readonly plugins?: ReadonlyArray<ClientPlugin> | undefined
  /** RPC retry settings. */
  readonly retryConfig?: RetryConfigInput | undefined
}

/**
 * Connect and build the client in one Layer, from the whole option set.
 * The connection closes with the Layer's scope. Unless `lazy`, building it
 * checks the server (`ConnectionError` when it cannot be reached) and that
 * the client's namespace exists (`NamespaceNotFoundError` when the server
 * answers that it does not; a server that will not say, e.g. because the
 * API key may not describe namespaces, is taken at its word on first use).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConnect = (
  options: ConnectOptions = {}
): Layer.Layer<TemporalClient | Connection | DataConverter, ConnectionError | NamespaceNotFoundError> => {
  const configured = configureClient(options.plugins ?? [], options)
  const plugins = configured.plugins ?? []
  const connectionOptions = plugins.reduce<ConnectionOptions>(
    (acc, plugin) => plugin.configureConnection ? plugin.configureConnection(acc) : acc,
    configured
  )
  // Earlier plugins wrap later ones: the first plugin's `connect` runs first.
  const connect = plugins.reduceRight<ConnectFn>(
    (next, plugin) => plugin.connect !== undefined ? (o) => plugin.connect!(o, next) : next,
    makeConnection
  )
  const retry = configured.retryConfig !== undefined
    ? Layer.succeed(RetryConfig, makeRetryConfig(configured.retryConfig))
    : Layer.empty
  const interceptors = configured.interceptors !== undefined
    ? Layer.succeed(ClientInterceptors, configured.interceptors)
    : Layer.empty
  const connection = Layer.effect(Connection, Effect.suspend(() => connect(connectionOptions))).pipe(
    Layer.provide(retry)
  )
  const base = Layer.merge(connection, configured.dataConverter ?? DefaultDataConverter)
  const client = configured.lazy === true
    ? Layer.effect(TemporalClient, make(configured))
    : Layer.effect(
      TemporalClient,
      Effect.tap(
        make(configured),
        (built) => checkNamespaceExists(built.connection, built.namespace, configured.connectTimeout)
      )
    )
  // The interceptors stay in the output, so services derived from the client see them too.
  return Layer.provideMerge(client, Layer.merge(base, interceptors))
}

/**
 * Start a workflow with the client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const startWorkflow = <W extends WorkflowDefinition.Any | string>(
  workflow: W,
  options: StartWorkflowOptions<DefinitionOf<W>>
): Effect.Effect<WorkflowHandle<DefinitionOf<W>>, StartWorkflowError, TemporalClient> =>
  Effect.flatMap(TemporalClient, (client) => client.startWorkflow(workflow, options))

/**
 * Start a workflow and wait for its result, with the client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const executeWorkflow = <W extends WorkflowDefinition.Any | string>(
  workflow: W,
  options: StartWorkflowOptions<DefinitionOf<W>>
): Effect.Effect<WorkflowDefinition.Result<DefinitionOf<W>>, ExecuteWorkflowError, TemporalClient> =>
  Effect.flatMap(TemporalClient, (client) => client.executeWorkflow(workflow, options))

/**
 * A handle to a workflow by ID, with the client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const getWorkflowHandle = (
  workflowId: string,
  options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
): Effect.Effect<WorkflowHandle<WorkflowDefinition.Untyped>, never, TemporalClient> =>
  Effect.map(TemporalClient, (client) => client.getWorkflowHandle(workflowId, options))

/**
 * A typed handle to a workflow by ID, with the client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const getWorkflowHandleFor = <Def extends WorkflowDefinition.Any>(
  definition: Def,
  workflowId: string,
  options?: { readonly runId?: string | undefined; readonly firstExecutionRunId?: string | undefined }
): Effect.Effect<WorkflowHandle<Def>, never, TemporalClient> =>
  Effect.map(TemporalClient, (client) => client.getWorkflowHandleFor(definition, workflowId, options))

/**
 * Executions matching a query, with the client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listWorkflows = (
  query?: string,
  options?: ListWorkflowsOptions
): Stream.Stream<WorkflowExecution, ListWorkflowsError, TemporalClient> =>
  Stream.unwrap(Effect.map(TemporalClient, (client) => client.listWorkflows(query, options)))

/**
 * Count executions matching a query, with the client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const countWorkflows = (
  query?: string,
  options?: HandleCallOptions
): Effect.Effect<WorkflowExecutionCount, ListWorkflowsError, TemporalClient> =>
  Effect.flatMap(TemporalClient, (client) => client.countWorkflows(query, options))

/**
 * The whole history of each execution of a listing (`listWorkflows`), as the
 * TypeScript SDK's `intoHistories`: each run's events are fetched through the
 * client in context, `concurrency` at once (default 5), in the listing's
 * order. The options are checked before any RPC.
 *
 * ```ts
 * const histories = TemporalClient.listWorkflows("WorkflowType = 'Greet'").pipe(
 *   TemporalClient.intoHistories({ concurrency: 10 })
 * )
 * ```
 *
 * @since 1.0.0
 * @category accessors
 */
export const intoHistories: {
  (
    options?: IntoHistoriesOptions
  ): <E, R>(
    executions: Stream.Stream<WorkflowExecution, E, R>
  ) => Stream.Stream<WorkflowExecutionHistory, E | FetchHistoryError, R | TemporalClient>
  <E, R>(
    executions: Stream.Stream<WorkflowExecution, E, R>,
    options?: IntoHistoriesOptions
  ): Stream.Stream<WorkflowExecutionHistory, E | FetchHistoryError, R | TemporalClient>
} = dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(
    executions: Stream.Stream<WorkflowExecution, E, R>,
    options: IntoHistoriesOptions = {}
  ): Stream.Stream<WorkflowExecutionHistory, E | FetchHistoryError, R | TemporalClient> =>
    Stream.unwrap(Effect.gen(function*() {
      const checked = yield* validateIntoHistoriesOptions(options)
      const client = yield* TemporalClient
      const callOptions = { rpcTimeout: checked.rpcTimeout, rpcMetadata: checked.rpcMetadata }
      return Stream.mapEffect(
        executions,
        (execution) =>
          Effect.map(
            Stream.runCollect(
              client.getWorkflowHandle(execution.id, { runId: execution.runId }).fetchHistory(callOptions)
            ),
            (events): WorkflowExecutionHistory => ({ workflowId: execution.id, runId: execution.runId, events })
          ),
        { concurrency: checked.concurrency ?? 5 }
      )
    }))
)

/**
 * `layerConfig`: `layerConnect` from Temporal's env config (environment variables and a TOML profile).
 *
 * @since 0.1.0
 * @category layers
 */
export { layerConfig, type LayerConfigOptions } from "./TemporalClientConfig.js"
