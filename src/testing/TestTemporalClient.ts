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
import { listingStream, run, visibilityCall } from "../internal/testing/mockCalls.js"
import { mockNexusOperations } from "../internal/testing/nexusMock.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import { Connection } from "../services/Connection.js"
import { DataConverter, defaultDataConverter } from "../services/DataConverter.js"
import * as TemporalClient from "../services/TemporalClient.js"
import type * as WorkflowHandle from "../services/WorkflowHandle.js"
import * as FakeConnection from "./FakeConnection.js"
import type { MockCall, Operation, Reply, Script, WorkflowScript } from "./TestTemporalClient/script.js"

export * from "./TestTemporalClient/script.js"

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
    executeUpdateWithOptions: (name: string, options: ArgsOptions & { readonly updateId?: string | undefined }) =>
      Effect.flatMap(startUpdate(name, options), (update) => update.result()),
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
      Stream.die(new Error(`TestTemporalClient: fetchHistory of workflow "${target.workflowId}" is not mocked`)),
    fetchHistoryPage: () =>
      Effect.die(new Error(`TestTemporalClient: fetchHistoryPage of workflow "${target.workflowId}" is not mocked`)),
    reset: (options?: unknown) =>
      Effect.map(
        answer(mock, call("reset", undefined, [], options), (s) => s.reset, "reset: Effect.succeed(\"new-run-id\")"),
        (runId) => makeHandle(mock, { ...target, runId, firstExecutionRunId: target.firstExecutionRunId })
      ),
    delete: (options?: unknown) =>
      answer(mock, call("delete", undefined, [], options), (s) => s.delete, "delete: Effect.void"),
    pause: (options?: unknown) =>
      answer(mock, call("pause", undefined, [], options), (s) => s.pause, "pause: Effect.void"),
    unpause: (options?: unknown) =>
      answer(mock, call("unpause", undefined, [], options), (s) => s.unpause, "unpause: Effect.void"),
    updateOptions: (options?: unknown) =>
      answer(
        mock,
        call("updateOptions", undefined, [], options),
        (s) => s.updateOptions,
        "updateOptions: Effect.succeed({ versioningOverride: undefined, priority: undefined })"
      )
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
    visibilityCall((call) => record(mock, call), "listWorkflows", mock.script.listWorkflows, query, options)
  return {
    listWorkflowsPage: (query, options) =>
      Effect.map(listAll(query, options), (executions) => ({ executions, nextPageToken: undefined })),
    listWorkflows: (query, options = {}) => listingStream(listAll(query, options), options.limit),
    countWorkflows: (query, options) =>
      visibilityCall((call) => record(mock, call), "countWorkflows", mock.script.countWorkflows, query, options)
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
