/**
 * Publishes the audit trail's digest public key as `<data-dir>/audit-public-key.pem`, so anyone
 * can check digest signatures without the master key.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DigestSigner } from '../domain/cloudtrail/index.ts'

/** The file's name in the data directory. */
export const AUDIT_PUBLIC_KEY_FILE = 'audit-public-key.pem'

/** Writes the public key unless the file already holds it. */
export function publishAuditPublicKey(dataDir: string, signer: DigestSigner): string {
  const file = join(dataDir, AUDIT_PUBLIC_KEY_FILE)
  const pem = signer.publicKeyPem()
  let current: string | undefined
  try {
    current = readFileSync(file, 'utf8')
  } catch {
    current = undefined
  }
  if (current !== pem) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, pem, { mode: 0o644 })
  }
  return file
}
