// Trail delivery over the real SQL stores (SQLite in a temporary folder) with a clock the test
// moves and an in-memory destination: what a trail covers (accounts, Regions, global services,
// selectors, the logging period, organization trails), a round redone after a failed commit
// (same file names, each record once), and digest chains (starting, chained, final on stop,
// starting again after a restart of logging).
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { AuditTrail, DigestSigner, type CloudTrailRecord } from '../domain/cloudtrail/index.ts'
import {
  DEFAULT_EVENT_SELECTORS,
  TrailDelivery,
  type TrailRecord,
  type TrailSelectors,
  type TrailStore,
} from '../domain/cloudtrail/trails/index.ts'
import type { AccountOrganization } from '../domain/authorization/policy-sources.ts'
import { migrateToLatest, openDatabase, SqlAuditStore, type Database } from '../storage/index.ts'
import { SqlTrailStore } from '../storage/trails/index.ts'
import { FileTrailDestination } from './trail-file-destination.ts'

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0)
const A = '111111111111'
const B = '222222222222'
const OUTSIDE = '333333333333'
const signer = new DigestSigner(Buffer.alloc(32, 9))

const record = (
  account: string,
  at: number,
  over: Partial<CloudTrailRecord> = {},
): CloudTrailRecord => ({
  eventVersion: '1.11',
  userIdentity: { type: 'Root', arn: `arn:aws:iam::${account}:root`, accountId: account },
  eventTime: new Date(at).toISOString().slice(0, 19) + 'Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.1',
  userAgent: 'test',
  requestParameters: null,
  responseElements: null,
  requestID: randomUUID(),
  eventID: randomUUID(),
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: account,
  eventCategory: 'Management',
  ...over,
})

