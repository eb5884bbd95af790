/**
 * The options of a workflow start (`startWorkflow`, `executeWorkflow`,
 * `signalWithStart`) and of the start half of update-with-start, as the
 * caller writes them and as they are once checked.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"
import type {
  Payload,
  Priority,
  ResolvedRetryPolicy,
  RetryPolicy,
  VersioningOverride,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy
} from "../Common.js"
import type * as SearchAttributes from "../SearchAttributes.js"
import type * as WorkflowDefinition from "../WorkflowDefinition.js"
import type { CallOptions } from "./calls.js"

/**
 * Search attributes as given when starting a workflow: a typed collection
 * (`SearchAttributes.make([[SearchAttributeKey.keyword("Customer"), "c-1"]])`,
 * written with its type in the payload metadata as the official SDKs do), or
 * untyped values by attribute name.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchAttributesInput = SearchAttributes.SearchAttributesInput

/**
 * `args` of an options object: required when the workflow declares arguments,
 * optional when it takes none or does not declare them.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkflowArgsOption<A extends ReadonlyArray<unknown>> = readonly [] extends A ? {
    /** The workflow's arguments, encoded with the definition's `args` Schemas. */
    readonly args?: A | undefined
  }
  : {
    /** The workflow's arguments, encoded with the definition's `args` Schemas. */
    readonly args: A
  }

/**
 * Everything `startWorkflow` takes except `args` (see {@link StartWorkflowOptions}).
 *
 * @since 0.1.0
 * @category models
 */
export interface StartWorkflowOptionsBase<
  Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped,
  Signal extends WorkflowDefinition.SignalNames<Def> = WorkflowDefinition.SignalNames<Def>
> extends CallOptions {
  /** The workflow ID: unique among the namespace's running workflows. Required, non-empty. */
  readonly id: string
  /** The task queue workers poll for this workflow. Required, non-empty. */
  readonly taskQueue: string
  /** Limit on the whole execution, retries and continue-as-new included. Positive; absent or infinite = no limit. */
  readonly executionTimeout?: Duration.Input | undefined
  /** Limit on a single run. Positive; absent or infinite = no limit. */
  readonly runTimeout?: Duration.Input | undefined
  /** Limit on a single workflow task (the server's default is 10 s). Positive. */
  readonly taskTimeout?: Duration.Input | undefined
  /** What to do when the ID belongs to a closed workflow (server default `"AllowDuplicate"`). */
  readonly idReusePolicy?: WorkflowIdReusePolicy | undefined
  /** What to do when the ID belongs to a running workflow (server default `"Fail"`, `"UseExisting"` with a start signal). */
  readonly idConflictPolicy?: WorkflowIdConflictPolicy | undefined
  /** How the workflow is retried; absent = no retries. */
  readonly retryPolicy?: RetryPolicy | undefined
  /** A cron schedule (5 fields, or `@hourly`-style descriptors, `@every 1h`), for a cron workflow. Prefer schedules. */
  readonly cronSchedule?: string | undefined
  /** Memo: non-indexed values attached to the workflow, encoded by the data converter. */
  readonly memo?: Readonly<Record<string, unknown>> | undefined
  /** Search attributes: indexed values for visibility queries. */
  readonly searchAttributes?: SearchAttributesInput | undefined
  /** A single-line summary shown in the UI (encoded as a payload in the user metadata). */
  readonly staticSummary?: string | undefined
  /** Longer details shown in the UI (Markdown), encoded in the user metadata. */
  readonly staticDetails?: string | undefined
  /** Delay before the first workflow task is dispatched. Not with `cronSchedule`; zero = no delay. */
  readonly startDelay?: Duration.Input | undefined
  /** When set, the start is a signal-with-start sending this signal. */
  readonly startSignal?: Signal | undefined
  /** The arguments of `startSignal`. */
  readonly startSignalArgs?: WorkflowDefinition.SignalArgs<Def, Signal> | undefined
  /**
   * Eager start, kept for parity with the Python SDK; it has no effect here.
   * Eager start hands the first workflow task to a worker in the same
   * process as the client, and this library has no worker: a task handed
   * back to it would wait out its task timeout before any worker got it. So
   * the request always goes out with `requestEagerExecution: false`. The
   * option is still checked as the Python SDK does (not with `startSignal`,
   * nor in update-with-start).
   */
  readonly requestEagerStart?: boolean | undefined
  /** Priority and fairness of the workflow's tasks. */
  readonly priority?: Priority | undefined
  /** Override of the workflow's versioning behavior. */
  readonly versioningOverride?: VersioningOverride | undefined
  /** The request ID for the start (made once per call when absent); the same ID never starts twice. */
  readonly requestId?: string | undefined
  /** Headers of the start request, already payloads (interceptors usually set these). */
  readonly headers?: Readonly<Record<string, Payload>> | undefined
}

/**
 * The options of `startWorkflow` (and `executeWorkflow`, `signalWithStart`):
 * {@link StartWorkflowOptionsBase} plus `args`, typed by the definition.
 *
 * @since 0.1.0
 * @category models
 */
