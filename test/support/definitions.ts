/**
 * Typed definitions of the fixture workflows (test/fixtures/workflows.ts), for client tests.
 */
import * as Schema from "effect/Schema"
import * as WorkflowDefinition from "../../src/schema/WorkflowDefinition.js"

/** `echo(...args)`: one argument comes back as it is. */
export const Echo = WorkflowDefinition.make("echo", { args: [Schema.Unknown], result: Schema.Unknown })

/** `signalQueryUpdate(name)`: signals approve/finish, query status, updates rename/slowUpdate. */
export const SignalQueryUpdate = WorkflowDefinition.make("signalQueryUpdate", {
  args: [Schema.String],
  result: Schema.Struct({ name: Schema.String, status: Schema.String }),
  signals: { approve: [Schema.Struct({ by: Schema.String })], finish: [] },
  queries: { status: { args: [], result: Schema.String } },
  updates: {
    rename: { args: [Schema.String], result: Schema.String },
    slowUpdate: { args: [Schema.Number], result: Schema.String }
  }
})

/** `continueAsNewTwice(n)`: continues as new until n == 2. */
export const ContinueAsNewTwice = WorkflowDefinition.make("continueAsNewTwice", {
  args: [Schema.Number],
  result: Schema.String
})

/** `longRunning(ms)`: sleeps, then returns "slept". */
export const LongRunning = WorkflowDefinition.make("longRunning", { args: [Schema.Number], result: Schema.String })

/** `cronWorkflow()`: returns its run ID. */
export const CronWorkflow = WorkflowDefinition.make("cronWorkflow", { args: [], result: Schema.String })

/** `failThenSucceed()`: fails on attempt 1, returns the attempt number after. */
export const FailThenSucceed = WorkflowDefinition.make("failThenSucceed", { args: [], result: Schema.Number })

/** `failWithCause()`: fails with a cause chain. */
export const FailWithCause = WorkflowDefinition.make("failWithCause", { args: [] })

/** `continueAsNewThenWait(n)`: continues as new once, then waits for `finish`; update `rename` echoes. */
export const ContinueAsNewThenWait = WorkflowDefinition.make("continueAsNewThenWait", {
  args: [Schema.Number],
  result: Schema.Number,
  signals: { finish: [] },
  updates: { rename: { args: [Schema.String], result: Schema.String } }
})
