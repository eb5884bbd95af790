/**
 * gRPC metadata of the env config: the header name of a `grpc_meta` key or
 * a `TEMPORAL_GRPC_META_<NAME>` variable, and the reading of those
 * variables through any `ConfigProvider`.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * Lower-case and turn `_` into `-`, as every SDK does for `grpc_meta` keys and `TEMPORAL_GRPC_META_*`.
 *
 * @internal
 */
export const normalizeGrpcMetaKey = (key: string): string => key.toLowerCase().replaceAll("_", "-")

/**
 * The prefix of the variables that give headers.
 *
 * @internal
 */
export const grpcMetaPrefix = "TEMPORAL_GRPC_META_"

/**
 * The value of a listed child, if it holds one (a variable can also have children). A child a
 * provider lists but loads as nothing is a variable set to the empty string (providers hide
 * empty values but still list their names), which removes a header.
 */
const valueOf = (node: ConfigProvider.Node | undefined): Option.Option<string> =>
  node === undefined
    ? Option.some("")
    : node._tag === "Array" || node.value === undefined
    ? Option.none()
    : Option.some(node.value)

type Entries = Array<readonly [string, string]>

/**
 * `TEMPORAL_GRPC_META_*` through the current `ConfigProvider`: `[NAME, value]`
 * entries, in no particular order. A provider lists the children of a path
 * (`fromEnv` splits names at `_`; a nested source at its own levels), so this
 * walks the tree down every branch whose `_`-joined name can still begin with
 * the prefix, and takes every value under it: that works whatever the
 * provider's structure.
 *
 * @internal
 */
export const grpcMetaEnvVars: Effect.Effect<ReadonlyArray<readonly [string, string]>, Config.ConfigError> = Effect
  .gen(function*() {
    const provider = yield* ConfigProvider.ConfigProvider
    const load = (path: ReadonlyArray<string>) =>
      Effect.mapError(provider.load(path), (error) => new Config.ConfigError(error))
    const walk = (path: ReadonlyArray<string>, depth: number): Effect.Effect<Entries, Config.ConfigError> =>
      depth > 64 ?
        Effect.succeed([]) :
        Effect.flatMap(
          load(path),
          (node) =>
            node === undefined || node._tag !== "Record" ? Effect.succeed([]) : Effect.map(
              Effect.forEach([...node.keys], (name) => {
                const segments = [...path, name]
                const joined = segments.join("_")
                const under = joined.startsWith(grpcMetaPrefix)
                const here = under && joined.length > grpcMetaPrefix.length
                  ? Effect.map(load(segments), (child) =>
                    Option.match(valueOf(child), {
                      onNone: (): Entries => [],
                      onSome: (value) => [[joined.slice(grpcMetaPrefix.length), value] as const]
                    }))
                  : Effect.succeed<Entries>([])
                return under || grpcMetaPrefix.startsWith(`${joined}_`)
                  ? Effect.zipWith(here, walk(segments, depth + 1), (a, b) => [...a, ...b])
                  : here
              }),
              (nested) => nested.flat()
            )
        )
    const entries = yield* walk([], 0)
    // Deduplicate (a provider may list one key twice, as `orElse` can).
    const seen = new Map<string, string>()
    for (const [name, value] of entries) if (!seen.has(name)) seen.set(name, value)
    return [...seen.entries()]
  })
