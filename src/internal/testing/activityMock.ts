/**
 * The standalone activity operations of `TestTemporalClient`: every call
 * recorded and answered by the script's reply for the activity (by ID, then
 * by type), or a defect naming the call.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as ActivityDefinition from "../../schema/ActivityDefinition.js"
import type { ActivityOperations } from "../../services/ActivityClient.js"
import type { ActivityHandle } from "../../services/ActivityHandle.js"
import type { ActivityScript, MockCall, Operation, Reply, Script } from "../../testing/TestTemporalClient/script.js"
import { listingStream, run, visibilityCall } from "./mockCalls.js"

/** What the activity and Nexus mocks share with the rest of the mock client. */
export interface MockClientContext {
  readonly script: Script
  /** Append a call to the log. */
  readonly record: (call: MockCall) => Effect.Effect<void>
  /** The next number for a run ID. */
  readonly next: () => number
}

const describeCall = (call: MockCall): string =>
  `${call.operation} of activity "${call.activityId ?? ""}"` +
  (call.activityType ? ` (type "${call.activityType}")` : "")

/** The scripts of the activities, and the calls answered from them. */
const makeScripts = (mock: MockClientContext) => {
  const scripts = mock.script.activities ?? {}
  const types = new Map<string, string>()

  const scriptOf = (activityId: string, activityType: string | undefined): ActivityScript | undefined => {
    const known = types.get(activityId)
    return scripts[activityId] ?? (activityType ? scripts[activityType] : undefined) ??
      (known !== undefined ? scripts[known] : undefined)
  }

  const unscripted = (call: MockCall, hint: string) =>
    Effect.die(
      new Error(
        `TestTemporalClient: no script for ${describeCall(call)}; script it with { activities: { "${
          call.activityType || call.activityId
        }": { ${hint} } } }`
      )
    )

  const makeCall = (
    operation: Operation,
    activityId: string,
    activityType: string | undefined,
    args: ReadonlyArray<unknown>,
    options: unknown
  ): MockCall => ({
    operation,
    workflowId: "",
    workflowType: undefined,
    name: undefined,
    args,
    options,
    activityId,
    activityType: activityType || types.get(activityId)
  })

  const answer = <A, E>(call: MockCall, pick: (script: ActivityScript) => Reply<A, E> | undefined, hint: string) =>
    Effect.andThen(
      mock.record(call),
      Effect.suspend(() => {
        const found = scriptOf(call.activityId ?? "", call.activityType)
        const reply = found !== undefined ? pick(found) : undefined
        return reply !== undefined ? run(reply, call) : unscripted(call, hint)
      })
    )

  return { types, scriptOf, unscripted, makeCall, answer }
}

type Scripts = ReturnType<typeof makeScripts>

/** A handle whose every call is answered from the activity's script. */
const makeHandle = (
  { answer, makeCall }: Scripts,
  definition: ActivityDefinition.Any,
  activityId: string,
  runId: string | undefined
): ActivityHandle<ActivityDefinition.Any> => {
  const on = (operation: Operation, options: unknown) => makeCall(operation, activityId, definition.name, [], options)
  return {
    definition,
    activityId,
    runId,
    result: (options) => answer(on("activityResult", options), (s) => s.result, "result: Effect.succeed(...)"),
    describe: (options) => answer(on("describeActivity", options), (s) => s.describe, "describe: Effect.succeed(...)"),
    cancel: (options) => answer(on("cancelActivity", options), (s) => s.cancel, "cancel: Effect.void"),
    terminate: (options) => answer(on("terminateActivity", options), (s) => s.terminate, "terminate: Effect.void"),
    pause: (options) => answer(on("pauseActivity", options), (s) => s.pause, "pause: Effect.void"),
    unpause: (options) => answer(on("unpauseActivity", options), (s) => s.unpause, "unpause: Effect.void"),
    updateOptions: (options) =>
      answer(on("updateActivityOptions", options), (s) => s.updateOptions, "updateOptions: Effect.succeed(...)"),
    restoreOriginalOptions: (options) =>
      answer(on("restoreActivityOptions", options), (s) => s.updateOptions, "updateOptions: Effect.succeed(...)")
  }
}

/**
 * The standalone activity operations of the mock client.
 *
 * @internal
 */
export const mockActivityOperations = (mock: MockClientContext): ActivityOperations => {
  const scripts = makeScripts(mock)
  const { makeCall, scriptOf, types, unscripted } = scripts

  const startActivity = (activity: ActivityDefinition.Any | string, options: {
    readonly id: string
    readonly args?: ReadonlyArray<unknown> | undefined
  }) => {
    const definition = typeof activity === "string" ? ActivityDefinition.untyped(activity) : activity
    const call = makeCall("startActivity", options.id, definition.name, options.args ?? [], options)
    return Effect.gen(function*() {
      yield* mock.record(call)
      const found = scriptOf(options.id, definition.name)
      if (found === undefined) return yield* unscripted(call, "start: Effect.void")
      if (found.start !== undefined) yield* run(found.start, call)
      types.set(options.id, definition.name)
      return makeHandle(scripts, definition, options.id, `mock-activity-run-${mock.next()}`)
    })
  }

  const listAll = (query: string | undefined, options: unknown) =>
    visibilityCall(mock.record, "listActivities", mock.script.listActivities, query, options)

  // Built from untyped parts (values go through as they are); typed as the operations' signatures.
  return {
    startActivity: startActivity as unknown as ActivityOperations["startActivity"],
    executeActivity:
      ((activity: ActivityDefinition.Any | string, options: { readonly id: string }) =>
        Effect.flatMap(startActivity(activity, options), (handle) => handle.result())) as unknown as ActivityOperations[
          "executeActivity"
        ],
    getActivityHandle: (activityId, options = {}) =>
      makeHandle(scripts, ActivityDefinition.untyped(""), activityId, options.runId) as ActivityHandle<
        ActivityDefinition.Untyped
      >,
    getActivityHandleFor: (definition, activityId, options = {}) =>
      makeHandle(scripts, definition, activityId, options.runId) as unknown as ActivityHandle<typeof definition>,
    listActivitiesPage: (query, options) =>
      Effect.map(listAll(query, options), (executions) => ({ executions, nextPageToken: undefined })),
    listActivities: (query, options = {}) => listingStream(listAll(query, options), options.limit),
    countActivities: (query, options) =>
      visibilityCall(mock.record, "countActivities", mock.script.countActivities, query, options)
  }
}
