// The audit trail's store contract: the real writer (AuditTrail) over SqlAuditStore, lookups by
// every attribute with newest-first paging, two nodes' chains in one database, and `audit verify`
// catching each kind of tampering done directly in the database. Run by storage.test.ts on SQLite
// and on PostgreSQL.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AuditTrail,
  DigestSigner,
  verifyAuditTrail,
  type AuditStore,
  type CloudTrailRecord,
  type EventQuery,
  type StoredEvent,
} from '../domain/cloudtrail/index.ts'
import { JournaledAuditStore, SqlAuditStore } from './audit/index.ts'
import type { Database } from './create-database.ts'
import { migrateToLatest } from './migrations/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'

const T = 1_772_366_400_000 // 2026-03-01T12:00:00Z
const signer = new DigestSigner(Buffer.alloc(32, 7))

/** A record of `eventName` by `user` in `account`, at T + i seconds. */
function record(i: number, account: string, eventName: string, user = 'alice'): CloudTrailRecord {
  return {
    eventVersion: '1.11',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE' + user,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      accessKeyId: `AKIA${user.toUpperCase().padEnd(16, 'X')}`,
      userName: user,
    },
    eventTime: new Date(T + i * 1000).toISOString().slice(0, 19) + 'Z',
    eventSource: eventName === 'AssumeRole' ? 'sts.amazonaws.com' : 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.1',
    userAgent: 'test',
    requestParameters: { roleName: `role-${i}` },
    responseElements: null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: eventName.startsWith('Get'),
    resources: [
      { ARN: `arn:aws:iam::${account}:role/role-${i}`, accountId: account, type: 'AWS::IAM::Role' },
    ],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  }
}

/**
 * Registers the contract for one backend; with `journal`, every trail writes through a
 * JournaledAuditStore (as a server does), two of them on one journal folder.
 * @example auditTrailContract('sqlite', factory)
 */
