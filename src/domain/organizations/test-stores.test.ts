// The stores the Organizations tests run on: a migrated SQLite file, and a migrated schema of
// XACCESS_TEST_POSTGRES_URL when PostgreSQL answers (skipped otherwise, failed under CI=true).
// Test-only (it imports src/storage, which the domain itself never does).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import pg from 'pg'
import { migrateToLatest, openDatabase, SqlOrganizationsStore } from '../../storage/index.ts'
import type { OrganizationsStore } from './organizations-store.ts'

const POSTGRES_URL =
  process.env.XACCESS_TEST_POSTGRES_URL ?? 'postgres://xaccess:xaccess@127.0.0.1:5432/xaccess_test'

/** A migrated, empty store and how to dispose of it. */
export interface TestStore {
  readonly store: OrganizationsStore
  close(): Promise<void>
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}

async function openSqlite(): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'xaccess-org-'))
  const database = openDatabase(undefined, dir)
  await migrateToLatest(database.db, database.dialect)
  return {
    store: new SqlOrganizationsStore(database.db),
    close: async () => {
      await database.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function openPostgres(): Promise<TestStore> {
  const schema = `xaccess_org_${randomBytes(6).toString('hex')}`
  await admin(`create schema ${schema}`)
  const database = openDatabase(POSTGRES_URL, tmpdir(), { schema })
  await migrateToLatest(database.db, database.dialect)
  return {
    store: new SqlOrganizationsStore(database.db),
    close: async () => {
      await database.close()
      await admin(`drop schema ${schema} cascade`)
    },
  }
}

const postgresDown = await admin('select 1').then(
  () => undefined,
  (e: unknown) => (e instanceof Error ? e.message : String(e)),
)

/** The backends to run on: SQLite always, PostgreSQL when reachable (required under CI). */
export const TEST_BACKENDS: readonly { name: string; open: () => Promise<TestStore> }[] = [
  { name: 'sqlite', open: openSqlite },
  ...(postgresDown === undefined || process.env.CI === 'true'
    ? [{ name: 'postgres', open: openPostgres }]
    : []),
]

it('opens a migrated Organizations store on every backend', async (t) => {
  if (postgresDown !== undefined) t.diagnostic(`PostgreSQL not reachable: ${postgresDown}`)
  for (const backend of TEST_BACKENDS) {
    const { store, close } = await backend.open()
    try {
      assert.deepEqual(await store.listOrganizations(), [])
    } finally {
      await close()
    }
  }
})
