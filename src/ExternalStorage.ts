/**
 * External payload storage: payloads of at least a size threshold (256 KiB
 * by default) are stored elsewhere by a {@link StorageDriver} and replaced
 * by a small reference payload; reading resolves references back. The
 * reference payload is the one of the official SDKs (`json/protobuf`
 * `temporal.api.sdk.v1.ExternalStorageReference` holding the driver name and
 * the driver's claim), so a worker in any language with a driver of the same
 * name reads what this client stores, and the other way round.
 *
 * Storage runs after the codecs on the way out (the stored payload is the
 * encoded, e.g. encrypted, one; the reference itself is not encoded) and
 * before them on the way back. The payload size limit applies to what is
 * sent, the reference payloads.
 *
 * ```ts
 * import { Effect, Layer } from "effect"
 * import type * as FileSystem from "effect/FileSystem"
 * import { DataConverter, ExternalStorage } from "effect-temporal"
 *
 * // The platform's file system: on Node, `NodeFileSystem.layer` of the Node platform package.
 * declare const fileSystemLayer: Layer.Layer<FileSystem.FileSystem>
 *
 * const Converter = DataConverter.Default.pipe(
 *   DataConverter.withExternalStorage(
 *     Effect.map(ExternalStorage.fileSystemDriver({ directory: "/mnt/payloads" }), (driver) => ({
 *       drivers: [driver]
 *     }))
 *   ),
 *   Layer.provide(fileSystemLayer)
 * )
 * ```
 *
 * ## Writing a driver (S3 on Effect's HTTP client)
 *
 * A driver is a name, a type, and two batch operations. `store` returns one
 * claim per payload (any string map; it is written into the reference), and
 * `retrieve` returns the payload of each claim. Keep the stored bytes the
 * serialized `Payload` message, so a driver of the same name in another SDK
 * can read them. A sketch against S3 through `HttpClient` (request signing
 * left to your signer):
 *
 * ```ts
 * const s3Driver = (bucket: string) =>
 *   Effect.gen(function*() {
 *     const client = (yield* HttpClient.HttpClient).pipe(HttpClient.filterStatusOk)
 *     const url = (key: string) => `https://${bucket}.s3.amazonaws.com/${key}`
 *     const fail = (operation: "store" | "retrieve") => (cause: unknown) =>
 *       new ExternalStorageError({ driver: "s3", operation, reason: String(cause), cause })
 *     const driver: ExternalStorage.StorageDriver = {
 *       name: "s3",
 *       type: "example.s3",
 *       store: (_, payloads) =>
 *         Effect.forEach(payloads, (payload) => {
 *           const bytes = ExternalStorage.serializePayload(payload)
 *           const key = ExternalStorage.contentKey(bytes)
 *           return HttpClientRequest.put(url(key)).pipe(
 *             HttpClientRequest.bodyUint8Array(bytes),
 *             client.execute,
 *             Effect.as({ claimData: { bucket, key } }),
 *             Effect.mapError(fail("store"))
 *           )
 *         }, { concurrency: 8 }),
 *       retrieve: (_, claims) =>
 *         Effect.forEach(claims, (claim) =>
 *           client.get(url(claim.claimData.key ?? "")).pipe(
 *             Effect.flatMap((response) => response.arrayBuffer),
 *             Effect.map((buffer) => ExternalStorage.deserializePayload(new Uint8Array(buffer))),
 *             Effect.mapError(fail("retrieve"))
 *           ), { concurrency: 8 })
 *     }
 *     return driver
 *   })
 * ```
 *
 * @since 1.0.0
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import { createHash } from "node:crypto"
import * as NodePath from "node:path"
import * as InternalPayload from "./internal/convert/payload.js"
import * as InternalExternalStorage from "./internal/externalStorage.js"
import { ExternalStorageError } from "./schema/TemporalError.js"
import type { Payload } from "./services/DataConverter.js"

/**
 * The claim a driver returns for a stored payload: an opaque string map it
 * reads back in `retrieve`. It is written into the reference payload.
 *
 * @since 1.0.0
 * @category models
 */
