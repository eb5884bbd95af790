/**
 * External payload storage: the reference payload of the official SDKs
 * (`json/protobuf` `temporal.api.sdk.v1.ExternalStorageReference`, with the
 * stored payload's size in `externalPayloads[0].sizeBytes`), and the two
 * passes over a list of payloads: `store` (after the codecs) and `retrieve`
 * (before them).
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type { ExternalStorage, StorageDriver, StorageDriverClaim, StorageTarget } from "../ExternalStorage.js"
import { ExternalStorageError, InvalidArgumentError } from "../schema/TemporalError.js"
import type { Payload } from "../services/DataConverter.js"
import {
  SerializationContext,
  type SerializationContext as SerializationContextOf
} from "../services/SerializationContext.js"
import * as InternalPayload from "./convert/payload.js"
import * as Proto from "./proto/root.js"

/** The message type of a reference payload. @internal */
export const referenceMessageType = "temporal.api.sdk.v1.ExternalStorageReference"

/** The default `payloadSizeThreshold`: 256 KiB, as the official SDKs. @internal */
export const defaultPayloadSizeThreshold = 256 * 1024

/**
 * A validated configuration: the drivers by name, the selector and the threshold.
 *
 * @internal
 */
export interface Resolved {
  readonly drivers: ReadonlyMap<string, StorageDriver>
  readonly select: (target: StorageTarget | undefined, payload: Payload) => StorageDriver | undefined
  readonly payloadSizeThreshold: number
}

/**
 * Checks a configuration as the official SDKs do: at least one driver, unique
 * non-empty names, a selector when there are several drivers, a non-negative
 * finite threshold.
 *
 * @internal
 */
export const resolveResult = (storage: ExternalStorage): Result.Result<Resolved, InvalidArgumentError> => {
  const invalid = (field: string, reason: string) =>
    Result.fail(new InvalidArgumentError({ field: `externalStorage.${field}`, reason }))
  if (storage.drivers.length === 0) return invalid("drivers", "at least one driver is required")
  const threshold = storage.payloadSizeThreshold ?? defaultPayloadSizeThreshold
  if (!Number.isFinite(threshold) || threshold < 0) {
    return invalid("payloadSizeThreshold", `must be a non-negative finite number, got ${String(threshold)}`)
  }
  const drivers = new Map<string, StorageDriver>()
  for (const driver of storage.drivers) {
    if (driver.name.length === 0) return invalid("drivers", "a driver's name must not be empty")
    if (drivers.has(driver.name)) return invalid("drivers", `duplicate driver name '${driver.name}'`)
    drivers.set(driver.name, driver)
  }
  const selector = storage.driverSelector
  if (selector === undefined && drivers.size > 1) {
    return invalid("driverSelector", "a selector is required when more than one driver is registered")
  }
  const first = storage.drivers[0] as StorageDriver
  return Result.succeed<Resolved>({
    drivers,
    select: selector === undefined
      ? () => first
      : (target, payload) => selector({ target }, payload) ?? undefined,
    payloadSizeThreshold: threshold
  })
}

/**
 * {@link resolveResult} as an Effect.
 *
 * @internal
 */
export const resolve = (storage: ExternalStorage): Effect.Effect<Resolved, InvalidArgumentError> =>
  Effect.suspend(() => Effect.fromResult(resolveResult(storage)))

/** The serialized size of one payload, the size compared with the threshold. @internal */
export const payloadSize = (payload: Payload): number => InternalPayload.serializePayload(payload).length

/** Whether a payload is a reference payload. @internal */
export const isReference = (payload: Payload): boolean =>
  InternalPayload.encodingOf(payload) === InternalPayload.Encoding.JsonProtobuf &&
  InternalPayload.metadataText(payload, InternalPayload.metadataMessageTypeKey) === referenceMessageType

const referenceConverter = InternalPayload.jsonProtobuf()

/**
 * The reference payload of a claim, byte for byte as the official SDKs write it.
 *
 * @internal
 */
export const encodeReference = (
  driverName: string,
  claim: StorageDriverClaim,
  sizeBytes: number
): Effect.Effect<Payload, ExternalStorageError> =>
  Effect.suspend(() => {
    const message = Proto.temporal().api.sdk.v1.ExternalStorageReference.create({
      driverName,
      claimData: { ...claim.claimData }
    })
    return referenceConverter.toPayload(message).pipe(
      Effect.mapError((cause) =>
        new ExternalStorageError({
          driver: driverName,
          operation: "store",
          reason: "cannot write the reference payload",
          cause
        })
      ),
      Effect.flatMap(Option.match({
        onNone: () =>
          Effect.fail(
            new ExternalStorageError({
              driver: driverName,
              operation: "store",
              reason: "cannot write the reference payload"
            })
          ),
        onSome: (payload) => {
          // protobufjs writes a number to an int64 field as it writes a Long.
          const details = { sizeBytes } as unknown as temporal.api.common.v1.Payload.IExternalPayloadDetails
          return Effect.succeed<Payload>({ ...payload, externalPayloads: [details] })
        }
      }))
    )
  })

/**
 * The driver name and claim of a reference payload.
 *
 * @internal
 */
