/**
 * The schedule client's Layer, and module-level accessors.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type { ScheduleInput, ScheduleListDescription } from "../schema/TemporalSchedule.js"
import {
  type CreateScheduleError,
  type CreateScheduleOptions,
  type ListSchedulesError,
  type ListSchedulesOptions,
  ScheduleClient
} from "../services/ScheduleClient.js"
import type { ScheduleHandle } from "../services/ScheduleHandle.js"
import { TemporalClient } from "../services/TemporalClient.js"

export * from "../services/ScheduleClient.js"

/**
 * The schedule client, from the `TemporalClient` (same namespace, identity,
 * data converter and interceptors).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ScheduleClient, never, TemporalClient> = Layer.effect(
  ScheduleClient,
  Effect.map(TemporalClient, (client) =>
    ScheduleClient.of({
      createSchedule: client.createSchedule,
      getScheduleHandle: client.getScheduleHandle,
      listSchedules: client.listSchedules,
      listSchedulesPage: client.listSchedulesPage
    }))
)

/**
 * Create a schedule, with the schedule client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const createSchedule = (
  id: string,
  schedule: ScheduleInput,
  options?: CreateScheduleOptions
): Effect.Effect<ScheduleHandle, CreateScheduleError, ScheduleClient> =>
  Effect.flatMap(ScheduleClient, (client) => client.createSchedule(id, schedule, options))

/**
 * A handle to a schedule by ID, with the schedule client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const getScheduleHandle = (id: string): Effect.Effect<ScheduleHandle, never, ScheduleClient> =>
  Effect.map(ScheduleClient, (client) => client.getScheduleHandle(id))

/**
 * Schedules, page after page, with the schedule client in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listSchedules = (
  options?: ListSchedulesOptions
): Stream.Stream<ScheduleListDescription, ListSchedulesError, ScheduleClient> =>
  Stream.unwrap(Effect.map(ScheduleClient, (client) => client.listSchedules(options)))
