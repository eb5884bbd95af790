/**
 * Worker deployment versions and versioning overrides.
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { InvalidArgumentError } from "../TemporalError/base.js"

/**
 * A worker deployment version (Python `WorkerDeploymentVersion`): the
 * deployment's name and the build ID within it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkerDeploymentVersion = Schema.Struct({
  /** The worker deployment's name. */
  deploymentName: Schema.String,
  /** The build ID of the version within the deployment (the workers' code version). */
  buildId: Schema.String
}).annotate({ identifier: "WorkerDeploymentVersion" })

/**
 * @since 0.1.0
 * @category models
 */
export interface WorkerDeploymentVersion extends Schema.Schema.Type<typeof WorkerDeploymentVersion> {}

/**
 * Pin the workflow to one worker deployment version (Python
 * `PinnedVersioningOverride`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PinnedVersioningOverride = Schema.TaggedStruct("Pinned", {
  /** The worker deployment version the workflow is pinned to: its tasks go only to workers of that version. */
  version: WorkerDeploymentVersion
}).annotate({ identifier: "PinnedVersioningOverride" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PinnedVersioningOverride extends Schema.Schema.Type<typeof PinnedVersioningOverride> {}

/**
 * Overrides the versioning behavior of a workflow (Python
 * `VersioningOverride`): pinned to a version
 * (`{ _tag: "Pinned", version: { deploymentName, buildId } }`, see
 * {@link pinnedVersioningOverride}) or `"AutoUpgrade"` (move to the current
 * version of its deployment).
 *
 * @since 0.1.0
 * @category schemas
 */
export const VersioningOverride = Schema.Union([PinnedVersioningOverride, Schema.Literal("AutoUpgrade")]).annotate({
  identifier: "VersioningOverride"
})

/**
 * @since 0.1.0
 * @category models
 */
export type VersioningOverride = PinnedVersioningOverride | "AutoUpgrade"

/**
 * Builds a pinned {@link VersioningOverride}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const pinnedVersioningOverride = (version: WorkerDeploymentVersion): PinnedVersioningOverride => ({
  _tag: "Pinned",
  version
})

/**
 * Checks a versioning override: `"AutoUpgrade"`, or pinned to a version whose
 * deployment name and build ID are both non-empty.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateVersioningOverride = (
  override: VersioningOverride,
  path: string = "versioningOverride"
): Effect.Effect<VersioningOverride, InvalidArgumentError> => {
  if (override === "AutoUpgrade") return Effect.succeed(override)
  if (!Predicate.isObject(override) || override._tag !== "Pinned" || !Predicate.isObject(override.version)) {
    return Effect.fail(
      new InvalidArgumentError({
        field: path,
        reason: "must be \"AutoUpgrade\" or { _tag: \"Pinned\", version: { deploymentName, buildId } }"
      })
    )
  }
  const { buildId, deploymentName } = override.version
  if (typeof deploymentName !== "string" || deploymentName.length === 0) {
    return Effect.fail(
      new InvalidArgumentError({ field: `${path}.version.deploymentName`, reason: "must be a non-empty string" })
    )
  }
  if (typeof buildId !== "string" || buildId.length === 0) {
    return Effect.fail(
      new InvalidArgumentError({ field: `${path}.version.buildId`, reason: "must be a non-empty string" })
    )
  }
  return Effect.succeed(override)
}

const NonEmptyString = Schema.String.check(Schema.makeFilter((s) => s.length > 0 || "must be a non-empty string"))

/**
 * A {@link VersioningOverride} checked like {@link validateVersioningOverride}:
 * `"AutoUpgrade"`, or pinned to a version whose deployment name and build ID
 * are both non-empty. Use it inside an options Schema decoded by
 * `decodeOptions`, which names the field at fault.
 *
 * @since 1.0.0
 * @category schemas
 */
export const CheckedVersioningOverride: Schema.Codec<VersioningOverride> = Schema.Union([
  Schema.TaggedStruct("Pinned", {
    /** The worker deployment version the workflow is pinned to: its tasks go only to workers of that version. */
    version: Schema.Struct({
      /** The worker deployment's name (non-empty). */
      deploymentName: NonEmptyString,
      /** The build ID of the version within the deployment (non-empty). */
      buildId: NonEmptyString
    })
  }),
  Schema.Literal("AutoUpgrade")
]).annotate({ identifier: "VersioningOverride" })
