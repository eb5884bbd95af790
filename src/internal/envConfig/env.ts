/**
 * The environment variables of the env config, read through `Config` (so the
 * current `ConfigProvider` decides where they come from).
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as PublicEnvConfig from "../../EnvConfig.js"
import { grpcMetaEnvVars } from "./grpcMeta.js"

/**
 * The environment variables of Temporal's env config, as read through `Config`
 * (declared with the public module's docs).
 *
 * @internal
 */
export type EnvVars = PublicEnvConfig.EnvVars

/**
 * An optional variable.
 *
 * @internal
 */
export const optionalVar = (name: string) => Config.option(Config.String(name))

const optionalSecretVar = (name: string) => Config.option(Config.Redacted(name))

/**
 * Every fixed-name variable; `TEMPORAL_GRPC_META_*` needs enumeration and is read by `readEnvVars`.
 *
 * @internal
 */
export const fixedEnvVars = Config.all({
  configFile: optionalVar("TEMPORAL_CONFIG_FILE"),
  profile: optionalVar("TEMPORAL_PROFILE"),
  address: optionalVar("TEMPORAL_ADDRESS"),
  namespace: optionalVar("TEMPORAL_NAMESPACE"),
  apiKey: optionalSecretVar("TEMPORAL_API_KEY"),
  tls: optionalVar("TEMPORAL_TLS"),
  tlsClientCertPath: optionalVar("TEMPORAL_TLS_CLIENT_CERT_PATH"),
  tlsClientCertData: optionalVar("TEMPORAL_TLS_CLIENT_CERT_DATA"),
  tlsClientKeyPath: optionalVar("TEMPORAL_TLS_CLIENT_KEY_PATH"),
  tlsClientKeyData: optionalSecretVar("TEMPORAL_TLS_CLIENT_KEY_DATA"),
  tlsServerCaCertPath: optionalVar("TEMPORAL_TLS_SERVER_CA_CERT_PATH"),
  tlsServerCaCertData: optionalVar("TEMPORAL_TLS_SERVER_CA_CERT_DATA"),
  tlsServerName: optionalVar("TEMPORAL_TLS_SERVER_NAME"),
  tlsDisableHostVerification: optionalVar("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"),
  codecEndpoint: optionalVar("TEMPORAL_CODEC_ENDPOINT"),
  codecAuth: optionalSecretVar("TEMPORAL_CODEC_AUTH")
})

/**
 * Every env config variable, through the current `ConfigProvider`.
 *
 * @internal
 */
export const readEnvVars: Effect.Effect<EnvVars, Config.ConfigError> = Effect.zipWith(
  fixedEnvVars,
  grpcMetaEnvVars,
  (fixed, grpcMeta) => ({ ...fixed, grpcMeta })
)

/**
 * `true`/`1`/`false`/`0`, in upper or lower case; anything else is ignored (as the CLI and the core SDK do).
 *
 * @internal
 */
export const parseEnvBool = (value: string): Option.Option<boolean> => {
  switch (value.toLowerCase()) {
    case "true":
    case "1":
      return Option.some(true)
    case "false":
    case "0":
      return Option.some(false)
    default:
      return Option.none()
  }
}

/**
 * Variables that were set to something other than a boolean where a boolean is expected.
 *
 * @internal
 */
export const invalidBooleans = (env: EnvVars): ReadonlyArray<string> => {
  const isInvalid = (value: Option.Option<string>) =>
    Option.isSome(value) && value.value !== "" && Option.isNone(parseEnvBool(value.value))
  return [
    ...(isInvalid(env.tls) ? ["TEMPORAL_TLS"] : []),
    ...(isInvalid(env.tlsDisableHostVerification) ? ["TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"] : [])
  ]
}
