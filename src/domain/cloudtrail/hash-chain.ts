/**
 * The hash chain and the signed digests that make the trail tamper-evident. Every event's hash is
 * SHA-256 over the previous event's hash, the chain (node) id, the event's place and its record
 * text; a digest seals a run of events (its last hash, count and the previous digest's signature)
 * with an Ed25519 signature, like CloudTrail's digest files (CloudTrail User Guide, "CloudTrail
 * digest file structure"). The signing key derives from the server's master key, so every node
 * of one deployment signs with the same key and `audit verify` needs nothing else.
 */
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'

/** The `prevHash` of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** An event's hash. */
export function chainHash(prevHash: string, nodeId: string, seq: number, record: string): string {
  return createHash('sha256')
    .update(`${prevHash}\n${nodeId}\n${seq}\n`)
    .update(record)
    .digest('hex')
}

/** A digest: what one signature seals. */
export interface AuditDigest {
  readonly nodeId: string
  /** From 1, without gaps, per node. */
  readonly digestSeq: number
  readonly firstSeq: number
  readonly lastSeq: number
  readonly lastHash: string
  /** Epoch ms. */
  readonly createdAt: number
  /** The previous digest's signature of this node ('' for its first). */
  readonly previousSignature: string
  /** SHA-256 of the public key (hex), as CloudTrail's `digestPublicKeyFingerprint`. */
  readonly publicKeyFingerprint: string
  /** Base64 Ed25519 signature over {@link digestSigningText}. */
  readonly signature: string
}

/** The text a digest's signature covers: every field but the signature, in a fixed order. */
export function digestSigningText(d: Omit<AuditDigest, 'signature'>): string {
  return [
    'xaccess-audit-digest/1',
    d.nodeId,
    d.digestSeq,
    d.firstSeq,
    d.lastSeq,
    d.lastHash,
    d.createdAt,
    d.previousSignature,
    d.publicKeyFingerprint,
  ].join('\n')
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** Signs and checks digests with the Ed25519 key derived from the master key. */
export class DigestSigner {
  readonly #privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly fingerprint: string

  constructor(masterKey: Buffer) {
    const seed = createHmac('sha256', masterKey)
      .update('xaccess audit digest signing key v1')
      .digest()
    this.#privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    })
    this.publicKey = createPublicKey(this.#privateKey)
    this.fingerprint = publicKeyFingerprint(this.publicKey)
  }

  /** The public key in PEM, to publish. */
  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString()
  }

  /**
   * Signs any text (a trail digest file's data signing string) with the same key; hex, as
   * CloudTrail writes a digest file's signature.
   */
  signText(text: string): string {
    return sign(null, Buffer.from(text), this.#privateKey).toString('hex')
  }

  /** Signs a digest. */
  sign(d: Omit<AuditDigest, 'signature' | 'publicKeyFingerprint'>): AuditDigest {
    const unsigned = { ...d, publicKeyFingerprint: this.fingerprint }
    const signature = sign(null, Buffer.from(digestSigningText(unsigned)), this.#privateKey)
    return { ...unsigned, signature: signature.toString('base64') }
  }
}

/** SHA-256 (hex) of a public key's DER form. */
export function publicKeyFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex')
}

/** True when the digest's signature verifies under `publicKey`. */
export function digestSignatureValid(d: AuditDigest, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      Buffer.from(digestSigningText(d)),
      publicKey,
      Buffer.from(d.signature, 'base64'),
    )
  } catch {
    return false
  }
}
