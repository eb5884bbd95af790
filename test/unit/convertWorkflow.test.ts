import { assert, describe, it } from "@effect/vitest"
import type { temporal } from "@temporalio/proto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Option from "effect/Option"
import * as Convert from "../../src/internal/convert/common.js"
import * as ConvertWorkflow from "../../src/internal/convert/workflow.js"
import * as ProtoRoot from "../../src/internal/proto/root.js"
import type { Payload } from "../../src/schema/Common.js"
import * as SearchAttributes from "../../src/schema/SearchAttributes.js"
import type { InvalidArgumentError } from "../../src/schema/TemporalError.js"
import * as WorkflowExecution from "../../src/schema/WorkflowExecution.js"
import * as Options from "../../src/schema/WorkflowOptions.js"
import type { DataConverter } from "../../src/services/DataConverter.js"

const Enums = ProtoRoot.temporal().api.enums.v1
const WorkflowService = ProtoRoot.temporal().api.workflowservice.v1
const GoogleDuration = ProtoRoot.google().protobuf.Duration
const GoogleTimestamp = ProtoRoot.google().protobuf.Timestamp

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const jsonPayload = (value: unknown, extra: Record<string, string> = {}): Payload => ({
  metadata: Object.fromEntries(
    Object.entries({ encoding: "json/plain", ...extra }).map(([k, v]) => [k, encoder.encode(v)])
  ),
  data: encoder.encode(JSON.stringify(value))
})

const long = (n: number) => Convert.int64FromNumber(n)

/** Through the wire and back: what a decoded server message looks like (Longs, defaults). */
const roundTrip = <T>(
  type: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): unknown },
  message: T
): T => type.decode(type.encode(message).finish()) as T

