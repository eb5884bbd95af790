/**
 * The `FileSystem` service, for the env config's file reading and writing.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"

/** @internal */
export const fileSystem: Effect.Effect<FileSystem.FileSystem, never, FileSystem.FileSystem> = Effect.service(
  FileSystem.FileSystem
)
