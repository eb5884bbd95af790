/**
 * A scripted `TemporalClient` for unit tests of programs that use one: each
 * operation answers what the test scripts for it, per workflow ID or type,
 * and every call is recorded for assertions. Nothing talks to a server and
 * no payload is encoded; values go through as they are.
 *
 * ```ts
 * import { Effect } from "effect"
 * import { TestTemporalClient } from "effect-temporal/testing"
 *
 * const Mock = TestTemporalClient.layer({
 *   approveOrder: {
 *     result: Effect.succeed("approved"),
 *     signal: { approve: Effect.void }
 *   }
 * })
 * ```
 *
 * A reply is an Effect, or a function from the recorded call to an Effect
 * (to answer by argument, count calls, or wait). Scripts are looked up by
 * workflow ID first, then by workflow type (known from the definition, from
 * the start call, or from an earlier start of the same ID).
 *
 * Unscripted calls die with a defect that names the call and the workflow,
 * so a test never hangs on them. Two defaults: starting a workflow that has a
 * script entry succeeds (with run ID `mock-run-<n>`), and `executeWorkflow` /
 * `executeUpdate` are start-then-`result` as on the real client.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { mockActivityOperations } from "../internal/testing/activityMock.js"
import { mockNexusOperations } from "../internal/testing/nexusMock.js"
import type {
  ActivityExecution,
  ActivityExecutionCount,
  ActivityExecutionDescription,
  ActivityExecutionOptions
} from "../schema/ActivityExecution.js"
import type {
  NexusOperationExecution,
  NexusOperationExecutionCount,
  NexusOperationExecutionDescription
} from "../schema/NexusOperationExecution.js"
import type { RpcError } from "../schema/TemporalError.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type {
  WorkflowExecution,
  WorkflowExecutionCount,
  WorkflowExecutionDescription
} from "../schema/WorkflowExecution.js"
import type * as ActivityClient from "../services/ActivityClient.js"
import type * as ActivityHandle from "../services/ActivityHandle.js"
import { Connection } from "../services/Connection.js"
import { DataConverter, defaultDataConverter } from "../services/DataConverter.js"
import type * as NexusClient from "../services/NexusClient.js"
import type * as NexusOperationHandle from "../services/NexusOperationHandle.js"
import * as TemporalClient from "../services/TemporalClient.js"
import type * as WorkflowHandle from "../services/WorkflowHandle.js"
import type * as WorkflowUpdateHandle from "../services/WorkflowUpdateHandle.js"
import * as FakeConnection from "./FakeConnection.js"

/**
 * The operations the mock records.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation =
  | "startWorkflow"
  | "signalWithStart"
  | "result"
  | "signal"
  | "query"
  | "startUpdate"
  | "updateResult"
  | "cancel"
  | "terminate"
  | "describe"
  | "listWorkflows"
  | "countWorkflows"
  | "startActivity"
  | "activityResult"
  | "describeActivity"
  | "cancelActivity"
  | "terminateActivity"
  | "pauseActivity"
  | "unpauseActivity"
  | "updateActivityOptions"
  | "restoreActivityOptions"
  | "listActivities"
  | "countActivities"
  | "startNexusOperation"
  | "nexusOperationResult"
  | "describeNexusOperation"
  | "cancelNexusOperation"
  | "terminateNexusOperation"
  | "listNexusOperations"
  | "countNexusOperations"

/**
 * One call the mock got.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockCall {
  /** The operation called, e.g. `startWorkflow`, `signal`, `listWorkflows`. */
  readonly operation: Operation
  /** The workflow ID (empty for list and count, and for standalone activity calls). */
  readonly workflowId: string
  /** The workflow type, when known. */
  readonly workflowType: string | undefined
  /** The signal, query or update name; the query string of list and count. */
  readonly name: string | undefined
  /** The arguments of the call (workflow, signal, query or update arguments). */
  readonly args: ReadonlyArray<unknown>
  /** The options the call was given. */
  readonly options: unknown
  /** The activity ID, for standalone activity calls. */
  readonly activityId?: string | undefined
  /** The activity type, for standalone activity calls, when known. */
  readonly activityType?: string | undefined
  /** The operation ID, for Nexus operation calls. */
  readonly operationId?: string | undefined
  /** The endpoint, for Nexus operation calls, when known. */
  readonly endpoint?: string | undefined
}

