/**
 * The enum tables mirrored in `src/internal/proto/enums.ts` (so that importing
 * the package does not load `@temporalio/proto`) against the proto root: every
 * table holds exactly the enum's names, each with its value.
 */
import { assert, describe, it } from "@effect/vitest"
import protoRoot from "@temporalio/proto"
import * as Enums from "../../src/internal/proto/enums.js"

/** Where each mirrored table's enum lives in the root. */
const protoEnumOf = (name: string): object | undefined =>
  name === "PinnedOverrideBehavior"
    ? protoRoot.temporal.api.workflow.v1.VersioningOverride.PinnedOverrideBehavior
    : (protoRoot.temporal.api.enums.v1 as unknown as Record<string, object | undefined>)[name]

const tables = (Object.entries(Enums) as ReadonlyArray<[string, unknown]>).filter(
  (entry): entry is [string, Readonly<Record<string, number>>] => typeof entry[1] === "object"
)

describe("mirrored proto enums", () => {
  it("mirror some enums", () => {
    assert.isAbove(tables.length, 10)
  })

  for (const [name, table] of tables) {
    it(`${name} holds exactly the proto enum's names and values`, () => {
      const protoEnum = protoEnumOf(name)
      assert.isDefined(protoEnum, `no proto enum ${name}`)
      // The root's enum objects hold name → number as own enumerable keys
      // (the reverse mapping is not enumerable).
      assert.deepStrictEqual({ ...table }, { ...protoEnum })
    })
  }

  it("nameOf reads a value back as its name, and falls back for values the enum does not hold", () => {
    assert.strictEqual(Enums.nameOf(Enums.RetryState, 3, "RETRY_STATE_UNSPECIFIED"), "RETRY_STATE_TIMEOUT")
    assert.strictEqual(Enums.nameOf(Enums.RetryState, undefined, "RETRY_STATE_IN_PROGRESS"), "RETRY_STATE_UNSPECIFIED")
    assert.strictEqual(Enums.nameOf(Enums.RetryState, null, "RETRY_STATE_IN_PROGRESS"), "RETRY_STATE_UNSPECIFIED")
    assert.strictEqual(Enums.nameOf(Enums.RetryState, 99, "RETRY_STATE_UNSPECIFIED"), "RETRY_STATE_UNSPECIFIED")
  })
})
