import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import { expectTypeOf } from "vitest"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"

const Approval = Schema.Struct({ by: Schema.String })

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [Approval], nudge: [] },
  queries: {
    status: { args: [], result: Schema.String },
    at: { args: [Schema.NumberFromString], result: Schema.DateFromString }
  },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})

const Bare = WorkflowDefinition.make("Bare")

const Untyped = WorkflowDefinition.untyped("Anything")

describe("WorkflowDefinition", () => {
  describe("make", () => {
    it.effect("keeps the name and every Schema", () =>
      Effect.sync(() => {
        assert.strictEqual(Greet.name, "Greet")
        assert.strictEqual(Greet.args.length, 1)
        assert.strictEqual(Greet.args[0], Schema.String)
        assert.strictEqual(Greet.result, Schema.String)
        assert.deepStrictEqual(Object.keys(Greet.signals), ["approve", "nudge"])
        assert.strictEqual(Greet.signals.approve[0], Approval)
        assert.strictEqual(Greet.queries.status.result, Schema.String)
        assert.strictEqual(Greet.updates.rename.args[0], Schema.String)
        assert.isTrue(WorkflowDefinition.isWorkflowDefinition(Greet))
        assert.isFalse(WorkflowDefinition.isWorkflowDefinition("Greet"))
        assert.isFalse(WorkflowDefinition.isWorkflowDefinition({ name: "Greet" }))
      }))

    it.effect("defaults: unknown args and result, no signals, queries or updates", () =>
      Effect.gen(function*() {
        assert.strictEqual(Bare.name, "Bare")
        assert.deepStrictEqual(Bare.args, [])
        assert.strictEqual(Bare.result, Schema.Unknown)
        assert.deepStrictEqual(Bare.signals, {})
        assert.deepStrictEqual(Bare.queries, {})
        assert.deepStrictEqual(Bare.updates, {})
        const encoded = yield* Schema.encodeEffect(Bare.argsSchema)([1, "two", { three: 3 }])
        assert.deepStrictEqual(encoded, [1, "two", { three: 3 }])
      }))

    it.effect("argsSchema is a tuple of the argument Schemas (encoded side goes to the payloads)", () =>
      Effect.gen(function*() {
        const Dated = WorkflowDefinition.make("Dated", { args: [Schema.DateFromString, Schema.NumberFromString] })
        const date = new Date("2024-01-02T03:04:05.000Z")
        const encoded = yield* Schema.encodeEffect(Dated.argsSchema)([date, 42])
        assert.deepStrictEqual(encoded, ["2024-01-02T03:04:05.000Z", "42"])
        const decoded = yield* Schema.decodeEffect(Dated.argsSchema)(["2024-01-02T03:04:05.000Z", "42"])
        assert.deepStrictEqual(decoded, [date, 42])
        const wrongArity = yield* Effect.exit(
          Schema.decodeUnknownEffect(Dated.argsSchema)(["2024-01-02T03:04:05.000Z"])
        )
        assert.isTrue(Exit.isFailure(wrongArity))
      }))

    it.effect("untyped: any name, unknown everything", () =>
      Effect.gen(function*() {
        assert.strictEqual(Untyped.name, "Anything")
        assert.isTrue(WorkflowDefinition.isWorkflowDefinition(Untyped))
        assert.strictEqual(Untyped.result, Schema.Unknown)
        const args = yield* Schema.encodeEffect(Untyped.argsSchema)(["a", 1])
        assert.deepStrictEqual(args, ["a", 1])
      }))
  })

  describe("runtime Schema lookups", () => {
    it.effect("signal, query and update Schemas of a declared name", () =>
      Effect.gen(function*() {
        const signal = yield* Schema.encodeEffect(WorkflowDefinition.signalArgsSchema(Greet, "approve"))([{
          by: "ops"
        }])
        assert.deepStrictEqual(signal, [{ by: "ops" }])
        const bad = yield* Effect.exit(
          Schema.decodeUnknownEffect(WorkflowDefinition.signalArgsSchema(Greet, "approve"))([{ by: 1 }])
        )
        assert.isTrue(Exit.isFailure(bad))
        const noArgs = yield* Schema.encodeEffect(WorkflowDefinition.signalArgsSchema(Greet, "nudge"))([])
        assert.deepStrictEqual(noArgs, [])

        const queryArgs = yield* Schema.encodeEffect(WorkflowDefinition.queryArgsSchema(Greet, "at"))([7])
        assert.deepStrictEqual(queryArgs, ["7"])
        const queryResult = yield* Schema.decodeEffect(WorkflowDefinition.queryResultSchema(Greet, "at"))(
          "2024-01-01T00:00:00.000Z"
        )
        assert.deepStrictEqual(queryResult, new Date("2024-01-01T00:00:00.000Z"))

        const updateArgs = yield* Schema.encodeEffect(WorkflowDefinition.updateArgsSchema(Greet, "rename"))(["x"])
        assert.deepStrictEqual(updateArgs, ["x"])
        assert.strictEqual<unknown>(WorkflowDefinition.updateResultSchema(Greet, "rename"), Schema.String)
        assert.strictEqual<unknown>(WorkflowDefinition.resultSchema(Greet), Schema.String)
      }))

    it.effect("undeclared names (untyped) fall back to unknown", () =>
      Effect.gen(function*() {
        const args = yield* Schema.encodeEffect(WorkflowDefinition.signalArgsSchema(Untyped, "whatever"))([1, "b"])
        assert.deepStrictEqual(args, [1, "b"])
        assert.strictEqual(WorkflowDefinition.queryResultSchema(Untyped, "q"), Schema.Unknown)
        assert.strictEqual(WorkflowDefinition.updateResultSchema(Untyped, "u"), Schema.Unknown)
        const updateArgs = yield* Schema.encodeEffect(WorkflowDefinition.updateArgsSchema(Untyped, "u"))([null])
        assert.deepStrictEqual(updateArgs, [null])
        const queryArgs = yield* Schema.encodeEffect(WorkflowDefinition.queryArgsSchema(Untyped, "q"))([])
        assert.deepStrictEqual(queryArgs, [])
      }))

    it.effect("a query or update declared without args or result takes unknown ones", () =>
      Effect.gen(function*() {
        const Loose = WorkflowDefinition.make("Loose", { queries: { anything: {} }, updates: { anything: {} } })
        const args = yield* Schema.encodeEffect(WorkflowDefinition.queryArgsSchema(Loose, "anything"))([1, 2])
        assert.deepStrictEqual(args, [1, 2])
        assert.strictEqual(WorkflowDefinition.queryResultSchema(Loose, "anything"), Schema.Unknown)
        assert.strictEqual(WorkflowDefinition.updateResultSchema(Loose, "anything"), Schema.Unknown)
      }))

    it.effect("lookups ignore inherited properties", () =>
      Effect.sync(() => {
        const schema = WorkflowDefinition.signalArgsSchema(Untyped, "toString")
        assert.isTrue(Schema.is(schema)(["anything", 1]))
      }))

    it("argSchemasFor: the workflow's or a handler's Schemas, when there is one per argument", () => {
      const { argSchemasFor } = WorkflowDefinition
      assert.strictEqual(argSchemasFor(Greet, 1), Greet.args)
      assert.isUndefined(argSchemasFor(Greet, 2), "a different number of arguments: untyped")
      assert.strictEqual(argSchemasFor(Greet, 1, "signal", "approve"), Greet.signals.approve)
      assert.strictEqual(argSchemasFor(Greet, 0, "signal", "nudge"), Greet.signals.nudge)
      assert.strictEqual(argSchemasFor(Greet, 1, "query", "at"), Greet.queries.at.args)
      assert.strictEqual(argSchemasFor(Greet, 1, "update", "rename"), Greet.updates.rename.args)
      assert.isUndefined(argSchemasFor(Greet, 0, "update", "rename"))
      assert.isUndefined(argSchemasFor(Greet, 1, "signal", "rename"), "names are per kind")
      assert.isUndefined(argSchemasFor(Untyped, 1), "untyped: no Schemas for its arguments")
      for (const kind of ["signal", "query", "update"] as const) {
        for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
          for (const count of [0, 1, 2]) {
            assert.isUndefined(argSchemasFor(Untyped, count, kind, name), `${kind} ${name}/${count}: not inherited`)
          }
        }
      }
    })
  })

  describe("type-level helpers", () => {
    it("derive names, argument tuples and results from the definition", () => {
      type Greet = typeof Greet
      expectTypeOf<WorkflowDefinition.Name<Greet>>().toEqualTypeOf<"Greet">()
      expectTypeOf<WorkflowDefinition.Args<Greet>>().toEqualTypeOf<readonly [string]>()
      expectTypeOf<WorkflowDefinition.Result<Greet>>().toEqualTypeOf<string>()

      expectTypeOf<WorkflowDefinition.SignalNames<Greet>>().toEqualTypeOf<"approve" | "nudge">()
      expectTypeOf<WorkflowDefinition.SignalArgs<Greet, "approve">>().toEqualTypeOf<
        readonly [{ readonly by: string }]
      >()
      expectTypeOf<WorkflowDefinition.SignalArgs<Greet, "nudge">>().toEqualTypeOf<readonly []>()

      expectTypeOf<WorkflowDefinition.QueryNames<Greet>>().toEqualTypeOf<"status" | "at">()
      expectTypeOf<WorkflowDefinition.QueryArgs<Greet, "status">>().toEqualTypeOf<readonly []>()
      expectTypeOf<WorkflowDefinition.QueryArgs<Greet, "at">>().toEqualTypeOf<readonly [number]>()
      expectTypeOf<WorkflowDefinition.QueryResult<Greet, "status">>().toEqualTypeOf<string>()
      expectTypeOf<WorkflowDefinition.QueryResult<Greet, "at">>().toEqualTypeOf<Date>()

      expectTypeOf<WorkflowDefinition.UpdateNames<Greet>>().toEqualTypeOf<"rename">()
      expectTypeOf<WorkflowDefinition.UpdateArgs<Greet, "rename">>().toEqualTypeOf<readonly [string]>()
      expectTypeOf<WorkflowDefinition.UpdateResult<Greet, "rename">>().toEqualTypeOf<string>()

      expectTypeOf(Greet).toMatchTypeOf<WorkflowDefinition.Any>()
      expectTypeOf(Greet.argsSchema).toEqualTypeOf<Schema.Codec<readonly [string], readonly [string], never>>()
    })

    it("encoded argument types follow the Schemas' encoded side", () => {
      const Dated = WorkflowDefinition.make("Dated", { args: [Schema.DateFromString, Schema.NumberFromString] })
      expectTypeOf<WorkflowDefinition.Args<typeof Dated>>().toEqualTypeOf<readonly [Date, number]>()
      expectTypeOf<WorkflowDefinition.ArgsEncoded<typeof Dated.args>>().toEqualTypeOf<readonly [string, string]>()
    })

    it("defaults: unknown args and result, no names", () => {
      type Bare = typeof Bare
      expectTypeOf<WorkflowDefinition.Args<Bare>>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.Result<Bare>>().toEqualTypeOf<unknown>()
      expectTypeOf<WorkflowDefinition.SignalNames<Bare>>().toEqualTypeOf<never>()
      expectTypeOf<WorkflowDefinition.QueryNames<Bare>>().toEqualTypeOf<never>()
      expectTypeOf<WorkflowDefinition.UpdateNames<Bare>>().toEqualTypeOf<never>()
      expectTypeOf(Bare).toMatchTypeOf<WorkflowDefinition.Any>()
    })

    it("untyped: any name, unknown arguments and results", () => {
      type U = WorkflowDefinition.Untyped
      expectTypeOf<WorkflowDefinition.Name<U>>().toEqualTypeOf<string>()
      expectTypeOf<WorkflowDefinition.Args<U>>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.Result<U>>().toEqualTypeOf<unknown>()
      expectTypeOf<WorkflowDefinition.SignalNames<U>>().toEqualTypeOf<string>()
      expectTypeOf<WorkflowDefinition.SignalArgs<U, "x">>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.QueryNames<U>>().toEqualTypeOf<string>()
      expectTypeOf<WorkflowDefinition.QueryArgs<U, "x">>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.QueryResult<U, "x">>().toEqualTypeOf<unknown>()
      expectTypeOf<WorkflowDefinition.UpdateNames<U>>().toEqualTypeOf<string>()
      expectTypeOf<WorkflowDefinition.UpdateArgs<U, "x">>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.UpdateResult<U, "x">>().toEqualTypeOf<unknown>()
      expectTypeOf(Untyped).toMatchTypeOf<WorkflowDefinition.Any>()
    })

    it("query and update specs without args or result default to unknown", () => {
      const Loose = WorkflowDefinition.make("Loose", { queries: { q: { result: Schema.Number } }, updates: { u: {} } })
      expectTypeOf<WorkflowDefinition.QueryArgs<typeof Loose, "q">>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.QueryResult<typeof Loose, "q">>().toEqualTypeOf<number>()
      expectTypeOf<WorkflowDefinition.UpdateArgs<typeof Loose, "u">>().toEqualTypeOf<ReadonlyArray<unknown>>()
      expectTypeOf<WorkflowDefinition.UpdateResult<typeof Loose, "u">>().toEqualTypeOf<unknown>()
    })

    it("rejects Schemas that need a context", () => {
      class Dep {}
      const NeedsContext = Schema.declare((u): u is string => typeof u === "string") as unknown as Schema.Codec<
        string,
        string,
        Dep
      >
      // @ts-expect-error a Schema with requirements is not accepted
      WorkflowDefinition.make("Ctx", { args: [NeedsContext] })
    })
  })
})
