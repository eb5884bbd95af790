/**
 * The one workload every client runs, so the figures compare like with like: the same namespace,
 * task queue, workflow type, signal, query, workflow-ID pattern and one-argument JSON payload.
 */

/** The operations of part A (fake server). */
export const fakeOps = ["start", "signal", "describe", "query", "result"] as const
/** The operations of part B (dev server). */
export const e2eOps = ["start", "signal", "describe", "execute"] as const

export type FakeOp = typeof fakeOps[number]
export type E2eOp = typeof e2eOps[number]
export type Op = FakeOp | E2eOp

export const namespace = "default"
export const workflowType = "echo"
export const signalName = "approve"
export const queryName = "status"
/** The task queue of part A (the fake server ignores it). */
export const fakeTaskQueue = "bench"

/** The workflow argument: one JSON value, ~40 bytes encoded. */
export const workflowArg = { greeting: "hello", n: 42, tags: ["a", "b"] } as const
/** The signal argument. */
export const signalArg = { by: "ops" } as const

/** The workflow ID of the `n`th operation of a run: the same shape for every client. */
export const workflowId = (prefix: string, n: number): string => `${prefix}-${n}`

/** Workflow IDs the fake server holds long polls on (part D): they contain this marker. */
export const holdMarker = "hold-"

/** A JSON payload, as every SDK writes it (`json/plain`). */
export const jsonPayload = (value: unknown): { metadata: { encoding: Uint8Array }; data: Uint8Array } => ({
  metadata: { encoding: new TextEncoder().encode("json/plain") },
  data: new TextEncoder().encode(JSON.stringify(value))
})

/** The kinds of client a driver can be. */
export const fakeKinds = [
  "http2",
  "grpc",
  "grpc-wire",
  "grpc-effect",
  "tc-raw",
  "tc-high",
  "ours-raw",
  "ours-batch",
  "ours-call",
  "ours-raw-grpcjs",
  "ours-batch-grpcjs",
  "ours-call-grpcjs"
] as const
export type FakeKind = typeof fakeKinds[number]
export const e2eKinds = ["ours", "tc", "python"] as const
export type E2eKind = typeof e2eKinds[number]

/** What each kind is, in the tables. */
export const kindLabels: Readonly<Record<FakeKind | E2eKind, string>> = {
  "http2": "minimal gRPC client over node:http2, pre-encoded bytes: the node:http2 floor",
  "grpc": "raw grpc-js, pre-encoded bytes (floor)",
  "grpc-wire": "raw grpc-js, request encoded per call, Temporal's headers and a deadline: the wire floor",
  "grpc-effect": "raw grpc-js in Effect.callback (forEach batch): the Effect floor",
  "tc-raw": "@temporalio/client workflowService",
  "tc-high": "@temporalio/client high level",
  "ours-raw": "ours Connection.workflowService (forEach batch)",
  "ours-batch": "ours TemporalClient (forEach batch)",
  "ours-call": "ours TemporalClient (runPromise per call)",
  "ours-raw-grpcjs": "ours Connection.workflowService, transport grpc-js (forEach batch)",
  "ours-batch-grpcjs": "ours TemporalClient, transport grpc-js (forEach batch)",
  "ours-call-grpcjs": "ours TemporalClient, transport grpc-js (runPromise per call)",
  "ours": "ours TemporalClient (Effect.forEach pool)",
  "tc": "@temporalio/client",
  "python": "Python temporalio"
}