/**
 * A scripted answer: an Effect, or a function of the call to an Effect.
 *
 * @since 0.1.0
 * @category models
 */
export type Reply<A, E> = Effect.Effect<A, E> | ((call: MockCall) => Effect.Effect<A, E>)

/**
 * The script of one workflow (by ID or type). Each field is optional;
 * unscripted calls die naming the call.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowScript {
  /** Answer of `startWorkflow` / `signalWithStart`; may fail with a start error. Default: success. */
  readonly start?: Reply<void, TemporalClient.StartWorkflowError> | undefined
  /** Answer of `handle.result()` (and so `executeWorkflow`). */
  readonly result?: Reply<unknown, WorkflowHandle.WorkflowResultError> | undefined
  /** Answers of `handle.signal(name, ...)`, by signal name. */
  readonly signal?: Readonly<Record<string, Reply<void, WorkflowHandle.SignalError>>> | undefined
  /** Answers of `handle.query(name, ...)`, by query name. */
  readonly query?: Readonly<Record<string, Reply<unknown, WorkflowHandle.QueryError>>> | undefined
  /** Answers of updates (`executeUpdate`, and `startUpdate` then `result`), by update name. */
  readonly update?: Readonly<Record<string, Reply<unknown, WorkflowUpdateHandle.WorkflowUpdateResultError>>> | undefined
  /** Answer of `handle.cancel()`. */
  readonly cancel?: Reply<void, WorkflowHandle.WorkflowCallError> | undefined
  /** Answer of `handle.terminate()`; may fail with `WorkflowAlreadyCompletedError`, as a closed workflow does. */
  readonly terminate?: Reply<void, WorkflowHandle.TerminateError> | undefined
  /** Answer of `handle.describe()`. */
  readonly describe?: Reply<WorkflowExecutionDescription, WorkflowHandle.WorkflowCallError> | undefined
}

