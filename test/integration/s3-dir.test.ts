/**
 * `xaccess serve --s3-dir DIR`: object bytes go to the given folder (the one several nodes share),
 * not under the node's own data dir, and come back intact.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { s3Client } from './s3-support.ts'

/** Every file under `dir`, recursively, with its size. */
function filesUnder(dir: string): { path: string; size: number }[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, size: statSync(path).size }))
}

let server: ServerProcess
const shared = mkdtempSync(join(tmpdir(), 'xaccess-s3-shared-'))

before(async () => {
  server = await startServerProcess({ args: ['--s3-dir', shared], timeoutMs: 120_000 })
})
after(async () => {
  await server?.stop()
  rmSync(shared, { recursive: true, force: true })
})

test('object bytes land in --s3-dir, none under the data dir', async () => {
  const b = server.bootstrap
  const s3 = s3Client(server.url, {
    accessKeyId: b.accessKeyId,
    secretAccessKey: b.secretAccessKey,
  })
  const body = 'x'.repeat(70_001)
  await s3.send(new CreateBucketCommand({ Bucket: 'shared-bytes' }))
  await s3.send(new PutObjectCommand({ Bucket: 'shared-bytes', Key: 'k.txt', Body: body }))
  const got = await s3.send(new GetObjectCommand({ Bucket: 'shared-bytes', Key: 'k.txt' }))
  assert.equal(await got.Body?.transformToString(), body)
  assert.ok(
    filesUnder(shared).some((f) => f.size === body.length),
    `no ${body.length}-byte file under ${shared}: ${JSON.stringify(filesUnder(shared))}`,
  )
  assert.deepEqual(filesUnder(join(server.dataDir, 's3')), [])
})