export interface StorageDriverClaim {
  /** What the driver needs to find the payload again, e.g. `{ key: "…" }`. */
  readonly claimData: Readonly<Record<string, string>>
}

/**
 * The workflow or activity the payloads belong to, when the caller knows it.
 *
 * @since 1.0.0
 * @category models
 */
export interface StorageTarget {
  /** Whether the payloads belong to a workflow or an activity. */
  readonly kind: "workflow" | "activity"
  /** The namespace of the execution. */
  readonly namespace: string
  /** The workflow or activity id, when known. */
  readonly id?: string | undefined
  /** The run id, when known. */
  readonly runId?: string | undefined
  /** The workflow or activity type name, when known. */
  readonly type?: string | undefined
}

/**
 * What a driver (or the selector) is told about a batch of payloads.
 *
 * @since 1.0.0
 * @category models
 */
export interface StorageContext {
  /**
   * The workflow or activity the payloads belong to, from the call's
   * `SerializationContext`; `undefined` outside a client call and for Nexus
   * operations.
   */
  readonly target?: StorageTarget | undefined
}

/**
 * A storage backend. Interruption cancels an operation in flight (when one
 * driver fails, the other drivers of the same batch are interrupted).
 *
 * @since 1.0.0
 * @category models
 */
export interface StorageDriver {
  /** The name written into reference payloads; a reader needs a driver of the same name. */
  readonly name: string
  /** A stable identifier of the driver implementation, e.g. `aws.s3driver`. */
  readonly type: string
  /** Stores the payloads, returning one claim per payload, in order. */
  readonly store: (
    context: StorageContext,
    payloads: ReadonlyArray<Payload>
  ) => Effect.Effect<ReadonlyArray<StorageDriverClaim>, ExternalStorageError>
  /** Retrieves the payload of each claim, in order. */
  readonly retrieve: (
    context: StorageContext,
    claims: ReadonlyArray<StorageDriverClaim>
  ) => Effect.Effect<ReadonlyArray<Payload>, ExternalStorageError>
}

/**
 * Picks the driver of a payload over the threshold, or `undefined` (or
 * `null`) to keep it inline.
 *
 * @since 1.0.0
 * @category models
 */
export type StorageDriverSelector = (context: StorageContext, payload: Payload) => StorageDriver | null | undefined

/**
 * The external storage configuration.
 *
 * @since 1.0.0
 * @category models
 */
export interface ExternalStorage {
  /** The drivers references may name; names must be unique. At least one. */
  readonly drivers: ReadonlyArray<StorageDriver>
  /** Picks the driver of each payload over the threshold; required with several drivers (default: the only driver). */
  readonly driverSelector?: StorageDriverSelector | undefined
  /** Payloads of at least this many serialized bytes are stored (default 256 KiB; `0` considers every payload). */
  readonly payloadSizeThreshold?: number | undefined
}

/**
 * The default `payloadSizeThreshold`: 256 KiB, as the official SDKs.
 *
 * @since 1.0.0
 * @category constants
 */
export const defaultPayloadSizeThreshold: number = InternalExternalStorage.defaultPayloadSizeThreshold

/**
 * The message type of reference payloads,
 * `temporal.api.sdk.v1.ExternalStorageReference` (encoding `json/protobuf`).
 *
 * @since 1.0.0
 * @category constants
 */
export const referenceMessageType: string = InternalExternalStorage.referenceMessageType

/**
 * Whether a payload is a reference payload.
 *
 * @since 1.0.0
 * @category utils
 */
export const isReferencePayload = (payload: Payload): boolean => InternalExternalStorage.isReference(payload)

/**
 * A payload as the bytes of its `Payload` message: what the built-in drivers
 * store, and what a driver of another SDK expects.
 *
 * @since 1.0.0
 * @category utils
 */
export const serializePayload = (payload: Payload): Uint8Array => InternalPayload.serializePayload(payload)

/**
 * The payload of the bytes of a `Payload` message.
 *
 * @since 1.0.0
 * @category utils
 */
export const deserializePayload = (bytes: Uint8Array): Payload => InternalPayload.deserializePayload(bytes)

