// Must come first: grpc-js reads GRPC_TRACE when it is loaded.
import "./_grpcTrace.js"

/**
 * Secrets: a unique API key (and a second one it is rotated to) and a TLS private key are used in
 * succeeding and failing calls with logging at ALL, a recording tracer, and every grpc-js tracer on.
 * Then every error rendering, log line, span (name, attributes, events, exit), rendering of the
 * options, stdout/stderr line and client-side gRPC trace line is searched for them. Also: an API key
 * turns TLS on unless `tls: false` is said, and a rotated key is used from the next attempt on.
 *
 * TLS itself (right CA, wrong CA, missing client certificate, server-name override) is tested in
 * test/unit/ConnectionTls.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import * as grpc from "@grpc/grpc-js"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Formatter from "effect/Formatter"
import * as Inspectable from "effect/Inspectable"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import { randomUUID } from "node:crypto"
import * as util from "node:util"
import type * as TemporalClient from "../../src/TemporalClient.js"
import * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import { makePki, pemBodyLines } from "../support/certs.js"
import { testTransport } from "../support/testTransport.js"
import { buildClient, report } from "./_helpers.js"

/** Everything the client produced that a user could see, as text. */
const produced: Array<string> = []
const collect = (source: string, text: unknown) => {
  produced.push(`${source}: ${typeof text === "string" ? text : util.inspect(text, { depth: 20 })}`)
}

const traceLines: Array<string> = []
const serverTraceLines: Array<string> = []
grpc.setLogVerbosity(grpc.logVerbosity.DEBUG)
const onTrace = (...args: Array<unknown>) => {
  const line = args.map(String).join(" ")
  // "<time> | v<version> <pid> | <tracer> | <text>": the server side of the in-process fake is not the client.
  const tracer = line.split(" | ")[2] ?? ""
  if (tracer.startsWith("server")) serverTraceLines.push(line)
  else traceLines.push(line)
}
grpc.setLogger({ error: onTrace, info: onTrace, debug: onTrace })

const logger = Logger.make(({ cause, fiber, logLevel, message }) => {
  collect("log", {
    logLevel,
    message,
    annotations: Object.entries(fiber.getRef(References.CurrentLogAnnotations)),
    spans: fiber.getRef(References.CurrentLogSpans).map(([label]) => label)
  })
  if (cause.reasons.length > 0) collect("log cause", Cause.pretty(cause))
})

const spans: Array<Tracer.Span> = []
/** Effect's own tracer, recording every span it makes: its name, attributes, events, links and exit. */
const base: Tracer.Tracer = Tracer.make({
  span: (options) => {
    const span = Tracer.nativeTracer.span(options)
    const events: Array<unknown> = []
    const event = span.event.bind(span)
    span.event = (eventName, time, eventAttributes) => {
      events.push([eventName, eventAttributes])
      event(eventName, time, eventAttributes)
    }
    const end = span.end.bind(span)
    span.end = (endTime, exit) => {
      end(endTime, exit)
      collect("span", { name: span.name, attributes: [...span.attributes], events, links: [...span.links] })
      collect("span exit", Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "ok")
    }
    spans.push(span)
    return span
  },
  ...(Tracer.nativeTracer.context !== undefined ? { context: Tracer.nativeTracer.context } : {})
})

/** Every rendering of an error a program might log. */
const renderError = (source: string, error: unknown) => {
  const e = error as { message?: unknown; cause?: unknown; stack?: unknown }
  collect(source, String(error))
  collect(source, JSON.stringify(error) ?? "")
  collect(source, util.inspect(error, { depth: 20 }))
  collect(source, String(e.message))
  collect(source, String(e.stack))
  collect(source, Cause.pretty(Cause.fail(error)))
  collect(source, Inspectable.toStringUnknown(error))
  if (e.cause !== undefined) {
    collect(source, String(e.cause))
    collect(source, JSON.stringify(e.cause) ?? "")
    collect(source, util.inspect(e.cause, { depth: 20 }))
  }
}

const renderOptions = (source: string, options: object) => {
  collect(source, String(options))
  collect(source, JSON.stringify(options))
  collect(source, util.inspect(options, { depth: 20 }))
  collect(source, Formatter.format(options))
  collect(source, Inspectable.toStringUnknown(options))
}

/** Run `effect` with logs at ALL into the capture and the recording tracer. */
const observed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.withTracer(base),
    Effect.provide(Logger.layer([logger])),
    Effect.provideService(References.MinimumLogLevel, "All")
  )