describe("convert/common", () => {
  describe("int64", () => {
    it.effect("every int64 shape becomes a number or a bigint", () =>
      Effect.sync(() => {
        assert.strictEqual(Convert.int64ToNumber(long(42)), 42)
        assert.strictEqual(Convert.int64ToNumber(long(2 ** 40 + 3)), 2 ** 40 + 3)
        assert.strictEqual(Convert.int64ToNumber(long(-7)), -7)
        assert.strictEqual(Convert.int64ToNumber(7), 7)
        assert.strictEqual(Convert.int64ToNumber("8"), 8)
        assert.strictEqual(Convert.int64ToNumber(BigInt(9)), 9)
        assert.strictEqual(Convert.int64ToNumber({ low: 1, high: 1 }), 2 ** 32 + 1)
        assert.strictEqual(Convert.int64ToNumber(null), 0)
        assert.strictEqual(Convert.int64ToNumber(undefined), 0)
        assert.strictEqual(Convert.int64ToBigInt(long(2 ** 53 + 2)), BigInt(2 ** 53 + 2))
        assert.strictEqual(
          Convert.int64ToBigInt(Convert.int64FromNumber(BigInt("9223372036854775807"))),
          BigInt("9223372036854775807")
        )
        assert.strictEqual(Convert.int64ToBigInt("12"), BigInt(12))
        assert.strictEqual(Convert.int64ToBigInt(12.9), BigInt(12))
        assert.strictEqual(Convert.int64ToBigInt({ low: -1, high: 0 }), BigInt(2 ** 32 - 1))
        assert.strictEqual(Convert.int64ToBigInt(null), BigInt(0))
      }))
  })

  describe("Duration ⇄ google.protobuf.Duration", () => {
    it.effect("seconds and nanos, from every DurationInput", () =>
      Effect.sync(() => {
        const cases: ReadonlyArray<readonly [Duration.Input, number, number]> = [
          [0, 0, 0],
          ["1.5 seconds", 1, 500_000_000],
          [BigInt(1_000_000_001), 1, 1],
          [[2, 3], 2, 3],
          [250, 0, 250_000_000],
          ["3 days", 259_200, 0],
          [Duration.nanos(BigInt(999_999_999)), 0, 999_999_999]
        ]
        for (const [input, seconds, nanos] of cases) {
          const proto = Convert.durationToProto(input)
          assert.strictEqual(Convert.int64ToNumber(proto.seconds), seconds, String(input))
          assert.strictEqual(proto.nanos, nanos, String(input))
        }
      }))

    it.effect("back to a Duration, exactly (Long or number seconds), undefined when absent", () =>
      Effect.sync(() => {
        const d = Convert.durationFromProto({ seconds: long(5), nanos: 7 })!
        assert.isTrue(Duration.equals(d, Duration.nanos(BigInt(5_000_000_007))))
        const n = Convert.durationFromProto({ seconds: 2 as never })!
        assert.isTrue(Duration.equals(n, Duration.seconds(2)))
        const zero = Convert.durationFromProto({})!
        assert.isTrue(Duration.isZero(zero))
        assert.isUndefined(Convert.durationFromProto(null))
        assert.isUndefined(Convert.durationFromProto(undefined))
      }))

    it.effect("survives the wire", () =>
      Effect.sync(() => {
        for (const input of ["1.25 seconds", "90 minutes", BigInt(123_456_789_012)] as const) {
          const decoded = roundTrip(GoogleDuration, Convert.durationToProto(input))
          assert.isTrue(Duration.equals(Convert.durationFromProto(decoded)!, Duration.fromInputUnsafe(input)))
        }
      }))
  })

  describe("Date ⇄ google.protobuf.Timestamp", () => {
    it.effect("millisecond precision both ways, before and after 1970", () =>
      Effect.sync(() => {
        for (const iso of ["2024-05-06T07:08:09.123Z", "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.250Z"]) {
          const date = new Date(iso)
          const proto = Convert.timestampToProto(date)
          assert.isTrue(proto.nanos! >= 0 && proto.nanos! < 1_000_000_000)
          assert.strictEqual(Convert.timestampFromProto(proto)!.toISOString(), iso)
          assert.strictEqual(Convert.timestampFromProto(roundTrip(GoogleTimestamp, proto))!.toISOString(), iso)
        }
        const proto = Convert.timestampToProto(new Date("2024-05-06T07:08:09.123Z"))
        assert.strictEqual(Convert.int64ToNumber(proto.seconds), 1714979289)
        assert.strictEqual(proto.nanos, 123_000_000)
      }))

    it.effect("sub-millisecond nanos are dropped; absent is undefined", () =>
      Effect.sync(() => {
        const date = Convert.timestampFromProto({ seconds: long(1), nanos: 999_999 })!
        assert.strictEqual(date.getTime(), 1000)
        assert.isUndefined(Convert.timestampFromProto(null))
      }))
  })

  describe("payload helpers", () => {
    it.effect("Payloads and payload maps", () =>
      Effect.sync(() => {
        const p = jsonPayload(1)
        assert.deepStrictEqual(Convert.payloadsToProto([p]), { payloads: [p] })
        assert.deepStrictEqual(Convert.payloadsFromProto({ payloads: [p] }), [p])
        assert.deepStrictEqual(Convert.payloadsFromProto(null), [])
        assert.deepStrictEqual(Convert.payloadMapFromProto({ a: p }), { a: p })
        assert.deepStrictEqual(Convert.payloadMapFromProto(undefined), {})
      }))
  })

  describe("enums", () => {
    const cases = [
      {
        name: "WorkflowIdReusePolicy",
        converter: Convert.WorkflowIdReusePolicyProto,
        protoEnum: Enums.WorkflowIdReusePolicy,
        expected: {
          AllowDuplicate: "WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE",
          AllowDuplicateFailedOnly: "WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY",
          RejectDuplicate: "WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE",
          TerminateIfRunning: "WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING"
        },
        unspecified: "WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED"
      },
      {
        name: "WorkflowIdConflictPolicy",
        converter: Convert.WorkflowIdConflictPolicyProto,
        protoEnum: Enums.WorkflowIdConflictPolicy,
        expected: {
          Fail: "WORKFLOW_ID_CONFLICT_POLICY_FAIL",
          UseExisting: "WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING",
          TerminateExisting: "WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING"
        },
        unspecified: "WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED"
      },
      {
        name: "WorkflowExecutionStatus",
        converter: Convert.WorkflowExecutionStatusProto,
        protoEnum: Enums.WorkflowExecutionStatus,
        expected: {
          Running: "WORKFLOW_EXECUTION_STATUS_RUNNING",
          Completed: "WORKFLOW_EXECUTION_STATUS_COMPLETED",
          Failed: "WORKFLOW_EXECUTION_STATUS_FAILED",
          Canceled: "WORKFLOW_EXECUTION_STATUS_CANCELED",
          Terminated: "WORKFLOW_EXECUTION_STATUS_TERMINATED",
          ContinuedAsNew: "WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW",
          TimedOut: "WORKFLOW_EXECUTION_STATUS_TIMED_OUT",
          Paused: "WORKFLOW_EXECUTION_STATUS_PAUSED"
        },
        unspecified: "WORKFLOW_EXECUTION_STATUS_UNSPECIFIED"
      },
      {
        name: "QueryRejectCondition",
        converter: Convert.QueryRejectConditionProto,
        protoEnum: Enums.QueryRejectCondition,
        expected: {
          None: "QUERY_REJECT_CONDITION_NONE",
          NotOpen: "QUERY_REJECT_CONDITION_NOT_OPEN",
          NotCompletedCleanly: "QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY"
        },
        unspecified: "QUERY_REJECT_CONDITION_UNSPECIFIED"
      },
      {
        name: "WorkflowUpdateStage",
        converter: Convert.WorkflowUpdateStageProto,
        protoEnum: Enums.UpdateWorkflowExecutionLifecycleStage,
        expected: {
          Admitted: "UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED",
          Accepted: "UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED",
          Completed: "UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED"
        },
        unspecified: "UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED"
      },
      {
        name: "WorkflowHistoryEventFilterType",
        converter: Convert.WorkflowHistoryEventFilterTypeProto,
        protoEnum: Enums.HistoryEventFilterType,
        expected: {
          AllEvent: "HISTORY_EVENT_FILTER_TYPE_ALL_EVENT",
          CloseEvent: "HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT"
        },
        unspecified: "HISTORY_EVENT_FILTER_TYPE_UNSPECIFIED"
      }
    ] as const

    for (const { converter, expected, name, protoEnum, unspecified } of cases) {
      it.effect(`${name}: every value both ways, by number and by name`, () =>
        Effect.sync(() => {
          const byName = protoEnum as unknown as Record<string, number>
          const convert = converter as unknown as Convert.EnumConverter<string, number>
          for (const [literal, protoName] of Object.entries(expected)) {
            const number = byName[protoName]!
            assert.isNumber(number)
            assert.strictEqual(convert.toProto(literal), number, literal)
            assert.strictEqual(convert.fromProto(number), literal, protoName)
            assert.strictEqual(convert.fromProto(protoName), literal, protoName)
          }
          // the proto enum has no value we do not map, UNSPECIFIED aside
          const mapped = new Set(Object.values(expected) as ReadonlyArray<string>)
          for (const key of Object.keys(byName).filter((k) => Number.isNaN(Number(k)))) {
            if (key !== unspecified) assert.isTrue(mapped.has(key), `${key} is not mapped`)
          }
          assert.isUndefined(convert.fromProto(byName[unspecified]!))
          assert.isUndefined(convert.fromProto(unspecified))
          assert.isUndefined(convert.fromProto(999))
          assert.isUndefined(convert.fromProto("NOT_A_VALUE"))
          assert.isUndefined(convert.fromProto(null))
          assert.isUndefined(convert.fromProto(undefined))
        }))
    }
  })

  describe("RetryPolicy ⇄ RetryPolicy message", () => {
    it.effect("every field both ways", () =>
      Effect.sync(() => {
        const proto = Convert.retryPolicyToProto({
          initialInterval: "1.5 seconds",
          backoffCoefficient: 1.7,
          maximumInterval: "1 minute",
          maximumAttempts: 5,
          nonRetryableErrorTypes: ["Fatal", "Bad"]
        })
        assert.strictEqual(Convert.int64ToNumber(proto.initialInterval!.seconds), 1)
        assert.strictEqual(proto.initialInterval!.nanos, 500_000_000)
        assert.strictEqual(proto.backoffCoefficient, 1.7)
        assert.strictEqual(Convert.int64ToNumber(proto.maximumInterval!.seconds), 60)
        assert.strictEqual(proto.maximumInterval!.nanos, 0)
        assert.strictEqual(proto.maximumAttempts, 5)
        assert.deepStrictEqual(proto.nonRetryableErrorTypes, ["Fatal", "Bad"])

        const back = Convert.retryPolicyFromProto(
          roundTrip(ProtoRoot.temporal().api.common.v1.RetryPolicy, proto)
        )!
        assert.isTrue(Duration.equals(back.initialInterval!, Duration.millis(1500)))
        assert.strictEqual(back.backoffCoefficient, 1.7)
        assert.isTrue(Duration.equals(back.maximumInterval!, Duration.minutes(1)))
        assert.strictEqual(back.maximumAttempts, 5)
        assert.deepStrictEqual(back.nonRetryableErrorTypes, ["Fatal", "Bad"])
      }))

    it.effect("unset fields stay unset; proto defaults read as unset (attempts 0 = unlimited kept)", () =>
      Effect.sync(() => {
        assert.deepStrictEqual(Convert.retryPolicyToProto({}), {})
        assert.deepStrictEqual(Convert.retryPolicyFromProto({}), {})
        assert.deepStrictEqual(
          Convert.retryPolicyFromProto(roundTrip(ProtoRoot.temporal().api.common.v1.RetryPolicy, {})),
          { maximumAttempts: 0 }
        )
        assert.isUndefined(Convert.retryPolicyFromProto(null))
      }))
  })

  describe("Priority ⇄ Priority message", () => {
    it.effect("every field both ways; zero values read as unset", () =>
      Effect.sync(() => {
        const priority = { priorityKey: 2, fairnessKey: "tenant-a", fairnessWeight: 1.5 }
        const proto = Convert.priorityToProto(priority)
        assert.deepStrictEqual(proto, priority)
        assert.deepStrictEqual(
          Convert.priorityFromProto(roundTrip(ProtoRoot.temporal().api.common.v1.Priority, proto)),
          priority
        )
        assert.deepStrictEqual(Convert.priorityToProto({}), {})
        assert.deepStrictEqual(
          Convert.priorityFromProto(roundTrip(ProtoRoot.temporal().api.common.v1.Priority, {})),
          {}
        )
        assert.isUndefined(Convert.priorityFromProto(undefined))
      }))
  })

  describe("VersioningOverride ⇄ VersioningOverride message", () => {
    it.effect("AutoUpgrade, written with the deprecated behavior too", () =>
      Effect.sync(() => {
        const proto = Convert.versioningOverrideToProto("AutoUpgrade")
        assert.deepStrictEqual(proto, {
          autoUpgrade: true,
          behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE
        })
        assert.strictEqual(Convert.versioningOverrideFromProto(proto), "AutoUpgrade")
        assert.strictEqual(Convert.versioningOverrideFromProto({ autoUpgrade: true }), "AutoUpgrade")
        assert.strictEqual(
          Convert.versioningOverrideFromProto({ behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE }),
          "AutoUpgrade"
        )
      }))

    it.effect("Pinned, with the deprecated pinnedVersion and behavior", () =>
      Effect.sync(() => {
        const pinned = { _tag: "Pinned", version: { deploymentName: "deploy", buildId: "b.1" } } as const
        const proto = Convert.versioningOverrideToProto(pinned)
        assert.deepStrictEqual(proto, {
          pinned: {
            version: { deploymentName: "deploy", buildId: "b.1" },
            behavior: ProtoRoot.temporal().api.workflow.v1.VersioningOverride.PinnedOverrideBehavior
              .PINNED_OVERRIDE_BEHAVIOR_PINNED
          },
          behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_PINNED,
          pinnedVersion: "deploy.b.1"
        })
        const wire = roundTrip(ProtoRoot.temporal().api.workflow.v1.VersioningOverride, proto)
        assert.deepStrictEqual(Convert.versioningOverrideFromProto(wire), pinned)
        // older forms
        assert.deepStrictEqual(Convert.versioningOverrideFromProto({ pinnedVersion: "deploy.b.1" }), pinned)
        assert.deepStrictEqual(
          Convert.versioningOverrideFromProto({ deployment: { seriesName: "deploy", buildId: "b.1" } }),
          pinned
        )
        assert.isUndefined(Convert.versioningOverrideFromProto({}))
        assert.isUndefined(Convert.versioningOverrideFromProto({ pinnedVersion: "nodot" }))
        assert.isUndefined(Convert.versioningOverrideFromProto(null))
      }))
  })
})

