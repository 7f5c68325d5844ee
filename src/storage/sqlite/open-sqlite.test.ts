import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { migrateToLatest } from '../migrations/migrate.ts'
import { openSqlite } from './open-sqlite.ts'

const dir = mkdtempSync(join(tmpdir(), 'xaccess-open-sqlite-'))
after(() => rmSync(dir, { recursive: true, force: true }))

// ListAccountAssignments' lookup: one permission set in one account.
const PLAN = sql<{ detail: string }>`explain query plan select * from sso_assignment
  where instance_arn = 'arn:inst' and permission_set_arn = 'arn:ps/1' and account_id = '100000000005'`

const planOf = async (db: Kysely<unknown>) =>
  (await PLAN.execute(db)).rows.map((r) => r.detail).join(' | ')

/** 300 accounts × 100 principals × 5 permission sets' worth of assignments, in one statement. */
async function fill(db: Kysely<unknown>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db)
  await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < 29999)
    insert into sso_assignment
    select 'arn:ps/' || (i % 5), cast(100000000000 + i / 100 as text),
      case i % 2 when 0 then 'GROUP' else 'USER' end, 'pid-' || (i % 100), 'arn:inst', 0
    from n`.execute(db)
  await sql`pragma foreign_keys = on`.execute(db)
}

describe('openSqlite: the planner has statistics', () => {
  it('refreshes them periodically, so a table that grew is read through the right index', async () => {
    const db = openSqlite<unknown>(join(dir, 'grown.db'), { optimizeEveryMs: 50 })
    try {
      await migrateToLatest(db, 'sqlite')
      await fill(db)
      let plan = await planOf(db)
      for (let i = 0; i < 100 && !plan.includes('sqlite_autoindex_sso_assignment_1'); i++) {
        await sleep(20)
        plan = await planOf(db)
      }
      assert.match(
        plan,
        /sqlite_autoindex_sso_assignment_1 \(permission_set_arn=\? AND account_id=\?\)/,
      )
    } finally {
      await db.destroy()
    }
  })

  it('takes them at open for a store that has none', async () => {
    const file = join(dir, 'reopened.db')
    const first = openSqlite<unknown>(file, { optimizeEveryMs: 0 })
    await migrateToLatest(first, 'sqlite')
    await fill(first)
    assert.match(
      await planOf(first),
      /sso_assignment_principal_key_idx \(instance_arn=\?\)/,
      'without statistics SQLite reads every assignment of the instance',
    )
    await first.destroy()
    const again = openSqlite<unknown>(file, { optimizeEveryMs: 0 })
    try {
      assert.match(await planOf(again), /sqlite_autoindex_sso_assignment_1/)
    } finally {
      await again.destroy()
    }
  })
})
