// The single-use ids' store contract: one suite every backend must pass, run by storage.test.ts
// on SQLite and on PostgreSQL. A second connection to the same database stands for a second node.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Database } from './create-database.ts'
import { migrateToLatest } from './migrations/index.ts'
import { SqlSingleUseIds } from './single-use/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'

const T = 1_772_366_400_000 // 2026-03-01T12:00:00Z: past 2^31 seconds, exercises bigint
const MIN = 60_000

/**
 * Registers the contract for one backend.
 * @example singleUseIdsContract('sqlite', factory)
 */
export function singleUseIdsContract(name: string, factory: TestDatabaseFactory): void {
  describe(`single-use ids on ${name}`, () => {
    let drop: () => Promise<void>
    let nodeA: Database
    let nodeB: Database
    let a: SqlSingleUseIds
    let b: SqlSingleUseIds
    let seq = 0
    const unique = () => `id-${++seq}-${'x'.repeat(300)}`

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      nodeA = connect(target)
      await migrateToLatest(nodeA.db, nodeA.dialect)
      nodeB = connect(target)
      a = new SqlSingleUseIds(nodeA.db)
      b = new SqlSingleUseIds(nodeB.db)
    })
    after(async () => {
      await nodeA?.close()
      await nodeB?.close()
      await drop?.()
    })

    it('an id is used once: again on the same node or on another node is refused', async () => {
      const id = unique()
      assert.equal(await a.use('signin-token', id, T + 15 * MIN, T), true)
      assert.equal(await a.use('signin-token', id, T + 15 * MIN, T + 1), false)
      assert.equal(await b.use('signin-token', id, T + 15 * MIN, T + 2), false)
    })

    it('kinds are separate: the same id of another kind is its own', async () => {
      const id = unique()
      assert.equal(await a.use('signin-token', id, T + MIN, T), true)
      assert.equal(await b.use('saml-assertion', id, T + MIN, T), true)
      assert.equal(await b.use('saml-assertion', id, T + MIN, T), false)
    })

    it('two nodes racing for one id: exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const id = unique()
        const results = await Promise.all([
          a.use('saml-assertion', id, T + MIN, T),
          b.use('saml-assertion', id, T + MIN, T),
          a.use('saml-assertion', id, T + MIN, T),
          b.use('saml-assertion', id, T + MIN, T),
        ])
        assert.equal(results.filter(Boolean).length, 1, JSON.stringify(results))
      }
    })

    it('a use expires: at its expiry the id may be used again', async () => {
      const id = unique()
      assert.equal(await a.use('signin-token', id, T + MIN, T), true)
      assert.equal(await b.use('signin-token', id, T + 2 * MIN, T + MIN - 1), false)
      assert.equal(await b.use('signin-token', id, T + 2 * MIN, T + MIN), true)
      assert.equal(await a.use('signin-token', id, T + 3 * MIN, T + MIN + 1), false)
    })

    it('prune deletes expired uses only', async () => {
      const fresh = unique()
      const old = unique()
      await a.use('signin-token', old, T + MIN, T)
      await a.use('signin-token', fresh, T + 60 * MIN, T)
      const pruned = await b.prune(T + 30 * MIN, true)
      assert.ok(pruned >= 1, `pruned ${pruned}`)
      assert.equal(await a.use('signin-token', fresh, T + 60 * MIN, T + 30 * MIN), false)
      assert.equal(await b.prune(T + 30 * MIN, true), 0)
    })
  })
}