/**
 * The script of one standalone activity (by activity ID or type). Each
 * field is optional; unscripted calls die naming the call.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityScript {
  /** Answer of `startActivity`; may fail with a start error. Default: success. */
  readonly start?: Reply<void, ActivityClient.StartActivityError> | undefined
  /** Answer of `handle.result()` (and so `executeActivity`). */
  readonly result?: Reply<unknown, ActivityHandle.ActivityResultError> | undefined
  /** Answer of `handle.describe()`. */
  readonly describe?: Reply<ActivityExecutionDescription, ActivityHandle.DescribeActivityError> | undefined
  /** Answer of `handle.cancel()`. */
  readonly cancel?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.terminate()`. */
  readonly terminate?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.pause()`. */
  readonly pause?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.unpause()`. */
  readonly unpause?: Reply<void, ActivityHandle.ActivityCallError> | undefined
  /** Answer of `handle.updateOptions()` and `handle.restoreOriginalOptions()`. */
  readonly updateOptions?: Reply<ActivityExecutionOptions, ActivityHandle.ActivityCallError> | undefined
}

/**
 * The script of one Nexus operation (by operation ID, or by
 * `"service/operation"`). Each field is optional; unscripted calls die
 * naming the call.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusOperationScript {
  /** Answer of `startOperation`; may fail with a start error. Default: success. */
  readonly start?: Reply<void, NexusClient.StartNexusOperationError> | undefined
  /** Answer of `handle.result()` (and so `executeOperation`). */
  readonly result?: Reply<unknown, NexusOperationHandle.NexusOperationResultError> | undefined
  /** Answer of `handle.describe()`. */
  readonly describe?:
    | Reply<NexusOperationExecutionDescription, NexusOperationHandle.DescribeNexusOperationError>
    | undefined
  /** Answer of `handle.cancel()`. */
  readonly cancel?: Reply<void, NexusOperationHandle.NexusOperationCallError> | undefined
  /** Answer of `handle.terminate()`. */
  readonly terminate?: Reply<void, NexusOperationHandle.NexusOperationCallError> | undefined
}

/**
 * The whole script: workflow scripts by workflow ID or type, activity
 * scripts by activity ID or type, and the answers of the list and count
 * calls.
 *
 * @since 0.1.0
 * @category models
 */
export interface Script {
  /** Workflow scripts, keyed by workflow ID or workflow type (the ID is looked up first). */
  readonly workflows?: Readonly<Record<string, WorkflowScript>> | undefined
  /** Answer of `listWorkflows` and `listWorkflowsPage`: every matching execution (one page; `limit` still applies). */
  readonly listWorkflows?: Reply<ReadonlyArray<WorkflowExecution>, RpcError> | undefined
  /** Answer of `countWorkflows`. */
  readonly countWorkflows?: Reply<WorkflowExecutionCount, RpcError> | undefined
  /** Standalone activity scripts, keyed by activity ID or type (the ID is looked up first). */
  readonly activities?: Readonly<Record<string, ActivityScript>> | undefined
  /** Answer of `listActivities` and `listActivitiesPage`: every matching execution (one page; `limit` still applies). */
  readonly listActivities?: Reply<ReadonlyArray<ActivityExecution>, RpcError> | undefined
  /** Answer of `countActivities`. */
  readonly countActivities?: Reply<ActivityExecutionCount, RpcError> | undefined
  /** Nexus operation scripts, keyed by operation ID or `"service/operation"` (the ID is looked up first). */
  readonly nexusOperations?: Readonly<Record<string, NexusOperationScript>> | undefined
  /** Answer of `listNexusOperations` and `listNexusOperationsPage`. */
  readonly listNexusOperations?: Reply<ReadonlyArray<NexusOperationExecution>, RpcError> | undefined
  /** Answer of `countNexusOperations`. */
  readonly countNexusOperations?: Reply<NexusOperationExecutionCount, RpcError> | undefined
}

/**
 * The recorded calls, provided next to the client by {@link layer}.
 *
 * @since 0.1.0
 * @category tags
 */
export class TestTemporalClient extends Context.Service<
  TestTemporalClient,
  {
    /** Every call, in order. */
    readonly calls: Effect.Effect<ReadonlyArray<MockCall>>
  }
>()("effect-temporal/testing/TestTemporalClient") {}

const run = <A, E>(reply: Reply<A, E>, call: MockCall): Effect.Effect<A, E> =>
  typeof reply === "function" ? reply(call) : reply

const describeCall = (call: MockCall): string =>
  `${call.operation}${call.name !== undefined ? `("${call.name}")` : ""} of workflow "${call.workflowId}"` +
  (call.workflowType !== undefined && call.workflowType !== "" ? ` (type "${call.workflowType}")` : "")

/** The mock's state: its script, the call log, the workflow types seen by ID, and a counter for IDs. */
interface Mock {
  readonly script: Script
  readonly workflows: Readonly<Record<string, WorkflowScript>>
  readonly log: Ref.Ref<ReadonlyArray<MockCall>>
  readonly types: Map<string, string>
  counter: number
}

const scriptOf = (mock: Mock, workflowId: string, workflowType: string | undefined): WorkflowScript | undefined => {
  const known = mock.types.get(workflowId)
  return mock.workflows[workflowId] ?? (workflowType ? mock.workflows[workflowType] : undefined) ??
    (known !== undefined ? mock.workflows[known] : undefined)
}

const record = (mock: Mock, call: MockCall) => Ref.update(mock.log, (all) => [...all, call])

const unscripted = (call: MockCall, hint: string) =>
  Effect.die(
    new Error(
      `TestTemporalClient: no script for ${describeCall(call)}; script it with { workflows: { "${
        call.workflowType || call.workflowId
      }": { ${hint} } } }`
    )
  )

/** Record the call, then answer it with the script's reply (or die naming it). */
const answer = <A, E>(
  mock: Mock,
  call: MockCall,
  pick: (script: WorkflowScript) => Reply<A, E> | undefined,
  hint: string
): Effect.Effect<A, E> =>
  Effect.andThen(
    record(mock, call),
    Effect.suspend(() => {
      const found = scriptOf(mock, call.workflowId, call.workflowType)
      const reply = found !== undefined ? pick(found) : undefined
      return reply !== undefined ? run(reply, call) : unscripted(call, hint)
    })
  )

interface HandleTarget {
  readonly definition: WorkflowDefinition.Any
  readonly workflowId: string
  readonly runId: string | undefined
  readonly firstExecutionRunId: string | undefined
}

