import { workflowContract } from "../suites/workflowContract.js"
import { startWorker, withClient } from "../support/client.js"

workflowContract("dev server and the official worker", {
  live: true,
  taskQueue: startWorker("contract"),
  run: (body) => withClient(body)
})
