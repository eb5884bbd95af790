/**
 * The functions `InMemoryTemporal` runs besides workflows: standalone
 * activities and Nexus operation handlers written as Effects, what they are
 * told, and constructors typed by their definitions. Re-exported by
 * `InMemoryTemporal`.
 *
 * @since 1.0.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { serverFailure } from "../../internal/inMemory/protocol.js"
import type * as ActivityDefinition from "../../schema/ActivityDefinition.js"
import * as NexusServiceDefinition from "../../schema/NexusServiceDefinition.js"
import type { WorkflowFailure } from "../InMemoryTemporal.js"

/**
 * What a standalone activity knows about itself.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityInfo {
  /** The activity ID. */
  readonly activityId: string
  /** The ID of this run. */
  readonly runId: string
  /** The activity type: the name it was started with. */
  readonly activityType: string
  /** The task queue it was started on. */
  readonly taskQueue: string
  /** The namespace it runs in. */
  readonly namespace: string
  /** The attempt number, from 1 (a retry, or an unpause, starts the next). */
  readonly attempt: number
  /** The details of the last heartbeat of an earlier attempt, decoded; absent when there was none. */
  readonly heartbeatDetails: ReadonlyArray<unknown> | undefined
}

/**
 * What a standalone activity function gets besides its arguments.
 *
 * @since 1.0.0
 * @category models
 */
export interface ActivityContext {
  /** What the activity knows about itself. */
  readonly info: ActivityInfo
  /** Record a heartbeat with these details (through the data converter). */
  readonly heartbeat: (...details: ReadonlyArray<unknown>) => Effect.Effect<void>
  /** Sleep on the `Clock` (so `TestClock.adjust` moves it). */
  readonly sleep: (duration: Duration.Input) => Effect.Effect<void>
}

/**
 * A standalone activity: its arguments (as decoded JSON values) and context
 * in, its result out. Cancelling, terminating or pausing the activity
 * interrupts the fiber running it.
 *
 * @since 1.0.0
 * @category models
 */
export type ActivityFunction = {
  bivarianceHack(args: ReadonlyArray<unknown>, ctx: ActivityContext): Effect.Effect<unknown, WorkflowFailure>
}["bivarianceHack"]

/**
 * A standalone activity typed by its definition: arguments decoded and the
 * result encoded with the definition's Schemas. Spread it into `activities`.
 *
 * @since 1.0.0
 * @category constructors
 */
export const activity = <Def extends ActivityDefinition.Any>(
  definition: Def,
  run: (args: ActivityDefinition.Args<Def>, ctx: ActivityContext) => Effect.Effect<
    ActivityDefinition.Result<Def>,
    WorkflowFailure
  >
): Record<string, ActivityFunction> => ({
  [definition.name]: (args, ctx) =>
    Effect.gen(function*() {
      const decoded = yield* Schema.decodeUnknownEffect(definition.argsSchema)(args).pipe(
        Effect.mapError((error) =>
          serverFailure(`Arguments do not match ${definition.name}: ${error.message}`, "SchemaError")
        )
      )
      const result = yield* run(decoded as ActivityDefinition.Args<Def>, ctx)
      return yield* Schema.encodeEffect(definition.result)(result).pipe(Effect.orDie)
    })
})

/**
 * What a Nexus operation handler knows about the operation.
 *
 * @since 1.0.0
 * @category models
 */
export interface NexusOperationInfo {
  /** The operation ID. */
  readonly operationId: string
  /** The ID of this run. */
  readonly runId: string
  /** The endpoint it was sent to. */
  readonly endpoint: string
  /** The service name. */
  readonly service: string
  /** The operation name. */
  readonly operation: string
  /** The Nexus headers it was started with. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * A Nexus operation handler: the input (as decoded JSON) and what it knows
 * in, the output out. One that answers before the start returns is a
 * synchronous operation; one still running then is asynchronous (started,
 * with an operation token) until it answers. Cancelling or terminating the
 * operation interrupts the fiber running it. Fail with a `NexusHandlerFailure`
 * to refuse the request, with any other failure to fail the operation.
 *
 * @since 1.0.0
 * @category models
 */
export type NexusOperationFunction = {
  bivarianceHack(input: unknown, info: NexusOperationInfo): Effect.Effect<unknown, WorkflowFailure>
}["bivarianceHack"]

/**
 * One Nexus operation typed by its service definition: the input decoded
 * and the output encoded with its Schemas. Spread it into the service's
 * entry of `nexusServices`.
 *
 * @since 1.0.0
 * @category constructors
 */
export const nexusOperation = <
  Def extends NexusServiceDefinition.Any,
  K extends NexusServiceDefinition.OperationNames<Def>
>(
  definition: Def,
  operation: K,
  run: (
    input: NexusServiceDefinition.Input<Def, K>,
    info: NexusOperationInfo
  ) => Effect.Effect<NexusServiceDefinition.Output<Def, K>, WorkflowFailure>
): Record<string, NexusOperationFunction> => {
  const spec = NexusServiceDefinition.operationSpec(definition, operation)
  return {
    [operation]: (input, info) =>
      Effect.gen(function*() {
        const decoded = yield* Schema.decodeUnknownEffect(spec.input)(input).pipe(
          Effect.mapError((error) =>
            serverFailure(`Input does not match ${operation}: ${error.message}`, "SchemaError")
          )
        )
        const output = yield* run(decoded as NexusServiceDefinition.Input<Def, K>, info)
        return yield* Schema.encodeEffect(spec.output)(output).pipe(Effect.orDie)
      })
  }
}
