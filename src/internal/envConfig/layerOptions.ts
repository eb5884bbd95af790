/**
 * The options of `Connection.layerConfig`: what says where to load the env
 * config from, and the explicit options that win over it.
 *
 * @internal
 */
import type { LoadProfileOptions } from "../../EnvConfig.js"
import type { ConnectionOptions } from "../../services/Connection.js"

const loadKeys = ["profile", "configFile", "configData", "strict", "disableFile", "disableEnv"] as const

/**
 * Split `layerConfig` options into what says where to load from and the explicit overrides.
 *
 * @internal
 */
export const splitLayerConfigOptions = <O extends LoadProfileOptions>(
  options: O
): { readonly load: LoadProfileOptions; readonly overrides: Omit<O, (typeof loadKeys)[number]> } => {
  const load: Record<string, unknown> = {}
  const overrides: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    if ((loadKeys as ReadonlyArray<string>).includes(key)) load[key] = value
    else overrides[key] = value
  }
  return { load: load as LoadProfileOptions, overrides: overrides as Omit<O, (typeof loadKeys)[number]> }
}

/**
 * Explicit options over the loaded ones; `rpcMetadata` merged header by header.
 *
 * @internal
 */
export const mergeConnectionOptions = <O extends ConnectionOptions>(
  loaded: ConnectionOptions,
  overrides: O
): ConnectionOptions & O => {
  const merged = Object.assign({}, loaded, overrides) as Record<string, unknown>
  if (loaded.rpcMetadata !== undefined && overrides.rpcMetadata !== undefined) {
    merged["rpcMetadata"] = { ...loaded.rpcMetadata, ...overrides.rpcMetadata }
  }
  return merged as ConnectionOptions & O
}
