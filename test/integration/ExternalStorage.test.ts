/**
 * External payload storage against the official TypeScript worker: both
 * sides store large payloads in the same directory (ours through
 * `ExternalStorage.fileSystemDriver`, the worker's through a driver of the
 * same name and claim format written on the official `StorageDriver`
 * interface), so each reads what the other stored, and the history keeps
 * only the small reference payloads.
 */
import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ExternalStorage as OfficialExternalStorage, type StorageDriver } from "@temporalio/common"
import type { temporal as protoTypes } from "@temporalio/proto"
import protoRoot from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll } from "vitest"
import { inject } from "vitest"
import * as DataConverter from "../../src/DataConverter.js"
import * as ExternalStorage from "../../src/ExternalStorage.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { withClient } from "../support/client.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

type HistoryEvent = protoTypes.api.history.v1.HistoryEvent
type Payload = protoTypes.api.common.v1.IPayload
const { temporal } = protoRoot
const { EventType } = temporal.api.enums.v1
const PayloadProto = temporal.api.common.v1.Payload

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "effect-temporal-extstore-"))
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }))

/** The worker's driver: the same name, file layout and claim as `fileSystemDriver`. */
const officialDriver: StorageDriver = {
  name: "filesystem",
  type: "test.filesystem",
  store: async (_context, payloads) =>
    payloads.map((payload) => {
      const bytes = PayloadProto.encode(payload).finish()
      const key = createHash("sha256").update(bytes).digest("hex")
      fs.mkdirSync(directory, { recursive: true })
      fs.writeFileSync(path.join(directory, key), bytes)
      return { claimData: { key } }
    }),
  retrieve: async (_context, claims) =>
    claims.map((claim) => PayloadProto.decode(fs.readFileSync(path.join(directory, claim.claimData["key"]!))))
}

const converterLayer = DataConverter.Default.pipe(
  DataConverter.withExternalStorage(
    Effect.map(ExternalStorage.fileSystemDriver({ directory }), (driver) => ({ drivers: [driver] }))
  ),
  Layer.provide(NodeFileSystem.layer),
  Layer.orDie
)

/** An official worker storing through `officialDriver`, on a fresh task queue; returns the queue. */
const workerWithStorage = (prefix: string) =>
  Effect.gen(function*() {
    const taskQueue = freshTaskQueue(prefix)
    yield* withWorker({
      address: inject("temporalAddress"),
      taskQueue,
      workflowBundlePath: inject("workflowBundlePath"),
      dataConverter: { externalStorage: new OfficialExternalStorage({ drivers: [officialDriver] }) }
    })
    return taskQueue
  })

const serializedSize = (payload: Payload | null | undefined) => PayloadProto.encode(payload ?? {}).finish().length

const isReference = (payload: Payload | null | undefined) =>
  payload !== null && payload !== undefined && ExternalStorage.isReferencePayload(payload)

describe("ExternalStorage with the official TypeScript worker", () => {
  it.live(
    "a 5 MiB argument, result and memo go through the shared store; the history keeps references",
    () =>
      withClient(
        Effect.gen(function*() {
          const taskQueue = yield* workerWithStorage("extstore")
          const client = yield* TemporalClient.TemporalClient
          const large = "a".repeat(5 * 1024 * 1024)
          const memoValue = "m".repeat(300 * 1024)
          const handle = yield* client.startWorkflow("echo", {
            id: freshId("extstore"),
            taskQueue,
            args: [large],
            memo: { big: memoValue, small: "s" }
          })
          // (a) the worker read our stored argument, and we read the result the worker stored.
          const result = yield* handle.result()
          assert.strictEqual(result, large)

          // (b) the memo was stored too, and reads back through describe.
          const description = yield* handle.describe()
          assert.deepStrictEqual(description.memo, { big: memoValue, small: "s" })

          // (c) the history holds reference payloads only.
          const events = (yield* Stream.runCollect(handle.fetchHistory())) as ReadonlyArray<HistoryEvent>
          const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)!
            .workflowExecutionStartedEventAttributes!
          const completed = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)!
            .workflowExecutionCompletedEventAttributes!
          const input = started.input?.payloads?.[0]
          const output = completed.result?.payloads?.[0]
          const memoBig = started.memo?.fields?.["big"]
          const memoSmall = started.memo?.fields?.["small"]
          assert.isTrue(isReference(input), "input is a reference")
          assert.isTrue(isReference(output), "result is a reference (stored by the worker)")
          assert.isTrue(isReference(memoBig), "large memo value is a reference")
          assert.isFalse(isReference(memoSmall), "small memo value stays inline")
          for (const payload of [input, output, memoBig]) assert.isBelow(serializedSize(payload), 1024)
          assert.isAtLeast(fs.readdirSync(directory).length, 2)
        }),
        { dataConverter: converterLayer }
      ),
    { timeout: 120_000 }
  )

  it.live(
    "a 5 MiB update argument is stored, read by the worker, and its echo read back (over the 2 MiB payload limit)",
    () =>
      withClient(
        Effect.gen(function*() {
          const taskQueue = yield* workerWithStorage("extstore-update")
          const client = yield* TemporalClient.TemporalClient
          const large = "u".repeat(5 * 1024 * 1024)
          const handle = yield* client.startWorkflow("signalQueryUpdate", {
            id: freshId("extstore-update"),
            taskQueue,
            args: ["initial"]
          })
          // `rename` answers the previous name: first "initial", then the 5 MiB name the worker
          // read from our reference and stored again as its own reference.
          assert.strictEqual(yield* handle.executeUpdate("rename", large), "initial")
          assert.strictEqual(yield* handle.executeUpdate("rename", "short"), large)
          yield* handle.signal("finish")
          yield* handle.result()
          const events = (yield* Stream.runCollect(handle.fetchHistory())) as ReadonlyArray<HistoryEvent>
          const accepted = events.flatMap((e) =>
            e.workflowExecutionUpdateAcceptedEventAttributes ? [e.workflowExecutionUpdateAcceptedEventAttributes] : []
          )
          const completed = events.flatMap((e) =>
            e.workflowExecutionUpdateCompletedEventAttributes ? [e.workflowExecutionUpdateCompletedEventAttributes] : []
          )
          const argument = accepted[0]?.acceptedRequest?.input?.args?.payloads?.[0]
          const secondResult = completed[1]?.outcome?.success?.payloads?.[0]
          assert.isTrue(isReference(argument), "the update argument is a reference")
          assert.isTrue(isReference(secondResult), "the worker's update result is a reference")
          for (const payload of [argument, secondResult]) assert.isBelow(serializedSize(payload), 1024)
        }),
        { dataConverter: converterLayer }
      ),
    { timeout: 120_000 }
  )
})
