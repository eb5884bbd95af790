/**
 * The task queue and worker operations: describe a task queue per type,
 * list and describe workers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { CheckedRpcOptions, RequiredString } from "../schema/Common/fields.js"
import { TaskQueueDescription, type TaskQueueType } from "../schema/TaskQueue.js"
import { DescribeTaskQueueOptionsSchema, ListWorkersOptionsSchema } from "../schema/TaskQueueOptions.js"
import { WorkerNotFoundError } from "../schema/TemporalError.js"
import type { TaskQueueClientShape, WorkerPage } from "../services/TaskQueueClient.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  taskQueueTypeDescriptionFromProto,
  taskQueueTypeNumbers,
  versioningInfoFromProto,
  workerDescriptionFromProto,
  workerSummaryFromProto
} from "./convert/taskQueue.js"
import { pagedStream } from "./paging.js"
import * as Enums from "./proto/enums.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

const decodeTaskQueue = decodeOptions(RequiredString, "taskQueue")
const decodeWorkerInstanceKey = decodeOptions(RequiredString, "workerInstanceKey")
const decodeDescribe = decodeOptions(DescribeTaskQueueOptionsSchema, "options")
const decodeList = decodeOptions(ListWorkersOptionsSchema, "options")
const decodeCallOptions = decodeOptions(CheckedRpcOptions, "options")

const allTypes: ReadonlyArray<TaskQueueType> = ["Workflow", "Activity", "Nexus"]

const typeField = { Workflow: "workflow", Activity: "activity", Nexus: "nexus" } as const

/**
 * The task queue and worker operations over a client context.
 *
 * @internal
 */
export const makeTaskQueueOperations = (context: ClientContext): TaskQueueClientShape => {
  const span = (name: string, attributes: Record<string, unknown> = {}) =>
    withClientSpan(`temporal.TaskQueueClient.${name}`, () => ({
      "temporal.namespace": context.namespace,
      ...attributes
    }))

  const fetchPage = (
    query: string | undefined,
    checked:
      & { readonly pageSize?: number | undefined; readonly nextPageToken?: Uint8Array | undefined }
      & { readonly includeSystemWorkers?: boolean | undefined }
      & Parameters<typeof callOptionsOf>[0]
  ) =>
    Effect.map(
      context.call("listWorkers", {
        namespace: context.namespace,
        query: query ?? "",
        pageSize: checked.pageSize ?? 0,
        nextPageToken: checked.nextPageToken ?? null,
        includeSystemWorkers: checked.includeSystemWorkers ?? false
      }, callOptionsOf(checked)),
      (response): WorkerPage => ({
        // Servers before the `workers` field answer with full heartbeats only.
        workers: response.workers && response.workers.length > 0
          ? response.workers.map(workerSummaryFromProto)
          : (response.workersInfo ?? []).flatMap((info) =>
            info.workerHeartbeat ? [workerSummaryFromProto(info.workerHeartbeat)] : []
          ),
        nextPageToken: response.nextPageToken && response.nextPageToken.length > 0 ? response.nextPageToken : undefined
      })
    )

  return {
    describeTaskQueue: (taskQueue, options = {}) =>
      Effect.gen(function*() {
        const name = yield* decodeTaskQueue(taskQueue)
        const checked = yield* decodeDescribe(options)
        const callOptions = callOptionsOf(checked)
        const described = yield* Effect.forEach(checked.types ?? allTypes, (type) =>
          Effect.map(
            context.call("describeTaskQueue", {
              namespace: context.namespace,
              taskQueue: { name, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
              taskQueueType: taskQueueTypeNumbers[type],
              reportStats: checked.reportStats ?? true,
              reportConfig: checked.reportConfig ?? false
            }, callOptions),
            (response) => ({ type, response })
          ), { concurrency: "unbounded" })
        const versioningInfo = described
          .map(({ response }) => versioningInfoFromProto(response.versioningInfo))
          .find((info) => info !== undefined)
        return new TaskQueueDescription({
          name,
          namespace: context.namespace,
          ...Object.fromEntries(
            described.map(({ response, type }) => [typeField[type], taskQueueTypeDescriptionFromProto(type, response)])
          ),
          ...(versioningInfo !== undefined ? { versioningInfo } : {})
        }, { disableChecks: true })
      }).pipe(span("describeTaskQueue", { "temporal.task_queue": taskQueue })),
    listWorkersPage: (query, pageOptions = {}) =>
      Effect.flatMap(decodeList({ ...pageOptions, query }), (checked) => fetchPage(query, checked)).pipe(
        span("listWorkers")
      ),
    listWorkers: (query, listOptions = {}) =>
      Stream.unwrap(Effect.map(decodeList({ ...listOptions, query }), (checked) =>
        pagedStream(
          (nextPageToken) =>
            Effect.map(
              fetchPage(query, { ...checked, nextPageToken }).pipe(span("listWorkers")),
              (page) => ({ items: page.workers, nextPageToken: page.nextPageToken })
            ),
          checked.limit
        ))),
    describeWorker: (workerInstanceKey, options = {}) =>
      Effect.gen(function*() {
        const key = yield* decodeWorkerInstanceKey(workerInstanceKey)
        const checked = yield* decodeCallOptions(options)
        const response = yield* context.call(
          "describeWorker",
          { namespace: context.namespace, workerInstanceKey: key },
          callOptionsOf(checked)
        ).pipe(
          Effect.mapError((error) =>
            isRpcError(error) && error.code === "NOT_FOUND"
              ? new WorkerNotFoundError({ namespace: context.namespace, workerInstanceKey: key, cause: error })
              : error
          )
        )
        const heartbeat = response.workerInfo?.workerHeartbeat
        return workerDescriptionFromProto(heartbeat ?? { workerInstanceKey: key })
      }).pipe(span("describeWorker", { "temporal.worker_instance_key": workerInstanceKey }))
  }
}
