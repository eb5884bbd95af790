/**
 * The namespace RPCs of the in-memory Temporal: its one namespace,
 * described and listed. Registering or updating namespaces is not modelled
 * (those RPCs answer UNIMPLEMENTED).
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { durationToProto } from "../convert/common.js"
import { ArchivalState, NamespaceState } from "../proto/enums.js"
import type { Handlers } from "./protocol.js"
import type { Server } from "./state.js"

/** The in-memory namespace as `DescribeNamespace` answers it: registered, a day's retention, local. */
const description = (server: Server): temporal.api.workflowservice.v1.IDescribeNamespaceResponse => ({
  namespaceInfo: {
    name: server.namespace,
    id: `in-memory-${server.namespace}`,
    state: NamespaceState.NAMESPACE_STATE_REGISTERED,
    description: "The in-memory Temporal's namespace",
    capabilities: { syncUpdate: true, asyncUpdate: true, standaloneActivities: true },
    supportsSchedules: true
  },
  config: {
    workflowExecutionRetentionTtl: durationToProto(Duration.days(1)),
    historyArchivalState: ArchivalState.ARCHIVAL_STATE_DISABLED,
    visibilityArchivalState: ArchivalState.ARCHIVAL_STATE_DISABLED
  },
  isGlobalNamespace: false
})

/** `DescribeNamespace` and `ListNamespaces`, over the server's one namespace. */
export const namespaceHandlers = (server: Server): Handlers => ({
  describeNamespace: () => Effect.succeed(description(server)),
  listNamespaces: () => Effect.succeed({ namespaces: [description(server)] })
})
