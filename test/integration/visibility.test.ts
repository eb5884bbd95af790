/**
 * Listing and counting workflows against the dev server, with custom search attributes. Visibility
 * lags behind the workflows, so each check polls (bounded) until the server shows what it should.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as SearchAttributes from "../../src/schema/SearchAttributes.js"
import * as TemporalClient from "../../src/TemporalClient.js"
import { startWorker, withClient } from "../support/client.js"
import { Echo, LongRunning } from "../support/definitions.js"
import { eventually } from "../support/eventually.js"
import { freshId } from "../support/worker.js"

const Keyword = SearchAttributes.SearchAttributeKey.keyword("CustomKeywordField")
const Int = SearchAttributes.SearchAttributeKey.int("CustomIntField")

describe("listWorkflows and countWorkflows", () => {
  it.live("lists and counts by workflow type and a custom keyword, with typed search attributes back", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const marker = freshId("marker")
      for (let i = 0; i < 3; i++) {
        yield* client.executeWorkflow(Echo, {
          id: freshId("vis"),
          taskQueue,
          args: [i],
          searchAttributes: SearchAttributes.make([[Keyword, marker], [Int, i]])
        })
      }
      const query = `WorkflowType = 'echo' AND CustomKeywordField = '${marker}'`
      const count = yield* eventually(
        "three completed echoes visible",
        Effect.map(client.countWorkflows(query), (c) => c.count === 3 ? Option.some(c) : Option.none())
      )
      assert.strictEqual(count.count, 3)
      assert.deepStrictEqual(count.groups, [])
      // Listing is as eventual as counting: wait for the list to show all three and be complete.
      const listed = yield* eventually(
        "three listed echoes with their attributes",
        Effect.map(
          Stream.runCollect(client.listWorkflows(`${query} AND ExecutionStatus = 'Completed'`)),
          (all) => all.length === 3 ? Option.some(all) : Option.none()
        )
      )
      for (const execution of listed) {
        assert.strictEqual(execution.workflowType, "echo")
        assert.strictEqual(execution.status, "Completed")
        assert.strictEqual(execution.taskQueue, taskQueue)
        assert.deepStrictEqual(execution.typedSearchAttributes.get(Keyword), Option.some(marker))
      }
      assert.sameMembers(listed.map((e) => Option.getOrThrow(e.typedSearchAttributes.get(Int))), [0, 1, 2])
      // Through the module-level accessors too.
      const viaAccessor = yield* Stream.runCollect(TemporalClient.listWorkflows(query))
      assert.strictEqual(viaAccessor.length, 3)
      assert.strictEqual((yield* TemporalClient.countWorkflows(query)).count, 3)
    })))

  it.live("listWorkflows with pageSize reads several pages; limit stops early", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const marker = freshId("pages")
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) {
        const id = freshId("page")
        ids.push(id)
        yield* client.executeWorkflow(Echo, {
          id,
          taskQueue,
          args: [i],
          searchAttributes: SearchAttributes.make([[Keyword, marker]])
        })
      }
      const query = `CustomKeywordField = '${marker}'`
      yield* eventually(
        "five echoes visible",
        Effect.map(client.countWorkflows(query), (c) => c.count === 5 ? Option.some(c) : Option.none())
      )
      // Two per page: three pages.
      const page1 = yield* client.listWorkflowsPage(query, { pageSize: 2 })
      assert.strictEqual(page1.executions.length, 2)
      assert.isDefined(page1.nextPageToken)
      const all = yield* Stream.runCollect(client.listWorkflows(query, { pageSize: 2 }))
      assert.sameMembers(all.map((e) => e.id), ids)
      const limited = yield* Stream.runCollect(client.listWorkflows(query, { pageSize: 2, limit: 3 }))
      assert.strictEqual(limited.length, 3)
      const none = yield* Stream.runCollect(client.listWorkflows(query, { limit: 0 }))
      assert.strictEqual(none.length, 0)
    })))

  it.live("countWorkflows with GROUP BY ExecutionStatus", () =>
    withClient(Effect.gen(function*() {
      const taskQueue = yield* startWorker()
      const client = yield* TemporalClient.TemporalClient
      const marker = freshId("groups")
      const searchAttributes = SearchAttributes.make([[Keyword, marker]])
      for (let i = 0; i < 2; i++) {
        yield* client.executeWorkflow(Echo, { id: freshId("grp"), taskQueue, args: [i], searchAttributes })
      }
      const running = yield* client.startWorkflow(LongRunning, {
        id: freshId("grp"),
        taskQueue,
        args: [60_000],
        searchAttributes
      })
      const query = `CustomKeywordField = '${marker}' GROUP BY ExecutionStatus`
      const count = yield* eventually(
        "two completed and one running",
        Effect.map(client.countWorkflows(query), (c) => {
          const byStatus = Object.fromEntries(c.groups.map((g) => [String(g.groupValues[0]), g.count]))
          return byStatus["Completed"] === 2 && byStatus["Running"] === 1 ? Option.some(c) : Option.none()
        })
      )
      assert.strictEqual(count.count, 3)
      assert.strictEqual(count.groups.length, 2)
      yield* running.terminate()
    })))
})
