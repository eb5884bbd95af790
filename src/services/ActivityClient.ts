/**
 * Standalone activities: activities a worker runs without a workflow,
 * started, followed and managed from the client. The same operations are on
 * `TemporalClient`; this service is for programs that only deal with
 * activities.
 *
 * ```ts
 * const activities = yield* ActivityClient.ActivityClient
 * const handle = yield* activities.startActivity(ChargeCard, {
 *   id: "charge-order-42",
 *   taskQueue: "payments",
 *   args: [{ orderId: "42", cents: 1999 }],
 *   startToCloseTimeout: "1 minute"
 * })
 * const receipt = yield* handle.result()
 * ```
 *
 * @since 1.0.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as ActivityDefinition from "../schema/ActivityDefinition.js"
import type { ActivityExecution, ActivityExecutionCount } from "../schema/ActivityExecution.js"
import type {
  ListActivitiesOptions,
  ListActivitiesPageOptions,
  StartActivityOptions
} from "../schema/ActivityOptions.js"
import type { RpcOptions } from "../schema/Common.js"
import type { ActivityAlreadyStartedError, CallError, SendPayloadsError } from "../schema/TemporalError.js"
import type { ActivityHandle, ActivityResultError } from "./ActivityHandle.js"

/**
 * Errors of starting a standalone activity. `InvalidArgumentError`: options
 * refused before any RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type StartActivityError = ActivityAlreadyStartedError | CallError | SendPayloadsError

/**
 * Errors of starting a standalone activity and waiting for its result.
 *
 * @since 1.0.0
 * @category errors
 */
export type ExecuteActivityError = StartActivityError | ActivityResultError

/**
 * Errors of listing and counting standalone activities: bad options are
 * caught before any RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type ListActivitiesError = CallError

/**
 * An activity given by definition or, untyped, by its type name.
 *
 * @since 1.0.0
 * @category models
 */
export type ActivityRef<Def extends ActivityDefinition.Any> = Def | string

/**
 * The definition an `ActivityRef` stands for.
 *
 * @since 1.0.0
 * @category models
 */
export type ActivityDefinitionOf<A> = A extends ActivityDefinition.Any ? A : ActivityDefinition.Untyped

/**
 * One page of `listActivitiesPage`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityExecutionPage {
  /** The executions on this page. */
  readonly executions: ReadonlyArray<ActivityExecution>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The standalone activity operations, as on `TemporalClient`.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityOperations {
  /**
   * Start a standalone activity; fails with `ActivityAlreadyStartedError`
   * when its ID is taken (per `idReusePolicy` / `idConflictPolicy`). The
   * options are checked before any RPC.
   */
  readonly startActivity: <A extends ActivityDefinition.Any | string>(
    activity: A,
    options: StartActivityOptions<ActivityDefinitionOf<A>>
  ) => Effect.Effect<ActivityHandle<ActivityDefinitionOf<A>>, StartActivityError>
  /** Start a standalone activity and wait for its result. */
  readonly executeActivity: <A extends ActivityDefinition.Any | string>(
    activity: A,
    options: StartActivityOptions<ActivityDefinitionOf<A>>
  ) => Effect.Effect<ActivityDefinition.Result<ActivityDefinitionOf<A>>, ExecuteActivityError>
  /** A handle to a standalone activity by ID (untyped; the latest run unless `runId`). No I/O. */
  readonly getActivityHandle: (
    activityId: string,
    options?: { readonly runId?: string | undefined }
  ) => ActivityHandle<ActivityDefinition.Untyped>
  /** A handle to a standalone activity by ID, typed by its definition. No I/O. */
  readonly getActivityHandleFor: <Def extends ActivityDefinition.Any>(
    definition: Def,
    activityId: string,
    options?: { readonly runId?: string | undefined }
  ) => ActivityHandle<Def>
  /**
   * Standalone activities matching a visibility query, page after page.
   * Visibility is eventually consistent: one just started may take a moment
   * to show.
   */
  readonly listActivities: (
    query?: string,
    options?: ListActivitiesOptions
  ) => Stream.Stream<ActivityExecution, ListActivitiesError>
  /** One page of standalone activities matching a visibility query. */
  readonly listActivitiesPage: (
    query: string | undefined,
    options?: ListActivitiesPageOptions
  ) => Effect.Effect<ActivityExecutionPage, ListActivitiesError>
  /** Count standalone activities matching a visibility query (with `GROUP BY` groups). */
  readonly countActivities: (
    query?: string,
    options?: RpcOptions
  ) => Effect.Effect<ActivityExecutionCount, ListActivitiesError>
}

/**
 * The standalone activity client.
 *
 * @since 1.0.0
 * @category tags
 */
export class ActivityClient extends Context.Service<
  ActivityClient,
  ActivityOperations
>()("effect-temporal/ActivityClient") {}
