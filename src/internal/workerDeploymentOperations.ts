/**
 * The worker deployment operations over a client context: list, describe,
 * set current / ramping version and manager identity (each with the
 * conflict token it is given), the conflict-retrying `update`, and the
 * version calls.
 *
 * @internal
 */
import type { temporal } from "@temporalio/proto"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { CheckedRpcOptions, RequiredString } from "../schema/Common/fields.js"
import type { WorkerDeploymentVersion } from "../schema/Common/versioning.js"
import { type InvalidArgumentError, type RpcError, WorkerDeploymentConflictError } from "../schema/TemporalError.js"
import { WorkerDeploymentUpdated } from "../schema/WorkerDeployment.js"
import {
  DeleteVersionOptionsSchema,
  DescribeVersionOptionsSchema,
  ListWorkerDeploymentsOptionsSchema,
  type RoutingGuardOptions,
  SetCurrentVersionOptionsSchema,
  SetManagerIdentityOptionsSchema,
  SetRampingVersionOptionsSchema,
  UpdateVersionMetadataOptionsSchema,
  UpdateWorkerDeploymentOptionsSchema,
  type WorkerDeploymentChange,
  WorkerDeploymentChangeSchema
} from "../schema/WorkerDeploymentOptions.js"
import type {
  DeleteWorkerDeploymentError,
  DeleteWorkerDeploymentVersionError,
  DescribeWorkerDeploymentError,
  DescribeWorkerDeploymentVersionError,
  ListWorkerDeploymentsError,
  SetWorkerDeploymentManagerError,
  SetWorkerDeploymentVersionError,
  UpdateWorkerDeploymentVersionMetadataError,
  WorkerDeploymentOperations
} from "../services/WorkerDeploymentClient.js"
import { callOptionsOf, type ClientContext } from "./clientContext.js"
import {
  decodeMetadata,
  deploymentDescriptionFromProto,
  deploymentSummaryFromProto,
  encodeMetadata,
  versionDescriptionFromProto
} from "./convert/workerDeployment.js"
import { nextTokenOf, pagedStream } from "./paging.js"
import { withClientSpan } from "./telemetry.js"
import { decodeOptions } from "./validation.js"
import { isConflict, mapDeploymentErrors } from "./workerDeploymentErrors.js"

const decodeName = decodeOptions(RequiredString, "deploymentName")
const decodeRpc = decodeOptions(CheckedRpcOptions, "options")
const decodeList = decodeOptions(ListWorkerDeploymentsOptionsSchema, "options")
const decodeSetCurrent = decodeOptions(SetCurrentVersionOptionsSchema, "options")
const decodeSetRamping = decodeOptions(SetRampingVersionOptionsSchema, "options")
const decodeSetManager = decodeOptions(SetManagerIdentityOptionsSchema, "options")
const decodeDescribeVersion = decodeOptions(DescribeVersionOptionsSchema, "options")
const decodeDeleteVersion = decodeOptions(DeleteVersionOptionsSchema, "options")
const decodeMetadataOptions = decodeOptions(UpdateVersionMetadataOptionsSchema, "options")
const decodeUpdate = decodeOptions(UpdateWorkerDeploymentOptionsSchema, "options")
const decodeChange = decodeOptions(WorkerDeploymentChangeSchema, "change")

const defaultMaxAttempts = 10

const decodeVersionName = decodeOptions(RequiredString, ["version", "deploymentName"])
const decodeVersionBuildId = decodeOptions(RequiredString, ["version", "buildId"])

/** A version argument, checked: both names non-empty and valid Unicode. */
const checkVersion = (version: WorkerDeploymentVersion): Effect.Effect<WorkerDeploymentVersion, InvalidArgumentError> =>
  Effect.gen(function*() {
    const deploymentName = yield* decodeVersionName(version?.deploymentName)
    const buildId = yield* decodeVersionBuildId(version?.buildId)
    return { deploymentName, buildId }
  })

/**
 * The worker deployment operations over a client context.
 *
 * @internal
 */
const spanOf = (context: ClientContext) => (name: string, deploymentName: unknown, buildId?: unknown) =>
  withClientSpan(`temporal.WorkerDeploymentClient.${name}`, () => ({
    "temporal.namespace": context.namespace,
    ...(typeof deploymentName === "string" ? { "temporal.deployment_name": deploymentName } : {}),
    ...(typeof buildId === "string" ? { "temporal.build_id": buildId } : {})
  }))

const baseOf = (context: ClientContext) => ({ namespace: context.namespace, identity: context.identity })

const updated = (response: { readonly conflictToken?: Uint8Array | null }) =>
  new WorkerDeploymentUpdated({ conflictToken: response.conflictToken ?? new Uint8Array() }, { disableChecks: true })

