/**
 * The serialization context as converters, codecs, key providers and storage drivers see it:
 * absent outside a call, set by `provide`, a key provider choosing keys by it, a storage driver
 * told the target it names, and the context a real client call sets (against the in-memory server).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as DataConverter from "../../src/DataConverter.js"
import type * as ExternalStorage from "../../src/ExternalStorage.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import * as SerializationContext from "../../src/SerializationContext.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as InMemoryTemporal from "../../src/testing/InMemoryTemporal.js"

const utf8 = new TextDecoder()
const keyOf = (tenant: string) => new Uint8Array(32).fill(tenant.charCodeAt(0))
const tenantOf = (context: SerializationContext.SerializationContext | undefined) =>
  context?._tag === "Workflow" ? context.workflowId : "none"

const tenantKeys = PayloadCodec.keyProviderByContext((context) => ({
  current: PayloadCodec.encryptionKey(`key-${tenantOf(context)}`, keyOf(tenantOf(context)))
}))
const converter = DataConverter.make({ codecs: [PayloadCodec.aesGcmWith(tenantKeys)] })

const inWorkflow = (workflowId: string) => SerializationContext.workflow({ namespace: "default", workflowId })

describe("SerializationContext", () => {
  it.effect("is undefined outside a call and set by provide, both forms", () =>
    Effect.gen(function*() {
      assert.isUndefined(yield* SerializationContext.current)
      const context = inWorkflow("wf-1")
      assert.deepStrictEqual(
        yield* SerializationContext.provide(SerializationContext.current, context),
        { _tag: "Workflow", namespace: "default", workflowId: "wf-1" }
      )
      const activity = SerializationContext.activity({ namespace: "ns", activityId: "a-1" })
      assert.strictEqual(activity.isLocal, false)
      assert.strictEqual(
        yield* SerializationContext.current.pipe(SerializationContext.provide(activity)),
        activity
      )
    }))

  it.effect("a key provider by context encrypts each workflow's payloads with its own key", () =>
    Effect.gen(function*() {
      const [a] = yield* converter.toPayloads(["for a"]).pipe(SerializationContext.provide(inWorkflow("a")))
      const [b] = yield* converter.toPayloads(["for b"]).pipe(SerializationContext.provide(inWorkflow("b")))
      assert.strictEqual(utf8.decode(a!.metadata!["encryption-key-id"]), "key-a")
      assert.strictEqual(utf8.decode(b!.metadata!["encryption-key-id"]), "key-b")
      assert.deepStrictEqual(
        yield* converter.fromPayloads([a!]).pipe(SerializationContext.provide(inWorkflow("a"))),
        ["for a"]
      )
      // Workflow b's keys do not include a's: its payloads cannot be read in b's context.
      const error = yield* Effect.flip(converter.fromPayloads([a!]).pipe(SerializationContext.provide(inWorkflow("b"))))
      assert.strictEqual(error._tag, "PayloadCodecError")
      assert.include(error.message, "key-a")
    }))

  it.effect("an external storage driver is told the workflow the payloads belong to", () =>
    Effect.gen(function*() {
      const seen: Array<ExternalStorage.StorageContext> = []
      const stored = new Map<string, DataConverter.Payload>()
      const driver: ExternalStorage.StorageDriver = {
        name: "recording",
        type: "test.recording",
        store: (context, payloads) =>
          Effect.sync(() => {
            seen.push(context)
            return payloads.map((payload, i) => {
              stored.set(String(i), payload)
              return { claimData: { key: String(i) } }
            })
          }),
        retrieve: (context, claims) =>
          Effect.sync(() => {
            seen.push(context)
            return claims.map((claim) => stored.get(claim.claimData["key"]!)!)
          })
      }
      const storing = DataConverter.make({ externalStorage: { drivers: [driver], payloadSizeThreshold: 0 } })
      const context = SerializationContext.workflow({ namespace: "ns", workflowId: "wf-9", workflowType: "Order" })
      const payloads = yield* storing.toPayloads(["big"]).pipe(SerializationContext.provide(context))
      assert.deepStrictEqual(yield* storing.fromPayloads(payloads).pipe(SerializationContext.provide(context)), ["big"])
      const target: ExternalStorage.StorageTarget = { kind: "workflow", namespace: "ns", id: "wf-9", type: "Order" }
      assert.deepStrictEqual(seen.map((c) => c.target), [target, target])
      // Outside a call there is no target.
      yield* storing.toPayloads(["big"])
      assert.isUndefined(seen[2]!.target)
    }))

  it.effect("a client call converts in its workflow's context (in-memory server)", () => {
    const seen: Array<SerializationContext.SerializationContext | undefined> = []
    const recording: DataConverter.PayloadCodec = {
      encode: (payloads) =>
        Effect.map(SerializationContext.current, (context) => {
          seen.push(context)
          return payloads
        }),
      decode: (payloads) =>
        Effect.map(SerializationContext.current, (context) => {
          seen.push(context)
          return payloads
        })
    }
    return Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = yield* client.startWorkflow("greet", { id: "wf-ctx", taskQueue: "q", args: ["Ada"] })
      assert.strictEqual(yield* handle.result(), "Hello, Ada")
      assert.isAbove(seen.length, 1)
      for (const context of seen) {
        assert.deepInclude(context, { _tag: "Workflow", workflowId: "wf-ctx" })
      }
    }).pipe(
      Effect.provide(InMemoryTemporal.layer({
        workflows: { greet: (name) => Effect.succeed(`Hello, ${String(name)}`) },
        dataConverter: DataConverter.make({ codecs: [recording] })
      }))
    )
  })
})