/** stdout and stderr, captured while `f` runs. */
const capturingStdio = async <A>(f: () => Promise<A>): Promise<A> => {
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  const tap = (name: string, write: typeof out) =>
    ((chunk: unknown, ...rest: Array<never>) => {
      collect(name, String(chunk))
      return write(chunk as string, ...rest)
    }) as typeof out
  process.stdout.write = tap("stdout", out)
  process.stderr.write = tap("stderr", err)
  try {
    return await f()
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

const describeOk = {
  workflowExecutionInfo: {
    execution: { workflowId: "wf", runId: "run-1" },
    type: { name: "t" },
    startTime: { seconds: 1 },
    status: 1,
    taskQueue: "tq"
  }
}

describe("secrets", () => {
  it.live(
    "the API key and the TLS private key appear in no error, log, span, options rendering or gRPC trace",
    () =>
      Effect.promise(() =>
        capturingStdio(async () => {
          const apiKey = `sk-test-${randomUUID()}`
          const rotatedKey = `sk-rotated-${randomUUID()}`
          const pki = makePki()
          const keyLines = pemBodyLines(pki.client.key)
          const wrongKeyLines = pemBodyLines(pki.otherClient.key)
          let outcomes = 0

          const program = Effect.gen(function*() {
            // 1. Plaintext fake server, API key with `tls: false`: succeeding and failing calls.
            const server = yield* FakeGrpcServer.make({
              workflowService: {
                getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
                describeWorkflowExecution: (request) =>
                  request.execution?.workflowId === "wf"
                    ? Effect.succeed(describeOk)
                    : request.execution?.workflowId === "denied"
                    ? Effect.fail({ code: "UNAUTHENTICATED" as const, message: "bad credentials" })
                    : request.execution?.workflowId === "flaky"
                    ? Effect.fail({ code: "UNAVAILABLE" as const, message: "down" })
                    : Effect.fail({
                      code: "NOT_FOUND" as const,
                      message: "workflow not found",
                      details: [{ typeName: "temporal.api.errordetails.v1.NotFoundFailure", value: {} }]
                    }),
                startWorkflowExecution: () =>
                  Effect.fail({ code: "INVALID_ARGUMENT" as const, message: "rejected by the fake" })
              }
            })
            const plainOptions: TemporalClient.ConnectOptions = {
              address: server.address,
              tls: false,
              apiKey: Redacted.make(apiKey),
              retryConfig: { initialInterval: "5 millis", maxRetries: 2 }
            }
            renderOptions("options", plainOptions)
            const client = yield* buildClient(plainOptions)
            const run = <A, E>(label: string, effect: Effect.Effect<A, E>) =>
              Effect.map(Effect.exit(effect), (exit) => {
                outcomes++
                if (Exit.isFailure(exit)) {
                  collect(label, Cause.pretty(exit.cause))
                  Option.map(Cause.findErrorOption(exit.cause), (error) => renderError(label, error))
                } else collect(label, exit.value)
              })
            yield* run("describe ok", client.getWorkflowHandle("wf").describe())
            yield* run("describe unauthenticated", client.getWorkflowHandle("denied").describe())
            yield* run("describe retried", client.getWorkflowHandle("flaky").describe())
            yield* run("describe not found", client.getWorkflowHandle("missing").describe())
            yield* run("start rejected", client.startWorkflow("t", { id: "wf", taskQueue: "tq" }))
            yield* run("start invalid", client.startWorkflow("t", { id: "", taskQueue: "tq" }))
            // Rotation: the next call carries the new key.
            yield* Ref.set(client.connection.apiKey, Option.some(Redacted.make(rotatedKey)))
            yield* run("describe after rotation", client.getWorkflowHandle("wf").describe())
            yield* run("describe denied after rotation", client.getWorkflowHandle("denied").describe())
            renderOptions("connection", client.connection)
            const sent = (yield* server.calls).map((call) => call.metadata["authorization"])
            assert.include(sent, `Bearer ${apiKey}`, "the key was really used")
            assert.strictEqual(sent[sent.length - 1], `Bearer ${rotatedKey}`, "and the rotated one after it")

            // 2. mTLS with the private key: a connection that works, one with the wrong CA, one whose
            // key does not match its certificate, and one to an address where nothing listens.
            const tlsServer = yield* FakeGrpcServer.make(
              {
                workflowService: {
                  getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
                  describeWorkflowExecution: () => Effect.succeed(describeOk)
                }
              },
              { tls: { certChain: pki.server.cert, privateKey: pki.server.key, clientCa: pki.ca.cert } }
            )
            const tlsOptions = (
              overrides: Partial<TemporalClient.ConnectOptions["tls"] & object>,
              address = tlsServer.address
            ) =>
              ({
                address,
                apiKey: Redacted.make(apiKey),
                connectTimeout: "3 seconds",
                tls: {
                  serverRootCaCert: pki.ca.cert,
                  clientCert: pki.client.cert,
                  clientPrivateKey: Redacted.make(pki.client.key),
                  ...overrides
                }
              }) satisfies TemporalClient.ConnectOptions
            const good = tlsOptions({})
            renderOptions("tls options", good)
            renderOptions("tls config", good.tls)
            const tlsClient = yield* buildClient(good)
            yield* run("mtls describe", tlsClient.getWorkflowHandle("wf").describe())
            for (
              const [label, options] of [
                ["wrong CA", tlsOptions({ serverRootCaCert: pki.otherCa.cert })],
                ["mismatched key", tlsOptions({ clientPrivateKey: Redacted.make(pki.otherClient.key) })],
                ["unreachable", tlsOptions({}, "127.0.0.1:1")]
              ] as const
            ) {
              yield* run(`connect ${label}`, Effect.scoped(buildClient(options)))
            }
          })
          await Effect.runPromise(observed(Effect.scoped(program)))
          await new Promise((resolve) => setTimeout(resolve, 100)) // late trace lines

          const secrets: ReadonlyArray<readonly [string, string]> = [
            ["API key", apiKey],
            ["rotated API key", rotatedKey],
            ["API key (base64)", Buffer.from(apiKey).toString("base64")],
            ...keyLines.map((line, i) => [`private key line ${i}`, line] as const),
            ...wrongKeyLines.map((line, i) => [`other private key line ${i}`, line] as const)
          ]
          const haystacks: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
            ["captured output", produced],
            ["client gRPC trace", traceLines]
          ]
          const leaks: Array<string> = []
          for (const [where, texts] of haystacks) {
            for (const text of texts) {
              for (const [name, secret] of secrets) {
                if (text.includes(secret)) leaks.push(`${name} in ${where}: ${text.slice(0, 160)}`)
              }
            }
          }
          // The detector works: the in-process fake server's own trace prints the headers it received.
          const seenByServer = serverTraceLines.filter((line) => line.includes(apiKey)).length
          report(
            `secrets: server-side trace lines holding the key (the detector's control): ${seenByServer}`
          )
          report(
            `secrets: ${outcomes} calls, ${produced.length} captured renderings/log lines/spans, ${spans.length} spans, ` +
              `${traceLines.length} client trace lines (${serverTraceLines.length} server-side lines not counted); leaks ${leaks.length}`
          )
          // The http2 transport has no gRPC trace: nothing of its own to search there.
          if (testTransport === "grpc-js") assert.isAbove(traceLines.length, 100, "the gRPC trace was on")
          assert.isAbove(seenByServer, 0, "control: the search finds the key where it is printed")
          assert.isAbove(spans.length, 5, "the tracer saw the calls")
          assert.deepStrictEqual(leaks, [])
        })
      ),
    60_000
  )

  it.live(
    "an API key with a line break, NUL or non-ASCII character appears in no error, at connect or after rotation",
    () =>
      Effect.promise(() =>
        capturingStdio(async () => {
          const producedBefore = produced.length
          const traceBefore = traceLines.length
          const id = randomUUID()
          // The part of each key that must never print: everything before the character that makes it
          // unsendable (a leak would quote at least that much).
          const keys: ReadonlyArray<readonly [label: string, visible: string, key: string]> = [
            ["trailing line break (trimmed, then sent)", `sk-trailing-${id}`, `sk-trailing-${id}\n`],
            ["line break inside", `sk-inner-${id}`, `sk-inner-${id}\nrest`],
            ["carriage return and line feed inside", `sk-crlf-${id}`, `sk-crlf-${id}\r\nrest`],
            ["NUL", `sk-nul-${id}`, `sk-nul-${id}\u0000`],
            ["non-ASCII", `sk-accent-${id}`, `sk-accent-${id}é`],
            ["control character", `sk-bell-${id}`, `sk-bell-${id}\u0007`]
          ]
          const program = Effect.gen(function*() {
            const server = yield* FakeGrpcServer.make({
              workflowService: {
                getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
                describeWorkflowExecution: () => Effect.succeed(describeOk)
              }
            })
            const options = (key: string): TemporalClient.ConnectOptions => ({
              address: server.address,
              tls: false,
              apiKey: Redacted.make(key),
              retryConfig: { maxRetries: 0 }
            })
            for (const [label, , key] of keys.slice(1)) {
              const error = yield* Effect.flip(Effect.scoped(buildClient(options(key))))
              assert(error._tag === "ConnectionError", label)
              assert.strictEqual(error.reason, "InvalidConfig", label)
              assert.include(error.description, "apiKey", label)
              renderError(`connect, key with ${label}`, error)
            }
            const client = yield* buildClient(options(keys[0]![2]))
            yield* client.getWorkflowHandle("wf").describe()
            for (const [label, , key] of keys.slice(1)) {
              yield* Ref.set(client.connection.apiKey, Option.some(Redacted.make(key)))
              const exit = yield* Effect.exit(client.getWorkflowHandle("wf").describe())
              assert.isTrue(Exit.isFailure(exit), label)
              if (Exit.isFailure(exit)) {
                collect(`rotation to key with ${label}`, Cause.pretty(exit.cause))
                const error = Option.getOrThrow(Cause.findErrorOption(exit.cause))
                assert.strictEqual(error._tag, "ConnectionError", label)
                renderError(`rotation to key with ${label}`, error)
              }
            }
            // The connect checks (GetSystemInfo, DescribeNamespace) and the one describe before the rotations.
            const calls = yield* server.calls
            const sent = calls.map((call) => call.metadata["authorization"])
            assert.deepStrictEqual(sent, calls.map(() => `Bearer ${keys[0]![1]}`), "the trimmed key was sent")
            assert.strictEqual(
              calls.filter((call) => call.method === "DescribeWorkflowExecution").length,
              1,
              "no refused key reached the server"
            )
          })
          await Effect.runPromise(observed(Effect.scoped(program)))
          await new Promise((resolve) => setTimeout(resolve, 100)) // late trace lines
          const leaks: Array<string> = []
          for (
            const [where, texts] of [
              ["captured output", produced.slice(producedBefore)],
              ["client gRPC trace", traceLines.slice(traceBefore)]
            ] as const
          ) {
            for (const text of texts) {
              for (const [label, visible] of keys) {
                if (text.includes(visible)) leaks.push(`key with ${label} in ${where}: ${text.slice(0, 160)}`)
              }
            }
          }
          report(`secrets (unsendable keys): ${produced.length - producedBefore} renderings; leaks ${leaks.length}`)
          assert.isAbove(produced.length - producedBefore, 40, "the errors were rendered")
          assert.deepStrictEqual(leaks, [])
        })
      ),
    60_000
  )

  it.live("an API key turns TLS on: it is sent in plaintext only when `tls: false` is said", () =>
    Effect.gen(function*() {
      const server = yield* FakeGrpcServer.make({
        workflowService: { getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }) }
      })
      const apiKey = Redacted.make(`sk-${randomUUID()}`)
      const refused = yield* Effect.flip(buildClient({ address: server.address, apiKey, connectTimeout: "3 seconds" }))
      assert.strictEqual(refused._tag, "ConnectionError")
      if (refused._tag === "ConnectionError") assert.strictEqual(refused.reason, "Tls")
      assert.strictEqual((yield* server.calls).length, 0, "nothing reached the plaintext server")
      yield* buildClient({ address: server.address, apiKey, tls: false })
      // The connect-time checks: GetSystemInfo, then DescribeNamespace (not faked here: skipped).
      const calls = yield* server.calls
      assert.deepStrictEqual(calls.map((call) => call.method), ["GetSystemInfo", "DescribeNamespace"])
      assert.strictEqual(calls[0]!.metadata["authorization"], `Bearer ${Redacted.value(apiKey)}`)
    }).pipe(Effect.scoped))

  it.live("a key rotated while a call is being retried is used by the next attempt", () =>
    Effect.gen(function*() {
      const first = Redacted.make("sk-first")
      const second = Redacted.make("sk-second")
      const rotate = yield* Ref.make<Effect.Effect<void>>(Effect.void)
      let attempts = 0
      const server = yield* FakeGrpcServer.make({
        workflowService: {
          getSystemInfo: () => Effect.succeed({ serverVersion: "fake" }),
          describeWorkflowExecution: () =>
            Effect.gen(function*() {
              attempts++
              if (attempts > 1) return describeOk
              yield* Effect.flatten(Ref.get(rotate)) // the key changes while this attempt fails
              return yield* Effect.fail({ code: "UNAVAILABLE" as const, message: "try again" })
            })
        }
      })
      const client = yield* buildClient({
        address: server.address,
        apiKey: first,
        tls: false,
        retryConfig: { initialInterval: "10 millis" }
      })
      yield* Ref.set(rotate, Ref.set(client.connection.apiKey, Option.some(second)))
      yield* client.getWorkflowHandle("wf").describe()
      const sent = (yield* server.calls)
        .filter((call) => call.method !== "DescribeNamespace") // the connect-time namespace check
        .map((call) => call.metadata["authorization"])
      assert.deepStrictEqual(sent, ["Bearer sk-first", "Bearer sk-first", "Bearer sk-second"])
    }).pipe(Effect.scoped))
})