/** Send one change with `conflictToken` (already checked). */
const applyChange = (
  context: ClientContext,
  deploymentName: string,
  change: WorkerDeploymentChange,
  conflictToken: Uint8Array | undefined,
  callOptions: Parameters<typeof callOptionsOf>[0]
): Effect.Effect<WorkerDeploymentUpdated, SetWorkerDeploymentVersionError> => {
  const token = { conflictToken: conflictToken ?? null }
  const options = callOptionsOf(callOptions)
  const guards = (routing: RoutingGuardOptions) => ({
    ignoreMissingTaskQueues: routing.ignoreMissingTaskQueues ?? false,
    allowNoPollers: routing.allowNoPollers ?? false
  })
  const sent = change._tag === "SetCurrentVersion"
    ? Effect.map(
      context.call("setWorkerDeploymentCurrentVersion", {
        ...baseOf(context),
        deploymentName,
        buildId: change.buildId ?? "",
        ...guards(change),
        ...token
      }, options),
      updated
    )
    : change._tag === "SetRampingVersion"
    ? Effect.map(
      context.call("setWorkerDeploymentRampingVersion", {
        ...baseOf(context),
        deploymentName,
        buildId: change.buildId ?? "",
        percentage: change.percentage,
        ...guards(change),
        ...token
      }, options),
      updated
    )
    : Effect.map(
      context.call("setWorkerDeploymentManager", {
        ...baseOf(context),
        deploymentName,
        ...(change.self === true ? { self: true } : { managerIdentity: change.managerIdentity ?? "" }),
        ...token
      }, options),
      updated
    )
  const buildId = change._tag === "SetManagerIdentity" ? undefined : change.buildId
  return sent.pipe(mapDeploymentErrors({ deploymentName, buildId, notFound: "either" })) as Effect.Effect<
    WorkerDeploymentUpdated,
    SetWorkerDeploymentVersionError
  >
}

/** The operations on one version of a deployment. */
const makeVersionOperations = (
  context: ClientContext
): Pick<WorkerDeploymentOperations, "describeVersion" | "deleteVersion" | "updateVersionMetadata"> => {
  const span = spanOf(context)
  const base = baseOf(context)
  const versionCall = <A, E>(
    name: string,
    version: WorkerDeploymentVersion,
    body: (checked: WorkerDeploymentVersion) => Effect.Effect<A, E>
  ) => Effect.flatMap(checkVersion(version), body).pipe(span(name, version?.deploymentName, version?.buildId))

  return {
    describeVersion: (version, options) =>
      versionCall("describeVersion", version, (checkedVersion) =>
        Effect.gen(function*() {
          const checked = yield* decodeDescribeVersion(options ?? {})
          const response = yield* context.call("describeWorkerDeploymentVersion", {
            namespace: context.namespace,
            deploymentVersion: checkedVersion,
            reportTaskQueueStats: checked.reportTaskQueueStats ?? false
          }, callOptionsOf(checked)).pipe(mapDeploymentErrors({ ...checkedVersion, notFound: "version" }))
          return yield* versionDescriptionFromProto(context.dataConverter, response, checkedVersion)
        })) as Effect.Effect<
          Effect.Success<ReturnType<typeof versionDescriptionFromProto>>,
          DescribeWorkerDeploymentVersionError
        >,
    deleteVersion: (version, options) =>
      versionCall("deleteVersion", version, (checkedVersion) =>
        Effect.gen(function*() {
          const checked = yield* decodeDeleteVersion(options ?? {})
          yield* context.call("deleteWorkerDeploymentVersion", {
            ...base,
            deploymentVersion: checkedVersion,
            skipDrainage: checked.skipDrainage ?? false
          }, callOptionsOf(checked)).pipe(mapDeploymentErrors({ ...checkedVersion, notFound: "deployment" }))
        })) as Effect.Effect<void, DeleteWorkerDeploymentVersionError>,
    updateVersionMetadata: (version, options) =>
      versionCall("updateVersionMetadata", version, (checkedVersion) =>
        Effect.gen(function*() {
          const checked = yield* decodeMetadataOptions(options)
          const upsertEntries = yield* encodeMetadata(context.dataConverter, checked.upsert ?? {})
          yield* context.dataConverter.checkSize(
            Object.values(upsertEntries),
            "UpdateWorkerDeploymentVersionMetadata.upsertEntries"
          )
          const response: temporal.api.workflowservice.v1.IUpdateWorkerDeploymentVersionMetadataResponse =
            yield* context
              .call("updateWorkerDeploymentVersionMetadata", {
                ...base,
                deploymentVersion: checkedVersion,
                upsertEntries,
                removeEntries: [...(checked.remove ?? [])]
              }, callOptionsOf(checked)).pipe(mapDeploymentErrors({ ...checkedVersion, notFound: "version" }))
          return yield* decodeMetadata(context.dataConverter, response.metadata?.entries)
        })) as Effect.Effect<Readonly<Record<string, unknown>>, UpdateWorkerDeploymentVersionMetadataError>
  }
}

