/**
 * Temporal env config: the entry of the modules under `envConfig/`. TOML
 * parsing (lenient and strict, the document decoded with a Schema) and
 * writing, environment variables read through `Config` and their merge over
 * a profile, locating and reading the config file, and the options of
 * `Connection.layerConfig`.
 *
 * @internal
 */
export { applyEnvVars } from "./envConfig/applyEnv.js"
export { type EnvVars, fixedEnvVars, invalidBooleans, parseEnvBool, readEnvVars } from "./envConfig/env.js"
export { invalidData, missingData, sourceUnavailable } from "./envConfig/errors.js"
export { defaultConfigFile, defaultConfigFilePath, writeFile } from "./envConfig/file.js"
export { grpcMetaEnvVars, grpcMetaPrefix, normalizeGrpcMetaKey } from "./envConfig/grpcMeta.js"
export { mergeConnectionOptions, splitLayerConfigOptions } from "./envConfig/layerOptions.js"
export { load, loadProfile } from "./envConfig/load.js"
export { fromToml, toToml } from "./envConfig/toml.js"
