import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { expectTypeOf } from "vitest"
import * as Common from "../../src/schema/Common.js"
import type { InvalidArgumentError } from "../../src/schema/TemporalError.js"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"
import * as Options from "../../src/schema/WorkflowOptions.js"

const base = { id: "wf-1", taskQueue: "tq" } as const

/** Options as a caller without types (plain JS, JSON config) could pass them. */
const loose = (o: Record<string, unknown>): Options.StartWorkflowOptions => ({ ...base, ...o }) as never

const validate = (o: Record<string, unknown>) => Options.validateStartWorkflowOptions(loose(o))

const failsOn = <A>(effect: Effect.Effect<A, InvalidArgumentError>, field: string, reason?: RegExp) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    assert.strictEqual(error._tag, "InvalidArgumentError")
    assert.strictEqual(error.field, field)
    if (reason !== undefined) assert.match(error.reason, reason)
    return error
  })

const Greet = WorkflowDefinition.make("Greet", {
  args: [Schema.String],
  result: Schema.String,
  signals: { approve: [Schema.Struct({ by: Schema.String })] }
})

describe("validateStartWorkflowOptions", () => {
  it.effect("minimal options: id and task queue, defaults filled", () =>
    Effect.gen(function*() {
      const validated = yield* Options.validateStartWorkflowOptions({ id: "wf-1", taskQueue: "tq" })
      assert.deepStrictEqual(validated, {
        id: "wf-1",
        taskQueue: "tq",
        args: [],
        startSignalArgs: [],
        requestEagerStart: false
      })
    }))

  it.effect("every option, decoded", () =>
    Effect.gen(function*() {
      const headers = { h: { metadata: {}, data: new Uint8Array([1]) } }
      const validated = yield* Options.validateStartWorkflowOptions<typeof Greet, "approve">({
        id: "wf-1",
        taskQueue: "tq",
        args: ["World"],
        executionTimeout: "1 hour",
        runTimeout: 60_000,
        taskTimeout: Duration.seconds(10),
        idReusePolicy: "AllowDuplicateFailedOnly",
        idConflictPolicy: "UseExisting",
        retryPolicy: { initialInterval: "1 second", backoffCoefficient: 1.5, maximumInterval: "10 seconds" },
        memo: { a: 1 },
        searchAttributes: { CustomKeyword: "k" },
        staticSummary: "sum",
        staticDetails: "details",
        startDelay: "5 seconds",
        startSignal: "approve",
        startSignalArgs: [{ by: "ops" }],
        priority: { priorityKey: 1, fairnessKey: "tenant", fairnessWeight: 2 },
        versioningOverride: "AutoUpgrade",
        requestId: "req-1",
        headers,
        rpcMetadata: { k: "v" },
        rpcTimeout: "3 seconds"
      })
      assert.deepStrictEqual(validated.args, ["World"])
      assert.isTrue(Duration.equals(validated.executionTimeout!, Duration.hours(1)))
      assert.isTrue(Duration.equals(validated.runTimeout!, Duration.minutes(1)))
      assert.isTrue(Duration.equals(validated.taskTimeout!, Duration.seconds(10)))
      assert.strictEqual(validated.idReusePolicy, "AllowDuplicateFailedOnly")
      assert.strictEqual(validated.idConflictPolicy, "UseExisting")
      assert.isTrue(Duration.equals(validated.retryPolicy!.initialInterval!, Duration.seconds(1)))
      assert.isTrue(Duration.equals(validated.retryPolicy!.maximumInterval!, Duration.seconds(10)))
      assert.strictEqual(validated.retryPolicy!.backoffCoefficient, 1.5)
      assert.deepStrictEqual(validated.memo, { a: 1 })
      assert.deepStrictEqual(validated.searchAttributes, { CustomKeyword: "k" })
      assert.strictEqual(validated.staticSummary, "sum")
      assert.strictEqual(validated.staticDetails, "details")
      assert.isTrue(Duration.equals(validated.startDelay!, Duration.seconds(5)))
      assert.strictEqual(validated.startSignal, "approve")
      assert.deepStrictEqual(validated.startSignalArgs, [{ by: "ops" }])
      assert.isFalse(validated.requestEagerStart)
      assert.deepStrictEqual(validated.priority, { priorityKey: 1, fairnessKey: "tenant", fairnessWeight: 2 })
      assert.strictEqual(validated.versioningOverride, "AutoUpgrade")
      assert.strictEqual(validated.requestId, "req-1")
      assert.strictEqual(validated.headers, headers)
      assert.deepStrictEqual(validated.rpcMetadata, { k: "v" })
      assert.isTrue(Duration.equals(validated.rpcTimeout!, Duration.seconds(3)))
    }))

  describe("id and taskQueue", () => {
    it.effect("id must be a non-empty string", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ id: "" }), "id", /empty/)
        yield* failsOn(validate({ id: undefined }), "id", /string/)
        yield* failsOn(validate({ id: 42 }), "id", /string/)
      }))

    it.effect("taskQueue must be a non-empty string without the reserved prefix", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ taskQueue: "" }), "taskQueue", /empty/)
        yield* failsOn(validate({ taskQueue: undefined }), "taskQueue")
        yield* failsOn(validate({ taskQueue: "/_sys/tq" }), "taskQueue", /reserved/)
      }))

    it.effect("options must be an object, args an array", () =>
      Effect.gen(function*() {
        yield* failsOn(Options.validateStartWorkflowOptions(null as never), "options")
        yield* failsOn(validate({ args: "x" }), "args", /array/)
      }))
  })

  describe("timeouts", () => {
    for (const field of ["executionTimeout", "runTimeout", "taskTimeout"] as const) {
      it.effect(`${field} must be a positive, valid duration`, () =>
        Effect.gen(function*() {
          yield* failsOn(validate({ [field]: 0 }), field, /positive/)
          yield* failsOn(validate({ [field]: "0 seconds" }), field, /positive/)
          yield* failsOn(validate({ [field]: -1 }), field, /negative/)
          yield* failsOn(validate({ [field]: "-5 seconds" }), field, /negative/)
          yield* failsOn(validate({ [field]: BigInt(-1) }), field, /negative/)
          yield* failsOn(validate({ [field]: [-1, 0] }), field, /negative/)
          yield* failsOn(validate({ [field]: Number.NaN }), field, /NaN/)
          yield* failsOn(validate({ [field]: "soon" }), field, /Expected DurationInput, got "soon"/)
          const ok = yield* validate({ [field]: [1, 500] })
          assert.isTrue(Duration.equals(ok[field]!, Duration.nanos(BigInt(1_000_000_500))))
        }))
    }

    it.effect("an infinite execution or run timeout means none", () =>
      Effect.gen(function*() {
        const validated = yield* validate({ executionTimeout: Duration.infinity, runTimeout: Infinity })
        assert.isUndefined(validated.executionTimeout)
        assert.isUndefined(validated.runTimeout)
        assert.isFalse("executionTimeout" in validated)
      }))

    it.effect("rpcTimeout must be positive; infinite is allowed", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ rpcTimeout: 0 }), "rpcTimeout", /positive/)
        yield* failsOn(validate({ rpcTimeout: -3 }), "rpcTimeout", /negative/)
        const validated = yield* validate({ rpcTimeout: Duration.infinity })
        assert.isFalse(Duration.isFinite(validated.rpcTimeout!))
      }))
  })

  describe("ID policies (server rules)", () => {
    it.effect("unknown policy names are refused", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ idReusePolicy: "ALLOW_DUPLICATE" }), "idReusePolicy", /one of/)
        yield* failsOn(validate({ idConflictPolicy: "Whatever" }), "idConflictPolicy", /one of/)
      }))

    it.effect("every policy alone is accepted", () =>
      Effect.gen(function*() {
        for (const idReusePolicy of Common.WorkflowIdReusePolicy.literals) {
          const validated = yield* validate({ idReusePolicy })
          assert.strictEqual(validated.idReusePolicy, idReusePolicy)
        }
        for (const idConflictPolicy of Common.WorkflowIdConflictPolicy.literals) {
          const validated = yield* validate({ idConflictPolicy })
          assert.strictEqual(validated.idConflictPolicy, idConflictPolicy)
        }
      }))

    it.effect("TerminateIfRunning cannot be combined with any idConflictPolicy", () =>
      Effect.gen(function*() {
        for (const idConflictPolicy of Common.WorkflowIdConflictPolicy.literals) {
          yield* failsOn(
            validate({ idReusePolicy: "TerminateIfRunning", idConflictPolicy }),
            "idReusePolicy",
            /TerminateExisting/
          )
        }
      }))

    it.effect("RejectDuplicate cannot be combined with TerminateExisting", () =>
      Effect.gen(function*() {
        yield* failsOn(
          validate({ idReusePolicy: "RejectDuplicate", idConflictPolicy: "TerminateExisting" }),
          "idReusePolicy"
        )
        yield* validate({ idReusePolicy: "RejectDuplicate", idConflictPolicy: "UseExisting" })
        yield* validate({ idReusePolicy: "RejectDuplicate", idConflictPolicy: "Fail" })
        yield* validate({ idReusePolicy: "AllowDuplicate", idConflictPolicy: "TerminateExisting" })
      }))
  })

  describe("retryPolicy", () => {
    it.effect("backoffCoefficient must be at least 1", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ retryPolicy: { backoffCoefficient: 0.5 } }), "retryPolicy.backoffCoefficient")
        yield* failsOn(validate({ retryPolicy: { backoffCoefficient: 0 } }), "retryPolicy.backoffCoefficient")
        yield* failsOn(validate({ retryPolicy: { backoffCoefficient: Number.NaN } }), "retryPolicy.backoffCoefficient")
        yield* failsOn(validate({ retryPolicy: { backoffCoefficient: Infinity } }), "retryPolicy.backoffCoefficient")
        const ok = yield* validate({ retryPolicy: { backoffCoefficient: 1 } })
        assert.strictEqual(ok.retryPolicy!.backoffCoefficient, 1)
      }))

    it.effect("maximumAttempts must be a non-negative integer (0 = unlimited)", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ retryPolicy: { maximumAttempts: -1 } }), "retryPolicy.maximumAttempts")
        yield* failsOn(validate({ retryPolicy: { maximumAttempts: 1.5 } }), "retryPolicy.maximumAttempts")
        yield* failsOn(validate({ retryPolicy: { maximumAttempts: 2 ** 31 } }), "retryPolicy.maximumAttempts")
        const ok = yield* validate({ retryPolicy: { maximumAttempts: 0 } })
        assert.strictEqual(ok.retryPolicy!.maximumAttempts, 0)
      }))

    it.effect("maximumInterval must not be less than initialInterval", () =>
      Effect.gen(function*() {
        yield* failsOn(
          validate({ retryPolicy: { initialInterval: "2 seconds", maximumInterval: "1 second" } }),
          "retryPolicy.maximumInterval",
          /less than initialInterval/
        )
        const ok = yield* validate({ retryPolicy: { initialInterval: "2 seconds", maximumInterval: 2000 } })
        assert.isTrue(Duration.equals(ok.retryPolicy!.maximumInterval!, Duration.seconds(2)))
      }))

    it.effect("intervals must be positive, finite durations", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ retryPolicy: { initialInterval: 0 } }), "retryPolicy.initialInterval", /positive/)
        yield* failsOn(validate({ retryPolicy: { initialInterval: -1 } }), "retryPolicy.initialInterval", /negative/)
        yield* failsOn(
          validate({ retryPolicy: { maximumInterval: Duration.infinity } }),
          "retryPolicy.maximumInterval",
          /finite/
        )
      }))

    it.effect("nonRetryableErrorTypes must be strings; the policy an object", () =>
      Effect.gen(function*() {
        yield* failsOn(
          validate({ retryPolicy: { nonRetryableErrorTypes: ["A", 1] } }),
          "retryPolicy.nonRetryableErrorTypes[1]",
          /string/
        )
        yield* failsOn(validate({ retryPolicy: "never" }), "retryPolicy")
        const ok = yield* validate({ retryPolicy: { nonRetryableErrorTypes: ["A", "B"] } })
        assert.deepStrictEqual(ok.retryPolicy!.nonRetryableErrorTypes, ["A", "B"])
      }))

    it.effect("an empty policy is valid", () =>
      Effect.gen(function*() {
        const ok = yield* validate({ retryPolicy: {} })
        assert.deepStrictEqual(ok.retryPolicy, {})
      }))
  })

  describe("cronSchedule and startDelay", () => {
    it.effect("accepts five-field expressions, descriptors, @every and a time zone prefix", () =>
      Effect.gen(function*() {
        for (
          const cron of [
            "0 * * * *",
            "*/15 * * * *",
            "0 9 * * MON-FRI",
            "0 0 1 JAN ?",
            "5,10 0-6/2 1 * *",
            "@yearly",
            "@annually",
            "@monthly",
            "@weekly",
            "@daily",
            "@midnight",
            "@hourly",
            "@every 1h30m",
            "@every 0.5s",
            "CRON_TZ=Europe/Paris 0 9 * * *",
            "TZ=UTC @daily"
          ]
        ) {
          const validated = yield* validate({ cronSchedule: cron })
          assert.strictEqual(validated.cronSchedule, cron)
        }
      }))

    it.effect("refuses other field counts, unknown descriptors, bad characters", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ cronSchedule: "0 * * *" }), "cronSchedule", /exactly 5 fields/)
        yield* failsOn(validate({ cronSchedule: "0 0 * * * *" }), "cronSchedule", /exactly 5 fields/)
        yield* failsOn(validate({ cronSchedule: "0 0 * * * * 2030" }), "cronSchedule", /exactly 5 fields/)
        yield* failsOn(validate({ cronSchedule: "@sometimes" }), "cronSchedule", /descriptor/)
        yield* failsOn(validate({ cronSchedule: "@every soon" }), "cronSchedule", /@every/)
        yield* failsOn(validate({ cronSchedule: "0 * * * $" }), "cronSchedule", /invalid field/)
        yield* failsOn(validate({ cronSchedule: "TZ= 0 * * * *" }), "cronSchedule", /time zone/)
        yield* failsOn(validate({ cronSchedule: "CRON_TZ=UTC" }), "cronSchedule", /time zone/)
        yield* failsOn(validate({ cronSchedule: "   " }), "cronSchedule", /empty/)
        yield* failsOn(validate({ cronSchedule: 5 }), "cronSchedule", /string/)
      }))

    it.effect("an empty cron schedule means none (as in the Python SDK)", () =>
      Effect.gen(function*() {
        const validated = yield* validate({ cronSchedule: "" })
        assert.isFalse("cronSchedule" in validated)
      }))

    it.effect("startDelay cannot be combined with cronSchedule", () =>
      Effect.gen(function*() {
        yield* failsOn(
          validate({ cronSchedule: "@hourly", startDelay: "1 minute" }),
          "startDelay",
          /cronSchedule/
        )
      }))

    it.effect("a zero startDelay means none (and is fine with cron); negative or infinite is refused", () =>
      Effect.gen(function*() {
        const validated = yield* validate({ cronSchedule: "@hourly", startDelay: 0 })
        assert.isFalse("startDelay" in validated)
        yield* failsOn(validate({ startDelay: -1 }), "startDelay", /negative/)
        yield* failsOn(validate({ startDelay: Duration.infinity }), "startDelay", /finite/)
      }))
  })

  describe("start signal", () => {
    it.effect("cannot be combined with requestEagerStart", () =>
      Effect.gen(function*() {
        yield* failsOn(
          validate({ startSignal: "go", requestEagerStart: true }),
          "requestEagerStart",
          /startSignal/
        )
        const eager = yield* validate({ requestEagerStart: true })
        assert.isTrue(eager.requestEagerStart)
        const signal = yield* validate({ startSignal: "go", requestEagerStart: false })
        assert.strictEqual(signal.startSignal, "go")
      }))

    it.effect("cannot be combined with idConflictPolicy Fail (signal-with-start)", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ startSignal: "go", idConflictPolicy: "Fail" }), "idConflictPolicy", /Fail/)
        yield* validate({ startSignal: "go", idConflictPolicy: "UseExisting" })
        yield* validate({ startSignal: "go", idConflictPolicy: "TerminateExisting" })
      }))

    it.effect("must be a non-empty string; its args need it and must be an array", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ startSignal: "" }), "startSignal", /empty/)
        yield* failsOn(validate({ startSignalArgs: [1] }), "startSignalArgs", /without startSignal/)
        yield* failsOn(validate({ startSignal: "go", startSignalArgs: 1 }), "startSignalArgs", /array/)
      }))

    it.effect("requestEagerStart must be a boolean", () =>
      failsOn(validate({ requestEagerStart: "yes" }), "requestEagerStart"))
  })

  describe("priority", () => {
    it.effect("priorityKey must be a non-negative integer", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ priority: { priorityKey: -1 } }), "priority.priorityKey")
        yield* failsOn(validate({ priority: { priorityKey: 1.5 } }), "priority.priorityKey")
        yield* validate({ priority: { priorityKey: 0 } })
        yield* validate({ priority: { priorityKey: 5 } })
      }))

    it.effect("fairnessKey must be at most 64 bytes", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ priority: { fairnessKey: "x".repeat(65) } }), "priority.fairnessKey", /64 bytes/)
        yield* failsOn(validate({ priority: { fairnessKey: "é".repeat(33) } }), "priority.fairnessKey", /66/)
        yield* failsOn(validate({ priority: { fairnessKey: 1 } }), "priority.fairnessKey", /string/)
        yield* validate({ priority: { fairnessKey: "x".repeat(64) } })
      }))

    it.effect("fairnessWeight must be finite and not negative", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ priority: { fairnessWeight: -0.5 } }), "priority.fairnessWeight")
        yield* failsOn(validate({ priority: { fairnessWeight: Number.NaN } }), "priority.fairnessWeight")
        yield* failsOn(validate({ priority: "high" }), "priority")
        yield* validate({ priority: { fairnessWeight: 0.001 } })
      }))
  })

  describe("versioningOverride", () => {
    it.effect("AutoUpgrade or pinned to a full version", () =>
      Effect.gen(function*() {
        const pinned = Common.pinnedVersioningOverride({ deploymentName: "d", buildId: "b" })
        const validated = yield* validate({ versioningOverride: pinned })
        assert.deepStrictEqual(validated.versioningOverride, {
          _tag: "Pinned",
          version: { deploymentName: "d", buildId: "b" }
        })
        yield* failsOn(
          validate({ versioningOverride: { _tag: "Pinned", version: { deploymentName: "", buildId: "b" } } }),
          "versioningOverride.version.deploymentName"
        )
        yield* failsOn(
          validate({ versioningOverride: { _tag: "Pinned", version: { deploymentName: "d", buildId: "" } } }),
          "versioningOverride.version.buildId"
        )
        yield* failsOn(validate({ versioningOverride: "Pinned" }), "versioningOverride", /AutoUpgrade/)
        yield* failsOn(validate({ versioningOverride: { _tag: "Pinned" } }), "versioningOverride.version", /Missing/)
      }))
  })

  describe("other fields", () => {
    it.effect("requestId must not be empty", () => failsOn(validate({ requestId: "" }), "requestId"))

    it.effect("headers must be payloads, rpcMetadata strings, memo and search attributes records", () =>
      Effect.gen(function*() {
        yield* failsOn(validate({ headers: { a: "text" } }), "headers.a", /Payload/)
        yield* failsOn(validate({ headers: [] }), "headers", /record/)
        yield* failsOn(validate({ rpcMetadata: { a: 1 } }), "rpcMetadata.a", /string/)
        yield* failsOn(validate({ memo: [1] }), "memo", /record/)
        yield* failsOn(validate({ searchAttributes: "x" }), "searchAttributes", /record/)
        yield* failsOn(validate({ staticSummary: 1 }), "staticSummary", /string/)
        yield* failsOn(validate({ staticDetails: {} }), "staticDetails", /string/)
        yield* failsOn(validate({ memo: { "a\uD83D": 1 } }), "memo[\"a\\ud83d\"]", /^key contains a lone/)
        yield* failsOn(validate({ idReusePolicy: 1 }), "idReusePolicy", /^Expected one of "AllowDuplicate", /)
      }))
  })
})

