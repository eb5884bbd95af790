/**
 * Our converters against the official TypeScript SDK's (@temporalio/common,
 * installed with @temporalio/client): what one writes, the other reads.
 */
import { assert, describe, it } from "@effect/vitest"
import common from "@temporalio/common"
import * as Effect from "effect/Effect"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"

const dc = DataConverter.make()
const sdkPayloads = common.defaultPayloadConverter
const sdkFailures = new common.DefaultFailureConverter({ encodeCommonAttributes: true })

const hex = (p: { readonly metadata?: Record<string, Uint8Array> | null; readonly data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString("hex")])),
  data: Buffer.from(p.data ?? new Uint8Array(0)).toString("hex")
})

describe("interop with the official TypeScript SDK", () => {
  it.effect("payloads are byte-identical for the shared encodings", () =>
    Effect.gen(function*() {
      for (
        const value of [undefined, new Uint8Array([0xde, 0xad, 0xbe, 0xef]), { spec: true }, "text", 12.5, [1, "a"]]
      ) {
        const ours = yield* dc.toPayload(value)
        assert.deepStrictEqual(hex(ours), hex(sdkPayloads.toPayload(value)))
        assert.deepStrictEqual(yield* dc.fromPayload(sdkPayloads.toPayload(value)), sdkPayloads.fromPayload(ours))
      }
    }))

  it.effect("failures the SDK writes (with encoded attributes) read as ours", () =>
    Effect.gen(function*() {
      const error = common.ApplicationFailure.create({
        message: "sdk says no",
        type: "SdkError",
        nonRetryable: true,
        details: [{ a: 1 }],
        nextRetryDelay: "2s",
        cause: new common.ApplicationFailure("root cause", "Root")
      })
      const proto = sdkFailures.errorToFailure(error, sdkPayloads)
      assert.strictEqual(proto.message, "Encoded failure")
      const failure = yield* dc.fromFailure(proto)
      if (failure._tag !== "ApplicationFailure") return assert.fail(failure._tag)
      assert.strictEqual(failure.message, "sdk says no")
      assert.strictEqual(failure.type, "SdkError")
      assert.isTrue(failure.nonRetryable)
      assert.deepStrictEqual(failure.details, [{ a: 1 }])
      assert.strictEqual(failure.source, "TypeScriptSDK")
      assert.include(failure.stackTrace, "sdk says no")
      assert.strictEqual(failure.cause?.message, "root cause")
    }))

  it.effect("failures we write read in the SDK", () =>
    Effect.gen(function*() {
      const converter = DataConverter.make({ encodeCommonAttributes: true })
      const proto = yield* converter.toFailure(
        new Failure.ActivityFailure({
          message: "activity failed",
          activityType: "charge",
          activityId: "1",
          retryState: "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED",
          cause: new Failure.ApplicationFailure({ message: "inner", type: "Inner", details: ["d"] })
        })
      )
      const error = sdkFailures.failureToError(proto, sdkPayloads) as InstanceType<typeof common.ActivityFailure>
      assert.instanceOf(error, common.ActivityFailure)
      assert.strictEqual(error.message, "activity failed")
      assert.strictEqual(error.activityType, "charge")
      assert.strictEqual(error.retryState, "MAXIMUM_ATTEMPTS_REACHED")
      const inner = error.cause as InstanceType<typeof common.ApplicationFailure>
      assert.instanceOf(inner, common.ApplicationFailure)
      assert.strictEqual(inner.message, "inner")
      assert.strictEqual(inner.type, "Inner")
      assert.deepStrictEqual(inner.details, ["d"])

      // (the SDK's TimeoutFailure has no cause, so it is checked on its own)
      const timeoutProto = yield* converter.toFailure(
        new Failure.TimeoutFailure({
          message: "timed out",
          timeoutType: "TIMEOUT_TYPE_HEARTBEAT",
          lastHeartbeatDetails: [{ step: 3 }]
        })
      )
      const timeout = sdkFailures.failureToError(timeoutProto, sdkPayloads) as InstanceType<
        typeof common.TimeoutFailure
      >
      assert.instanceOf(timeout, common.TimeoutFailure)
      assert.strictEqual(timeout.message, "timed out")
      assert.strictEqual(timeout.timeoutType, "HEARTBEAT")
      assert.deepStrictEqual(timeout.lastHeartbeatDetails, { step: 3 })
    }))
})
