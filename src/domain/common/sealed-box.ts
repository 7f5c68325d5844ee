/**
 * Authenticated encryption (AES-256-GCM) with the server's master key, for what must be both
 * secret and unforgeable: session tokens, encoded authorization messages, secrets at rest. Each
 * use names a purpose, bound as associated data, so a sealed value of one kind cannot stand in
 * for another.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto'

export const SEAL_PURPOSES = [
  'session-token',
  'authorization-message',
  'secret',
  'signin-token',
] as const
export type SealPurpose = (typeof SEAL_PURPOSES)[number]

const VERSION = 1

export class SealedBox {
  private readonly key: KeyObject

  /** @param masterKey 32 bytes or more of secret key material (hashed to the AES key). */
  constructor(masterKey: Buffer) {
    if (masterKey.length < 32) throw new Error('the master key must be at least 32 bytes')
    // A KeyObject: Node encrypts much faster with one than with key bytes.
    this.key = createSecretKey(createHash('sha256').update(masterKey).digest())
  }

  /** Encrypts and authenticates; returns base64url text. */
  seal(purpose: SealPurpose, plaintext: string | Buffer): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(`xaccess/${VERSION}/${purpose}`))
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString(
      'base64url',
    )
  }

  /** Decrypts a sealed value; undefined when it was not sealed by this key for this purpose. */
  open(purpose: SealPurpose, sealed: string): Buffer | undefined {
    const raw = Buffer.from(sealed, 'base64url')
    if (raw.length < 1 + 12 + 16 || raw[0] !== VERSION) return undefined
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(1, 13))
      decipher.setAAD(Buffer.from(`xaccess/${VERSION}/${purpose}`))
      decipher.setAuthTag(raw.subarray(13, 29))
      return Buffer.concat([decipher.update(raw.subarray(29)), decipher.final()])
    } catch {
      return undefined
    }
  }
}
