/**
 * The README's coverage tables name the API name by name: every table whose
 * second column is headed `effect-temporal` is read, and each backticked
 * span of that column that is a name (optionally called, as
 * `startWorkflow(…)`) must exist:
 *
 * - `Namespace.member` (`TemporalClient.layerConnect`): a runtime export of
 *   that namespace of `src/index.ts` (of `src/testing/index.ts` in a cell that
 *   speaks of `effect-temporal/testing`), or a type it exports;
 * - `receiver.member` (`handle.reset`, `connection.apiKey`), and
 *   `Interface.member` for the handle interfaces (`ScheduleHandle.update`): a
 *   property of the runtime object the table talks about, built with the
 *   in-memory test kit;
 * - a bare lower-case name (`startWorkflow`, `listActivities`): a property of
 *   one of the objects of the table's section;
 * - a bare upper-case name (`ActivityFailedError`, `StartActivityError`): an
 *   exported namespace, or a value or type one of them exports.
 *
 * Spans that are not names (object literals, option lists, `GROUP BY`) are
 * skipped, and so is the first column (Python and Go names).
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { beforeAll, describe, expect, it } from "vitest"
import * as Index from "../../src/index.js"
import * as Testing from "../../src/testing/index.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

type Module = Readonly<Record<string, unknown>>

/** A table row: its line in the README and its cells. */
interface Row {
  readonly line: number
  readonly cells: ReadonlyArray<string>
}

/** A table: the heading it sits under, its header cells and its rows. */
interface Table {
  readonly heading: string
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<Row>
}

/** Split a table line on the `|` that are not escaped (`\|` stays in a cell). */
const splitRow = (line: string): Array<string> => {
  const cells: Array<string> = []
  let cell = ""
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (char === "\\" && line[i + 1] === "|") {
      cell += "|"
      i++
    } else if (char === "|") {
      cells.push(cell.trim())
      cell = ""
    } else {
      cell += char
    }
  }
  cells.push(cell.trim())
  return cells.slice(1, -1)
}

/** The tables of a Markdown text, each with the nearest heading above it. */
const parseTables = (markdown: string): Array<Table> => {
  const lines = markdown.split("\n")
  const tables: Array<Table> = []
  let heading = ""
  let inFence = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith("```")) inFence = !inFence
    if (inFence) continue
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, "").trim()
    if (!line.startsWith("|") || !(lines[i + 1] ?? "").startsWith("| ---")) continue
    const header = splitRow(line)
    const rows: Array<Row> = []
    let j = i + 2
    for (; j < lines.length && lines[j]!.startsWith("|"); j++) rows.push({ line: j + 1, cells: splitRow(lines[j]!) })
    tables.push({ heading, header, rows })
    i = j - 1
  }
  return tables
}

const identifier = String.raw`[A-Za-z_$][\w$]*`

/**
 * A span that is a name, dotted and possibly slash-listed
 * (`ScheduleHandle.describe/update`), optionally followed by a call.
 */
const nameSpan = new RegExp(String.raw`^(${identifier}(?:\.(?:${identifier}|\*))*(?:/${identifier})*)(?:\(.*\))?$`, "s")

/** The names a backticked span stands for; none when it is not a name. */
export const namesOfSpan = (span: string): Array<string> => {
  const match = nameSpan.exec(span.trim())
  if (match === null) return []
  const [first, ...more] = match[1]!.split("/")
  const dot = first!.lastIndexOf(".")
  const prefix = dot === -1 ? "" : first!.slice(0, dot + 1)
  return [first!, ...more.map((member) => prefix + member)]
}

/** Names of the `effect` library the tables mention (`Stream`, `Ref`s). */
const effectNames = new Set(["Stream", "Ref", "Effect", "Layer", "Schedule", "Duration", "Config", "Option"])

/** The runtime objects the README's sections talk about. */
export interface Subjects {
  readonly objects: Readonly<Record<string, object>>
  /** Per section heading: the objects its bare names belong to, and what `handle` is there. */
  readonly sections: Readonly<
    Record<string, { readonly objects: ReadonlyArray<string>; readonly handle: ReadonlyArray<string> }>
  >
}

/** The handle interfaces whose methods the README names as `Interface.method`. */
const interfaceObjects: Readonly<Record<string, string>> = {
  WorkflowHandle: "workflowHandle",
  ScheduleHandle: "scheduleHandle",
  ActivityHandle: "activityHandle",
  NexusOperationHandle: "nexusOperationHandle",
  AsyncActivityHandle: "asyncActivityHandle"
}