describe("validateWithStartWorkflowOperationOptions", () => {
  it.effect("requires idConflictPolicy", () =>
    Effect.gen(function*() {
      yield* failsOn(
        Options.validateWithStartWorkflowOperationOptions({ ...base } as never),
        "idConflictPolicy",
        /required/
      )
      const ok = yield* Options.validateWithStartWorkflowOperationOptions({ ...base, idConflictPolicy: "UseExisting" })
      assert.strictEqual(ok.idConflictPolicy, "UseExisting")
      assert.isFalse(ok.requestEagerStart)
    }))

  it.effect("an explicit undefined idConflictPolicy is refused as missing", () =>
    failsOn(
      Options.validateWithStartWorkflowOperationOptions({ ...base, idConflictPolicy: undefined } as never),
      "idConflictPolicy",
      /required/
    ))

  it.effect("refuses what the server refuses in a multi-operation", () =>
    Effect.gen(function*() {
      const withStart = (o: Record<string, unknown>) =>
        Options.validateWithStartWorkflowOperationOptions({ ...base, idConflictPolicy: "Fail", ...o } as never)
      yield* failsOn(withStart({ cronSchedule: "@hourly" }), "cronSchedule")
      yield* failsOn(withStart({ startDelay: "1 second" }), "startDelay")
      yield* failsOn(withStart({ requestEagerStart: true }), "requestEagerStart")
      yield* failsOn(withStart({ startSignal: "go" }), "startSignal")
    }))

  it.effect("applies the common start rules too", () =>
    Effect.gen(function*() {
      yield* failsOn(
        Options.validateWithStartWorkflowOperationOptions({ id: "", taskQueue: "tq", idConflictPolicy: "Fail" }),
        "id"
      )
      yield* failsOn(
        Options.validateWithStartWorkflowOperationOptions({
          ...base,
          idConflictPolicy: "Fail",
          idReusePolicy: "TerminateIfRunning"
        }),
        "idReusePolicy"
      )
    }))
})

