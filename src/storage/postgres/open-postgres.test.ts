import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
  withPostgresAdmin,
} from '../../../test/support/test-postgres.ts'
import { openPostgres } from './open-postgres.ts'

const unreachable = await postgresUnreachable()
const skip =
  unreachable === undefined || process.env.CI === 'true'
    ? false
    : `PostgreSQL not reachable at ${redactedPostgresUrl}`

describe('openPostgres', { skip }, () => {
  let url = ''
  let drop: (() => Promise<void>) | undefined
  before(async () => {
    const created = await createPostgresDatabase('xaccess_open')
    url = created.url
    drop = created.drop
  })
  after(async () => drop?.())

  it('outlives an idle connection the server ends, and reconnects for the next query', async () => {
    const db = openPostgres<Record<string, never>>(url, { maxConnections: 1 })
    try {
      const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)
      const pid = first.rows[0]!.pid
      const warned = once(process, 'warning') as Promise<[Error]>
      await withPostgresAdmin((c) => c.query('select pg_terminate_backend($1)', [pid]))
      const [warning] = await warned
      assert.equal(warning.name, 'XaccessPostgres')
      assert.match(warning.message, /PostgreSQL closed an idle connection/)
      const next = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)
      assert.notEqual(next.rows[0]!.pid, pid, 'a new connection answers')
    } finally {
      await db.destroy()
    }
  })
})
