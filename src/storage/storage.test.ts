// Runs the storage contract suite on SQLite (a temporary file) and on PostgreSQL (a random
// schema of XACCESS_TEST_POSTGRES_URL, dropped afterwards). PostgreSQL unreachable: the suite is
// skipped with a message, except under CI=true where that is a failure.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { accessAnalyzerContract } from './access-analyzer.contract.ts'
import { scimContract } from './scim.contract.ts'
import { identitySourceContract } from './identity-source.contract.ts'
import { singleUseIdsContract } from './single-use-ids.contract.ts'
import { auditTrailContract } from './audit-trail.contract.ts'
import { journaledAuditStoreContract } from './journaled-audit-store.contract.ts'
import { unitOfWorkContract } from './unit-of-work.contract.ts'
import { consoleSessionsContract } from './console-sessions.contract.ts'
import { openDatabase } from './create-database.ts'
import { iamSecurityStoreContract } from './iam-security-store.contract.ts'
import { iamStoreContract } from './iam-store.contract.ts'
import { identityStoreContract } from './identity-store.contract.ts'
import { instanceProfileStoreContract } from './instance-profiles.contract.ts'
import { identityCenterSessionsStoreContract } from './identity-center-sessions/identity-center-sessions-store.contract.ts'
import { organizationsStoreContract } from './organizations-store.contract.ts'
import { ssoAdminStoreContract } from './sso-admin.contract.ts'
import { trailsContract } from './trails.contract.ts'
import { s3StoreContract } from './s3-store.contract.ts'
import type { TestDatabase } from './test-database.fixture.ts'

const POSTGRES_URL =
  process.env.XACCESS_TEST_POSTGRES_URL ?? 'postgres://xaccess:xaccess@127.0.0.1:5432/xaccess_test'

const sqliteTarget = async (): Promise<TestDatabase> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'xaccess-storage-'))
  return {
    url: undefined,
    dataDir,
    options: {},
    drop: () => rm(dataDir, { recursive: true, force: true }),
  }
}
organizationsStoreContract('sqlite', sqliteTarget)
iamStoreContract('sqlite', sqliteTarget)
iamSecurityStoreContract('sqlite', sqliteTarget)
identityStoreContract('sqlite', sqliteTarget)
ssoAdminStoreContract('sqlite', sqliteTarget)
identityCenterSessionsStoreContract('sqlite', sqliteTarget)
consoleSessionsContract('sqlite', sqliteTarget)
auditTrailContract('sqlite', sqliteTarget)
auditTrailContract('sqlite', sqliteTarget, { journal: true })
journaledAuditStoreContract('sqlite', sqliteTarget)
unitOfWorkContract('sqlite', sqliteTarget)
trailsContract('sqlite', sqliteTarget)
instanceProfileStoreContract('sqlite', sqliteTarget)
s3StoreContract('sqlite', sqliteTarget)
accessAnalyzerContract('sqlite', sqliteTarget)
scimContract('sqlite', sqliteTarget)
identitySourceContract('sqlite', sqliteTarget)
singleUseIdsContract('sqlite', sqliteTarget)

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const unreachable = await withAdmin((c) => c.query('select 1')).then(
  () => undefined,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
)
const redacted = POSTGRES_URL.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')

if (unreachable === undefined) {
  const postgresTarget = async (): Promise<TestDatabase> => {
    const schema = `xaccess_test_${randomBytes(6).toString('hex')}`
    await withAdmin((c) => c.query(`create schema ${schema}`))
    return {
      url: POSTGRES_URL,
      dataDir: tmpdir(),
      options: { schema },
      drop: () => withAdmin((c) => c.query(`drop schema ${schema} cascade`)).then(() => {}),
    }
  }
  organizationsStoreContract('postgres', postgresTarget)
  iamStoreContract('postgres', postgresTarget)
  iamSecurityStoreContract('postgres', postgresTarget)
  identityStoreContract('postgres', postgresTarget)
  ssoAdminStoreContract('postgres', postgresTarget)
  identityCenterSessionsStoreContract('postgres', postgresTarget)
  consoleSessionsContract('postgres', postgresTarget)
  auditTrailContract('postgres', postgresTarget)
  auditTrailContract('postgres', postgresTarget, { journal: true })
  journaledAuditStoreContract('postgres', postgresTarget)
  unitOfWorkContract('postgres', postgresTarget)
  trailsContract('postgres', postgresTarget)
  instanceProfileStoreContract('postgres', postgresTarget)
  s3StoreContract('postgres', postgresTarget)
  accessAnalyzerContract('postgres', postgresTarget)
  scimContract('postgres', postgresTarget)
  identitySourceContract('postgres', postgresTarget)
  singleUseIdsContract('postgres', postgresTarget)
} else if (process.env.CI === 'true') {
  it('PostgreSQL is reachable (required under CI=true)', () => {
    assert.fail(`PostgreSQL not reachable at ${redacted}: ${unreachable}`)
  })
} else {
  it('OrganizationsStore contract on postgres', {
    skip: `PostgreSQL not reachable at ${redacted} (${unreachable}); set XACCESS_TEST_POSTGRES_URL or run scripts/ci-postgres.sh`,
  })
}

describe('openDatabase', () => {
  it('opens SQLite in WAL, synchronous=FULL, foreign keys on, lock waits off the event loop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'xaccess-pragmas-'))
    const { db, dialect, close } = openDatabase('sqlite:', dataDir)
    try {
      assert.equal(dialect, 'sqlite')
      const read = async (pragma: string) =>
        Object.values((await sql.raw(`pragma ${pragma}`).execute(db)).rows[0] as object)[0]
      assert.equal(await read('journal_mode'), 'wal')
      assert.equal(await read('synchronous'), 2) // FULL
      assert.equal(await read('foreign_keys'), 1)
      assert.equal(await read('busy_timeout'), 0)
    } finally {
      await close()
      await rm(dataDir, { recursive: true, force: true })
    }
    assert.equal(existsSync(dataDir), false)
  })

  it('rejects an unknown URL scheme without echoing the password', () => {
    assert.throws(
      () => openDatabase('mysql://u:secret@h/db', tmpdir()),
      (error: Error) => !error.message.includes('secret') && /unsupported/.test(error.message),
    )
  })
})
