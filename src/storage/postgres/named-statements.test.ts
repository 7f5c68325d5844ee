import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../../../test/support/test-postgres.ts'
import {
  nameClientStatements,
  STATEMENT_NAME_LIMIT,
  STATEMENT_PARAMETER_LIMIT,
  StatementNames,
} from './named-statements.ts'
import { openPostgres } from './open-postgres.ts'

describe('StatementNames', () => {
  it('names each parameterized text once, within its limits', () => {
    const names = new StatementNames()
    const a = names.nameOf('select $1', 1)
    assert.ok(a !== undefined)
    assert.equal(names.nameOf('select $1', 1), a)
    assert.notEqual(names.nameOf('select $1, $2', 2), a)
    assert.equal(names.nameOf('begin', 0), undefined)
    assert.equal(names.nameOf('insert …', STATEMENT_PARAMETER_LIMIT + 1), undefined)
    for (let i = 0; names.size < STATEMENT_NAME_LIMIT; i++) names.nameOf(`select ${i}, $1`, 1)
    assert.equal(names.nameOf('select $1, $2, $3', 3), undefined, 'full: runs unnamed')
    assert.equal(names.nameOf('select $1', 1), a, 'known texts keep their name')
    names.forget('select $1')
    const renamed = names.nameOf('select $1', 1)
    assert.ok(renamed !== undefined && renamed !== a, 'a forgotten text gets a new name')
  })
})

const unreachable = await postgresUnreachable()
const skip =
  unreachable === undefined || process.env.CI === 'true'
    ? false
    : `PostgreSQL not reachable at ${redactedPostgresUrl}`

describe('named statements on PostgreSQL', { skip }, () => {
  let url = ''
  let drop: (() => Promise<void>) | undefined
  before(async () => {
    const created = await createPostgresDatabase('xaccess_named')
    url = created.url
    drop = created.drop
  })
  after(async () => drop?.())

  it('prepares a statement once per connection and reuses it', async () => {
    const db = openPostgres<Record<string, never>>(url, { maxConnections: 1 })
    try {
      for (let i = 0; i < 5; i++) {
        const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(db)
        assert.equal(rows[0]!.n, i + 1)
      }
      const { rows } = await sql<{
        name: string
        statement: string
        generic_plans: number
        custom_plans: number
      }>`select name, statement, generic_plans, custom_plans from pg_prepared_statements`.execute(
        db,
      )
      const mine = rows.filter((r) => r.statement.includes('::int + 1'))
      assert.equal(mine.length, 1, JSON.stringify(rows))
      assert.equal(Number(mine[0]!.generic_plans) + Number(mine[0]!.custom_plans), 5)
    } finally {
      await db.destroy()
    }
  })

  it('runs a statement unnamed again when the schema changed under its plan', async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const names = new StatementNames()
      nameClientStatements(client, names)
      await client.query('create table t (a int)')
      const read = () => client.query('select * from t where a = $1', [1])
      await read()
      await client.query('alter table t add column b int')
      const { fields } = await read()
      assert.deepEqual(
        fields.map((f) => f.name),
        ['a', 'b'],
      )
      assert.equal(names.size, 0, 'the stale text is no longer named')
    } finally {
      await client.end()
    }
  })

  it('leaves other calls as they were', async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      nameClientStatements(client, new StatementNames())
      assert.equal((await client.query('select 1 as one')).rows[0].one, 1)
      assert.equal((await client.query({ text: 'select $1::int as v', values: [7] })).rows[0].v, 7)
    } finally {
      await client.end()
    }
  })
})