export const decodeReference = (
  payload: Payload
): Effect.Effect<{ readonly driverName: string; readonly claim: StorageDriverClaim }, ExternalStorageError> =>
  referenceConverter.fromPayload(payload).pipe(
    Effect.mapError((cause) =>
      new ExternalStorageError({ operation: "retrieve", reason: "malformed reference payload", cause })
    ),
    Effect.flatMap((decoded) => {
      const ref = decoded as { readonly driverName?: string | null; readonly claimData?: Record<string, string> | null }
      if (!ref.driverName) {
        return Effect.fail(
          new ExternalStorageError({ operation: "retrieve", reason: "reference payload has no driver name" })
        )
      }
      return Effect.succeed({ driverName: ref.driverName, claim: { claimData: { ...ref.claimData } } })
    })
  )

interface Group<A> {
  readonly driver: StorageDriver
  readonly items: Array<{ readonly index: number; readonly item: A }>
}

const addToGroup = <A>(groups: Map<string, Group<A>>, driver: StorageDriver, index: number, item: A): void => {
  const group = groups.get(driver.name)
  if (group === undefined) groups.set(driver.name, { driver, items: [{ index, item }] })
  else group.items.push({ index, item })
}

/**
 * The storage target of a serialization context: the workflow or activity
 * the payloads belong to (none for a Nexus operation or no context).
 *
 * @internal
 */
export const targetOf = (context: SerializationContextOf | undefined): StorageTarget | undefined => {
  switch (context?._tag) {
    case "Workflow":
      return { kind: "workflow", namespace: context.namespace, id: context.workflowId, type: context.workflowType }
    case "Activity":
      return { kind: "activity", namespace: context.namespace, id: context.activityId, type: context.activityType }
    default:
      return undefined
  }
}

/**
 * Replaces each payload of at least `payloadSizeThreshold` bytes that the
 * selector sends to a driver by a reference payload; one `store` call per
 * driver, drivers concurrently (the first failure interrupts the others).
 * Order is kept.
 *
 * @internal
 */
export const store = (
  storage: Resolved,
  payloads: ReadonlyArray<Payload>
): Effect.Effect<Array<Payload>, ExternalStorageError> =>
  Effect.withFiber((fiber) => {
    const target = targetOf(fiber.getRef(SerializationContext))
    const groups = new Map<string, Group<{ readonly payload: Payload; readonly size: number }>>()
    for (const [index, payload] of payloads.entries()) {
      const size = payloadSize(payload)
      if (size < storage.payloadSizeThreshold) continue
      const driver = storage.select(target, payload)
      if (driver === undefined) continue
      if (storage.drivers.get(driver.name) !== driver) {
        return Effect.fail(
          new ExternalStorageError({
            driver: driver.name,
            operation: "store",
            reason: "the selector returned a driver that is not registered"
          })
        )
      }
      addToGroup(groups, driver, index, { payload, size })
    }
    if (groups.size === 0) return Effect.succeed(Array.from(payloads))
    const result = Array.from(payloads)
    return Effect.forEach(
      groups.values(),
      ({ driver, items }) =>
        Effect.flatMap(driver.store({ target }, items.map(({ item }) => item.payload)), (claims) => {
          if (claims.length !== items.length) {
            return Effect.fail(
              new ExternalStorageError({
                driver: driver.name,
                operation: "store",
                reason: `returned ${claims.length} claims for ${items.length} payloads`
              })
            )
          }
          return Effect.forEach(items, ({ index, item }, j) =>
            Effect.map(encodeReference(driver.name, claims[j] as StorageDriverClaim, item.size), (reference) => {
              result[index] = reference
            }), { discard: true })
        }),
      { concurrency: "unbounded", discard: true }
    ).pipe(Effect.as(result))
  })

/**
 * Replaces each reference payload by the payload its driver returns; one
 * `retrieve` call per driver, drivers concurrently. Other payloads pass
 * through. Order is kept.
 *
 * @internal
 */
export const retrieve = (
  storage: Resolved,
  payloads: ReadonlyArray<Payload>
): Effect.Effect<Array<Payload>, ExternalStorageError> =>
  Effect.gen(function*() {
    const target = targetOf(yield* SerializationContext)
    const groups = new Map<string, Group<StorageDriverClaim>>()
    for (const [index, payload] of payloads.entries()) {
      if (!isReference(payload)) continue
      const { claim, driverName } = yield* decodeReference(payload)
      const driver = storage.drivers.get(driverName)
      if (driver === undefined) {
        return yield* new ExternalStorageError({
          driver: driverName,
          operation: "retrieve",
          reason: "no driver is registered under this name"
        })
      }
      addToGroup(groups, driver, index, claim)
    }
    const result = Array.from(payloads)
    if (groups.size === 0) return result
    yield* Effect.forEach(
      groups.values(),
      ({ driver, items }) =>
        Effect.flatMap(driver.retrieve({ target }, items.map(({ item }) => item)), (retrieved) => {
          if (retrieved.length !== items.length) {
            return Effect.fail(
              new ExternalStorageError({
                driver: driver.name,
                operation: "retrieve",
                reason: `returned ${retrieved.length} payloads for ${items.length} claims`
              })
            )
          }
          items.forEach(({ index }, j) => {
            result[index] = retrieved[j] as Payload
          })
          return Effect.void
        }),
      { concurrency: "unbounded", discard: true }
    )
    return result
  })
