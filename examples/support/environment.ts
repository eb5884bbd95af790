/**
 * Where the examples run: the server address, and the task queue of a worker
 * running the example workflows, if one runs.
 *
 * - `TEMPORAL_ADDRESS` unset: starts a local Temporal dev server and a worker
 *   (the official `@temporalio/worker` running `test/fixtures/workflows.ts`),
 *   and stops both when the program ends.
 * - `TEMPORAL_ADDRESS=host:port`: connects there. No worker runs unless
 *   `EXAMPLE_START_WORKER=1`.
 * - `TEMPORAL_NAMESPACE`: the namespace; default `default`.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { bundleWorkflowCode, DefaultLogger } from "@temporalio/worker"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "effect/Path"
import { DevServerResource } from "../../scripts/devServer.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { freshTaskQueue, withWorker, type WorkerOpts } from "../../test/support/worker.js"

/** The server to talk to, and the worker's task queue when one runs. */
export class Environment extends Context.Service<Environment, {
  readonly address: string
  readonly namespace: string
  readonly taskQueue: Option.Option<string>
}>()("example/Environment") {}

/** Run the official worker with the example workflows for the scope's life; its task queue. */
const startWorker = (address: string, namespace: string, extra: Partial<WorkerOpts>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    // A bundle made already (the test run's) saves bundling the workflows again.
    const prebuilt = yield* Config.option(Config.String("EXAMPLE_WORKFLOW_BUNDLE"))
    const workflowBundlePath = Option.isSome(prebuilt) ? prebuilt.value : yield* Effect.gen(function*() {
      const workflowsPath = yield* path.fromFileUrl(new URL("../../test/fixtures/workflows.ts", import.meta.url))
      const { code } = yield* Effect.tryPromise(() =>
        bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger("WARN") })
      )
      const directory = yield* fs.makeTempDirectoryScoped({ prefix: "effect-temporal-example-" })
      const bundlePath = path.join(directory, "workflows.js")
      yield* fs.writeFileString(bundlePath, code)
      return bundlePath
    })
    const taskQueue = freshTaskQueue("example")
    yield* withWorker({ ...extra, address, namespace, taskQueue, workflowBundlePath })
    return taskQueue
  })

/**
 * The environment, with the worker options an example needs (a data
 * converter with a codec, say).
 */
export const layer = (workerOptions: Partial<WorkerOpts> = {}) =>
  Layer.effect(
    Environment,
    Effect.gen(function*() {
      const configured = yield* Config.option(Config.String("TEMPORAL_ADDRESS"))
      const namespace = yield* Config.String("TEMPORAL_NAMESPACE").pipe(Config.withDefault("default"))
      const wantWorker = yield* Config.Boolean("EXAMPLE_START_WORKER").pipe(Config.withDefault(false))
      const address = yield* Option.match(configured, {
        onSome: Effect.succeed,
        onNone: () =>
          Console.log("TEMPORAL_ADDRESS is not set: starting a local Temporal dev server.").pipe(
            Effect.andThen(DevServerResource),
            Effect.map((server) => server.address)
          )
      })
      const taskQueue = Option.isNone(configured) || wantWorker
        ? Option.some(yield* startWorker(address, namespace, workerOptions))
        : Option.none()
      return { address, namespace, taskQueue }
    })
  ).pipe(Layer.provide(NodeServices.layer))

/**
 * The client for the environment's server, with the given connect options,
 * and the environment itself.
 */
export const clientLayer = (
  options: TemporalClient.ConnectOptions = {},
  workerOptions: Partial<WorkerOpts> = {}
) =>
  Layer.unwrap(
    Effect.map(Environment, ({ address, namespace }) => TemporalClient.layerConnect({ ...options, address, namespace }))
  ).pipe(Layer.provideMerge(layer(workerOptions)))

/** The worker's task queue, or a message and `None` when no worker runs. */
export const workerTaskQueue: Effect.Effect<Option.Option<string>, never, Environment> = Effect.flatMap(
  Environment,
  ({ taskQueue }) =>
    Option.isNone(taskQueue)
      ? Effect.as(
        Console.log("No worker runs here (set EXAMPLE_START_WORKER=1 to start one): skipping the workflows."),
        Option.none<string>()
      )
      : Effect.succeed(taskQueue)
)
