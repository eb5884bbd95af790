/**
 * Task queues and workers: describe a task queue's pollers, backlog and
 * rates per task queue type; list and describe workers. The service, its
 * Layer, the task queue and worker models and the options.
 *
 * @since 1.0.0
 */
export * from "./layers/TaskQueueClient.js"
export * from "./schema/TaskQueue.js"
export * from "./schema/TaskQueueOptions.js"
export * from "./schema/Worker.js"