describe("per-call options", () => {
  it.effect("startUpdate waits for Accepted or Completed only", () =>
    Effect.gen(function*() {
      yield* failsOn(Options.validateStartUpdateOptions({ waitForStage: "Admitted" }), "waitForStage", /Accepted/)
      yield* failsOn(Options.validateStartUpdateOptions({} as never), "waitForStage")
      yield* Options.validateStartUpdateOptions({ waitForStage: "Accepted" })
      yield* Options.validateStartUpdateOptions({ waitForStage: "Completed", id: "u-1" })
      yield* failsOn(Options.validateStartUpdateOptions({ waitForStage: "Completed", id: "" }), "id")
    }))

  it.effect("update options: non-empty IDs, valid RPC timeout", () =>
    Effect.gen(function*() {
      yield* failsOn(Options.validateUpdateOptions({ id: "" }), "id")
      yield* failsOn(Options.validateUpdateOptions({ firstExecutionRunId: "" }), "firstExecutionRunId")
      yield* failsOn(Options.validateUpdateOptions({ rpcTimeout: 0 }), "rpcTimeout")
      const ok = yield* Options.validateUpdateOptions({ id: "u", firstExecutionRunId: "r", rpcTimeout: "1 second" })
      assert.strictEqual(ok.id, "u")
    }))

  it.effect("call options: metadata strings, positive timeout", () =>
    Effect.gen(function*() {
      yield* failsOn(Options.validateCallOptions(null as never), "options", /got null/)
      yield* failsOn(Options.validateCallOptions({ rpcMetadata: { a: 1 } as never }), "rpcMetadata.a")
      yield* failsOn(Options.validateCallOptions({ rpcTimeout: "-1 seconds" }), "rpcTimeout", /negative/)
      yield* Options.validateCallOptions({ rpcMetadata: { a: "b" }, rpcTimeout: Duration.infinity })
    }))

  it.effect("list options: positive page size, non-negative limit", () =>
    Effect.gen(function*() {
      yield* failsOn(Options.validateListWorkflowsOptions({ pageSize: 0 }), "pageSize")
      yield* failsOn(Options.validateListWorkflowsOptions({ pageSize: 1.5 }), "pageSize")
      yield* failsOn(Options.validateListWorkflowsOptions({ limit: -1 }), "limit")
      yield* failsOn(Options.validateListWorkflowsOptions({ rpcTimeout: 0 }), "rpcTimeout")
      yield* failsOn(Options.validateListWorkflowsOptions({ pageSize: Number.NaN }), "pageSize", /NaN/)
      yield* failsOn(Options.validateListWorkflowsOptions({ pageSize: 2 ** 31 }), "pageSize", /2147483647/)
      yield* failsOn(Options.validatePageOptions({ limit: Infinity }), "limit")
      yield* Options.validateListWorkflowsOptions({ pageSize: 100, limit: 0 })
      yield* Options.validatePageOptions({ pageSize: 2 ** 31 - 1 })
    }))

  it.effect("history options: positive page size, known filter", () =>
    Effect.gen(function*() {
      yield* failsOn(Options.validateFetchHistoryOptions({ pageSize: -1 }), "pageSize")
      yield* failsOn(Options.validateFetchHistoryOptions({ eventFilter: "Some" as never }), "eventFilter")
      yield* failsOn(Options.validateFetchHistoryOptions({ pageSize: 2 ** 31 }), "pageSize")
      yield* failsOn(Options.validateFetchHistoryOptions({ skipArchival: 1 as never }), "skipArchival")
      yield* Options.validateFetchHistoryOptions({ pageSize: 10, eventFilter: "CloseEvent", waitNewEvent: true })
    }))
})

