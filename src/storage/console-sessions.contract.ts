// The web console's store contract (sessions and failed IAM sign-ins): one suite every backend
// must pass, run by storage.test.ts on SQLite and on PostgreSQL. A second connection to the same
// database stands for a second node.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { StoreError } from '../domain/common/store-error.ts'
import type { Kysely } from 'kysely'
import type { ConsoleSessionRecord, RecentRole } from '../domain/identity-center/console/index.ts'
import { SqlConsoleSessionStore, SqlConsoleSignInFailures } from './console-sessions/index.ts'
import type { ConsoleSessionsSchema } from './console-sessions/index.ts'
import type { Database } from './create-database.ts'
import { migrateToLatest } from './migrations/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'

const T = 1_772_366_400_000 // 2026-03-01T12:00:00Z: past 2^31 seconds, exercises bigint
const DAY = 24 * 3600_000

/**
 * Registers the contract for one backend.
 *
 * @example
 * consoleSessionsContract('sqlite', factory)
 */
export function consoleSessionsContract(name: string, factory: TestDatabaseFactory): void {
  describe(`console sessions and sign-in failures on ${name}`, () => {
    let drop: () => Promise<void>
    let nodeA: Database
    let nodeB: Database
    let sessionsA: SqlConsoleSessionStore
    let sessionsB: SqlConsoleSessionStore
    let failuresA: SqlConsoleSignInFailures
    let failuresB: SqlConsoleSignInFailures
    let seq = 0
    const unique = (prefix: string) => `${prefix}-${++seq}`

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      nodeA = connect(target)
      await migrateToLatest(nodeA.db, nodeA.dialect)
      nodeB = connect(target)
      sessionsA = new SqlConsoleSessionStore(nodeA.db)
      sessionsB = new SqlConsoleSessionStore(nodeB.db)
      failuresA = new SqlConsoleSignInFailures(nodeA.db)
      failuresB = new SqlConsoleSignInFailures(nodeB.db)
    })
    after(async () => {
      await nodeA?.close()
      await nodeB?.close()
      await drop?.()
    })

    const session = (over: Partial<ConsoleSessionRecord> = {}): ConsoleSessionRecord => ({
      idHash: unique('hash'),
      csrfToken: unique('csrf'),
      origin: 'iam-user',
      baseToken: unique('sealed-base-token'),
      baseExpiresAt: T + 12 * 3600_000,
      switched: undefined,
      recentRoles: [],
      createdAt: T,
      lastSeenAt: T,
      ...over,
    })
    const role: RecentRole = {
      accountId: '111122223333',
      roleName: 'Admin',
      displayName: 'Dev',
      color: 'blue',
    }
    const switched = {
      ...role,
      color: 'red' as const,
      sessionToken: 'sealed-role-token',
      expiresAt: T + 3600_000,
    }

    it('keeps a session whole, and another node reads the same', async () => {
      const record = session({
        origin: 'portal',
        switched,
        recentRoles: [
          { ...role, color: 'red' },
          { ...role, roleName: 'ReadOnly', color: 'green' },
        ],
      })
      await sessionsA.create(record)
      assert.deepEqual(await sessionsA.get(record.idHash), record)
      assert.deepEqual(await sessionsB.get(record.idHash), record)
      const plain = session()
      await sessionsA.create(plain)
      assert.deepEqual(await sessionsB.get(plain.idHash), plain)
      assert.equal(await sessionsA.get('no-such-hash'), undefined)
    })

    it('refuses a second session with the same id hash', async () => {
      const record = session()
      await sessionsA.create(record)
      await assert.rejects(
        sessionsB.create({ ...record, csrfToken: 'other' }),
        (e: unknown) => e instanceof StoreError && e.kind === 'AlreadyExists',
      )
      assert.equal((await sessionsA.get(record.idHash))?.csrfToken, record.csrfToken)
    })

    it('puts changes to a live session only; a session ended elsewhere stays ended', async () => {
      const record = session()
      await sessionsA.create(record)
      const next = { ...record, switched, recentRoles: [role], lastSeenAt: T + 5000 }
      await sessionsB.put(next)
      assert.deepEqual(await sessionsA.get(record.idHash), next)
      await sessionsB.put({ ...next, switched: undefined })
      assert.equal((await sessionsA.get(record.idHash))?.switched, undefined)
      assert.equal(await sessionsB.delete(record.idHash), true)
      assert.equal(await sessionsA.delete(record.idHash), false)
      await sessionsA.put(next)
      assert.equal(await sessionsA.get(record.idHash), undefined)
    })

    it('purges idle sessions and sessions past their absolute limit', async () => {
      const idle = session({ lastSeenAt: T - 10 })
      const old = session({ createdAt: T - 10, lastSeenAt: T + 100 })
      const live = session({ createdAt: T, lastSeenAt: T + 100 })
      for (const r of [idle, old, live]) await sessionsA.create(r)
      await sessionsB.purge(T, T)
      assert.equal(await sessionsA.get(idle.idHash), undefined)
      assert.equal(await sessionsA.get(old.idHash), undefined)
      assert.deepEqual(await sessionsA.get(live.idHash), live)
    })

    it('stores only the record: the hash as the key, tokens as given, nothing else', async () => {
      const record = session({ switched })
      await sessionsA.create(record)
      const db = nodeA.db as unknown as Kysely<ConsoleSessionsSchema>
      const row = await db
        .selectFrom('console_session')
        .selectAll()
        .where('id_hash', '=', record.idHash)
        .executeTakeFirstOrThrow()
      assert.deepEqual(Object.keys(row).sort(), [
        'base_expires_at',
        'base_token',
        'created_at',
        'csrf_token',
        'id_hash',
        'last_seen_at',
        'origin',
        'recent_roles',
        'switched',
      ])
      assert.equal(row.base_token, record.baseToken)
    })

    it('locks from the fifth failure, doubling up to 15 minutes, across nodes', async () => {
      const key = unique('111122223333/alice')
      for (let i = 1; i <= 4; i++) {
        const store = i % 2 === 0 ? failuresA : failuresB
        assert.equal(await store.record(key, T + i), undefined, `failure ${i}`)
      }
      assert.equal(await failuresA.lockedUntil(key, T + 4), undefined)
      assert.equal(await failuresA.record(key, T + 5), T + 5 + 1000)
      assert.equal(await failuresB.lockedUntil(key, T + 5), T + 5 + 1000)
      assert.equal(await failuresB.lockedUntil(key, T + 5 + 1000), undefined)
      assert.equal(await failuresB.record(key, T + 2000), T + 2000 + 2000)
      assert.equal(await failuresA.record(key, T + 5000), T + 5000 + 4000)
      for (let i = 8; i <= 20; i++) await failuresA.record(key, T + 10_000)
      assert.equal(await failuresB.lockedUntil(key, T + 10_000), T + 10_000 + 15 * 60_000)
    })

    it('never shortens a longer lock, and a success clears the count everywhere', async () => {
      const key = unique('111122223333/bob')
      for (let i = 1; i <= 7; i++) await failuresA.record(key, T) // locked until T + 4 s
      // A failure recorded late but stamped earlier (clock skew between nodes) keeps the lock.
      assert.equal(await failuresB.record(key, T - 5000), T + 4000)
      await failuresB.clear(key)
      assert.equal(await failuresA.lockedUntil(key, T), undefined)
      assert.equal(await failuresA.record(key, T), undefined)
    })

    it('counts failures racing on two nodes, each once', async () => {
      const key = unique('111122223333/carol')
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? failuresA : failuresB).record(key, T)),
      )
      // The 10th failure locks for 2^5 seconds.
      assert.equal(await failuresA.lockedUntil(key, T), T + 32_000)
    })

    it('forgets a count a day after its last failure, once its lock has ended', async () => {
      const key = unique('111122223333/dave')
      for (let i = 1; i <= 4; i++) await failuresA.record(key, T)
      assert.equal(await failuresB.record(key, T + DAY + 1), undefined)
      for (let i = 2; i <= 4; i++) await failuresB.record(key, T + DAY + 1)
      assert.equal(await failuresB.record(key, T + DAY + 2), T + DAY + 2 + 1000)
    })

    it('keeps keys only as SHA-256', async () => {
      const key = unique('111122223333/typed-a-password-here')
      await failuresA.record(key, T)
      const db = nodeA.db as unknown as Kysely<ConsoleSessionsSchema>
      const rows = await db.selectFrom('console_sign_in_failure').select('key_hash').execute()
      assert.ok(rows.length > 0)
      assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash)))
    })
  })
}
