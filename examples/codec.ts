/**
 * `tsx examples/codec.ts`: encrypted payloads and Schema-typed workflow arguments.
 *
 * The client's data converter compresses (zlib) and then encrypts (AES-256-GCM) every payload; the
 * worker runs the same codecs (`test/support/codecs.ts`, the official `PayloadCodec` interface), so
 * the Temporal server only ever stores ciphertext. The `echo` workflow is called through a
 * `WorkflowDefinition` whose Schemas type its argument and result: a `Date` goes out as an ISO
 * string (`Schema.DateFromString`) and comes back as a `Date`.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker with the codecs
 *   (the official `@temporalio/worker` running `test/fixtures/workflows.ts`), stops both at the end.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. Nothing runs the workflow on that server unless
 *   `EXAMPLE_START_WORKER=1`, which starts the worker against it too; without a worker the example
 *   only shows what the converter writes.
 * - `TEMPORAL_NAMESPACE`: the namespace to use; default `default`.
 * - `EXAMPLE_ENCRYPTION_KEY`: the AES-256 key, 32 bytes in base64; default a random key per run.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { randomBytes, randomUUID } from "node:crypto"
import * as DataConverter from "../src/DataConverter.js"
import * as PayloadCodec from "../src/PayloadCodec.js"
import * as TemporalClient from "../src/TemporalClient.js"
import * as WorkflowDefinition from "../src/WorkflowDefinition.js"
import { AesGcmCodec, ZlibCodec } from "../test/support/codecs.js"
import * as Environment from "./support/environment.js"

// -----------------------------------------------------------------------------
// The workflow, typed
// -----------------------------------------------------------------------------

/** What the example sends: a `Date` travels as an ISO string and is decoded back into a `Date`. */
const Greeting = Schema.Struct({
  greeting: Schema.String,
  sentAt: Schema.DateFromString,
  tags: Schema.Array(Schema.String)
})

/** The fixture `echo` workflow returns its one argument: the result has the argument's Schema. */
const Echo = WorkflowDefinition.make("echo", { args: [Greeting], result: Greeting })

// -----------------------------------------------------------------------------
// Where the example runs
// -----------------------------------------------------------------------------

/** The encryption key both the client and the worker use. */
class EncryptionKey extends Context.Service<EncryptionKey, {
  readonly id: string
  readonly bytes: Redacted.Redacted<Uint8Array>
}>()("example/EncryptionKey") {}

const EncryptionKeyLive = Layer.effect(
  EncryptionKey,
  Effect.gen(function*() {
    const configured = yield* Config.option(Config.Redacted("EXAMPLE_ENCRYPTION_KEY"))
    if (Option.isNone(configured)) {
      return {
        id: `example-key-${randomBytes(4).toString("hex")}`,
        bytes: Redacted.make(new Uint8Array(randomBytes(32)))
      }
    }
    const bytes = new Uint8Array(Buffer.from(Redacted.value(configured.value), "base64"))
    if (bytes.length !== 32) {
      return yield* Effect.fail(
        new Error(`EXAMPLE_ENCRYPTION_KEY must be 32 bytes in base64, got ${bytes.length} bytes`)
      )
    }
    return { id: "example-key", bytes: Redacted.make(bytes) }
  })
)

/**
 * The client and the worker, both with zlib then AES-256-GCM under the
 * example's key on every payload.
 */
const MainLive = Layer.unwrap(
  Effect.map(EncryptionKey, (key) =>
    Environment.clientLayer(
      {
        dataConverter: DataConverter.Default.pipe(
          DataConverter.withCodec(PayloadCodec.zlib()),
          DataConverter.withCodec(PayloadCodec.aesGcm(PayloadCodec.encryptionKey(key.id, key.bytes)))
        )
      },
      // The same chain on the worker, in the same order: compress, then encrypt.
      { dataConverter: { payloadCodecs: [new ZlibCodec(), new AesGcmCodec(key.id, Redacted.value(key.bytes))] } }
    ))
).pipe(Layer.provideMerge(EncryptionKeyLive))

// -----------------------------------------------------------------------------
// The program
// -----------------------------------------------------------------------------

const fromUtf8 = new TextDecoder()

const describePayload = (payload: DataConverter.Payload | undefined): string => {
  const metadata = payload?.metadata ?? {}
  const text = (key: string) => (metadata[key] ? fromUtf8.decode(metadata[key]) : "none")
  return `${text("encoding")} (key ${text(PayloadCodec.encryptionKeyIdMetadata)}), ${payload?.data?.length ?? 0} bytes`
}

const containsText = (payload: DataConverter.Payload | undefined, text: string): boolean =>
  Buffer.from(payload?.data ?? new Uint8Array(0)).includes(Buffer.from(text))

const program = Effect.gen(function*() {
  const client = yield* TemporalClient.TemporalClient
  const key = yield* EncryptionKey
  yield* Console.log(
    `Connected to ${client.connection.address}, namespace ${client.namespace}: payloads are compressed (zlib) ` +
      `and encrypted (AES-256-GCM, key ${key.id})`
  )

  const input: typeof Greeting.Type = {
    greeting: "Hello from effect-temporal",
    sentAt: new Date(),
    tags: ["encrypted", "typed"]
  }

  // What the converter writes for the argument: the Schema encodes it, the codecs encrypt it.
  const [payload] = yield* client.dataConverter.toPayloads([input], Echo.args)
  yield* Console.log(`The argument is written as ${describePayload(payload)}`)
  const decoded = yield* client.dataConverter.fromPayload(payload!, Greeting)
  yield* Console.log(`Read back locally: sentAt is a Date again: ${decoded.sentAt instanceof Date}`)

  const taskQueue = yield* Environment.workerTaskQueue
  if (Option.isNone(taskQueue)) return

  const workflowId = `codec-example-${randomUUID()}`
  const handle = yield* client.startWorkflow(Echo, { id: workflowId, taskQueue: taskQueue.value, args: [input] })
  // Typed by the definition: `result.sentAt` is a `Date`.
  const result = yield* handle.result().pipe(Effect.timeout("30 seconds"))
  yield* Console.log(
    `Workflow echo (${workflowId}) returned greeting "${result.greeting}", tags [${result.tags.join(", ")}], ` +
      `sentAt ${result.sentAt.toISOString()} (a Date: ${result.sentAt instanceof Date}, ` +
      `same instant: ${result.sentAt.getTime() === input.sentAt.getTime()})`
  )

  // What the server stored: only ciphertext.
  const events = yield* Stream.runCollect(handle.fetchHistory())
  const stored = [
    ...(events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
    ...(events.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads ?? [])
  ]
  for (const p of stored) yield* Console.log(`  stored in the history: ${describePayload(p)}`)
  const leaked = stored.some((p) => containsText(p, input.greeting))
  yield* Console.log(`Plaintext in the history: ${leaked ? "yes" : "no"}`)

  // Without the key, the stored result is unreadable.
  const withoutKey = yield* Effect.flip(DataConverter.defaultDataConverter.fromPayload(stored.at(-1)!))
  yield* Console.log(`A client without the codec reading the result gets ${withoutKey._tag}`)
})

program.pipe(
  Effect.provide(MainLive),
  NodeRuntime.runMain
)