const callOn = (mock: Mock, target: HandleTarget) =>
(
  operation: Operation,
  name: string | undefined,
  args: ReadonlyArray<unknown>,
  options: unknown
): MockCall => ({
  operation,
  workflowId: target.workflowId,
  workflowType: target.definition.name || mock.types.get(target.workflowId),
  name,
  args,
  options
})

const updateHandle = (
  mock: Mock,
  target: HandleTarget,
  update: { readonly updateId: string; readonly name: string; readonly args: ReadonlyArray<unknown> },
  options: unknown
) => ({
  updateId: update.updateId,
  name: update.name,
  workflowId: target.workflowId,
  workflowRunId: target.runId,
  result: (resultOptions?: unknown) =>
    answer(
      mock,
      callOn(mock, target)("updateResult", update.name, update.args, {
        ...(options as object),
        ...(resultOptions as object)
      }),
      (s) => s.update?.[update.name],
      `update: { ${update.name}: Effect.succeed(...) }`
    )
})

/** A workflow handle whose every call is recorded and answered by the script. */
const makeHandle = <Def extends WorkflowDefinition.Any>(
  mock: Mock,
  target: HandleTarget
): WorkflowHandle.WorkflowHandle<Def> => {
  const call = callOn(mock, target)
  type ArgsOptions = { readonly args: ReadonlyArray<unknown> }
  const signalWithOptions = (name: string, options: ArgsOptions) =>
    answer(
      mock,
      call("signal", name, options.args, options),
      (s) => s.signal?.[name],
      `signal: { ${name}: Effect.void }`
    )
  const queryWithOptions = (name: string, options: ArgsOptions) =>
    answer(
      mock,
      call("query", name, options.args, options),
      (s) => s.query?.[name],
      `query: { ${name}: Effect.succeed(...) }`
    )
  const startUpdate = (name: string, options: ArgsOptions & { readonly updateId?: string | undefined }) =>
    Effect.as(
      record(mock, call("startUpdate", name, options.args, options)),
      updateHandle(
        mock,
        target,
        { updateId: options.updateId ?? `mock-update-${++mock.counter}`, name, args: options.args },
        options
      )
    )
  const handle = {
    definition: target.definition,
    workflowId: target.workflowId,
    runId: target.runId,
    resultRunId: target.runId,
    firstExecutionRunId: target.firstExecutionRunId,
    result: (options?: unknown) =>
      answer(mock, call("result", undefined, [], options), (s) => s.result, "result: Effect.succeed(...)"),
    signal: (name: string, ...args: ReadonlyArray<unknown>) => signalWithOptions(name, { args }),
    signalWithOptions,
    query: (name: string, ...args: ReadonlyArray<unknown>) => queryWithOptions(name, { args }),
    queryWithOptions,
    executeUpdate: (name: string, ...args: ReadonlyArray<unknown>) =>
      Effect.flatMap(startUpdate(name, { args }), (update) => update.result()),
    startUpdate,
    getUpdateHandle: (updateId: string, name?: string) =>
      updateHandle(mock, target, { updateId, name: name ?? "", args: [] }, undefined),
    cancel: (options?: unknown) =>
      answer(mock, call("cancel", undefined, [], options), (s) => s.cancel, "cancel: Effect.void"),
    terminate: (options?: unknown) =>
      answer(mock, call("terminate", undefined, [], options), (s) => s.terminate, "terminate: Effect.void"),
    describe: (options?: unknown) =>
      answer(mock, call("describe", undefined, [], options), (s) => s.describe, "describe: Effect.succeed(...)"),
    fetchHistory: () =>
      Stream.die(new Error(`TestTemporalClient: fetchHistory of workflow "${target.workflowId}" is not mocked`))
  }
  // The handle is built from untyped parts (values go through as they are); its type is the definition's.
  return handle as unknown as WorkflowHandle.WorkflowHandle<Def>
}

const toDefinition = (workflow: WorkflowDefinition.Any | string): WorkflowDefinition.Any =>
  typeof workflow === "string" ? WorkflowDefinition.untyped(workflow) : workflow

type StartOptions = { readonly id: string; readonly args?: ReadonlyArray<unknown> | undefined }

