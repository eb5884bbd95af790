/**
 * The standalone activity client's Layer, and module-level accessors.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type * as ActivityDefinition from "../schema/ActivityDefinition.js"
import type { ActivityExecution, ActivityExecutionCount } from "../schema/ActivityExecution.js"
import type { ListActivitiesOptions, StartActivityOptions } from "../schema/ActivityOptions.js"
import type { RpcOptions } from "../schema/Common.js"
import {
  ActivityClient,
  type ActivityDefinitionOf,
  type ExecuteActivityError,
  type ListActivitiesError,
  type StartActivityError
} from "../services/ActivityClient.js"
import type { ActivityHandle } from "../services/ActivityHandle.js"
import { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/ActivityClient.js"

/**
 * The standalone activity client, from the `TemporalClient` (same
 * namespace, identity, data converter and interceptors).
 *
 * @since 1.0.0
 * @category layers
 */
export const layer: Layer.Layer<ActivityClient, never, TemporalClient> = Layer.effect(
  ActivityClient,
  Effect.map(TemporalClient, (client) =>
    ActivityClient.of({
      startActivity: client.startActivity,
      executeActivity: client.executeActivity,
      getActivityHandle: client.getActivityHandle,
      getActivityHandleFor: client.getActivityHandleFor,
      listActivities: client.listActivities,
      listActivitiesPage: client.listActivitiesPage,
      countActivities: client.countActivities
    }))
)

/**
 * Start a standalone activity, with the activity client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const startActivity = <A extends ActivityDefinition.Any | string>(
  activity: A,
  options: StartActivityOptions<ActivityDefinitionOf<A>>
): Effect.Effect<ActivityHandle<ActivityDefinitionOf<A>>, StartActivityError, ActivityClient> =>
  Effect.flatMap(ActivityClient, (client) => client.startActivity(activity, options))

/**
 * Start a standalone activity and wait for its result, with the activity
 * client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const executeActivity = <A extends ActivityDefinition.Any | string>(
  activity: A,
  options: StartActivityOptions<ActivityDefinitionOf<A>>
): Effect.Effect<ActivityDefinition.Result<ActivityDefinitionOf<A>>, ExecuteActivityError, ActivityClient> =>
  Effect.flatMap(ActivityClient, (client) => client.executeActivity(activity, options))

/**
 * Standalone activities matching a query, page after page, with the
 * activity client in context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const listActivities = (
  query?: string,
  options?: ListActivitiesOptions
): Stream.Stream<ActivityExecution, ListActivitiesError, ActivityClient> =>
  Stream.unwrap(Effect.map(ActivityClient, (client) => client.listActivities(query, options)))

/**
 * Count standalone activities matching a query, with the activity client in
 * context.
 *
 * @since 1.0.0
 * @category accessors
 */
export const countActivities = (
  query?: string,
  options?: RpcOptions
): Effect.Effect<ActivityExecutionCount, ListActivitiesError, ActivityClient> =>
  Effect.flatMap(ActivityClient, (client) => client.countActivities(query, options))
