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
import type { RpcError } from "../schema/TemporalError.js"
import * as WorkflowDefinition from "../schema/WorkflowDefinition.js"
import type {
  WorkflowExecution,
  WorkflowExecutionCount,
  WorkflowExecutionDescription
} from "../schema/WorkflowExecution.js"
import { Connection } from "../services/Connection.js"
import { DataConverter, defaultDataConverter } from "../services/DataConverter.js"
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

/**
 * One call the mock got.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockCall {
  /** The operation called, e.g. `startWorkflow`, `signal`, `listWorkflows`. */
  readonly operation: Operation
  /** The workflow ID (empty for list and count). */
  readonly workflowId: string
  /** The workflow type, when known. */
  readonly workflowType: string | undefined
  /** The signal, query or update name; the query string of list and count. */
  readonly name: string | undefined
  /** The arguments of the call (workflow, signal, query or update arguments). */
  readonly args: ReadonlyArray<unknown>
  /** The options the call was given. */
  readonly options: unknown
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
 * The whole script: workflow scripts by workflow ID or type, and the
 * answers of `listWorkflows` and `countWorkflows`.
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
    const log = yield* Ref.make<ReadonlyArray<MockCall>>([])
    const types = new Map<string, string>()
    let runs = 0
    const fake = yield* FakeConnection.make({}, {
      identity: "test-temporal-client",
      unhandled: { die: "TestTemporalClient: this operation is not mocked; it made the RPC" }
    })
    // The operations not mocked here (schedules, async activities, build IDs)
    // come from a real client whose every RPC dies naming itself.
    const base = yield* TemporalClient.make().pipe(
      Effect.provideService(Connection, fake.connection),
      Effect.provideService(DataConverter, defaultDataConverter)
    )
    const context = base.context
    const workflows = script.workflows ?? {}
    const scriptOf = (workflowId: string, workflowType: string | undefined): WorkflowScript | undefined =>
      workflows[workflowId] ?? (workflowType ? workflows[workflowType] : undefined) ??
        (types.has(workflowId) ? workflows[types.get(workflowId)!] : undefined)

    const record = (call: MockCall) => Ref.update(log, (all) => [...all, call])
    const unscripted = (call: MockCall, hint: string) =>
      Effect.die(
        new Error(
          `TestTemporalClient: no script for ${describeCall(call)}; script it with { workflows: { "${
            call.workflowType || call.workflowId
          }": { ${hint} } } }`
        )
      )

    const answer = <A, E>(
      call: MockCall,
      pick: (script: WorkflowScript) => Reply<A, E> | undefined,
      hint: string
    ): Effect.Effect<A, E> =>
      Effect.andThen(
        record(call),
        Effect.suspend(() => {
          const found = scriptOf(call.workflowId, call.workflowType)
          const reply = found !== undefined ? pick(found) : undefined
          return reply !== undefined ? run(reply, call) : unscripted(call, hint)
        })
      )

    const makeHandle = <Def extends WorkflowDefinition.Any>(
      definition: Def,
      workflowId: string,
      runId: string | undefined,
      firstExecutionRunId: string | undefined
    ): WorkflowHandle.WorkflowHandle<Def> => {
      const typeOf = () => definition.name || types.get(workflowId)
      const call = (
        operation: Operation,
        name: string | undefined,
        args: ReadonlyArray<unknown>,
        options: unknown
      ): MockCall => ({
        operation,
        workflowId,
        workflowType: typeOf(),
        name,
        args,
        options
      })
      const updateHandle = (updateId: string, name: string, args: ReadonlyArray<unknown>, options: unknown) => ({
        updateId,
        name,
        workflowId,
        workflowRunId: runId,
        result: (resultOptions?: unknown) =>
          answer(
            call("updateResult", name, args, { ...(options as object), ...(resultOptions as object) }),
            (s) => s.update?.[name],
            `update: { ${name}: Effect.succeed(...) }`
          )
      })
      const signalWithOptions = (name: string, options: { readonly args: ReadonlyArray<unknown> }) =>
        answer(call("signal", name, options.args, options), (s) => s.signal?.[name], `signal: { ${name}: Effect.void }`)
      const queryWithOptions = (name: string, options: { readonly args: ReadonlyArray<unknown> }) =>
        answer(
          call("query", name, options.args, options),
          (s) => s.query?.[name],
          `query: { ${name}: Effect.succeed(...) }`
        )
      const startUpdate = (
        name: string,
        options: { readonly args: ReadonlyArray<unknown>; readonly updateId?: string | undefined }
      ) =>
        Effect.as(
          record(call("startUpdate", name, options.args, options)),
          updateHandle(options.updateId ?? `mock-update-${++runs}`, name, options.args, options)
        )
      const handle = {
        definition,
        workflowId,
        runId,
        resultRunId: runId,
        firstExecutionRunId,
        result: (options?: unknown) =>
          answer(call("result", undefined, [], options), (s) => s.result, "result: Effect.succeed(...)"),
        signal: (name: string, ...args: ReadonlyArray<unknown>) => signalWithOptions(name, { args }),
        signalWithOptions,
        query: (name: string, ...args: ReadonlyArray<unknown>) => queryWithOptions(name, { args }),
        queryWithOptions,
        executeUpdate: (name: string, ...args: ReadonlyArray<unknown>) =>
          Effect.flatMap(startUpdate(name, { args }), (update) => update.result()),
        startUpdate,
        getUpdateHandle: (updateId: string, name?: string) => updateHandle(updateId, name ?? "", [], undefined),
        cancel: (options?: unknown) =>
          answer(call("cancel", undefined, [], options), (s) => s.cancel, "cancel: Effect.void"),
        terminate: (options?: unknown) =>
          answer(call("terminate", undefined, [], options), (s) => s.terminate, "terminate: Effect.void"),
        describe: (options?: unknown) =>
          answer(call("describe", undefined, [], options), (s) => s.describe, "describe: Effect.succeed(...)"),
        fetchHistory: () =>
          Stream.die(new Error(`TestTemporalClient: fetchHistory of workflow "${workflowId}" is not mocked`))
      }
      return handle as unknown as WorkflowHandle.WorkflowHandle<Def>
    }

    const toDefinition = (workflow: WorkflowDefinition.Any | string): WorkflowDefinition.Any =>
      typeof workflow === "string" ? WorkflowDefinition.untyped(workflow) : workflow

    const start = (
      operation: "startWorkflow" | "signalWithStart",
      workflow: WorkflowDefinition.Any | string,
      options: { readonly id: string; readonly args?: ReadonlyArray<unknown> | undefined }
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
        yield* record(call)
        const found = scriptOf(options.id, definition.name)
        if (found === undefined) return yield* unscripted(call, "start: Effect.void")
        if (found.start !== undefined) yield* run(found.start, call)
        types.set(options.id, definition.name)
        const runId = `mock-run-${++runs}`
        return makeHandle(definition, options.id, runId, runId)
      })
    }

    const client: TemporalClient.TemporalClientShape = {
      ...base,
      namespace: context.namespace,
      identity: context.identity,
      connection: fake.connection,
      dataConverter: defaultDataConverter,
      context,
      startWorkflow: ((workflow: WorkflowDefinition.Any | string, options: { readonly id: string }) =>
        start(
          (options as { readonly startSignal?: string }).startSignal !== undefined
            ? "signalWithStart"
            : "startWorkflow",
          workflow,
          options
        )) as unknown as TemporalClient.TemporalClientShape["startWorkflow"],
      executeWorkflow: ((workflow: WorkflowDefinition.Any | string, options: { readonly id: string }) =>
        Effect.flatMap(
          start("startWorkflow", workflow, options),
          (handle) => handle.result()
        )) as unknown as TemporalClient.TemporalClientShape[
          "executeWorkflow"
        ],
      signalWithStart: ((workflow: WorkflowDefinition.Any | string, options: { readonly id: string }) =>
        start("signalWithStart", workflow, options)) as unknown as TemporalClient.TemporalClientShape[
          "signalWithStart"
        ],
      startUpdateWithStart:
        ((update: string, options: TemporalClient.UpdateWithStartOptions<WorkflowDefinition.Untyped, string>) =>
          Effect.gen(function*() {
            const operation = options.startWorkflowOperation
            const workflowHandle = yield* start("startWorkflow", operation.workflow, operation.options)
            const updateHandle = yield* workflowHandle.startUpdate(update, {
              args: options.args,
              ...(options.updateId !== undefined ? { updateId: options.updateId } : {})
            })
            return { workflowHandle, updateHandle }
          })) as unknown as TemporalClient.TemporalClientShape["startUpdateWithStart"],
      executeUpdateWithStart:
        ((update: string, options: TemporalClient.UpdateWithStartOptions<WorkflowDefinition.Untyped, string>) =>
          Effect.flatMap(
            client.startUpdateWithStart(update, options),
            ({ updateHandle }) =>
              updateHandle.result()
          )) as unknown as TemporalClient.TemporalClientShape["executeUpdateWithStart"],
      getWorkflowHandle: (workflowId, options = {}) =>
        makeHandle(WorkflowDefinition.untyped(""), workflowId, options.runId, options.firstExecutionRunId),
      getWorkflowHandleFor: (definition, workflowId, options = {}) =>
        makeHandle(definition, workflowId, options.runId, options.firstExecutionRunId),
      listWorkflowsPage: (query, options) =>
        Effect.map(listAll(query, options), (executions) => ({ executions, nextPageToken: undefined })),
      listWorkflows: (query, options = {}) => {
        const all = Stream.flatMap(
          Stream.fromEffect(listAll(query, options)),
          (executions) => Stream.fromIterable(executions)
        )
        return options.limit !== undefined ? Stream.take(all, options.limit) : all
      },
      countWorkflows: (query, options) => {
        const call: MockCall = {
          operation: "countWorkflows",
          workflowId: "",
          workflowType: undefined,
          name: query,
          args: [],
          options
        }
        return Effect.andThen(
          record(call),
          script.countWorkflows !== undefined
            ? run(script.countWorkflows, call)
            : Effect.die(
              new Error(`TestTemporalClient: countWorkflows("${query ?? ""}") is not scripted; give countWorkflows`)
            )
        )
      }
    }
    const listAll = (query: string | undefined, options: unknown) => {
      const call: MockCall = {
        operation: "listWorkflows",
        workflowId: "",
        workflowType: undefined,
        name: query,
        args: [],
        options
      }
      return Effect.andThen(
        record(call),
        script.listWorkflows !== undefined
          ? run(script.listWorkflows, call)
          : Effect.die(
            new Error(`TestTemporalClient: listWorkflows("${query ?? ""}") is not scripted; give listWorkflows`)
          )
      )
    }
    return { client: TemporalClient.TemporalClient.of(client), calls: Ref.get(log) }
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

const scriptKeys = new Set(["workflows", "listWorkflows", "countWorkflows"])
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
