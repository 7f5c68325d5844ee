// The trails' store contract: trails with their selectors, tags and status, organization trails
// listed for member accounts, and delivery's state (lease, cursors, pending files, digest heads)
// committed atomically. Run by storage.test.ts on SQLite and on PostgreSQL; a second connection
// stands for a second node.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { StoreError } from '../domain/common/store-error.ts'
import { DEFAULT_EVENT_SELECTORS, type TrailRecord } from '../domain/cloudtrail/trails/index.ts'
import type { Database } from './create-database.ts'
import { migrateToLatest } from './migrations/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'
import { SqlTrailStore } from './trails/index.ts'

const T = 1_772_366_400_000 // 2026-03-01T12:00:00Z: past 2^31 seconds, exercises bigint
const A = '111111111111'
const B = '222222222222'

const trail = (account: string, name: string, over: Partial<TrailRecord> = {}): TrailRecord => ({
  arn: `arn:aws:cloudtrail:us-east-1:${account}:trail/${name}`,
  accountId: account,
  name,
  homeRegion: 'us-east-1',
  s3BucketName: 'audit-bucket',
  s3KeyPrefix: '',
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: false,
  organizationId: undefined,
  logFileValidationEnabled: false,
  createdAt: T,
  ...over,
})
const basic = { kind: 'basic', selectors: DEFAULT_EVENT_SELECTORS } as const

/**
 * Registers the contract for one backend.
 * @example trailsContract('sqlite', factory)
 */
