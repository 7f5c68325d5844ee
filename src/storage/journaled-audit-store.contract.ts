// The audit trail's journal (JournaledAuditStore) on a real database: what a killed process
// acknowledged is indexed at the next start, once, a torn last frame ignored; reads see every
// acknowledged event; a write call's unit follows the journaled events of its chain; segments
// rotate and go once indexed; a live process's segments are left alone. Run by storage.test.ts
// on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import {
  closeSync,
  cpSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  AuditTrail,
  DigestSigner,
  verifyAuditTrail,
  type CloudTrailRecord,
} from '../domain/cloudtrail/index.ts'
import { frame, readJournalSegment } from './audit/audit-journal.ts'
import { JournaledAuditStore, SqlAuditStore } from './audit/index.ts'
import type { Database } from './create-database.ts'
import { SqlIamStore } from './iam/index.ts'
import { migrateToLatest } from './migrations/index.ts'
import { SqlUnitOfWork } from './sql/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'

const signer = new DigestSigner(Buffer.alloc(32, 5))
const ACCOUNT = '444444444444'
/** Long enough that nothing is indexed unless something asks for it. */
const NEVER = 3_600_000

const record = (name: string): CloudTrailRecord => ({
  eventVersion: '1.11',
  userIdentity: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
  eventTime: new Date().toISOString().slice(0, 19) + 'Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '127.0.0.1',
  userAgent: 'test',
  requestParameters: { roleSessionName: name },
  responseElements: null,
  requestID: randomUUID(),
  eventID: randomUUID(),
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
})

const journalFiles = (dir: string): string[] =>
  readdirSync(dir).filter((n) => n.endsWith('.journal'))

/**
 * Registers the contract for one backend.
 * @example journaledAuditStoreContract('sqlite', factory)
 */
