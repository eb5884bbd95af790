/**
 * The operations of `updateWorkerBuildIdCompatibility`: how a task queue's
 * build-ID version sets change (the deprecated, "legacy" build-ID based
 * worker versioning that the Python SDK still exposes).
 *
 * A task queue keeps an ordered list of version sets; the last set is the
 * queue's default (new workflows go there), and within a set the last build
 * ID is the set's default. Build IDs in one set are compatible with each
 * other.
 *
 * ```ts
 * import { BuildIdOp } from "effect-temporal"
 *
 * const op = BuildIdOp.addNewCompatibleVersion("1.1", "1.0", { promoteSet: true })
 * ```
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Adds a build ID in a new set of its own, which becomes the queue's default:
 * it is incompatible with every earlier build ID.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AddNewIdInNewDefaultSet = Schema.TaggedStruct("AddNewIdInNewDefaultSet", {
  /** The new build ID. */
  buildId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type AddNewIdInNewDefaultSet = typeof AddNewIdInNewDefaultSet.Type

/**
 * Adds a build ID to the set that holds `existingCompatibleBuildId`, as that
 * set's new default. With `promoteSet`, that set also becomes the queue's
 * default.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AddNewCompatibleVersion = Schema.TaggedStruct("AddNewCompatibleVersion", {
  /** The new build ID. */
  buildId: Schema.String,
  /** A build ID already in the set the new one joins. */
  existingCompatibleBuildId: Schema.String,
  /** Also make the set the queue's default. Default `false`. */
  promoteSet: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export type AddNewCompatibleVersion = typeof AddNewCompatibleVersion.Type

/**
 * Makes the set that holds `buildId` the queue's default.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PromoteSetByBuildId = Schema.TaggedStruct("PromoteSetByBuildId", {
  /** A build ID in the set to promote. */
  buildId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type PromoteSetByBuildId = typeof PromoteSetByBuildId.Type

/**
 * Makes `buildId` the default of the set that holds it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PromoteBuildIdWithinSet = Schema.TaggedStruct("PromoteBuildIdWithinSet", {
  /** The build ID to promote within its set. */
  buildId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type PromoteBuildIdWithinSet = typeof PromoteBuildIdWithinSet.Type

/**
 * Merges the set holding `secondaryBuildId` into the set holding
 * `primaryBuildId`, declaring all their build IDs compatible; the primary
 * set's default stays the default of the merged set.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MergeSets = Schema.TaggedStruct("MergeSets", {
  /** A build ID in the set whose default becomes the merged set's default. */
  primaryBuildId: Schema.String,
  /** A build ID in the set merged into the primary one. */
  secondaryBuildId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type MergeSets = typeof MergeSets.Type

/**
 * Any build-ID compatibility operation.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BuildIdOp = Schema.Union([
  AddNewIdInNewDefaultSet,
  AddNewCompatibleVersion,
  PromoteSetByBuildId,
  PromoteBuildIdWithinSet,
  MergeSets
])

/**
 * @since 0.1.0
 * @category models
 */
export type BuildIdOp = typeof BuildIdOp.Type

/**
 * The `_tag` of a {@link BuildIdOp}.
 *
 * @since 0.1.0
 * @category models
 */
export type BuildIdOpTag = BuildIdOp["_tag"]

/**
 * {@link AddNewIdInNewDefaultSet}: a new build ID in a new default set.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addNewIdInNewDefaultSet = (buildId: string): BuildIdOp => AddNewIdInNewDefaultSet.make({ buildId })

/**
 * {@link AddNewCompatibleVersion}: a new build ID compatible with an existing
 * one, optionally promoting its set to the queue's default.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addNewCompatibleVersion = (
  buildId: string,
  existingCompatibleBuildId: string,
  options?: { readonly promoteSet?: boolean | undefined }
): BuildIdOp =>
  AddNewCompatibleVersion.make({
    buildId,
    existingCompatibleBuildId,
    ...(options?.promoteSet !== undefined ? { promoteSet: options.promoteSet } : {})
  })

/**
 * {@link PromoteSetByBuildId}: make the set holding `buildId` the default.
 *
 * @since 0.1.0
 * @category constructors
 */
export const promoteSetByBuildId = (buildId: string): BuildIdOp => PromoteSetByBuildId.make({ buildId })

/**
 * {@link PromoteBuildIdWithinSet}: make `buildId` its set's default.
 *
 * @since 0.1.0
 * @category constructors
 */
export const promoteBuildIdWithinSet = (buildId: string): BuildIdOp => PromoteBuildIdWithinSet.make({ buildId })

/**
 * {@link MergeSets}: merge the secondary set into the primary one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const mergeSets = (primaryBuildId: string, secondaryBuildId: string): BuildIdOp =>
  MergeSets.make({ primaryBuildId, secondaryBuildId })
