/**
 * Method tables of the gRPC services, read from the proto root's service
 * definitions: no hand-written list of RPCs. Message types resolve on first
 * use, so building a table costs next to nothing.
 *
 * @internal
 */
import type * as protobuf from "protobufjs"
import { root } from "./root.js"

/** @internal */
export const serviceNames = {
  workflowService: "temporal.api.workflowservice.v1.WorkflowService",
  operatorService: "temporal.api.operatorservice.v1.OperatorService",
  testService: "temporal.api.testservice.v1.TestService",
  healthService: "grpc.health.v1.Health",
  cloudService: "temporal.api.cloud.cloudservice.v1.CloudService"
} as const

/**
 * The services of a `Connection`; the Cloud Operations API
 * (`cloudService`) has a client of its own, `CloudOperations`.
 *
 * @internal
 */
export type ServiceKey = Exclude<keyof typeof serviceNames, "cloudService">

/** @internal */
export interface MethodDescriptor {
  /** The RPC's proto name, e.g. `StartWorkflowExecution`. */
  readonly name: string
  /** The property name on the typed client, e.g. `startWorkflowExecution`. */
  readonly key: string
  /** The HTTP/2 path, e.g. `/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution`. */
  readonly path: string
  /** The short service name, e.g. `WorkflowService`. */
  readonly service: string
  readonly requestType: () => protobuf.Type
  readonly responseType: () => protobuf.Type
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

const memo = <A>(f: () => A): () => A => {
  let value: { a: A } | undefined
  return () => (value ??= { a: f() }).a
}

const tables = new Map<string, ReadonlyArray<MethodDescriptor>>()

/**
 * Every unary RPC of a service (streaming RPCs, such as `Health/Watch`, are
 * left out).
 *
 * @internal
 */
export const methodsOf = (fullName: string): ReadonlyArray<MethodDescriptor> => {
  const cached = tables.get(fullName)
  if (cached) return cached
  const service = root().lookupService(fullName)
  const table = service.methodsArray
    .filter((method) => !method.requestStream && !method.responseStream)
    .map((method): MethodDescriptor => ({
      name: method.name,
      key: lowerFirst(method.name),
      path: `/${fullName}/${method.name}`,
      service: service.name,
      requestType: memo(() => {
        method.resolve()
        return method.resolvedRequestType!
      }),
      responseType: memo(() => {
        method.resolve()
        return method.resolvedResponseType!
      })
    }))
  tables.set(fullName, table)
  return table
}
