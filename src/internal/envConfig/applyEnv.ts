/**
 * The environment variables over a profile: a set variable wins over the
 * file's value.
 *
 * @internal
 */
import type * as Config from "effect/Config"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type { Mutable } from "effect/Types"
import type {
  ClientConfigCodec,
  ClientConfigProfile,
  ClientConfigTls,
  DataSource,
  SecretDataSource
} from "../../schema/EnvConfig.js"
import { type EnvVars, parseEnvBool } from "./env.js"
import { invalidData } from "./errors.js"
import { normalizeGrpcMetaKey } from "./grpcMeta.js"

/** A certificate or key given by the file and by the variables `TEMPORAL_TLS_<NAME>_PATH` / `_DATA`. */
interface SourceOverride<S extends DataSource | SecretDataSource> {
  /** The TOML name: `client_cert`, `client_key`, `server_ca_cert`. */
  readonly name: string
  /** How messages name it: `client cert`, ... */
  readonly label: string
  readonly fromFile: S | undefined
  readonly fromPathVar: Option.Option<S>
  readonly fromDataVar: Option.Option<S>
}

/** The variable's source over the file's; path and data exclusive, also across the file and the variables. */
const overrideSource = <S extends DataSource | SecretDataSource>(
  { fromDataVar, fromFile, fromPathVar, label, name }: SourceOverride<S>
): Result.Result<S | undefined, Config.ConfigError> => {
  const pathVar = `TEMPORAL_TLS_${name.toUpperCase()}_PATH`
  const dataVar = `TEMPORAL_TLS_${name.toUpperCase()}_DATA`
  if (Option.isSome(fromPathVar) && Option.isSome(fromDataVar)) {
    return Result.fail(invalidData([pathVar], `Cannot specify both ${pathVar} and ${dataVar}`))
  }
  if (Option.isSome(fromPathVar)) {
    return fromFile?._tag === "Data"
      ? Result.fail(invalidData(
        [pathVar],
        `Cannot specify the ${label} path with ${pathVar} when ${name}_data is already given`
      ))
      : Result.succeed(fromPathVar.value)
  }
  if (Option.isSome(fromDataVar)) {
    return fromFile?._tag === "Path"
      ? Result.fail(invalidData(
        [dataVar],
        `Cannot specify the ${label} data with ${dataVar} when ${name}_path is already given`
      ))
      : Result.succeed(fromDataVar.value)
  }
  return Result.succeed(fromFile)
}

const pathSource = (path: string) => ({ _tag: "Path" as const, path })

const dataSource = <A>(data: A) => ({ _tag: "Data" as const, data })

/** The TLS settings with the `TEMPORAL_TLS*` variables over them. */
const overrideTls = (
  fromFile: ClientConfigTls | undefined,
  env: EnvVars
): Result.Result<ClientConfigTls | undefined, Config.ConfigError> =>
  Result.gen(function*() {
    // A boolean variable counts only with a boolean value: the CLI does not turn TLS on for
    // `TEMPORAL_TLS=` or `TEMPORAL_TLS=junk`.
    const enabled = Option.flatMap(env.tls, parseEnvBool)
    const disableHostVerification = Option.flatMap(env.tlsDisableHostVerification, parseEnvBool)
    const anyTlsVar = [
      enabled,
      disableHostVerification,
      env.tlsClientCertPath,
      env.tlsClientCertData,
      env.tlsClientKeyPath,
      env.tlsClientKeyData,
      env.tlsServerCaCertPath,
      env.tlsServerCaCertData,
      env.tlsServerName
    ].some((value: Option.Option<unknown>) => Option.isSome(value))
    if (fromFile === undefined && !anyTlsVar) return undefined
    const tls: Mutable<ClientConfigTls> = { ...fromFile }
    if (Option.isSome(enabled)) tls.disabled = !enabled.value
    const clientCert = yield* overrideSource<DataSource>({
      name: "client_cert",
      label: "client cert",
      fromFile: tls.clientCert,
      fromPathVar: Option.map(env.tlsClientCertPath, pathSource),
      fromDataVar: Option.map(env.tlsClientCertData, dataSource)
    })
    if (clientCert !== undefined) tls.clientCert = clientCert
    const clientKey = yield* overrideSource<SecretDataSource>({
      name: "client_key",
      label: "client key",
      fromFile: tls.clientKey,
      fromPathVar: Option.map(env.tlsClientKeyPath, pathSource),
      fromDataVar: Option.map(env.tlsClientKeyData, dataSource)
    })
    if (clientKey !== undefined) tls.clientKey = clientKey
    const serverCaCert = yield* overrideSource<DataSource>({
      name: "server_ca_cert",
      label: "server CA cert",
      fromFile: tls.serverCaCert,
      fromPathVar: Option.map(env.tlsServerCaCertPath, pathSource),
      fromDataVar: Option.map(env.tlsServerCaCertData, dataSource)
    })
    if (serverCaCert !== undefined) tls.serverCaCert = serverCaCert
    if (Option.isSome(env.tlsServerName)) tls.serverName = env.tlsServerName.value
    if (Option.isSome(disableHostVerification)) tls.disableHostVerification = disableHostVerification.value
    return tls
  })

/** The codec settings with `TEMPORAL_CODEC_*` over them. */
const overrideCodec = (fromFile: ClientConfigCodec | undefined, env: EnvVars): ClientConfigCodec | undefined => {
  if (fromFile === undefined && Option.isNone(env.codecEndpoint) && Option.isNone(env.codecAuth)) return undefined
  const codec: Mutable<ClientConfigCodec> = { ...fromFile }
  if (Option.isSome(env.codecEndpoint)) codec.endpoint = env.codecEndpoint.value
  if (Option.isSome(env.codecAuth)) codec.auth = env.codecAuth.value
  return codec
}

/** The headers with `TEMPORAL_GRPC_META_*` over them; an empty value removes a header. */
const overrideGrpcMeta = (
  fromFile: Readonly<Record<string, string>> | undefined,
  env: EnvVars
): Readonly<Record<string, string>> | undefined => {
  if (env.grpcMeta.length === 0) return fromFile
  const meta: Record<string, string> = { ...fromFile }
  for (const [name, value] of env.grpcMeta) {
    const key = normalizeGrpcMetaKey(name)
    if (value === "") delete meta[key]
    else meta[key] = value
  }
  return meta
}

/**
 * Apply the environment variables over a profile: a set variable wins over the file's value.
 *
 * @internal
 */
export const applyEnvVars = (
  profile: ClientConfigProfile,
  env: EnvVars
): Result.Result<ClientConfigProfile, Config.ConfigError> =>
  Result.map(overrideTls(profile.tls, env), (tls) => {
    const out: Mutable<ClientConfigProfile> = { ...profile }
    if (Option.isSome(env.address)) out.address = env.address.value
    if (Option.isSome(env.namespace)) out.namespace = env.namespace.value
    if (Option.isSome(env.apiKey)) out.apiKey = env.apiKey.value
    if (tls !== undefined) out.tls = tls
    const codec = overrideCodec(profile.codec, env)
    if (codec !== undefined) out.codec = codec
    const grpcMeta = overrideGrpcMeta(profile.grpcMeta, env)
    if (grpcMeta !== undefined) out.grpcMeta = grpcMeta
    return out
  })
