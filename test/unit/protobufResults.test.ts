/**
 * Protobuf results decode to the message classes of the roots the user
 * passes: a payload with `messageType` metadata (`json/protobuf` or
 * `binary/protobuf`) is read with the type of that name in the first root of
 * `roots` that has one, and comes back as an instance of that type's
 * constructor (`Type.ctor`: protobufjs's generated reflection class, or the
 * class the user put there), nested messages too. Without `roots`, the
 * `@temporalio/proto` root is searched, so Temporal's own messages come back
 * as its classes.
 */
import { assert, describe, it } from "@effect/vitest"
import protoRoot from "@temporalio/proto"
import * as Effect from "effect/Effect"
import protobuf from "protobufjs"
import * as DataConverter from "../../src/DataConverter.js"

const { temporal } = protoRoot

/** `@temporalio/proto`'s exports are reflected types: their classes are their `ctor`s. */
const classOf = (type: unknown): protobuf.Constructor<{}> => (type as protobuf.Type).ctor

const descriptor = {
  nested: {
    acme: {
      nested: {
        v1: {
          nested: {
            Inner: { fields: { n: { type: "int32", id: 1 } } },
            Greeting: {
              fields: {
                name: { type: "string", id: 1 },
                inner: { type: "Inner", id: 2 },
                items: { rule: "repeated", type: "Inner", id: 3 },
                blob: { type: "bytes", id: 4 },
                byKey: { keyType: "string", type: "Inner", id: 5 }
              }
            }
          }
        }
      }
    }
  }
}

/** A root of the user's own messages, as `pbjs -t json` or `Root.fromJSON` builds one. */
const userRoot = () => protobuf.Root.fromJSON(descriptor)

/** Converters that write and read one protobuf encoding only, over `roots`. */
const converterOf = (encoding: "json/protobuf" | "binary/protobuf", roots?: ReadonlyArray<protobuf.Root>) =>
  DataConverter.make({
    payloadConverters: [
      DataConverter.binaryNullConverter,
      encoding === "json/protobuf"
        ? DataConverter.jsonProtobufConverter(roots)
        : DataConverter.binaryProtobufConverter(roots)
    ]
  })

const encodings = ["json/protobuf", "binary/protobuf"] as const

const roundTrip = (
  converter: DataConverter.DataConverter.Service,
  message: unknown
): Effect.Effect<unknown, unknown> => Effect.flatMap(converter.toPayload(message), (p) => converter.fromPayload(p))

