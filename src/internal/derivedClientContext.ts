/**
 * The client context of a service derived from the `TemporalClient`
 * (schedules aside, the operations services and Nexus endpoints): the
 * client's connection, data converter, namespace and identity, and the
 * `ClientInterceptors` in force where the service's Layer is built.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { ClientInterceptors } from "../services/ClientInterceptors.js"
import { TemporalClient } from "../services/TemporalClient.js"
import { type ClientContext, makeClientContext } from "./clientContext.js"

/** @internal */
export const derivedClientContext: Effect.Effect<ClientContext, never, TemporalClient> = Effect.gen(function*() {
  const client = yield* TemporalClient
  const interceptors = yield* ClientInterceptors
  return makeClientContext({
    connection: client.connection,
    dataConverter: client.dataConverter,
    namespace: client.namespace,
    identity: client.identity,
    interceptors,
    defaultQueryRejectCondition: undefined,
    headerCodecBehavior: "NoCodec"
  })
})