const trail = (name: string, over: Partial<TrailRecord> = {}): TrailRecord => ({
  arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/${name}`,
  accountId: A,
  name,
  homeRegion: 'us-east-1',
  s3BucketName: 'logs',
  s3KeyPrefix: name,
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: false,
  organizationId: undefined,
  logFileValidationEnabled: false,
  createdAt: T0,
  ...over,
})

describe('trail delivery', () => {
  let dir: string
  let database: Database
  let audit: AuditTrail
  let trails: SqlTrailStore
  let now = T0
  const written = new Map<string, Buffer>()
  const writes: string[] = []
  const destination = {
    async write(bucket: string, key: string, body: Buffer) {
      written.set(`${bucket}/${key}`, body)
      writes.push(`${bucket}/${key}`)
    },
  }
  const organizations = {
    async accountOrganization(id: string): Promise<AccountOrganization | undefined> {
      return id === A || id === B
        ? ({ organizationId: 'o-test', managementAccountId: A } as AccountOrganization)
        : undefined
    },
  }
  const delivery = (store: TrailStore = trails, digestIntervalMs = 60_000) =>
    new TrailDelivery({
      trails: store,
      organizations,
      audit: new SqlAuditStore(database.db),
      destination,
      signer,
      digestIntervalMs,
      now: () => now,
    })
  const add = (records: CloudTrailRecord[]) =>
    audit.record(records, Date.parse(records[0]!.eventTime))
  const recordsOf = (prefix: string) =>
    [...written]
      .filter(([k]) => k.startsWith(`logs/${prefix}/`) && k.includes('/CloudTrail/'))
      .flatMap(([, v]) => JSON.parse(gunzipSync(v).toString()).Records as CloudTrailRecord[])
  const startTrail = async (t: TrailRecord, selectors?: TrailSelectors) => {
    await trails.createTrail(
      t,
      selectors ?? { kind: 'basic', selectors: DEFAULT_EVENT_SELECTORS },
      [],
    )
    await trails.setLogging(t.arn, true, now)
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xaccess-trail-delivery-'))
    database = openDatabase(undefined, dir)
    await migrateToLatest(database.db, database.dialect)
    audit = new AuditTrail({ store: new SqlAuditStore(database.db), signer, nodeId: 'n-test' })
    trails = new SqlTrailStore(database.db)
  })
  after(async () => {
    await audit.close()
    await database.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('delivers what each trail covers: account, Regions, global services, selectors, period', async () => {
    await add([record(A, now - 5000)]) // before logging started
    now += 10_000
    await startTrail(trail('writes'), {
      kind: 'basic',
      selectors: [{ ...DEFAULT_EVENT_SELECTORS[0]!, ReadWriteType: 'WriteOnly' }],
    })
    await startTrail(
      trail('regional', { isMultiRegionTrail: true, includeGlobalServiceEvents: false }),
    )
    await startTrail(trail('org', { organizationId: 'o-test', isMultiRegionTrail: true }))
    const write = record(A, now)
    const read = record(A, now, { eventName: 'GetUser', readOnly: true })
    const other = record(B, now)
    const outside = record(OUTSIDE, now)
    const ec2 = record(A, now, { eventSource: 'ec2.amazonaws.com', awsRegion: 'eu-west-1' })
    for (const r of [write, read, other, outside, ec2]) await add([r])
    now += 1000
    const d = delivery()
    await d.deliver()
    const ids = (prefix: string) =>
      recordsOf(prefix)
        .map((r) => r.eventID)
        .sort()
    assert.deepEqual(ids('writes'), [write.eventID])
    assert.deepEqual(ids('regional'), [ec2.eventID])
    assert.deepEqual(ids('org'), [write.eventID, read.eventID, other.eventID, ec2.eventID].sort())
    assert.ok(
      [...written.keys()].some((k) =>
        k.startsWith(`logs/org/AWSLogs/o-test/${B}/CloudTrail/us-east-1/`),
      ),
    )
    // A second round has nothing new to deliver.
    const before = writes.length
    now += 1000
    await d.deliver()
    assert.equal(writes.length, before)
  })

  it('redoes a round whose commit failed under the same file names: each record once', async () => {
    const t = trail('redo')
    await startTrail(t)
    const calls = Array.from({ length: 5 }, () => record(A, now))
    for (const r of calls) await add([r])
    now += 1000
    let failures = 1
    const flaky = new Proxy(trails, {
      get(target, name) {
        if (name === 'commitDelivery') {
          return async (...args: Parameters<TrailStore['commitDelivery']>) => {
            if (failures-- > 0) throw new Error('database went away')
            return target.commitDelivery(...args)
          }
        }
        const value: unknown = Reflect.get(target, name)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const start = writes.length
    const d = delivery(flaky)
    await d.deliver()
    const first = writes.slice(start).filter((k) => k.startsWith('logs/redo/'))
    assert.ok(first.length > 0)
    assert.match((await trails.getTrail(t.arn))!.status.latestDeliveryError!, /went away/)
    now += 1000
    await d.deliver()
    const second = writes.slice(start + first.length).filter((k) => k.startsWith('logs/redo/'))
    assert.deepEqual(second, first, 'the redone round writes the same objects')
    const got = recordsOf('redo').map((r) => r.eventID)
    assert.deepEqual(got.sort(), calls.map((r) => r.eventID).sort())
    assert.equal((await trails.getTrail(t.arn))!.status.latestDeliveryError, undefined)
  })

  it('drops a round during which logging started, and delivers its events in the next', async () => {
    const t = trail('race')
    await startTrail(t)
    now += 1000
    await trails.setLogging(t.arn, false, now)
    now += 5000
    const e = record(A, now)
    await add([e])
    let hooked = false
    const auditStore = new SqlAuditStore(database.db)
    const racing = new Proxy(auditStore, {
      get(target, name) {
        if (name === 'chain') {
          return async (...args: Parameters<SqlAuditStore['chain']>) => {
            if (!hooked) {
              hooked = true // StartLogging commits while the round reads
              await trails.setLogging(t.arn, true, now)
            }
            return target.chain(...args)
          }
        }
        const value: unknown = Reflect.get(target, name)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const d = new TrailDelivery({
      trails,
      organizations,
      audit: racing,
      destination,
      signer,
      now: () => now,
    })
    await d.deliver()
    assert.deepEqual(recordsOf('race'), [], 'the round read under the old status is dropped')
    now += 1000
    await d.deliver()
    assert.deepEqual(
      recordsOf('race').map((r) => r.eventID),
      [e.eventID],
    )
  })

  it('chains digests: a starting one, then each pointing at the previous, a final one on stop', async () => {
    const t = trail('digests', { logFileValidationEnabled: true })
    await startTrail(t)
    const d = delivery(trails, 1000)
    const digests = () =>
      [...written.keys()].filter(
        (k) => k.startsWith('logs/digests/') && k.includes('CloudTrail-Digest'),
      )
    const body = (k: string) => JSON.parse(gunzipSync(written.get(k)!).toString())
    await add([record(A, now)])
    now += 500
    await d.deliver()
    assert.equal(digests().length, 0, 'no digest before the interval')
    now += 1000
    await d.deliver()
    const [first] = digests()
    assert.ok(first)
    assert.equal(body(first).previousDigestSignature, null)
    assert.equal(body(first).logFiles.length, 1)
    now += 1500
    await d.deliver()
    const second = digests().find((k) => k !== first)!
    assert.equal(body(second).previousDigestS3Object, body(first).digestS3Object)
    assert.deepEqual(body(second).logFiles, [])
    await add([record(A, now)])
    now += 200
    await trails.setLogging(t.arn, false, now)
    now += 1000
    await d.deliver()
    const final = digests().filter((k) => k !== first && k !== second)
    assert.equal(final.length, 1, 'a final digest when logging stops')
    assert.equal(body(final[0]!).logFiles.length, 1)
    now += 5000
    await d.deliver()
    assert.equal(digests().length, 3, 'no more digests while stopped')
    await trails.setLogging(t.arn, true, now)
    now += 1500
    await d.deliver()
    const restarted = digests().filter((k) => ![first, second, final[0]].includes(k))
    assert.equal(restarted.length, 1)
    assert.equal(body(restarted[0]!).previousDigestSignature, null, 'a starting digest again')
  })
})

describe('FileTrailDestination', () => {
  it('writes objects (and metadata) atomically under the bucket, never outside it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'xaccess-trail-files-'))
    try {
      const d = new FileTrailDestination(root)
      await d.write('bucket', 'a/b/c.json.gz', Buffer.from('one'), { 'x-amz-meta-signature': 'ab' })
      await d.write('bucket', 'a/b/c.json.gz', Buffer.from('two'))
      const { readFileSync, readdirSync } = await import('node:fs')
      assert.equal(readFileSync(join(root, 'bucket/a/b/c.json.gz'), 'utf8'), 'two')
      assert.deepEqual(
        JSON.parse(readFileSync(join(root, 'bucket/a/b/c.json.gz.metadata.json'), 'utf8')),
        {
          'x-amz-meta-signature': 'ab',
        },
      )
      assert.deepEqual(readdirSync(join(root, 'bucket/a/b')).sort(), [
        'c.json.gz',
        'c.json.gz.metadata.json',
      ])
      await assert.rejects(d.write('bucket', '../other/x', Buffer.from('x')), /outside its bucket/)
      await assert.rejects(d.write('a/..', 'x', Buffer.from('x')), /outside its bucket/)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
