/**
 * The one place that loads `@temporalio/proto`.
 *
 * The package is CommonJS whose `module.exports` is a patched protobufjs
 * root; Node's ESM loader cannot see named exports on it, so every runtime
 * use goes through the default import here. Types may still be imported with
 * `import type { temporal } from "@temporalio/proto"` anywhere.
 *
 * @internal
 */
import protoRoot from "@temporalio/proto"
import type * as protobuf from "protobufjs"

/** @internal */
export const root: protobuf.Root = protoRoot as unknown as protobuf.Root

/** @internal */
export const temporal: typeof protoRoot.temporal = protoRoot.temporal

/** @internal */
export const google: typeof protoRoot.google = protoRoot.google

/** @internal */
export const grpcHealth: typeof protoRoot.grpc = protoRoot.grpc
