/**
 * The HTTPS endpoint's certificate: made at first start, self-signed, at
 * `<data-dir>/tls/cert.pem` with its key at `<data-dir>/tls/key.pem` (mode 0600), and read back
 * afterwards. An EC P-256 key; the certificate names localhost, 127.0.0.1 and ::1 (and
 * `*.localhost`, which TLS clients do not match under a one-label name: over HTTPS, address S3
 * path-style, as the AWS CLI and SDKs do with an endpoint URL), and is its own CA (clients trust it with `--ca-bundle cert.pem`,
 * `AWS_CA_BUNDLE` or `NODE_EXTRA_CA_CERTS`). Encoded here in DER (RFC 5280) with node:crypto, so
 * no openssl binary is needed.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where the certificate lives under the data dir. */
export const TLS_FOLDER = 'tls'

/** A certificate and its key, PEM. */
export interface TlsMaterial {
  readonly cert: string
  readonly key: string
  readonly certPath: string
}

const len = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content)
  return Buffer.concat([Buffer.from([tag]), len(body.length), body])
}
const seq = (...c: Buffer[]) => tlv(0x30, ...c)
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]]
  const out = [40 * a + b]
  for (const n of rest) {
    const group = [n & 0x7f]
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128))
      group.unshift((v & 0x7f) | 0x80)
    out.push(...group)
  }
  return tlv(0x06, Buffer.from(out))
}
const integer = (bytes: Buffer): Buffer =>
  tlv(0x02, (bytes[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)
const time = (d: Date): Buffer => {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2)))
    : tlv(0x18, Buffer.from(iso))
}
const name = (cn: string) => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn)))))
const extension = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value))

/** Makes a self-signed certificate for local use, valid ten years from `now`. */
export function makeSelfSignedCertificate(now = new Date()): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  // The key identifier: SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2, method 1).
  const keyBits = spki.subarray(spki.length - 65)
  const keyId = createHash('sha1').update(keyBits).digest()
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'))
  const subject = name('xaccess local endpoint')
  const altNames = seq(
    tlv(0x82, Buffer.from('localhost')),
    tlv(0x82, Buffer.from('*.localhost')),
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.from([...Array(15).fill(0), 1])),
  )
  const extensions = tlv(
    0xa3,
    seq(
      extension('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))),
      // digitalSignature and keyCertSign.
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0x84]))),
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      extension('2.5.29.17', false, altNames),
      extension('2.5.29.14', false, tlv(0x04, keyId)),
      extension('2.5.29.35', false, seq(tlv(0x80, keyId))),
    ),
  )
  const serial = randomBytes(16)
  serial[0] = serial[0]! & 0x7f
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000)
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 60 * 60 * 1000)
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaSha256,
    subject,
    seq(time(notBefore), time(notAfter)),
    subject,
    spki,
    extensions,
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.from([0]), signature))
  const pem = (label: string, body: Buffer) =>
    `-----BEGIN ${label}-----\n${body.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`
  return {
    cert: pem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

/**
 * The certificate of `<data-dir>/tls/`, made on first use. Several nodes sharing a data dir: the
 * first to create the files wins, the others read them.
 */
export function loadOrCreateCertificate(dataDir: string): TlsMaterial {
  const dir = join(dataDir, TLS_FOLDER)
  const certPath = join(dir, 'cert.pem')
  const keyPath = join(dir, 'key.pem')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  try {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  const made = makeSelfSignedCertificate()
  try {
    writeFileSync(keyPath, made.key, { mode: 0o600, flag: 'wx' })
    writeFileSync(certPath, made.cert, { mode: 0o644, flag: 'wx' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath }
  }
  // A certificate that does not parse is a bug here, not something to serve.
  new X509Certificate(made.cert)
  return { ...made, certPath }
}
