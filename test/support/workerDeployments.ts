/**
 * Helpers of the worker deployment unit tests: the deployment client over the in-process fake
 * gRPC server (namespace `ns-1`, identity `me`), the requests the fake got, one-byte conflict
 * tokens, and a deployment description as the server answers it.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type ClientInterceptor, ClientInterceptors } from "../../src/ClientInterceptors.js"
import { temporal } from "../../src/internal/proto/root.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import type * as FakeGrpcServer from "../../src/testing/FakeGrpcServer.js"
import * as WorkerDeploymentClient from "../../src/WorkerDeploymentClient.js"

const proto = temporal()

/** The enum of version statuses, from the proto root. */
export const Status = proto.api.enums.v1.WorkerDeploymentVersionStatus

/** A one-byte conflict token. */
export const token = (n: number): Uint8Array => new Uint8Array([n])

/** Version `buildId` of deployment `orders`. */
export const v = (buildId: string) => ({ deploymentName: "orders", buildId })

/** Run `body` with the deployment client over the fake (namespace `ns-1`, identity `me`). */
export const withDeployments = <A, E>(
  server: FakeGrpcServer.FakeGrpcServer,
  body: Effect.Effect<A, E, WorkerDeploymentClient.WorkerDeploymentClient>,
  interceptors: ReadonlyArray<ClientInterceptor> = []
) =>
  Effect.provide(
    body,
    WorkerDeploymentClient.layer.pipe(
      Layer.provide(
        Layer.fresh(
          TemporalClient.layerConnect({ address: server.address, lazy: true, namespace: "ns-1", identity: "me" })
        )
      ),
      Layer.provide(Layer.succeed(ClientInterceptors, interceptors))
    )
  )

/** The requests the fake got of one RPC, e.g. `"SetWorkerDeploymentCurrentVersion"`. */
export const requestsOf = (server: FakeGrpcServer.FakeGrpcServer, method: string) =>
  Effect.map(server.calls, (calls) => calls.filter((call) => call.method === method).map((call) => call.request))

/** A refusal of the fake. */
export const fail = (code: FakeGrpcServer.FakeStatus["code"], message: string) => Effect.fail({ code, message })

/** Deployment `orders` as described: v1 current, v2 ramping at 25 %, v0 drained, managed by `deployer`. */
export const describeResponse = (conflictToken: Uint8Array) => ({
  conflictToken,
  workerDeploymentInfo: {
    name: "orders",
    createTime: { seconds: 1_700_000_000 },
    versionSummaries: [
      {
        deploymentVersion: v("v1"),
        status: Status.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT,
        currentSinceTime: { seconds: 1_700_000_100 }
      },
      {
        version: "orders.v0",
        status: Status.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED,
        drainageInfo: { status: proto.api.enums.v1.VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINED }
      }
    ],
    routingConfig: {
      currentDeploymentVersion: v("v1"),
      rampingDeploymentVersion: v("v2"),
      rampingVersion: "orders.v2",
      rampingVersionPercentage: 25,
      revisionNumber: 4
    },
    lastModifierIdentity: "ops",
    managerIdentity: "deployer",
    routingConfigUpdateState: proto.api.enums.v1.RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_COMPLETED
  }
})
