/**
 * The server's refusals of worker deployment calls, as typed errors.
 *
 * Seen on Temporal CLI 1.9.1 / Server 1.32.0 (the dev server of the
 * integration tests), where the deployment API is on by default:
 * - a stale conflict token: FAILED_PRECONDITION "conflict token mismatch";
 * - a manager identity that is not the caller's: FAILED_PRECONDITION
 *   "ManagerIdentity 'x' is set and does not match user identity 'y'; ...";
 * - deleting a version that is current or ramping, draining, or still
 *   polled: FAILED_PRECONDITION "version 'd:b' cannot be deleted since it is
 *   current or ramping" / "... it is draining" / "... it has active pollers"
 *   (pollers count while they are in the matching service's poller history,
 *   `matching.PollerHistoryTTL`, 5 minutes by default); deleting a
 *   deployment with versions: FAILED_PRECONDITION "deployment has versions,
 *   can't be deleted";
 * - a deployment that does not exist: NOT_FOUND "no Worker Deployment found
 *   with name 'x'..." (or "workflow not found for ID:
 *   temporal-sys-worker-deployment:x"), a version: NOT_FOUND "Worker
 *   Deployment Version not found", "build ID 'b' not found in Worker
 *   Deployment 'd'" or "workflow not found for ID:
 *   temporal-sys-worker-deployment-version:d:b"; deleting a version or a
 *   deployment that does not exist succeeds;
 * - the API turned off (`system.enableDeploymentVersions` false):
 *   PERMISSION_DENIED "Worker Deployment Versions are disabled on this
 *   namespace.", as `WorkerVersioningApiUnavailableError`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import {
  type RpcError,
  WorkerDeploymentConflictError,
  WorkerDeploymentInUseError,
  type WorkerDeploymentInUseReason,
  WorkerDeploymentManagedElsewhereError,
  WorkerDeploymentNotFoundError,
  WorkerDeploymentVersionNotFoundError,
  type WorkerVersioningApiUnavailableError
} from "../schema/TemporalError.js"
import { unavailableFrom } from "./buildIds.js"
import { isRpcError } from "./workflowErrors.js"

/**
 * What a call was about: the deployment, and the version's build ID when it
 * named one; `notFound` says which one a NOT_FOUND means (`"either"`: the
 * version when the message speaks of a build ID or a version).
 *
 * @internal
 */
export interface DeploymentTarget {
  readonly deploymentName: string
  readonly buildId?: string | undefined
  readonly notFound: "deployment" | "version" | "either"
}

/**
 * Whether a failure is a stale conflict token.
 *
 * @internal
 */
export const isConflict = (error: unknown): error is RpcError => isRpcError(error) && isStaleToken(error)

const isStaleToken = (error: RpcError): boolean =>
  error.code === "FAILED_PRECONDITION" && /conflict token/i.test(error.message)

const inUseReasons: ReadonlyArray<readonly [RegExp, WorkerDeploymentInUseReason]> = [
  [/current or ramping/i, "CurrentOrRamping"],
  [/draining/i, "Draining"],
  [/pollers/i, "ActivePollers"],
  [/has versions/i, "HasVersions"]
]

type Classified =
  | WorkerDeploymentNotFoundError
  | WorkerDeploymentVersionNotFoundError
  | WorkerDeploymentConflictError
  | WorkerDeploymentManagedElsewhereError
  | WorkerDeploymentInUseError
  | WorkerVersioningApiUnavailableError

const classify = (error: RpcError, target: DeploymentTarget): Classified | undefined => {
  const { buildId, deploymentName } = target
  if (error.code === "NOT_FOUND") {
    const version = target.notFound === "version" ||
      (target.notFound === "either" && /build id|version/i.test(error.message))
    return version && buildId !== undefined
      ? new WorkerDeploymentVersionNotFoundError({ deploymentName, buildId, cause: error })
      : new WorkerDeploymentNotFoundError({ deploymentName, cause: error })
  }
  if (error.code === "FAILED_PRECONDITION") {
    if (isStaleToken(error)) return new WorkerDeploymentConflictError({ deploymentName, attempts: 1, cause: error })
    if (/manager ?identity/i.test(error.message) && /does not match/i.test(error.message)) {
      return new WorkerDeploymentManagedElsewhereError({ deploymentName, description: error.message, cause: error })
    }
    if (/cannot be deleted|can't be deleted/i.test(error.message)) {
      const reason = inUseReasons.find(([pattern]) => pattern.test(error.message))?.[1]
      if (reason !== undefined) {
        return new WorkerDeploymentInUseError({
          deploymentName,
          reason,
          description: error.message,
          cause: error,
          ...(buildId !== undefined && reason !== "HasVersions" ? { buildId } : {})
        })
      }
    }
  }
  return unavailableFrom(error)
}

/**
 * The server's refusals of a worker deployment call as typed errors (which
 * ones an operation can see is its declared error union); others pass
 * through.
 *
 * @internal
 */
export const mapDeploymentErrors = (target: DeploymentTarget) =>
<A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<A, E | Classified, R> =>
  Effect.mapError(self, (error): E | Classified => (isRpcError(error) ? classify(error, target) ?? error : error))
