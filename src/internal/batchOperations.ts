/**
 * The batch operations over a client context: start, describe, list, stop
 * and progress.
 *
 * Seen on Temporal CLI 1.9.1 / Server 1.32.0 (the dev server of the
 * integration tests):
 * - a job ID used before (running or closed): ALREADY_EXISTS with
 *   `WorkflowExecutionAlreadyStartedFailure` (the batch is a system
 *   workflow);
 * - an unknown job ID: NOT_FOUND "workflow not found for ID: ..."; stopping
 *   a closed batch: NOT_FOUND "workflow execution already completed"; a
 *   stopped batch then describes as `Failed`;
 * - batches turned off (`frontend.enableBatcher` false): PERMISSION_DENIED
 *   "Batch operation feature are disabled on this namespace.";
 * - more running batches than `frontend.MaxConcurrentBatchOperationPerNamespace`
 *   allows: RESOURCE_EXHAUSTED "Max concurrent batch operations is reached",
 *   retried by `RetryConfig` like any RESOURCE_EXHAUSTED;
 * - while a batch runs, its counts read 0; they are filled in when it closes.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import {
  BatchProgressOptionsSchema,
  ListBatchOperationsOptionsSchema,
  StartBatchOperationOptionsSchema,
  StopBatchOperationOptionsSchema
} from "../schema/BatchOperationOptions.js"
import { CheckedRpcOptions, RequiredString } from "../schema/Common/fields.js"
import {
  BatchOperationAlreadyClosedError,
  BatchOperationAlreadyStartedError,
  BatchOperationNotFoundError,
  BatchOperationsUnavailableError,
  type RpcError
} from "../schema/TemporalError.js"
import type { BatchOperations } from "../services/BatchClient.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import { descriptionFromProto, progressOf, startRequest, summaryFromProto } from "./convert/batch.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { makeRequestId } from "./requestId.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isRpcError } from "./workflowErrors.js"

const decodeStart = decodeOptions(StartBatchOperationOptionsSchema, "options")
const decodeList = decodeOptions(ListBatchOperationsOptionsSchema, "options")
const decodeStop = decodeOptions(StopBatchOperationOptionsSchema, "options")
const decodeProgress = decodeOptions(BatchProgressOptionsSchema, "options")
const decodeRpc = decodeOptions(CheckedRpcOptions, "options")
const decodeJobId = decodeOptions(RequiredString, "jobId")

const defaultStopReason = "Stopped via effect-temporal"

type Classified =
  | BatchOperationAlreadyStartedError
  | BatchOperationNotFoundError
  | BatchOperationAlreadyClosedError
  | BatchOperationsUnavailableError

const classify = (error: RpcError, jobId: string): Classified | undefined => {
  switch (error.code) {
    case "ALREADY_EXISTS":
      return new BatchOperationAlreadyStartedError({ jobId, cause: error })
    case "NOT_FOUND":
      return /already completed/i.test(error.message)
        ? new BatchOperationAlreadyClosedError({ jobId, cause: error })
        : new BatchOperationNotFoundError({ jobId, cause: error })
    case "UNIMPLEMENTED":
      return new BatchOperationsUnavailableError({
        rpc: error.method,
        reason: "Unimplemented",
        description: error.message,
        cause: error
      })
    case "PERMISSION_DENIED":
      return /disabled|not enabled/i.test(error.message)
        ? new BatchOperationsUnavailableError({
          rpc: error.method,
          reason: "Disabled",
          description: error.message,
          cause: error
        })
        : undefined
    default:
      return undefined
  }
}

/** The server's refusals as typed errors (each operation declares those it can see). */
const mapBatchErrors =
  (jobId: string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | Classified, R> =>
    Effect.mapError(self, (error): E | Classified => (isRpcError(error) ? classify(error, jobId) ?? error : error))

/**
 * The batch operations over a client context.
 *
 * @internal
 */
export const makeBatchOperations = (context: ClientContext): BatchOperations => {
  const span = (name: string, jobId: unknown) =>
    withClientSpan(`temporal.BatchClient.${name}`, () => ({
      "temporal.namespace": context.namespace,
      ...(typeof jobId === "string" ? { "temporal.batch_job_id": jobId } : {})
    }))

  const describe: BatchOperations["describe"] = (jobId, options) =>
    Effect.gen(function*() {
      const id = yield* decodeJobId(jobId)
      const checked = yield* decodeRpc(options ?? {})
      const response = yield* context.call(
        "describeBatchOperation",
        { namespace: context.namespace, jobId: id },
        callOptionsOf(checked)
      ).pipe(mapBatchErrors(id))
      return descriptionFromProto(response, id)
    }).pipe(span("describe", jobId)) as ReturnType<BatchOperations["describe"]>

  const pages = (
    checked:
      & { readonly pageSize?: number | undefined; readonly limit?: number | undefined }
      & Parameters<
        typeof callOptionsOf
      >[0]
  ) =>
    pagedStream((token) =>
      Effect.map(
        context.call("listBatchOperations", {
          namespace: context.namespace,
          pageSize: checked.pageSize ?? 0,
          nextPageToken: token ?? null
        }, callOptionsOf(checked)).pipe(mapBatchErrors(""), span("list", undefined)),
        (response) => ({
          items: (response.operationInfo ?? []).map(summaryFromProto),
          nextPageToken: nextTokenOf(response.nextPageToken)
        })
      ), checked.limit)

  return {
    start: (options) =>
      Effect.gen(function*() {
        const checked = yield* decodeStart(options)
        const jobId = checked.jobId ?? (yield* makeRequestId)
        const request = yield* startRequest(context.dataConverter, context.namespace, context.identity, jobId, checked)
        yield* context.call("startBatchOperation", request, callOptionsOf(checked)).pipe(mapBatchErrors(jobId))
        return jobId
      }).pipe(span("start", options?.jobId)) as ReturnType<BatchOperations["start"]>,
    describe,
    list: (options = {}) =>
      Stream.unwrap(Effect.map(decodeList(options), pages)) as ReturnType<BatchOperations["list"]>,
    stop: (jobId, options = {}) =>
      Effect.gen(function*() {
        const id = yield* decodeJobId(jobId)
        const checked = yield* decodeStop(options)
        yield* context.call("stopBatchOperation", {
          namespace: context.namespace,
          jobId: id,
          reason: checked.reason ?? defaultStopReason,
          identity: context.identity
        }, callOptionsOf(checked)).pipe(mapBatchErrors(id))
      }).pipe(span("stop", jobId)) as ReturnType<BatchOperations["stop"]>,
    progress: (jobId, options = {}) =>
      Stream.unwrap(Effect.map(decodeProgress(options), (checked) =>
        Stream.fromEffectSchedule(
          Effect.map(describe(jobId, checked), progressOf),
          Schedule.spaced(checked.interval ?? "1 second")
        ).pipe(Stream.takeUntil((snapshot) => snapshot.done))))
  }
}