/** A start (or signal-with-start): recorded, answered by the script's `start` (default: success). */
const start = (
  mock: Mock,
  operation: "startWorkflow" | "signalWithStart",
  workflow: WorkflowDefinition.Any | string,
  options: StartOptions
) => {
  const definition = toDefinition(workflow)
  const call: MockCall = {
    operation,
    workflowId: options.id,
    workflowType: definition.name,
    name: (options as { readonly startSignal?: string }).startSignal,
    args: options.args ?? [],
    options
  }
  return Effect.gen(function*() {
    yield* record(mock, call)
    const found = scriptOf(mock, options.id, definition.name)
    if (found === undefined) return yield* unscripted(call, "start: Effect.void")
    if (found.start !== undefined) yield* run(found.start, call)
    mock.types.set(options.id, definition.name)
    const runId = `mock-run-${++mock.counter}`
    return makeHandle(mock, { definition, workflowId: options.id, runId, firstExecutionRunId: runId })
  })
}

/** `listWorkflows` / `countWorkflows`: recorded, answered by the script's reply. */
const visibilityCall = <A>(
  mock: Mock,
  operation: "listWorkflows" | "countWorkflows",
  reply: Reply<A, RpcError> | undefined,
  query: string | undefined,
  options: unknown
) => {
  const call: MockCall = { operation, workflowId: "", workflowType: undefined, name: query, args: [], options }
  return Effect.andThen(
    record(mock, call),
    reply !== undefined
      ? run(reply, call)
      : Effect.die(
        new Error(`TestTemporalClient: ${operation}("${query ?? ""}") is not scripted; give ${operation}`)
      )
  )
}

type Shape = TemporalClient.TemporalClientShape

type WorkflowOperation =
  | "startWorkflow"
  | "executeWorkflow"
  | "signalWithStart"
  | "startUpdateWithStart"
  | "executeUpdateWithStart"
type UntypedUpdateWithStart = TemporalClient.UpdateWithStartOptions<WorkflowDefinition.Untyped, string>

/**
 * The workflow operations of the client, mocked. They are generic in the
 * workflow definition; the mock serves them untyped (values go through as
 * they are), hence the casts.
 */
const workflowOperations = (mock: Mock): Pick<Shape, WorkflowOperation> => {
  const startWorkflow = (workflow: WorkflowDefinition.Any | string, options: StartOptions) =>
    start(
      mock,
      (options as { readonly startSignal?: string }).startSignal !== undefined ? "signalWithStart" : "startWorkflow",
      workflow,
      options
    )
  const executeWorkflow = (workflow: WorkflowDefinition.Any | string, options: StartOptions) =>
    Effect.flatMap(start(mock, "startWorkflow", workflow, options), (handle) => handle.result())
  const signalWithStart = (workflow: WorkflowDefinition.Any | string, options: StartOptions) =>
    start(mock, "signalWithStart", workflow, options)
  const startUpdateWithStart = (update: string, options: UntypedUpdateWithStart) =>
    Effect.gen(function*() {
      const operation = options.startWorkflowOperation
      const workflowHandle = yield* start(mock, "startWorkflow", operation.workflow, operation.options)
      const updateHandle = yield* workflowHandle.startUpdate(update, {
        args: options.args,
        ...(options.updateId !== undefined ? { updateId: options.updateId } : {})
      })
      return { workflowHandle, updateHandle }
    })
  const executeUpdateWithStart = (update: string, options: UntypedUpdateWithStart) =>
    Effect.flatMap(startUpdateWithStart(update, options), ({ updateHandle }) => updateHandle.result())
  return {
    startWorkflow: startWorkflow as unknown as Shape["startWorkflow"],
    executeWorkflow: executeWorkflow as unknown as Shape["executeWorkflow"],
    signalWithStart: signalWithStart as unknown as Shape["signalWithStart"],
    startUpdateWithStart: startUpdateWithStart as unknown as Shape["startUpdateWithStart"],
    executeUpdateWithStart: executeUpdateWithStart as unknown as Shape["executeUpdateWithStart"]
  }
}

/** Handles by workflow ID, mocked. */
const handleOperations = (mock: Mock): Pick<Shape, "getWorkflowHandle" | "getWorkflowHandleFor"> => ({
  getWorkflowHandle: (workflowId, options = {}) =>
    makeHandle(mock, {
      definition: WorkflowDefinition.untyped(""),
      workflowId,
      runId: options.runId,
      firstExecutionRunId: options.firstExecutionRunId
    }),
  getWorkflowHandleFor: (definition, workflowId, options = {}) =>
    makeHandle(mock, { definition, workflowId, runId: options.runId, firstExecutionRunId: options.firstExecutionRunId })
})

