/**
 * The `FileSystem` service of `@effect/platform`, with its module loaded on
 * first use: only reading TLS files and env config files needs it, so
 * importing the package does not load it. The requirement stays
 * `FileSystem.FileSystem`, provided as usual (`NodeContext.layer` from
 * `@effect/platform-node`).
 *
 * @internal
 */
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"

/**
 * The `FileSystem` service from the context.
 *
 * @internal
 */
export const fileSystem: Effect.Effect<FileSystem.FileSystem, never, FileSystem.FileSystem> = Effect.flatMap(
  Effect.promise(() => import("@effect/platform/FileSystem")),
  (module) => module.FileSystem
)
