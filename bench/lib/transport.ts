/**
 * Which transport (and compression) our rows use, from the environment, so that one bench measures
 * our rows on either transport: `EFFECT_TEMPORAL_TRANSPORT` (`http2`, the default, or `grpc-js`;
 * passed as the `transport` connection option) and `EFFECT_TEMPORAL_GRPC_COMPRESSION` (`gzip`, the
 * default, or `none`). Unset, nothing is passed: the defaults users get. Read by every process that
 * connects our client (part A's drivers, part B's, part C's first start, part D's handles and long
 * polls); the orchestrator passes its environment on to them.
 */
import type { ConnectOptions } from "../../src/TemporalClient.js"

/** The transport our rows were asked to use, for the report: `default` when unset. */
export const oursTransport = (): string => nonEmpty(process.env["EFFECT_TEMPORAL_TRANSPORT"]) ?? "default"

/** The compression our rows were asked to use, for the report: `default` when unset. */
export const oursCompression = (): string => nonEmpty(process.env["EFFECT_TEMPORAL_GRPC_COMPRESSION"]) ?? "default"

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim()

/** The connection options to spread into our `layerConnect` / `Connection.layer` options. */
export const oursConnectionOptions = (): ConnectOptions => {
  const transport = nonEmpty(process.env["EFFECT_TEMPORAL_TRANSPORT"])
  const compression = nonEmpty(process.env["EFFECT_TEMPORAL_GRPC_COMPRESSION"])
  // Built as a plain record: a tree whose options lack `transport` still type-checks and runs
  // (an unknown option is ignored there).
  const options: Record<string, unknown> = {}
  if (transport !== undefined) options["transport"] = transport
  if (compression !== undefined) options["grpcCompression"] = compression
  return options as ConnectOptions
}