/** The list and count operations of the client, mocked. */
const visibilityOperations = (mock: Mock): Pick<Shape, "listWorkflowsPage" | "listWorkflows" | "countWorkflows"> => {
  const listAll = (query: string | undefined, options: unknown) =>
    visibilityCall(mock, "listWorkflows", mock.script.listWorkflows, query, options)
  return {
    listWorkflowsPage: (query, options) =>
      Effect.map(listAll(query, options), (executions) => ({ executions, nextPageToken: undefined })),
    listWorkflows: (query, options = {}) => {
      const all = Stream.flatMap(Stream.fromEffect(listAll(query, options)), Stream.fromIterable)
      return options.limit !== undefined ? Stream.take(all, options.limit) : all
    },
    countWorkflows: (query, options) =>
      visibilityCall(mock, "countWorkflows", mock.script.countWorkflows, query, options)
  }
}

/**
 * Build the mock client and its call log.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  script: Script
): Effect.Effect<
  { readonly client: TemporalClient.TemporalClientShape; readonly calls: Effect.Effect<ReadonlyArray<MockCall>> }
> =>
  Effect.gen(function*() {
    const mock: Mock = {
      script,
      workflows: script.workflows ?? {},
      log: yield* Ref.make<ReadonlyArray<MockCall>>([]),
      types: new Map(),
      counter: 0
    }
    const fake = yield* FakeConnection.make({}, {
      identity: "test-temporal-client",
      unhandled: { die: "TestTemporalClient: this operation is not mocked; it made the RPC" }
    })
    // The operations not mocked here (schedules, async activity completion, build IDs)
    // come from a real client whose every RPC dies naming itself.
    const base = yield* TemporalClient.make().pipe(
      Effect.provideService(Connection, fake.connection),
      Effect.provideService(DataConverter, defaultDataConverter)
    )
    const client: TemporalClient.TemporalClientShape = {
      ...base,
      ...workflowOperations(mock),
      ...handleOperations(mock),
      ...visibilityOperations(mock),
      ...mockActivityOperations({ script, record: (call) => record(mock, call), next: () => ++mock.counter }),
      ...mockNexusOperations({ script, record: (call) => record(mock, call), next: () => ++mock.counter })
    }
    return { client, calls: Ref.get(mock.log) }
  })

/**
 * The mock as `TemporalClient`, with its call log as `TestTemporalClient`.
 * Takes the workflow scripts directly, or a whole {@link Script}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  script: Readonly<Record<string, WorkflowScript>> | Script
): Layer.Layer<TemporalClient.TemporalClient | TestTemporalClient> =>
  Layer.effectContext(
    Effect.map(
      make(isScript(script) ? script : { workflows: script as Readonly<Record<string, WorkflowScript>> }),
      ({ calls, client }) =>
        Context.make(TemporalClient.TemporalClient, client).pipe(Context.add(TestTemporalClient, { calls }))
    )
  )

const scriptKeys = new Set([
  "workflows",
  "listWorkflows",
  "countWorkflows",
  "activities",
  "listActivities",
  "countActivities",
  "nexusOperations",
  "listNexusOperations",
  "countNexusOperations"
])
const isScript = (u: Readonly<Record<string, WorkflowScript>> | Script): u is Script => {
  const keys = Object.keys(u)
  return keys.length > 0 && keys.every((key) => scriptKeys.has(key))
}

/**
 * Every call the mock got, in order.
 *
 * @since 0.1.0
 * @category accessors
 */
export const calls: Effect.Effect<ReadonlyArray<MockCall>, never, TestTemporalClient> = Effect.flatMap(
  TestTemporalClient,
  (mock) => mock.calls
)

/**
 * The calls of one operation (and, optionally, one signal/query/update name).
 *
 * @since 0.1.0
 * @category accessors
 */
export const callsOf = (
  operation: Operation,
  name?: string
): Effect.Effect<ReadonlyArray<MockCall>, never, TestTemporalClient> =>
  Effect.map(
    calls,
    (all) => all.filter((call) => call.operation === operation && (name === undefined || call.name === name))
  )
