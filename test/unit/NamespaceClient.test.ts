/**
 * The namespace client against the in-process fake gRPC server: the requests it sends (register,
 * update, list filters, typed search attributes on the operator service), what it decodes
 * (descriptions with state, retention and archival; search attributes with their types), the
 * options it refuses before any RPC, the errors it maps, and interceptors seeing every call.
 */
import { assert, describe, it } from "@effect/vitest"
import type { temporal as protoTypes } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { type ClientInterceptor, ClientInterceptors } from "../../src/ClientInterceptors.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as NamespaceClient from "../../src/NamespaceClient.js"
import { SearchAttributeKey } from "../../src/SearchAttributes.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import * as TemporalError from "../../src/TemporalError.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { InMemoryTemporal } from "../../src/testing/index.js"

const proto = temporal()

/** Run `body` with the namespace client over the fake (client namespace `ns-1`). */
const withNamespaces = <A, E>(
  server: FakeGrpcServer.FakeGrpcServer,
  body: Effect.Effect<A, E, NamespaceClient.NamespaceClient>,
  interceptors: ReadonlyArray<ClientInterceptor> = []
) =>
  Effect.provide(
    body,
    NamespaceClient.layer.pipe(
      Layer.provide(
        Layer.fresh(TemporalClient.layerConnect({ address: server.address, lazy: true, namespace: "ns-1" }))
      ),
      Layer.provide(Layer.succeed(ClientInterceptors, interceptors))
    )
  )

const requestsOf = (server: FakeGrpcServer.FakeGrpcServer, method: string) =>
  Effect.map(server.calls, (calls) => calls.filter((call) => call.method === method).map((call) => call.request))

const describeResponse = (name: string) => ({
  namespaceInfo: {
    name,
    id: `${name}-id`,
    state: proto.api.enums.v1.NamespaceState.NAMESPACE_STATE_REGISTERED,
    description: "orders",
    ownerEmail: "ops@example.com",
    data: { team: "payments" },
    capabilities: { eagerWorkflowStart: true, syncUpdate: false },
    limits: { blobSizeLimitError: 2097152 },
    supportsSchedules: true
  },
  config: {
    workflowExecutionRetentionTtl: { seconds: 259200 },
    historyArchivalState: proto.api.enums.v1.ArchivalState.ARCHIVAL_STATE_ENABLED,
    historyArchivalUri: "file:///tmp/h",
    visibilityArchivalState: proto.api.enums.v1.ArchivalState.ARCHIVAL_STATE_DISABLED,
    customSearchAttributeAliases: { Keyword01: "CustomerId" },
    badBinaries: { binaries: { abc: { reason: "crash", operator: "me", createTime: { seconds: 1_700_000_000 } } } }
  },
  replicationConfig: {
    activeClusterName: "active",
    clusters: [{ clusterName: "active" }, { clusterName: "standby" }],
    state: proto.api.enums.v1.ReplicationState.REPLICATION_STATE_NORMAL
  },
  failoverVersion: 7,
  isGlobalNamespace: true,
  failoverHistory: [{ failoverTime: { seconds: 1_700_000_100 }, failoverVersion: 7 }]
})

const namespaceNotFound = (namespace: string) =>
  Effect.fail({
    code: "NOT_FOUND" as const,
    message: `Namespace ${namespace} is not found.`,
    details: [{ typeName: "temporal.api.errordetails.v1.NamespaceNotFoundFailure", value: { namespace } }]
  })

