/**
 * The serialization context against the dev server and the official worker: an AES-GCM codec whose
 * `KeyProvider` picks a per-tenant key by the workflow (or activity) ID of the call. For every
 * payload-carrying call, the context the provider saw is the call's own, the payloads the server
 * keeps carry that tenant's key ID, and the worker (which knows only the tenants' keys and its own)
 * decrypts what we sent.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { createHash } from "node:crypto"
import { inject } from "vitest"
import * as ActivityDefinition from "../../src/ActivityDefinition.js"
import * as DataConverter from "../../src/DataConverter.js"
import * as NexusServiceDefinition from "../../src/NexusServiceDefinition.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import * as ScheduleClient from "../../src/ScheduleClient.js"
import type { SerializationContext } from "../../src/SerializationContext.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as WorkflowDefinition from "../../src/WorkflowDefinition.js"
import { withClient } from "../support/client.js"
import { AesGcmCodec, ENCRYPTION_KEY_ID } from "../support/codecs.js"
import { eventually } from "../support/eventually.js"
import { nexusEndpoint } from "../support/nexus.js"
import { freshId, freshTaskQueue, withWorker } from "../support/worker.js"

type Payload = protoTypes.api.common.v1.IPayload
type HistoryEvent = protoTypes.api.history.v1.HistoryEvent

const fromUtf8 = new TextDecoder()

/** A tenant's 32-byte key, derived from its ID (a KMS would look it up). */
const keyOf = (tenant: string) => new Uint8Array(createHash("sha256").update(`tenant-secret:${tenant}`).digest())
const keyIdOf = (tenant: string) => `tenant:${tenant}`
const workerKey = new Uint8Array(createHash("sha256").update("worker-secret").digest())

/** The tenant of a context: the workflow, or the standalone activity. */
const tenantOf = (context: SerializationContext | undefined): string => {
  switch (context?._tag) {
    case "Workflow":
      return context.workflowId
    case "Activity":
      return context.workflowId ?? context.activityId ?? "unknown"
    case "NexusOperation":
      return context.operationId ?? "unknown"
    default:
      return "none"
  }
}

/** Our side: every context the key provider was asked about, and the converter built on it. */
const makeTenantConverter = () => {
  const seen: Array<SerializationContext | undefined> = []
  const keys = PayloadCodec.keyProviderByContext((context) => {
    seen.push(context)
    const tenant = tenantOf(context)
    return {
      current: PayloadCodec.encryptionKey(keyIdOf(tenant), keyOf(tenant)),
      previous: [PayloadCodec.encryptionKey("worker", workerKey)]
    }
  })
  const converter = DataConverter.Default.pipe(DataConverter.withCodec(PayloadCodec.aesGcmWith(keys)))
  /** The contexts seen since the last call, cleared. */
  const take = () => seen.splice(0, seen.length)
  return { converter, take }
}

/** The worker's side: encrypts with its own key; decrypts the tenants it is told about. */
const makeWorkerCodec = (tenants: ReadonlySet<string>) =>
  new AesGcmCodec("worker", workerKey, (keyId) => {
    const tenant = keyId.startsWith("tenant:") ? keyId.slice("tenant:".length) : undefined
    return tenant !== undefined && tenants.has(tenant) ? keyOf(tenant) : undefined
  })

const keyIdsOf = (payloads: ReadonlyArray<Payload> | null | undefined): Array<string> =>
  (payloads ?? []).map((payload) => fromUtf8.decode(payload.metadata?.[ENCRYPTION_KEY_ID] ?? new Uint8Array()))

/** Every context seen is `expected` (and there was at least one). */
const assertContexts = (
  seen: ReadonlyArray<SerializationContext | undefined>,
  expected: Partial<SerializationContext>,
  what: string
) => {
  assert.isAbove(seen.length, 0, `${what}: the key provider was consulted`)
  for (const context of seen) {
    for (const [field, value] of Object.entries(expected)) {
      assert.strictEqual((context as Record<string, unknown> | undefined)?.[field], value, `${what}: ${field}`)
    }
  }
}

const StatusQuery = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Unknown,
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [] },
  queries: { status: { args: [Schema.String], result: Schema.String } },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

const EchoService = NexusServiceDefinition.make("contractNexus", {
  operations: {
    echo: { input: Schema.Struct({ text: Schema.String }), output: Schema.Struct({ text: Schema.String }) }
  }
})

