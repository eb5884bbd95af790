/**
 * Oneofs of decoded messages behave as protobufjs defines them with the setter that deletes only
 * the members a message owns: the decoded member is kept and named by the virtual property,
 * setting the property to another member removes the present one, and the original setter and
 * ours leave every message in the same state.
 */
import { assert, describe, it } from "@effect/vitest"
import { createRequire } from "node:module"
import type * as protobuf from "protobufjs"
import * as Convert from "../../src/internal/convert/common.js"
import { ownMembersOnlySetter } from "../../src/internal/proto/oneofSetter.js"
import * as ProtoRoot from "../../src/internal/proto/root.js"

const HistoryEvent = ProtoRoot.temporal().api.history.v1.HistoryEvent
/** protobufjs's `util`, as the part replaced is typed here. */
const util = (createRequire(import.meta.url)("protobufjs/minimal.js") as typeof protobuf).util as unknown as {
  oneOfSetter: typeof ownMembersOnlySetter
}

const completedEvent = () =>
  HistoryEvent.decode(
    HistoryEvent.encode({
      eventId: Convert.int64FromNumber(5),
      eventType: 2,
      workflowExecutionCompletedEventAttributes: { workflowTaskCompletedEventId: Convert.int64FromNumber(4) }
    }).finish()
  )

describe("oneof setter", () => {
  it("is the one protobufjs builds setters from once the proto root is loaded", () => {
    assert.strictEqual(util.oneOfSetter, ownMembersOnlySetter)
  })

  it("keeps the decoded member and names it", () => {
    const event = completedEvent()
    assert.strictEqual(event.attributes, "workflowExecutionCompletedEventAttributes")
    assert.strictEqual(event.workflowExecutionCompletedEventAttributes?.workflowTaskCompletedEventId?.toString(), "4")
    assert.deepStrictEqual(
      Object.keys(event).filter((key) => key.endsWith("EventAttributes")),
      ["workflowExecutionCompletedEventAttributes"]
    )
  })

  it("removes the present member when another is chosen, as protobufjs's own setter does", () => {
    const original = (fieldNames: ReadonlyArray<string>) =>
      function(this: Record<string, unknown>, name: string) {
        for (const member of fieldNames) if (member !== name) delete this[member]
      }
    const members = ["first", "second", "third"]
    for (const chosen of [...members, "none"]) {
      const ours: Record<string, unknown> = { first: 1, other: true }
      const theirs: Record<string, unknown> = { first: 1, other: true }
      util.oneOfSetter(members).call(ours, chosen)
      original(members).call(theirs, chosen)
      assert.deepStrictEqual(ours, theirs, `choosing ${chosen}`)
    }
    const event = completedEvent()
    event.attributes = "workflowExecutionFailedEventAttributes"
    assert.isFalse(Object.hasOwn(event, "workflowExecutionCompletedEventAttributes"))
  })
})
