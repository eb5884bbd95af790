/**
 * The one place that loads `@temporalio/proto` and protobufjs at run time,
 * on first use rather than at import.
 *
 * The proto root is a 1.4 MB descriptor that takes about 100 ms to load, and
 * nothing needs it before the first RPC, conversion or Layer build, so
 * importing the package must not load it. Every accessor here loads (once,
 * synchronously) what it returns. Both packages are CommonJS; they are loaded
 * with the `require` of `createRequire`, which shares Node's module cache with
 * ESM imports of them, so a user's `import ... from "@temporalio/proto"` sees
 * the same root. Enum values that code needs without the root are mirrored in
 * `./enums.ts`. Types may still be imported with
 * `import type { temporal } from "@temporalio/proto"` anywhere: they cost
 * nothing at run time. Loading the root gives its messages Effect's `Equal`
 * and `Hash` by own fields (`./messageEquality.ts`).
 *
 * @internal
 */
import type * as ProtoModule from "@temporalio/proto"
import { createRequire } from "node:module"
import type * as protobuf from "protobufjs"
import type * as ProtoJson from "protobufjs/ext/protojson.js"
import { installMessageEquality } from "./messageEquality.js"
import { installOneofSetter } from "./oneofSetter.js"

const require = createRequire(import.meta.url)

let loadedRoot: typeof ProtoModule | undefined
let loadedProtoJson: typeof ProtoJson | undefined
let loadedProtobuf: typeof protobuf | undefined

const protoModule = (): typeof ProtoModule => {
  if (loadedRoot === undefined) {
    installOneofSetter((require("protobufjs/minimal.js") as typeof protobuf).util)
    loadedRoot = require("@temporalio/proto") as typeof ProtoModule
    // The prototype every decoded message inherits (protobufjs's `Message.prototype`, of the
    // copy `@temporalio/proto` uses), from one decoded message.
    const sample = loadedRoot.temporal.api.common.v1.Payload.decode(new Uint8Array(0))
    installMessageEquality(Object.getPrototypeOf(Object.getPrototypeOf(sample)) as object)
  }
  return loadedRoot
}

/**
 * The `@temporalio/proto` root (loads it on the first call).
 *
 * @internal
 */
export const root = (): protobuf.Root => protoModule() as unknown as protobuf.Root

/**
 * The `temporal` namespace of the proto root (loads it on the first call).
 *
 * @internal
 */
export const temporal = (): typeof ProtoModule.temporal => protoModule().temporal

/**
 * The `google` namespace of the proto root (loads it on the first call).
 *
 * @internal
 */
export const google = (): typeof ProtoModule.google => protoModule().google

/**
 * The `grpc` namespace of the proto root, the gRPC health service's messages
 * (loads it on the first call).
 *
 * @internal
 */
export const grpcHealth = (): typeof ProtoModule.grpc => protoModule().grpc

/**
 * protobufjs's canonical proto3 JSON extension (loads it on the first call).
 *
 * @internal
 */
export const protojson =
  (): typeof ProtoJson => (loadedProtoJson ??= require("protobufjs/ext/protojson.js") as typeof ProtoJson)

/**
 * protobufjs's runtime (`protobufjs/minimal`), loaded on the first call.
 *
 * @internal
 */
export const protobufjs =
  (): typeof protobuf => (loadedProtobuf ??= require("protobufjs/minimal.js") as typeof protobuf)