export function auditTrailContract(
  name: string,
  factory: TestDatabaseFactory,
  { journal = false }: { readonly journal?: boolean } = {},
): void {
  describe(`audit trail on ${name}${journal ? ' through its journal' : ''}`, () => {
    let drop: () => Promise<void>
    let database: Database
    let db: Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- raw tampering
    let store: AuditStore
    const journalDir = mkdtempSync(join(tmpdir(), 'xaccess-audit-journal-'))
    const open = (): AuditStore =>
      journal
        ? new JournaledAuditStore(new SqlAuditStore(database.db), { dir: journalDir })
        : new SqlAuditStore(database.db)
    const A = '111111111111'
    const B = '222222222222'

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      database = connect(target)
      await migrateToLatest(database.db, database.dialect)
      db = database.db
      store = open()
      // Two nodes write concurrently, each with its own chain; node 1 seals every 7 events.
      const one = new AuditTrail({ store, signer, nodeId: 'n-one', digestEvery: 7 })
      const two = new AuditTrail({ store: open(), signer, nodeId: 'n-two' })
      // Node one awaits each call (a digest every 7 events); node two's calls arrive together
      // and are group-committed.
      const writes: Promise<void>[] = []
      for (let i = 0; i < 60; i++) {
        writes.push(two.record([record(i, B, 'PutRolePolicy', 'carol')], T + i * 1000 + 1))
      }
      for (let i = 0; i < 60; i++) {
        const names = ['CreateRole', 'GetRole', 'AssumeRole']
        const user = i % 2 === 0 ? 'alice' : 'bob'
        await one.record([record(i, A, names[i % 3]!, user)], T + i * 1000)
      }
      await Promise.all(writes)
      await one.close()
      await two.close()
    })
    after(async () => {
      await store.close?.()
      await database.close()
      await drop()
      rmSync(journalDir, { recursive: true, force: true })
    })

    const lookup = async (q: EventQuery): Promise<StoredEvent[]> => {
      const out: StoredEvent[] = []
      for (let before: StoredEvent | undefined; ;) {
        const page = await store.query({
          ...q,
          ...(before === undefined
            ? {}
            : { before: { eventTime: before.eventTime, nodeId: before.nodeId, seq: before.seq } }),
        })
        out.push(...page)
        if (page.length < q.limit) return out
        before = page[page.length - 1]
      }
    }

    it('pages an account’s events newest first, without gaps or repeats', async () => {
      const all = await lookup({ accountId: A, limit: 7 })
      assert.equal(all.length, 60)
      assert.equal(new Set(all.map((e) => e.eventId)).size, 60)
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.eventTime >= all[i]!.eventTime)
      assert.equal(all[0]!.eventTime, T + 59_000)
      assert.equal((await lookup({ accountId: B, limit: 50 })).length, 60)
    })

    it('finds events by each lookup attribute', async () => {
      const count = async (key: string, value: string) =>
        (await lookup({ accountId: A, attribute: { key: key as 'EventId', value }, limit: 50 }))
          .length
      assert.equal(await count('EventName', 'AssumeRole'), 20)
      assert.equal(await count('EventSource', 'sts.amazonaws.com'), 20)
      assert.equal(await count('ReadOnly', 'true'), 20)
      assert.equal(await count('ReadOnly', 'false'), 40)
      assert.equal(await count('Username', 'bob'), 30)
      assert.equal(await count('AccessKeyId', 'AKIAALICEXXXXXXXXXXX'), 30)
      assert.equal(await count('ResourceType', 'AWS::IAM::Role'), 60)
      assert.equal(await count('ResourceName', 'role-5'), 1)
      assert.equal(await count('ResourceName', `arn:aws:iam::${A}:role/role-5`), 1)
      const [some] = await lookup({ accountId: A, limit: 1 })
      assert.equal(await count('EventId', some!.eventId), 1)
      assert.equal(await count('Username', 'carol'), 0, 'another account’s events stay there')
    })

    it('limits by time range, inclusive', async () => {
      const range = await lookup({
        accountId: A,
        startTime: T + 10_000,
        endTime: T + 19_000,
        limit: 50,
      })
      assert.equal(range.length, 10)
    })

    it('verifies an untouched store, two chains sealed by digests', async () => {
      const report = await verifyAuditTrail(store, signer.publicKey)
      assert.deepEqual(report.problems, [])
      assert.equal(report.ok, true)
      assert.equal(report.chains, 2)
      assert.equal(report.events, 120)
      assert.equal(report.unsealed, 0)
      assert.ok(report.digests >= 9, `${report.digests} digests`)
    })

    it('refuses another key’s digests', async () => {
      const other = new DigestSigner(Buffer.alloc(32, 8))
      const report = await verifyAuditTrail(store, other.publicKey)
      assert.equal(report.ok, false)
      assert.match(report.problems[0]!, /INVALID: signature verification failed/)
    })

    // Each tampering is made, checked and undone, so the cases stand alone.
    const tampered = async (
      make: () => Promise<void>,
      undo: () => Promise<void>,
      expect: RegExp[],
    ): Promise<void> => {
      await make()
      try {
        const report = await verifyAuditTrail(store, signer.publicKey)
        assert.equal(report.ok, false)
        for (const e of expect) {
          assert.ok(
            report.problems.some((p) => e.test(p)),
            `${e} in ${report.problems.join('\n')}`,
          )
        }
      } finally {
        await undo()
      }
      assert.equal((await verifyAuditTrail(store, signer.publicKey)).ok, true)
    }
    const row = async (node: string, seq: number) =>
      (await db
        .selectFrom('audit_event')
        .selectAll()
        .where('node_id', '=', node)
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow()) as Record<string, unknown>

    it('names a changed field of a record', async () => {
      const r = await row('n-one', 12)
      const changed = String(r['record']).replace('192.0.2.1', '203.0.113.9')
      await tampered(
        () =>
          db
            .updateTable('audit_event')
            .set({ record: changed })
            .where('node_id', '=', 'n-one')
            .where('seq', '=', 12)
            .execute()
            .then(() => {}),
        () =>
          db
            .updateTable('audit_event')
            .set({ record: r['record'] })
            .where('node_id', '=', 'n-one')
            .where('seq', '=', 12)
            .execute()
            .then(() => {}),
        [/Event n-one\/12 .*INVALID: hash value doesn't match/],
      )
    })

    it('names a changed indexed column', async () => {
      await tampered(
        () =>
          db
            .updateTable('audit_event')
            .set({ username: 'mallory' })
            .where('node_id', '=', 'n-one')
            .where('seq', '=', 3)
            .execute()
            .then(() => {}),
        () =>
          db
            .updateTable('audit_event')
            .set({ username: 'alice' })
            .where('node_id', '=', 'n-one')
            .where('seq', '=', 3)
            .execute()
            .then(() => {}),
        [/Event n-one\/3 .*INVALID: indexed fields don't match the record/],
      )
    })

    it('names a deleted event, in the middle and at the sealed end', async () => {
      for (const seq of [20, 60]) {
        const r = await row('n-one', seq)
        await tampered(
          () =>
            db
              .deleteFrom('audit_event')
              .where('node_id', '=', 'n-one')
              .where('seq', '=', seq)
              .execute()
              .then(() => {}),
          () =>
            db
              .insertInto('audit_event')
              .values(r)
              .execute()
              .then(() => {}),
          [new RegExp(`Event n-one/${seq} INVALID: not found`)],
        )
      }
    })

    it('names an inserted event (later events renumbered to make room)', async () => {
      const forged = { ...(await row('n-two', 30)), seq: 1000, event_id: randomUUID() }
      // Make room after seq 30: 31..60 become 32..61 (through 10031.., so no key collides).
      const moveUp = async () => {
        await sql`update audit_event set seq = seq + 10000 where node_id = 'n-two' and seq > 30`.execute(
          db,
        )
        await sql`update audit_event set seq = seq - 9999 where node_id = 'n-two' and seq > 10000`.execute(
          db,
        )
      }
      await tampered(
        async () => {
          await moveUp()
          await db
            .insertInto('audit_event')
            .values({ ...forged, seq: 31 })
            .execute()
        },
        async () => {
          await db
            .deleteFrom('audit_event')
            .where('node_id', '=', 'n-two')
            .where('seq', '=', 31)
            .execute()
          await sql`update audit_event set seq = seq + 10000 where node_id = 'n-two' and seq > 31`.execute(
            db,
          )
          await sql`update audit_event set seq = seq - 10001 where node_id = 'n-two' and seq > 10000`.execute(
            db,
          )
        },
        [/Event n-two\/31 .*INVALID/],
      )
    })

    it('names two events swapped in order', async () => {
      const a = await row('n-one', 40)
      const b = await row('n-one', 41)
      const put = async (seq: number, from: Record<string, unknown>) => {
        const { node_id: _n, seq: _s, ...rest } = from
        await db
          .updateTable('audit_event')
          .set(rest)
          .where('node_id', '=', 'n-one')
          .where('seq', '=', seq)
          .execute()
      }
      await tampered(
        async () => {
          await put(40, b)
          await put(41, a)
        },
        async () => {
          await put(40, a)
          await put(41, b)
        },
        [/Event n-one\/40 .*INVALID/, /Event n-one\/41 .*INVALID/],
      )
    })

    it('names a forged digest', async () => {
      const d = (await db
        .selectFrom('audit_digest')
        .selectAll()
        .where('node_id', '=', 'n-one')
        .where('digest_seq', '=', 2)
        .executeTakeFirstOrThrow()) as Record<string, unknown>
      await tampered(
        () =>
          db
            .updateTable('audit_digest')
            .set({ last_hash: 'f'.repeat(64) })
            .where('node_id', '=', 'n-one')
            .where('digest_seq', '=', 2)
            .execute()
            .then(() => {}),
        () =>
          db
            .updateTable('audit_digest')
            .set({ last_hash: d['last_hash'] })
            .where('node_id', '=', 'n-one')
            .where('digest_seq', '=', 2)
            .execute()
            .then(() => {}),
        [/Digest n-one\/2 INVALID: signature verification failed/],
      )
      await tampered(
        () =>
          db
            .deleteFrom('audit_digest')
            .where('node_id', '=', 'n-one')
            .where('digest_seq', '=', 2)
            .execute()
            .then(() => {}),
        () =>
          db
            .insertInto('audit_digest')
            .values(d)
            .execute()
            .then(() => {}),
        [/Digest n-one\/2 INVALID: not found/],
      )
    })

    it('seals a killed node’s unsealed end once it is idle, so deleting from it shows', async () => {
      const dead = new AuditTrail({ store, signer, nodeId: 'n-dead', digestEvery: 1000 })
      const now = Date.now()
      const at = new Date(now).toISOString().slice(0, 19) + 'Z'
      for (let i = 0; i < 3; i++) {
        await dead.record([{ ...record(200 + i, A, 'CreateUser'), eventTime: at }], now)
      }
      // Killed: never closed, so nothing sealed its three events.
      const before = await verifyAuditTrail(store, signer.publicKey)
      assert.equal(before.unsealed, 3)
      const survivor = new AuditTrail({ store, signer, nodeId: 'n-survivor' })
      assert.deepEqual(await survivor.sealIdleChains(60_000), [], 'not while it may be alive')
      assert.deepEqual(await survivor.sealIdleChains(0), ['n-dead'])
      assert.deepEqual(await survivor.sealIdleChains(0), [], 'nothing left to seal')
      const after = await verifyAuditTrail(store, signer.publicKey)
      assert.deepEqual(after.problems, [])
      assert.equal(after.unsealed, 0)
      const r = await row('n-dead', 3)
      await tampered(
        () =>
          db
            .deleteFrom('audit_event')
            .where('node_id', '=', 'n-dead')
            .where('seq', '=', 3)
            .execute()
            .then(() => {}),
        () =>
          db
            .insertInto('audit_event')
            .values(r)
            .execute()
            .then(() => {}),
        [/Event n-dead\/3 INVALID: not found/],
      )
      await survivor.close()
    })

    it('stays intact across a restart: a new node starts its own chain', async () => {
      const three = new AuditTrail({ store, signer, nodeId: 'n-three' })
      await three.record([record(100, A, 'CreateUser')], T + 100_000)
      await three.close()
      const report = await verifyAuditTrail(store, signer.publicKey)
      assert.deepEqual(report.problems, [])
      assert.ok((await store.nodes()).includes('n-three'))
    })
  })
}
