/**
 * What the `xaccess audit` commands need of a server's store, opened beside a running server
 * (SQLite's WAL lets them read while it writes) and never migrated or changed: the audit store
 * and the digest public key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { DigestSigner, type AuditStore } from '../domain/cloudtrail/index.ts'
import { openDatabase, SqlAuditStore, SQLITE_FILE_NAME } from '../storage/index.ts'
import { AUDIT_PUBLIC_KEY_FILE } from './audit-public-key.ts'
import { MASTER_KEY_ENV } from './master-key.ts'

/** An open audit store and how to close it. */
export interface OpenAuditStore {
  readonly store: AuditStore
  close(): Promise<void>
}

/**
 * Opens the audit trail of a server's store: `--database URL`, else the SQLite file in the data
 * directory, which must exist. Throws a message for people when there is no trail to read.
 */
export async function openAuditStore(dataDir: string, database?: string): Promise<OpenAuditStore> {
  if ((database === undefined || database === '') && !existsSync(join(dataDir, SQLITE_FILE_NAME))) {
    throw new Error(
      `no xaccess store in ${dataDir} (no ${SQLITE_FILE_NAME}); give --data-dir or --database`,
    )
  }
  const opened = openDatabase(database, dataDir)
  try {
    await sql`select count(*) from audit_digest`.execute(opened.db)
  } catch {
    await opened.close()
    throw new Error('this store has no audit trail yet: start the server once to create it')
  }
  return { store: new SqlAuditStore(opened.db), close: () => opened.close() }
}

/**
 * The digest public key: a given PEM file, else derived from the master key
 * (`XACCESS_MASTER_KEY`, else `<data-dir>/master.key`), else the published
 * `<data-dir>/audit-public-key.pem`.
 */
export function auditPublicKey(dataDir: string, publicKeyFile?: string): KeyObject {
  if (publicKeyFile !== undefined) return createPublicKey(readFileSync(publicKeyFile, 'utf8'))
  const env = process.env[MASTER_KEY_ENV]
  if (env !== undefined && env !== '') return new DigestSigner(Buffer.from(env, 'base64')).publicKey
  const keyFile = join(dataDir, 'master.key')
  if (existsSync(keyFile)) {
    return new DigestSigner(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).publicKey
  }
  const pem = join(dataDir, AUDIT_PUBLIC_KEY_FILE)
  if (existsSync(pem)) return createPublicKey(readFileSync(pem, 'utf8'))
  throw new Error(
    `no digest public key: give --public-key FILE, set ${MASTER_KEY_ENV}, or --data-dir of the server`,
  )
}
