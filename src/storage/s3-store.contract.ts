// S3's metadata store contract: buckets (unique names across accounts, patches, deletion only
// when empty), objects listed in UTF-8 byte order under a prefix, replaced objects releasing their
// blob, multipart uploads with their parts completed or aborted atomically, the account-level
// public access block. Run by storage.test.ts on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ObjectRecord } from '../domain/s3/index.ts'
import { SqlS3Store } from './s3/index.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

const T = 1_772_366_400_000
const A = '111111111111'
const B = '222222222222'
const BLOCK = {
  BlockPublicAcls: true,
  IgnorePublicAcls: false,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: false,
}

const object = (
  bucket: string,
  key: string,
  blobId: string,
  over: Partial<ObjectRecord> = {},
): ObjectRecord => ({
  bucket,
  key,
  blobId,
  size: 5,
  etag: '"5d41402abc4b2a76b9719d911017c592"',
  contentType: 'text/plain',
  lastModified: T,
  metadata: { team: 'data' },
  headers: { 'x-amz-checksum-crc32': 'NhCmhg==' },
  tags: {},
  ownerAccountId: A,
  partsCount: 0,
  ...over,
})

/** Registers the contract for one backend. */
export function s3StoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`S3 metadata on ${name}`, () => {
    const suite = suiteDatabase(factory)
    const store = () => new SqlS3Store(suite.database.db)
    const bucket = (n: string, accountId = A) => ({
      name: n,
      accountId,
      region: 'eu-west-1',
      createdAt: T,
      policy: undefined,
      publicAccessBlock: undefined,
      tags: undefined,
    })

    it('bucket names are unique across accounts; each account lists its own', async () => {
      assert.equal(await store().createBucket(bucket('alpha')), true)
      assert.equal(await store().createBucket(bucket('alpha', B)), false)
      assert.equal(await store().createBucket(bucket('beta', B)), true)
      assert.deepEqual(
        (await store().listBuckets(A)).map((b) => b.name),
        ['alpha'],
      )
      assert.deepEqual(await store().getBucket('alpha'), bucket('alpha'))
      assert.equal(await store().getBucket('gamma'), undefined)
    })

    it('patches policy, public access block and tags; null removes', async () => {
      assert.ok(
        await store().updateBucket('alpha', {
          policy: '{"Statement":[]}',
          publicAccessBlock: BLOCK,
          tags: { a: '1' },
        }),
      )
      const b = await store().getBucket('alpha')
      assert.equal(b?.policy, '{"Statement":[]}')
      assert.deepEqual(b?.publicAccessBlock, BLOCK)
      assert.deepEqual(b?.tags, { a: '1' })
      await store().updateBucket('alpha', { policy: null, tags: null })
      const c = await store().getBucket('alpha')
      assert.equal(c?.policy, undefined)
      assert.equal(c?.tags, undefined)
      assert.deepEqual(c?.publicAccessBlock, BLOCK)
      assert.equal(await store().updateBucket('nope', { policy: null }), false)
    })

    it('objects: put, replace (the old blob released), get, delete', async () => {
      assert.deepEqual(
        await store().putObject(object('alpha', 'k', '00000000-0000-4000-8000-000000000001')),
        [],
      )
      const released = await store().putObject(
        object('alpha', 'k', '00000000-0000-4000-8000-000000000002', { size: 7 }),
      )
      assert.deepEqual(released, ['00000000-0000-4000-8000-000000000001'])
      const got = await store().getObject('alpha', 'k')
      assert.equal(got?.size, 7)
      assert.deepEqual(got?.metadata, { team: 'data' })
      assert.deepEqual(got?.headers, { 'x-amz-checksum-crc32': 'NhCmhg==' })
      assert.ok(await store().setObjectTags('alpha', 'k', { class: 'x' }))
      assert.deepEqual((await store().getObject('alpha', 'k'))?.tags, { class: 'x' })
      assert.equal(await store().setObjectTags('alpha', 'missing', {}), false)
      assert.deepEqual(await store().deleteObject('alpha', 'k'), [
        '00000000-0000-4000-8000-000000000002',
      ])
      assert.deepEqual(await store().deleteObject('alpha', 'k'), [])
      assert.equal(await store().getObject('alpha', 'k'), undefined)
    })

    it('lists keys in UTF-8 byte order, under a prefix, after a key, a page at a time', async () => {
      const keys = ['a/1', 'a/2', 'a/b/3', 'b', 'Z', 'é', '\u{1F600}', 'a+', 'a%2F']
      let i = 0
      for (const k of keys) {
        i++
        await store().putObject(
          object('alpha', k, `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`),
        )
      }
      const sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
      const all = await store().listObjects('alpha', { prefix: '', after: '', limit: 100 })
      assert.deepEqual(
        all.map((o) => o.key),
        sorted,
      )
      const under = await store().listObjects('alpha', { prefix: 'a/', after: '', limit: 100 })
      assert.deepEqual(
        under.map((o) => o.key),
        ['a/1', 'a/2', 'a/b/3'],
      )
      const after = await store().listObjects('alpha', { prefix: 'a/', after: 'a/1', limit: 1 })
      assert.deepEqual(
        after.map((o) => o.key),
        ['a/2'],
      )
      const pastPrefix = await store().listObjects('alpha', {
        prefix: 'a/',
        after: 'a/\u{10FFFF}',
        limit: 10,
      })
      assert.deepEqual(pastPrefix, [])
    })

    it('a bucket with objects or uploads is not deleted', async () => {
      assert.equal(await store().deleteBucket('alpha'), 'not-empty')
      await store().createBucket(bucket('empty'))
      await store().createUpload({
        uploadId: 'u-1',
        bucket: 'empty',
        key: 'big',
        initiated: T,
        initiatorArn: `arn:aws:iam::${A}:root`,
        ownerAccountId: A,
        contentType: 'binary/octet-stream',
        metadata: {},
        headers: {},
        tags: {},
      })
      assert.equal(await store().deleteBucket('empty'), 'not-empty')
      assert.deepEqual(await store().deleteUpload('u-1'), [])
      assert.equal(await store().deleteBucket('empty'), 'removed')
      assert.equal(await store().deleteBucket('empty'), 'missing')
    })

    it('multipart: parts replaced, listed in order, completed atomically into one object', async () => {
      const upload = {
        uploadId: 'u-2',
        bucket: 'alpha',
        key: 'big.bin',
        initiated: T,
        initiatorArn: `arn:aws:iam::${A}:root`,
        ownerAccountId: A,
        contentType: 'application/x-tar',
        metadata: { m: '1' },
        headers: {},
        tags: { t: 'v' },
      }
      await store().createUpload(upload)
      assert.deepEqual(await store().getUpload('alpha', 'u-2'), upload)
      assert.equal(await store().getUpload('beta', 'u-2'), undefined)
      const part = (n: number, blob: string) => ({
        uploadId: 'u-2',
        partNumber: n,
        blobId: blob,
        size: 10,
        etag: `"e${n}"`,
        lastModified: T,
      })
      assert.deepEqual(await store().putPart(part(2, 'p2')), [])
      assert.deepEqual(await store().putPart(part(1, 'p1')), [])
      assert.deepEqual(await store().putPart(part(1, 'p1b')), ['p1'])
      assert.equal(await store().putPart({ ...part(1, 'x'), uploadId: 'nope' }), undefined)
      assert.deepEqual(
        (await store().listParts('u-2', 0, 10)).map((p) => [p.partNumber, p.blobId]),
        [
          [1, 'p1b'],
          [2, 'p2'],
        ],
      )
      assert.deepEqual(
        (await store().listParts('u-2', 1, 10)).map((p) => p.partNumber),
        [2],
      )
      const uploads = await store().listUploads('alpha', {
        prefix: 'big',
        afterKey: '',
        afterUploadId: '',
        limit: 10,
      })
      assert.deepEqual(
        uploads.map((u) => u.uploadId),
        ['u-2'],
      )
      const released = await store().completeUpload(
        'u-2',
        object('alpha', 'big.bin', '00000000-0000-4000-8000-000000000900', { partsCount: 2 }),
        [],
      )
      assert.deepEqual([...(released ?? [])].sort(), ['p1b', 'p2'])
      assert.equal((await store().getObject('alpha', 'big.bin'))?.partsCount, 2)
      assert.equal(await store().getUpload('alpha', 'u-2'), undefined)
      assert.equal(
        await store().completeUpload('u-2', object('alpha', 'big.bin', 'x'), []),
        undefined,
      )
    })

    it('the account-level public access block', async () => {
      assert.equal(await store().getAccountPublicAccessBlock(A), undefined)
      await store().putAccountPublicAccessBlock(A, BLOCK)
      await store().putAccountPublicAccessBlock(A, { ...BLOCK, IgnorePublicAcls: true })
      assert.deepEqual(await store().getAccountPublicAccessBlock(A), {
        ...BLOCK,
        IgnorePublicAcls: true,
      })
      assert.equal(await store().getAccountPublicAccessBlock(B), undefined)
      await store().putAccountPublicAccessBlock(A, null)
      assert.equal(await store().getAccountPublicAccessBlock(A), undefined)
    })
  })
}
