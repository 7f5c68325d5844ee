import assert from 'node:assert/strict'
import { DatabaseSync } from 'node:sqlite'
import { describe, it } from 'node:test'
import {
  NodeSqliteDatabase,
  STATEMENT_CACHE_LIMIT,
  type SyncDatabase,
} from './node-sqlite-database.ts'

/** Rows as plain objects (node:sqlite's have a null prototype). */
const plain = (rows: readonly unknown[]) => rows.map((r) => ({ ...(r as object) }))

/** A real in-memory database that counts how often SQL is prepared. */
function counted() {
  const real = new DatabaseSync(':memory:')
  const prepared: string[] = []
  const db: SyncDatabase = {
    prepare(sql) {
      prepared.push(sql)
      return real.prepare(sql) as never
    },
    close: () => real.close(),
  }
  return { adapter: new NodeSqliteDatabase(db), prepared }
}

describe('NodeSqliteDatabase', () => {
  it('prepares each SQL text once and reuses it with other parameters', () => {
    const { adapter, prepared } = counted()
    adapter.prepare('create table t (id integer primary key, name text)').run([])
    const insert = 'insert into t (id, name) values (?, ?)'
    for (let i = 0; i < 50; i++) adapter.prepare(insert).run([i, `n${i}`])
    const select = 'select name from t where id = ?'
    assert.deepEqual(plain(adapter.prepare(select).all([7])), [{ name: 'n7' }])
    assert.deepEqual(plain(adapter.prepare(select).all([42])), [{ name: 'n42' }])
    assert.equal(prepared.filter((s) => s === insert).length, 1)
    assert.equal(prepared.filter((s) => s === select).length, 1)
    assert.equal(adapter.prepare(select).reader, true)
    assert.equal(adapter.prepare(insert).reader, false)
  })

  it('a cached statement sees a schema change', () => {
    const { adapter } = counted()
    adapter.prepare('create table t (a integer)').run([])
    adapter.prepare('insert into t (a) values (1)').run([])
    const select = 'select * from t'
    assert.deepEqual(plain(adapter.prepare(select).all([])), [{ a: 1 }])
    adapter.prepare('alter table t add column b text').run([])
    adapter.prepare("update t set b = 'x'").run([])
    assert.deepEqual(plain(adapter.prepare(select).all([])), [{ a: 1, b: 'x' }])
  })

  it('keeps at most STATEMENT_CACHE_LIMIT statements, dropping the least recently used', () => {
    const { adapter, prepared } = counted()
    const first = 'select 0 as n'
    adapter.prepare(first)
    for (let i = 1; i < STATEMENT_CACHE_LIMIT; i++) adapter.prepare(`select ${i} as n`)
    adapter.prepare(first) // used again: now the most recent
    adapter.prepare(`select ${STATEMENT_CACHE_LIMIT} as n`) // drops 'select 1 as n'
    assert.equal(adapter.cachedStatements, STATEMENT_CACHE_LIMIT)
    adapter.prepare(first)
    assert.equal(prepared.filter((s) => s === first).length, 1)
    adapter.prepare('select 1 as n')
    assert.equal(prepared.filter((s) => s === 'select 1 as n').length, 2)
  })
})
