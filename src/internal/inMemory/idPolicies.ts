/**
 * The ID reuse and conflict policies of standalone executions (activities
 * and Nexus operations share their numbers): what a start finds when an
 * execution with its ID exists.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as FakeConnection from "../../testing/FakeConnection.js"

/** What a start needs to know of the latest execution with its ID. */
export interface ExistingExecution {
  readonly runId: string
  readonly requestId: string
  /** `Running` or `Paused` while open; `Completed` when closed successfully. */
  readonly status: string
}

/** The policy numbers as both enums define them. */
const useExisting = 2
const allowDuplicateFailedOnly = 2
const rejectDuplicate = 3

/**
 * The answer to a start when an execution with the ID exists: the existing
 * run (the same request again, or `UseExisting` while it runs), a refusal
 * (`alreadyStarted`), or `undefined`: start a new run.
 *
 * @internal
 */
export const startOver = (
  existing: ExistingExecution | undefined,
  request: {
    readonly requestId?: string | null
    readonly idReusePolicy?: number | null
    readonly idConflictPolicy?: number | null
  },
  alreadyStarted: () => FakeConnection.FakeStatus
): Effect.Effect<{ readonly runId: string; readonly started: boolean } | undefined, FakeConnection.FakeStatus> => {
  if (existing === undefined) return Effect.succeed(undefined)
  if (request.requestId && existing.requestId === request.requestId) {
    return Effect.succeed({ runId: existing.runId, started: true })
  }
  if (existing.status === "Running" || existing.status === "Paused") {
    return (request.idConflictPolicy ?? 0) === useExisting
      ? Effect.succeed({ runId: existing.runId, started: false })
      : Effect.fail(alreadyStarted())
  }
  const reuse = request.idReusePolicy ?? 0
  return reuse === rejectDuplicate || (reuse === allowDuplicateFailedOnly && existing.status === "Completed")
    ? Effect.fail(alreadyStarted())
    : Effect.succeed(undefined)
}