describe("protobuf results decode to the classes of the roots given", () => {
  for (const encoding of encodings) {
    it.effect(`${encoding}: an instance of the root's generated class, nested messages too`, () =>
      Effect.gen(function*() {
        const root = userRoot()
        const Greeting = root.lookupType("acme.v1.Greeting")
        const Inner = root.lookupType("acme.v1.Inner")
        const message = Greeting.create({
          name: "hi",
          inner: Inner.create({ n: 1 }),
          items: [Inner.create({ n: 2 })],
          blob: new Uint8Array([1, 2]),
          byKey: { a: Inner.create({ n: 3 }) }
        })
        const back = yield* roundTrip(converterOf(encoding, [root]), message)
        assert.instanceOf(back, Greeting.ctor)
        assert.instanceOf(back, protobuf.Message)
        const value = back as unknown as {
          name: string
          inner: unknown
          items: Array<unknown>
          blob: Uint8Array
          byKey: Record<string, unknown>
          $type: protobuf.Type
        }
        assert.strictEqual(value.$type, Greeting)
        assert.strictEqual(value.name, "hi")
        assert.instanceOf(value.inner, Inner.ctor)
        assert.instanceOf(value.items[0], Inner.ctor)
        assert.instanceOf(value.byKey["a"], Inner.ctor)
        assert.deepStrictEqual(Array.from(value.blob), [1, 2])
        assert.deepStrictEqual(Greeting.toObject(back as protobuf.Message), Greeting.toObject(message))
      }))

    it.effect(`${encoding}: an instance of the class the user set as the type's constructor`, () =>
      Effect.gen(function*() {
        const root = userRoot()
        class Greeting extends protobuf.Message<Greeting> {
          declare name: string
          greet(): string {
            return `hello ${this.name}`
          }
        }
        root.lookupType("acme.v1.Greeting").ctor = Greeting
        const back = yield* roundTrip(converterOf(encoding, [root]), Greeting.create({ name: "Ada" }))
        assert.instanceOf(back, Greeting)
        assert.strictEqual((back as Greeting).greet(), "hello Ada")
      }))

    it.effect(`${encoding}: the first root that knows the message type wins`, () =>
      Effect.gen(function*() {
        const first = userRoot()
        const second = userRoot()
        const message = second.lookupType("acme.v1.Greeting").create({ name: "x" })
        const back = yield* roundTrip(converterOf(encoding, [first, second]), message)
        assert.instanceOf(back, first.lookupType("acme.v1.Greeting").ctor)
        assert.notInstanceOf(back, second.lookupType("acme.v1.Greeting").ctor)
      }))

    it.effect(`${encoding}: without roots, Temporal's messages decode to @temporalio/proto's classes`, () =>
      Effect.gen(function*() {
        const message = temporal.api.common.v1.WorkflowType.create({ name: "Greet" })
        const back = yield* roundTrip(converterOf(encoding), message)
        assert.instanceOf(back, classOf(temporal.api.common.v1.WorkflowType))
        assert.strictEqual((back as { name: string }).name, "Greet")
      }))

    it.effect(`${encoding}: Temporal's nested messages, maps of bytes and timestamps come back equal`, () =>
      Effect.gen(function*() {
        const Info = temporal.api.workflow.v1.WorkflowExecutionInfo
        const properties = {
          execution: { workflowId: "wf", runId: "run" },
          type: { name: "Greet" },
          startTime: { seconds: 1_700_000_000, nanos: 5 },
          memo: {
            fields: {
              k: { metadata: { encoding: new TextEncoder().encode("json/plain") }, data: new Uint8Array([49]) }
            }
          }
        }
        const message = Info.create(properties as unknown as Parameters<typeof Info.create>[0])
        const back = yield* roundTrip(converterOf(encoding), message)
        assert.instanceOf(back, classOf(Info))
        const info = back as { execution?: unknown; memo?: { fields?: Record<string, unknown> | null } | null }
        assert.instanceOf(info.execution, classOf(temporal.api.common.v1.WorkflowExecution))
        assert.instanceOf(info.memo?.fields?.["k"], classOf(temporal.api.common.v1.Payload))
        assert.deepStrictEqual(
          Info.toObject(back as typeof message, { longs: String, bytes: String }),
          Info.toObject(message, { longs: String, bytes: String })
        )
      }))

    it.effect(`${encoding}: roots replace the default root, so a type only it knows is a DataConverterError`, () =>
      Effect.gen(function*() {
        const message = temporal.api.common.v1.WorkflowType.create({ name: "Greet" })
        const payload = yield* converterOf(encoding).toPayload(message)
        const error = yield* Effect.flip(converterOf(encoding, [userRoot()]).fromPayload(payload))
        assert.strictEqual(error._tag, "DataConverterError")
        // with the Temporal root among the roots, it reads them again
        const withTemporal = converterOf(encoding, [userRoot(), protoRoot as unknown as protobuf.Root])
        assert.instanceOf(yield* withTemporal.fromPayload(payload), classOf(temporal.api.common.v1.WorkflowType))
      }))
  }

  it.effect("the default converters given roots read both encodings into the roots' classes", () =>
    Effect.gen(function*() {
      const root = userRoot()
      const Greeting = root.lookupType("acme.v1.Greeting")
      const converter = DataConverter.make({ payloadConverters: DataConverter.defaultPayloadConverters([root]) })
      const message = Greeting.create({ name: "hi" })
      // json/protobuf is written (it comes before binary/protobuf)
      const json = yield* converter.toPayload(message)
      assert.strictEqual(new TextDecoder().decode(json.metadata?.["encoding"]), "json/protobuf")
      assert.instanceOf(yield* converter.fromPayload(json), Greeting.ctor)
      const binary = yield* converterOf("binary/protobuf", [root]).toPayload(message)
      assert.instanceOf(yield* converter.fromPayload(binary), Greeting.ctor)
    }))
})
