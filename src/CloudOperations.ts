/**
 * The Temporal Cloud Operations API (`temporal.api.cloud.cloudservice.v1.CloudService`):
 * users, service accounts, groups, namespaces, regions, API keys, Nexus
 * endpoints, connectivity rules, billing reports and the async operations
 * that change them, one typed Effect per RPC (`cloudOperations.cloudService.getUsers(…)`),
 * generated from the proto service definition.
 *
 * The client opens its own gRPC channel to `saas-api.tmprl.cloud:443` with
 * TLS, sends the API key as `authorization: Bearer …` and the API version
 * in `temporal-cloud-api-version`, and runs every call through the same
 * per-call pipeline as a `Connection`'s services: deadlines, `rpcTimeout`
 * and `rpcMetadata` per call, retries by `RetryConfig`, `RpcError` with the
 * decoded status details.
 *
 * The tests run it against an in-process fake of the service only: the
 * project has no Temporal Cloud account to test against, so the real API's
 * own behaviour (which versions it accepts, what it answers) is not tested
 * here.
 *
 * ```ts
 * import { Config, Effect } from "effect"
 * import { CloudOperations } from "effect-temporal"
 *
 * const program = Effect.gen(function*() {
 *   const { cloudService } = yield* CloudOperations.CloudOperations
 *   const page = yield* cloudService.getNamespaces({ pageSize: 50 })
 *   return page.namespaces.map((namespace) => namespace.namespace)
 * })
 *
 * program.pipe(
 *   Effect.provide(CloudOperations.layerConfig({ apiKey: Config.Redacted("TEMPORAL_CLOUD_API_KEY") }))
 * )
 * ```
 *
 * @since 1.0.0
 */
export * from "./layers/CloudOperations.js"
