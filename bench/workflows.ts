/**
 * The workflow the official worker runs in part B (`execute`): it returns its argument. Bundled
 * with `bundleWorkflowCode` into `.cache/bench-workflow-bundle.js`.
 */
export async function echo(...args: Array<unknown>): Promise<unknown> {
  return args.length === 1 ? args[0] : args
}