export const makeWorkerDeploymentOperations = (context: ClientContext): WorkerDeploymentOperations => {
  const span = spanOf(context)
  const base = baseOf(context)
  const apply = (
    deploymentName: string,
    change: WorkerDeploymentChange,
    conflictToken: Uint8Array | undefined,
    callOptions: Parameters<typeof callOptionsOf>[0]
  ) => applyChange(context, deploymentName, change, conflictToken, callOptions)

  const describe: WorkerDeploymentOperations["describe"] = (deploymentName, options) =>
    Effect.gen(function*() {
      const name = yield* decodeName(deploymentName)
      const checked = yield* decodeRpc(options ?? {})
      const response = yield* context.call(
        "describeWorkerDeployment",
        { namespace: context.namespace, deploymentName: name },
        callOptionsOf(checked)
      ).pipe(mapDeploymentErrors({ deploymentName: name, notFound: "deployment" }))
      return deploymentDescriptionFromProto(response, name)
    }).pipe(span("describe", deploymentName)) as Effect.Effect<
      ReturnType<typeof deploymentDescriptionFromProto>,
      DescribeWorkerDeploymentError
    >

  const update: WorkerDeploymentOperations["update"] = (deploymentName, updater, options = {}) =>
    Effect.gen(function*() {
      const name = yield* decodeName(deploymentName)
      const checked = yield* decodeUpdate(options)
      const maxAttempts = checked.maxAttempts ?? defaultMaxAttempts
      let lastConflict: RpcError | undefined = undefined
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const description = yield* describe(name, checked)
        const result = yield* updater(description)
        if (result === undefined || result === null) return
        const change = yield* decodeChange(result)
        const outcome = yield* Effect.result(apply(name, change, description.conflictToken, checked))
        if (outcome._tag === "Success") return
        const error = outcome.failure
        if (error._tag !== "WorkerDeploymentConflictError") return yield* Effect.fail(error)
        lastConflict = isConflict(error.cause) ? error.cause : undefined
      }
      return yield* new WorkerDeploymentConflictError({
        deploymentName: name,
        attempts: maxAttempts,
        ...(lastConflict !== undefined ? { cause: lastConflict } : {})
      })
    }).pipe(span("update", deploymentName))

  const pages = (checked: Parameters<typeof callOptionsOf>[0] & { readonly limit?: number | undefined }) =>
    pagedStream((token) =>
      Effect.map(
        context.call("listWorkerDeployments", {
          namespace: context.namespace,
          pageSize: (checked as { readonly pageSize?: number }).pageSize ?? 0,
          nextPageToken: token ?? null
        }, callOptionsOf(checked)).pipe(
          mapDeploymentErrors({ deploymentName: "", notFound: "deployment" }),
          span("list", undefined)
        ),
        (response) => ({
          items: (response.workerDeployments ?? []).map(deploymentSummaryFromProto),
          nextPageToken: nextTokenOf(response.nextPageToken)
        })
      ), checked.limit)

  return {
    list: (options = {}) =>
      Stream.unwrap(Effect.map(decodeList(options), pages)) as Stream.Stream<
        ReturnType<typeof deploymentSummaryFromProto>,
        ListWorkerDeploymentsError
      >,
    describe,
    setCurrentVersion: (deploymentName, options) =>
      Effect.gen(function*() {
        const name = yield* decodeName(deploymentName)
        const checked = yield* decodeSetCurrent(options)
        return yield* apply(name, { ...checked, _tag: "SetCurrentVersion" }, checked.conflictToken, checked)
      }).pipe(span("setCurrentVersion", deploymentName, options?.buildId)),
    setRampingVersion: (deploymentName, options) =>
      Effect.gen(function*() {
        const name = yield* decodeName(deploymentName)
        const checked = yield* decodeSetRamping(options)
        return yield* apply(name, { ...checked, _tag: "SetRampingVersion" }, checked.conflictToken, checked)
      }).pipe(span("setRampingVersion", deploymentName, options?.buildId)),
    setManagerIdentity: (deploymentName, options) =>
      Effect.gen(function*() {
        const name = yield* decodeName(deploymentName)
        const checked = yield* decodeSetManager(options)
        return yield* apply(name, { ...checked, _tag: "SetManagerIdentity" }, checked.conflictToken, checked)
      }).pipe(span("setManagerIdentity", deploymentName)) as Effect.Effect<
        WorkerDeploymentUpdated,
        SetWorkerDeploymentManagerError
      >,
    update,
    delete: (deploymentName, options) =>
      Effect.gen(function*() {
        const name = yield* decodeName(deploymentName)
        const checked = yield* decodeRpc(options ?? {})
        yield* context.call("deleteWorkerDeployment", { ...base, deploymentName: name }, callOptionsOf(checked))
          .pipe(mapDeploymentErrors({ deploymentName: name, notFound: "deployment" }))
      }).pipe(span("delete", deploymentName)) as Effect.Effect<void, DeleteWorkerDeploymentError>,
    ...makeVersionOperations(context)
  }
}