const Echo = ActivityDefinition.make("echoActivity", { args: [Schema.String], result: Schema.String })

const historyOf = (handle: { readonly fetchHistory: () => Stream.Stream<unknown, unknown> }) =>
  Effect.map(Stream.runCollect(handle.fetchHistory()), (events) => events as ReadonlyArray<HistoryEvent>)

describe("serialization context: a codec keyed by workflow ID", () => {
  it.live("start (args and memo), signal, query, update and result each convert in their workflow's context", () => {
    const { converter, take } = makeTenantConverter()
    const tenants = new Set<string>()
    return withClient(
      Effect.gen(function*() {
        const taskQueue = freshTaskQueue("sc-wf")
        const workerCodec = makeWorkerCodec(tenants)
        yield* withWorker({
          address: inject("temporalAddress"),
          taskQueue,
          workflowBundlePath: inject("workflowBundlePath"),
          dataConverter: { payloadCodecs: [workerCodec] }
        })
        const client = yield* TemporalClient.TemporalClient
        const workflowId = freshId("sc-tenant")
        const other = freshId("sc-other")
        tenants.add(workflowId)
        tenants.add(other)

        const handle = yield* client.startWorkflow(StatusQuery, {
          id: workflowId,
          taskQueue,
          args: ["first"],
          memo: { owner: "tenant memo" }
        })
        assertContexts(take(), { _tag: "Workflow", workflowId, workflowType: "signalQueryUpdate" }, "start")

        yield* handle.signal("approve", { by: "ops" })
        assertContexts(take(), { _tag: "Workflow", workflowId }, "signal")

        const status = yield* eventually(
          "the approval to be seen",
          Effect.map(
            handle.query("status", "ignored"),
            (s) => s.startsWith("approved") ? Option.some(s) : Option.none()
          )
        )
        assert.strictEqual(status, "approved by ops")
        assertContexts(take(), { _tag: "Workflow", workflowId }, "query")

        assert.strictEqual(yield* handle.executeUpdate("rename", "second"), "first")
        assertContexts(take(), { _tag: "Workflow", workflowId }, "update")

        // A second workflow in the same client gets its own key.
        const otherHandle = yield* client.startWorkflow("echo", { id: other, taskQueue, args: ["other tenant"] })
        assertContexts(take(), { _tag: "Workflow", workflowId: other }, "start of another workflow")
        assert.strictEqual(yield* otherHandle.result(), "other tenant")
        assertContexts(take(), { _tag: "Workflow", workflowId: other }, "result of another workflow")

        yield* handle.signal("finish")
        take()
        const result = yield* handle.result()
        assert.deepStrictEqual((result as { readonly name: string }).name, "second")
        assertContexts(take(), { _tag: "Workflow", workflowId }, "result")

        const description = yield* handle.describe()
        assert.deepStrictEqual(description.memo, { owner: "tenant memo" })
        assertContexts(take(), { _tag: "Workflow", workflowId }, "describe (memo)")

        // What the server keeps is under each tenant's key; the worker decrypted with those keys.
        const events = yield* historyOf(handle)
        const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!
          .workflowExecutionStartedEventAttributes!
        assert.deepStrictEqual(keyIdsOf(started.input?.payloads), [keyIdOf(workflowId)])
        assert.deepStrictEqual(
          keyIdsOf(Object.values(started.memo?.fields ?? {})),
          [keyIdOf(workflowId)]
        )
        const signaled = events.filter((e) => e.workflowExecutionSignaledEventAttributes)
          .map((e) => e.workflowExecutionSignaledEventAttributes!)
        assert.deepStrictEqual(keyIdsOf(signaled[0]!.input?.payloads), [keyIdOf(workflowId)])
        const accepted = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!
          .workflowExecutionUpdateAcceptedEventAttributes!
        assert.deepStrictEqual(keyIdsOf(accepted.acceptedRequest?.input?.args?.payloads), [keyIdOf(workflowId)])
        assert.includeMembers(workerCodec.decryptedWith, [keyIdOf(workflowId), keyIdOf(other)])
      }),
      { dataConverter: converter }
    )
  })

  it.live("a schedule's action converts in the context of the workflow ID it starts", () => {
    const { converter, take } = makeTenantConverter()
    return withClient(
      Effect.provide(
        Effect.gen(function*() {
          const schedules = yield* ScheduleClient.ScheduleClient
          const scheduleId = freshId("sc-sched")
          const actionId = `${scheduleId}-action`
          const handle = yield* Effect.acquireRelease(
            schedules.createSchedule(scheduleId, {
              spec: { intervals: [{ every: "1 hour" }] },
              action: { workflow: "echo", id: actionId, taskQueue: "nowhere", args: ["scheduled"], memo: { m: 1 } },
              state: { paused: true }
            }),
            (h) => Effect.ignore(h.delete())
          )
          assertContexts(take(), { _tag: "Workflow", workflowId: actionId, workflowType: "echo" }, "create")
          const description = yield* handle.describe()
          assert.deepStrictEqual(description.schedule.action.args, ["scheduled"])
          assertContexts(take(), { _tag: "Workflow", workflowId: actionId }, "describe")
          assert.deepStrictEqual(keyIdsOf(description.schedule.action.rawArgs), [keyIdOf(actionId)])
        }),
        ScheduleClient.layer
      ),
      { dataConverter: converter }
    )
  })

  it.live("async completion by ID and a standalone activity convert in their activity's context", () => {
    const { converter, take } = makeTenantConverter()
    const tenants = new Set<string>()
    return withClient(
      Effect.gen(function*() {
        const taskQueue = freshTaskQueue("sc-act")
        yield* withWorker({
          address: inject("temporalAddress"),
          taskQueue,
          workflowBundlePath: inject("workflowBundlePath"),
          dataConverter: { payloadCodecs: [makeWorkerCodec(tenants)] }
        })
        const client = yield* TemporalClient.TemporalClient
        const workflowId = freshId("sc-async")
        const activityId = "async-ctx"
        tenants.add(workflowId)
        const handle = yield* client.startWorkflow("asyncCompletionWorkflow", {
          id: workflowId,
          taskQueue,
          args: [activityId]
        })
        const asyncHandle = client.getAsyncActivityHandle({ workflowId, activityId })
        take()
        // The activity may not have started yet: heartbeat until the server knows it.
        yield* eventually(
          "the activity to accept a heartbeat",
          Effect.as(asyncHandle.heartbeat("beat"), Option.some(true))
        )
        yield* asyncHandle.complete("completed by tenant")
        assertContexts(take(), { _tag: "Activity", workflowId, activityId, isLocal: false }, "async completion")
        assert.strictEqual(yield* handle.result(), "completed by tenant")

        const standaloneId = freshId("sc-standalone")
        tenants.add(standaloneId)
        take()
        const activity = yield* client.startActivity(Echo, {
          id: standaloneId,
          taskQueue,
          args: ["standalone tenant"],
          startToCloseTimeout: "30 seconds"
        })
        assertContexts(
          take(),
          { _tag: "Activity", activityId: standaloneId, activityType: "echoActivity", activityTaskQueue: taskQueue },
          "standalone start"
        )
        assert.strictEqual(yield* activity.result(), "standalone tenant")
        assertContexts(take(), { _tag: "Activity", activityId: standaloneId }, "standalone result")
      }),
      { dataConverter: converter }
    )
  })

  it.live("a Nexus operation converts its input and result in the operation's context", () => {
    const { converter, take } = makeTenantConverter()
    const tenants = new Set<string>()
    return withClient(
      Effect.gen(function*() {
        const endpoint = yield* nexusEndpoint({ payloadCodecs: [makeWorkerCodec(tenants)] })
        const client = yield* TemporalClient.TemporalClient
        const operationId = freshId("sc-nexus")
        tenants.add(operationId)
        const nexus = client.createNexusClient({ endpoint, service: EchoService })
        take()
        const handle = yield* nexus.startOperation("echo", { text: "nexus tenant" }, {
          id: operationId,
          scheduleToCloseTimeout: "1 minute"
        })
        const expected = {
          _tag: "NexusOperation" as const,
          endpoint,
          service: "contractNexus",
          operation: "echo",
          operationId
        }
        assertContexts(take(), expected, "start")
        assert.deepStrictEqual(yield* handle.result(), { text: "nexus tenant" })
        assertContexts(take(), expected, "result")
      }),
      { dataConverter: converter }
    )
  })
})
