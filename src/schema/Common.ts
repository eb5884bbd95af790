/**
 * Schemas and types shared by the workflow client: durations at the edge,
 * `RetryPolicy`, `Priority`, versioning overrides, the per-call
 * `RpcOptions`, well-formed strings, and the enums Temporal defines (ID
 * reuse / conflict policies, execution status, query reject condition,
 * update stage, history event filter).
 *
 * Enums are string literal unions named after the Python SDK's members in
 * PascalCase (`WorkflowIDReusePolicy.ALLOW_DUPLICATE` → `"AllowDuplicate"`);
 * `internal/convert/common.ts` maps them to the proto enum numbers.
 *
 * Each `validateX` (an Effect failing with `InvalidArgumentError`) has a
 * Schema twin with the same rules and messages (`DurationFromInput`,
 * `CheckedRetryPolicy`, `CheckedPriority`, `CheckedVersioningOverride`,
 * `WellFormedString`) for options decoded by one Schema. The building blocks
 * of such Schemas (`optionalField`, `RequiredString`, `oneOf`, `recordOf`,
 * `PageSize`, `Count`, `RpcOptionsFields`, `CronSchedule`) are here too.
 *
 * @since 0.1.0
 */
export * from "./Common/cron.js"
export * from "./Common/duration.js"
export * from "./Common/enums.js"
export * from "./Common/fields.js"
export * from "./Common/listing.js"
export * from "./Common/payload.js"
export * from "./Common/priority.js"
export * from "./Common/protoMessage.js"
export * from "./Common/retryPolicy.js"
export * from "./Common/rpc.js"
export * from "./Common/strings.js"
export * from "./Common/versioning.js"
