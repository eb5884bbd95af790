/**
 * The client stack tests use against the dev server: the whole real Layer
 * graph, pointed at the injected address, plus a worker on a fresh task queue.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { inject } from "vitest"
import * as TemporalClient from "../../src/TemporalClient.js"
import { freshTaskQueue, withWorker } from "./worker.js"

/** The client for the test server, with `extra` options. */
export const clientLayer = (extra: TemporalClient.ConnectOptions = {}) =>
  TemporalClient.layerConnect({ address: inject("temporalAddress"), namespace: "default", ...extra })

/** Start a worker running the fixtures on a fresh task queue; returns the queue. */
export const startWorker = (prefix = "tq"): Effect.Effect<string, never, Scope.Scope> =>
  Effect.gen(function*() {
    const taskQueue = freshTaskQueue(prefix)
    yield* withWorker({
      address: inject("temporalAddress"),
      taskQueue,
      workflowBundlePath: inject("workflowBundlePath")
    })
    return taskQueue
  })

/** Run a test body with the client provided (fresh per test). */
export const withClient = <A, E>(
  body: Effect.Effect<A, E, TemporalClient.TemporalClient | Scope.Scope>,
  extra: TemporalClient.ConnectOptions = {}
) => Effect.scoped(body).pipe(Effect.provide(Layer.fresh(clientLayer(extra))))
