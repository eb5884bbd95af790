/**
 * A decoded TOML document to the model and back: snake_case keys to
 * camelCase, `*_path` / `*_data` pairs to sources, secrets to `Redacted`
 * (and written in clear: it is a config file).
 *
 * @internal
 */
import * as Redacted from "effect/Redacted"
import type {
  ClientConfig,
  ClientConfigCodec,
  ClientConfigProfile,
  ClientConfigTls,
  DataSource,
  SecretDataSource
} from "../../schema/EnvConfig.js"
import { normalizeGrpcMetaKey } from "./grpcMeta.js"
import type { TomlCodec, TomlDocument, TomlProfile, TomlTls } from "./tomlDocument.js"

/** A `*_path` / `*_data` pair as a source; an empty `*_data` counts as unset. */
const sourceOf = (path: string | undefined, data: string | undefined): DataSource | undefined =>
  path !== undefined
    ? { _tag: "Path", path }
    : data !== undefined && data !== ""
    ? { _tag: "Data", data }
    : undefined

const secretSourceOf = (path: string | undefined, data: string | undefined): SecretDataSource | undefined => {
  const source = sourceOf(path, data)
  return source?._tag === "Data" ? { _tag: "Data", data: Redacted.make(source.data) } : source
}

const tlsFromToml = (tls: TomlTls): ClientConfigTls => {
  const clientCert = sourceOf(tls.client_cert_path, tls.client_cert_data)
  const clientKey = secretSourceOf(tls.client_key_path, tls.client_key_data)
  const serverCaCert = sourceOf(tls.server_ca_cert_path, tls.server_ca_cert_data)
  return {
    ...(tls.disabled !== undefined ? { disabled: tls.disabled } : {}),
    ...(clientCert !== undefined ? { clientCert } : {}),
    ...(clientKey !== undefined ? { clientKey } : {}),
    ...(serverCaCert !== undefined ? { serverCaCert } : {}),
    ...(tls.server_name !== undefined ? { serverName: tls.server_name } : {}),
    ...(tls.disable_host_verification !== undefined
      ? { disableHostVerification: tls.disable_host_verification }
      : {})
  }
}

const codecFromToml = (codec: TomlCodec): ClientConfigCodec => ({
  ...(codec.endpoint !== undefined ? { endpoint: codec.endpoint } : {}),
  ...(codec.auth !== undefined ? { auth: Redacted.make(codec.auth) } : {})
})

const normalizeGrpcMeta = (meta: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(meta).map(([key, value]) => [normalizeGrpcMetaKey(key), value]))

const profileFromToml = (profile: TomlProfile): ClientConfigProfile => ({
  ...(profile.address !== undefined ? { address: profile.address } : {}),
  ...(profile.namespace !== undefined ? { namespace: profile.namespace } : {}),
  ...(profile.api_key !== undefined ? { apiKey: Redacted.make(profile.api_key) } : {}),
  ...(profile.tls !== undefined ? { tls: tlsFromToml(profile.tls) } : {}),
  ...(profile.codec !== undefined ? { codec: codecFromToml(profile.codec) } : {}),
  ...(profile.grpc_meta !== undefined ? { grpcMeta: normalizeGrpcMeta(profile.grpc_meta) } : {})
})

/**
 * The model of a decoded TOML document.
 *
 * @internal
 */
export const configFromToml = (document: TomlDocument): ClientConfig => ({
  profiles: Object.fromEntries(
    Object.entries(document.profile ?? {}).map(([name, profile]) => [name, profileFromToml(profile)])
  )
})

/** The `*_path` or `*_data` key of a source, secrets in clear. */
const sourceToToml = (name: string, source: DataSource | SecretDataSource | undefined): Record<string, string> =>
  source === undefined
    ? {}
    : source._tag === "Path"
    ? { [`${name}_path`]: source.path }
    : { [`${name}_data`]: Redacted.isRedacted(source.data) ? Redacted.value(source.data) : source.data }

const tlsToToml = (tls: ClientConfigTls): TomlTls => ({
  ...(tls.disabled !== undefined ? { disabled: tls.disabled } : {}),
  ...sourceToToml("client_cert", tls.clientCert),
  ...sourceToToml("client_key", tls.clientKey),
  ...sourceToToml("server_ca_cert", tls.serverCaCert),
  ...(tls.serverName !== undefined ? { server_name: tls.serverName } : {}),
  ...(tls.disableHostVerification === true ? { disable_host_verification: true } : {})
})

const codecToToml = (codec: ClientConfigCodec): TomlCodec => ({
  ...(codec.endpoint !== undefined ? { endpoint: codec.endpoint } : {}),
  ...(codec.auth !== undefined ? { auth: Redacted.value(codec.auth) } : {})
})

const profileToToml = (profile: ClientConfigProfile): TomlProfile => ({
  ...(profile.address !== undefined ? { address: profile.address } : {}),
  ...(profile.namespace !== undefined ? { namespace: profile.namespace } : {}),
  ...(profile.apiKey !== undefined ? { api_key: Redacted.value(profile.apiKey) } : {}),
  ...(profile.tls !== undefined ? { tls: tlsToToml(profile.tls) } : {}),
  ...(profile.codec !== undefined ? { codec: codecToToml(profile.codec) } : {}),
  ...(profile.grpcMeta !== undefined && Object.keys(profile.grpcMeta).length > 0
    ? { grpc_meta: normalizeGrpcMeta(profile.grpcMeta) }
    : {})
})

/**
 * The TOML document of a config, with the keys the CLI and the SDKs read.
 *
 * @internal
 */
export const configToToml = (config: ClientConfig): TomlDocument => ({
  profile: Object.fromEntries(
    Object.entries(config.profiles).map(([name, profile]) => [name, profileToToml(profile)])
  )
})
