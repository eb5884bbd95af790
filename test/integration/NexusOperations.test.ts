/**
 * Standalone Nexus operations against the dev server (standalone Nexus enabled by the harness's
 * dynamic config), handled by the official worker running `test/fixtures/nexus.ts` behind an
 * endpoint each test creates: start and result (sync and workflow-backed), execute, ID policies,
 * describe, cancel, terminate, list and count, handler errors decoded as typed failures, and codecs
 * on every payload.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { randomBytes } from "node:crypto"
import * as DataConverter from "../../src/DataConverter.js"
import * as Failure from "../../src/Failure.js"
import * as NexusClient from "../../src/NexusClient.js"
import * as NexusEndpoints from "../../src/NexusEndpoints.js"
import * as NexusServiceDefinition from "../../src/NexusServiceDefinition.js"
import * as PayloadCodec from "../../src/PayloadCodec.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { withClient } from "../support/client.js"
import { AesGcmCodec, encryptedEncoding } from "../support/codecs.js"
import { eventually } from "../support/eventually.js"
import { nexusEndpoint } from "../support/nexus.js"
import { freshId } from "../support/worker.js"

const Contract = NexusServiceDefinition.make("contractNexus", {
  operations: {
    echo: { input: Schema.Struct({ text: Schema.String }), output: Schema.Struct({ text: Schema.String }) },
    fail: { input: Schema.String, output: Schema.Never },
    badRequest: { input: Schema.String, output: Schema.Never },
    echoWorkflow: { input: Schema.Unknown, output: Schema.Unknown },
    sleepWorkflow: { input: Schema.Number, output: Schema.String }
  }
})

const timeouts = { scheduleToCloseTimeout: "1 minute" } as const

describe("standalone Nexus operations against the dev server", () => {
  it.live("a synchronous operation: start then result, and execute, typed by the service definition", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const id = freshId("nx-echo")
      const handle = yield* contract.startOperation("echo", { text: "hi" }, { id, ...timeouts })
      assert.strictEqual(handle.operationId, id)
      assert.isString(handle.runId)
      assert.strictEqual(handle.endpoint, endpoint)
      assert.strictEqual(handle.service, "contractNexus")
      assert.strictEqual(handle.operation, "echo")
      assert.deepStrictEqual(yield* handle.result(), { text: "hi" })
      const executed = yield* contract.executeOperation("echo", { text: "again" }, {
        id: freshId("nx-echo"),
        ...timeouts
      })
      assert.deepStrictEqual(executed, { text: "again" })
      // Untyped, by service name, through the NexusClient service.
      const untyped = yield* Effect.flatMap(
        NexusClient.createNexusClient({ endpoint, service: "contractNexus" }),
        (nexus) => nexus.executeOperation("echo", [1, "two"], { id: freshId("nx-echo"), ...timeouts })
      ).pipe(Effect.provide(NexusClient.layer))
      assert.deepStrictEqual(untyped, [1, "two"])
    })))

  it.live("a workflow-backed operation: result once its workflow completes; describe shows its token and outcome", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const handle = yield* contract.startOperation("echoWorkflow", { nested: [1, 2] }, {
        id: freshId("nx-wf"),
        summary: "echo through a workflow",
        headers: { "x-tenant": "acme" },
        ...timeouts
      })
      assert.deepStrictEqual(yield* handle.result(), { nested: [1, 2] })
      const described = yield* handle.describe({ includeInput: true, includeOutcome: true })
      assert.strictEqual(described.status, "Completed")
      assert.strictEqual(described.endpoint, endpoint)
      assert.strictEqual(described.service, "contractNexus")
      assert.strictEqual(described.operation, "echoWorkflow")
      assert.strictEqual(described.summary, "echo through a workflow")
      assert.strictEqual(described.headers["x-tenant"], "acme")
      assert.isString(described.operationToken)
      assert.deepStrictEqual(described.input, { nested: [1, 2] })
      assert.deepStrictEqual(described.result, { nested: [1, 2] })
      assert.strictEqual(described.attempt, 1)
      assert.instanceOf(described.closeTime, Date)
    })))

  it.live("a running ID: Fail refuses, UseExisting answers the running run; after close RejectDuplicate refuses", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const id = freshId("nx-dup")
      const first = yield* contract.startOperation("sleepWorkflow", 600_000, { id, ...timeouts })
      const refused = yield* Effect.flip(contract.startOperation("sleepWorkflow", 1, { id, ...timeouts }))
      assert.strictEqual(refused._tag, "NexusOperationAlreadyStartedError")
      if (refused._tag === "NexusOperationAlreadyStartedError") assert.strictEqual(refused.runId, first.runId)
      const existing = yield* contract.startOperation("sleepWorkflow", 1, {
        id,
        idConflictPolicy: "UseExisting",
        ...timeouts
      })
      assert.strictEqual(existing.runId, first.runId)
      yield* first.terminate({ reason: "done" })
      const rejected = yield* Effect.flip(
        contract.startOperation("echo", { text: "x" }, { id, idReusePolicy: "RejectDuplicate", ...timeouts })
      )
      assert.strictEqual(rejected._tag, "NexusOperationAlreadyStartedError")
      const again = yield* contract.startOperation("echo", { text: "x" }, { id, ...timeouts })
      assert.notStrictEqual(again.runId, first.runId)
      assert.deepStrictEqual(yield* again.result(), { text: "x" })
    })))

  it.live("cancel of a workflow-backed operation: the handler cancels its workflow; result fails typed", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const handle = yield* contract.startOperation("sleepWorkflow", 600_000, { id: freshId("nx-cancel"), ...timeouts })
      yield* eventually(
        "the operation started",
        Effect.map(handle.describe(), (d) => d.state === "Started" ? Option.some(d) : Option.none())
      )
      yield* handle.cancel({ reason: "not needed" })
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "NexusOperationFailedError")
      if (error._tag === "NexusOperationFailedError") {
        assert.deepStrictEqual(Failure.causeChain(error.cause!).map((f) => f._tag), ["CanceledFailure"])
      }
      const described = yield* handle.describe()
      assert.strictEqual(described.status, "Canceled")
      assert.strictEqual(described.cancelReason, "not needed")
    })))

  it.live("terminate: result fails with a TerminatedFailure", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const handle = yield* contract.startOperation("sleepWorkflow", 600_000, { id: freshId("nx-term"), ...timeouts })
      yield* handle.terminate({ reason: "stop" })
      const error = yield* Effect.flip(handle.result())
      assert.strictEqual(error._tag, "NexusOperationFailedError")
      if (error._tag === "NexusOperationFailedError") assert.instanceOf(error.cause, Failure.TerminatedFailure)
      assert.strictEqual((yield* handle.describe()).status, "Terminated")
    })))

  it.live("handler failures decode as typed failures: an operation error and a handler error", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const failed = yield* Effect.flip(
        contract.executeOperation("fail", "card declined", { id: freshId("nx-fail"), ...timeouts })
      )
      assert.strictEqual(failed._tag, "NexusOperationFailedError")
      if (failed._tag === "NexusOperationFailedError") {
        assert.instanceOf(failed.cause, Failure.ApplicationFailure)
        assert.strictEqual((failed.cause as Failure.ApplicationFailure).message, "card declined")
      }
      const refused = yield* Effect.flip(
        contract.executeOperation("badRequest", "no such order", { id: freshId("nx-bad"), ...timeouts })
      )
      assert.strictEqual(refused._tag, "NexusOperationFailedError")
      if (refused._tag === "NexusOperationFailedError") {
        assert.instanceOf(refused.cause, Failure.NexusHandlerFailure)
        assert.strictEqual((refused.cause as Failure.NexusHandlerFailure).type, "BAD_REQUEST")
      }
    })))

  it.live("listNexusOperations and countNexusOperations with a query, and a page form", () =>
    withClient(Effect.gen(function*() {
      const endpoint = yield* nexusEndpoint()
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint, service: Contract })
      const ids = [freshId("nx-list"), freshId("nx-list"), freshId("nx-list")]
      for (const id of ids) yield* contract.executeOperation("echo", { text: id }, { id, ...timeouts })
      const query = `Endpoint = '${endpoint}'`
      const listed = yield* eventually(
        "three operations listed",
        Effect.map(
          Stream.runCollect(client.listNexusOperations(query)),
          (all) => all.length === 3 ? Option.some(all) : Option.none()
        )
      )
      assert.deepStrictEqual(listed.map((o) => o.operationId).sort(), [...ids].sort())
      for (const operation of listed) {
        assert.strictEqual(operation.status, "Completed")
        assert.strictEqual(operation.operation, "echo")
        assert.strictEqual(operation.service, "contractNexus")
      }
      const page = yield* client.listNexusOperationsPage(query, { pageSize: 2 })
      assert.strictEqual(page.operations.length, 2)
      const rest = yield* client.listNexusOperationsPage(query, { pageSize: 2, nextPageToken: page.nextPageToken })
      assert.strictEqual(rest.operations.length, 1)
      const count = yield* eventually(
        "the count",
        Effect.map(client.countNexusOperations(query), (c) => c.count === 3 ? Option.some(c) : Option.none())
      )
      assert.strictEqual(count.count, 3)
      const grouped = yield* client.countNexusOperations(`${query} GROUP BY ExecutionStatus`)
      assert.deepStrictEqual(grouped.groups.map((g) => [g.groupValues, g.count]), [[["Completed"], 3]])
    })))

  it.live("an unknown operation ID: NexusOperationNotFoundError", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const handle = client.getNexusOperationHandle(freshId("nx-missing"))
      for (const call of [handle.describe(), handle.cancel(), handle.terminate(), handle.result()]) {
        assert.strictEqual((yield* Effect.flip(call))._tag, "NexusOperationNotFoundError")
      }
    })))

  it.live("codecs apply to the input, the output and the summary", () => {
    const keyBytes = new Uint8Array(randomBytes(32))
    return withClient(
      Effect.gen(function*() {
        const endpoint = yield* nexusEndpoint({ payloadCodecs: [new AesGcmCodec("nx-key", keyBytes)] })
        const client = yield* TemporalClient.TemporalClient
        const contract = client.createNexusClient({ endpoint, service: Contract })
        const handle = yield* contract.startOperation("echoWorkflow", { secret: "s3cret" }, {
          id: freshId("nx-codec"),
          summary: "sealed",
          ...timeouts
        })
        assert.deepStrictEqual(yield* handle.result(), { secret: "s3cret" })
        const described = yield* handle.describe({ includeInput: true, includeOutcome: true })
        assert.deepStrictEqual(described.input, { secret: "s3cret" })
        assert.strictEqual(described.summary, "sealed")
        const raw = described.rawDescription
        for (const payload of [raw.input, raw.result]) {
          assert.strictEqual(
            new TextDecoder().decode(payload?.metadata?.["encoding"] ?? new Uint8Array()),
            encryptedEncoding
          )
        }
      }),
      {
        dataConverter: DataConverter.Default.pipe(
          DataConverter.withCodec(PayloadCodec.aesGcm(PayloadCodec.encryptionKey("nx-key", keyBytes)))
        )
      }
    )
  })

  it.live("options are checked before any RPC", () =>
    withClient(Effect.gen(function*() {
      const client = yield* TemporalClient.TemporalClient
      const contract = client.createNexusClient({ endpoint: "nowhere", service: Contract })
      const noTimeout = yield* Effect.flip(
        contract.startOperation("echo", { text: "x" }, { id: "x" } as never)
      )
      assert.strictEqual(noTimeout._tag, "InvalidArgumentError")
      if (noTimeout._tag === "InvalidArgumentError") {
        assert.strictEqual(noTimeout.field, "options.scheduleToCloseTimeout")
      }
      const badInput = yield* Effect.flip(
        contract.startOperation("echo", { text: 1 } as never, { id: "x", ...timeouts })
      )
      assert.strictEqual(badInput._tag, "DataConverterError")
      const noEndpoint = yield* Effect.flip(
        client.createNexusClient({ endpoint: "", service: Contract }).startOperation("echo", { text: "x" }, {
          id: "x",
          ...timeouts
        })
      )
      assert.strictEqual(noEndpoint._tag, "InvalidArgumentError")
    })))

  it.live("endpoints: create, read by ID and name, list, update, delete; typed errors", () =>
    withClient(
      Effect.gen(function*() {
        const endpoints = yield* NexusEndpoints.NexusEndpoints
        const name = freshId("ep-admin")
        const created = yield* endpoints.createEndpoint({
          name,
          target: { _tag: "Worker", namespace: "default", taskQueue: "nexus-admin-queue" },
          description: "the admin test's endpoint"
        })
        assert.isString(created.id)
        assert.strictEqual(created.name, name)
        assert.deepStrictEqual(created.target, { _tag: "Worker", namespace: "default", taskQueue: "nexus-admin-queue" })
        assert.strictEqual(created.description, "the admin test's endpoint")
        const byId = yield* endpoints.getEndpoint(created.id)
        assert.strictEqual(byId.version, created.version)
        assert.strictEqual((yield* endpoints.getEndpointByName(name)).id, created.id)
        const listed = yield* Stream.runCollect(endpoints.listEndpoints())
        assert.isTrue(listed.some((endpoint) => endpoint.id === created.id))
        const duplicate = yield* Effect.flip(
          endpoints.createEndpoint({ name, target: { _tag: "Worker", namespace: "default", taskQueue: "other" } })
        )
        assert.strictEqual(duplicate._tag, "NexusEndpointAlreadyExistsError")
        const updated = yield* endpoints.updateEndpoint(created.id, (spec) => ({
          ...spec,
          target: { _tag: "Worker", namespace: "default", taskQueue: "nexus-admin-moved" },
          description: "moved"
        }))
        assert.isAbove(updated.version, created.version)
        assert.deepStrictEqual(updated.target, { _tag: "Worker", namespace: "default", taskQueue: "nexus-admin-moved" })
        assert.strictEqual(updated.description, "moved")
        yield* endpoints.deleteEndpoint(created.id)
        assert.strictEqual((yield* Effect.flip(endpoints.getEndpoint(created.id)))._tag, "NexusEndpointNotFoundError")
        assert.strictEqual((yield* Effect.flip(endpoints.getEndpointByName(name)))._tag, "NexusEndpointNotFoundError")
        const badName = yield* Effect.flip(
          endpoints.createEndpoint({ name: "1-starts-with-a-digit", target: { _tag: "External", url: "https://x" } })
        )
        assert.strictEqual(badName._tag, "InvalidArgumentError")
        if (badName._tag === "InvalidArgumentError") assert.strictEqual(badName.field, "spec.name")
        const missingNamespace = yield* Effect.flip(
          endpoints.createEndpoint({
            name: freshId("ep-nons"),
            target: { _tag: "Worker", namespace: "no-such-namespace", taskQueue: "q" }
          })
        )
        assert.include(["NamespaceNotFoundError", "RpcError"], missingNamespace._tag)
      }).pipe(Effect.provide(NexusEndpoints.layer))
    ))
})