/**
 * A content key for stored bytes: the hex SHA-256 of the bytes, so storing
 * the same payload twice writes it once.
 *
 * @since 1.0.0
 * @category utils
 */
export const contentKey = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

const defectToError = (driver: string, operation: "store" | "retrieve", reason: string) => (cause: unknown) =>
  new ExternalStorageError({ driver, operation, reason, cause })

/**
 * Options of {@link memoryDriver}.
 *
 * @since 1.0.0
 * @category models
 */
export interface MemoryDriverOptions {
  /** The driver name (default `memory`). */
  readonly name?: string | undefined
}

/**
 * A driver that keeps payloads in memory, for tests. Each call makes a new,
 * empty store; share the driver value to share the store.
 *
 * @since 1.0.0
 * @category drivers
 */
export const memoryDriver = (options?: MemoryDriverOptions): Effect.Effect<StorageDriver> =>
  Effect.sync(() => {
    const name = options?.name ?? "memory"
    const stored = new Map<string, Uint8Array>()
    return {
      name,
      type: "effect-temporal.memory",
      store: (_, payloads) =>
        Effect.sync(() =>
          payloads.map((payload) => {
            const bytes = serializePayload(payload)
            const key = contentKey(bytes)
            stored.set(key, bytes)
            return { claimData: { key } }
          })
        ),
      retrieve: (_, claims) =>
        Effect.forEach(claims, (claim) => {
          const key = claim.claimData.key
          const bytes = key === undefined ? undefined : stored.get(key)
          return bytes === undefined
            ? Effect.fail(
              new ExternalStorageError({ driver: name, operation: "retrieve", reason: `no payload under key ${key}` })
            )
            : Effect.succeed(deserializePayload(bytes))
        })
    }
  })

/**
 * Options of {@link fileSystemDriver}.
 *
 * @since 1.0.0
 * @category models
 */
export interface FileSystemDriverOptions {
  /** The directory the payloads are written to (created when missing). */
  readonly directory: string
  /** The driver name (default `filesystem`). */
  readonly name?: string | undefined
}

/**
 * A driver that writes each payload (its serialized `Payload` message) to a
 * file of `directory` named by its {@link contentKey}; the claim is
 * `{ key }`. Uses the `FileSystem` of the context.
 *
 * @since 1.0.0
 * @category drivers
 */
export const fileSystemDriver = (
  options: FileSystemDriverOptions
): Effect.Effect<StorageDriver, never, FileSystem.FileSystem> =>
  Effect.map(FileSystem.FileSystem, (fs) => {
    const name = options.name ?? "filesystem"
    const { directory } = options
    const pathOf = (key: string) => NodePath.join(directory, key)
    return {
      name,
      type: "effect-temporal.filesystem",
      store: (_, payloads) =>
        Effect.flatMap(
          Effect.mapError(
            fs.makeDirectory(directory, { recursive: true }),
            defectToError(name, "store", `cannot create ${directory}`)
          ),
          () =>
            Effect.forEach(payloads, (payload) => {
              const bytes = serializePayload(payload)
              const key = contentKey(bytes)
              return fs.writeFile(pathOf(key), bytes).pipe(
                Effect.mapError(defectToError(name, "store", `cannot write ${pathOf(key)}`)),
                Effect.as({ claimData: { key } })
              )
            }, { concurrency: 8 })
        ),
      retrieve: (_, claims) =>
        Effect.forEach(claims, (claim) => {
          const key = claim.claimData.key
          if (key === undefined || key.length === 0 || NodePath.basename(key) !== key) {
            return Effect.fail(
              new ExternalStorageError({ driver: name, operation: "retrieve", reason: "claim has no valid key" })
            )
          }
          return fs.readFile(pathOf(key)).pipe(
            Effect.mapError(defectToError(name, "retrieve", `cannot read ${pathOf(key)}`)),
            Effect.flatMap((bytes) =>
              Effect.try({
                try: () => deserializePayload(bytes),
                catch: defectToError(name, "retrieve", `${pathOf(key)} is not a Payload message`)
              })
            )
          )
        }, { concurrency: 8 })
    }
  })
