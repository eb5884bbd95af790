/**
 * The namespace client against the dev server: a fresh namespace registered, described, updated
 * and listed (a new namespace may take a moment to be visible); a taken name and a missing
 * namespace mapped to their errors; custom search attributes added to the fresh namespace, listed
 * with their types, and removed.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as NamespaceClient from "../../src/NamespaceClient.js"
import { SearchAttributeKey } from "../../src/SearchAttributes.js"
import { withClient } from "../support/client.js"
import { eventually } from "../support/eventually.js"
import { freshId } from "../support/worker.js"

/** Run `body` with the namespace client built on the test client. */
const withNamespaces = <A, E>(body: Effect.Effect<A, E, NamespaceClient.NamespaceClient>) =>
  withClient(Effect.provide(body, NamespaceClient.layer))

/** Register a fresh namespace and wait until it can be described. */
const registered = (options: Partial<NamespaceClient.RegisterNamespaceOptions> = {}) =>
  Effect.gen(function*() {
    const client = yield* NamespaceClient.NamespaceClient
    const name = freshId("ns")
    yield* client.registerNamespace(name, { retention: "2 days", ...options })
    const described = yield* eventually(
      `namespace ${name} described`,
      Effect.map(client.describeNamespace(name), Option.some)
    )
    return { name, described }
  })

describe("NamespaceClient against the dev server", () => {
  it.live("register a fresh namespace, then describe it", () =>
    withNamespaces(Effect.gen(function*() {
      const { described, name } = yield* registered({
        description: "order workflows",
        ownerEmail: "ops@example.com",
        data: { team: "payments" }
      })
      assert.strictEqual(described.name, name)
      assert.isString(described.id)
      assert.strictEqual(described.state, "Registered")
      assert.strictEqual(described.description, "order workflows")
      assert.strictEqual(described.ownerEmail, "ops@example.com")
      assert.deepStrictEqual(described.data, { team: "payments" })
      assert.isTrue(Duration.equals(described.retention!, Duration.days(2)))
      assert.strictEqual(described.historyArchivalState, "Disabled")
      assert.isFalse(described.isGlobalNamespace)
      assert.isTrue(described.supportsSchedules)
      assert.include(described.capabilities, "syncUpdate")
      assert.isAbove(described.limits.blobSizeLimitError ?? 0, 0)
    })))

  it.live("update a namespace: only the fields given change", () =>
    withNamespaces(Effect.gen(function*() {
      const client = yield* NamespaceClient.NamespaceClient
      const { name } = yield* registered({ description: "before", data: { a: "1" } })
      const updated = yield* client.updateNamespace(name, {
        description: "after",
        data: { b: "2" },
        retention: "3 days"
      })
      assert.strictEqual(updated.description, "after")
      assert.deepStrictEqual(updated.data, { a: "1", b: "2" })
      assert.isTrue(Duration.equals(updated.retention!, Duration.days(3)))
      const owner = yield* client.updateNamespace(name, { ownerEmail: "new@example.com" })
      assert.strictEqual(owner.ownerEmail, "new@example.com")
      assert.strictEqual(owner.description, "after")
      const described = yield* eventually(
        "the update described",
        Effect.map(
          client.describeNamespace(name),
          (namespace) => namespace.ownerEmail === "new@example.com" ? Option.some(namespace) : Option.none()
        )
      )
      assert.isTrue(Duration.equals(described.retention!, Duration.days(3)))
    })))

  it.live("list namespaces: the default one and a fresh one", () =>
    withNamespaces(Effect.gen(function*() {
      const { name } = yield* registered()
      const names = yield* eventually(
        "the fresh namespace listed",
        Effect.map(
          Stream.runCollect(NamespaceClient.listNamespaces({ pageSize: 1 })),
          (namespaces) => {
            const names = namespaces.map((namespace) => namespace.name)
            return names.includes(name) ? Option.some(names) : Option.none()
          }
        )
      )
      assert.include(names, "default")
      assert.strictEqual(new Set(names).size, names.length)
      const first = yield* Stream.runCollect(NamespaceClient.listNamespaces({ limit: 1 }))
      assert.strictEqual(first.length, 1)
    })))

  it.live("a taken name is NamespaceAlreadyExistsError; a missing namespace is NamespaceNotFoundError", () =>
    withNamespaces(Effect.gen(function*() {
      const client = yield* NamespaceClient.NamespaceClient
      const { name } = yield* registered()
      const taken = yield* Effect.flip(client.registerNamespace(name, { retention: "1 day" }))
      assert.strictEqual(taken._tag, "NamespaceAlreadyExistsError")
      const missing = freshId("no-ns")
      const described = yield* Effect.flip(client.describeNamespace(missing))
      assert.strictEqual(described._tag, "NamespaceNotFoundError")
      assert.strictEqual((described as { readonly namespace: string }).namespace, missing)
      const updated = yield* Effect.flip(client.updateNamespace(missing, { description: "x" }))
      assert.strictEqual(updated._tag, "NamespaceNotFoundError")
      const listed = yield* Effect.flip(client.listSearchAttributes({ namespace: missing }))
      assert.strictEqual(listed._tag, "NamespaceNotFoundError")
    })))

  it.live("custom search attributes: add, see them listed with their types, remove", () =>
    withNamespaces(Effect.gen(function*() {
      const client = yield* NamespaceClient.NamespaceClient
      const { name } = yield* registered()
      const CustomerId = SearchAttributeKey.keyword("CustomerId")
      yield* client.addSearchAttributes([CustomerId, SearchAttributeKey.int("Attempts")], { namespace: name })
      yield* client.addSearchAttributes({ PaidAt: "Datetime" }, { namespace: name })
      const listed = yield* eventually(
        "the search attributes listed",
        Effect.map(
          client.listSearchAttributes({ namespace: name }),
          (attributes) => Object.keys(attributes.custom).length === 3 ? Option.some(attributes) : Option.none()
        )
      )
      assert.strictEqual(listed.namespace, name)
      assert.deepStrictEqual(listed.custom, { CustomerId: "Keyword", Attempts: "Int", PaidAt: "Datetime" })
      assert.strictEqual(listed.system["WorkflowId"], "Keyword")
      assert.deepStrictEqual(
        listed.customKeys.map((key) => `${key.name}:${key.type}`).sort(),
        ["Attempts:Int", "CustomerId:Keyword", "PaidAt:Datetime"]
      )
      yield* client.removeSearchAttributes([CustomerId, "PaidAt"], { namespace: name })
      const after = yield* eventually(
        "the search attributes removed",
        Effect.map(
          client.listSearchAttributes({ namespace: name }),
          (attributes) => Object.keys(attributes.custom).length === 1 ? Option.some(attributes) : Option.none()
        )
      )
      assert.deepStrictEqual(after.custom, { Attempts: "Int" })
      const defaults = yield* NamespaceClient.listSearchAttributes()
      assert.strictEqual(defaults.namespace, "default")
      assert.strictEqual(defaults.custom["CustomKeywordField"], "Keyword")
    })))
})