describe("validateDuration", () => {
  it.effect("accepts every DurationInput form", () =>
    Effect.gen(function*() {
      const inputs: ReadonlyArray<readonly [Duration.Input, Duration.Duration]> = [
        [1500, Duration.millis(1500)],
        [BigInt(2_000), Duration.nanos(BigInt(2_000))],
        [[3, 4], Duration.nanos(BigInt(3_000_000_004))],
        ["5 minutes", Duration.minutes(5)],
        [Duration.days(1), Duration.days(1)]
      ]
      for (const [input, expected] of inputs) {
        const decoded = yield* Common.validateDuration("d", input)
        assert.isTrue(Duration.equals(decoded, expected))
      }
      const zero = yield* Common.validateDuration("d", 0, { allowZero: true })
      assert.isTrue(Duration.isZero(zero))
    }))
})

describe("option types", () => {
  it("args are typed by the definition and required when it declares some", () => {
    expectTypeOf<Options.StartWorkflowOptions<typeof Greet>["args"]>().toEqualTypeOf<readonly [string]>()
    expectTypeOf<Options.StartWorkflowOptions["args"]>().toEqualTypeOf<ReadonlyArray<unknown> | undefined>()
    expectTypeOf<Options.StartWorkflowOptions<typeof Greet>["startSignal"]>().toEqualTypeOf<"approve" | undefined>()
    expectTypeOf<Options.StartWorkflowOptions<typeof Greet, "approve">["startSignalArgs"]>().toEqualTypeOf<
      readonly [{ readonly by: string }] | undefined
    >()
    const NoArgs = WorkflowDefinition.make("NoArgs", { args: [] })
    expectTypeOf<Options.StartWorkflowOptions<typeof NoArgs>["args"]>().toEqualTypeOf<readonly [] | undefined>()

    // @ts-expect-error args are required for Greet
    const missing: Options.StartWorkflowOptions<typeof Greet> = { id: "a", taskQueue: "b" }
    // @ts-expect-error args must match the Schemas
    const wrong: Options.StartWorkflowOptions<typeof Greet> = { id: "a", taskQueue: "b", args: [1] }
    const right: Options.StartWorkflowOptions<typeof Greet> = { id: "a", taskQueue: "b", args: ["x"] }
    void missing
    void wrong
    void right
  })

  it("update-with-start options require idConflictPolicy and leave out what the server refuses", () => {
    type W = Options.WithStartWorkflowOperationOptions<typeof Greet>
    expectTypeOf<W["idConflictPolicy"]>().toEqualTypeOf<Common.WorkflowIdConflictPolicy>()
    expectTypeOf<W["args"]>().toEqualTypeOf<readonly [string]>()
    expectTypeOf<W>().not.toHaveProperty("cronSchedule")
    expectTypeOf<W>().not.toHaveProperty("startDelay")
    expectTypeOf<W>().not.toHaveProperty("startSignal")
    expectTypeOf<W>().not.toHaveProperty("requestEagerStart")
  })
})