describe("convert/workflow: requests", () => {
  const summary = jsonPayload("sum")
  const details = jsonPayload("details")
  const header = { tracing: jsonPayload({ span: 1 }) }

  const fullOptions = Options.validateStartWorkflowOptions({
    id: "wf-1",
    taskQueue: "tq",
    args: ["World"],
    executionTimeout: "1 hour",
    runTimeout: "30 minutes",
    taskTimeout: "10 seconds",
    idReusePolicy: "RejectDuplicate",
    idConflictPolicy: "UseExisting",
    retryPolicy: { initialInterval: "1 second", backoffCoefficient: 2, maximumAttempts: 3 },
    cronSchedule: "@hourly",
    priority: { priorityKey: 1 },
    versioningOverride: "AutoUpgrade",
    headers: header,
    requestEagerStart: true
  })

  const fullInput: Effect.Effect<ConvertWorkflow.StartWorkflowRequestInput, InvalidArgumentError> = Effect.map(
    fullOptions,
    (options) => ({
      namespace: "ns",
      identity: "1@host",
      requestId: "req-made",
      workflowType: "Greet",
      options,
      input: [jsonPayload("World")],
      memo: { m: jsonPayload(1) },
      searchAttributes: { CustomKeywordField: jsonPayload("k", { type: "Keyword" }) },
      staticSummary: summary,
      staticDetails: details
    })
  )

  it.effect("StartWorkflowExecutionRequest, field by field", () =>
    Effect.gen(function*() {
      const input = yield* fullInput
      const request = ConvertWorkflow.toStartWorkflowExecutionRequest(input)
      assert.strictEqual(request.namespace, "ns")
      assert.strictEqual(request.workflowId, "wf-1")
      assert.deepStrictEqual(request.workflowType, { name: "Greet" })
      assert.deepStrictEqual(request.taskQueue, { name: "tq" })
      assert.deepStrictEqual(request.input, { payloads: [jsonPayload("World")] })
      assert.strictEqual(Convert.int64ToNumber(request.workflowExecutionTimeout!.seconds), 3600)
      assert.strictEqual(Convert.int64ToNumber(request.workflowRunTimeout!.seconds), 1800)
      assert.strictEqual(Convert.int64ToNumber(request.workflowTaskTimeout!.seconds), 10)
      assert.strictEqual(request.identity, "1@host")
      assert.strictEqual(request.requestId, "req-made")
      assert.strictEqual(
        request.workflowIdReusePolicy,
        Enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
      )
      assert.strictEqual(
        request.workflowIdConflictPolicy,
        Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
      )
      assert.strictEqual(Convert.int64ToNumber(request.retryPolicy!.initialInterval!.seconds), 1)
      assert.strictEqual(request.retryPolicy!.backoffCoefficient, 2)
      assert.strictEqual(request.retryPolicy!.maximumAttempts, 3)
      assert.strictEqual(request.cronSchedule, "@hourly")
      assert.deepStrictEqual(request.memo, { fields: { m: jsonPayload(1) } })
      assert.deepStrictEqual(request.searchAttributes, {
        indexedFields: { CustomKeywordField: jsonPayload("k", { type: "Keyword" }) }
      })
      assert.deepStrictEqual(request.header, { fields: header })
      assert.isUndefined(request.requestEagerExecution, "eager start is asked for but never sent: no worker here")
      assert.isUndefined(request.workflowStartDelay)
      assert.deepStrictEqual(request.userMetadata, { summary, details })
      assert.deepStrictEqual(request.versioningOverride, Convert.versioningOverrideToProto("AutoUpgrade"))
      assert.deepStrictEqual(request.priority, { priorityKey: 1 })

      // and it is a valid message on the wire
      const decoded = roundTrip(WorkflowService.StartWorkflowExecutionRequest, request)
      assert.strictEqual(decoded.workflowId, "wf-1")
      assert.strictEqual(Convert.int64ToNumber(decoded.workflowExecutionTimeout!.seconds), 3600)
      assert.strictEqual(decoded.requestEagerExecution, false)
    }))

  it.effect("minimal options leave everything optional unset", () =>
    Effect.gen(function*() {
      const options = yield* Options.validateStartWorkflowOptions({ id: "wf-2", taskQueue: "tq" })
      const request = ConvertWorkflow.toStartWorkflowExecutionRequest({
        namespace: "ns",
        identity: "me",
        requestId: "r",
        workflowType: "T",
        options,
        input: []
      })
      assert.deepStrictEqual(request, {
        namespace: "ns",
        workflowId: "wf-2",
        workflowType: { name: "T" },
        taskQueue: { name: "tq" },
        identity: "me",
        requestId: "r"
      })
    }))

  it.effect("the options' requestId wins over the one made for the call; start delay and summary alone", () =>
    Effect.gen(function*() {
      const options = yield* Options.validateStartWorkflowOptions({
        id: "wf-3",
        taskQueue: "tq",
        requestId: "mine",
        startDelay: [2, 5]
      })
      const request = ConvertWorkflow.toStartWorkflowExecutionRequest({
        namespace: "ns",
        identity: "me",
        requestId: "made",
        workflowType: "T",
        options,
        staticSummary: summary,
        header: {}
      })
      assert.strictEqual(request.requestId, "mine")
      assert.strictEqual(Convert.int64ToNumber(request.workflowStartDelay!.seconds), 2)
      assert.strictEqual(request.workflowStartDelay!.nanos, 5)
      assert.deepStrictEqual(request.userMetadata, { summary })
      assert.deepStrictEqual(request.header, { fields: {} })
    }))

  it.effect("the header given (after interceptors) wins over options.headers", () =>
    Effect.gen(function*() {
      const input = yield* fullInput
      const request = ConvertWorkflow.toStartWorkflowExecutionRequest({ ...input, header: { other: summary } })
      assert.deepStrictEqual(request.header, { fields: { other: summary } })
    }))

  it.effect("pinned versioning override and every timeout with nanos", () =>
    Effect.gen(function*() {
      const options = yield* Options.validateStartWorkflowOptions({
        id: "wf-4",
        taskQueue: "tq",
        executionTimeout: BigInt(1_000_000_001),
        versioningOverride: { _tag: "Pinned", version: { deploymentName: "d", buildId: "b" } }
      })
      const request = ConvertWorkflow.toStartWorkflowExecutionRequest({
        namespace: "ns",
        identity: "me",
        requestId: "r",
        workflowType: "T",
        options
      })
      assert.strictEqual(Convert.int64ToNumber(request.workflowExecutionTimeout!.seconds), 1)
      assert.strictEqual(request.workflowExecutionTimeout!.nanos, 1)
      assert.strictEqual(request.versioningOverride!.pinnedVersion, "d.b")
    }))

  it.effect("SignalWithStartWorkflowExecutionRequest carries the start fields and the signal", () =>
    Effect.gen(function*() {
      const options = yield* Options.validateStartWorkflowOptions({
        id: "wf-5",
        taskQueue: "tq",
        startSignal: "approve",
        startSignalArgs: [{ by: "ops" }],
        idConflictPolicy: "UseExisting",
        executionTimeout: "1 minute",
        memo: { m: 1 }
      })
      const signalInput = [jsonPayload({ by: "ops" })]
      const request = ConvertWorkflow.toSignalWithStartWorkflowExecutionRequest({
        namespace: "ns",
        identity: "me",
        requestId: "r",
        workflowType: "Greet",
        options,
        input: [jsonPayload("World")],
        memo: { m: jsonPayload(1) },
        signalName: options.startSignal!,
        signalInput
      })
      assert.strictEqual(request.signalName, "approve")
      assert.deepStrictEqual(request.signalInput, { payloads: signalInput })
      assert.strictEqual(request.workflowId, "wf-5")
      assert.deepStrictEqual(request.workflowType, { name: "Greet" })
      assert.deepStrictEqual(request.input, { payloads: [jsonPayload("World")] })
      assert.strictEqual(
        request.workflowIdConflictPolicy,
        Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
      )
      assert.strictEqual(Convert.int64ToNumber(request.workflowExecutionTimeout!.seconds), 60)
      assert.deepStrictEqual(request.memo, { fields: { m: jsonPayload(1) } })
      assert.isFalse("requestEagerExecution" in request)
      const decoded = roundTrip(WorkflowService.SignalWithStartWorkflowExecutionRequest, request)
      assert.strictEqual(decoded.signalName, "approve")

      const noArgs = ConvertWorkflow.toSignalWithStartWorkflowExecutionRequest({
        namespace: "ns",
        identity: "me",
        requestId: "r",
        workflowType: "Greet",
        options,
        signalName: "approve",
        signalInput: []
      })
      assert.isFalse("signalInput" in noArgs)
    }))
})

