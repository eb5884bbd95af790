/**
 * A throwaway PKI made at test time with the `openssl` binary (no network):
 *
 * - `ca`: a self-signed root CA;
 * - `server`: a server certificate signed by `ca` for `localhost`, `temporal.test` and `127.0.0.1`;
 * - `serverNamedOnly`: a server certificate signed by `ca` for `temporal.test` only (no IP, no `localhost`),
 *   to exercise `serverNameOverride`;
 * - `client`: a client certificate (extendedKeyUsage clientAuth) signed by `ca`;
 * - `otherCa`: an unrelated CA, and `otherClient`, a client certificate it signed.
 *
 * Keys are EC P-256 (quick to make). Everything is PEM text; the work directory is removed before returning.
 * `makePki()` memoizes one PKI per process, so test files pay for it once.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/** A certificate and its private key, PEM. */
export interface CertPair {
  readonly cert: string
  readonly key: string
}

/** The PKI of one test run. */
export interface TestPki {
  readonly ca: CertPair
  readonly server: CertPair
  readonly serverNamedOnly: CertPair
  readonly client: CertPair
  readonly otherCa: CertPair
  readonly otherClient: CertPair
}

const openssl = (cwd: string, args: ReadonlyArray<string>): void => {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 })
}

const ecKey = (cwd: string, name: string): void =>
  openssl(cwd, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${name}.key`])

const makeCa = (cwd: string, name: string, commonName: string): void => {
  ecKey(cwd, name)
  fs.writeFileSync(
    path.join(cwd, `${name}.ext`),
    [
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash"
    ].join("\n") + "\n"
  )
  openssl(cwd, [
    "req",
    "-new",
    "-key",
    `${name}.key`,
    "-subj",
    `/CN=${commonName}`,
    "-out",
    `${name}.csr`
  ])
  openssl(cwd, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-signkey",
    `${name}.key`,
    "-days",
    "2",
    "-sha256",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`
  ])
}

const makeLeaf = (
  cwd: string,
  name: string,
  ca: string,
  commonName: string,
  extensions: ReadonlyArray<string>
): void => {
  ecKey(cwd, name)
  fs.writeFileSync(path.join(cwd, `${name}.ext`), extensions.join("\n") + "\n")
  openssl(cwd, ["req", "-new", "-key", `${name}.key`, "-subj", `/CN=${commonName}`, "-out", `${name}.csr`])
  openssl(cwd, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-days",
    "2",
    "-sha256",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`
  ])
}

const serverExtensions = (altNames: string): ReadonlyArray<string> => [
  "basicConstraints = critical, CA:FALSE",
  "keyUsage = critical, digitalSignature, keyEncipherment",
  "extendedKeyUsage = serverAuth",
  `subjectAltName = ${altNames}`
]

const clientExtensions: ReadonlyArray<string> = [
  "basicConstraints = critical, CA:FALSE",
  "keyUsage = critical, digitalSignature, keyEncipherment",
  "extendedKeyUsage = clientAuth"
]

/**
 * Generate a fresh PKI (about 0.1–0.3 s). Throws if `openssl` is missing.
 */
export const generatePki = (): TestPki => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-temporal-pki-"))
  try {
    makeCa(dir, "ca", "effect-temporal test CA")
    makeCa(dir, "other-ca", "effect-temporal unrelated CA")
    makeLeaf(dir, "server", "ca", "localhost", serverExtensions("DNS:localhost, DNS:temporal.test, IP:127.0.0.1"))
    makeLeaf(dir, "server-named", "ca", "temporal.test", serverExtensions("DNS:temporal.test"))
    makeLeaf(dir, "client", "ca", "effect-temporal test client", clientExtensions)
    makeLeaf(dir, "other-client", "other-ca", "effect-temporal other client", clientExtensions)
    const pair = (name: string): CertPair => ({
      cert: fs.readFileSync(path.join(dir, `${name}.crt`), "utf8"),
      key: fs.readFileSync(path.join(dir, `${name}.key`), "utf8")
    })
    return {
      ca: pair("ca"),
      server: pair("server"),
      serverNamedOnly: pair("server-named"),
      client: pair("client"),
      otherCa: pair("other-ca"),
      otherClient: pair("other-client")
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

let cached: TestPki | undefined

/** One PKI per process, generated on first use. */
export const makePki = (): TestPki => (cached ??= generatePki())

/**
 * The base64 body lines of a PEM (without the BEGIN/END lines): none of them
 * may show up in anything printed, if the PEM is a secret.
 */
export const pemBodyLines = (pem: string): ReadonlyArray<string> =>
  pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith("-----"))