/** The receivers the README writes in front of a method (`connection.apiKey`). */
const receiverObjects: Readonly<Record<string, string>> = {
  client: "client",
  connection: "connection",
  serviceClient: "nexusServiceClient",
  nexusEndpoints: "nexusEndpoints",
  cloudOperations: "cloudOperations"
}

/** Every export name (values and types) of each namespace of an entry point, read with the TypeScript compiler. */
const exportNames = (() => {
  let cache: Map<string, Map<string, Set<string>>> | undefined
  return (): Map<string, Map<string, Set<string>>> => {
    if (cache !== undefined) return cache
    const entries = { index: path.join(root, "src/index.ts"), testing: path.join(root, "src/testing/index.ts") }
    const program = ts.createProgram(Object.values(entries), {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true
    })
    const checker = program.getTypeChecker()
    cache = new Map()
    for (const [entry, file] of Object.entries(entries)) {
      const namespaces = new Map<string, Set<string>>()
      const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
      for (const ns of checker.getExportsOfModule(moduleSymbol)) {
        const target = ns.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ns) : ns
        namespaces.set(ns.name, new Set(checker.getExportsOfModule(target).map((s) => s.name)))
      }
      cache.set(entry, namespaces)
    }
    return cache
  }
})()

const has = (object: object | undefined, member: string): boolean => object !== undefined && member in object

/**
 * Every name of the README's `effect-temporal` columns that does not exist,
 * as `README.md:line \`name\`: problem`.
 */
export const checkReadme = (markdown: string, subjects: Subjects): Array<string> => {
  const offenders: Array<string> = []
  const exports = exportNames()
  for (const table of parseTables(markdown)) {
    if (table.header[1] !== "effect-temporal") continue
    const section = subjects.sections[table.heading]
    if (section === undefined) {
      offenders.push(`README.md table under "${table.heading}": no runtime objects known for this section`)
      continue
    }
    for (const row of table.rows) {
      const cell = row.cells[1] ?? ""
      const testing = cell.includes("effect-temporal/testing")
      const entry: Module = testing ? Testing : Index
      const entryExports = exports.get(testing ? "testing" : "index")!
      const spans = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((s) => s !== "effect-temporal/testing")
      for (const span of spans) {
        for (const name of namesOfSpan(span)) {
          const problem = resolve(name, section, entry, entryExports, subjects)
          if (problem !== undefined) offenders.push(`README.md:${row.line} \`${name}\`: ${problem}`)
        }
      }
    }
  }
  return offenders
}

const resolve = (
  name: string,
  section: Subjects["sections"][string],
  entry: Module,
  entryExports: Map<string, Set<string>>,
  subjects: Subjects
): string | undefined => {
  const [head, ...rest] = name.split(".")
  const member = rest.join(".")
  if (rest.length === 0) {
    if (/^[A-Z]/.test(head!)) {
      if (effectNames.has(head!) || entry[head!] !== undefined) return undefined
      for (const names of entryExports.values()) if (names.has(head!)) return undefined
      return "not exported by any namespace"
    }
    const owners = section.objects.filter((key) => has(subjects.objects[key], head!))
    return owners.length > 0 ? undefined : `not a property of ${section.objects.join(", ")}`
  }
  if (head === "handle") {
    return section.handle.some((key) => has(subjects.objects[key], member))
      ? undefined
      : `not a property of ${section.handle.join(", ")}`
  }
  const receiver = receiverObjects[head!]
  if (receiver !== undefined) {
    return has(subjects.objects[receiver], member) ? undefined : `not a property of ${receiver}`
  }
  const ns = entry[head!] as Module | undefined
  if (ns === undefined) return `no namespace ${head}`
  if (member === "*" || has(ns, rest[0]!) || entryExports.get(head!)?.has(rest[0]!)) return undefined
  const object = interfaceObjects[head!]
  if (object !== undefined) return has(subjects.objects[object], member) ? undefined : `not a property of ${object}`
  return `not exported by ${head}`
}