describe("NamespaceClient against the fake server", () => {
  it.effect("registerNamespace sends every option, the retention as a proto Duration", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({ workflowService: { registerNamespace: () => Effect.succeed({}) } })
      yield* withNamespaces(
        server,
        NamespaceClient.registerNamespace("orders", {
          retention: "3 days",
          description: "Order workflows",
          ownerEmail: "ops@example.com",
          data: { team: "payments" },
          isGlobalNamespace: true,
          clusters: ["active", "standby"],
          activeClusterName: "active",
          historyArchivalState: "Enabled",
          historyArchivalUri: "file:///tmp/h",
          visibilityArchivalState: "Disabled"
        })
      )
      const [request] = (yield* requestsOf(server, "RegisterNamespace")) as ReadonlyArray<
        protoTypes.api.workflowservice.v1.IRegisterNamespaceRequest
      >
      assert.strictEqual(request!.namespace, "orders")
      assert.strictEqual(Number(request!.workflowExecutionRetentionPeriod?.seconds), 259200)
      assert.strictEqual(request!.description, "Order workflows")
      assert.strictEqual(request!.ownerEmail, "ops@example.com")
      assert.deepStrictEqual({ ...request!.data }, { team: "payments" })
      assert.strictEqual(request!.isGlobalNamespace, true)
      assert.deepStrictEqual(request!.clusters?.map((cluster) => cluster.clusterName), ["active", "standby"])
      assert.strictEqual(request!.activeClusterName, "active")
      assert.strictEqual(request!.historyArchivalState, proto.api.enums.v1.ArchivalState.ARCHIVAL_STATE_ENABLED)
      assert.strictEqual(request!.historyArchivalUri, "file:///tmp/h")
      assert.strictEqual(request!.visibilityArchivalState, proto.api.enums.v1.ArchivalState.ARCHIVAL_STATE_DISABLED)
    }))

  it.effect("describeNamespace decodes state, retention, archival, replication, capabilities and limits", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { describeNamespace: (request) => Effect.succeed(describeResponse(request.namespace!)) }
      })
      const described = yield* withNamespaces(server, NamespaceClient.describeNamespace("orders"))
      assert.instanceOf(described, NamespaceClient.NamespaceDescription)
      assert.strictEqual(described.name, "orders")
      assert.strictEqual(described.id, "orders-id")
      assert.strictEqual(described.state, "Registered")
      assert.strictEqual(described.description, "orders")
      assert.strictEqual(described.ownerEmail, "ops@example.com")
      assert.deepStrictEqual(described.data, { team: "payments" })
      assert.isTrue(Duration.equals(described.retention!, Duration.days(3)))
      assert.strictEqual(described.historyArchivalState, "Enabled")
      assert.strictEqual(described.historyArchivalUri, "file:///tmp/h")
      assert.strictEqual(described.visibilityArchivalState, "Disabled")
      assert.isUndefined(described.visibilityArchivalUri)
      assert.deepStrictEqual(described.customSearchAttributeAliases, { Keyword01: "CustomerId" })
      assert.strictEqual(described.badBinaries["abc"]?.reason, "crash")
      assert.strictEqual(described.badBinaries["abc"]?.createTime?.getTime(), 1_700_000_000_000)
      assert.isTrue(described.isGlobalNamespace)
      assert.strictEqual(described.activeClusterName, "active")
      assert.deepStrictEqual(described.clusters, ["active", "standby"])
      assert.strictEqual(described.replicationState, "Normal")
      assert.strictEqual(described.failoverVersion, 7)
      assert.strictEqual(described.failoverHistory[0]?.failoverTime?.getTime(), 1_700_000_100_000)
      assert.deepStrictEqual(described.capabilities, ["eagerWorkflowStart"])
      assert.strictEqual(described.limits.blobSizeLimitError, 2097152)
      assert.isUndefined(described.limits.memoSizeLimitError)
      assert.isTrue(described.supportsSchedules)
      assert.strictEqual(described.rawDescription.namespaceInfo?.name, "orders")
    }))

  it.effect("updateNamespace sends only the parts given, and answers the namespace as updated", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { updateNamespace: (request) => Effect.succeed(describeResponse(request.namespace!)) }
      })
      const updated = yield* withNamespaces(
        server,
        Effect.gen(function*() {
          const client = yield* NamespaceClient.NamespaceClient
          yield* client.updateNamespace("orders", { description: "new", data: { k: "v" }, state: "Deprecated" })
          yield* client.updateNamespace("orders", { retention: "2 days", visibilityArchivalState: "Enabled" })
          return yield* client.updateNamespace("orders", { activeClusterName: "standby", promoteNamespace: true })
        })
      )
      assert.strictEqual(updated.name, "orders")
      const [info, config, replication] = (yield* requestsOf(server, "UpdateNamespace")) as ReadonlyArray<
        protoTypes.api.workflowservice.v1.IUpdateNamespaceRequest
      >
      assert.strictEqual(info!.updateInfo?.description, "new")
      assert.deepStrictEqual({ ...info!.updateInfo?.data }, { k: "v" })
      assert.strictEqual(info!.updateInfo?.state, proto.api.enums.v1.NamespaceState.NAMESPACE_STATE_DEPRECATED)
      assert.isNull(info!.config ?? null)
      assert.isNull(info!.replicationConfig ?? null)
      assert.isNull(config!.updateInfo ?? null)
      assert.strictEqual(Number(config!.config?.workflowExecutionRetentionTtl?.seconds), 172800)
      assert.strictEqual(
        config!.config?.visibilityArchivalState,
        proto.api.enums.v1.ArchivalState.ARCHIVAL_STATE_ENABLED
      )
      assert.strictEqual(replication!.replicationConfig?.activeClusterName, "standby")
      assert.isTrue(replication!.promoteNamespace)
    }))

  it.effect("listNamespaces follows page tokens, sends the deleted filter, and stops at the limit", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          listNamespaces: (request) =>
            Effect.succeed(
              request.nextPageToken && request.nextPageToken.length > 0
                ? { namespaces: [describeResponse("c")] }
                : { namespaces: [describeResponse("a"), describeResponse("b")], nextPageToken: new Uint8Array([1]) }
            )
        }
      })
      const [all, limited, page] = yield* withNamespaces(
        server,
        Effect.gen(function*() {
          const client = yield* NamespaceClient.NamespaceClient
          return [
            yield* Stream.runCollect(client.listNamespaces({ pageSize: 2, includeDeleted: true })),
            yield* Stream.runCollect(client.listNamespaces({ limit: 1 })),
            yield* client.listNamespacesPage({ pageSize: 2 })
          ] as const
        })
      )
      assert.deepStrictEqual(all.map((namespace) => namespace.name), ["a", "b", "c"])
      assert.deepStrictEqual(limited.map((namespace) => namespace.name), ["a"])
      assert.deepStrictEqual(page.namespaces.map((namespace) => namespace.name), ["a", "b"])
      assert.deepStrictEqual([...page.nextPageToken!], [1])
      const [first, second] = (yield* requestsOf(server, "ListNamespaces")) as ReadonlyArray<
        protoTypes.api.workflowservice.v1.IListNamespacesRequest
      >
      assert.strictEqual(first!.pageSize, 2)
      assert.isTrue(first!.namespaceFilter?.includeDeleted)
      assert.deepStrictEqual([...second!.nextPageToken!], [1])
    }))

  it.effect("search attributes: typed adds on the operator service, listed with their types, removed by key or name", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        operatorService: {
          addSearchAttributes: () => Effect.succeed({}),
          removeSearchAttributes: () => Effect.succeed({}),
          listSearchAttributes: () =>
            Effect.succeed({
              customAttributes: {
                CustomerId: proto.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                Amount: proto.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
                Mystery: 99
              },
              systemAttributes: { WorkflowId: proto.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
              storageSchema: { CustomerId: "keyword" }
            })
        }
      })
      const listed = yield* withNamespaces(
        server,
        Effect.gen(function*() {
          const client = yield* NamespaceClient.NamespaceClient
          yield* client.addSearchAttributes([
            SearchAttributeKey.keyword("CustomerId"),
            SearchAttributeKey.datetime("PaidAt")
          ])
          yield* client.addSearchAttributes({ Amount: "Double", Tags: "KeywordList" }, { namespace: "other" })
          yield* client.removeSearchAttributes([SearchAttributeKey.int("Old"), "Older"])
          return yield* client.listSearchAttributes()
        })
      )
      const [typed, untyped] = (yield* requestsOf(server, "AddSearchAttributes")) as ReadonlyArray<
        protoTypes.api.operatorservice.v1.IAddSearchAttributesRequest
      >
      const types = proto.api.enums.v1.IndexedValueType
      assert.strictEqual(typed!.namespace, "ns-1")
      assert.deepStrictEqual({ ...typed!.searchAttributes }, {
        CustomerId: types.INDEXED_VALUE_TYPE_KEYWORD,
        PaidAt: types.INDEXED_VALUE_TYPE_DATETIME
      })
      assert.strictEqual(untyped!.namespace, "other")
      assert.deepStrictEqual({ ...untyped!.searchAttributes }, {
        Amount: types.INDEXED_VALUE_TYPE_DOUBLE,
        Tags: types.INDEXED_VALUE_TYPE_KEYWORD_LIST
      })
      const [removal] = (yield* requestsOf(server, "RemoveSearchAttributes")) as ReadonlyArray<
        protoTypes.api.operatorservice.v1.IRemoveSearchAttributesRequest
      >
      assert.deepStrictEqual(removal!.searchAttributes, ["Old", "Older"])
      assert.strictEqual(listed.namespace, "ns-1")
      assert.deepStrictEqual(listed.custom, { CustomerId: "Keyword", Amount: "Double" })
      assert.deepStrictEqual(listed.system, { WorkflowId: "Keyword" })
      assert.deepStrictEqual(listed.storageSchema, { CustomerId: "keyword" })
      assert.deepStrictEqual(
        listed.customKeys.map((key) => [key.name, key.type]),
        [["CustomerId", "Keyword"], ["Amount", "Double"]]
      )
    }))

  it.effect("bad arguments fail with InvalidArgumentError naming the field, and reach no RPC", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({})
      yield* withNamespaces(
        server,
        Effect.gen(function*() {
          const client = yield* NamespaceClient.NamespaceClient
          const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
            ["namespace", client.registerNamespace("", { retention: "1 day" })],
            ["options.retention", client.registerNamespace("a", {} as NamespaceClient.RegisterNamespaceOptions)],
            ["options.retention", client.registerNamespace("a", { retention: "-1 day" })],
            ["options.data.team", client.registerNamespace("a", { retention: 1000, data: { team: 1 as never } })],
            [
              "options.historyArchivalState",
              client.registerNamespace("a", { retention: 1000, historyArchivalState: "On" as never })
            ],
            ["options.clusters[1]", client.registerNamespace("a", { retention: 1000, clusters: ["x", ""] })],
            ["options.rpcTimeout", client.registerNamespace("a", { retention: 1000, rpcTimeout: -1 })],
            ["namespace", client.describeNamespace("\uD800")],
            ["options", client.updateNamespace("a", {})],
            ["options.retention", client.updateNamespace("a", { retention: 0 })],
            ["options.state", client.updateNamespace("a", { state: "Gone" as never })],
            ["options.pageSize", Stream.runDrain(client.listNamespaces({ pageSize: 0 }))],
            ["options.limit", Stream.runDrain(client.listNamespaces({ limit: -1 }))],
            ["attributes", client.addSearchAttributes([])],
            ["attributes", client.addSearchAttributes({})],
            ["attributes.Amount", client.addSearchAttributes({ Amount: "Money" as never })],
            ["attributes[0].name", client.addSearchAttributes([SearchAttributeKey.text("")])],
            ["attributes[\"\"]", client.addSearchAttributes({ "": "Text" })],
            ["options.namespace", client.listSearchAttributes({ namespace: "" })],
            ["attributes", client.removeSearchAttributes([])],
            ["attributes[1]", client.removeSearchAttributes(["ok", "\uDC00"])]
          ]
          for (const [field, attempt] of cases) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "InvalidArgumentError", field)
            assert.strictEqual((error as TemporalError.InvalidArgumentError).field, field)
          }
        })
      )
      assert.deepStrictEqual(yield* server.calls, [])
    }))

  it.effect("errors are mapped: name taken, namespace missing, search attribute taken or missing", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          registerNamespace: (request) =>
            Effect.fail({
              code: "ALREADY_EXISTS" as const,
              message: `Namespace "${request.namespace}" already exists`,
              details: [{ typeName: "temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure", value: {} }]
            }),
          describeNamespace: (request) => namespaceNotFound(request.namespace!),
          updateNamespace: (request) => namespaceNotFound(request.namespace!)
        },
        operatorService: {
          addSearchAttributes: () =>
            Effect.fail({ code: "ALREADY_EXISTS" as const, message: "Search attribute CustomerId already exists." }),
          removeSearchAttributes: () =>
            Effect.fail({ code: "NOT_FOUND" as const, message: "Search attribute Gone doesn't exist." }),
          listSearchAttributes: (request) => namespaceNotFound(request.namespace!)
        }
      })
      const errors = yield* withNamespaces(
        server,
        Effect.gen(function*() {
          const client = yield* NamespaceClient.NamespaceClient
          return [
            yield* Effect.flip(client.registerNamespace("orders", { retention: "1 day" })),
            yield* Effect.flip(client.describeNamespace("missing")),
            yield* Effect.flip(client.updateNamespace("missing", { description: "d" })),
            yield* Effect.flip(client.addSearchAttributes({ CustomerId: "Keyword", Other: "Int" })),
            yield* Effect.flip(client.removeSearchAttributes(["Gone", "AlsoGone"])),
            yield* Effect.flip(client.listSearchAttributes({ namespace: "nowhere" }))
          ] as const
        })
      )
      const [taken, described, updated, added, removed, listed] = errors
      assert.instanceOf(taken, TemporalError.NamespaceAlreadyExistsError)
      assert.strictEqual((taken as TemporalError.NamespaceAlreadyExistsError).namespace, "orders")
      assert.instanceOf(described, TemporalError.NamespaceNotFoundError)
      assert.strictEqual((described as TemporalError.NamespaceNotFoundError).namespace, "missing")
      assert.instanceOf(updated, TemporalError.NamespaceNotFoundError)
      assert.strictEqual((updated as TemporalError.NamespaceNotFoundError).namespace, "missing")
      assert.instanceOf(added, TemporalError.SearchAttributeAlreadyExistsError)
      assert.deepStrictEqual((added as TemporalError.SearchAttributeAlreadyExistsError).names, ["CustomerId"])
      assert.strictEqual((added as TemporalError.SearchAttributeAlreadyExistsError).namespace, "ns-1")
      assert.instanceOf(removed, TemporalError.SearchAttributeNotFoundError)
      assert.deepStrictEqual((removed as TemporalError.SearchAttributeNotFoundError).names, ["Gone"])
      assert.instanceOf(listed, TemporalError.NamespaceNotFoundError)
      assert.strictEqual((listed as TemporalError.NamespaceNotFoundError).namespace, "nowhere")
      assert.include(removed.message, "Gone")
    }))

  it.effect("interceptors see every namespace and search attribute call", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const recorder = new Proxy({}, {
        get: (_target, name) => (input: unknown, next: (input: unknown) => unknown) => {
          seen.push(String(name))
          return next(input)
        }
      }) as ClientInterceptor
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          registerNamespace: () => Effect.succeed({}),
          describeNamespace: () => Effect.succeed(describeResponse("a")),
          listNamespaces: () => Effect.succeed({ namespaces: [] }),
          updateNamespace: () => Effect.succeed(describeResponse("a"))
        },
        operatorService: {
          addSearchAttributes: () => Effect.succeed({}),
          listSearchAttributes: () => Effect.succeed({}),
          removeSearchAttributes: () => Effect.succeed({})
        }
      })
      yield* withNamespaces(
        server,
        Effect.gen(function*() {
          yield* NamespaceClient.registerNamespace("a", { retention: "1 day" })
          yield* NamespaceClient.describeNamespace("a")
          yield* Stream.runDrain(NamespaceClient.listNamespaces())
          yield* NamespaceClient.updateNamespace("a", { ownerEmail: "x@y.z" })
          yield* NamespaceClient.addSearchAttributes({ A: "Text" })
          yield* NamespaceClient.listSearchAttributes()
          yield* NamespaceClient.removeSearchAttributes(["A"])
        }),
        [recorder]
      )
      assert.deepStrictEqual(seen, [
        "registerNamespace",
        "describeNamespace",
        "listNamespaces",
        "updateNamespace",
        "addSearchAttributes",
        "listSearchAttributes",
        "removeSearchAttributes"
      ])
      assert.deepStrictEqual((yield* server.calls).map((call) => call.method), [
        "RegisterNamespace",
        "DescribeNamespace",
        "ListNamespaces",
        "UpdateNamespace",
        "AddSearchAttributes",
        "ListSearchAttributes",
        "RemoveSearchAttributes"
      ])
    }))
})

describe("NamespaceClient over InMemoryTemporal", () => {
  it.effect("its one namespace is described and listed; others are not found; registration is not modelled", () =>
    Effect.gen(function*() {
      const client = yield* NamespaceClient.NamespaceClient
      const described = yield* client.describeNamespace("default")
      assert.strictEqual(described.name, "default")
      assert.strictEqual(described.state, "Registered")
      assert.isTrue(Duration.equals(described.retention!, Duration.days(1)))
      const listed = yield* Stream.runCollect(client.listNamespaces())
      assert.deepStrictEqual(listed.map((namespace) => namespace.name), ["default"])
      const other = yield* Effect.flip(client.describeNamespace("other"))
      assert.instanceOf(other, TemporalError.NamespaceNotFoundError)
      const registered = yield* Effect.flip(client.registerNamespace("other", { retention: "1 day" }))
      assert.strictEqual(registered._tag, "RpcError")
    }).pipe(
      Effect.provide(NamespaceClient.layer.pipe(Layer.provideMerge(InMemoryTemporal.layer({ workflows: {} }))))
    ))
})