export function trailsContract(name: string, factory: TestDatabaseFactory): void {
  describe(`trails on ${name}`, () => {
    let drop: () => Promise<void>
    let nodeA: Database
    let nodeB: Database
    let store: SqlTrailStore
    let other: SqlTrailStore

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      nodeA = connect(target)
      await migrateToLatest(nodeA.db, nodeA.dialect)
      nodeB = connect(target)
      store = new SqlTrailStore(nodeA.db)
      other = new SqlTrailStore(nodeB.db)
    })
    after(async () => {
      await nodeA?.close()
      await nodeB?.close()
      await drop?.()
    })

    it('creates a trail, not logging, with its selectors and tags; a second one is refused', async () => {
      const t = trail(A, 'main', { s3KeyPrefix: 'logs/a', logFileValidationEnabled: true })
      await store.createTrail(t, basic, [{ key: 'team', value: 'security' }])
      const got = await other.getTrail(t.arn)
      assert.deepEqual(got?.trail, t)
      assert.deepEqual(got?.selectors, basic)
      assert.equal(got?.status.isLogging, false)
      assert.equal(got?.status.startLoggingTime, undefined)
      assert.deepEqual(await other.listTags(t.arn), [{ key: 'team', value: 'security' }])
      await assert.rejects(
        store.createTrail(t, basic, []),
        (e: unknown) => e instanceof StoreError && e.kind === 'AlreadyExists',
      )
      await assert.rejects(
        store.createTrail({ ...t, arn: t.arn.replace('us-east-1', 'eu-west-1') }, basic, []),
        (e: unknown) => e instanceof StoreError && e.kind === 'AlreadyExists',
      )
      assert.equal(await store.countTrails(A, 'us-east-1'), 1)
      assert.equal(await store.countTrails(A, 'eu-west-1'), 0)
    })

    it('lists an account its own trails and its organization trails', async () => {
      const org = trail(B, 'org-trail', { organizationId: 'o-abc', isMultiRegionTrail: true })
      await store.createTrail(org, basic, [])
      await store.createTrail(trail(B, 'own'), basic, [])
      const forA = await store.listTrails(A, 'o-abc')
      assert.deepEqual(forA.map((t) => t.trail.name).sort(), ['main', 'org-trail'])
      assert.deepEqual(
        (await store.listTrails(A, undefined)).map((t) => t.trail.name),
        ['main'],
      )
      assert.deepEqual((await store.listTrails(B, 'o-abc')).map((t) => t.trail.name).sort(), [
        'org-trail',
        'own',
      ])
      assert.equal((await store.allTrails()).length, 3)
      assert.equal((await store.getTrail(org.arn))?.trail.organizationId, 'o-abc')
    })

    it('updates a trail, its selectors, tags and logging status', async () => {
      const arn = trail(A, 'main').arn
      const updated = await store.updateTrail(arn, {
        s3BucketName: 'other-bucket',
        isMultiRegionTrail: true,
        organizationId: 'o-abc',
      })
      assert.equal(updated?.trail.s3BucketName, 'other-bucket')
      assert.equal(updated?.trail.isMultiRegionTrail, true)
      assert.equal(updated?.trail.organizationId, 'o-abc')
      assert.equal(
        (await store.updateTrail(arn, { organizationId: undefined }))?.trail.organizationId,
        undefined,
      )
      const advanced = {
        kind: 'advanced',
        selectors: [
          {
            Name: 'writes',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
        ],
      } as const
      assert.equal(await store.putSelectors(arn, advanced), true)
      assert.deepEqual((await other.getTrail(arn))?.selectors, advanced)
      await store.addTags(arn, [
        { key: 'team', value: 'audit' },
        { key: 'env', value: 'prod' },
      ])
      assert.deepEqual(await other.listTags(arn), [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'audit' },
      ])
      await store.removeTags(arn, ['team', 'absent'])
      assert.deepEqual(await other.listTags(arn), [{ key: 'env', value: 'prod' }])
      assert.equal(await store.setLogging(arn, true, T + 1000), true)
      assert.equal(await store.setLogging(arn, false, T + 5000), true)
      const status = (await other.getTrail(arn))?.status
      assert.equal(status?.isLogging, false)
      assert.equal(status?.startLoggingTime, T + 1000)
      assert.equal(status?.stopLoggingTime, T + 5000)
      assert.equal(await store.setLogging(trail(A, 'absent').arn, true, T), false)
    })

    it('gives the delivery lease to one node at a time, until it expires', async () => {
      const arn = trail(A, 'main').arn
      assert.equal(await store.claimDelivery(arn, 'd-one', T, T + 60_000), true)
      assert.equal(await other.claimDelivery(arn, 'd-two', T + 1000, T + 61_000), false)
      assert.equal(await store.claimDelivery(arn, 'd-one', T + 2000, T + 62_000), true)
      assert.equal(await other.claimDelivery(arn, 'd-two', T + 62_001, T + 122_000), true)
    })

    it('commits cursors, files and digests together; a digest seals the files before it', async () => {
      const arn = trail(A, 'main').arn
      assert.deepEqual(await store.cursors(arn), {})
      const file = (n: number, at: number) => ({
        accountId: A,
        region: 'us-east-1',
        s3Bucket: 'audit-bucket',
        s3Object: `AWSLogs/${A}/CloudTrail/us-east-1/2026/03/01/f${n}.json.gz`,
        hashValue: String(n).repeat(64).slice(0, 64),
        oldestEventTime: T,
        newestEventTime: T + n,
        deliveredAt: at,
      })
      await store.commitDelivery(arn, {
        cursors: { 'n-one': 10, 'n-two': 3 },
        files: [file(1, T + 10_000), file(2, T + 10_000)],
        digests: [],
        deliveredAt: T + 10_000,
      })
      assert.deepEqual(await other.cursors(arn), { 'n-one': 10, 'n-two': 3 })
      assert.deepEqual(await other.pendingFiles(arn), [file(1, T + 10_000), file(2, T + 10_000)])
      assert.equal((await other.getTrail(arn))?.status.latestDeliveryTime, T + 10_000)
      const head = {
        accountId: A,
        region: 'us-east-1',
        endTime: T + 20_000,
        s3Bucket: 'audit-bucket',
        s3Object: `AWSLogs/${A}/CloudTrail-Digest/us-east-1/2026/03/01/d.json.gz`,
        hashValue: 'ab'.repeat(32),
        signature: 'cd'.repeat(64),
      }
      await store.commitDelivery(arn, {
        cursors: { 'n-one': 12 },
        files: [file(3, T + 20_000), file(4, T + 25_000)],
        digests: [{ head, sealedUpTo: T + 20_000 }],
        deliveredAt: T + 20_000,
      })
      assert.deepEqual(await other.cursors(arn), { 'n-one': 12, 'n-two': 3 })
      assert.deepEqual(await other.pendingFiles(arn), [file(4, T + 25_000)])
      assert.deepEqual(await other.digestHeads(arn), [head])
      const status = (await other.getTrail(arn))?.status
      assert.equal(status?.latestDigestDeliveryTime, T + 20_000)
      await store.recordDeliveryError(arn, T + 30_000, 'disk full')
      assert.equal((await other.getTrail(arn))?.status.latestDeliveryError, 'disk full')
    })

    it('deletes a trail with everything that belongs to it', async () => {
      const arn = trail(A, 'main').arn
      assert.equal(await store.deleteTrail(arn), true)
      assert.equal(await other.getTrail(arn), undefined)
      assert.deepEqual(await other.cursors(arn), {})
      assert.deepEqual(await other.pendingFiles(arn), [])
      assert.deepEqual(await other.digestHeads(arn), [])
      assert.deepEqual(await other.listTags(arn), [])
      assert.equal(await store.deleteTrail(arn), false)
      // The name is free again.
      await store.createTrail(trail(A, 'main'), basic, [])
    })
  })
}