const buildSubjects = Effect.gen(function*() {
  const client = yield* Index.TemporalClient.TemporalClient
  const nexusServiceClient = client.createNexusClient({ endpoint: "endpoint", service: "service" })
  const cloudOperations = yield* Index.CloudOperations.make({
    apiKey: Redacted.make("key"),
    address: "127.0.0.1:1"
  })
  const objects: Record<string, object> = {
    client,
    connection: client.connection,
    workflowHandle: client.getWorkflowHandle("workflow"),
    scheduleHandle: client.getScheduleHandle("schedule"),
    activityHandle: client.getActivityHandle("activity"),
    nexusOperationHandle: client.getNexusOperationHandle("operation"),
    asyncActivityHandle: client.getAsyncActivityHandle({ activityId: "activity" }),
    nexusServiceClient,
    cloudOperations,
    namespaceClient: yield* Index.NamespaceClient.NamespaceClient,
    taskQueueClient: yield* Index.TaskQueueClient.TaskQueueClient,
    workerDeploymentClient: yield* Index.WorkerDeploymentClient.WorkerDeploymentClient,
    batchClient: yield* Index.BatchClient.BatchClient,
    nexusEndpoints: yield* Index.NexusEndpoints.NexusEndpoints,
    /** What `handle.describe()` answers: its fields. */
    workflowDescription: Index.WorkflowExecution.WorkflowExecutionDescription.fields
  }
  const subjects: Subjects = {
    objects,
    sections: {
      "What it covers, against the Python SDK's `temporalio.client`": {
        objects: ["client", "connection", "workflowHandle", "scheduleHandle", "asyncActivityHandle"],
        handle: ["workflowHandle"]
      },
      "Standalone activities": { objects: ["client", "activityHandle"], handle: ["activityHandle"] },
      "Nexus operations": {
        objects: ["client", "nexusServiceClient", "nexusOperationHandle", "nexusEndpoints"],
        handle: ["nexusOperationHandle"]
      },
      "Operations": {
        objects: [
          "namespaceClient",
          "taskQueueClient",
          "workerDeploymentClient",
          "batchClient",
          "workflowHandle",
          "workflowDescription"
        ],
        handle: ["workflowHandle"]
      }
    }
  }
  return subjects
}).pipe(
  Effect.scoped,
  Effect.provide(
    Layer.mergeAll(
      Index.NamespaceClient.layer,
      Index.TaskQueueClient.layer,
      Index.WorkerDeploymentClient.layer,
      Index.BatchClient.layer,
      Index.NexusEndpoints.layer
    ).pipe(Layer.provideMerge(Testing.InMemoryTemporal.layer({ workflows: {} })))
  )
)

describe("README tables", () => {
  let subjects: Subjects
  beforeAll(async () => {
    subjects = await Effect.runPromise(buildSubjects)
  }, 60_000)

  it("name only API that exists", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    expect(checkReadme(readme, subjects)).toEqual([])
  }, 60_000)

  it("reads names out of spans, skipping what is not a name", () => {
    expect(namesOfSpan("TemporalClient.layerConnect({ address })")).toEqual(["TemporalClient.layerConnect"])
    expect(namesOfSpan("ScheduleHandle.describe/update")).toEqual(["ScheduleHandle.describe", "ScheduleHandle.update"])
    expect(namesOfSpan("startActivity(ActivityDefinition | name, { id })")).toEqual(["startActivity"])
    expect(namesOfSpan("DataConverter.*")).toEqual(["DataConverter.*"])
    expect(namesOfSpan("{ workflowId, runId }")).toEqual([])
    expect(namesOfSpan("({ workflowId, runId })")).toEqual([])
    expect(namesOfSpan("GROUP BY")).toEqual([])
  })

  it("reports names that do not exist", () => {
    const heading = "Nexus operations"
    const markdown = [
      `### ${heading}`,
      "",
      "| Python | effect-temporal | notes |",
      "| --- | --- | --- |",
      "| a | `TemporalClient.layerConnect(…)`, `startWorkflow`, `handle.cancel({ reason })`, `NexusEndpoints.layer` | |",
      "| b | `TemporalClient.layerTeleport`, `teleportWorkflow`, `handle.teleport()`, `NoSuchError` | |",
      "| c | `effect-temporal/testing`: `InMemoryTemporal`, `InMemoryTemporal.layer`, `InMemoryTemporal.teleport` | |",
      "",
      "### Elsewhere",
      "",
      "| Go | effect-temporal | notes |",
      "| --- | --- | --- |",
      "| d | `startWorkflow` | |"
    ].join("\n")
    expect(checkReadme(markdown, subjects)).toEqual([
      "README.md:6 `TemporalClient.layerTeleport`: not exported by TemporalClient",
      "README.md:6 `teleportWorkflow`: not a property of client, nexusServiceClient, nexusOperationHandle, nexusEndpoints",
      "README.md:6 `handle.teleport`: not a property of nexusOperationHandle",
      "README.md:6 `NoSuchError`: not exported by any namespace",
      "README.md:7 `InMemoryTemporal.teleport`: not exported by InMemoryTemporal",
      "README.md table under \"Elsewhere\": no runtime objects known for this section"
    ])
  }, 60_000)
})