describe("convert/workflow: executions", () => {
  const start = new Date("2024-01-01T00:00:00.000Z")
  const execution = new Date("2024-01-01T00:00:05.000Z")
  const close = new Date("2024-01-01T00:01:00.500Z")

  const info: temporal.api.workflow.v1.IWorkflowExecutionInfo = {
    execution: { workflowId: "wf-1", runId: "run-1" },
    type: { name: "Greet" },
    startTime: Convert.timestampToProto(start),
    closeTime: Convert.timestampToProto(close),
    executionTime: Convert.timestampToProto(execution),
    status: Enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
    historyLength: long(12),
    historySizeBytes: long(4096),
    parentExecution: { workflowId: "parent", runId: "parent-run" },
    rootExecution: { workflowId: "root", runId: "root-run" },
    firstRunId: "run-0",
    taskQueue: "tq",
    memo: { fields: { note: jsonPayload("hello") } },
    searchAttributes: {
      indexedFields: {
        CustomKeywordField: jsonPayload("k", { type: "Keyword" }),
        CustomIntField: jsonPayload(7, { type: "Int" }),
        Untyped: jsonPayload(["a", "b"])
      }
    }
  }

  it.effect("WorkflowExecutionInfo → WorkflowExecution, field by field (through the wire)", () =>
    Effect.sync(() => {
      const wire = roundTrip(ProtoRoot.temporal().api.workflow.v1.WorkflowExecutionInfo, info)
      const result = ConvertWorkflow.workflowExecutionFromProto(wire, "ns")
      assert.instanceOf(result, WorkflowExecution.WorkflowExecution)
      assert.strictEqual(result.id, "wf-1")
      assert.strictEqual(result.runId, "run-1")
      assert.strictEqual(result.workflowType, "Greet")
      assert.strictEqual(result.taskQueue, "tq")
      assert.strictEqual(result.status, "Completed")
      assert.strictEqual(result.startTime.toISOString(), start.toISOString())
      assert.strictEqual(result.executionTime!.toISOString(), execution.toISOString())
      assert.strictEqual(result.closeTime!.toISOString(), close.toISOString())
      assert.strictEqual(result.historyLength, 12)
      assert.strictEqual(result.historySizeBytes, 4096)
      assert.strictEqual(result.parentId, "parent")
      assert.strictEqual(result.parentRunId, "parent-run")
      assert.strictEqual(result.rootId, "root")
      assert.strictEqual(result.rootRunId, "root-run")
      assert.strictEqual(result.firstRunId, "run-0")
      assert.strictEqual(result.namespace, "ns")
      assert.deepStrictEqual(result.searchAttributes, {
        CustomKeywordField: "k",
        CustomIntField: 7,
        Untyped: ["a", "b"]
      })
      assert.deepStrictEqual(
        result.typedSearchAttributes.get(SearchAttributes.SearchAttributeKey.keyword("CustomKeywordField")),
        Option.some("k")
      )
      assert.strictEqual(result.typedSearchAttributes.size, 2)
      assert.deepStrictEqual(Object.keys(result.rawSearchAttributes).sort(), [
        "CustomIntField",
        "CustomKeywordField",
        "Untyped"
      ])
      assert.deepStrictEqual(Object.keys(result.rawMemo), ["note"])
      assert.strictEqual(decoder.decode(result.rawMemo["note"]!.data!), "\"hello\"")
      assert.strictEqual(result.rawInfo, wire)
    }))

  it.effect("a running, top-level execution has no close time, parent or root; unknown status is absent", () =>
    Effect.sync(() => {
      const running = ConvertWorkflow.workflowExecutionFromProto(
        roundTrip(ProtoRoot.temporal().api.workflow.v1.WorkflowExecutionInfo, {
          execution: { workflowId: "wf", runId: "r" },
          type: { name: "T" },
          startTime: Convert.timestampToProto(start),
          status: Enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          taskQueue: "tq"
        }),
        "ns"
      )
      assert.strictEqual(running.status, "Running")
      for (
        const key of ["closeTime", "executionTime", "parentId", "parentRunId", "rootId", "rootRunId", "firstRunId"]
      ) {
        assert.isFalse(key in running && (running as unknown as Record<string, unknown>)[key] !== undefined, key)
      }
      assert.strictEqual(running.historyLength, 0)
      assert.deepStrictEqual(running.searchAttributes, {})
      assert.deepStrictEqual(running.rawMemo, {})

      const odd = ConvertWorkflow.workflowExecutionFromProto({ status: 42 as never }, "ns")
      assert.isUndefined(odd.status)
      assert.strictEqual(odd.startTime.getTime(), 0)
      assert.strictEqual(odd.id, "")
    }))

  it.effect("every status value", () =>
    Effect.sync(() => {
      for (const [literal, number] of Object.entries(Convert.WorkflowExecutionStatusProto.mapping)) {
        const result = ConvertWorkflow.workflowExecutionFromProto({ status: number }, "ns")
        assert.strictEqual(result.status, literal)
      }
    }))

  it.effect("memo values decode lazily with a given payload decoder", () =>
    Effect.gen(function*() {
      const result = ConvertWorkflow.workflowExecutionFromProto(info, "ns")
      const fromPayload = (p: Payload) => Effect.succeed(JSON.parse(decoder.decode(p.data!)) as unknown)
      assert.deepStrictEqual(yield* WorkflowExecution.decodeMemo(result, fromPayload), { note: "hello" })
      assert.deepStrictEqual(
        yield* WorkflowExecution.decodeMemoValue(result, "note", fromPayload),
        Option.some("hello")
      )
      assert.deepStrictEqual(yield* WorkflowExecution.decodeMemoValue(result, "nope", fromPayload), Option.none())
      const failing = (_: Payload) => Effect.fail("boom" as const)
      assert.strictEqual(yield* Effect.flip(WorkflowExecution.decodeMemo(result, failing)), "boom")
    }))

  const describeResponse: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse = {
    workflowExecutionInfo: info,
    executionConfig: {
      taskQueue: { name: "tq" },
      workflowExecutionTimeout: Convert.durationToProto("1 hour"),
      workflowRunTimeout: { seconds: long(0), nanos: 0 },
      defaultWorkflowTaskTimeout: Convert.durationToProto("10 seconds"),
      userMetadata: { summary: jsonPayload("the summary"), details: jsonPayload({ not: "text" }) }
    },
    pendingActivities: [{ activityId: "a1" }, { activityId: "a2" }],
    pendingChildren: [{ workflowId: "c1" }],
    pendingNexusOperations: []
  }

  it.effect("DescribeWorkflowExecutionResponse → WorkflowExecutionDescription", () =>
    Effect.sync(() => {
      const wire = roundTrip(WorkflowService.DescribeWorkflowExecutionResponse, describeResponse)
      const description = ConvertWorkflow.workflowExecutionDescriptionFromProto(wire, "ns")
      assert.instanceOf(description, WorkflowExecution.WorkflowExecutionDescription)
      assert.instanceOf(description, WorkflowExecution.WorkflowExecution)
      assert.strictEqual(description.id, "wf-1")
      assert.strictEqual(description.status, "Completed")
      assert.strictEqual(description.historyLength, 12)
      assert.strictEqual(description.pendingActivityCount, 2)
      assert.strictEqual(description.pendingChildrenCount, 1)
      assert.strictEqual(description.pendingNexusOperationCount, 0)
      assert.isTrue(Duration.equals(description.executionTimeout!, Duration.hours(1)))
      assert.isUndefined(description.runTimeout, "a zero timeout means none")
      assert.isTrue(Duration.equals(description.taskTimeout!, Duration.seconds(10)))
      assert.strictEqual(decoder.decode(description.rawStaticSummary!.data!), "\"the summary\"")
      assert.isDefined(description.rawStaticDetails)
      assert.isUndefined(description.staticSummary)
      assert.strictEqual(description.rawDescription, wire)

      const empty = ConvertWorkflow.workflowExecutionDescriptionFromProto({}, "ns")
      assert.strictEqual(empty.pendingActivityCount, 0)
      assert.isUndefined(empty.executionTimeout)
      assert.isUndefined(empty.rawStaticSummary)
    }))

  /** A converter reading JSON payloads, for the decoding steps of describe. */
  const jsonConverter = (() => {
    const fromPayload = (p: Payload) => Effect.succeed(JSON.parse(decoder.decode(p.data!)) as unknown)
    return {
      fromPayload,
      fromPayloads: (ps: ReadonlyArray<Payload>) => Effect.forEach(ps, fromPayload),
      fromFailure: () => Effect.die("no failures here")
    } as unknown as Pick<DataConverter.Service, "fromPayload" | "fromPayloads" | "fromFailure">
  })()

  it.effect("decodeDescription decodes the static summary and details with the data converter", () =>
    Effect.gen(function*() {
      const description = yield* ConvertWorkflow.decodeDescription(jsonConverter, describeResponse, "ns")
      assert.strictEqual(description.staticSummary, "the summary")
      assert.deepStrictEqual(description.pendingActivities.map((activity) => activity.activityId), ["a1", "a2"])
      assert.deepStrictEqual(description.pendingChildren.map((child) => child.workflowId), ["c1"])
      assert.deepStrictEqual(description.callbacks, [])
      assert.isUndefined(description.staticDetails, "details that are not text stay raw only")
      assert.strictEqual(description.namespace, "ns")
    }))

  it.effect("results are built without a second parse, and equal what the parsing constructor builds", () =>
    Effect.gen(function*() {
      const response = roundTrip(WorkflowService.DescribeWorkflowExecutionResponse, {
        ...describeResponse,
        pendingActivities: [{
          activityId: "a1",
          activityType: { name: "Charge" },
          state: Enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
          attempt: 2,
          heartbeatDetails: { payloads: [jsonPayload({ progress: 3 })] },
          scheduledTime: Convert.timestampToProto(start),
          lastWorkerIdentity: "worker-1"
        }],
        pendingChildren: [{
          workflowId: "c1",
          runId: "c1-run",
          workflowTypeName: "Child",
          initiatedId: long(5),
          parentClosePolicy: Enums.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON
        }],
        callbacks: [{
          callback: { nexus: { url: "http://callback" } },
          state: Enums.CallbackState.CALLBACK_STATE_SCHEDULED,
          attempt: 1,
          registrationTime: Convert.timestampToProto(start)
        }]
      })
      const description = yield* ConvertWorkflow.decodeDescription(jsonConverter, response, "ns")
      const listed = ConvertWorkflow.workflowExecutionFromProto(response.workflowExecutionInfo!, "ns")
      const models: ReadonlyArray<readonly [object, new(fields: never) => object]> = [
        [description, WorkflowExecution.WorkflowExecutionDescription],
        [listed, WorkflowExecution.WorkflowExecution],
        [description.pendingActivities[0]!, WorkflowExecution.PendingActivity],
        [description.pendingChildren[0]!, WorkflowExecution.PendingChildWorkflow],
        [description.callbacks[0]!, WorkflowExecution.WorkflowCallback]
      ]
      for (const [model, Class] of models) {
        assert.strictEqual(Object.getPrototypeOf(model), Class.prototype, Class.name)
        // The parsing constructor accepts the fields as they are (it throws on a wrong one) ...
        const parsed = new Class({ ...model } as never)
        // ... and builds the same instance: the same own fields, the same values, equal by Equal.
        assert.deepStrictEqual(Object.keys(parsed).sort(), Object.keys(model).sort(), Class.name)
        assert.deepStrictEqual(parsed, model, Class.name)
        assert.isTrue(Equal.equals(parsed, model), Class.name)
      }
      assert.strictEqual(description.pendingActivities[0]!.state, "Started")
      assert.strictEqual(description.pendingChildren[0]!.parentClosePolicy, "Abandon")
      assert.strictEqual(description.callbacks[0]!.url, "http://callback")
    }))

  it.effect("CountWorkflowExecutionsResponse → WorkflowExecutionCount", () =>
    Effect.sync(() => {
      const response = roundTrip(WorkflowService.CountWorkflowExecutionsResponse, {
        count: long(10),
        groups: [
          { groupValues: [jsonPayload("Running", { type: "Keyword" })], count: long(7) },
          {
            groupValues: [jsonPayload("Completed", { type: "Keyword" }), jsonPayload(3, { type: "Int" })],
            count: long(3)
          }
        ]
      })
      const count = ConvertWorkflow.workflowExecutionCountFromProto(response)
      assert.instanceOf(count, WorkflowExecution.WorkflowExecutionCount)
      assert.strictEqual(count.count, 10)
      assert.strictEqual(count.groups.length, 2)
      assert.deepStrictEqual(count.groups[0]!.groupValues, ["Running"])
      assert.strictEqual(count.groups[0]!.count, 7)
      assert.deepStrictEqual(count.groups[1]!.groupValues, ["Completed", 3])
      assert.strictEqual(count.groups[1]!.count, 3)

      const none = ConvertWorkflow.workflowExecutionCountFromProto({})
      assert.strictEqual(none.count, 0)
      assert.deepStrictEqual(none.groups, [])
    }))
})