export type StartWorkflowOptions<
  Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped,
  Signal extends WorkflowDefinition.SignalNames<Def> = WorkflowDefinition.SignalNames<Def>
> = StartWorkflowOptionsBase<Def, Signal> & WorkflowArgsOption<WorkflowDefinition.Args<Def>>

/**
 * Start options after {@link validateStartWorkflowOptions}: durations decoded,
 * zero start delay and infinite timeouts dropped, defaults filled. Values that
 * become payloads (args, memo, search attributes, signal args) are passed
 * through for the data converter.
 *
 * @since 0.1.0
 * @category models
 */
export interface ValidatedStartWorkflowOptions {
  /** The workflow ID, non-empty. */
  readonly id: string
  /** The task queue, non-empty and not under the reserved `/_sys/` prefix. */
  readonly taskQueue: string
  /** The workflow's arguments, not yet encoded (`[]` when none were given). */
  readonly args: ReadonlyArray<unknown>
  /** Limit on the whole execution; absent = no limit (an infinite timeout is dropped). */
  readonly executionTimeout?: Duration.Duration | undefined
  /** Limit on a single run; absent = no limit (an infinite timeout is dropped). */
  readonly runTimeout?: Duration.Duration | undefined
  /** Limit on a single workflow task; absent = the server's default. */
  readonly taskTimeout?: Duration.Duration | undefined
  /** What to do when the ID belongs to a closed workflow; absent = the server's default. */
  readonly idReusePolicy?: WorkflowIdReusePolicy | undefined
  /** What to do when the ID belongs to a running workflow; absent = the server's default. */
  readonly idConflictPolicy?: WorkflowIdConflictPolicy | undefined
  /** The checked retry policy, intervals decoded; absent = no retries. */
  readonly retryPolicy?: ResolvedRetryPolicy | undefined
  /** The checked cron schedule; absent when none (or an empty one) was given. */
  readonly cronSchedule?: string | undefined
  /** Memo values, not yet encoded. */
  readonly memo?: Readonly<Record<string, unknown>> | undefined
  /** Search attributes as given (typed collection or untyped record), not yet encoded. */
  readonly searchAttributes?: SearchAttributesInput | undefined
  /** Single-line summary for the UI, not yet encoded. */
  readonly staticSummary?: string | undefined
  /** Longer details for the UI, not yet encoded. */
  readonly staticDetails?: string | undefined
  /** Delay before the first workflow task; absent when none or zero was given. */
  readonly startDelay?: Duration.Duration | undefined
  /** The signal of a signal-with-start; absent for a plain start. */
  readonly startSignal?: string | undefined
  /** The arguments of `startSignal`, not yet encoded (`[]` when none were given). */
  readonly startSignalArgs: ReadonlyArray<unknown>
  /** Whether eager start was asked for (`false` unless given); never sent, see `StartWorkflowOptions.requestEagerStart`. */
  readonly requestEagerStart: boolean
  /** The checked priority and fairness of the workflow's tasks. */
  readonly priority?: Priority | undefined
  /** The checked override of the workflow's versioning behavior. */
  readonly versioningOverride?: VersioningOverride | undefined
  /** The request ID given; absent = one is made for the call. */
  readonly requestId?: string | undefined
  /** Headers of the start request, already payloads. */
  readonly headers?: Readonly<Record<string, Payload>> | undefined
  /** Extra gRPC metadata for the start RPC. */
  readonly rpcMetadata?: CallOptions["rpcMetadata"]
  /** Deadline of the start RPC; absent = the default. */
  readonly rpcTimeout?: Duration.Duration | undefined
}

/**
 * The start half of update-with-start (Python `WithStartWorkflowOperation`):
 * the start options without those the server refuses in a multi-operation
 * (`cronSchedule`, `startDelay`, `requestEagerStart`, a start signal) and
 * without the RPC options (the update call has them), with `idConflictPolicy`
 * required.
 *
 * @since 0.1.0
 * @category models
 */
export interface WithStartWorkflowOperationOptionsBase extends
  Omit<
    StartWorkflowOptionsBase,
    | "idConflictPolicy"
    | "cronSchedule"
    | "startDelay"
    | "requestEagerStart"
    | "startSignal"
    | "startSignalArgs"
    | "rpcMetadata"
    | "rpcTimeout"
  >
{
  /** Required: what to do when the workflow is already running (`"UseExisting"` is the usual choice). */
  readonly idConflictPolicy: WorkflowIdConflictPolicy
}

/**
 * The options of a `WithStartWorkflowOperation`, with `args` typed by the
 * definition.
 *
 * @since 0.1.0
 * @category models
 */
export type WithStartWorkflowOperationOptions<Def extends WorkflowDefinition.Any = WorkflowDefinition.Untyped> =
  & WithStartWorkflowOperationOptionsBase
  & WorkflowArgsOption<WorkflowDefinition.Args<Def>>
