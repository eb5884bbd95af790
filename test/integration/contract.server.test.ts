import { activityContract } from "../suites/activityContract.js"
import { type ContractBackend, workflowContract } from "../suites/workflowContract.js"
import { startWorker, withClient } from "../support/client.js"

const backend: ContractBackend = {
  live: true,
  taskQueue: startWorker("contract"),
  run: (body) => withClient(body)
}

workflowContract("dev server and the official worker", backend)
activityContract("dev server and the official worker", backend)