export function journaledAuditStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`audit journal on ${name}`, () => {
    let drop: () => Promise<void>
    let database: Database
    let tables: SqlAuditStore
    const dirs: string[] = []
    const newDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'xaccess-journal-'))
      dirs.push(dir)
      return dir
    }
    /** The node's events in the tables, read without settling any journal. */
    const indexed = async (nodeId: string) => (await tables.chain(nodeId, 0, 10_000)).length
    /** What a killed process leaves: its segment files as they are on disk, in another folder. */
    const killedCopy = (dir: string) => {
      const copy = newDir()
      for (const n of journalFiles(dir)) cpSync(join(dir, n), join(copy, n))
      return copy
    }

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      database = connect(target)
      await migrateToLatest(database.db, database.dialect)
      tables = new SqlAuditStore(database.db)
    })
    after(async () => {
      await tables.close()
      await database.close()
      await drop()
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    })

    // Durability process: the frames a killed process wrote are in the kernel's page cache, which
    // the next process reads.
    for (const durability of ['disk', 'process'] as const)
      it(`indexes at start what a killed process acknowledged, once, ignoring a torn frame (durability ${durability})`, async () => {
        const dir = newDir()
        const store = new JournaledAuditStore(new SqlAuditStore(database.db), {
          dir,
          indexDelayMs: NEVER,
          durability,
        })
        const nodeId = `n-killed-${durability}-${name}`
        const trail = new AuditTrail({ store, signer, nodeId, digestEvery: 7 })
        // Ten indexed (a read settles the journal), then twenty acknowledged but only journaled.
        for (let i = 0; i < 10; i++) await trail.record([record(`a${i}`)], Date.now())
        await store.settle()
        assert.equal(await indexed(nodeId), 10)
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => trail.record([record(`b${i}`)], Date.now())),
        )
        assert.equal(await indexed(nodeId), 10, 'acknowledged before it is indexed')
        const copy = killedCopy(dir)
        // The frame being written when the process died, cut short, right after the last whole one.
        for (const n of journalFiles(copy)) {
          const { header, payloads, end } = readJournalSegment(join(copy, n))
          if (header === undefined || payloads.length === 0) continue
          const torn = frame(Buffer.from('{"events":[{"seq":99}]}'), header.salt).subarray(0, 20)
          const fd = openSync(join(copy, n), 'r+')
          writeSync(fd, torn, 0, torn.length, end)
          closeSync(fd)
        }

        const restarted = new JournaledAuditStore(new SqlAuditStore(database.db), { dir: copy })
        await restarted.recover()
        assert.equal(await indexed(nodeId), 30)
        assert.deepEqual(journalFiles(copy), [], 'recovered segments are deleted')
        // Once more from the same bytes: nothing is indexed twice.
        const again = killedCopy(dir)
        await new JournaledAuditStore(new SqlAuditStore(database.db), { dir: again }).recover()
        assert.equal(await indexed(nodeId), 30)
        const report = await verifyAuditTrail(restarted, signer.publicKey)
        assert.deepEqual(report.problems, [])
        assert.ok(report.events >= 30)
        await restarted.close()
      })

    it('answers reads with every acknowledged event, and a write call’s unit follows them', async () => {
      const dir = newDir()
      const store = new JournaledAuditStore(new SqlAuditStore(database.db), {
        dir,
        indexDelayMs: NEVER,
      })
      const nodeId = `n-reads-${name}`
      const trail = new AuditTrail({ store, signer, nodeId })
      await trail.record([record('first')], Date.now())
      await trail.record([record('second')], Date.now())
      assert.equal(await indexed(nodeId), 0)
      const found = await store.query({ accountId: ACCOUNT, limit: 50 })
      assert.ok(found.some((e) => e.nodeId === nodeId && e.record.includes('"second"')))
      await trail.record([record('third')], Date.now())
      const iam = new SqlIamStore(database.db)
      await trail.recordWithin(new SqlUnitOfWork(database.db), async () => {
        await iam.createUser({
          accountId: ACCOUNT,
          id: 'AIDA' + randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase(),
          name: `journal-${name}`,
          path: '/',
          arn: `arn:aws:iam::${ACCOUNT}:user/journal-${name}`,
          createdAt: Date.now(),
          permissionsBoundaryArn: null,
        })
        return { value: undefined, records: [record('in-unit')] }
      })
      const chain = await tables.chain(nodeId, 0, 100)
      assert.deepEqual(
        chain.map((e) => [e.seq, JSON.parse(e.record).requestParameters.roleSessionName]),
        [
          [1, 'first'],
          [2, 'second'],
          [3, 'third'],
          [4, 'in-unit'],
        ],
      )
      await trail.close()
      assert.deepEqual(journalFiles(dir), [], 'a closed store leaves no segment')
      assert.deepEqual((await verifyAuditTrail(tables, signer.publicKey)).problems, [])
    })

    it('goes on to another segment when one is full, and uses indexed ones again', async () => {
      const dir = newDir()
      const store = new JournaledAuditStore(new SqlAuditStore(database.db), {
        dir,
        segmentBytes: 4096,
        indexDelayMs: NEVER,
      })
      const nodeId = `n-rotate-${name}`
      const trail = new AuditTrail({ store, signer, nodeId })
      // About five events a segment: twenty unindexed ones need four segments.
      for (let i = 0; i < 20; i++) await trail.record([record(`r${i}`)], Date.now())
      const segments = journalFiles(dir)
      assert.ok(segments.length >= 4, `${segments.length} segments`)
      for (const n of segments) {
        assert.equal(statSync(join(dir, n)).mode & 0o777, 0o600)
        // (A spare may still be being made in the background.)
        if (readJournalSegment(join(dir, n)).header !== undefined)
          assert.equal(statSync(join(dir, n)).size, 4096, 'made full of zeros')
      }
      // Indexed between appends: sixty more events go round the same few segments.
      for (let i = 0; i < 60; i++) {
        await trail.record([record(`s${i}`)], Date.now())
        if (i % 2 === 1) await store.settle()
      }
      assert.ok(journalFiles(dir).length <= segments.length + 1, 'segments are used again')
      assert.equal(await indexed(nodeId), 80)
      // A killed copy now holds segments in their second use, with frames of the first after
      // those of the second: only the second's are taken, and nothing is indexed twice.
      await trail.record([record('last')], Date.now())
      const copy = killedCopy(dir)
      await new JournaledAuditStore(new SqlAuditStore(database.db), { dir: copy }).recover()
      assert.equal(await indexed(nodeId), 81)
      await trail.close()
      assert.deepEqual(journalFiles(dir), [], 'a closed store leaves no segment')
      assert.equal(await indexed(nodeId), 81)
      assert.deepEqual((await verifyAuditTrail(tables, signer.publicKey)).problems, [])
    })

    it('uses an indexed segment again only once the tables are synced', async () => {
      // The indexer may commit without waiting for the disk: until the tables are synced, the
      // journal is what holds those events durably, so their segment must not be overwritten.
      let opened!: () => void
      const gate = new Promise<void>((resolve) => (opened = resolve))
      let started!: () => void
      const syncStarted = new Promise<void>((resolve) => (started = resolve))
      class HeldSync extends SqlAuditStore {
        override async syncJournaled(): Promise<void> {
          started()
          await gate
          await super.syncJournaled()
        }
      }
      const dir = newDir()
      const store = new JournaledAuditStore(new HeldSync(database.db), {
        dir,
        segmentBytes: 4096,
        indexDelayMs: NEVER,
      })
      const nodeId = `n-held-sync-${name}`
      const trail = new AuditTrail({ store, signer, nodeId })
      const calls: Promise<void>[] = []
      const call = () => {
        const done = trail.record([record(`h${calls.length}`)], Date.now())
        calls.push(done)
        return done
      }
      // Indexed as they go, until a full segment is retired and waits for its sync.
      let retired = false
      void syncStarted.then(() => (retired = true))
      while (!retired) await Promise.race([call().then(() => store.settle()), syncStarted])
      const first = join(dir, journalFiles(dir).sort()[0]!)
      const firstUse = readJournalSegment(first)
      assert.ok(firstUse.payloads.length > 0)
      // Enough calls to go round every segment several times, while the sync is held.
      for (let i = 0; i < 30; i++) void call()
      await new Promise((resolve) => setTimeout(resolve, 100))
      assert.deepEqual(readJournalSegment(first), firstUse, 'the retired segment is untouched')
      opened()
      await Promise.all(calls)
      await store.settle()
      assert.equal(await indexed(nodeId), calls.length)
      await trail.close()
      assert.deepEqual(journalFiles(dir), [])
      assert.deepEqual((await verifyAuditTrail(tables, signer.publicKey)).problems, [])
    })

    it('leaves alone the segment of a process that is alive', async () => {
      const dir = newDir()
      const live = join(dir, `0-${process.ppid}-live-000001.journal`)
      const header = { xaccessAuditJournal: 1, pid: process.ppid, host: hostname(), salt: 0 }
      writeFileSync(live, frame(Buffer.from(JSON.stringify(header))))
      const store = new JournaledAuditStore(new SqlAuditStore(database.db), { dir })
      await store.recover()
      assert.deepEqual(journalFiles(dir), [`0-${process.ppid}-live-000001.journal`])
      await store.close()
    })
  })
}
