/**
 * Result models that hold raw protobuf messages (`rawInfo`, `rawDescription`, payloads) compare
 * and hash with Effect's `Equal` and `Hash`: messages by their own fields, as on the wire. Before,
 * hashing one walked the message's prototype (its `$type`, the whole proto root) without end.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Equal from "effect/Equal"
import * as Hash from "effect/Hash"
import * as HashSet from "effect/HashSet"
import * as Convert from "../../src/internal/convert/common.js"
import * as ConvertWorkflow from "../../src/internal/convert/workflow.js"
import * as ProtoRoot from "../../src/internal/proto/root.js"

const encoder = new TextEncoder()
const Info = ProtoRoot.temporal().api.workflow.v1.WorkflowExecutionInfo
const Describe = ProtoRoot.temporal().api.workflowservice.v1.DescribeWorkflowExecutionResponse

const info = (workflowId: string) => ({
  execution: { workflowId, runId: "run" },
  type: { name: "Greet" },
  startTime: Convert.timestampToProto(new Date("2024-01-01T00:00:00Z")),
  historyLength: Convert.int64FromNumber(3),
  memo: { fields: { note: { metadata: { encoding: encoder.encode("json/plain") }, data: encoder.encode("1") } } }
})

/** Decoded from its own bytes each time: equal messages that are not the same objects. */
const decodedInfo = (workflowId: string) => Info.decode(Info.encode(info(workflowId)).finish())
const decodedDescribe = (workflowId: string) =>
  Describe.decode(Describe.encode({ workflowExecutionInfo: info(workflowId) }).finish())

describe("Equal and Hash of decoded messages and the models that hold them", () => {
  it("messages compare and hash by their own fields", () => {
    const [a, b, c] = [decodedInfo("wf-1"), decodedInfo("wf-1"), decodedInfo("wf-2")]
    // Checked first: without it, hashing below would not end (rather than fail).
    assert.isTrue(Object.hasOwn(Object.getPrototypeOf(Object.getPrototypeOf(a)) as object, Hash.symbol))
    assert.notStrictEqual(a, b)
    assert.isTrue(Equal.equals(a, b))
    assert.strictEqual(Hash.hash(a), Hash.hash(b))
    assert.isFalse(Equal.equals(a, c))
    assert.isFalse(Equal.equals(a, { ...a }), "a plain object with the same fields is not the message")
  })

  it("list items and descriptions from equal responses are equal, and a HashSet keeps one of them", () => {
    const listed = [decodedInfo("wf-1"), decodedInfo("wf-1"), decodedInfo("wf-2")]
      .map((message) => ConvertWorkflow.workflowExecutionFromProto(message, "ns"))
    assert.isTrue(Equal.equals(listed[0], listed[1]))
    assert.isFalse(Equal.equals(listed[0], listed[2]))
    assert.strictEqual(HashSet.size(HashSet.fromIterable(listed)), 2)

    const described = [decodedDescribe("wf-1"), decodedDescribe("wf-1")]
      .map((message) => ConvertWorkflow.workflowExecutionDescriptionFromProto(message, "ns"))
    assert.isTrue(Equal.equals(described[0], described[1]))
    assert.strictEqual(Hash.hash(described[0]), Hash.hash(described[1]))
  })
})
