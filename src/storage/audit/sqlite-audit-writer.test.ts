import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { AuditDigest, StoredEvent } from '../../domain/cloudtrail/index.ts'
import { openDatabase, type Database } from '../create-database.ts'
import { migrateToLatest } from '../migrations/index.ts'
import { SqlAuditStore } from './sql-audit-store.ts'
import { SqliteAuditWriter } from './sqlite-audit-writer.ts'

const event = (seq: number, resources = 1): StoredEvent => ({
  nodeId: 'n-writer',
  seq,
  accountId: '111111111111',
  eventTime: 1_765_128_910_000 + seq * 1000,
  eventId: `e-${seq}`,
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  readOnly: true,
  username: seq % 2 === 0 ? 'alice' : null,
  accessKeyId: null,
  principalArn: 'arn:aws:iam::111111111111:user/alice',
  errorCode: null,
  record: `{"seq":${seq}}`,
  prevHash: String(seq - 1).padStart(64, '0'),
  hash: String(seq).padStart(64, '0'),
  resources: Array.from({ length: resources }, (_, i) => ({
    type: 'AWS::IAM::Role',
    name: `role-${seq}-${i}`,
  })),
})

const digest: AuditDigest = {
  nodeId: 'n-writer',
  digestSeq: 1,
  firstSeq: 1,
  lastSeq: 2,
  lastHash: String(2).padStart(64, '0'),
  createdAt: 1_765_128_999_000,
  previousSignature: '',
  publicKeyFingerprint: 'f'.repeat(64),
  signature: 'c2lnbmF0dXJl',
}

describe('SqliteAuditWriter', () => {
  let dir: string
  let database: Database
  let writer: SqliteAuditWriter
  const store = () => new SqlAuditStore(database.db)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xaccess-audit-writer-'))
    database = openDatabase(undefined, dir)
    await migrateToLatest(database.db, database.dialect)
    writer = new SqliteAuditWriter(join(dir, 'xaccess.db'))
  })
  after(async () => {
    await writer.close()
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('commits events, their resources and a digest, read back through the store', async () => {
    await writer.append([event(1, 2), event(2, 0)], digest)
    const chain = await store().chain('n-writer', 0, 10)
    assert.deepEqual(chain, [event(1, 2), event(2, 0)])
    assert.deepEqual(await store().digests('n-writer'), [digest])
  })

  it('commits appends in the order given, each one whole', async () => {
    await Promise.all([writer.append([event(3)]), writer.append([event(4), event(5)])])
    const seqs = (await store().chain('n-writer', 2, 10)).map((e) => e.seq)
    assert.deepEqual(seqs, [3, 4, 5])
  })

  it('rejects a failed append and leaves nothing of it', async () => {
    // seq 5 is taken: the whole append, seq 6 included, rolls back.
    await assert.rejects(writer.append([event(6), event(5)]), /UNIQUE constraint failed/)
    assert.deepEqual(
      (await store().chain('n-writer', 5, 10)).map((e) => e.seq),
      [],
    )
    await writer.append([event(6)])
    assert.deepEqual(
      (await store().chain('n-writer', 5, 10)).map((e) => e.seq),
      [6],
    )
  })

  it('is what SqlAuditStore uses for group commits on a SQLite file, until closed', async () => {
    const s = store()
    await s.append([event(7)])
    await s.close()
    await s.append([event(8)]) // a new writer thread starts
    await s.close()
    assert.deepEqual(
      (await s.chain('n-writer', 6, 10)).map((e) => e.seq),
      [7, 8],
    )
  })
})
